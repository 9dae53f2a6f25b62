//! The fonts shipped in `assets/fonts`, shared by the window and the printouts so a
//! name draws the same on screen and on paper, on every PC.

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name the window asks for.
pub const FAMILY: &str = "DejaVu Sans";
