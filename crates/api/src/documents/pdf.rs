//! PDF documents laid out by typst, used as a library: a fixed template (shipped with the
//! binary) reads its data from one JSON file, so no value can be taken as markup, and the
//! output is a tagged PDF conforming to PDF/UA-1 (ISO 14289-1): headings, tables with header
//! rows, a title and a language, in reading order. The fonts ship with the binary.

use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// The name the template reads its data from: `json("data.json")`.
const DATA: &str = "data.json";
const MAIN: &str = "main.typ";

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(name: &str) -> Option<FileId> {
    VirtualPath::new(name)
        .ok()
        .map(|p| RootedPath::new(VirtualRoot::Project, p).intern())
}

/// One document: the template and its data, and nothing else it could read.
struct Document {
    main: Source,
    data: Bytes,
    data_id: Option<FileId>,
    today: NaiveDate,
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        let d = self.today;
        Datetime::from_ymd(
            d.year(),
            u8::try_from(d.month()).ok()?,
            u8::try_from(d.day()).ok()?,
        )
    }
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Lays out `template` over `data` (serialised as the template's `data.json`) and writes it
/// as a PDF/UA-1 document, or, when the data holds characters the shipped fonts cannot show,
/// as a tagged PDF outside the standard. CPU-bound: call it off the async workers.
pub fn render(
    template: &str,
    data: &impl serde::Serialize,
    today: NaiveDate,
) -> anyhow::Result<Vec<u8>> {
    let json = serde_json::to_vec(data)?;
    let main_id = file_id(MAIN).ok_or_else(|| anyhow::anyhow!("the template's path"))?;
    let document = Document {
        main: Source::new(main_id, template.to_owned()),
        data: Bytes::new(json),
        data_id: file_id(DATA),
        today,
    };
    let laid_out = typst::compile::<PagedDocument>(&document)
        .output
        .map_err(|e| anyhow::anyhow!("laying out the document: {}", messages(&e[..])));
    let written = laid_out.and_then(|doc| {
        let standards = PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| anyhow::anyhow!("PDF standards: {e:?}"))?;
        let strict = PdfOptions {
            standards,
            ..PdfOptions::default()
        };
        match typst_pdf::pdf(&doc, &strict) {
            Ok(pdf) => Ok(pdf),
            // PDF/UA-1 refuses a character the shipped fonts cannot show (a name in a script
            // they do not cover, say). The record must still be sent: the document is then
            // written as a tagged PDF, with the same structure, outside the standard.
            Err(e) => {
                // typst's messages quote the text it refused (part of a name, say): only
                // how many problems there were reaches the log.
                tracing::warn!(problems = e.len(), "not PDF/UA-1; written as a tagged PDF");
                typst_pdf::pdf(&doc, &PdfOptions::default())
                    .map_err(|e| anyhow::anyhow!("writing the PDF: {}", messages(&e[..])))
            }
        }
    });
    // typst memoises layout across documents; keep only what the last few used.
    comemo::evict(2);
    written
}
