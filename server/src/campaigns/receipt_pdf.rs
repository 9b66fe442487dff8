//! The receipt as a one-page A4 PDF, written with `pdf-writer` in the
//! standard Helvetica fonts (every reader has them, so nothing is embedded
//! and the file stays a few kilobytes). Text is encoded in WinAnsi, which
//! holds every Italian letter and the euro sign; lines are wrapped with
//! Helvetica's own character widths.

use super::receipts::Receipt;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// Renders the receipt; the result starts with `%PDF`.
pub fn render(receipt: &Receipt) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, pages, page, regular, bold, content, info) =
        (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4), Ref::new(5), Ref::new(6), Ref::new(7));
    pdf.catalog(catalog).pages(pages).lang(TextStr("it-IT"));
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).parent(pages).contents(content);
    p.resources().fonts().pair(REGULAR, regular).pair(BOLD, bold);
    p.finish();
    for (id, base) in [(regular, Name(b"Helvetica")), (bold, Name(b"Helvetica-Bold"))] {
        pdf.type1_font(id).base_font(base).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    let title = format!("Ricevuta n. {}", receipt.number);
    pdf.document_info(info).title(TextStr(&title)).producer(TextStr("Legami"));
    pdf.stream(content, &page_content(receipt, &title).finish());
    pdf.finish()
}

fn page_content(r: &Receipt, title: &str) -> Content {
    let org = &r.organisation;
    let mut w = Writer { content: Content::new(), y: PAGE_HEIGHT - MARGIN };
    w.paragraph(BOLD, 12.0, &org.name);
    w.paragraph(REGULAR, 10.0, &org.address);
    w.paragraph(REGULAR, 10.0, &format!("Codice fiscale: {}", org.tax_code));
    w.gap(24.0);
    w.paragraph(BOLD, 18.0, title);
    if let Some((at, reason)) = &r.cancelled {
        w.gap(6.0);
        w.content.set_fill_rgb(0.7, 0.0, 0.0);
        w.paragraph(BOLD, 12.0, &format!("RICEVUTA ANNULLATA il {at} — motivo: {reason}"));
        w.content.set_fill_rgb(0.0, 0.0, 0.0);
    }
    w.gap(12.0);
    w.paragraph(REGULAR, 11.0, &format!("Data: {}", r.date));
    w.gap(8.0);
    w.paragraph(REGULAR, 11.0, &format!("Si dichiara di aver ricevuto da {}", r.donor));
    if let Some(code) = &r.donor_tax_code {
        w.paragraph(REGULAR, 11.0, &format!("Codice fiscale: {code}"));
    }
    w.gap(8.0);
    w.paragraph(BOLD, 14.0, &format!("la somma di {}", r.amount));
    w.gap(8.0);
    w.paragraph(REGULAR, 11.0, &format!("a titolo di erogazione liberale per la campagna «{}».", r.campaign));
    w.paragraph(REGULAR, 11.0, &format!("Modalità di pagamento: {}.", r.method));
    if let Some(goods) = &r.goods {
        w.gap(8.0);
        w.paragraph(REGULAR, 11.0, &format!("Beni donati: {goods} (valore dichiarato dal donatore)"));
    }
    w.gap(16.0);
    w.paragraph(REGULAR, 10.0, r.statement);
    w.content
}

/// A cursor going down the page.
struct Writer {
    content: Content,
    y: f32,
}

impl Writer {
    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// Writes wrapped text; stops at the bottom margin rather than overflow
    /// (a receipt's free texts are bounded well below a page).
    fn paragraph(&mut self, font: Name, size: f32, text: &str) {
        let leading = size * 1.35;
        for line in wrap(text, size, font == BOLD, PAGE_WIDTH - 2.0 * MARGIN) {
            if self.y - leading < MARGIN {
                return;
            }
            self.y -= leading;
            let encoded = win_ansi(&line);
            self.content.begin_text().set_font(font, size).next_line(MARGIN, self.y).show(Str(&encoded)).end_text();
        }
    }
}

/// Greedy word wrap by measured width; a word longer than a line is cut.
fn wrap(text: &str, size: f32, bold: bool, max_width: f32) -> Vec<String> {
    let width = |s: &str| s.chars().map(|c| glyph_width(c, bold)).sum::<f32>() * size / 1000.0;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if width(&candidate) <= max_width || line.is_empty() && width(word) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if width(&line) + glyph_width(c, bold) * size / 1000.0 > max_width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Helvetica advance widths in thousandths of the font size (from its AFM);
/// accented letters take their base letter's width. Bold is a little wider.
fn glyph_width(c: char, bold: bool) -> f32 {
    const ASCII: &[u16; 95] = &[
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
    ];
    let base = match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'À' | 'Á' => 'A',
        'È' | 'É' => 'E',
        'Ì' => 'I',
        'Ò' => 'O',
        'Ù' => 'U',
        c => c,
    };
    let w = match base {
        ' '..='~' => f32::from(ASCII[base as usize - 32]),
        '—' => 1000.0,
        _ => 556.0,
    };
    if bold {
        w * 1.06
    } else {
        w
    }
}

/// UTF-8 to Windows-1252 (the standard fonts' WinAnsiEncoding); a character
/// outside it becomes `?` rather than garbage.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{a0}'..='\u{ff}' => c as u8,
            '\u{202f}' | '\u{2009}' => b' ',
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_letters_and_the_euro_sign_are_win_ansi() {
        assert_eq!(win_ansi("Modalità: 12,50 €"), b"Modalit\xe0: 12,50 \x80".to_vec());
        assert_eq!(win_ansi("«è» — 世"), b"\xab\xe8\xbb \x97 ?".to_vec());
    }

    #[test]
    fn lines_fit_the_page_and_keep_every_word() {
        let text = "Erogazione liberale effettuata con strumento tracciabile, detraibile o deducibile ai sensi \
                    dell'art. 83 del D.Lgs. 3 luglio 2017, n. 117";
        let lines = wrap(text, 10.0, false, 200.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.join(" "), text);
        let long = "x".repeat(400);
        assert!(wrap(&long, 10.0, false, 200.0).iter().all(|l| l.len() < 100));
    }
}
