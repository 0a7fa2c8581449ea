//! Pinyin keys per ideograph: every plain reading (all readings of polyphones such as 行 xing/hang,
//! tone marks dropped, ü written v), plus two 26-bit letter masks used as cheap prefilters:
//! the first letters of the readings (what an initials query like `zydl` must hit) and every letter
//! of every reading.
//!
//! The table is built once per process for the whole CJK range (≈ 27 000 code points, a few ms),
//! so building an index never calls into the pinyin crate per char. Readings are interned as
//! syllable ids (≈ 420 distinct syllables); a char's ids fit one u64, and the ≈ 1 500 distinct
//! combinations get a u16 number, which the index stores per name char: the matching loop reads
//! memory sequentially plus two small cache-resident tables.

use super::normalize::{CJK_FIRST, CJK_LAST};
use pinyin::ToPinyinMulti;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Pinyin facts about one code point.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CharKeys {
    /// Bit `l - 'a'` set for the first letter `l` of each reading.
    pub initials: u32,
    /// Bit set for every letter of every reading.
    pub letters: u32,
    /// Index into the table's reading combinations ([`PinyinTable::combo_ids`]); 0 = none.
    pub combo: u16,
}

/// Readings kept per char. Beyond the third, readings are archaic; dropping them keeps a char's
/// keys in one word the scan reads sequentially.
pub(crate) const MAX_READINGS: usize = 3;

/// Grammatical chars that glue the words of an item name together (对…的处罚, 在…上, 和, 或, 等)
/// and are almost never what a typed initial stands for. Their readings are stored as rare ones
/// only (the common slot stays empty), so a pinyin match through them pays the rare-reading
/// penalty: `zydl` then prefers 占用…道路 to 在有钉螺.
pub(crate) const FUNCTION_CHARS: [char; 6] = ['对', '的', '在', '和', '或', '等'];

pub(crate) struct PinyinTable {
    keys: Vec<CharKeys>,
    /// Syllable id → reading packed little-endian into a u64 (pinyin has at most 6 letters), so
    /// matching compares a whole reading with one XOR. About 420 entries: stays in L1.
    syllables: Vec<u64>,
    /// Syllable id → its first letter (0–25).
    first: Vec<u8>,
    /// Distinct reading combinations: up to [`MAX_READINGS`] syllable ids, 16 bits each, most
    /// common reading in the low bits (≈ 1 500 combinations, so the index stores 2 bytes per
    /// name char instead of 8).
    combos: Vec<u64>,
    /// Combination for a Latin letter in a name: the letter is its own one-letter "reading".
    latin: [u16; 26],
    /// Every non-empty prefix of every reading, packed: the pieces a term can be cut into.
    prefixes: HashSet<u64>,
}

/// Pack up to 8 ASCII bytes little-endian (first letter in the low byte), zero padded.
pub(crate) fn pack(bytes: &[u8]) -> u64 {
    bytes.iter().take(8).enumerate().fold(0, |w, (i, &b)| w | u64::from(b) << (8 * i))
}

/// Number of letters in a packed reading.
#[inline]
pub(crate) fn packed_len(w: u64) -> u32 {
    (64 - w.leading_zeros()).div_ceil(8)
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
        let mut table = PinyinTable {
            keys: Vec::with_capacity((CJK_LAST - CJK_FIRST + 1) as usize),
            syllables: vec![0],
            first: vec![0],
            combos: vec![0],
            latin: [0; 26],
            prefixes: HashSet::new(),
        };
        let mut ids: HashMap<u64, u16> = HashMap::new();
        let mut intern = |t: &mut PinyinTable, packed: u64| -> u16 {
            *ids.entry(packed).or_insert_with(|| {
                t.syllables.push(packed);
                t.first.push((packed as u8).wrapping_sub(b'a').min(25));
                (t.syllables.len() - 1) as u16
            })
        };
        let mut combo_ids: HashMap<u64, u16> = HashMap::new();
        let combo = |t: &mut PinyinTable, ids: u64| -> u16 {
            if ids == 0 {
                return 0;
            }
            *combo_ids.entry(ids).or_insert_with(|| {
                t.combos.push(ids);
                (t.combos.len() - 1) as u16
            })
        };
        let mut combo = combo;
        for l in 0..26u8 {
            let id = u64::from(intern(&mut table, u64::from(b'a' + l)));
            table.latin[l as usize] = combo(&mut table, id);
        }
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
                    if !plain.is_empty() && plain.len() <= 8 && !readings.contains(&plain) {
                        readings.push(plain);
                    }
                }
            }
            let mut k = CharKeys::default();
            let mut ids = 0u64;
            let function = char::from_u32(cp).is_some_and(|c| FUNCTION_CHARS.contains(&c));
            let first_slot = usize::from(function);
            for (n, r) in readings.iter().take(MAX_READINGS - first_slot).enumerate() {
                k.initials |= letter_bit(r[0]);
                k.letters |= r.iter().fold(0, |m, &b| m | letter_bit(b));
                ids |= u64::from(intern(&mut table, pack(r))) << (16 * (n + first_slot));
            }
            k.combo = combo(&mut table, ids);
            table.keys.push(k);
        }
        for &r in &table.syllables[1..] {
            for l in 1..=packed_len(r) {
                table.prefixes.insert(r & (u64::MAX >> (64 - 8 * l)));
            }
        }
        table
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

    /// Reading combination of a (normalised) name char: its readings, or a Latin letter itself.
    #[inline]
    pub(crate) fn combo_of(&self, c: char) -> u16 {
        if c.is_ascii_lowercase() {
            self.latin[(c as u8 - b'a') as usize]
        } else {
            self.keys(c).combo
        }
    }

    /// Syllable ids of a reading combination (see [`PinyinTable::combos`]).
    #[inline]
    pub(crate) fn combo_ids(&self, combo: u16) -> u64 {
        self.combos.get(combo as usize).copied().unwrap_or(0)
    }

    /// Syllable ids of a (normalised) name char (the engine reads them from the index's
    /// per-char combinations instead).
    #[cfg(test)]
    pub(crate) fn ids_of(&self, c: char) -> u64 {
        self.combo_ids(self.combo_of(c))
    }

    /// Number of syllable ids (id 0 = no reading).
    pub(crate) fn syllable_count(&self) -> usize {
        self.syllables.len()
    }

    /// Packed reading of a syllable id.
    #[inline]
    pub(crate) fn syllable(&self, id: usize) -> u64 {
        self.syllables.get(id).copied().unwrap_or(0)
    }

    /// First letter (0–25) of a syllable id.
    #[inline]
    pub(crate) fn first_letter(&self, id: usize) -> usize {
        self.first.get(id).map_or(0, |&f| f as usize)
    }

    /// Fewest name chars that could spell `term` (letters packed one per byte, others 0xFF):
    /// each char takes one non-letter, one letter, or a prefix of some reading. A scan that has
    /// found a match this compact can stop.
    pub(crate) fn min_pieces(&self, term: &[u8]) -> usize {
        let m = term.len();
        let mut best = vec![usize::MAX; m + 1];
        best[0] = 0;
        for j in 0..m {
            if best[j] == usize::MAX {
                continue;
            }
            best[j + 1] = best[j + 1].min(best[j] + 1);
            for k in j + 2..=(j + 8).min(m) {
                let piece = &term[j..k];
                if piece.iter().any(|b| !b.is_ascii_lowercase()) {
                    break;
                }
                if self.prefixes.contains(&pack(piece)) {
                    best[k] = best[k].min(best[j] + 1);
                }
            }
        }
        best[m]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings_of(c: char) -> Vec<String> {
        let t = PinyinTable::get();
        (0..MAX_READINGS)
            .map(|n| (t.ids_of(c) >> (16 * n)) as u16 as usize)
            .filter(|&id| id != 0)
            .map(|id| t.syllable(id))
            .map(|r| {
                let bytes: Vec<u8> = (0..packed_len(r)).map(|i| (r >> (8 * i)) as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .collect()
    }

    #[test]
    fn polyphones_keep_every_reading() {
        let r = readings_of('行');
        assert!(r.contains(&"xing".to_string()) && r.contains(&"hang".to_string()), "{r:?}");
        assert_eq!(readings_of('占')[0], "zhan");
        assert!(readings_of('绿').contains(&"lv".to_string()));
        assert_eq!(readings_of('a'), vec!["a".to_string()]);
        assert!(readings_of('，').is_empty());
    }

    #[test]
    fn min_pieces_counts_syllable_prefixes() {
        let t = PinyinTable::get();
        assert_eq!(t.min_pieces(b"zhanyong"), 2);
        assert_eq!(t.min_pieces(b"zydl"), 4);
        assert_eq!(t.min_pieces(b"zha"), 1);
        assert_eq!(t.min_pieces(&[b'z', 0xFF, b'a']), 3);
    }

    #[test]
    fn masks_hold_initials_and_letters() {
        let t = PinyinTable::get();
        let k = t.keys('占');
        assert_eq!(k.initials & letter_bit(b'z'), letter_bit(b'z'));
        assert_ne!(k.letters & letter_bit(b'h'), 0);
    }
}
