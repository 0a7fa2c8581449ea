//! Page layout of a filled document: paragraphs, boxed tables whose rows grow with their text
//! (and continue on the next page), ruled lines for handwriting, the title and number at the
//! head, 第X页 共Y页 and the check code at the foot. Pure: a [`Doc`] in, positioned [`Item`]s out
//! (points, origin at the top left of an A4 page); `pdf` only paints them.

use super::font::Metrics;
use super::linebreak::{break_lines, width};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const LEFT: f32 = 79.0;
pub const RIGHT: f32 = PAGE_W - 74.0;
pub const TOP: f32 = 68.0;
/// Where the body ends: the footer lies below.
pub const BOTTOM: f32 = PAGE_H - 78.0;
pub const BODY_SIZE: f32 = 14.0;
pub const TABLE_SIZE: f32 = 12.0;
const TITLE_SIZE: f32 = 22.0;
const FOOT_SIZE: f32 = 9.0;
const LEADING: f32 = 1.65;
const TABLE_LEADING: f32 = 1.5;
const CELL_PAD: f32 = 5.0;

/// How a line sits in its box. Marked in template text by a leading `>` (right) or `^` (centre).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A document ready to lay out: its text already filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The organ above the title (e.g. 青溪县综合行政执法局).
    pub organ: String,
    pub title: String,
    /// The document number line (文号), if the kind has one.
    pub number: Option<String>,
    pub blocks: Vec<Block>,
    /// The check code printed at the foot of every page.
    pub check_code: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Lines of text; `indent` sets the first line of each paragraph in by two characters.
    Para { text: String, indent: bool },
    /// A boxed table.
    Table(Vec<Row>),
    /// `n` ruled lines to write on by hand.
    Ruled(u32),
    /// Vertical space, in points.
    Gap(f32),
    /// Start a new page here.
    PageBreak,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// Relative widths, one per cell.
    pub widths: Vec<f32>,
    /// The least height of the row, in points (room for a signature).
    pub min_height: f32,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text from `x` with its baseline at `y`; `bold` for the title.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    /// A character the font lacks, drawn as an empty box to be written in by hand.
    Missing {
        x: f32,
        y: f32,
        size: f32,
        ch: char,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

impl Item {
    /// The box the item covers (left, top, right, bottom).
    pub fn bounds(&self, metrics: &Metrics) -> (f32, f32, f32, f32) {
        match self {
            Item::Text { x, y, size, text, .. } => {
                (*x, y - size * 0.88, x + width(text, *size, metrics), y + size * 0.12)
            }
            Item::Missing { x, y, size, .. } => (*x, y - size * 0.88, x + size, y + size * 0.12),
            Item::Line { x1, y1, x2, y2, width } => (
                x1.min(*x2) - width / 2.0,
                y1.min(*y2) - width / 2.0,
                x1.max(*x2) + width / 2.0,
                y1.max(*y2) + width / 2.0,
            ),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    pub pages: Vec<Page>,
    /// Characters the font lacks (each once, in order of appearance): drawn as boxes.
    pub missing: Vec<char>,
}

struct Cursor<'m> {
    metrics: &'m Metrics,
    pages: Vec<Page>,
    y: f32,
    missing: Vec<char>,
}

impl<'m> Cursor<'m> {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// One line of text at baseline `y`, split into runs the font has and boxes for the rest.
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, line: &str) {
        let mut run = String::new();
        let mut run_x = x;
        let mut pen = x;
        for ch in line.chars() {
            if self.metrics.covers(ch) || ch == ' ' {
                run.push(ch);
                pen += self.metrics.advance(ch).unwrap_or(0.5) * size;
                continue;
            }
            if !run.trim().is_empty() {
                let text = std::mem::take(&mut run);
                self.page().items.push(Item::Text { x: run_x, y, size, bold, text });
            }
            run.clear();
            if !self.missing.contains(&ch) {
                self.missing.push(ch);
            }
            self.page().items.push(Item::Missing { x: pen, y, size, ch });
            pen += size;
            run_x = pen;
        }
        if !run.trim().is_empty() {
            self.page().items.push(Item::Text { x: run_x, y, size, bold, text: run });
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.page().items.push(Item::Line { x1, y1, x2, y2, width: 0.8 });
    }

    /// `line` set between `left` and `right` as `align` says.
    fn aligned(
        &mut self,
        (left, right): (f32, f32),
        y: f32,
        size: f32,
        bold: bool,
        line: &str,
        align: Align,
    ) {
        let w = width(line, size, self.metrics);
        let x = match align {
            Align::Left => left,
            Align::Center => left + ((right - left - w) / 2.0).max(0.0),
            Align::Right => (right - w).max(left),
        };
        self.text(x, y, size, bold, line);
    }
}

/// A paragraph's alignment mark and text.
fn alignment(line: &str) -> (Align, &str) {
    if let Some(rest) = line.strip_prefix('>') {
        (Align::Right, rest)
    } else if let Some(rest) = line.strip_prefix('^') {
        (Align::Center, rest)
    } else {
        (Align::Left, line)
    }
}

/// Lines of `text` (paragraphs split at newlines) set in `width_pt`, each with its alignment.
fn set_text(
    text: &str,
    size: f32,
    width_pt: f32,
    indent: bool,
    metrics: &Metrics,
) -> Vec<(Align, String, f32)> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let (align, paragraph) = alignment(paragraph);
        let first = if indent && align == Align::Left { 2.0 * size } else { 0.0 };
        for (i, line) in
            break_lines(paragraph, size, width_pt, first, metrics).into_iter().enumerate()
        {
            out.push((align, line, if i == 0 { first } else { 0.0 }));
        }
    }
    out
}

/// Lays `doc` out on A4 pages.
pub fn lay_out(doc: &Doc, metrics: &Metrics) -> Laid {
    let mut c = Cursor { metrics, pages: vec![Page::default()], y: TOP, missing: Vec::new() };
    head(&mut c, doc);
    for block in &doc.blocks {
        match block {
            Block::Para { text, indent } => para(&mut c, text, *indent),
            Block::Table(rows) => table(&mut c, rows),
            Block::Ruled(n) => ruled(&mut c, *n),
            Block::Gap(points) => c.y += points,
            Block::PageBreak => c.new_page(),
        }
    }
    foot(&mut c, &doc.check_code);
    Laid { pages: c.pages, missing: c.missing }
}

fn head(c: &mut Cursor, doc: &Doc) {
    if !doc.organ.is_empty() {
        c.y += TITLE_SIZE;
        c.aligned((LEFT, RIGHT), c.y, TITLE_SIZE, true, &doc.organ, Align::Center);
        c.y += TITLE_SIZE * 0.6;
    }
    for line in break_lines(&doc.title, TITLE_SIZE, RIGHT - LEFT, 0.0, c.metrics) {
        c.y += TITLE_SIZE * 1.25;
        c.aligned((LEFT, RIGHT), c.y, TITLE_SIZE, true, &line, Align::Center);
    }
    c.y += TITLE_SIZE * 0.5;
    if let Some(number) = &doc.number {
        c.y += BODY_SIZE * 1.2;
        c.aligned((LEFT, RIGHT), c.y, BODY_SIZE, false, number, Align::Center);
    }
    c.y += BODY_SIZE * 0.8;
}

fn para(c: &mut Cursor, text: &str, indent: bool) {
    let lead = BODY_SIZE * LEADING;
    for (align, line, first) in set_text(text, BODY_SIZE, RIGHT - LEFT, indent, c.metrics) {
        if c.room() < lead {
            c.new_page();
        }
        c.y += lead;
        c.aligned((LEFT + first, RIGHT), c.y - lead * 0.28, BODY_SIZE, false, &line, align);
    }
}

fn ruled(c: &mut Cursor, n: u32) {
    let lead = BODY_SIZE * 2.0;
    for _ in 0..n {
        if c.room() < lead {
            c.new_page();
        }
        c.y += lead;
        let y = c.y;
        c.line(LEFT, y, RIGHT, y);
    }
}

/// A row's cells as set lines, with each cell's left and right edge.
struct SetRow {
    edges: Vec<(f32, f32)>,
    cells: Vec<Vec<(Align, String, f32)>>,
    /// Label cells (even columns of a row of several) are centred both ways.
    labels: Vec<bool>,
}

fn set_row(row: &Row, metrics: &Metrics) -> SetRow {
    let total: f32 = row.widths.iter().sum::<f32>().max(f32::EPSILON);
    let mut x = LEFT;
    let mut edges = Vec::new();
    let mut cells = Vec::new();
    let mut labels = Vec::new();
    for (i, text) in row.cells.iter().enumerate() {
        let share = row.widths.get(i).copied().unwrap_or(1.0) / total;
        let right = x + share * (RIGHT - LEFT);
        let inner = right - x - 2.0 * CELL_PAD;
        let label = row.cells.len() > 1 && i % 2 == 0;
        let mut lines = set_text(text, TABLE_SIZE, inner, false, metrics);
        if label {
            for line in &mut lines {
                line.0 = Align::Center;
            }
        }
        edges.push((x, right));
        cells.push(lines);
        labels.push(label);
        x = right;
    }
    SetRow { edges, cells, labels }
}

fn table(c: &mut Cursor, rows: &[Row]) {
    let lead = TABLE_SIZE * TABLE_LEADING;
    let mut top_of_box = c.y;
    c.line(LEFT, c.y, RIGHT, c.y);
    for row in rows {
        let mut set = set_row(row, c.metrics);
        let mut min_height = row.min_height;
        loop {
            let lines = set.cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let height = (lines as f32 * lead + 2.0 * CELL_PAD).max(min_height);
            if height <= c.room() {
                draw_row(c, &set, height, lead);
                break;
            }
            // Split the row where the page ends, if a useful part fits; else start afresh.
            let fit = ((c.room() - 2.0 * CELL_PAD) / lead).floor().max(0.0) as usize;
            if fit >= 2 && lines > fit {
                let rest: Vec<Vec<_>> =
                    set.cells.iter_mut().map(|cell| cell.split_off(fit.min(cell.len()))).collect();
                let height = c.room();
                draw_row(c, &set, height, lead);
                set.cells = rest;
                min_height = (min_height - height).max(0.0);
            }
            sides(c, top_of_box, c.y);
            c.new_page();
            top_of_box = c.y;
            c.line(LEFT, c.y, RIGHT, c.y);
        }
    }
    sides(c, top_of_box, c.y);
    c.y += BODY_SIZE * 0.6;
}

fn sides(c: &mut Cursor, top: f32, bottom: f32) {
    if bottom > top {
        c.line(LEFT, top, LEFT, bottom);
        c.line(RIGHT, top, RIGHT, bottom);
    }
}

fn draw_row(c: &mut Cursor, set: &SetRow, height: f32, lead: f32) {
    let top = c.y;
    for (i, ((left, right), lines)) in set.edges.iter().zip(&set.cells).enumerate() {
        let block = lines.len() as f32 * lead;
        let start = if set.labels[i] {
            top + ((height - block) / 2.0).max(CELL_PAD)
        } else {
            top + CELL_PAD
        };
        for (n, (align, line, first)) in lines.iter().enumerate() {
            let baseline = start + (n as f32 + 1.0) * lead - lead * 0.28;
            c.aligned(
                (left + CELL_PAD + first, right - CELL_PAD),
                baseline,
                TABLE_SIZE,
                false,
                line,
                *align,
            );
        }
        if i > 0 {
            c.line(*left, top, *left, top + height);
        }
    }
    c.y = top + height;
    c.line(LEFT, c.y, RIGHT, c.y);
}

fn foot(c: &mut Cursor, check_code: &str) {
    let total = c.pages.len();
    for n in 0..total {
        let page_line = format!("第{}页 共{}页", n + 1, total);
        let code_line = format!("校验码 {check_code}");
        let baseline = PAGE_H - 48.0;
        let metrics = c.metrics;
        let page = &mut c.pages[n];
        let w = width(&page_line, FOOT_SIZE + 1.5, metrics);
        page.items.push(Item::Text {
            x: (PAGE_W - w) / 2.0,
            y: baseline,
            size: FOOT_SIZE + 1.5,
            bold: false,
            text: page_line,
        });
        let w = width(&code_line, FOOT_SIZE, metrics);
        page.items.push(Item::Text {
            x: RIGHT - w,
            y: baseline + 16.0,
            size: FOOT_SIZE,
            bold: false,
            text: code_line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(blocks: Vec<Block>) -> Doc {
        Doc {
            organ: "青溪县综合行政执法局".into(),
            title: "行政处罚决定书".into(),
            number: Some("青综执罚决〔2026〕第12号".into()),
            blocks,
            check_code: "ABCD-EFGH".into(),
        }
    }

    fn inside_the_page(laid: &Laid) {
        let metrics = Metrics::shipped();
        for (n, page) in laid.pages.iter().enumerate() {
            for item in &page.items {
                let (l, t, r, b) = item.bounds(metrics);
                assert!(
                    l >= LEFT - 1.0 && r <= RIGHT + 1.0,
                    "page {}: off the sides: {item:?}",
                    n + 1
                );
                assert!(
                    t >= 20.0 && b <= PAGE_H - 20.0,
                    "page {}: off the top or foot: {item:?}",
                    n + 1
                );
                if !matches!(item, Item::Text { size, .. } if *size < BODY_SIZE - 2.0 && t > BOTTOM)
                {
                    assert!(b <= BOTTOM + 1.0, "page {}: body over the footer: {item:?}", n + 1);
                }
            }
        }
    }

    #[test]
    fn long_tables_continue_on_the_next_page_and_stay_inside_it() {
        let long = "当事人在青溪路占道经营，影响通行。".repeat(120);
        let rows = vec![
            Row {
                cells: vec!["案由".into(), "占道经营".into(), "当事人".into(), "张三".into()],
                widths: vec![1.0, 2.0, 1.0, 2.0],
                min_height: 0.0,
            },
            Row { cells: vec!["案情".into(), long], widths: vec![1.0, 5.0], min_height: 0.0 },
            Row {
                cells: vec!["负责人意见".into(), "\n\n>签名：　　　　年　月　日".into()],
                widths: vec![1.0, 5.0],
                min_height: 120.0,
            },
        ];
        let laid = lay_out(
            &doc(vec![Block::Table(rows), Block::Para { text: "正文".repeat(400), indent: true }]),
            Metrics::shipped(),
        );
        assert!(laid.pages.len() >= 3, "{} pages", laid.pages.len());
        inside_the_page(&laid);
        let last = laid.pages.last().expect("pages");
        let total = laid.pages.len();
        assert!(last.items.iter().any(
            |i| matches!(i, Item::Text { text, .. } if *text == format!("第{total}页 共{total}页"))
        ));
        assert!(laid.missing.is_empty());
    }

    #[test]
    fn characters_the_font_lacks_are_boxes_and_reported() {
        let laid = lay_out(
            &doc(vec![Block::Para {
                text: "当事人王𠀀（身份证）".into(), indent: false
            }]),
            Metrics::shipped(),
        );
        assert_eq!(laid.missing, vec!['𠀀']);
        let page = &laid.pages[0];
        assert!(page.items.iter().any(|i| matches!(i, Item::Missing { ch: '𠀀', .. })));
        assert!(page
            .items
            .iter()
            .any(|i| matches!(i, Item::Text { text, .. } if text == "（身份证）")));
        inside_the_page(&laid);
    }
}
