//! Paints laid-out pages into a PDF with krilla (the font subset to the glyphs used and
//! embedded). Deterministic: no creation date, no random identifier, so the same pages give the
//! same bytes. The check code also goes into the document's keywords (`zhifa-check:CODE`), where
//! `zhifa doc check` reads it back.

use super::font::FONT_BYTES;
use super::layout::{Item, Page, PAGE_H, PAGE_W};
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// The marker before the check code in the PDF's keywords.
pub const CHECK_MARK: &str = "zhifa-check:";

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font cannot be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The PDF of `pages`, titled `title`, carrying `check_code`.
pub fn render(pages: &[Page], title: &str, check_code: &str) -> Result<Vec<u8>, PdfError> {
    let font = Font::new(FONT_BYTES.into(), 0).ok_or(PdfError::Font)?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .keywords(vec![format!("{CHECK_MARK}{check_code}")])
            .creator("zhifa".to_string())
            .producer("zhifa".to_string())
            .language("zh-CN".to_string()),
    );
    for page in pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(PdfError::Font)?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for item in &page.items {
            paint(&mut surface, &font, item);
        }
        surface.finish();
        pdf_page.finish();
    }
    document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

fn paint(surface: &mut Surface, font: &Font, item: &Item) {
    match item {
        Item::Text { x, y, size, bold, text } => {
            // The title is emboldened by stroking its outline thinly (one typeface ships).
            surface.set_stroke(bold.then(|| Stroke { width: size * 0.03, ..Stroke::default() }));
            let start = Point::from_xy(*x, *y);
            surface.draw_text(start, font.clone(), *size, text, false, TextDirection::LeftToRight);
            surface.set_stroke(None);
        }
        Item::Missing { x, y, size, .. } => {
            let (l, t) = (x + size * 0.08, y - size * 0.8);
            let side = size * 0.84;
            stroke_path(
                surface,
                &[(l, t), (l + side, t), (l + side, t + side), (l, t + side), (l, t)],
                0.6,
            );
        }
        Item::Line { x1, y1, x2, y2, width } => {
            stroke_path(surface, &[(*x1, *y1), (*x2, *y2)], *width)
        }
    }
}

fn stroke_path(surface: &mut Surface, points: &[(f32, f32)], width: f32) {
    let mut builder = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            builder.move_to(*x, *y);
        } else {
            builder.line_to(*x, *y);
        }
    }
    let Some(path) = builder.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke { width, ..Stroke::default() }));
    surface.draw_path(&path);
    surface.set_stroke(None);
    surface.set_fill(Some(krilla::paint::Fill::default()));
}

/// The check code a PDF carries, if it is one of ours.
pub fn check_code_of(pdf: &[u8]) -> Option<String> {
    let mark = CHECK_MARK.as_bytes();
    let at = pdf.windows(mark.len()).position(|w| w == mark)? + mark.len();
    let code: String = pdf[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .map(|b| char::from(*b))
        .collect();
    (!code.is_empty()).then_some(code)
}
