//! Contacts with a prisoner: the monthly supervisor contact and everything else worth
//! recording about who spoke to whom.

use chrono::NaiveDate;

use super::dates::{format_date, past_date};
use super::form::Invalid;
use super::risk::{Coded, coded_enum};
use super::text::{NAME_MAX_CHARS, NOTES_MAX_CHARS, clean_line, clean_notes};

coded_enum! {
    /// How the contact happened, and with whom.
    ContactType {
        FaceToFace => "face_to_face", "Face to face with the prisoner";
        VideoLink => "video_link", "Video link with the prisoner";
        Telephone => "telephone", "Telephone";
        Letter => "letter", "Letter or written";
        OffenderManager => "offender_manager", "Offender manager liaison";
        Family => "family", "Family or significant other";
        Other => "other", "Other";
    }
}

impl ContactType {
    /// Only seeing the prisoner counts as the monthly supervisor contact.
    pub fn counts_as_supervisor_contact(self) -> bool {
        matches!(self, ContactType::FaceToFace | ContactType::VideoLink)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactDetails {
    pub contact_date: NaiveDate,
    pub contact_type: ContactType,
    pub staff_name: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub prisoner_id: i64,
    pub details: ContactDetails,
}

/// The contact form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub contact_date: String,
    pub contact_type: Option<ContactType>,
    pub staff_name: String,
    pub notes: String,
}

impl ContactForm {
    /// A new contact made today by the current user, face to face.
    pub fn new(today: NaiveDate, user: &str) -> Self {
        Self {
            contact_date: format_date(today),
            contact_type: Some(ContactType::FaceToFace),
            staff_name: user.to_string(),
            notes: String::new(),
        }
    }

    /// Checks the contact; the error names the field and what is wrong.
    pub fn validate(&self, today: NaiveDate, reception: Option<NaiveDate>) -> Result<ContactDetails, Invalid> {
        let contact_date = past_date(&self.contact_date, today).map_err(Invalid::at("Date"))?;
        if let Some(received) = reception
            && contact_date < received
        {
            return Err(Invalid::rule("Date", format!("before reception on {}", format_date(received))));
        }
        let contact_type = self.contact_type.ok_or_else(|| Invalid::required("Type"))?;
        let staff_name = clean_line(&self.staff_name, NAME_MAX_CHARS).map_err(Invalid::at("Who"))?;
        if staff_name.is_empty() {
            return Err(Invalid::required("Who"));
        }
        let notes = clean_notes(&self.notes, NOTES_MAX_CHARS).map_err(Invalid::at("Notes"))?;
        Ok(ContactDetails { contact_date, contact_type, staff_name, notes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn contact_validation() {
        let today = date(2026, 11, 23);
        let form = ContactForm::new(today, "Jo Bloggs");
        assert!(form.validate(today, Some(date(2026, 1, 1))).is_ok());
        let future = ContactForm { contact_date: "24/11/2026".into(), ..form.clone() };
        assert!(future.validate(today, None).unwrap_err().to_string().contains("future"));
        let early = ContactForm { contact_date: "01/01/2025".into(), ..form.clone() };
        assert!(early.validate(today, Some(date(2026, 1, 1))).unwrap_err().to_string().contains("before reception"));
        let nobody = ContactForm { staff_name: " ".into(), ..form };
        assert_eq!(nobody.validate(today, None).unwrap_err().to_string(), "Who: required");
    }

    #[test]
    fn only_seeing_the_prisoner_counts() {
        let counting: Vec<ContactType> =
            ContactType::ALL.iter().copied().filter(|kind| kind.counts_as_supervisor_contact()).collect();
        assert_eq!(counting, vec![ContactType::FaceToFace, ContactType::VideoLink]);
    }
}
