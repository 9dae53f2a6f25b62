//! The audit trail in people's words: what each entry did, to whose record, with the
//! fields named as the forms label them and values as a person reads them. The raw
//! stored values stay in the trail (and one click away on screen); this is only how
//! an entry is read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::dates::{format_date, format_local};

/// Names to put in place of ids: prisoners ("Shaw, Jamie (A3073JL)"), staff, users,
/// bunches ("hook 12, Wing A") and tally holders ("tally 7, Faye Hart").
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub prisoners: HashMap<i64, String>,
    pub staff: HashMap<i64, String>,
    pub users: HashMap<i64, String>,
    pub bunches: HashMap<i64, String>,
    pub holders: HashMap<i64, String>,
}

/// One entry as a manager reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InWords {
    /// "Changed the record of Shaw, Jamie (A3073JL)".
    pub what: String,
    /// "Risk of serious harm: Medium → High; Wing: A → B".
    pub details: String,
}

/// What the entry's table holds, as a person calls it.
pub fn record_noun(table: &str) -> &str {
    match table {
        "prisoner" => "prisoner record",
        "contact" => "contact",
        "induction_checklist" => "induction checklist",
        "induction_item" => "induction item",
        "induction_template" => "induction procedure",
        "induction_template_item" => "induction procedure item",
        "intervention" => "intervention",
        "plan_version" => "sentence plan version",
        "objective" => "objective",
        "planning_meeting" => "planning meeting",
        "meeting_attendee" => "meeting attendee",
        "keyworker" => "key worker",
        "significant_change" => "significant change",
        "key_bunch" => "key bunch",
        "tally_holder" => "tally holder",
        "key_movement" => "key movement",
        "key_incident" => "key incident",
        "key_visitor" => "visitor",
        "app_user" => "user",
        "staff" => "staff member",
        "setting" => "settings",
        "tier_rule" => "tier rule",
        "security_category" => "security category",
        "audit_log" => "audit trail",
        other => other,
    }
}

/// The form's label for a stored field; a field no form shows is spelt out.
pub fn field_label(field: &str) -> String {
    let known = match field {
        "prison_number" => "Prison number",
        "date_of_birth" => "Date of birth",
        "reception_date" => "Reception date",
        "reception_time" => "Reception time",
        "sentence_type" => "Sentence type",
        "sentence_years" => "Sentence (years)",
        "sentence_months" => "Sentence (months)",
        "sentence_days" => "Sentence (days)",
        "conditional_release_date" => "Conditional release (CRD)",
        "parole_eligibility_date" => "Parole eligibility (PED)",
        "licence_expiry_date" => "Licence expiry (LED)",
        "sentence_expiry_date" => "Sentence expiry (SED)",
        "tariff_expiry_date" => "Tariff expiry (TED)",
        "automatic_release_date" => "Automatic release (ARD)",
        "hdc_eligibility_date" => "HDC eligibility (HDCED)",
        "hdc_approved_date" => "HDC approved (HDCAD)",
        "post_recall_release_date" => "Post-recall release (PRRD)",
        "approved_parole_date" => "Approved parole (APD)",
        "rotl_eligibility_date" => "ROTL eligibility",
        "recategorisation_due_date" => "Recategorisation due",
        "rosh" => "Risk of serious harm",
        "reoffending_likelihood" => "Likelihood of reoffending",
        "last_oasys_review_date" => "Last OASys review",
        "mappa_category" => "MAPPA category",
        "mappa_level" => "MAPPA level",
        "ppo" => "Prolific and priority offender",
        "transfer_hold" => "Transfer hold",
        "transfer_hold_reason" => "Transfer hold reason",
        "interpreter_needed" => "Interpreter needed",
        "literacy_needs" => "Literacy needs",
        "faith_observance" => "Faith observance",
        "care_leaver" => "Care leaver",
        "veteran" => "Armed forces veteran",
        "foreign_national" => "Foreign national",
        "offender_manager_name" => "Offender manager",
        "offender_manager_area" => "Offender manager's area",
        "offender_manager_contact" => "Offender manager's contact",
        "allocated_supervisor_id" => "Offender supervisor",
        "staff_id" | "staff_name" => "Staff member",
        "contact_date" => "Contact date",
        "contact_type" => "Contact type",
        "count_confirmed" => "Count as listed",
        "count_note" => "What is different",
        "key_count" => "Keys on the bunch",
        "due_back" => "Due back",
        "issued_at" => "Issued at",
        "returned_at" => "Returned at",
        "holder_id" => "Tally holder",
        "bunch_id" => "Bunch",
        "out_of_use" => "Out of use",
        "overnight_allowed" => "May keep keys overnight",
        "chain_and_pouch" => "Chain and pouch",
        "target_date" => "Target date",
        "prisoner_agreement" => "Prisoner's agreement",
        "done_by" => "Done by",
        "done_at" => "Done at",
        "exemption_reason" => "Reason",
        "reason_notes" => "Notes on the reason",
        "outcome_notes" => "Outcome",
        "meeting_date" => "Meeting date",
        "meeting_time" => "Meeting time",
        "prisoner_attended" => "The prisoner attended",
        "prisoner_views" => "What the prisoner said",
        "next_review_date" => "Next review date",
        "agreed_on" => "Agreed on",
        "what" => "What",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let spaced = field.trim_end_matches("_id").replace('_', " ");
    let mut characters = spaced.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// Fields stored as 0 or 1.
const YES_NO: &[&str] = &[
    "active",
    "archived",
    "care_leaver",
    "chain_and_pouch",
    "count_confirmed",
    "foreign_national",
    "held",
    "interpreter_needed",
    "mandatory",
    "offered",
    "out_of_use",
    "overnight_allowed",
    "ppo",
    "prisoner_attended",
    "recall",
    "retired",
    "suspended",
    "transfer_hold",
    "veteran",
];

/// Fields no one needs to read: row bookkeeping.
const UNREAD: &[&str] = &["id", "position", "prisoner_id", "created_at", "updated_at", "sealed_key"];

fn value_in_words(field: &str, value: &serde_json::Value, names: &Names) -> String {
    use serde_json::Value;
    let id_name = |map: &HashMap<i64, String>, id: i64| map.get(&id).cloned().unwrap_or_else(|| format!("number {id}"));
    match value {
        Value::Null => "(empty)".into(),
        Value::Bool(on) => if *on { "Yes" } else { "No" }.into(),
        Value::Number(number) if YES_NO.contains(&field) => {
            if number.as_i64() == Some(0) { "No" } else { "Yes" }.into()
        }
        Value::Number(number) if field.ends_with("_id") => match (field, number.as_i64()) {
            ("allocated_supervisor_id" | "staff_id" | "supervisor_id", Some(id)) => id_name(&names.staff, id),
            ("user_id" | "app_user_id", Some(id)) => id_name(&names.users, id),
            ("bunch_id", Some(id)) => id_name(&names.bunches, id),
            ("holder_id" | "second_holder_id", Some(id)) => id_name(&names.holders, id),
            _ => number.to_string(),
        },
        Value::String(text) if text.is_empty() => "(empty)".into(),
        Value::String(text) => {
            if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
                format_local(instant.with_timezone(&Utc))
            } else if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                format_date(date)
            } else if text.chars().all(|c| c.is_ascii_lowercase() || c == '_') && text.contains('_') {
                // A stored code, "very_high": read as words.
                text.replace('_', " ")
            } else {
                text.clone()
            }
        }
        other => other.to_string(),
    }
}

type Values = serde_json::Map<String, serde_json::Value>;

fn parse(values: Option<&str>) -> Option<Values> {
    values.and_then(|text| serde_json::from_str::<Values>(text).ok())
}

/// Whose record the entry is about, when it is about a prisoner.
fn whose(table: &str, row_id: Option<i64>, values: &[&Values], names: &Names) -> Option<String> {
    let id = if table == "prisoner" {
        row_id
    } else {
        values.iter().find_map(|values| values.get("prisoner_id").and_then(serde_json::Value::as_i64))
    }?;
    Some(names.prisoners.get(&id).cloned().unwrap_or_else(|| format!("prisoner number {id} (since erased)")))
}

/// Reads one entry: `action`, `table` and `row_id` as stored, `old` and `new` its
/// values as stored JSON.
pub fn in_words(
    action: &str,
    table: &str,
    row_id: Option<i64>,
    old: Option<&str>,
    new: Option<&str>,
    names: &Names,
) -> InWords {
    let (old, new) = (parse(old), parse(new));
    let present: Vec<&Values> = [old.as_ref(), new.as_ref()].into_iter().flatten().collect();
    let noun = record_noun(table);
    let of = |noun: &str| match whose(table, row_id, &present, names) {
        Some(prisoner) if table == "prisoner" => format!("the record of {prisoner}"),
        Some(prisoner) => format!("{} for {prisoner}", with_article(noun)),
        None => with_article(noun),
    };
    let what = match action {
        "insert" => format!("Added {}", of(noun)),
        "update" => format!("Changed {}", of(noun)),
        "delete" => format!("Removed {}", of(noun)),
        "view" => format!("Opened {}", of(noun)),
        "disclose" => format!("Printed or exported {}", of(noun)),
        "erase" => format!("Erased {} past retention", of(noun)),
        "restore" => "Restored the case file from a backup".into(),
        "re-key" => "Re-keyed the case file".into(),
        "recover" => "Signed in with the recovery key".into(),
        "failed sign-in" => "Failed to sign in".into(),
        "passphrase" => "Changed a passphrase".into(),
        "acknowledge" => "Looked at entries written outside OMU Desk".into(),
        "guards" => "Put the database's guards back".into(),
        other => other.to_string(),
    };
    let readable = |(field, value): (&String, &serde_json::Value)| {
        (!UNREAD.contains(&field.as_str())).then(|| (field_label(field), value_in_words(field, value, names)))
    };
    let details: Vec<String> = match (&old, &new) {
        (Some(old), Some(new)) => new
            .iter()
            .filter(|(field, value)| old.get(*field) != Some(*value) && !UNREAD.contains(&field.as_str()))
            .map(|(field, value)| {
                let before = old.get(field).map_or("(none)".into(), |before| value_in_words(field, before, names));
                format!("{}: {before} → {}", field_label(field), value_in_words(field, value, names))
            })
            .collect(),
        (Some(values), None) | (None, Some(values)) => values
            .iter()
            .filter_map(readable)
            .filter(|(_, value)| value != "(empty)")
            .map(|(label, value)| if label == "What" { value } else { format!("{label}: {value}") })
            .collect(),
        (None, None) => Vec::new(),
    };
    InWords {
        what,
        details: if details.is_empty() && old.is_some() && new.is_some() {
            "no change".into()
        } else {
            details.join("; ")
        },
    }
}

fn with_article(noun: &str) -> String {
    match noun {
        "settings" | "audit trail" => format!("the {noun}"),
        // "a user", "an objective": no noun here starts with a vowel sound on 'u'.
        _ if noun.starts_with(['a', 'e', 'i', 'o']) => format!("an {noun}"),
        _ => format!("a {noun}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            prisoners: HashMap::from([(7, "Shaw, Jamie (A3073JL)".to_string())]),
            staff: HashMap::from([(3, "Rachel Okoro".to_string())]),
            users: HashMap::new(),
            bunches: HashMap::from([(120, "hook 57, Workshops".to_string())]),
            holders: HashMap::from([(90, "tally 12, Faye Hart".to_string())]),
        }
    }

    #[test]
    fn a_change_to_a_record_names_the_prisoner_and_the_fields_as_the_form_does() {
        let words = in_words(
            "update",
            "prisoner",
            Some(7),
            Some(r#"{"rosh":"medium","wing":"A","allocated_supervisor_id":null,"veteran":0}"#),
            Some(r#"{"rosh":"very_high","wing":"A","allocated_supervisor_id":3,"veteran":1}"#),
            &names(),
        );
        assert_eq!(words.what, "Changed the record of Shaw, Jamie (A3073JL)");
        assert!(words.details.contains("Risk of serious harm: medium → very high"), "{}", words.details);
        assert!(words.details.contains("Offender supervisor: (empty) → Rachel Okoro"), "{}", words.details);
        assert!(words.details.contains("Armed forces veteran: No → Yes"), "{}", words.details);
        assert!(!words.details.contains("Wing"), "unchanged fields are left out");
    }

    #[test]
    fn child_records_say_whose_they_are_and_times_read_in_london() {
        let words = in_words(
            "insert",
            "key_movement",
            Some(12),
            None,
            Some(
                r#"{"id":12,"bunch_id":120,"holder_id":90,"count_confirmed":0,"issued_at":"2026-07-01T08:30:00.000Z","count_note":""}"#,
            ),
            &names(),
        );
        assert_eq!(words.what, "Added a key movement");
        assert_eq!(
            words.details,
            "Bunch: hook 57, Workshops; Count as listed: No; Tally holder: tally 12, Faye Hart; Issued at: 01/07/2026 09:30"
        );
        let contact = in_words(
            "insert",
            "contact",
            Some(2),
            None,
            Some(r#"{"prisoner_id":7,"contact_date":"2026-11-30"}"#),
            &names(),
        );
        assert_eq!(contact.what, "Added a contact for Shaw, Jamie (A3073JL)");
        assert_eq!(contact.details, "Contact date: 30/11/2026");
    }

    #[test]
    fn the_app_s_own_entries_read_as_what_happened() {
        let opened = in_words("view", "prisoner", Some(9), None, None, &names());
        assert_eq!(opened.what, "Opened the record of prisoner number 9 (since erased)");
        let printed = in_words(
            "disclose",
            "plan_version",
            Some(4),
            None,
            Some(r#"{"what":"sentence plan printed","prisoner_id":7}"#),
            &names(),
        );
        assert_eq!(printed.what, "Printed or exported a sentence plan version for Shaw, Jamie (A3073JL)");
        assert_eq!(printed.details, "sentence plan printed");
        assert_eq!(in_words("re-key", "setting", None, None, None, &names()).what, "Re-keyed the case file");
    }
}
