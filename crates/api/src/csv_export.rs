//! Every CSV the portal exports is written through [`SafeCsv`]: a cell that a spreadsheet
//! would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is
//! neutralised with a leading apostrophe, as OWASP's CSV injection guidance advises. A
//! resident's or officer's words reach these files; none of them may run as a formula on the
//! computer of whoever opens the export.

use crate::error::ApiError;
use std::borrow::Cow;

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as it is safe to write.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let first = cell
        .chars()
        .find(|c| !(c.is_whitespace() && *c != '\t' && *c != '\r'));
    match first {
        Some(c) if TRIGGERS.contains(&c) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A cell read back from one of our exports, as it was before [`neutralise`]: the apostrophe
/// in front of a formula character is taken off again (the text is kept as text; nothing
/// here ever evaluates it).
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if neutralise(rest).starts_with('\'') => rest,
        _ => cell,
    }
}

fn csv_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("writing the CSV: {e}"))
}

/// A CSV document being written, every cell neutralised.
pub struct SafeCsv {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for SafeCsv {
    fn default() -> Self {
        Self::new()
    }
}

impl SafeCsv {
    pub fn new() -> Self {
        SafeCsv {
            writer: csv::Writer::from_writer(Vec::new()),
        }
    }

    pub fn row<I, S>(&mut self, cells: I) -> Result<(), ApiError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.writer.write_record(&cells).map_err(csv_error)
    }

    /// The document, with a byte-order mark so that spreadsheets read it as UTF-8.
    pub fn finish(self) -> Result<String, ApiError> {
        let bytes = self.writer.into_inner().map_err(csv_error)?;
        Ok(format!(
            "\u{feff}{}",
            String::from_utf8(bytes).map_err(csv_error)?
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_others_are_left_alone() {
        for bad in [
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "+1+1",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
            "  =1+1",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        for ok in [
            "Acknowledged in time",
            "6.3",
            "",
            "a = b",
            "2025-04-01",
            "£1,000",
        ] {
            assert_eq!(neutralise(ok), ok);
        }
    }

    #[test]
    fn a_written_document_has_no_live_formula() {
        let mut w = SafeCsv::new();
        w.row(["provision", "answer"]).unwrap();
        w.row(["6.3", "=HYPERLINK(\"http://evil.example\")"])
            .unwrap();
        let text = w.finish().unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "'=HYPERLINK(\"http://evil.example\")");
        assert_eq!(restore(&row[1]), "=HYPERLINK(\"http://evil.example\")");
        assert_eq!(restore("'plain"), "'plain");
    }
}
