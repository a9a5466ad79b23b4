//! `application/x-www-form-urlencoded` bodies.

/// Whether every key and value of a urlencoded body decodes to valid UTF-8 (serde_urlencoded
/// would silently replace invalid bytes with U+FFFD, storing text the member never typed).
pub fn decodes_to_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').flat_map(|pair| pair.split(|b| *b == b'=')).all(|part| {
        let mut decoded = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match part[i] {
                b'%' => {
                    let hex = part.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                    match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(byte) => decoded.push(byte),
                        None => return false,
                    }
                    i += 3;
                }
                b'+' => {
                    decoded.push(b' ');
                    i += 1;
                }
                byte => {
                    decoded.push(byte);
                    i += 1;
                }
            }
        }
        std::str::from_utf8(&decoded).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::decodes_to_utf8;

    #[test]
    fn only_utf8_bodies_pass() {
        assert!(decodes_to_utf8(b"name=Ada+Lovelace&email=a%40b.io"));
        assert!(decodes_to_utf8("name=%EA%B0%80".as_bytes()));
        assert!(!decodes_to_utf8(b"name=%FF%FE"));
        assert!(!decodes_to_utf8(b"name=%E"));
        assert!(!decodes_to_utf8(b"name=\xff"));
        assert!(decodes_to_utf8(b""));
    }
}
