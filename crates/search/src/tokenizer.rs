//! A tokenizer for mixed-script text: words for alphabetic scripts, overlapping character bigrams
//! for runs of Hangul, Han and kana (which have no spaces between words, or spaces that do not
//! separate searchable units), so that a Korean, Japanese or Chinese query finds the text it
//! occurs in.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Splits text into words and CJK bigrams.
#[derive(Clone, Debug, Default)]
pub struct MultilingualTokenizer;

/// The tokens of one text, produced one at a time into a reused token (no allocation per token
/// once its buffer has grown).
#[derive(Debug)]
pub struct MultilingualTokenStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    token: Token,
    next_position: usize,
    /// The last CJK character of the current run, and how many the run has had.
    cjk: Option<(usize, char)>,
    run: usize,
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
    let mut tokenizer = MultilingualTokenizer;
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
            cjk: None,
            run: 0,
        }
    }
}

impl TokenStream for MultilingualTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some(&(offset, c)) = self.chars.peek() else {
                // A lone CJK character at the end is a token of its own.
                return match (self.run, self.cjk.take()) {
                    (1, Some((at, lone))) => {
                        self.run = 0;
                        self.emit(at, at + lone.len_utf8())
                    }
                    _ => false,
                };
            };
            if is_cjk(c) {
                self.chars.next();
                self.run += 1;
                if let Some((previous, _)) = self.cjk.replace((offset, c)) {
                    return self.emit(previous, offset + c.len_utf8());
                }
                continue;
            }
            // Anything else ends a CJK run; a run of one character is a token of its own.
            let lone = if self.run == 1 { self.cjk } else { None };
            self.run = 0;
            self.cjk = None;
            if let Some((at, lone)) = lone {
                return self.emit(at, at + lone.len_utf8());
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

/// English stemming with a per-thread memo: the same few thousand words recur in every idea and
/// every snippet, and the Snowball algorithm costs far more than a hash lookup. Tokens that are not
/// plain ASCII letters (CJK bigrams, numbers, words with accents before folding) are left as they are.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

/// [`CachedEnglishStemmer`] over a tokenizer.
#[derive(Clone, Debug)]
pub struct CachedStemmerTokenizer<T>(T);

/// The stream of [`CachedStemmerTokenizer`].
#[derive(Debug)]
pub struct CachedStemmerStream<S>(S);

/// Words remembered per thread before the memo starts over.
const MEMO_LIMIT: usize = 100_000;

thread_local! {
    static STEMS: std::cell::RefCell<(frostem::Stemmer, std::collections::HashMap<String, String>)> =
        std::cell::RefCell::new((frostem::Stemmer::new(frostem::Algorithm::English), std::collections::HashMap::new()));
}

/// Replaces a lower-case ASCII word by its English stem, in place.
pub fn stem(word: &mut String) {
    STEMS.with(|cell| {
        let mut memo = cell.borrow_mut();
        let (stemmer, stems) = &mut *memo;
        if let Some(stem) = stems.get(word.as_str()) {
            if stem != word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = stemmer.stem(word).into_owned();
        if stems.len() >= MEMO_LIMIT {
            stems.clear();
        }
        stems.insert(word.clone(), stem.clone());
        *word = stem;
    });
}

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerTokenizer<T> {
        CachedStemmerTokenizer(tokenizer)
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerTokenizer<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream(self.0.token_stream(text))
    }
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if token.text.len() > 2 && token.text.bytes().all(|b| b.is_ascii_lowercase()) {
            stem(&mut token.text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Pairs of adjacent analysed words (`spice rack`), for a field that answers two-word phrases
/// from one posting list instead of reading both words' positions in every candidate.
#[derive(Clone)]
pub struct PairTokenizer {
    words: tantivy::tokenizer::TextAnalyzer,
}

impl std::fmt::Debug for PairTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairTokenizer").finish_non_exhaustive()
    }
}

impl PairTokenizer {
    /// Pairs of the words `words` produces.
    pub fn new(words: tantivy::tokenizer::TextAnalyzer) -> Self {
        Self { words }
    }
}

/// The text of a pair token.
pub fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// The pairs of one text.
#[derive(Debug)]
pub struct PairStream {
    words: Vec<Token>,
    next: usize,
    token: Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream {
        let mut stream = self.words.token_stream(text);
        let mut words = Vec::new();
        while stream.advance() {
            words.push(stream.token().clone());
        }
        PairStream { words, next: 0, token: Token::default() }
    }
}

impl TokenStream for PairStream {
    fn advance(&mut self) -> bool {
        while self.next + 1 < self.words.len() {
            let (first, second) = (&self.words[self.next], &self.words[self.next + 1]);
            self.next += 1;
            // Only words next to each other (a dropped over-long word leaves a gap).
            if second.position == first.position + 1 {
                self.token.text.clear();
                self.token.text.push_str(&first.text);
                self.token.text.push(' ');
                self.token.text.push_str(&second.text);
                self.token.offset_from = first.offset_from;
                self.token.offset_to = second.offset_to;
                self.token.position = first.position;
                self.token.position_length = 1;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
