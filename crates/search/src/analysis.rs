//! How text becomes terms: the language of each document is detected (whatlang) and its words are
//! stemmed by that language's Snowball stemmer, so that Italian `balconi` and `balcone` meet (and,
//! through the neighbouring stems a query also looks for, `ricarica` and `ricaricare`). English
//! terms are bare stems (`kettl`); another language's stem is bare too when the English stemmer
//! gives the same for that word (an English word in an Italian idea), and otherwise carries the
//! language's code (`it:balcon`), so that it never collides with another language's different word.
//! Korean, Japanese and Chinese are split into character bigrams by [`crate::tokenizer`] whatever
//! the document's language; a query's Korean words also lose their particles ([`crate::korean`]).
//!
//! A query word is looked up in every language present in the index (its English stem, its Italian
//! stem in both forms, …); a query of five words or more that the detector reliably places in one
//! language is looked up in that language and English only.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use ideaforge_domain::ContentLanguage;

use crate::tokenizer::MultilingualTokenizer;

/// The other form of a stem outside English: with its language's prefix or without (a query word
/// looks for both, since another form of it may have stemmed alike in English or not).
pub fn other_form(term: &str) -> Option<String> {
    match term.split_once(':') {
        Some((code, stem)) if Language::from_code(code).is_some() => Some(stem.to_owned()),
        _ => None,
    }
}

/// A language whose words are stemmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// English (also the language of text that is none of the others, or too short to tell).
    English,
    /// Italian.
    Italian,
    /// Spanish.
    Spanish,
    /// French.
    French,
    /// German.
    German,
    /// Portuguese.
    Portuguese,
}

impl Language {
    /// Every stemmed language.
    pub const ALL: [Self; 6] =
        [Self::English, Self::Italian, Self::Spanish, Self::French, Self::German, Self::Portuguese];

    /// The ISO 639-1 code, stored with each document.
    pub fn code(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::Italian => "it",
            Self::Spanish => "es",
            Self::French => "fr",
            Self::German => "de",
            Self::Portuguese => "pt",
        }
    }

    /// The language with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    fn algorithm(self) -> frostem::Algorithm {
        match self {
            Self::English => frostem::Algorithm::English,
            Self::Italian => frostem::Algorithm::Italian,
            Self::Spanish => frostem::Algorithm::Spanish,
            Self::French => frostem::Algorithm::French,
            Self::German => frostem::Algorithm::German,
            Self::Portuguese => frostem::Algorithm::Portuguese,
        }
    }

    /// What marks this language's stems in the index (nothing for English).
    fn prefix(self) -> &'static str {
        match self {
            Self::English => "",
            Self::Italian => "it:",
            Self::Spanish => "es:",
            Self::French => "fr:",
            Self::German => "de:",
            Self::Portuguese => "pt:",
        }
    }

    fn from_whatlang(lang: whatlang::Lang) -> Option<Self> {
        match lang {
            whatlang::Lang::Eng => Some(Self::English),
            whatlang::Lang::Ita => Some(Self::Italian),
            whatlang::Lang::Spa => Some(Self::Spanish),
            whatlang::Lang::Fra => Some(Self::French),
            whatlang::Lang::Deu => Some(Self::German),
            whatlang::Lang::Por => Some(Self::Portuguese),
            _ => None,
        }
    }
}

/// Which analysis the index uses (every choice can be switched off, to measure what it costs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// Detect each document's language and stem it accordingly (else: English for all).
    pub languages: bool,
    /// Remove Korean particles and endings from query words.
    pub korean_endings: bool,
}

impl Default for Analysis {
    fn default() -> Self {
        Self { languages: true, korean_endings: true }
    }
}

thread_local! {
    static DETECTOR: whatlang::Detector = whatlang::Detector::with_allowlist(vec![
        whatlang::Lang::Eng, whatlang::Lang::Ita, whatlang::Lang::Spa, whatlang::Lang::Fra,
        whatlang::Lang::Deu, whatlang::Lang::Por, whatlang::Lang::Kor, whatlang::Lang::Jpn,
        whatlang::Lang::Cmn,
    ]);
}

/// The language of a text, when it is one of the stemmed ones and the detector is confident;
/// `None` for Korean, Japanese, Chinese or text too short to tell.
pub fn detect(text: &str) -> Option<Language> {
    // The first few hundred characters tell as well as the whole, and cost a fraction.
    let end = text.char_indices().nth(600).map_or(text.len(), |(at, _)| at);
    let info = DETECTOR.with(|d| d.detect(&text[..end]))?;
    info.is_reliable().then(|| Language::from_whatlang(info.lang())).flatten()
}

/// The BCP 47 tag of a text's language (`en`, `it`, `ko`, `ja`, `zh`…), for the `lang` attribute of
/// the page showing it; `None` when the detector is not confident.
pub fn language_tag(text: &str) -> Option<&'static str> {
    let end = text.char_indices().nth(600).map_or(text.len(), |(at, _)| at);
    let info = DETECTOR.with(|d| d.detect(&text[..end]))?;
    if !info.is_reliable() {
        return None;
    }
    Some(match info.lang() {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Kor => "ko",
        whatlang::Lang::Jpn => "ja",
        whatlang::Lang::Cmn => "zh",
        _ => return None,
    })
}

/// A document's language for stemming: the one recorded with it, else detected, else English
/// (Korean, Japanese and Chinese words pass the stemmers unchanged, so English serves them).
pub fn document_language(analysis: Analysis, recorded: Option<ContentLanguage>, text: &str) -> Language {
    if !analysis.languages {
        return Language::English;
    }
    let stemmed = |language: ContentLanguage| match language {
        ContentLanguage::Italian => Language::Italian,
        ContentLanguage::Spanish => Language::Spanish,
        ContentLanguage::French => Language::French,
        ContentLanguage::German => Language::German,
        ContentLanguage::Portuguese => Language::Portuguese,
        ContentLanguage::English | ContentLanguage::Korean | ContentLanguage::Japanese | ContentLanguage::Chinese => {
            Language::English
        }
    };
    recorded.map_or_else(|| detect(text).unwrap_or(Language::English), stemmed)
}

/// The analyzer of one language: words and CJK bigrams, lower-cased, accent-folded (`caffè` is
/// `caffe`), stemmed. Queries strip Korean endings as well.
pub fn analyzer(language: Language, query: bool, analysis: Analysis) -> TextAnalyzer {
    let tokenizer = MultilingualTokenizer { strip_korean_endings: query && analysis.korean_endings };
    TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer(language))
        .build()
}

/// Every token of `text` under `analyzer`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// Words remembered per thread and language before the memo starts over.
const MEMO_LIMIT: usize = 100_000;

/// A language's stemmer and the stems it already computed.
type Memo = (frostem::Stemmer, HashMap<String, String>);

thread_local! {
    /// Per language, its memo: the same few thousand words recur in every idea and every snippet,
    /// and the Snowball algorithm costs far more than a lookup.
    static STEMS: RefCell<HashMap<Language, Memo>> = RefCell::new(HashMap::new());
}

/// Replaces a lower-case word by its stem in `language`. Outside English, a stem that differs from
/// the word's English stem carries the language's prefix (`balconi` → `it:balcon`); one that does
/// not is shared with English (an English word in an Italian idea, `kettle` → `kettl`, is one term
/// in both, so a query word needs one posting list, not one per language).
pub fn stem(language: Language, word: &mut String) {
    STEMS.with(|cell| {
        let mut memo = cell.borrow_mut();
        if let Some(stem) = memo.get(&language).and_then(|(_, stems)| stems.get(word.as_str())) {
            word.clone_from(stem);
            return;
        }
        let english = (language != Language::English).then(|| {
            let (stemmer, _) = memo
                .entry(Language::English)
                .or_insert_with(|| (frostem::Stemmer::new(Language::English.algorithm()), HashMap::new()));
            stemmer.stem(word).into_owned()
        });
        let (stemmer, stems) =
            memo.entry(language).or_insert_with(|| (frostem::Stemmer::new(language.algorithm()), HashMap::new()));
        let own = stemmer.stem(word);
        let stem = match english {
            Some(english) if english != own => format!("{}{own}", language.prefix()),
            _ => own.into_owned(),
        };
        if stems.len() >= MEMO_LIMIT {
            stems.clear();
        }
        stems.insert(std::mem::replace(word, stem.clone()), stem);
    });
}

/// Stems plain lower-case ASCII words of three letters or more (after folding); CJK bigrams,
/// numbers and short words stay as they are, and so are the same in every language.
#[derive(Clone, Copy, Debug)]
pub struct Stemmer(pub Language);

/// [`Stemmer`] over a tokenizer.
#[derive(Clone, Debug)]
pub struct StemmerTokenizer<T>(T, Language);

/// The stream of [`StemmerTokenizer`].
#[derive(Debug)]
pub struct StemmerStream<S>(S, Language);

impl TokenFilter for Stemmer {
    type Tokenizer<T: Tokenizer> = StemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmerTokenizer<T> {
        StemmerTokenizer(tokenizer, self.0)
    }
}

impl<T: Tokenizer> Tokenizer for StemmerTokenizer<T> {
    type TokenStream<'a> = StemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmerStream(self.0.token_stream(text), self.1)
    }
}

impl<S: TokenStream> TokenStream for StemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        if token.text.len() > 2 && token.text.bytes().all(|b| b.is_ascii_lowercase()) {
            stem(self.1, &mut token.text);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: Language, text: &str) -> Vec<String> {
        tokens(&mut analyzer(language, false, Analysis::default()), text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn languages_are_told_apart() {
        assert_eq!(detect("A kettle that starts boiling when you come home from work"), Some(Language::English));
        assert_eq!(detect("Un orto verticale per i balconi piccoli delle case di città"), Some(Language::Italian));
        assert_eq!(detect("지하철역 앞에 자전거 보관함을 설치합니다"), None);
    }

    #[test]
    fn pages_learn_each_texts_language_tag() {
        assert_eq!(language_tag("A kettle that starts boiling when you come home from work"), Some("en"));
        assert_eq!(language_tag("Un orto verticale per i balconi piccoli delle case di città"), Some("it"));
        assert_eq!(language_tag("지하철역 앞에 자전거 보관함을 설치합니다"), Some("ko"));
        assert_eq!(language_tag("ok"), None);
    }

    #[test]
    fn each_language_is_stemmed_and_marked() {
        assert_eq!(terms(Language::English, "Kettles boiling"), ["kettl", "boil"]);
        // A stem the English stemmer agrees on is shared with English.
        assert_eq!(terms(Language::Italian, "balconi balcone kettle"), ["it:balcon", "balcon", "kettl"]);
        // Snowball leaves these apart; queries look for such neighbours (see `query`).
        assert_eq!(terms(Language::Italian, "ricarica ricaricare"), ["it:ricar", "it:ricaric"]);
        assert_eq!(terms(Language::Italian, "caffè tv 2030 자전거"), ["caff", "tv", "2030", "자전", "전거"]);
    }
}
