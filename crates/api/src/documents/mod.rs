//! The published documents: the self-assessment (HTML and CSV, in the five-column form
//! landlords publish) and the annual complaints performance and service improvement report
//! (HTML). Accessible, printable pages with nothing loaded from elsewhere; the templates
//! escape every value.

pub mod annual_report;
pub mod bundle;
pub mod pdf;
pub mod self_assessment;

use crate::error::{ApiError, FieldError};
use minijinja::Environment;
use redress_domain::provisions;
use self_assessment::{ProvisionInput, ProvisionView, SelfAssessmentView};
use serde::Serialize;
use std::sync::LazyLock;

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // `.html` names turn on escaping.
    let _ = env.add_template(
        "self_assessment.html",
        include_str!("../../templates/self_assessment.html"),
    );
    let _ = env.add_template(
        "annual_report.html",
        include_str!("../../templates/annual_report.html"),
    );
    let _ = env.add_template(
        "letter_print.html",
        include_str!("../../templates/letter_print.html"),
    );
    env
});

/// The Content-Security-Policy of a document: its own inline styles, images from the web
/// (a landlord's logo), and nothing that runs.
pub const DOCUMENT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; \
    img-src 'self' https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn render(name: &str, ctx: &impl Serialize) -> Result<String, ApiError> {
    let ctx = minijinja::Value::from(minijinja::value::Serde(ctx));
    TEMPLATES
        .get_template(name)
        .and_then(|t| t.render(&ctx))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("rendering {name}: {e}")))
}

#[derive(Serialize)]
struct SectionRows<'a> {
    number: u8,
    title: &'a str,
    provisions: Vec<&'a ProvisionView>,
}

/// The self-assessment as an accessible HTML document, a table per section of the Code.
pub fn self_assessment_html(landlord: &str, a: &SelfAssessmentView) -> Result<String, ApiError> {
    let sections: Vec<SectionRows> = provisions::sections(&a.edition)
        .unwrap_or_default()
        .iter()
        .map(|s| SectionRows {
            number: s.number,
            title: s.title,
            provisions: a
                .provisions
                .iter()
                .filter(|p| p.section == s.number)
                .collect(),
        })
        .collect();
    render(
        "self_assessment.html",
        &serde_json::json!({ "landlord": landlord, "a": a, "sections": sections }),
    )
}

/// The columns of the CSV, in order: the five of the published form, then the rest.
pub const CSV_COLUMNS: [&str; 10] = [
    "Code provision",
    "Code requirement",
    "Comply",
    "Evidence",
    "Commentary / explanation",
    "Action to comply",
    "Target date",
    "Evidence links",
    "Computed evidence",
    "Summary",
];

/// The self-assessment as CSV, one row per provision; opens in a spreadsheet. Every cell is
/// neutralised against formula injection.
pub fn self_assessment_csv(a: &SelfAssessmentView) -> Result<String, ApiError> {
    let mut w = crate::csv_export::SafeCsv::new();
    w.row(CSV_COLUMNS)?;
    for p in &a.provisions {
        let target = p.target_date.map(|d| d.to_string()).unwrap_or_default();
        w.row([
            p.provision.as_str(),
            p.official_wording.as_deref().unwrap_or(&p.summary),
            p.complies.as_deref().unwrap_or(""),
            p.evidence.as_str(),
            p.commentary.as_str(),
            p.action.as_deref().unwrap_or(""),
            target.as_str(),
            p.links.join(" ").as_str(),
            p.computed_evidence.as_deref().unwrap_or(""),
            p.summary.as_str(),
        ])?;
    }
    w.finish()
}

/// The formatting tags that published documents carry in their cells (`<p>`, `<i>`...).
const TAGS: [&str; 14] = [
    "p", "i", "b", "u", "em", "strong", "br", "span", "a", "ul", "ol", "li", "div", "font",
];

/// The length of the formatting tag at the start of `s`, if it starts with one.
fn tag_len(s: &str) -> Option<usize> {
    let end = s.find('>')?;
    let inner = s.get(1..end)?.trim_start_matches('/').trim_end_matches('/');
    let name = inner.split_whitespace().next()?.to_ascii_lowercase();
    TAGS.contains(&name.as_str()).then_some(end + 1)
}

/// Text without the formatting tags some published documents carry in their cells; any
/// other `<` is kept as written.
fn plain(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(n) = tag_len(rest)
        {
            out.push(' ');
            rest = rest.get(n..).unwrap_or_default();
            continue;
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which column a header names, by the words landlords use.
fn column(header: &str) -> Option<&'static str> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    let h = h.as_str();
    if h.contains("provision") {
        Some("provision")
    } else if h.contains("requirement") {
        Some("requirement")
    } else if h.starts_with("comply") || h.starts_with("complies") || h.starts_with("compliance") {
        Some("comply")
    } else if h.contains("computed") {
        Some("computed")
    } else if h.contains("link") {
        Some("links")
    } else if h.starts_with("evidence") {
        Some("evidence")
    } else if h.starts_with("commentary") || h.starts_with("comment") {
        Some("commentary")
    } else if h.starts_with("action") {
        Some("action")
    } else if h.contains("target") {
        Some("target")
    } else {
        None
    }
}

/// Reads answers from a CSV in the five-column form. Only rows with a provision number are
/// read; a header row is required.
pub fn read_csv(text: &str, edition: &str) -> Result<Vec<ProvisionInput>, ApiError> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = r
        .headers()
        .map_err(|e| ApiError::invalid("body", format!("is not a CSV file: {e}")))?
        .clone();
    let cols: Vec<Option<&str>> = headers.iter().map(column).collect();
    if !cols.contains(&Some("provision")) || !cols.contains(&Some("comply")) {
        return Err(ApiError::invalid(
            "body",
            "needs a header row with at least the columns `Code provision` and `Comply`",
        ));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in r.records().enumerate() {
        let row = row.map_err(|e| ApiError::invalid("body", format!("row {}: {e}", i + 2)))?;
        let get = |name: &str| {
            cols.iter()
                .position(|c| *c == Some(name))
                .and_then(|p| row.get(p))
                .map(|cell| plain(crate::csv_export::restore(cell)))
                .filter(|s| !s.is_empty())
        };
        let Some(provision) = get("provision") else {
            continue;
        };
        let summary = provisions::provision(edition, &provision).map(|p| p.summary);
        let complies = get("comply").map(|c| {
            let c = c.to_lowercase();
            if c.starts_with("yes") {
                "yes".to_owned()
            } else if c.starts_with("partly") || c.starts_with("partial") {
                "partly".to_owned()
            } else if c.starts_with("no") {
                "no".to_owned()
            } else {
                c
            }
        });
        let target_date = match get("target") {
            Some(t) => match t.parse() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("rows[{}].target_date", i + 2),
                        format!("`{t}` is not a date (YYYY-MM-DD)"),
                    ));
                    None
                }
            },
            None => None,
        };
        out.push(ProvisionInput {
            official_wording: get("requirement").filter(|w| Some(w.as_str()) != summary),
            provision,
            complies,
            evidence: get("evidence"),
            links: get("links").map(|l| l.split_whitespace().map(str::to_owned).collect()),
            commentary: get("commentary"),
            action: get("action"),
            target_date,
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    if out.is_empty() {
        return Err(ApiError::invalid(
            "body",
            "has no rows with a provision number",
        ));
    }
    Ok(out)
}

/// The annual report as an accessible HTML document.
pub fn annual_report_html(
    landlord: &str,
    r: &impl Serialize,
    generated: &serde_json::Value,
    narrative: &std::collections::BTreeMap<String, String>,
    self_assessment_url: Option<&str>,
) -> Result<String, ApiError> {
    render(
        "annual_report.html",
        &serde_json::json!({
            "landlord": landlord,
            "r": r,
            "g": generated,
            "narrative": narrative,
            "self_assessment_url": self_assessment_url,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_lose_their_tags() {
        assert_eq!(
            plain("<p>Policy – section 4.</p> <p>Link&nbsp;to <a href=\"x\">website</a></p>"),
            "Policy – section 4. Link to website"
        );
        assert_eq!(plain("a <tags> and 1 < 2"), "a <tags> and 1 < 2");
    }

    #[test]
    fn the_seeds_columns_are_recognised() {
        assert_eq!(column("Code provision"), Some("provision"));
        assert_eq!(column("Code requirement"), Some("requirement"));
        assert_eq!(column("Comply: Yes / No"), Some("comply"));
        assert_eq!(column("Evidence"), Some("evidence"));
        assert_eq!(column("Commentary / explanation"), Some("commentary"));
        assert_eq!(column("Evidence links"), Some("links"));
    }

    #[test]
    fn a_csv_in_the_five_column_form_is_read() {
        let csv = "Code provision,Code requirement,Comply: Yes / No,Evidence,Commentary / explanation\n\
                   1.2,\"<p>A complaint must be defined as ...</p>\",YES,<p>Tenant handbook</p>,Plain English\n\
                   6.3,Respond in 10 days,Partially,Policy,\"Late in winter\"\n\
                   ,,,,continuation\n";
        let rows = read_csv(csv, provisions::EDITION_2024).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].provision, "1.2");
        assert_eq!(rows[0].complies.as_deref(), Some("yes"));
        assert_eq!(rows[0].evidence.as_deref(), Some("Tenant handbook"));
        assert_eq!(
            rows[0].official_wording.as_deref(),
            Some("A complaint must be defined as ...")
        );
        assert_eq!(rows[1].complies.as_deref(), Some("partly"));
    }

    #[test]
    fn a_csv_without_the_columns_is_refused() {
        assert!(read_csv("a,b\n1,2\n", provisions::EDITION_2024).is_err());
    }
}

/// A letter to post, as a page to print: the landlord's name (and logo) at the top, the
/// recipient's name and address where a window envelope shows them, the date, the subject,
/// the letter's text as it was written, and the landlord's contact details at the foot.
#[derive(Serialize)]
pub struct LetterPrint<'a> {
    pub landlord: &'a str,
    pub logo_url: Option<&'a str>,
    pub contact_block: Option<&'a str>,
    pub recipient_name: &'a str,
    pub address_lines: Vec<&'a str>,
    pub date: String,
    pub subject: &'a str,
    pub paragraphs: Vec<&'a str>,
}

pub fn letter_print_html(letter: &LetterPrint<'_>) -> Result<actix_web::HttpResponse, ApiError> {
    let body = render("letter_print.html", letter)?;
    Ok(actix_web::HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CONTENT_TYPE,
            "text/html; charset=utf-8",
        ))
        .insert_header((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            DOCUMENT_CSP,
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body(body))
}
