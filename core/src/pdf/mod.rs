//! Printing: one layout layer for every document the unit prints (induction records,
//! sentence plans, board packs, key registers). A document is a list of sections;
//! each section is a list of blocks (headings, fields, wrapped paragraphs, tables,
//! signature boxes). The layer measures text with the shipped font's glyph widths,
//! wraps it, breaks pages (repeating table headers), and marks every page with the
//! protective marking, the establishment, the person the section is about, the print
//! time and "Page N of M".

pub mod deadlines;
pub mod induction;
pub mod keys;
mod layout;
pub mod plan;
pub mod unit;

use std::path::Path;
use std::sync::OnceLock;

use printpdf::{Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt};

pub use layout::{Face, FontMetrics, Stack, wrap};

/// Printed at the top and bottom of every page.
pub const PROTECTIVE_MARKING: &str = "OFFICIAL-SENSITIVE";

/// A4 portrait, in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 40.0;
const BODY_TOP: f32 = PAGE_HEIGHT - 96.0;
const BODY_BOTTOM: f32 = 62.0;
pub const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

/// One thing on the page, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title at the head of a section.
    Title(String),
    /// A bold heading for a part of the document.
    Heading(String),
    Paragraph(String),
    /// Smaller grey text: guidance, notes on the notes.
    Note(String),
    /// Label and value pairs, two pairs to a line.
    Fields(Vec<(String, String)>),
    /// A table whose header row repeats on every page it runs onto, with an optional
    /// caption kept together with the header and the first row.
    Table {
        caption: Option<String>,
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
    /// Boxes for signatures, each with a name line and a date.
    Signatures(Vec<String>),
    /// A bar chart drawn as vector shapes, from the chart module the screen shares.
    Chart(crate::chart::BarChart),
    Space(f32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Share of the table width.
    pub weight: f32,
}

impl Column {
    pub fn new(title: impl Into<String>, weight: f32) -> Self {
        Self { title: title.into(), weight }
    }
}

/// Part of a document about one person (or one register), numbered on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Who or what the section is about, printed under the header of every page.
    pub identity: String,
    /// The kind of document, printed in the header: "Induction record".
    pub kind: String,
    pub blocks: Vec<Block>,
}

/// A contents page listing each section and the page it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Contents {
    pub title: String,
    pub columns: Vec<Column>,
    /// One row per section, in order; the page column is added.
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file's title (document properties).
    pub title: String,
    pub establishment: String,
    /// "23/11/2026 18:04 by Priya Shah"
    pub printed: String,
    /// The audit trail's head when this was printed, "3371 · 7KQ2-M9XD-P4TR-WB8K",
    /// at the foot of every page: paper the trail can later be checked against.
    pub audit_head: Option<String>,
    pub contents: Option<Contents>,
    pub sections: Vec<Section>,
}

/// Where each section landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionPages {
    /// 1-based page of the whole file where the section starts.
    pub first_page: usize,
    pub page_count: usize,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub total_pages: usize,
    pub sections: Vec<SectionPages>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("there is nothing to print")]
    Empty,
    #[error("the shipped font could not be read")]
    Font,
    /// A character no shipped font can draw: refused rather than printed blank.
    #[error(
        "nothing was printed: '{character}' ({}) in \"{text}\" is in no font OMU Desk has; correct the record (type the name in letters that print, as on the warrant) and print again",
        code(*character)
    )]
    Unprintable { character: char, text: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A shipped font and its widths, read once per process. The whole font never goes
/// into a document: each document embeds a subset of the glyphs it uses.
struct LoadedFont {
    bytes: &'static [u8],
    face: ttf_parser::Face<'static>,
    metrics: FontMetrics,
}

fn load(bytes: &'static [u8]) -> Option<LoadedFont> {
    let face = ttf_parser::Face::parse(bytes, 0).ok()?;
    Some(LoadedFont { metrics: FontMetrics::new(&face), face, bytes })
}

/// Text the layout adds itself (page numbers, markings, signature boxes), so the
/// subset always has it.
const LAYOUT_TEXT: &str = "0123456789 Page of Printed by OFFICIAL-SENSITIVE Signed Date – … (continued) ·:/";

impl LoadedFont {
    /// The glyphs this font would draw for `chars` (and `.notdef`), cut out of the
    /// font with allsorts, the subsetter printpdf itself uses, and parsed for the PDF.
    fn subset(&self, chars: &std::collections::BTreeSet<char>) -> Result<ParsedFont, PdfError> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let mut glyphs: Vec<u16> =
            chars.iter().filter_map(|c| self.face.glyph_index(*c)).map(|glyph| glyph.0).filter(|id| *id != 0).collect();
        glyphs.sort_unstable();
        glyphs.dedup();
        glyphs.insert(0, 0);
        let font_data = ReadScope::new(self.bytes).read::<FontData<'_>>().map_err(|_| PdfError::Font)?;
        let provider = font_data.table_provider(0).map_err(|_| PdfError::Font)?;
        let bytes = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|_| PdfError::Font)?;
        ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or(PdfError::Font)
    }
}

fn regular() -> Result<&'static LoadedFont, PdfError> {
    static FONT: OnceLock<Option<LoadedFont>> = OnceLock::new();
    FONT.get_or_init(|| load(crate::fonts::REGULAR)).as_ref().ok_or(PdfError::Font)
}

fn bold() -> Result<&'static LoadedFont, PdfError> {
    static FONT: OnceLock<Option<LoadedFont>> = OnceLock::new();
    FONT.get_or_init(|| load(crate::fonts::BOLD)).as_ref().ok_or(PdfError::Font)
}

/// The CJK face: several megabytes, so read only for a document that needs it.
fn fallback() -> Result<&'static LoadedFont, PdfError> {
    static FONT: OnceLock<Option<LoadedFont>> = OnceLock::new();
    FONT.get_or_init(|| load(crate::fonts::FALLBACK)).as_ref().ok_or(PdfError::Font)
}

/// Every piece of text the document prints.
fn texts(document: &Document) -> impl Iterator<Item = &str> {
    let contents = document.contents.iter().flat_map(|contents| {
        std::iter::once(contents.title.as_str())
            .chain(contents.columns.iter().map(|column| column.title.as_str()))
            .chain(contents.rows.iter().flatten().map(String::as_str))
    });
    let sections = document.sections.iter().flat_map(|section| {
        [section.identity.as_str(), section.kind.as_str()]
            .into_iter()
            .chain(section.blocks.iter().flat_map(block_texts))
    });
    [document.title.as_str(), document.establishment.as_str(), document.printed.as_str()]
        .into_iter()
        .chain(document.audit_head.as_deref())
        .chain(["Audit head"])
        .chain(contents)
        .chain(sections)
}

fn block_texts(block: &Block) -> Box<dyn Iterator<Item = &str> + '_> {
    match block {
        Block::Title(text) | Block::Heading(text) | Block::Paragraph(text) | Block::Note(text) => {
            Box::new(std::iter::once(text.as_str()))
        }
        Block::Fields(fields) => Box::new(fields.iter().flat_map(|(label, value)| [label.as_str(), value.as_str()])),
        Block::Table { caption, columns, rows } => Box::new(
            caption
                .iter()
                .map(String::as_str)
                .chain(columns.iter().map(|column| column.title.as_str()))
                .chain(rows.iter().flatten().map(String::as_str)),
        ),
        Block::Signatures(labels) => Box::new(labels.iter().map(String::as_str)),
        Block::Space(_) => Box::new(std::iter::empty()),
        // The axis labels are made as the chart is laid out: digits and "%".
        Block::Chart(chart) => Box::new(
            chart.bars.iter().flat_map(|bar| [bar.label.as_str(), bar.caption.as_str()]).chain(["0123456789%"]),
        ),
    }
}

/// Whether the document needs the CJK face, or refuses to print because a character
/// is in no face at all.
fn needs_fallback(document: &Document, regular: &FontMetrics) -> Result<bool, PdfError> {
    let mut needed = false;
    for text in texts(document) {
        for c in text.chars().filter(|c| !c.is_whitespace() && !regular.has(*c)) {
            if !crate::fonts::covers(c) {
                return Err(PdfError::Unprintable { character: c, text: text.to_string() });
            }
            needed = true;
        }
    }
    Ok(needed)
}

/// Lays out and writes the document as PDF bytes.
pub fn render(document: &Document) -> Result<Rendered, PdfError> {
    if document.sections.is_empty() {
        return Err(PdfError::Empty);
    }
    let (regular, bold) = (regular()?, bold()?);
    let fallback = if needs_fallback(document, &regular.metrics)? { Some(fallback()?) } else { None };
    let chars: std::collections::BTreeSet<char> = texts(document).chain([LAYOUT_TEXT]).flat_map(str::chars).collect();
    let mut pdf = PdfDocument::new(&document.title);
    let fallback = match fallback {
        Some(font) => Some((font, pdf.add_font(&font.subset(&chars)?))),
        None => None,
    };
    let mut stack = |first: &'static LoadedFont| -> Result<Stack<'static>, PdfError> {
        let handle = PdfFontHandle::External(pdf.add_font(&first.subset(&chars)?));
        let mut faces = vec![Face { handle, metrics: &first.metrics }];
        if let Some((font, id)) = &fallback {
            faces.push(Face { handle: PdfFontHandle::External(id.clone()), metrics: &font.metrics });
        }
        Ok(Stack { faces })
    };
    let style = layout::Style { regular: stack(regular)?, bold: stack(bold)? };

    let laid_sections: Vec<Vec<Vec<Op>>> =
        document.sections.iter().map(|section| layout::lay_out(&style, &section.blocks)).collect();

    // The contents page needs the page numbers, which need the contents' own length:
    // lay it out once to count its pages, then again with the numbers.
    let contents_pages = match &document.contents {
        Some(contents) => layout::lay_out(&style, &contents_blocks(contents, &vec![0; laid_sections.len()])).len(),
        None => 0,
    };
    let mut sections = Vec::with_capacity(laid_sections.len());
    let mut next_page = contents_pages + 1;
    for pages in &laid_sections {
        sections.push(SectionPages { first_page: next_page, page_count: pages.len() });
        next_page += pages.len();
    }
    let total_pages = next_page - 1;

    let mut pages = Vec::with_capacity(total_pages);
    // A pack's pages also carry their place in the whole file, the numbers its
    // contents page gives.
    let in_file = |page: usize| document.contents.is_some().then_some((page, total_pages));
    if let Some(contents) = &document.contents {
        let first_pages: Vec<usize> = sections.iter().map(|section| section.first_page).collect();
        let laid = layout::lay_out(&style, &contents_blocks(contents, &first_pages));
        let count = laid.len();
        for (index, ops) in laid.into_iter().enumerate() {
            let numbering = Numbering { page: index + 1, pages: count, in_file: in_file(pages.len() + 1) };
            pages.push(decorate(&style, document, &contents.title, "", numbering, ops));
        }
    }
    for (section, laid) in document.sections.iter().zip(laid_sections) {
        let count = laid.len();
        for (index, ops) in laid.into_iter().enumerate() {
            let numbering = Numbering { page: index + 1, pages: count, in_file: in_file(pages.len() + 1) };
            pages.push(decorate(&style, document, &section.kind, &section.identity, numbering, ops));
        }
    }
    let bytes = pdf.with_pages(pages).save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(Rendered { bytes, total_pages, sections })
}

fn contents_blocks(contents: &Contents, first_pages: &[usize]) -> Vec<Block> {
    let mut columns = contents.columns.clone();
    columns.push(Column::new("Page", 0.6));
    let rows = contents
        .rows
        .iter()
        .zip(first_pages)
        .map(|(row, page)| {
            let mut row = row.clone();
            row.push(page.to_string());
            row
        })
        .collect();
    vec![Block::Title(contents.title.clone()), Block::Table { caption: None, columns, rows }]
}

/// A page's number within its section, and within the whole file when that differs.
struct Numbering {
    page: usize,
    pages: usize,
    in_file: Option<(usize, usize)>,
}

impl Numbering {
    fn label(&self) -> String {
        match self.in_file {
            Some((page, pages)) => format!("Page {} of {} · pack page {page} of {pages}", self.page, self.pages),
            None => format!("Page {} of {}", self.page, self.pages),
        }
    }
}

/// Adds the marking, header and footer around a page's body.
fn decorate(
    style: &layout::Style,
    document: &Document,
    kind: &str,
    identity: &str,
    numbering: Numbering,
    body: Vec<Op>,
) -> PdfPage {
    let mut ops = Vec::with_capacity(body.len() + 40);
    let marking_width = style.bold.width(PROTECTIVE_MARKING, 10.0);
    let centre = (PAGE_WIDTH - marking_width) / 2.0;
    layout::text(&mut ops, &style.bold, 10.0, centre, PAGE_HEIGHT - 24.0, PROTECTIVE_MARKING, &layout::BLACK);
    layout::text(&mut ops, &style.bold, 10.0, centre, 20.0, PROTECTIVE_MARKING, &layout::BLACK);

    let header_y = PAGE_HEIGHT - 46.0;
    layout::text(
        &mut ops,
        &style.bold,
        10.0,
        MARGIN_X,
        header_y,
        &fit(&style.bold, &document.establishment, 9.9, BODY_WIDTH * 0.55),
        &layout::BLACK,
    );
    let kind_width = style.regular.width(kind, 10.0);
    layout::text(&mut ops, &style.regular, 10.0, PAGE_WIDTH - MARGIN_X - kind_width, header_y, kind, &layout::BLACK);
    if !identity.is_empty() {
        let identity = fit(&style.regular, identity, 9.0, BODY_WIDTH);
        layout::text(&mut ops, &style.regular, 9.0, MARGIN_X, header_y - 15.0, &identity, &layout::BLACK);
    }
    rule(&mut ops, header_y - 22.0);

    rule(&mut ops, BODY_BOTTOM - 14.0);
    let footer_y = BODY_BOTTOM - 27.0;
    let printed = format!("Printed {}", document.printed);
    layout::text(
        &mut ops,
        &style.regular,
        8.0,
        MARGIN_X,
        footer_y,
        &fit(&style.regular, &printed, 8.0, BODY_WIDTH * 0.55),
        &layout::GREY,
    );
    if let Some(head) = &document.audit_head {
        let head = format!("Audit head {head}");
        layout::text(
            &mut ops,
            &style.regular,
            7.5,
            MARGIN_X,
            20.0,
            &fit(&style.regular, &head, 7.5, BODY_WIDTH * 0.33),
            &layout::GREY,
        );
    }
    let numbering = numbering.label();
    let numbering_width = style.regular.width(&numbering, 9.0);
    layout::text(
        &mut ops,
        &style.regular,
        9.0,
        PAGE_WIDTH - MARGIN_X - numbering_width,
        footer_y,
        &numbering,
        &layout::BLACK,
    );

    ops.extend(body);
    PdfPage::new(Mm::from(Pt(PAGE_WIDTH)), Mm::from(Pt(PAGE_HEIGHT)), ops)
}

/// Shortens a header line to fit, with an ellipsis, rather than run into the margin.
fn fit(metrics: &Stack, text: &str, size: f32, width: f32) -> String {
    if metrics.width(text, size) <= width {
        return text.to_string();
    }
    let mut shortened: String = text.to_string();
    while !shortened.is_empty() && metrics.width(&format!("{shortened}…"), size) > width {
        shortened.pop();
    }
    format!("{}…", shortened.trim_end())
}

fn rule(ops: &mut Vec<Op>, y: f32) {
    ops.push(Op::SetOutlineColor { col: layout::GREY });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint { p: Point { x: Pt(MARGIN_X), y: Pt(y) }, bezier: false },
                LinePoint { p: Point { x: Pt(PAGE_WIDTH - MARGIN_X), y: Pt(y) }, bezier: false },
            ],
            is_closed: false,
        },
    });
}

/// Writes the PDF beside its destination and renames it into place, so a failure
/// never leaves half a file.
pub fn write(bytes: &[u8], path: &Path) -> Result<(), PdfError> {
    crate::storage::write_file_atomically(path, bytes)
        .map_err(|source| PdfError::Write { path: path.display().to_string(), source })
}

/// A file name that is safe on Windows and Linux: "A1234BC Ó'Brien sentence plan 2026-11-23.pdf".
pub fn file_name(parts: &[&str]) -> String {
    let joined = parts.iter().filter(|part| !part.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let cleaned: String =
        joined.chars().map(|c| if c.is_control() || r#"<>:"/\|?*"#.contains(c) { '-' } else { c }).collect();
    format!("{}.pdf", cleaned.trim().trim_end_matches('.'))
}
