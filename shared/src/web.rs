//! Rules about where a request comes from and where a page may send the
//! reader next: pure, so the server's middleware and the browser's sign-in
//! page apply the same ones.

/// The origin (`scheme://host[:port]`, lower-case) of an absolute URL, as
/// browsers write it in `Origin`; `None` for anything that is not one.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let scheme_ok = !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    let authority_ok =
        !authority.is_empty() && !authority.contains('@') && authority.bytes().all(|b| b.is_ascii_graphic());
    (scheme_ok && authority_ok).then(|| format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
}

/// Whether a state-changing request comes from one of `allowed` origins:
/// its `Origin` header decides when present (`null` is never allowed),
/// else its `Referer`; a request with neither is refused, since every
/// browser sends one of them with a form or a script's request, and a
/// program calling the API can send `Origin` itself.
pub fn same_origin(origin: Option<&str>, referer: Option<&str>, allowed: &[&str]) -> bool {
    let claimed = match (origin, referer) {
        (Some(o), _) => origin_of(o.trim()),
        (None, Some(r)) => origin_of(r.trim()),
        (None, None) => None,
    };
    claimed.is_some_and(|c| allowed.iter().any(|a| origin_of(a).as_deref() == Some(c.as_str())))
}

/// A place to go after signing in: only a path of this site. Refused:
/// other hosts (`//host`, `/\host`, which browsers read as `//host`), and
/// control characters or spaces (browsers drop tabs and newlines from URLs,
/// so `/\t/host` would become `//host`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextPath(String);

impl NextPath {
    pub fn parse(raw: &str) -> Option<NextPath> {
        let mut chars = raw.chars();
        let local = chars.next() == Some('/') && !matches!(chars.next(), Some('/') | Some('\\'));
        let clean = !raw.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        (local && clean).then(|| NextPath(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: &[&str] = &["https://legami.example.org"];

    #[test]
    fn origins_are_compared_whole() {
        assert!(same_origin(Some("https://legami.example.org"), None, HERE));
        assert!(same_origin(Some("HTTPS://Legami.Example.org"), None, HERE));
        assert!(!same_origin(Some("https://evil.example"), None, HERE));
        assert!(!same_origin(Some("https://legami.example.org.evil.example"), None, HERE));
        assert!(!same_origin(Some("http://legami.example.org"), None, HERE), "another scheme");
        assert!(!same_origin(Some("https://legami.example.org:8443"), None, HERE), "another port");
        assert!(!same_origin(Some("null"), None, HERE));
        assert!(!same_origin(Some(""), None, HERE));
    }

    #[test]
    fn the_origin_header_wins_over_the_referer() {
        let good = Some("https://legami.example.org/campagne/x");
        assert!(!same_origin(Some("https://evil.example"), good, HERE));
        assert!(same_origin(None, good, HERE));
        assert!(!same_origin(None, Some("https://evil.example/?https://legami.example.org/"), HERE));
        assert!(!same_origin(None, Some("https://legami.example.org@evil.example/"), HERE));
        assert!(!same_origin(None, None, HERE), "neither header: refused");
    }

    #[test]
    fn only_local_paths_come_next() {
        for ok in ["/", "/bandi", "/bandi/domande/3?tab=review#x", "/%2F%2Fevil.example"] {
            assert_eq!(NextPath::parse(ok).map(|n| n.as_str().to_owned()), Some(ok.to_owned()), "{ok}");
        }
        for bad in [
            "",
            "bandi",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/ok\\..\\x",
            " /bandi",
        ] {
            assert_eq!(NextPath::parse(bad), None, "{bad:?}");
        }
    }
}
