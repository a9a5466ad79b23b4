//! A tokenizer for mixed-script text: words for alphabetic scripts, overlapping character bigrams
//! for runs of Hangul, Han and kana (which have no spaces between words, or spaces that do not
//! separate searchable units), so that a Korean, Japanese or Chinese query finds the text it
//! occurs in.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Splits text into words and CJK bigrams.
#[derive(Clone, Debug, Default)]
pub struct MultilingualTokenizer;

/// The tokens of one text, computed up front.
#[derive(Debug)]
pub struct MultilingualTokenStream {
    tokens: Vec<Token>,
    index: usize,
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

fn push(tokens: &mut Vec<Token>, text: &str, from: usize, to: usize) {
    let position = tokens.len();
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text: text[from..to].to_owned(),
        position_length: 1,
    });
}

fn flush_cjk(tokens: &mut Vec<Token>, text: &str, run: &[(usize, char)]) {
    match run {
        [] => {}
        [(start, c)] => push(tokens, text, *start, start + c.len_utf8()),
        _ => {
            for pair in run.windows(2) {
                let (start, _) = pair[0];
                let (second, c) = pair[1];
                push(tokens, text, start, second + c.len_utf8());
            }
        }
    }
}

/// Tokenizes `text` into words and CJK bigrams, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut cjk_run: Vec<(usize, char)> = Vec::new();
    for (offset, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(start) = word_start.take() {
                push(&mut tokens, text, start, offset);
            }
            cjk_run.push((offset, c));
        } else if c.is_alphanumeric() {
            flush_cjk(&mut tokens, text, &cjk_run);
            cjk_run.clear();
            word_start.get_or_insert(offset);
        } else {
            flush_cjk(&mut tokens, text, &cjk_run);
            cjk_run.clear();
            if let Some(start) = word_start.take() {
                push(&mut tokens, text, start, offset);
            }
        }
    }
    flush_cjk(&mut tokens, text, &cjk_run);
    if let Some(start) = word_start {
        push(&mut tokens, text, start, text.len());
    }
    tokens
}

impl Tokenizer for MultilingualTokenizer {
    type TokenStream<'a> = MultilingualTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MultilingualTokenStream { tokens: tokenize(text), index: 0 }
    }
}

impl TokenStream for MultilingualTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
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

/// The English stem of a lower-case ASCII word.
pub fn stem(word: &str) -> String {
    STEMS.with(|cell| {
        let mut memo = cell.borrow_mut();
        let (stemmer, stems) = &mut *memo;
        if let Some(stem) = stems.get(word) {
            return stem.clone();
        }
        let stem = stemmer.stem(word).into_owned();
        if stems.len() >= MEMO_LIMIT {
            stems.clear();
        }
        stems.insert(word.to_owned(), stem.clone());
        stem
    })
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
            token.text = stem(&token.text);
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
