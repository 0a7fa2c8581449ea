//! Pinyin keys per ideograph: every plain reading (all readings of polyphones such as 行 xing/hang,
//! tone marks dropped, ü written v), plus two 26-bit letter masks used as cheap prefilters:
//! the first letters of the readings (what an initials query like `zydl` must hit) and every letter
//! of every reading.
//!
//! The table is built once per process for the whole CJK range (≈ 27 000 code points, a few ms),
//! so building an index never calls into the pinyin crate per char, and matching looks readings up
//! by array index.

use super::normalize::{CJK_FIRST, CJK_LAST};
use pinyin::ToPinyinMulti;
use std::sync::OnceLock;

/// Pinyin facts about one code point.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CharKeys {
    /// Bit `l - 'a'` set for the first letter `l` of each reading.
    pub initials: u32,
    /// Bit set for every letter of every reading.
    pub letters: u32,
    /// Readings are `pool[start .. start + count]`.
    start: u32,
    count: u8,
}

pub(crate) struct PinyinTable {
    keys: Vec<CharKeys>,
    pool: Vec<Box<[u8]>>,
}

/// Bit for an ASCII lowercase letter, 0 for anything else.
#[inline]
pub(crate) fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        0
    }
}

impl PinyinTable {
    /// The process-wide table.
    pub(crate) fn get() -> &'static PinyinTable {
        static TABLE: OnceLock<PinyinTable> = OnceLock::new();
        TABLE.get_or_init(PinyinTable::build)
    }

    fn build() -> PinyinTable {
        let mut keys = Vec::with_capacity((CJK_LAST - CJK_FIRST + 1) as usize);
        let mut pool: Vec<Box<[u8]>> = Vec::new();
        let mut readings: Vec<Vec<u8>> = Vec::new();
        for cp in CJK_FIRST..=CJK_LAST {
            readings.clear();
            if let Some(multi) = char::from_u32(cp).and_then(|c| c.to_pinyin_multi()) {
                for p in multi {
                    let plain: Vec<u8> = p
                        .plain()
                        .chars()
                        .map(|c| if c == 'ü' { 'v' } else { c })
                        .filter(char::is_ascii_lowercase)
                        .map(|c| c as u8)
                        .collect();
                    if !plain.is_empty() && !readings.contains(&plain) {
                        readings.push(plain);
                    }
                }
            }
            let mut k = CharKeys {
                start: pool.len() as u32,
                count: readings.len().min(u8::MAX as usize) as u8,
                ..CharKeys::default()
            };
            for r in readings.iter().take(k.count as usize) {
                k.initials |= letter_bit(r[0]);
                k.letters |= r.iter().fold(0, |m, &b| m | letter_bit(b));
                pool.push(r.clone().into_boxed_slice());
            }
            keys.push(k);
        }
        PinyinTable { keys, pool }
    }

    /// Keys of a (normalised) char; all-zero for chars without a reading.
    #[inline]
    pub(crate) fn keys(&self, c: char) -> CharKeys {
        let cp = c as u32;
        if (CJK_FIRST..=CJK_LAST).contains(&cp) {
            self.keys[(cp - CJK_FIRST) as usize]
        } else {
            CharKeys::default()
        }
    }

    /// The readings of a char with the given keys.
    #[inline]
    pub(crate) fn readings(&self, k: CharKeys) -> &[Box<[u8]>] {
        let start = k.start as usize;
        &self.pool[start..start + k.count as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings_of(c: char) -> Vec<String> {
        let t = PinyinTable::get();
        t.readings(t.keys(c)).iter().map(|r| String::from_utf8_lossy(r).into_owned()).collect()
    }

    #[test]
    fn polyphones_keep_every_reading() {
        let r = readings_of('行');
        assert!(r.contains(&"xing".to_string()) && r.contains(&"hang".to_string()), "{r:?}");
        assert_eq!(readings_of('占')[0], "zhan");
        assert!(readings_of('绿').contains(&"lv".to_string()));
        assert!(readings_of('a').is_empty());
    }

    #[test]
    fn masks_hold_initials_and_letters() {
        let t = PinyinTable::get();
        let k = t.keys('占');
        assert_eq!(k.initials & letter_bit(b'z'), letter_bit(b'z'));
        assert_ne!(k.letters & letter_bit(b'h'), 0);
    }
}
