//! Which files may go on a complaint's record (Code 5.12: the record keeps what the resident
//! and the landlord sent).
//!
//! A file is accepted when its declared content type is one of the kinds below, its name (if it
//! has an extension) fits that kind, and its bytes are what that kind is made of. The content
//! decides, never the name alone: a "PDF" whose bytes are a PNG is refused, and so is anything
//! that starts like a program.
//!
//! Mail programs and some browsers send files they do not know as
//! `application/octet-stream`. Such a file is accepted when its bytes say what it is: an
//! Outlook `.msg` is an OLE2 compound file whose directory holds `__substg1.0_` streams, a
//! `.docx` a ZIP holding `word/`, and so on. Its name, when it has one, must agree.

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

    /// Whether the bytes alone say this is the kind. Kinds that share a container must show
    /// what is inside it too: OLE2 for Word, Excel and Outlook files, ZIP for the Office and
    /// OpenDocument formats.
    fn recognised_by(&self, b: &[u8]) -> bool {
        self.looks_like(b)
            && match self.content_type {
                OUTLOOK => utf16_contains(b, "__substg1.0_"),
                WORD => utf16_contains(b, "WordDocument"),
                EXCEL => utf16_contains(b, "Workbook") || utf16_contains(b, "Book"),
                DOCX => contains(b, b"word/"),
                XLSX => contains(b, b"xl/"),
                ODT => contains(b, b"mimetypeapplication/vnd.oasis.opendocument.text"),
                ODS => contains(b, b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
                _ => true,
            }
    }
}

const OUTLOOK: &str = "application/vnd.ms-outlook";
const WORD: &str = "application/msword";
const EXCEL: &str = "application/vnd.ms-excel";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ODT: &str = "application/vnd.oasis.opendocument.text";
const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// Types that say only "some bytes": the content must say what the file is.
const UNSPECIFIC: &[&str] = &[
    "application/octet-stream",
    "binary/octet-stream",
    "application/x-binary",
    "application/binary",
    "application/unknown",
    "application/x-unknown",
    "application/download",
    "application/force-download",
];

fn contains(b: &[u8], needle: &[u8]) -> bool {
    b.windows(needle.len()).any(|w| w == needle)
}

/// Whether the bytes hold `name` as UTF-16LE, as OLE2 directory entries name their streams.
fn utf16_contains(b: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    contains(b, &needle)
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
        content_type: WORD,
        aliases: &[],
        extensions: &["doc"],
        content: Content::Magic(ole2),
    },
    Kind {
        name: "a Word document",
        content_type: DOCX,
        aliases: &[],
        extensions: &["docx"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an Excel workbook",
        content_type: EXCEL,
        aliases: &[],
        extensions: &["xls"],
        content: Content::Magic(ole2),
    },
    Kind {
        name: "an Excel workbook",
        content_type: XLSX,
        aliases: &[],
        extensions: &["xlsx"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an OpenDocument text",
        content_type: ODT,
        aliases: &[],
        extensions: &["odt"],
        content: Content::Magic(zip),
    },
    Kind {
        name: "an OpenDocument spreadsheet",
        content_type: ODS,
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
        content_type: OUTLOOK,
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
    let magic = || {
        KINDS
            .iter()
            .filter(|k| matches!(k.content, Content::Magic(_)))
    };
    magic()
        .find(|k| k.recognised_by(b))
        .or_else(|| magic().find(|k| k.looks_like(b)))
        .map(|k| k.name)
}

/// The lower-case extension of a file name, if it has one.
pub fn extension(file_name: &str) -> Option<String> {
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
    if UNSPECIFIC.contains(&declared.as_str()) {
        return by_content(&declared, file_name, content);
    }
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

/// The kind of a file sent with a type that says nothing: what its bytes are, where its name
/// (if it has an extension) agrees.
fn by_content(declared: &str, file_name: &str, content: &[u8]) -> Result<&'static Kind, String> {
    let ext = extension(file_name);
    let named: Vec<&'static Kind> = KINDS
        .iter()
        .filter(|k| ext.as_deref().is_none_or(|e| k.extensions.contains(&e)))
        .collect();
    if let Some(e) = &ext
        && named.is_empty()
    {
        return Err(format!(
            "is named .{e}, which is not a kind of file accepted; send one of: {ACCEPTED}"
        ));
    }
    named
        .iter()
        .copied()
        // Text has no mark of its own: only its name can say which text it is.
        .filter(|k| ext.is_some() || matches!(k.content, Content::Magic(_)))
        .find(|k| k.recognised_by(content))
        .ok_or_else(|| match (&ext, described(content)) {
            (Some(e), Some(is)) => {
                format!("was sent as {declared} and named .{e}, but its content is {is}")
            }
            (Some(e), None) => format!(
                "was sent as {declared} and named .{e}, but its content is not {}",
                named.first().map_or("that", |k| k.name)
            ),
            (None, _) => format!(
                "was sent as {declared}, and its content is not a kind we can recognise; \
                 send one of: {ACCEPTED}"
            ),
        })
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

    /// An OLE2 compound file with the named streams in its directory, as Office writes them.
    fn ole2_with(streams: &[&str]) -> Vec<u8> {
        let mut b = OLE2.to_vec();
        b.resize(512, 0);
        for s in streams {
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b.resize(b.len() + 64 - b.len() % 64, 0);
        }
        b
    }

    #[test]
    fn an_outlook_message_sent_as_bytes_is_accepted_because_its_content_says_so() {
        let msg = ole2_with(&[
            "Root Entry",
            "__substg1.0_0037001F",
            "__properties_version1.0",
        ]);
        for declared in [
            "application/octet-stream",
            "Application/Octet-Stream; name=x",
        ] {
            assert_eq!(
                kind(declared, "Re_ boiler.msg", &msg).as_deref(),
                Ok(OUTLOOK),
                "{declared}"
            );
        }
        // Without a name, the content alone still says it.
        assert_eq!(
            kind("application/octet-stream", "attachment", &msg).as_deref(),
            Ok(OUTLOOK)
        );
        // A Word document named .msg is not an email.
        let doc = ole2_with(&["Root Entry", "WordDocument", "1Table"]);
        let err = kind("application/octet-stream", "mail.msg", &doc).unwrap_err();
        assert_eq!(
            err,
            "was sent as application/octet-stream and named .msg, but its content is a Word document"
        );
        // The bare container says nothing about what is inside.
        assert!(kind("application/octet-stream", "mail.msg", OLE2).is_err());
    }

    #[test]
    fn other_files_sent_as_bytes_are_told_by_their_content_and_name() {
        let bytes = "application/octet-stream";
        assert_eq!(
            kind(bytes, "scan", b"%PDF-1.7\n").as_deref(),
            Ok("application/pdf")
        );
        assert_eq!(kind(bytes, "damp.png", PNG).as_deref(), Ok("image/png"));
        let doc = ole2_with(&["WordDocument"]);
        assert_eq!(kind(bytes, "old.doc", &doc).as_deref(), Ok(WORD));
        assert_eq!(kind(bytes, "", &doc).as_deref(), Ok(WORD));
        let docx = [
            &b"PK\x03\x04\x14\0"[..],
            b"[Content_Types].xml",
            b"word/document.xml",
        ]
        .concat();
        assert_eq!(kind(bytes, "letter.docx", &docx).as_deref(), Ok(DOCX));
        assert!(kind(bytes, "letter.xlsx", &docx).is_err());
        assert_eq!(
            kind(bytes, "note.txt", b"Called at 10:15").as_deref(),
            Ok("text/plain")
        );
        // Text with no name could be anything.
        assert!(kind(bytes, "note", b"Called at 10:15").is_err());
        let err = kind(bytes, "photo.png", b"%PDF-1.7").unwrap_err();
        assert_eq!(
            err,
            "was sent as application/octet-stream and named .png, but its content is a PDF document"
        );
        let err = kind(bytes, "run.exe", b"%PDF-1.7").unwrap_err();
        assert!(
            err.starts_with("is named .exe, which is not a kind of file accepted"),
            "{err}"
        );
        assert!(
            kind(bytes, "setup", b"MZ\x90\0")
                .unwrap_err()
                .contains("program")
        );
    }
}
