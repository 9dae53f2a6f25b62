//! Planning meetings (boards): who took part and how, the form as typed, and how it
//! becomes a valid record.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub name: String,
    pub role: String,
    pub participation: Participation,
}

/// A planning meeting (board): planned, or held and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub prisoner_id: i64,
    pub plan_version_id: Option<i64>,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub chair: String,
    pub held: bool,
    pub prisoner_attended: bool,
    pub prisoner_views: String,
    pub decisions: String,
    pub next_review_date: Option<NaiveDate>,
    pub attendees: Vec<Attendee>,
}

/// The meeting form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingForm {
    pub date: String,
    pub time: String,
    pub chair: String,
    pub held: bool,
    pub prisoner_attended: bool,
    pub prisoner_views: String,
    pub decisions: String,
    pub next_review_date: String,
    pub attendees: Vec<AttendeeForm>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttendeeForm {
    pub name: String,
    pub role: String,
    pub participation: Option<Participation>,
}

/// A meeting checked and ready to store (without ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDetails {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    pub chair: String,
    pub held: bool,
    pub prisoner_attended: bool,
    pub prisoner_views: String,
    pub decisions: String,
    pub next_review_date: Option<NaiveDate>,
    pub attendees: Vec<Attendee>,
}

impl MeetingForm {
    pub fn from_meeting(meeting: &Meeting) -> Self {
        Self {
            date: format_date(meeting.date),
            time: meeting.time.map(|time| time.format("%H:%M").to_string()).unwrap_or_default(),
            chair: meeting.chair.clone(),
            held: meeting.held,
            prisoner_attended: meeting.prisoner_attended,
            prisoner_views: meeting.prisoner_views.clone(),
            decisions: meeting.decisions.clone(),
            next_review_date: meeting.next_review_date.map(format_date).unwrap_or_default(),
            attendees: meeting
                .attendees
                .iter()
                .map(|attendee| AttendeeForm {
                    name: attendee.name.clone(),
                    role: attendee.role.clone(),
                    participation: Some(attendee.participation),
                })
                .collect(),
        }
    }

    pub fn validate(&self, today: NaiveDate) -> Result<MeetingDetails, Invalid> {
        let date = match parse_date(&self.date) {
            Ok(Some(date)) => date,
            Ok(None) => return Err(Invalid::rule("Date", "required")),
            Err(message) => return Err(Invalid::rule("Date", format!("{message}"))),
        };
        let time = parse_time(&self.time).map_err(Invalid::at("Time"))?;
        if self.held && date > today {
            return Err(Invalid::rule(
                "Date",
                "a meeting cannot have been held in the future; untick 'held' to plan it",
            ));
        }
        let chair = clean_line(&self.chair, NAME_MAX_CHARS).map_err(Invalid::at("Chair"))?;
        if chair.is_empty() {
            return Err(Invalid::rule("Chair", "say who chairs the meeting"));
        }
        let next_review_date = parse_date(&self.next_review_date).map_err(Invalid::at("Next review"))?;
        if let Some(next) = next_review_date
            && next <= date
        {
            return Err(Invalid::rule("Next review", "must be after the meeting"));
        }
        if self.held && next_review_date.is_none() {
            return Err(Invalid::rule("Next review", "a held meeting sets the next review date"));
        }
        let mut attendees = Vec::with_capacity(self.attendees.len());
        for (index, attendee) in self.attendees.iter().enumerate() {
            let at = index + 1;
            let name =
                clean_line(&attendee.name, NAME_MAX_CHARS).map_err(Invalid::at(format!("Attendee {at} name")))?;
            let role =
                clean_line(&attendee.role, SHORT_TEXT_MAX_CHARS).map_err(Invalid::at(format!("Attendee {at} role")))?;
            if name.is_empty() && role.is_empty() {
                continue;
            }
            if name.is_empty() {
                return Err(Invalid::required(format!("Attendee {at} name")));
            }
            let participation = attendee
                .participation
                .ok_or_else(|| Invalid::rule(format!("Attendee {at}"), "say how they took part"))?;
            if self.held && participation == Participation::Invited {
                return Err(Invalid::rule(
                    format!("Attendee {at}"),
                    format!("the meeting was held, so say how {name} took part"),
                ));
            }
            attendees.push(Attendee { name, role, participation });
        }
        Ok(MeetingDetails {
            date,
            time,
            chair,
            held: self.held,
            prisoner_attended: self.held && self.prisoner_attended,
            prisoner_views: clean_notes(&self.prisoner_views, NOTES_MAX_CHARS)
                .map_err(Invalid::at("Prisoner's views"))?,
            decisions: clean_notes(&self.decisions, NOTES_MAX_CHARS).map_err(Invalid::at("Decisions"))?,
            next_review_date,
            attendees,
        })
    }
}
