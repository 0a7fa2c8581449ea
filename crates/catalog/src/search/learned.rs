//! What officers of this station chose after which words: the items opened from a search, per
//! query (its normalised words). Such items come first the next time the same words are searched,
//! marked with how often they were chosen, so the bureau's habits need no lexicon entry. The
//! store keeps the counts (`search_choices`, each choice an event); an admin can clear them.

use super::normalize::query_terms;
use std::collections::HashMap;

/// Longest query remembered, in chars (longer ones are sentences, not habits).
pub const MAX_WORDS_CHARS: usize = 64;

/// Query words → the items chosen after them, most often chosen first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Learned {
    map: HashMap<String, Vec<(String, u32)>>,
}

impl Learned {
    /// From stored rows (words, code, times).
    pub fn from_rows(rows: impl IntoIterator<Item = (String, String, u32)>) -> Learned {
        let mut map: HashMap<String, Vec<(String, u32)>> = HashMap::new();
        for (words, code, times) in rows {
            map.entry(words).or_default().push((code, times));
        }
        for chosen in map.values_mut() {
            chosen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Learned { map }
    }

    /// The items chosen after exactly these (normalised) words, most often chosen first.
    pub fn chosen(&self, words: &str) -> &[(String, u32)] {
        self.map.get(words).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// A query as choices are remembered: its normalised terms, one space apart (so 擺攤 and 摆摊,
/// or extra spaces, are the same words). `None` for a query with no words or too long a one.
pub fn query_words(query: &str) -> Option<String> {
    let terms = query_terms(query);
    let words = terms.iter().map(|t| t.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
    (!words.is_empty() && words.chars().count() <= MAX_WORDS_CHARS).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalised_and_choices_ordered_by_how_often() {
        assert_eq!(query_words(" 擺攤　占道 ").as_deref(), Some("摆摊 占道"));
        assert_eq!(query_words("，。"), None);
        let learned = Learned::from_rows([
            ("摆摊".to_string(), "A".to_string(), 1),
            ("摆摊".to_string(), "B".to_string(), 3),
        ]);
        let codes: Vec<&str> = learned.chosen("摆摊").iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, vec!["B", "A"]);
        assert!(learned.chosen("占道").is_empty());
    }
}
