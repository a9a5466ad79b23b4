//! Pictures people upload for organizations (a logo) and contests (a cover): what is accepted and
//! what is made of it. The bytes are sniffed here, never trusted from the browser's content type;
//! decoding and scaling happen in the app, which asks [`check_size`] once the picture's size in
//! pixels is known.

use crate::Invalid;

/// The largest upload accepted, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The smallest and largest side accepted, in pixels.
pub const SIDES: (u32, u32) = (64, 6_000);

/// The formats accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP.
    Webp,
}

/// What a picture is for, and so the picture made of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// An organization's logo: a square.
    OrgLogo,
    /// A contest's cover: the 1,200 × 630 of a shared link's picture.
    ContestCover,
}

impl Slot {
    /// The size of the picture made for this slot, in pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Self::OrgLogo => (256, 256),
            Self::ContestCover => (1_200, 630),
        }
    }

    /// The name of the slot in file names (`…-logo.png`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrgLogo => "logo",
            Self::ContestCover => "cover",
        }
    }

    /// Logos stay PNG (sharp edges, transparency); covers become JPEG (photographs).
    pub fn output(self) -> ImageFormat {
        match self {
            Self::OrgLogo => ImageFormat::Png,
            Self::ContestCover => ImageFormat::Jpeg,
        }
    }
}

impl ImageFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Webp => "webp",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }
}

/// Checks an upload's bytes: present, at most [`MAX_BYTES`], and a PNG, JPEG or WebP by its first
/// bytes.
pub fn sniff(bytes: &[u8]) -> Result<ImageFormat, Invalid> {
    if bytes.is_empty() {
        return Err(Invalid::Required);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Invalid::TooLong { max: MAX_BYTES });
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(ImageFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(ImageFormat::Jpeg)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Ok(ImageFormat::Webp)
    } else {
        Err(Invalid::Malformed)
    }
}

/// Checks a decoded picture's size: each side within [`SIDES`].
pub fn check_size(width: u32, height: u32) -> Result<(), Invalid> {
    let (min, max) = SIDES;
    if [width, height].iter().all(|side| (min..=max).contains(side)) {
        Ok(())
    } else {
        Err(Invalid::OutOfRange { min: i64::from(min), max: i64::from(max) })
    }
}

/// Whether `name` is one this site gives its pictures: 32 lowercase hex digits, the slot and the
/// extension (`3f…a9-cover.jpg`). Anything else is not looked up on disk.
pub fn is_picture_name(name: &str) -> bool {
    let Some((hash, rest)) = name.split_once('-') else { return false };
    let hex = hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex && matches!(rest, "logo.png" | "cover.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Ok(ImageFormat::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(ImageFormat::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok(ImageFormat::Webp));
        assert_eq!(sniff(b"GIF89a"), Err(Invalid::Malformed));
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), Err(Invalid::Malformed));
        assert_eq!(sniff(b""), Err(Invalid::Required));
        let big = [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0; MAX_BYTES]].concat();
        assert_eq!(sniff(&big), Err(Invalid::TooLong { max: MAX_BYTES }));
    }

    #[test]
    fn sides_are_bounded() {
        assert!(check_size(64, 6_000).is_ok());
        assert!(check_size(63, 100).is_err() && check_size(100, 6_001).is_err());
    }

    #[test]
    fn only_our_own_picture_names_are_looked_up() {
        assert!(is_picture_name("0123456789abcdef0123456789abcdef-cover.jpg"));
        assert!(is_picture_name("0123456789abcdef0123456789abcdef-logo.png"));
        for name in [
            "../etc/passwd",
            "0123456789ABCDEF0123456789abcdef-cover.jpg",
            "abc-cover.jpg",
            "0123456789abcdef0123456789abcdef-cover.png",
        ] {
            assert!(!is_picture_name(name), "{name}");
        }
    }

    proptest! {
        #[test]
        fn no_name_with_a_slash_or_dot_dot_is_ours(name in ".*") {
            if name.contains('/') || name.contains("..") || name.contains('\\') {
                prop_assert!(!is_picture_name(&name));
            }
        }
    }
}
