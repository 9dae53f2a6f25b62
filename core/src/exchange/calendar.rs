//! Deadlines and planning boards as an iCalendar file (RFC 5545) that Outlook and
//! other calendars import. Each event's id is fixed by what it is about, not when, so
//! importing a second export moves the events instead of adding them twice.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Attendee, Calendar, Class, Component, EventLike};

use super::ExchangeError;
use crate::domain::dates::london_to_utc;
use crate::domain::deadlines::DueItem;
use crate::domain::disclosure::Disclosure;
use crate::domain::risk::Coded;
use crate::storage::{CaseloadQuery, Db, DiaryEntry, SupervisorFilter};

/// How far ahead a calendar export looks, besides everything overdue.
pub const CALENDAR_DAYS: i64 = 365;

/// A calendar ready to write, and what writing it discloses.
#[derive(Debug, Clone)]
pub struct CalendarExport {
    pub ics: String,
    pub deadlines: usize,
    pub boards: usize,
    pub disclosure: Disclosure,
}

/// The deadlines and boards of one supervisor's caseload (`staff_id`), or of the
/// whole unit (`None`), from today to a year ahead, with everything overdue.
pub fn calendar_export(
    db: &Db,
    staff_id: Option<i64>,
    today: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> Result<CalendarExport, ExchangeError> {
    let supervisor = staff_id.map_or(SupervisorFilter::All, SupervisorFilter::Staff);
    let entries = db.caseload(&CaseloadQuery { supervisor, ..CaseloadQuery::default() }, today)?;
    let deadlines = db.deadlines(&entries, today, CALENDAR_DAYS)?;
    let on_caseload: std::collections::BTreeSet<i64> = entries.iter().map(|entry| entry.prisoner.id).collect();
    let boards: Vec<DiaryEntry> = db
        .board_diary(today, today + Duration::days(CALENDAR_DAYS))?
        .into_iter()
        .filter(|entry| !entry.meeting.held && on_caseload.contains(&entry.meeting.prisoner_id))
        .collect();
    let establishment = db.settings()?.establishment_name;
    let ics = calendar(&deadlines, &boards, &establishment, &db.case_file_id()?, now);
    let what = format!("calendar of {} deadlines and {} boards exported", deadlines.len(), boards.len());
    Ok(CalendarExport {
        ics,
        deadlines: deadlines.len(),
        boards: boards.len(),
        disclosure: Disclosure::prisoners(
            deadlines.iter().map(|item| item.prisoner_id).chain(boards.iter().map(|entry| entry.meeting.prisoner_id)),
            what,
        ),
    })
}

/// Writes the calendar through a temporary file renamed into place, then records the
/// disclosure; a folder that cannot be written leaves no file and no entry.
pub fn write_calendar(db: &mut Db, export: &CalendarExport, out: &std::path::Path) -> Result<(), ExchangeError> {
    super::write_export(out, export.ics.as_bytes())?;
    db.record_disclosure(&export.disclosure, out)?;
    Ok(())
}

/// How long a board is put in the diary for when its record says only when it starts.
pub const BOARD_MINUTES: i64 = 60;

/// The calendar for `deadlines` and `boards`. `case_file_id` keeps the event ids of
/// two establishments' files apart.
pub fn calendar(
    deadlines: &[DueItem],
    boards: &[DiaryEntry],
    establishment: &str,
    case_file_id: &str,
    now: DateTime<Utc>,
) -> String {
    let mut calendar = Calendar::new();
    calendar
        .name(&format!("OMU Desk: {establishment}"))
        .description("Deadlines and sentence planning boards (OFFICIAL-SENSITIVE)")
        .timezone("Europe/London");
    for item in deadlines {
        let uid = match item.source_id {
            Some(source) => {
                format!("deadline-{}-{}-{source}@{case_file_id}.omu-desk", item.kind.code(), item.prisoner_id)
            }
            None => format!("deadline-{}-{}@{case_file_id}.omu-desk", item.kind.code(), item.prisoner_id),
        };
        calendar.push(
            icalendar::Event::new()
                .uid(&uid)
                .timestamp(now)
                .summary(&format!("{}: {} ({})", item.kind.label(), item.name, item.prison_number))
                .description(&item.reason)
                // An all-day event ends (exclusively) the next day, as RFC 5545 has it.
                .starts(item.due)
                .ends(item.due + Duration::days(1))
                .class(Class::Confidential)
                .done(),
        );
    }
    for entry in boards {
        let meeting = &entry.meeting;
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("board-{}@{case_file_id}.omu-desk", meeting.id))
            .timestamp(now)
            .summary(&format!("Sentence planning board: {} ({})", entry.name, entry.prison_number))
            .location(establishment)
            .class(Class::Confidential);
        match meeting.time {
            Some(time) => {
                let starts = london_to_utc(meeting.date, time);
                event.starts(starts).ends(starts + Duration::minutes(BOARD_MINUTES));
            }
            None => {
                event.starts(meeting.date).ends(meeting.date + Duration::days(1));
            }
        }
        let mut invited = Vec::new();
        for attendee in &meeting.attendees {
            event.attendee(Attendee::new(person_address(&attendee.name)).cn(attendee.name.clone()));
            invited.push(if attendee.role.is_empty() {
                attendee.name.clone()
            } else {
                format!("{} ({})", attendee.name, attendee.role)
            });
        }
        let chair =
            if meeting.chair.is_empty() { "no chair named".to_string() } else { format!("Chair: {}", meeting.chair) };
        let invited = if invited.is_empty() {
            "no attendees recorded yet".to_string()
        } else {
            format!("invited: {}", invited.join("; "))
        };
        let lives = if entry.location.is_empty() { String::new() } else { format!(" Located {}.", entry.location) };
        event.description(&format!("{chair}; {invited}.{lives}"));
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// A calendar address for someone the case file knows only by name: calendars need a
/// URI for each attendee, and the PC has no e-mail addresses.
fn person_address(name: &str) -> String {
    let slug: String =
        crate::domain::text::fold(name).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("urn:x-omu-desk:person:{}", slug.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadlines::DeadlineKind;
    use crate::domain::plan::{Attendee, Meeting, Participation};
    use chrono::{NaiveDate, NaiveTime};
    use std::str::FromStr;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn board(id: i64, date: NaiveDate, time: Option<NaiveTime>) -> DiaryEntry {
        DiaryEntry {
            meeting: Meeting {
                id,
                prisoner_id: 3,
                plan_version_id: None,
                date,
                time,
                chair: "Rachel Okoro".into(),
                held: false,
                prisoner_attended: false,
                prisoner_views: String::new(),
                decisions: String::new(),
                next_review_date: None,
                attendees: vec![Attendee {
                    name: "Seán Ó'Brien".into(),
                    role: "Offender manager".into(),
                    participation: Participation::InPerson,
                }],
            },
            prison_number: "A1234BC".into(),
            name: "Okafor, Daniel".into(),
            location: "B-1-25".into(),
            not_invited: Vec::new(),
        }
    }

    fn deadline(kind: DeadlineKind, due: NaiveDate) -> DueItem {
        DueItem {
            prisoner_id: 3,
            prison_number: "A1234BC".into(),
            name: "Okafor, Daniel".into(),
            supervisor: None,
            kind,
            due,
            reason: "custody report".into(),
            amber_days: 28,
            source_id: Some(9),
        }
    }

    fn start_of(text: &str, uid: &str) -> String {
        let calendar = icalendar::Calendar::from_str(text).expect("the crate reads its own file back");
        let event = calendar
            .components
            .iter()
            .filter_map(|component| component.as_event())
            .find(|event| event.get_uid() == Some(uid))
            .unwrap_or_else(|| panic!("no event {uid}"));
        event.properties().get("DTSTART").map(|property| property.value().to_string()).unwrap()
    }

    #[test]
    fn board_times_are_london_time_in_summer_and_winter() {
        let ten = NaiveTime::from_hms_opt(10, 0, 0);
        let boards = [board(1, day(2027, 7, 1), ten), board(2, day(2027, 12, 1), ten), board(3, day(2027, 3, 28), ten)];
        let text = calendar(&[], &boards, "HMP Northmoor", "abc", Utc::now());
        // British Summer Time: 10:00 in London is 09:00 UTC; in December it is 10:00.
        assert_eq!(start_of(&text, "board-1@abc.omu-desk"), "20270701T090000Z");
        assert_eq!(start_of(&text, "board-2@abc.omu-desk"), "20271201T100000Z");
        // The clocks went forward at 01:00 that morning.
        assert_eq!(start_of(&text, "board-3@abc.omu-desk"), "20270328T090000Z");
        assert!(text.contains("CN=Seán Ó'Brien"), "{text}");
        let calendar = icalendar::Calendar::from_str(&text).unwrap();
        let event = calendar.components.iter().filter_map(|component| component.as_event()).next().unwrap();
        let description = event.get_description().unwrap().replace("\\;", ";");
        assert_eq!(description, "Chair: Rachel Okoro; invited: Seán Ó'Brien (Offender manager). Located B-1-25.");
    }

    #[test]
    fn deadlines_are_all_day_and_keep_their_ids_when_their_dates_move() {
        let first =
            calendar(&[deadline(DeadlineKind::ParoleReport, day(2027, 2, 1))], &[], "HMP Northmoor", "abc", Utc::now());
        let moved =
            calendar(&[deadline(DeadlineKind::ParoleReport, day(2027, 2, 8))], &[], "HMP Northmoor", "abc", Utc::now());
        let uid = "deadline-parole_report-3-9@abc.omu-desk";
        assert_eq!(start_of(&first, uid), "20270201");
        assert_eq!(start_of(&moved, uid), "20270208", "the same event, moved");
        assert!(first.contains("SUMMARY:Parole custody report: Okafor\\, Daniel (A1234BC)"), "{first}");
        assert!(first.contains("CLASS:CONFIDENTIAL"));
    }
}
