//! Uploaded files are accepted by what they are, not by their name: the
//! first bytes decide the type.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Pdf,
    Jpeg,
    Png,
}

impl DocKind {
    pub fn mime(self) -> &'static str {
        match self {
            DocKind::Pdf => "application/pdf",
            DocKind::Jpeg => "image/jpeg",
            DocKind::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocKind::Pdf => "pdf",
            DocKind::Jpeg => "jpg",
            DocKind::Png => "png",
        }
    }
}

/// The document type of `bytes`, by signature; `None` for anything else
/// (an executable renamed `.pdf` is `None`).
pub fn sniff(bytes: &[u8]) -> Option<DocKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(DocKind::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(DocKind::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(DocKind::Png)
    } else {
        None
    }
}

/// Largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(DocKind::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(DocKind::Jpeg));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), Some(DocKind::Png));
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01"), None, "an executable, whatever its name");
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(sniff(b""), None);
    }
}
