//! The audit trail in people's words, for the screen and the exported list.

use super::*;
use crate::domain::audit_words::{InWords, Names, in_words};

/// What an audit entry did, in a line: the fields an update changed, what a view or
/// disclosure was, or the whole record for an insert or delete.
pub fn describe_audit_entry(entry: &storage::AuditEntry) -> String {
    let parse = |values: &Option<String>| {
        values.as_deref().and_then(|text| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).ok())
    };
    let show = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "(empty)".into(),
        other => other.to_string(),
    };
    match (parse(&entry.old_values), parse(&entry.new_values)) {
        (Some(old), Some(new)) => {
            let changed: Vec<String> = new
                .iter()
                .filter(|(field, value)| old.get(*field) != Some(*value))
                .map(|(field, value)| {
                    format!("{field}: {} → {}", old.get(field).map_or("(none)".into(), show), show(value))
                })
                .collect();
            if changed.is_empty() { "no change".into() } else { changed.join("; ") }
        }
        (None, Some(values)) | (Some(values), None) => {
            values.iter().map(|(field, value)| format!("{field}: {}", show(value))).collect::<Vec<_>>().join("; ")
        }
        (None, None) => String::new(),
    }
}

/// One entry in people's words (see [`crate::domain::audit_words`]).
pub fn entry_in_words(entry: &storage::AuditEntry, names: &Names) -> InWords {
    in_words(
        &entry.action,
        &entry.table_name,
        entry.row_id,
        entry.old_values.as_deref(),
        entry.new_values.as_deref(),
        names,
    )
}

#[cfg(test)]
mod audit_words_tests {
    use super::*;

    fn entry(old: Option<&str>, new: Option<&str>) -> storage::AuditEntry {
        storage::AuditEntry {
            id: 3,
            at: "2026-11-23T10:00:00.000Z".into(),
            actor: "Ann \"Nan\" Example".into(),
            action: "update".into(),
            table_name: "prisoner".into(),
            row_id: Some(7),
            old_values: old.map(str::to_string),
            new_values: new.map(str::to_string),
        }
    }

    #[test]
    fn an_update_names_only_what_changed() {
        let line = describe_audit_entry(&entry(
            Some(r#"{"wing":"A","cell":"1-01","rosh":"low"}"#),
            Some(r#"{"wing":"B","cell":"1-01","rosh":null}"#),
        ));
        assert_eq!(line, "rosh: low → (empty); wing: A → B");
    }
}
