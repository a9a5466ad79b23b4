//! Money as people read it in their language (see [`crate::formats`]); the API keeps sending
//! `amount_minor` and the decimal text.

use ideaforge_domain::money::Money;

use crate::i18n::Tr;

/// An amount in the reader's language: `US$1,500.00` and `₩2,000,000` in English and Korean,
/// `1500,00 €` and `15.000,00 US$` in Italian.
pub fn money(tr: &Tr, amount: &Money) -> String {
    ideaforge_locale::money_in(tr.lang(), amount)
}
