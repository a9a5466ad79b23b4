//! Numbers, money and dates written the way a language writes them, by CLDR's rules through ICU4X:
//! the currency's symbol where the language puts it, its grouping and decimal marks, and the
//! decimals ISO 4217 gives the currency (`US$1,500.00`, `₩2,000,000`, `1500,00 €`, `15.000,00 US$`);
//! a date and time in the language's order, month names and clock (`30 January 2027 at 7:31 pm`,
//! `2027년 1월 30일 오후 7:31`, `30 gennaio 2027 alle ore 19:31`). Used by the catalogs (counts in messages) and the
//! views of the pages and the e-mail (amounts, times); it knows neither.

use std::cell::RefCell;
use std::collections::HashMap;

use fixed_decimal::Decimal;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale_core::Locale;
use icu_locale_core::preferences::extensions::unicode::keywords::CurrencyType;
use ideaforge_domain::money::Money;

type Currencies = HashMap<(&'static str, String), Option<CurrencyFormatter<DecimalFormatter>>>;

thread_local! {
    // Formatters take about 20 µs to make from the compiled data: each worker thread keeps those it
    // made, by language (and currency).
    static CURRENCIES: RefCell<Currencies> = RefCell::new(HashMap::new());
    static NUMBERS: RefCell<HashMap<&'static str, Option<DecimalFormatter>>> = RefCell::new(HashMap::new());
    static DATES: RefCell<HashMap<&'static str, Option<DateTimeFormatter<YMDT>>>> = RefCell::new(HashMap::new());
    static DAYS: RefCell<HashMap<&'static str, Option<DateTimeFormatter<YMD>>>> = RefCell::new(HashMap::new());
}

/// The locale whose formats a catalog's language uses: international English (`US$`, `7 Dec`) for
/// English, which is not any one country's here.
fn locale(tag: &str) -> Locale {
    let tag = if tag == "en" { "en-001" } else { tag };
    tag.parse().unwrap_or(Locale::UNKNOWN)
}

/// An amount in the language `tag`: `US$1,500.00` and `₩2,000,000` in English and Korean,
/// `1500,00 €` and `15.000,00 US$` in Italian.
pub fn money_in(tag: &'static str, amount: &Money) -> String {
    let currency = amount.currency();
    let mut value = Decimal::from(amount.minor());
    value.absolute.multiply_pow10(-i16::from(currency.exponent()));
    CURRENCIES.with_borrow_mut(|cache| {
        let formatter = cache.entry((tag, currency.code().to_owned())).or_insert_with(|| {
            let kind = CurrencyType::try_from_str(&currency.code().to_ascii_lowercase()).ok()?;
            CurrencyFormatter::try_new_symbol((&locale(tag)).into(), kind, Default::default()).ok()
        });
        match formatter {
            Some(formatter) => formatter.format_fixed_decimal(&value).to_string(),
            None => format!("{value}\u{a0}{}", currency.code()),
        }
    })
}

/// A whole number grouped as the language `tag` groups it (`12,345`; `12.345` in Italian).
pub fn number_in(tag: &'static str, n: i64) -> String {
    NUMBERS.with_borrow_mut(|cache| {
        let formatter = cache
            .entry(tag)
            .or_insert_with(|| DecimalFormatter::try_new((&locale(tag)).into(), Default::default()).ok());
        match formatter {
            Some(formatter) => formatter.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    })
}

/// A wall-clock date and time (already in the reader's zone) in the language `tag`, to the minute:
/// `30 January 2027 at 7:31 pm`, `2027년 1월 30일 오후 7:31`, `30 gennaio 2027 alle ore 19:31`.
pub fn date_time_in(tag: &'static str, at: time::PrimitiveDateTime) -> String {
    let iso = || format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute());
    let Ok(date) = Date::try_new_iso(at.year(), u8::from(at.month()), at.day()) else { return iso() };
    let Ok(time) = Time::try_new(at.hour(), at.minute(), 0, 0) else { return iso() };
    DATES.with_borrow_mut(|cache| {
        let formatter = cache.entry(tag).or_insert_with(|| {
            let fields = YMDT::long().with_time_precision(TimePrecision::Minute);
            DateTimeFormatter::try_new((&locale(tag)).into(), fields).ok()
        });
        match formatter {
            Some(formatter) => formatter.format(&DateTime { date, time }).to_string(),
            None => iso(),
        }
    })
}

/// A calendar day in the language `tag`: `8 April 2027`, `2027년 4월 8일`, `8 aprile 2027`.
pub fn date_in(tag: &'static str, day: time::Date) -> String {
    let Ok(date) = Date::try_new_iso(day.year(), u8::from(day.month()), day.day()) else { return day.to_string() };
    DAYS.with_borrow_mut(|cache| {
        let formatter =
            cache.entry(tag).or_insert_with(|| DateTimeFormatter::try_new((&locale(tag)).into(), YMD::long()).ok());
        match formatter {
            Some(formatter) => formatter.format(&date).to_string(),
            None => day.to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use ideaforge_domain::money::{Currency, Money};

    use super::{date_in, date_time_in, money_in, number_in};

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let at = time::macros::datetime!(2027-01-30 19:31);
        assert_eq!(date_time_in("en", at), "30 January 2027 at 7:31\u{202f}pm");
        assert_eq!(date_time_in("it", at), "30 gennaio 2027 alle ore 19:31");
        assert_eq!(date_time_in("ko", at), "2027년 1월 30일 오후 7:31");
        assert_eq!(date_time_in("ko", time::macros::datetime!(2027-01-30 07:05)), "2027년 1월 30일 오전 7:05");
        let day = time::macros::date!(2027 - 04 - 08);
        assert_eq!(
            [date_in("en", day), date_in("it", day), date_in("ko", day)],
            ["8 April 2027", "8 aprile 2027", "2027년 4월 8일"]
        );
    }

    fn m(tag: &'static str, minor: i64, code: &str) -> String {
        money_in(tag, &Money::new(minor, Currency::parse(code).expect("currency")))
    }

    #[test]
    fn amounts_read_as_each_language_writes_them() {
        assert_eq!(m("en", 1_500_000, "USD"), "US$15,000.00");
        assert_eq!(m("en", 6_667, "USD"), "US$66.67");
        assert_eq!(m("en", 2_000_000, "KRW"), "₩2,000,000");
        assert_eq!(m("en", -320, "EUR"), "-€3.20");
        assert_eq!(m("en", 5, "USD"), "US$0.05");
        assert_eq!(m("en", 123_456_789, "JPY"), "JP¥123,456,789");
        assert_eq!(m("ko", 150_000, "USD"), "US$1,500.00");
        assert_eq!(m("ko", 2_000_000, "KRW"), "₩2,000,000");
        assert_eq!(m("it", 150_000, "EUR"), "1500,00\u{a0}€");
        assert_eq!(m("it", 1_500_000, "EUR"), "15.000,00\u{a0}€");
        assert_eq!(m("it", 1_500_000, "USD"), "15.000,00\u{a0}US$");
        assert_eq!(m("it", -320, "EUR"), "-3,20\u{a0}€");
        // A currency without a symbol in the language is named by its code.
        assert!(m("en", 100_000, "CHF").contains("CHF"));
    }

    #[test]
    fn numbers_are_grouped_by_the_language() {
        assert_eq!(number_in("en", 1_234_567), "1,234,567");
        assert_eq!(number_in("ko", 1_234_567), "1,234,567");
        assert_eq!(number_in("it", 1_234_567), "1.234.567");
        assert_eq!(number_in("it", 1_234), "1234");
        assert_eq!(number_in("en", -42), "-42");
    }
}
