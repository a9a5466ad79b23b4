//! Money as people read it: the currency's symbol, thousands grouped, and decimals only where the
//! amount has them (`US$15,000`, `US$66.67`, `₩2,000,000`). English formats for now; the interface
//! languages bring their own (the API keeps sending `amount_minor` and the decimal text).

use ideaforge_domain::money::Money;

/// The symbol written before an amount: CLDR's English one, or the code and a space where English
/// has none.
fn symbol(code: &str) -> &'static str {
    match code {
        "USD" => "US$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "KRW" => "₩",
        "CNY" => "CN¥",
        "INR" => "₹",
        "AUD" => "A$",
        "CAD" => "CA$",
        "BRL" => "R$",
        "CHF" => "CHF\u{a0}",
        "DKK" => "DKK\u{a0}",
        "NOK" => "NOK\u{a0}",
        "PLN" => "PLN\u{a0}",
        "SEK" => "SEK\u{a0}",
        _ => "",
    }
}

/// Digits grouped by three with commas.
fn grouped(whole: u64) -> String {
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// An amount for people: `US$15,000`, `US$1,500.50`, `-€3.20`, `₩2,000,000`.
pub fn money(amount: &Money) -> String {
    let currency = amount.currency();
    let exponent = u32::from(currency.exponent());
    let sign = if amount.minor() < 0 { "-" } else { "" };
    let abs = amount.minor().unsigned_abs();
    let scale = 10_u64.pow(exponent);
    let (whole, fraction) = (abs / scale, abs % scale);
    let prefix = symbol(currency.code());
    let suffix = if prefix.is_empty() { format!("\u{a0}{}", currency.code()) } else { String::new() };
    if fraction == 0 {
        return format!("{sign}{prefix}{}{suffix}", grouped(whole));
    }
    let width = exponent as usize;
    format!("{sign}{prefix}{}.{fraction:0width$}{suffix}", grouped(whole))
}

#[cfg(test)]
mod tests {
    use ideaforge_domain::money::{Currency, Money};

    use super::money;

    fn m(minor: i64, code: &str) -> String {
        money(&Money::new(minor, Currency::parse(code).expect("currency")))
    }

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(m(1_500_000, "USD"), "US$15,000");
        assert_eq!(m(6_667, "USD"), "US$66.67");
        assert_eq!(m(150_050, "USD"), "US$1,500.50");
        assert_eq!(m(2_000_000, "KRW"), "₩2,000,000");
        assert_eq!(m(-320, "EUR"), "-€3.20");
        assert_eq!(m(5, "USD"), "US$0.05");
        assert_eq!(m(0, "GBP"), "£0");
        assert_eq!(m(123_456_789, "JPY"), "¥123,456,789");
        assert_eq!(m(100_000, "CHF"), "CHF\u{a0}1,000");
        assert_eq!(m(999, "USD"), "US$9.99");
    }
}
