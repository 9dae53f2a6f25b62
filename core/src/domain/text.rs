//! Rules for text people type: what is refused, and how names are folded for search.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Stated limits, so no one discovers them by losing text.
pub const NAME_MAX_CHARS: usize = 100;
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
pub const NOTES_MAX_CHARS: usize = 10_000;

/// Checks one line of typed text (a name, a place): trims it, refuses control
/// characters and the invisible direction overrides that can make a printed name read
/// differently from the stored one, and enforces the stated length.
pub fn clean_line(input: &str, max_chars: usize) -> Result<String, String> {
    let value = input.trim();
    check_characters(value, false)?;
    check_length(value, max_chars)?;
    Ok(value.to_string())
}

/// Like [`clean_line`], for notes that may run over several lines.
pub fn clean_notes(input: &str, max_chars: usize) -> Result<String, String> {
    let value = input.trim();
    check_characters(value, true)?;
    check_length(value, max_chars)?;
    Ok(value.to_string())
}

fn check_length(value: &str, max_chars: usize) -> Result<(), String> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(format!("too long: {count} characters, the limit is {max_chars}"));
    }
    Ok(())
}

fn check_characters(value: &str, allow_line_breaks: bool) -> Result<(), String> {
    for c in value.chars() {
        if allow_line_breaks && (c == '\n' || c == '\r' || c == '\t') {
            continue;
        }
        if c.is_control() {
            return Err(format!("contains an invisible control character (U+{:04X}); retype it", c as u32));
        }
        if is_direction_override(c) {
            return Err(format!(
                "contains an invisible text-direction character (U+{:04X}) that could make it print differently; retype it",
                c as u32
            ));
        }
    }
    Ok(())
}

fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A count with its noun, as people write it: "1 page", "2 pages", "0 pages".
pub fn plural(count: usize, singular: &str) -> String {
    plural_with(count, singular, &format!("{singular}s"))
}

/// A count with its noun where the plural is not a plain "s": "1 entry", "3 entries".
pub fn plural_with(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

/// Folds text for matching: lower case, accents removed, letters without a
/// decomposition spelled in plain Latin ("Łukasiewicz" -> "lukasiewicz").
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ł' | 'Ł' => folded.push('l'),
            'ø' | 'Ø' => folded.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
            'ı' => folded.push('i'),
            'ß' => folded.push_str("ss"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'þ' | 'Þ' => folded.push_str("th"),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// The words a person can be found by. A name with an apostrophe or hyphen is
/// indexed both joined and split, so "O'Brien" is found by "obrien" and by "brien".
pub fn search_terms<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut terms: Vec<String> = Vec::new();
    for field in fields {
        for word in fold(field).split_whitespace() {
            let joined: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
            if joined.is_empty() {
                continue;
            }
            let parts: Vec<&str> = word.split(|c: char| !c.is_alphanumeric()).filter(|part| !part.is_empty()).collect();
            if parts.len() > 1 {
                terms.extend(parts.iter().map(|part| part.to_string()));
            }
            terms.push(joined);
        }
    }
    terms.join(" ")
}

/// Turns what someone typed in a search box into an FTS5 query that matches every
/// word as a prefix, or `None` when there is nothing to search for.
pub fn search_query(typed: &str) -> Option<String> {
    let words: Vec<String> = fold(typed)
        .split_whitespace()
        .map(|word| word.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("Seán Ó'Brien"), "sean o'brien");
        assert_eq!(fold("Zoë Łukasiewicz"), "zoe lukasiewicz");
        assert_eq!(fold("Ayşe Yılmaz"), "ayse yilmaz");
        assert_eq!(fold("Søren Straße"), "soren strasse");
    }

    #[test]
    fn apostrophe_names_are_found_joined_and_split() {
        let terms = search_terms(["A1234BC", "Seán", "O'Brien"]);
        assert_eq!(terms, "a1234bc sean o brien obrien");
        assert_eq!(search_query("sean obrien").as_deref(), Some("\"sean\"* \"obrien\"*"));
        assert_eq!(search_query("O'Brien").as_deref(), Some("\"obrien\"*"));
        assert_eq!(search_query("  '  "), None);
    }

    #[test]
    fn control_and_direction_characters_are_refused() {
        assert!(clean_line("Smith\u{0007}", 100).is_err());
        assert!(clean_line("Smith\u{202E}htims", 100).unwrap_err().contains("direction"));
        assert!(clean_line("two\nlines", 100).is_err());
        assert_eq!(clean_notes("two\nlines", 100).unwrap(), "two\nlines");
        assert_eq!(clean_line("  Ó'Brien ", 100).unwrap(), "Ó'Brien");
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        assert!(clean_line(&"é".repeat(100), 100).is_ok());
        assert!(clean_line(&"é".repeat(101), 100).unwrap_err().contains("limit is 100"));
    }

    proptest! {
        #[test]
        fn search_query_is_always_a_safe_fts_expression(typed in "\\PC{0,40}") {
            if let Some(query) = search_query(&typed) {
                // Every word is quoted and made of letters and digits only, so no
                // FTS5 operator or stray quote can come from what a user typed.
                for word in query.split(' ') {
                    prop_assert!(word.starts_with('"') && word.ends_with("\"*"));
                    let inner = &word[1..word.len() - 2];
                    prop_assert!(!inner.is_empty());
                    prop_assert!(inner.chars().all(|c| c.is_alphanumeric()));
                }
            }
        }

        #[test]
        fn clean_line_never_accepts_controls(text in any::<String>()) {
            if let Ok(cleaned) = clean_line(&text, 1000) {
                prop_assert!(!cleaned.chars().any(|c| c.is_control() || is_direction_override(c)));
                prop_assert!(cleaned.chars().count() <= 1000);
            }
        }
    }
}
