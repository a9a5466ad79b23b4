//! Money as people type it: any text in any currency is an amount or a refusal; an amount is
//! positive, within what the ledger may hold, and reads back as the same amount.
#![no_main]

use ideaforge_domain::money::{Currency, MAX_MINOR, Money};

libfuzzer_sys::fuzz_target!(|input: &str| {
    let (code, amount) = input.split_once(' ').unwrap_or(("USD", input));
    let Ok(currency) = Currency::parse(code).or_else(|_| Currency::parse("KRW")) else { return };
    if let Ok(money) = Money::parse(amount, currency) {
        assert!((1..=MAX_MINOR).contains(&money.minor()), "{input:?}");
        assert_eq!(Money::parse(&money.decimal(), currency), Ok(money), "{input:?}");
    }
});
