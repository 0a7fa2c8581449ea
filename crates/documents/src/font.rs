//! The one typeface documents are set in: Noto Serif CJK SC (a Song style, SIL OFL 1.1), cut down
//! to GB 2312 with ASCII and common punctuation so the repository stays small
//! (assets/fonts/README.md says how it was made). Embedded in the binary: nothing to install.

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The font file as shipped.
pub static FONT_BYTES: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSerifCJKsc-Regular-GB2312.otf");

/// Advance widths per character, in em (1.0 = the font size), read once.
pub struct Metrics {
    advances: HashMap<char, f32>,
}

impl Metrics {
    /// The shipped font's metrics (read on first use, then shared).
    pub fn shipped() -> &'static Metrics {
        static METRICS: OnceLock<Metrics> = OnceLock::new();
        METRICS.get_or_init(|| {
            Metrics::read(FONT_BYTES).unwrap_or(Metrics { advances: HashMap::new() })
        })
    }

    fn read(bytes: &[u8]) -> Option<Metrics> {
        let font = FontRef::new(bytes).ok()?;
        let upem = f32::from(font.head().ok()?.units_per_em());
        let glyphs = GlyphMetrics::new(&font, Size::unscaled(), LocationRef::default());
        let mut advances = HashMap::new();
        for (code, glyph) in font.charmap().mappings() {
            let (Some(ch), Some(advance)) = (char::from_u32(code), glyphs.advance_width(glyph))
            else {
                continue;
            };
            advances.insert(ch, advance / upem);
        }
        Some(Metrics { advances })
    }

    /// The advance of `ch` in em, or `None` when the font has no glyph for it.
    pub fn advance(&self, ch: char) -> Option<f32> {
        self.advances.get(&ch).copied()
    }

    /// Whether the font draws `ch`.
    pub fn covers(&self, ch: char) -> bool {
        self.advances.contains_key(&ch)
    }
}

use skrifa::raw::TableProvider;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_covers_gb2312_text_and_punctuation() {
        let metrics = Metrics::shipped();
        for ch in "行政处罚决定书当事人罚款人民币（）〔〕，。、；：“”第页共0123456789ABCxyz".chars()
        {
            assert!(metrics.covers(ch), "no glyph for {ch}");
        }
        assert_eq!(metrics.advance('罚'), Some(1.0), "ideographs are one em wide");
        assert!(metrics.advance('1').is_some_and(|w| w < 0.7), "digits are proportional");
        assert!(!metrics.covers('𠀀'), "a rare ideograph is outside the subset");
    }
}
