//! The fonts shipped in `assets/fonts`, shared by the window and the printouts so a
//! name draws the same on screen and on paper, on every PC. A character is printed
//! with the first face that has it: OMU Desk Sans (DejaVu Sans renamed and unhinted:
//! Latin in all its forms, Greek, Cyrillic and much more), then Droid Sans Fallback
//! (Chinese, Japanese, Korean).

use std::sync::OnceLock;

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/OmuDeskSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/OmuDeskSans-Bold.ttf");
/// Chinese, Japanese and Korean; it has no bold, so bold text in these scripts
/// prints in its regular weight.
pub const FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");
/// The family name the window asks for: a name no PC has a font of, so the font
/// system can never pick a system face of the same name over the shipped one.
pub const FAMILY: &str = "OMU Desk Sans";

/// The faces text is printed with, in the order a character is looked for.
pub const PRINT_ORDER: [&[u8]; 2] = [REGULAR, FALLBACK];

fn faces() -> &'static [ttf_parser::Face<'static>] {
    static FACES: OnceLock<Vec<ttf_parser::Face<'static>>> = OnceLock::new();
    FACES.get_or_init(|| PRINT_ORDER.iter().filter_map(|bytes| ttf_parser::Face::parse(bytes, 0).ok()).collect())
}

/// True when a printout can draw `c`: some shipped face has a glyph for it. Spaces
/// and line breaks need none.
pub fn covers(c: char) -> bool {
    c.is_whitespace() || faces().iter().any(|face| face.glyph_index(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_faces_cover_the_names_people_have() {
        for name in ["Ó'Súilleabháin", "Łukasiewicz", "Yılmaz", "Nguyễn Thị Minh Khai", "Дмитрий", "李小龍", "さくら"]
        {
            assert!(name.chars().all(covers), "{name}");
        }
        // Hangul is in no shipped face: a Korean name is refused at entry (typed in
        // Latin letters as on the warrant) rather than printed blank.
        assert!(!covers('김'));
        assert!(!covers('\u{E000}'), "a private-use character has no glyph");
    }
}
