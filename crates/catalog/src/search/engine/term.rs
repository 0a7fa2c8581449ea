//! A query term prepared once per search for matching against every document.
//!
//! [`Term::new`] precomputes everything per-document matching would otherwise redo: prefilter
//! bits to compare with each document's keys, per-syllable transition tables for the pinyin
//! automaton, and the term's score against every interned law name. This module only prepares;
//! the automaton that uses the tables is `pinyin_scan.rs`, the matching order is `matching.rs`.

use super::index::{ascii_bit, bloom_bit, DocKeys, SearchIndex};
use super::matching::find;
use super::pinyin_scan::MAX_PINYIN_TERM;
use super::score::{LAW, LEN_WEIGHT, START_WEIGHT};
use crate::search::pinyin_keys::{letter_bit, pack, packed_len, PinyinTable};

/// A query term prepared for matching against every document.
pub(super) struct Term {
    pub(super) chars: Vec<char>,
    /// Bloom bits of every char (literal matching needs them all in the name).
    pub(super) bloom: u128,
    /// Bloom bits of the non-letter chars (pinyin matching needs those literally).
    literal_bloom: u128,
    pub(super) ascii: u64,
    pub(super) has_ascii: bool,
    /// Only ASCII alphanumerics: could be (part of) a code.
    pub(super) code_like: bool,
    /// No ASCII alphanumerics: chunked literal matching applies (single Latin letters scattered
    /// over a name mean nothing).
    pub(super) chunkable: bool,
    /// Letters of the term (each must occur in some reading or Latin letter of the name).
    letters: u32,
    /// Bit for the first char when it is a letter: the first name char used must start with it.
    first_initial: u32,
    /// Per syllable id: the term offsets a char with that reading can start a piece at.
    pub(super) syl_start: Vec<u64>,
    /// Per syllable id and term offset `j` (index `id * len + j`): the end offsets a piece of
    /// that reading starting at `j` can reach. Precomputed per query (≈ 420 syllables × term
    /// length) so the scan does one load per transition.
    pub(super) syl_ends: Vec<u64>,
    /// Offsets of each letter a–z in the term.
    letter_pos: [u64; 26],
    /// Offsets of the other chars (digits, ideographs), matched only literally.
    pub(super) other_pos: Vec<(char, u64)>,
    pinyin_ok: bool,
    /// Fewest name chars a pinyin match can span (the scan stops when it finds one).
    pub(super) min_span: usize,
    /// Score of this term against each interned law name, if it occurs in it.
    pub(super) law_scores: Vec<Option<i64>>,
}

impl Term {
    pub(super) fn new(chars: &[char], index: &SearchIndex) -> Term {
        let mut t = Term {
            chars: chars.to_vec(),
            bloom: 0,
            literal_bloom: 0,
            ascii: 0,
            has_ascii: false,
            code_like: true,
            chunkable: true,
            letters: 0,
            first_initial: 0,
            letter_pos: [0; 26],
            syl_start: Vec::new(),
            syl_ends: Vec::new(),
            other_pos: Vec::new(),
            pinyin_ok: false,
            min_span: 1,
            law_scores: Vec::new(),
        };
        for (j, &c) in chars.iter().enumerate() {
            t.bloom |= bloom_bit(c);
            let a = ascii_bit(c);
            t.ascii |= a;
            if a != 0 {
                t.has_ascii = true;
                t.chunkable = false;
            } else {
                t.code_like = false;
            }
            let bit = 1u64.checked_shl(j as u32).unwrap_or(0);
            if c.is_ascii_lowercase() {
                t.letters |= letter_bit(c as u8);
                t.letter_pos[(c as u8 - b'a') as usize] |= bit;
            } else {
                t.literal_bloom |= bloom_bit(c);
                match t.other_pos.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, m)) => *m |= bit,
                    None => t.other_pos.push((c, bit)),
                }
            }
        }
        if let Some(&c0) = chars.first() {
            if c0.is_ascii_lowercase() {
                t.first_initial = letter_bit(c0 as u8);
            }
        }
        let bytes: Vec<u8> =
            chars.iter().map(|&c| if c.is_ascii_lowercase() { c as u8 } else { 0xFF }).collect();
        t.pinyin_ok = t.letters != 0 && chars.len() <= MAX_PINYIN_TERM;
        if t.pinyin_ok {
            let table = PinyinTable::get();
            t.min_span = table.min_pieces(&bytes).max(1);
            t.syl_start = (0..table.syllable_count())
                .map(|id| if id == 0 { 0 } else { t.letter_pos[table.first_letter(id)] })
                .collect();
            let packed: Vec<u64> = (0..bytes.len()).map(|j| pack(&bytes[j..])).collect();
            t.syl_ends = (0..table.syllable_count())
                .flat_map(|id| {
                    let r = table.syllable(id);
                    packed.iter().enumerate().map(move |(j, &q)| {
                        // Common prefix of reading and term from j: the first differing byte.
                        let l = ((r ^ q).trailing_zeros() / 8).min(packed_len(r));
                        // Offsets j+1 ..= j+l.
                        ((1u64 << l) - 1) << (j + 1)
                    })
                })
                .collect();
        }
        t.law_scores = index
            .laws
            .iter()
            .map(|law| {
                find(law, chars).map(|at| {
                    LAW - (law.len() - chars.len()) as i64 * LEN_WEIGHT - at as i64 * START_WEIGHT
                })
            })
            .collect();
        t
    }

    /// Cheap necessary conditions for a pinyin match.
    pub(super) fn pinyin_possible(&self, k: &DocKeys) -> bool {
        self.pinyin_ok
            && (self.letters & !k.letters) == 0
            && (self.first_initial & !k.initials) == 0
            && (self.literal_bloom & !k.bloom) == 0
    }
}
