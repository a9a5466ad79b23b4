//! A tokenizer for mixed-script text: words for alphabetic scripts, overlapping character bigrams
//! for runs of Hangul, Han and kana (which have no spaces between words, or spaces that do not
//! separate searchable units), so that a Korean, Japanese or Chinese query finds the text it
//! occurs in.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::korean;

/// Splits text into words and CJK bigrams. For queries, a Korean word also loses its particle or
/// ending first (`우산이` → `우산`, `설치하는` → `설치`): documents keep every bigram of the whole
/// word, which include the bigrams of its stem, so the stem finds every form of it.
#[derive(Clone, Debug, Default)]
pub struct MultilingualTokenizer {
    /// Whether Korean particles and endings are removed (for queries).
    pub strip_korean_endings: bool,
}

/// The tokens of one text, produced one at a time into a reused token (no allocation per token
/// once its buffers have grown).
#[derive(Debug)]
pub struct MultilingualTokenStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    token: Token,
    next_position: usize,
    /// The current run of CJK characters with their offsets, and the next one to start a token.
    run: Vec<(usize, char)>,
    next_in_run: usize,
    strip_korean_endings: bool,
}
/// Whether a character belongs to a script written without word spaces (or searched by syllable).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul Compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana Phonetic Extensions
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul Syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9D    // Half-width Katakana
        | 0x20000..=0x2FA1F  // CJK Extensions B–F
    )
}

/// Tokenizes `text` into words and CJK bigrams, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokenizer = MultilingualTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

impl<'a> MultilingualTokenStream<'a> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.next_position += 1;
        self.token.text.clear();
        self.token.text.push_str(self.text.get(from..to).unwrap_or_default());
        true
    }
}

impl Tokenizer for MultilingualTokenizer {
    type TokenStream<'a> = MultilingualTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MultilingualTokenStream {
            text,
            chars: text.char_indices().peekable(),
            token: Token::default(),
            next_position: 0,
            run: Vec::new(),
            next_in_run: 0,
            strip_korean_endings: self.strip_korean_endings,
        }
    }
}

impl TokenStream for MultilingualTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            // The tokens of the current CJK run: a lone character, or each pair of neighbours.
            let len = self.run.len();
            if self.next_in_run < len {
                let (from, first) = self.run[self.next_in_run];
                let last = if len == 1 { Some(first) } else { self.run.get(self.next_in_run + 1).map(|&(_, c)| c) };
                let to = self.run.get(self.next_in_run + usize::from(len > 1)).map_or(from, |&(at, _)| at);
                self.next_in_run += 1;
                if let Some(last) = last {
                    return self.emit(from, to + last.len_utf8());
                }
                self.next_in_run = len;
            }
            let Some(&(offset, c)) = self.chars.peek() else { return false };
            if is_cjk(c) {
                self.run.clear();
                self.next_in_run = 0;
                while let Some(&(at, next)) = self.chars.peek() {
                    if !is_cjk(next) {
                        break;
                    }
                    self.run.push((at, next));
                    self.chars.next();
                }
                if self.strip_korean_endings {
                    let keep = korean::stem_len(&self.run);
                    self.run.truncate(keep);
                }
                continue;
            }
            self.chars.next();
            if c.is_alphanumeric() {
                let mut end = offset + c.len_utf8();
                while let Some(&(at, next)) = self.chars.peek() {
                    if !next.is_alphanumeric() || is_cjk(next) {
                        break;
                    }
                    end = at + next.len_utf8();
                    self.chars.next();
                }
                return self.emit(offset, end);
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The text of a pair token.
pub fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// Pairs of adjacent analysed words (`spice rack`), for a field that answers two-word phrases
/// from one posting list instead of reading both words' positions in every candidate. Only words
/// side by side pair up (a gap between parts, or a dropped over-long word, breaks the run).
pub fn pairs(words: &[Token]) -> Vec<Token> {
    words
        .windows(2)
        .filter(|w| w[1].position == w[0].position + 1)
        .map(|w| Token {
            text: pair(&w[0].text, &w[1].text),
            offset_from: w[0].offset_from,
            offset_to: w[1].offset_to,
            position: w[0].position,
            position_length: 1,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    fn texts(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_and_bigrams() {
        assert_eq!(texts("Quiet kettles, for caffè!"), ["Quiet", "kettles", "for", "caffè"]);
        assert_eq!(texts("지하철역 자전거"), ["지하", "하철", "철역", "자전", "전거"]);
        assert_eq!(texts("東京タワー"), ["東京", "京タ", "タワ", "ワー"]);
        assert_eq!(texts("e-bike 주차장 2030"), ["e", "bike", "주차", "차장", "2030"]);
        assert_eq!(texts("한"), ["한"]);
        assert!(texts("  ...  ").is_empty());
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Bici 자전거 bike";
        for token in tokenize(text) {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
        }
        let positions: Vec<usize> = tokenize(text).iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3]);
    }

    proptest::proptest! {
        /// Whatever the mix of scripts and separators: every token is a slice of the text at its
        /// offsets, positions count up from 0, words hold no separator, and CJK tokens are one or
        /// two characters.
        #[test]
        fn tokens_are_slices_of_the_text(text in "[a-zA-Zàè0-9 ,.!\\-자전거지하철東京タワー]{0,40}") {
            for (i, token) in tokenize(&text).iter().enumerate() {
                proptest::prop_assert_eq!(&text[token.offset_from..token.offset_to], token.text.as_str());
                proptest::prop_assert_eq!(token.position, i);
                proptest::prop_assert!(token.text.chars().all(char::is_alphanumeric));
                if token.text.chars().any(super::is_cjk) {
                    proptest::prop_assert!(token.text.chars().all(super::is_cjk));
                    proptest::prop_assert!((1..=2).contains(&token.text.chars().count()));
                }
            }
        }
    }
}
