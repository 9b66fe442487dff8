//! Text helpers both sides need: the server writes a few HTML pages by
//! hand, and the map builds marker labels as HTML for Leaflet.

/// Escapes text for HTML element content and quoted attributes.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_is_inert() {
        assert_eq!(
            super::html_escape(r#"<b a="1">O'Neil & co</b>"#),
            "&lt;b a=&quot;1&quot;&gt;O&#39;Neil &amp; co&lt;/b&gt;"
        );
    }
}
