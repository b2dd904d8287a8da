//! How attached files' names are kept and shown. Which files may be attached is a rule of the
//! domain (`redress_domain::attachments`): the content decides.

use redress_domain::attachments::extension;
pub use redress_domain::attachments::{Kind, check};

/// The name to keep for an uploaded file: its last path segment, without control characters
/// or leading dots, at most 200 characters (keeping the extension); `attachment` when nothing
/// is left.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return "attachment".into();
    }
    const MAX: usize = 200;
    if cleaned.chars().count() <= MAX {
        return cleaned.to_owned();
    }
    let ext = extension(cleaned)
        .filter(|e| e.chars().count() <= 10)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let stem: String = cleaned.chars().take(MAX - ext.chars().count()).collect();
    format!("{}{ext}", stem.trim_end())
}

/// `Content-Disposition: attachment` with the file's name: an ASCII fallback in `filename` (no
/// quotes, backslashes or other characters a header could be confused by) and, when the name
/// is not plain ASCII, the exact name in `filename*` (RFC 6266, RFC 5987).
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut header = format!("attachment; filename=\"{ascii}\"");
    if ascii != file_name {
        let mut encoded = String::new();
        for b in file_name.bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                encoded.push(char::from(b));
            } else {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
        header.push_str(&format!("; filename*=UTF-8''{encoded}"));
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_their_last_segment_and_lose_what_could_mislead() {
        assert_eq!(clean_file_name("C:\\Users\\mary\\letter.pdf"), "letter.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name(".hidden.txt"), "hidden.txt");
        assert_eq!(clean_file_name("a\r\nb.txt"), "ab.txt");
        assert_eq!(clean_file_name("  "), "attachment");
        let long = format!("{}.pdf", "x".repeat(300));
        let kept = clean_file_name(&long);
        assert_eq!(kept.chars().count(), 200);
        assert!(kept.ends_with(".pdf"));
    }

    #[test]
    fn the_download_name_cannot_break_out_of_its_header() {
        assert_eq!(
            content_disposition("letter.pdf"),
            "attachment; filename=\"letter.pdf\""
        );
        assert_eq!(
            content_disposition("a\"b\\c;.pdf"),
            "attachment; filename=\"a_b_c;.pdf\"; filename*=UTF-8''a%22b%5Cc%3B.pdf"
        );
        assert_eq!(
            content_disposition("Lettre reçue.pdf"),
            "attachment; filename=\"Lettre re_ue.pdf\"; filename*=UTF-8''Lettre%20re%C3%A7ue.pdf"
        );
    }
}
