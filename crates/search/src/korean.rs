//! Korean words in queries: a noun or verb stem carries particles and endings (`우산이`, `자전거를`,
//! `설치하는`, `충전해요`). Documents are indexed by every character bigram of each word, which
//! include the bigrams of its stem; a query word loses its particle or ending first, so that
//! `우산이` looks for `우산` and finds `우산을`, `우산의` and `우산` alike.
//!
//! This is suffix stripping, not a morphological analysis: it removes the most common particles
//! and the endings of `하다`/`되다` verbs, and only when at least two syllables remain, so that a
//! short noun which merely ends like a particle (`사과`, `도로`) keeps its last syllable.

/// Particles and endings, longest first within each length (checked longest first overall).
const ENDINGS: &[&str] = &[
    // Verb and adjective endings after a noun (하다, 되다, 시키다) and the copula.
    "하였습니다",
    "되었습니다",
    "했습니다",
    "됐습니다",
    "하겠습니다",
    "시킵니다",
    "하려면",
    "하도록",
    "하세요",
    "했어요",
    "합니다",
    "됩니다",
    "입니다",
    "이에요",
    "해주는",
    "하는데",
    "하기",
    "하게",
    "하고",
    "하는",
    "하다",
    "하면",
    "하며",
    "하여",
    "해서",
    "해요",
    "했다",
    "되는",
    "되다",
    "되고",
    "되면",
    "된다",
    "시키는",
    "이라는",
    "이라고",
    "라는",
    "라고",
    "이다",
    "에요",
    "예요",
    "할",
    "한",
    "해",
    "된",
    "될",
    // Particles, with the plural 들 and combinations.
    "에게서",
    "에서는",
    "에서도",
    "에서의",
    "에서만",
    "으로는",
    "으로도",
    "으로서",
    "으로써",
    "으로의",
    "으로만",
    "이라도",
    "들에게",
    "에서",
    "에게",
    "한테",
    "께서",
    "으로",
    "까지",
    "부터",
    "보다",
    "처럼",
    "마다",
    "이랑",
    "이나",
    "에는",
    "에도",
    "에만",
    "로는",
    "로도",
    "로서",
    "로써",
    "로의",
    "로만",
    "와는",
    "과는",
    "와도",
    "과도",
    "와의",
    "과의",
    "만의",
    "밖에",
    "만큼",
    "조차",
    "마저",
    "이며",
    "이고",
    "이면",
    "라도",
    "들이",
    "들을",
    "들은",
    "들의",
    "들도",
    "들과",
    "들로",
    "이",
    "가",
    "을",
    "를",
    "은",
    "는",
    "의",
    "에",
    "께",
    "로",
    "와",
    "과",
    "도",
    "만",
    "랑",
    "뿐",
    "들",
];

/// Whether every character is a Hangul syllable.
fn all_hangul(run: &[(usize, char)]) -> bool {
    run.iter().all(|&(_, c)| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// How many leading characters of a run of CJK characters (with their offsets) to keep: all of
/// them, unless it is a Korean word ending in a particle or ending with at least two syllables
/// before it. Strips twice at most (`우산들을` → `우산들` → `우산`).
pub fn stem_len(run: &[(usize, char)]) -> usize {
    let mut keep = run.len();
    if !all_hangul(run) {
        return keep;
    }
    for _ in 0..2 {
        let word: String = run[..keep].iter().map(|&(_, c)| c).collect();
        let ending = ENDINGS
            .iter()
            .filter(|e| word.ends_with(*e) && keep >= e.chars().count() + 2)
            .max_by_key(|e| e.chars().count());
        match ending {
            Some(e) => keep -= e.chars().count(),
            None => break,
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::stem_len;

    fn stem(word: &str) -> String {
        let run: Vec<(usize, char)> = word.char_indices().collect();
        word.chars().take(stem_len(&run)).collect()
    }

    #[test]
    fn particles_and_endings_go() {
        for (word, expected) in [
            ("우산이", "우산"),
            ("자전거를", "자전거"),
            ("자전거의", "자전거"),
            ("지하철역에서", "지하철역"),
            ("설치하는", "설치"),
            ("충전해요", "충전"),
            ("충전합니다", "충전"),
            ("우산들을", "우산"),
            ("보관함으로", "보관함"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn short_words_and_other_scripts_stay() {
        for word in ["사과", "도로", "우산", "책을", "東京", "자전거"] {
            assert_eq!(stem(word), word, "{word}");
        }
    }
}
