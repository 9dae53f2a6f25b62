//! Measuring, wrapping and placing blocks on pages.

use printpdf::{Color, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem};

use super::{BODY_BOTTOM, BODY_TOP, BODY_WIDTH, Block, Column, MARGIN_X};

pub const BLACK: Color = Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None });
pub const GREY: Color = Color::Rgb(Rgb { r: 0.4, g: 0.4, b: 0.4, icc_profile: None });
const HEADER_FILL: Color = Color::Rgb(Rgb { r: 0.88, g: 0.9, b: 0.93, icc_profile: None });
const RULE: Color = Color::Rgb(Rgb { r: 0.7, g: 0.7, b: 0.7, icc_profile: None });

const BODY_SIZE: f32 = 9.5;
const TABLE_SIZE: f32 = 8.5;
const NOTE_SIZE: f32 = 8.0;
const HEADING_SIZE: f32 = 12.0;
const TITLE_SIZE: f32 = 16.0;
const LEADING: f32 = 1.3;
const CELL_PADDING: f32 = 4.0;

/// Advance widths of a font, looked up by character, in font units, and which
/// characters it has at all.
pub struct FontMetrics {
    units_per_em: f32,
    /// Advance for every character below `TABLE_LIMIT` (0 where the font has none);
    /// others go to the map.
    table: Vec<u16>,
    has: Vec<bool>,
    others: std::collections::HashMap<char, u16>,
    fallback: u16,
}

const TABLE_LIMIT: u32 = 0x3000;

impl FontMetrics {
    /// Read from the font's own tables (fast: no full parse of a large font).
    pub fn new(font: &ttf_parser::Face) -> Self {
        let advance = |c: char| font.glyph_index(c).and_then(|glyph| font.glyph_hor_advance(glyph));
        let units_per_em = font.units_per_em().max(1);
        let fallback = advance('\u{FFFD}').or_else(|| advance('?')).unwrap_or(units_per_em / 2);
        let widths: Vec<Option<u16>> = (0..TABLE_LIMIT).map(|code| char::from_u32(code).and_then(advance)).collect();
        let has = widths.iter().map(Option::is_some).collect();
        let table = widths.into_iter().map(|width| width.unwrap_or(fallback)).collect();
        let mut others = std::collections::HashMap::new();
        if let Some(cmap) = font.tables().cmap {
            for subtable in cmap.subtables.into_iter().filter(|subtable| subtable.is_unicode()) {
                subtable.codepoints(|code| {
                    if let Some(c) = char::from_u32(code).filter(|_| code >= TABLE_LIMIT)
                        && let Some(width) = advance(c)
                    {
                        others.insert(c, width);
                    }
                });
            }
        }
        Self { units_per_em: f32::from(units_per_em), table, has, others, fallback }
    }

    /// True when the font has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        let code = c as u32;
        if code < TABLE_LIMIT { self.has[code as usize] } else { self.others.contains_key(&c) }
    }

    fn advance(&self, c: char) -> u16 {
        let code = c as u32;
        if code < TABLE_LIMIT {
            self.table[code as usize]
        } else {
            self.others.get(&c).copied().unwrap_or(self.fallback)
        }
    }

    /// The printed width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(c))).sum();
        units as f32 * size / self.units_per_em
    }

    fn char_width(&self, c: char, size: f32) -> f32 {
        f32::from(self.advance(c)) * size / self.units_per_em
    }
}

/// A font as the document uses it: its handle in the PDF and its widths.
pub struct Face<'a> {
    pub handle: PdfFontHandle,
    pub metrics: &'a FontMetrics,
}

/// Faces looked through in order for each character: the first that has it prints
/// it (OMU Desk Sans, then the CJK fallback).
pub struct Stack<'a> {
    pub faces: Vec<Face<'a>>,
}

impl Stack<'_> {
    fn face_for(&self, c: char) -> usize {
        if c.is_whitespace() {
            return 0;
        }
        self.faces.iter().position(|face| face.metrics.has(c)).unwrap_or(0)
    }

    /// True when some face here has `c`.
    pub fn has(&self, c: char) -> bool {
        c.is_whitespace() || self.faces.iter().any(|face| face.metrics.has(c))
    }

    /// The printed width of `text` at `size` points, each character in its face.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        if self.faces.len() == 1 {
            return self.faces[0].metrics.width(text, size);
        }
        text.chars().map(|c| self.faces[self.face_for(c)].metrics.char_width(c, size)).sum()
    }

    /// `text` cut into runs that print in one face each.
    fn runs<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        if self.faces.len() == 1 {
            return vec![(0, text)];
        }
        let mut runs: Vec<(usize, &'t str)> = Vec::new();
        let mut start = 0;
        let mut current = None;
        for (at, c) in text.char_indices() {
            let face = if c == ' ' { current.unwrap_or(0) } else { self.face_for(c) };
            match current {
                Some(previous) if previous != face => {
                    runs.push((previous, &text[start..at]));
                    start = at;
                }
                _ => {}
            }
            current = Some(face);
        }
        runs.push((current.unwrap_or(0), &text[start..]));
        runs
    }
}

/// Breaks `text` into lines no wider than `width`, at spaces where it can and inside
/// a word only when the word alone is too wide. Line breaks in the text are kept.
pub fn wrap(metrics: &Stack, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if metrics.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if metrics.width(word, size) <= width {
                line = word.to_string();
            } else {
                for c in word.chars() {
                    line.push(c);
                    if metrics.width(&line, size) > width {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
        }
        lines.push(line);
    }
    lines
}

pub struct Style<'a> {
    pub regular: Stack<'a>,
    pub bold: Stack<'a>,
}

/// Places one line of text with its baseline at `y`, each run in the face that has
/// its characters.
pub fn text(ops: &mut Vec<Op>, font: &Stack, size: f32, x: f32, y: f32, content: &str, colour: &Color) {
    if content.is_empty() {
        return;
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor { col: colour.clone() });
    ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } });
    for (face, run) in font.runs(content) {
        ops.push(Op::SetFont { font: font.faces[face].handle.clone(), size: Pt(size) });
        ops.push(Op::ShowText { items: vec![TextItem::Text(run.to_string())] });
    }
    ops.push(Op::EndTextSection);
}

fn rectangle(ops: &mut Vec<Op>, x: f32, top: f32, width: f32, height: f32, fill: Option<Color>) {
    let mode = match fill {
        Some(col) => {
            ops.push(Op::SetFillColor { col });
            PaintMode::Fill
        }
        None => {
            ops.push(Op::SetOutlineColor { col: RULE });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
            PaintMode::Stroke
        }
    };
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(top - height),
            width: Pt(width),
            height: Pt(height),
            mode: Some(mode),
            winding_order: None,
        },
    });
}

fn line(ops: &mut Vec<Op>, x1: f32, y1: f32, x2: f32, y2: f32) {
    ops.push(Op::SetOutlineColor { col: RULE });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                LinePoint { p: Point { x: Pt(x2), y: Pt(y2) }, bezier: false },
            ],
            is_closed: false,
        },
    });
}

/// Places blocks top to bottom, starting new pages as needed; returns each page's
/// drawing operations.
pub fn lay_out(style: &Style, blocks: &[Block]) -> Vec<Vec<Op>> {
    let mut cursor = Cursor { pages: vec![Vec::new()], y: BODY_TOP };
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Title(title) => {
                cursor.lines(&style.bold, title, TITLE_SIZE, &BLACK, 6.0);
            }
            Block::Heading(heading) => {
                // A heading never sits alone at the foot of a page, nor apart from a
                // chart that follows its note.
                let chart_follows = blocks[index + 1..].iter().take(3).any(|next| matches!(next, Block::Chart(_)));
                let chart = if chart_follows { CHART_HEIGHT + 4.0 * NOTE_SIZE * LEADING } else { 0.0 };
                cursor.need(HEADING_SIZE * LEADING + 3.0 * BODY_SIZE * LEADING + chart);
                cursor.y -= 6.0;
                cursor.lines(&style.bold, heading, HEADING_SIZE, &BLACK, 2.0);
                let y = cursor.y + 1.0;
                line(cursor.page(), MARGIN_X, y, MARGIN_X + BODY_WIDTH, y);
                cursor.y -= 4.0;
            }
            Block::Paragraph(paragraph) => {
                cursor.lines(&style.regular, paragraph, BODY_SIZE, &BLACK, 4.0);
            }
            Block::Note(note) => {
                cursor.lines(&style.regular, note, NOTE_SIZE, &GREY, 3.0);
            }
            Block::Fields(fields) => lay_out_fields(&mut cursor, style, fields),
            Block::Table { caption, columns, rows } => {
                lay_out_table(&mut cursor, style, caption.as_deref(), columns, rows)
            }
            Block::Signatures(labels) => lay_out_signatures(&mut cursor, style, labels),
            Block::Chart(chart) => lay_out_chart(&mut cursor, style, chart),
            Block::Space(points) => cursor.y -= points,
        }
    }
    cursor.pages
}

struct Cursor {
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Cursor {
    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("always one page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    fn room(&self) -> f32 {
        self.y - BODY_BOTTOM
    }

    /// Moves to a new page unless `height` fits below the cursor.
    fn need(&mut self, height: f32) {
        if self.room() < height && self.y < BODY_TOP {
            self.new_page();
        }
    }

    fn lines(&mut self, font: &Stack, content: &str, size: f32, colour: &Color, after: f32) {
        for text_line in wrap(font, content, size, BODY_WIDTH) {
            self.need(size * LEADING);
            self.y -= size * LEADING;
            let y = self.y + size * 0.25;
            text(self.page(), font, size, MARGIN_X, y, &text_line, colour);
        }
        self.y -= after;
    }
}

fn lay_out_fields(cursor: &mut Cursor, style: &Style, fields: &[(String, String)]) {
    let column_width = BODY_WIDTH / 2.0 - 8.0;
    let label_width = column_width * 0.42;
    let value_width = column_width - label_width - 4.0;
    for pair in fields.chunks(2) {
        let wrapped: Vec<(Vec<String>, Vec<String>)> = pair
            .iter()
            .map(|(label, value)| {
                (
                    wrap(&style.bold, label, NOTE_SIZE, label_width),
                    wrap(&style.regular, if value.is_empty() { "–" } else { value }, BODY_SIZE, value_width),
                )
            })
            .collect();
        let lines = wrapped.iter().map(|(label, value)| label.len().max(value.len())).max().unwrap_or(1);
        let height = lines as f32 * BODY_SIZE * LEADING + 3.0;
        cursor.need(height);
        let top = cursor.y;
        for (index, (label, value)) in wrapped.iter().enumerate() {
            let x = MARGIN_X + index as f32 * (column_width + 16.0);
            for (row, text_line) in label.iter().enumerate() {
                let y = top - (row as f32 + 1.0) * BODY_SIZE * LEADING + 2.5;
                text(cursor.page(), &style.bold, NOTE_SIZE, x, y, text_line, &GREY);
            }
            for (row, text_line) in value.iter().enumerate() {
                let y = top - (row as f32 + 1.0) * BODY_SIZE * LEADING + 2.5;
                text(cursor.page(), &style.regular, BODY_SIZE, x + label_width + 4.0, y, text_line, &BLACK);
            }
        }
        cursor.y -= height;
    }
    cursor.y -= 4.0;
}

fn lay_out_table(cursor: &mut Cursor, style: &Style, caption: Option<&str>, columns: &[Column], rows: &[Vec<String>]) {
    let total: f32 = columns.iter().map(|column| column.weight).sum::<f32>().max(f32::EPSILON);
    let widths: Vec<f32> = columns.iter().map(|column| BODY_WIDTH * column.weight / total).collect();
    let line_height = TABLE_SIZE * LEADING;
    let wrap_row = |cells: &[String], metrics: &Stack| -> Vec<Vec<String>> {
        widths
            .iter()
            .enumerate()
            .map(|(index, width)| {
                let content = cells.get(index).map(String::as_str).unwrap_or("");
                wrap(metrics, content, TABLE_SIZE, width - 2.0 * CELL_PADDING)
            })
            .collect()
    };
    let titles: Vec<String> = columns.iter().map(|column| column.title.clone()).collect();
    let header = wrap_row(&titles, &style.bold);
    let header_lines = header.iter().map(Vec::len).max().unwrap_or(1);
    let header_height = header_lines as f32 * line_height + 2.0 * CELL_PADDING;

    let draw_header = |cursor: &mut Cursor| {
        let top = cursor.y;
        rectangle(cursor.page(), MARGIN_X, top, BODY_WIDTH, header_height, Some(HEADER_FILL));
        let mut x = MARGIN_X;
        for (cell, width) in header.iter().zip(&widths) {
            for (row, text_line) in cell.iter().enumerate() {
                let y = top - CELL_PADDING - (row as f32 + 1.0) * line_height + 2.5;
                text(cursor.page(), &style.bold, TABLE_SIZE, x + CELL_PADDING, y, text_line, &BLACK);
            }
            x += width;
        }
        cursor.y -= header_height;
    };

    // The caption, the header and the first row go together when the row fits on a
    // page; a taller first row needs at least its first line beside the header.
    let caption_height = if caption.is_some() { BODY_SIZE * LEADING + 2.0 } else { 0.0 };
    let first_row =
        rows.first().map(|cells| wrap_row(cells, &style.regular).iter().map(Vec::len).max().unwrap_or(1)).unwrap_or(0)
            as f32
            * line_height
            + 2.0 * CELL_PADDING;
    let page_body = BODY_TOP - BODY_BOTTOM;
    let keep = caption_height + header_height + first_row;
    cursor.need(if keep <= page_body {
        keep
    } else {
        caption_height + header_height + line_height + 2.0 * CELL_PADDING
    });
    // On a page the table runs onto, the caption comes back marked as continued, so a
    // reader of that page knows which pathway (or list) the rows belong to.
    let draw_caption = |cursor: &mut Cursor, continued: bool| {
        if let Some(caption) = caption {
            cursor.y -= BODY_SIZE * LEADING;
            let y = cursor.y + BODY_SIZE * 0.25;
            let caption = if continued { format!("{caption} (continued)") } else { caption.to_string() };
            text(cursor.page(), &style.bold, NOTE_SIZE + 0.5, MARGIN_X, y, &caption, &GREY);
            cursor.y -= 2.0;
        }
    };
    draw_caption(cursor, false);
    draw_header(cursor);
    for cells in rows {
        let wrapped = wrap_row(cells, &style.regular);
        let mut lines_left = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let mut first_line = 0;
        let whole = lines_left as f32 * line_height + 2.0 * CELL_PADDING;
        // A row moves whole to the next page when it would fit there; only a row taller
        // than a page is split, with the header repeated above each part.
        if cursor.room() < whole && whole <= BODY_TOP - BODY_BOTTOM - header_height - caption_height {
            cursor.new_page();
            draw_caption(cursor, true);
            draw_header(cursor);
        }
        while lines_left > 0 {
            let fitting = (((cursor.room() - 2.0 * CELL_PADDING) / line_height).floor() as usize).min(lines_left);
            if fitting == 0 {
                cursor.new_page();
                draw_caption(cursor, true);
                draw_header(cursor);
                continue;
            }
            let height = fitting as f32 * line_height + 2.0 * CELL_PADDING;
            let top = cursor.y;
            let mut x = MARGIN_X;
            for (cell, width) in wrapped.iter().zip(&widths) {
                for (row, text_line) in cell.iter().skip(first_line).take(fitting).enumerate() {
                    let y = top - CELL_PADDING - (row as f32 + 1.0) * line_height + 2.5;
                    text(cursor.page(), &style.regular, TABLE_SIZE, x + CELL_PADDING, y, text_line, &BLACK);
                }
                x += width;
            }
            rectangle(cursor.page(), MARGIN_X, top, BODY_WIDTH, height, None);
            let mut x = MARGIN_X;
            for width in &widths[..widths.len().saturating_sub(1)] {
                x += width;
                line(cursor.page(), x, top, x, top - height);
            }
            cursor.y -= height;
            lines_left -= fitting;
            first_line += fitting;
        }
    }
    cursor.y -= 8.0;
}

fn lay_out_signatures(cursor: &mut Cursor, style: &Style, labels: &[String]) {
    let height = 62.0;
    let gap = 12.0;
    let per_row = 3;
    let width = (BODY_WIDTH - gap * (per_row as f32 - 1.0)) / per_row as f32;
    for row in labels.chunks(per_row) {
        cursor.need(height + 6.0);
        let top = cursor.y;
        for (index, label) in row.iter().enumerate() {
            let x = MARGIN_X + index as f32 * (width + gap);
            rectangle(cursor.page(), x, top, width, height, None);
            text(cursor.page(), &style.bold, NOTE_SIZE, x + 5.0, top - 11.0, label, &BLACK);
            text(cursor.page(), &style.regular, NOTE_SIZE, x + 5.0, top - 38.0, "Signed", &GREY);
            line(cursor.page(), x + 34.0, top - 39.0, x + width - 6.0, top - 39.0);
            text(cursor.page(), &style.regular, NOTE_SIZE, x + 5.0, top - 55.0, "Date", &GREY);
            line(cursor.page(), x + 34.0, top - 56.0, x + width - 6.0, top - 56.0);
        }
        cursor.y -= height + 8.0;
    }
}

/// The bars' fill: a dark grey that prints the same on a black-and-white printer.
const BAR_FILL: Color = Color::Rgb(Rgb { r: 0.25, g: 0.3, b: 0.38, icc_profile: None });
const CHART_PLOT_HEIGHT: f32 = 90.0;
const CHART_AXIS_WIDTH: f32 = 30.0;

/// A bar chart: ruled ticks labelled on the left, each bar with its figure above
/// and its month below, all placed by `BarChart::places` as the screen's are.
/// A chart's whole height: its plot, the figures above and the months below.
const CHART_HEIGHT: f32 = CHART_PLOT_HEIGHT + NOTE_SIZE * LEADING * 2.0 + 8.0;

fn lay_out_chart(cursor: &mut Cursor, style: &Style, chart: &crate::chart::BarChart) {
    let height = CHART_HEIGHT;
    cursor.need(height);
    let plot_left = MARGIN_X + CHART_AXIS_WIDTH;
    let plot_width = BODY_WIDTH - CHART_AXIS_WIDTH;
    // Room above the plot for the tallest bar's figure.
    let plot_top = cursor.y - NOTE_SIZE * LEADING;
    let axis = plot_top - CHART_PLOT_HEIGHT;
    let scale = chart.scale();
    for tick in &scale.ticks {
        let y = axis + CHART_PLOT_HEIGHT * tick / scale.top;
        line(cursor.page(), plot_left, y, plot_left + plot_width, y);
        let label = scale.label(*tick, chart.percent);
        let x = plot_left - 4.0 - style.regular.width(&label, NOTE_SIZE);
        text(cursor.page(), &style.regular, NOTE_SIZE, x, y - NOTE_SIZE * 0.3, &label, &GREY);
    }
    for (bar, place) in chart.bars.iter().zip(chart.places()) {
        let left = plot_left + plot_width * place.left;
        let width = plot_width * place.width;
        let bar_height = CHART_PLOT_HEIGHT * place.height;
        if bar_height > 0.0 {
            rectangle(cursor.page(), left, axis + bar_height, width, bar_height, Some(BAR_FILL));
        }
        let centre = left + width / 2.0;
        let caption_x = centre - style.regular.width(&bar.caption, NOTE_SIZE) / 2.0;
        text(cursor.page(), &style.regular, NOTE_SIZE, caption_x, axis + bar_height + 2.5, &bar.caption, &BLACK);
        let label_x = centre - style.regular.width(&bar.label, NOTE_SIZE) / 2.0;
        text(cursor.page(), &style.regular, NOTE_SIZE, label_x, axis - NOTE_SIZE * LEADING, &bar.label, &GREY);
    }
    cursor.y -= height;
}
