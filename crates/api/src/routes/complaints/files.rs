//! Which files may go on a complaint's record, and how their names are kept and shown.
//!
//! A file is accepted when its declared content type is one of the kinds below, its name (if it
//! has an extension) fits that kind, and its first bytes are what that kind starts with. The
//! content decides, never the name alone: a "PDF" whose bytes are a PNG is refused, and so is
//! anything that starts like a program.

/// A kind of file that may be attached.
#[derive(Debug)]
pub struct Kind {
    /// What people call it, for messages.
    pub name: &'static str,
    /// The content type it is stored and served with.
    pub content_type: &'static str,
    /// Other names clients send for the same type.
    aliases: &'static [&'static str],
    extensions: &'static [&'static str],
    content: Content,
}

/// How a kind is told from its content.
#[derive(Debug)]
enum Content {
    /// By its first bytes.
    Magic(fn(&[u8]) -> bool),
    /// It has no magic number: text.
    Text,
}

impl Kind {
    fn looks_like(&self, b: &[u8]) -> bool {
        match self.content {
            Content::Magic(starts) => starts(b),
            Content::Text => text(b),
        }
    }
}

const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ZIP: &[u8] = b"PK\x03\x04";

fn pdf(b: &[u8]) -> bool {
    // The header may follow a little junk; readers look within the first kilobyte.
    b[..b.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}
fn png(b: &[u8]) -> bool {
    b.starts_with(b"\x89PNG\r\n\x1a\n")
}
fn jpeg(b: &[u8]) -> bool {
    b.starts_with(b"\xFF\xD8\xFF")
}
fn gif(b: &[u8]) -> bool {
    b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")
}
fn riff(b: &[u8], form: &[u8]) -> bool {
    b.len() >= 12 && b.starts_with(b"RIFF") && &b[8..12] == form
}
fn webp(b: &[u8]) -> bool {
    riff(b, b"WEBP")
}
fn wav(b: &[u8]) -> bool {
    riff(b, b"WAVE")
}
/// An ISO base media file (`....ftyp` + brand) of one of these brands.
fn iso_media(b: &[u8], brands: &[&[u8]]) -> bool {
    b.len() >= 12 && &b[4..8] == b"ftyp" && brands.contains(&&b[8..12])
}
fn heic(b: &[u8]) -> bool {
    iso_media(
        b,
        &[
            b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
        ],
    )
}
fn m4a(b: &[u8]) -> bool {
    iso_media(
        b,
        &[
            b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"3gp4", b"3gp5",
        ],
    )
}
fn mp3(b: &[u8]) -> bool {
    b.starts_with(b"ID3") || (b.len() >= 2 && b[0] == 0xFF && b[1] & 0xE0 == 0xE0)
}
fn ole2(b: &[u8]) -> bool {
    b.starts_with(OLE2)
}
fn zip(b: &[u8]) -> bool {
    b.starts_with(ZIP)
}
/// Text has no magic number: it is text when it has no control characters but the usual
/// whitespace (and no NUL, which no text encoding we accept contains).
fn text(b: &[u8]) -> bool {
    !b.iter()
        .any(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
}

/// The kinds of file accepted: documents, images, emails and voice notes.
pub static KINDS: &[Kind] = &[
    Kind {
        name: "a PDF document",
        content_type: "application/pdf",
        aliases: &["application/x-pdf"],
        extensions: &["pdf"],
        content: Content::Magic(pdf),
    },
    Kind {
        name: "a PNG image",
        content_type: "image/png",
        aliases: &[],
        extensions: &["png"],
        content: Content::Magic(png),
    },
    Kind {
        name: "a JPEG image",
        content_type: "image/jpeg",
        aliases: &["image/jpg", "image/pjpeg"],
        extensions: &["jpg", "jpeg", "jpe", "jfif"],
        content: Content::Magic(jpeg),
    },
    Kind {
        name: "a GIF image",
        content_type: "image/gif",
        aliases: &[],
        extensions: &["gif"],
        content: Content::Magic(gif),
    },
    Kind {
        name: "a WebP image",
        content_type: "image/webp",
        aliases: &[],
        extensions: &["webp"],
        content: Content::Magic(webp),
    },
    Kind {
        name: "a HEIC image",
        content_type: "image/heic",
        aliases: &["image/heif", "image/heic-sequence", "image/heif-sequence"],
        extensions: &["heic", "heif"],
        content: Content::Magic(heic),
    },
    Kind {
        name: "plain text",
        content_type: "text/plain",
        aliases: &[],
        extensions: &["txt", "text", "log"],
        content: Content::Text,
    },
    Kind {
        name: "a CSV file",
        content_type: "text/csv",
        // Browsers on machines with Excel send .csv files as Excel's type.
        aliases: &[
            "application/csv",
            "text/x-csv",
            "text/comma-separated-values",
            "application/vnd.ms-excel",
        ],
        extensions: &["csv"],
        content: Content::Text,
    },
    Kind {
        name: "a Word document",
        content_type: "application/msword",
        aliases: &[],
        extensions: &["doc"],
        content: Content::Magic(ole2),
    },
    Kind {
        name: "a Word document",
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        aliases: &[],
        extensions: &["docx"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an Excel workbook",
        content_type: "application/vnd.ms-excel",
        aliases: &[],
        extensions: &["xls"],
        content: Content::Magic(ole2),
    },
    Kind {
        name: "an Excel workbook",
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        aliases: &[],
        extensions: &["xlsx"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an OpenDocument text",
        content_type: "application/vnd.oasis.opendocument.text",
        aliases: &[],
        extensions: &["odt"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an OpenDocument spreadsheet",
        content_type: "application/vnd.oasis.opendocument.spreadsheet",
        aliases: &[],
        extensions: &["ods"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an email",
        content_type: "message/rfc822",
        aliases: &[],
        extensions: &["eml"],
        content: Content::Text,
    },
    Kind {
        name: "an Outlook email",
        content_type: "application/vnd.ms-outlook",
        aliases: &[],
        extensions: &["msg"],
        content: Content::Magic(ole2),
    },
    Kind {
        name: "an MP3 recording",
        content_type: "audio/mpeg",
        aliases: &["audio/mp3", "audio/mpeg3", "audio/x-mpeg-3"],
        extensions: &["mp3"],
        content: Content::Magic(mp3),
    },
    Kind {
        name: "an M4A recording",
        content_type: "audio/mp4",
        aliases: &["audio/x-m4a", "audio/m4a"],
        extensions: &["m4a"],
        content: Content::Magic(m4a),
    },
    Kind {
        name: "a WAV recording",
        content_type: "audio/wav",
        aliases: &["audio/x-wav", "audio/wave", "audio/vnd.wave"],
        extensions: &["wav"],
        content: Content::Magic(wav),
    },
];

const ACCEPTED: &str = "PDF, PNG, JPEG, GIF, WebP, HEIC, plain text, CSV, Word (.doc, .docx), \
Excel (.xls, .xlsx), OpenDocument (.odt, .ods), emails (.eml, .msg) and MP3, M4A or WAV recordings";

/// Whether the content starts like a program: a script with `#!`, or a binary for Windows
/// (MZ), Linux (ELF), macOS (Mach-O) or Java. (Text that happens to begin "MZ" is not one.)
fn executable(b: &[u8]) -> bool {
    if b.starts_with(b"#!") {
        return true;
    }
    !text(b)
        && [
            &b"MZ"[..],
            b"\x7fELF",
            b"\xFE\xED\xFA\xCE",
            b"\xFE\xED\xFA\xCF",
            b"\xCE\xFA\xED\xFE",
            b"\xCF\xFA\xED\xFE",
            b"\xCA\xFE\xBA\xBE",
        ]
        .iter()
        .any(|m| b.starts_with(m))
}

/// What the content looks like, for a message when it is not what it was said to be.
fn described(b: &[u8]) -> Option<&'static str> {
    if executable(b) {
        return Some("a program");
    }
    KINDS
        .iter()
        .filter(|k| matches!(k.content, Content::Magic(_)))
        .find(|k| k.looks_like(b))
        .map(|k| k.name)
}

/// The lower-case extension of a file name, if it has one.
fn extension(file_name: &str) -> Option<String> {
    file_name
        .rsplit_once('.')
        .map(|(stem, ext)| (stem, ext.to_ascii_lowercase()))
        .filter(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        .map(|(_, ext)| ext)
}

/// The kind of an uploaded file, or why it is refused.
pub fn check(
    declared: Option<&str>,
    file_name: &str,
    content: &[u8],
) -> Result<&'static Kind, String> {
    if content.is_empty() {
        return Err("is empty".into());
    }
    if executable(content) {
        return Err("is a program; programs and scripts are never accepted".into());
    }
    let declared = declared
        .and_then(|d| d.split(';').next())
        .map(|d| d.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty())
        .ok_or_else(|| format!("has no content type; send one of: {ACCEPTED}"))?;
    let of_type: Vec<&'static Kind> = KINDS
        .iter()
        .filter(|k| k.content_type == declared || k.aliases.contains(&declared.as_str()))
        .collect();
    if of_type.is_empty() {
        return Err(format!(
            "is of type {declared}, which is not accepted; send one of: {ACCEPTED}"
        ));
    }
    let named: Vec<&'static Kind> = match extension(file_name) {
        Some(ext) => {
            let named: Vec<_> = of_type
                .iter()
                .copied()
                .filter(|k| k.extensions.contains(&ext.as_str()))
                .collect();
            if named.is_empty() {
                return Err(format!(
                    "is named .{ext}, which does not match its type {declared}"
                ));
            }
            named
        }
        None => of_type,
    };
    named
        .iter()
        .copied()
        .find(|k| k.looks_like(content))
        .ok_or_else(|| {
            let said = named
                .first()
                .map(|k| k.name)
                .unwrap_or("what it was said to be");
            match described(content) {
                Some(is) => format!("was sent as {said}, but its content is {is}"),
                None => format!("was sent as {said}, but its content is not"),
            }
        })
}

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

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn kind(declared: &str, name: &str, content: &[u8]) -> Result<&'static str, String> {
        check(Some(declared), name, content).map(|k| k.content_type)
    }

    #[test]
    fn each_accepted_kind_is_recognised_by_its_type_name_and_content() {
        let cases: &[(&str, &str, &[u8], &str)] = &[
            (
                "application/pdf",
                "letter.pdf",
                b"%PDF-1.7\n",
                "application/pdf",
            ),
            ("image/png", "damp.PNG", PNG, "image/png"),
            (
                "image/jpg",
                "photo.jpeg",
                b"\xFF\xD8\xFF\xE0\0\x10JFIF",
                "image/jpeg",
            ),
            ("image/gif", "a.gif", b"GIF89a..", "image/gif"),
            (
                "image/webp",
                "a.webp",
                b"RIFF\0\0\0\0WEBPVP8 ",
                "image/webp",
            ),
            (
                "image/heic",
                "IMG_0001.HEIC",
                b"\0\0\0\x18ftypheic\0\0\0\0",
                "image/heic",
            ),
            (
                "text/plain; charset=utf-8",
                "note.txt",
                "Called at 10:15 — no answer.\r\n".as_bytes(),
                "text/plain",
            ),
            (
                "application/vnd.ms-excel",
                "repairs.csv",
                b"date,job\n2025-01-06,boiler\n",
                "text/csv",
            ),
            (
                "application/vnd.ms-excel",
                "repairs.xls",
                OLE2,
                "application/vnd.ms-excel",
            ),
            ("application/msword", "old.doc", OLE2, "application/msword"),
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "x.docx",
                b"PK\x03\x04\x14\0",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "x.xlsx",
                b"PK\x03\x04\x14\0",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                "application/vnd.oasis.opendocument.text",
                "x.odt",
                b"PK\x03\x04",
                "application/vnd.oasis.opendocument.text",
            ),
            (
                "application/vnd.oasis.opendocument.spreadsheet",
                "x.ods",
                b"PK\x03\x04",
                "application/vnd.oasis.opendocument.spreadsheet",
            ),
            (
                "message/rfc822",
                "mail.eml",
                b"From: a@b.org\r\nSubject: boiler\r\n\r\nHello",
                "message/rfc822",
            ),
            (
                "application/vnd.ms-outlook",
                "mail.msg",
                OLE2,
                "application/vnd.ms-outlook",
            ),
            ("audio/mpeg", "voice.mp3", b"ID3\x03\0", "audio/mpeg"),
            ("audio/mpeg", "voice.mp3", b"\xFF\xFB\x90\x64", "audio/mpeg"),
            (
                "audio/x-m4a",
                "voice.m4a",
                b"\0\0\0\x20ftypM4A \0\0\0\0",
                "audio/mp4",
            ),
            (
                "audio/wav",
                "voice.wav",
                b"RIFF\0\0\0\0WAVEfmt ",
                "audio/wav",
            ),
            (
                "application/pdf",
                "no-extension",
                b"%PDF-1.4",
                "application/pdf",
            ),
        ];
        for (declared, name, content, expected) in cases {
            assert_eq!(
                kind(declared, name, content).as_deref(),
                Ok(*expected),
                "{declared} {name}"
            );
        }
    }

    #[test]
    fn programs_are_refused_whatever_they_claim_to_be() {
        assert!(kind("text/plain", "names.txt", b"MZ Jones, 4 Elm Row").is_ok());
        for content in [
            &b"MZ\x90\0\x03"[..],
            b"\x7fELF\x02\x01",
            b"#!/bin/sh\nrm -rf /",
            b"\xCF\xFA\xED\xFE\x07\0\0\x01",
        ] {
            let err = kind("application/pdf", "letter.pdf", content).unwrap_err();
            assert!(err.contains("program"), "{err}");
        }
        assert!(kind("application/x-msdownload", "setup.exe", b"MZ").is_err());
    }

    #[test]
    fn the_content_must_be_what_the_type_says() {
        let err = kind("application/pdf", "letter.pdf", PNG).unwrap_err();
        assert_eq!(
            err,
            "was sent as a PDF document, but its content is a PNG image"
        );
        let err = kind("image/png", "photo.png", b"just some words").unwrap_err();
        assert_eq!(err, "was sent as a PNG image, but its content is not");
        assert!(kind("text/plain", "note.txt", b"abc\0def").is_err());
    }

    #[test]
    fn types_not_on_the_list_and_names_that_do_not_fit_are_refused() {
        let err = kind("application/x-sh", "run.sh", b"echo").unwrap_err();
        assert!(err.contains("not accepted"), "{err}");
        assert!(kind("text/html", "page.html", b"<html>").is_err());
        let err = kind("application/pdf", "letter.exe", b"%PDF-1.7").unwrap_err();
        assert_eq!(
            err,
            "is named .exe, which does not match its type application/pdf"
        );
        assert!(check(None, "letter.pdf", b"%PDF-1.7").is_err());
        assert!(kind("application/pdf", "letter.pdf", b"").is_err());
    }

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
