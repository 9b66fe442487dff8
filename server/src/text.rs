//! Text the server writes by hand: HTML for the few pages outside Leptos
//! (receipts, the card checkout, the widget) and CSV exports.

pub use shared::text::html_escape;

/// Quotes a CSV field when needed, and defuses text a spreadsheet would run
/// as a formula.
pub fn csv_field(s: &str) -> String {
    let s =
        if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One CSV line, newline included.
pub fn csv_line(fields: &[String]) -> String {
    let mut line = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

/// Cents as a plain decimal euro amount for CSV: `-0.50`, `1234.56`.
pub fn euros(cents: i64) -> String {
    format!("{}{}.{:02}", if cents < 0 { "-" } else { "" }, (cents / 100).abs(), (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields() {
        assert_eq!(csv_field("Rossi, Anna"), "\"Rossi, Anna\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-12.50"), "-12.50");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn euro_amounts_keep_their_sign() {
        assert_eq!(euros(123456), "1234.56");
        assert_eq!(euros(-50), "-0.50");
        assert_eq!(euros(0), "0.00");
    }

    #[test]
    fn html() {
        assert_eq!(html_escape("<b a=\"x\">&</b>"), "&lt;b a=&quot;x&quot;&gt;&amp;&lt;/b&gt;");
    }
}
