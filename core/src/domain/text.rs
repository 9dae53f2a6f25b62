//! Rules for text people type: what is refused, and how names are folded for search.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Stated limits, so no one discovers them by losing text.
pub const NAME_MAX_CHARS: usize = 100;
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
pub const NOTES_MAX_CHARS: usize = 10_000;

/// Why typed text was refused, in the words shown beside the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("too long: {count} characters, the limit is {max}")]
    TooLong { count: usize, max: usize },
    #[error("contains an invisible control character ({}); retype it", code(*.0))]
    Control(char),
    #[error(
        "contains an invisible text-direction character ({}) that could make it print differently; retype it",
        code(*.0)
    )]
    Direction(char),
    #[error("contains an invisible formatting character ({}); retype it", code(*.0))]
    Invisible(char),
    #[error("contains a line break ({}); keep it to one line", code(*.0))]
    LineBreak(char),
    #[error("is only accent marks, with no letter to carry them; retype it")]
    OnlyMarks,
    #[error(
        "contains right-to-left script ('{}'), which cannot be printed correctly here: type it in Latin letters, as on the warrant",
        .0
    )]
    RightToLeft(char),
    #[error(
        "contains '{}' ({}), which no font here can print: type it in letters that print, as on the warrant",
        .0,
        code(*.0)
    )]
    Unprintable(char),
}

/// A character's code point as Unicode writes it: "U+200B".
fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Checks one line of typed text (a name, a place) and returns it as stored: trimmed,
/// in Unicode's composed form (NFC), with nothing in it that would print differently
/// from how it reads, or not at all. The one rule for every form, the import and the
/// key register.
pub fn clean_line(input: &str, max_chars: usize) -> Result<String, TextError> {
    clean(input, max_chars, false)
}

/// Like [`clean_line`], for notes that may run over several lines.
pub fn clean_notes(input: &str, max_chars: usize) -> Result<String, TextError> {
    clean(input, max_chars, true)
}

fn clean(input: &str, max_chars: usize, multi_line: bool) -> Result<String, TextError> {
    let composed: String = input.trim().nfc().collect();
    let value = if multi_line { composed.replace(['\u{2028}', '\u{2029}'], "\n") } else { composed };
    for c in value.chars() {
        check_character(c, multi_line)?;
    }
    if !value.is_empty() && value.chars().all(is_combining_mark) {
        return Err(TextError::OnlyMarks);
    }
    let count = value.chars().count();
    if count > max_chars {
        return Err(TextError::TooLong { count, max: max_chars });
    }
    Ok(value)
}

fn check_character(c: char, multi_line: bool) -> Result<(), TextError> {
    use unicode_general_category::{GeneralCategory, get_general_category};
    if multi_line && matches!(c, '\n' | '\r' | '\t') {
        return Ok(());
    }
    if is_direction_override(c) {
        return Err(TextError::Direction(c));
    }
    match get_general_category(c) {
        GeneralCategory::Control => return Err(TextError::Control(c)),
        GeneralCategory::Format => return Err(TextError::Invisible(c)),
        GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => {
            return Err(TextError::LineBreak(c));
        }
        GeneralCategory::PrivateUse | GeneralCategory::Unassigned | GeneralCategory::Surrogate => {
            return Err(TextError::Unprintable(c));
        }
        _ => {}
    }
    if matches!(unicode_bidi::bidi_class(c), unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL) {
        return Err(TextError::RightToLeft(c));
    }
    if !crate::fonts::covers(c) {
        return Err(TextError::Unprintable(c));
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
    // Most names are plain ASCII, which decomposes to itself: the caseload sorts
    // thousands by name, and decomposing each one was a tenth of the whole list.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    fold_decomposed(text)
}

fn fold_decomposed(text: &str) -> String {
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
        assert!(clean_line("Smith\u{202E}htims", 100).unwrap_err().to_string().contains("direction"));
        assert!(clean_line("two\nlines", 100).is_err());
        assert_eq!(clean_notes("two\nlines", 100).unwrap(), "two\nlines");
        assert_eq!(clean_line("  Ó'Brien ", 100).unwrap(), "Ó'Brien");
    }

    #[test]
    fn invisible_and_separating_characters_are_refused_in_names() {
        for (typed, kind) in [
            ("Smi\u{200B}th", "formatting"),
            ("\u{FEFF}Smith", "formatting"),
            ("Smi\u{00AD}th", "formatting"),
            ("Smi\u{200D}th", "formatting"),
            ("Smith\u{2028}Jones", "line break"),
            ("Smith\u{2029}Jones", "line break"),
            ("Smith\tJones", "control"),
        ] {
            let refused = clean_line(typed, 100).unwrap_err().to_string();
            assert!(refused.contains(kind), "{typed:?}: {refused}");
        }
        assert_eq!(clean_line("\u{0301}\u{0308}", 100), Err(TextError::OnlyMarks));
        assert!(clean_line("e\u{0301}", 100).is_ok(), "a letter with its accent is fine");
    }

    #[test]
    fn text_is_stored_composed_and_notes_keep_their_lines() {
        assert_eq!(clean_line("Sea\u{0301}n", 100).unwrap(), "Seán", "NFC: one character, as typed on another PC");
        assert_eq!(clean_notes("one\u{2028}two", 100).unwrap(), "one\ntwo");
        assert!(clean_notes("zero\u{200B}width", 100).is_err());
    }

    #[test]
    fn right_to_left_script_and_unprintable_characters_are_refused_with_the_character() {
        let arabic = clean_line("محمد", 100).unwrap_err();
        assert_eq!(arabic, TextError::RightToLeft('م'));
        assert!(arabic.to_string().contains("Latin letters, as on the warrant"));
        assert!(matches!(clean_line("שרה", 100), Err(TextError::RightToLeft(_))));
        let korean = clean_line("김민준", 100).unwrap_err();
        assert_eq!(korean, TextError::Unprintable('김'));
        assert!(korean.to_string().contains("'김' (U+AE40)"), "{korean}");
        assert!(matches!(clean_line("\u{E000}", 100), Err(TextError::Unprintable(_))));
        for name in ["Ó'Súilleabháin", "Łukasiewicz", "Yılmaz", "Nguyễn Thị Minh Khai", "Дмитрий", "李小龍"]
        {
            assert_eq!(clean_line(name, 100).unwrap(), name);
        }
    }

    #[test]
    fn length_limits_count_characters_not_bytes() {
        assert!(clean_line(&"é".repeat(100), 100).is_ok());
        assert!(clean_line(&"é".repeat(101), 100).unwrap_err().to_string().contains("limit is 100"));
    }

    proptest! {
        #[test]
        fn plain_ascii_folds_as_the_decomposition_would(text in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(fold(&text), fold_decomposed(&text));
        }

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
        fn what_is_stored_is_composed_visible_and_printable(text in any::<String>(), multi_line in any::<bool>()) {
            use unicode_general_category::{GeneralCategory, get_general_category};
            let cleaned = if multi_line { clean_notes(&text, 1000) } else { clean_line(&text, 1000) };
            if let Ok(cleaned) = cleaned {
                prop_assert!(unicode_normalization::is_nfc(&cleaned));
                prop_assert!(cleaned.chars().count() <= 1000);
                prop_assert!(cleaned.is_empty() || !cleaned.chars().all(is_combining_mark));
                for c in cleaned.chars() {
                    if multi_line && matches!(c, '\n' | '\r' | '\t') {
                        continue;
                    }
                    prop_assert!(!matches!(
                        get_general_category(c),
                        GeneralCategory::Control
                            | GeneralCategory::Format
                            | GeneralCategory::LineSeparator
                            | GeneralCategory::ParagraphSeparator
                            | GeneralCategory::PrivateUse
                            | GeneralCategory::Unassigned
                    ));
                    prop_assert!(crate::fonts::covers(c));
                }
            }
        }

        /// Letters of the Latin, Cyrillic and Han scripts (not Cyrillic's combining
        /// marks, U+0483 to U+0489, which alone are no name).
        #[test]
        fn names_in_printable_scripts_are_kept_as_typed(name in "[a-zA-ZÀ-ɏЀ-ҁҊ-ӿ一-龥' -]{1,40}") {
            let composed: String = name.trim().nfc().collect();
            prop_assert_eq!(clean_line(&name, 100), Ok(composed));
        }
    }
}
