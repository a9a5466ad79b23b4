//! Cross-site request forgery protection by Fetch Metadata and Origin, as browsers send them.
//!
//! A state-changing request is refused when the browser says it came from another site
//! (`Sec-Fetch-Site: cross-site` or `same-site`), or, for browsers without Fetch Metadata, when its
//! `Origin` names another host. Requests with neither header are not from a browser (curl, API
//! clients with bearer tokens) and carry no ambient credentials to abuse, so they pass.

/// The request came from another origin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cross-origin request refused")]
pub struct CrossSite;

/// Checks a state-changing request's headers. `host` is the request's `Host` header.
pub fn check_same_origin(
    sec_fetch_site: Option<&str>,
    origin: Option<&str>,
    host: Option<&str>,
) -> Result<(), CrossSite> {
    if let Some(site) = sec_fetch_site {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err(CrossSite),
        };
    }
    match origin {
        None => Ok(()),
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            match (origin_host, host) {
                (Some(o), Some(h)) if o.eq_ignore_ascii_case(h) => Ok(()),
                _ => Err(CrossSite),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions() {
        let host = Some("ideas.example:3000");
        let cases = [
            (Some("same-origin"), None, true),
            (Some("none"), None, true),
            (Some("cross-site"), None, false),
            (Some("same-site"), None, false),
            (Some("cross-site"), Some("http://ideas.example:3000"), false),
            (None, Some("http://ideas.example:3000"), true),
            (None, Some("https://evil.example"), false),
            (None, Some("null"), false),
            (None, None, true),
        ];
        for (site, origin, allowed) in cases {
            assert_eq!(check_same_origin(site, origin, host).is_ok(), allowed, "{site:?} {origin:?}");
        }
    }
}
