//! A year's self-assessment as documents: the five-column export landlords publish (HTML and
//! CSV), its import back, and the answers the Ombudsman's annual submission form asks for
//! (Code 8.2–8.4).

use super::*;
use crate::documents::self_assessment::document;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `html` (an accessible, printable document) or `csv`.
    pub format: String,
    /// A version of the year's assessment; the latest when absent.
    pub version: Option<i32>,
}

/// The assessment as a document in the five-column form landlords publish (provision,
/// requirement, comply, evidence, commentary): `format=html` for an accessible, printable
/// page, `format=csv` for a spreadsheet. A year never saved exports the draft `GET` shows.
#[utoipa::path(
    operation_id = "self_assessment_export",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
        ExportQuery,
    ),
    responses(
        (status = 200, description = "The document", content_type = "text/html", body = String),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/self-assessments/{year}/export")]
pub async fn export(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    path: web::Path<(String, i32)>,
    query: crate::json::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    let format = query.format.as_str();
    if !["html", "csv"].contains(&format) {
        return Err(ApiError::invalid("format", "must be html or csv"));
    }
    // A year never saved exports the draft `GET` shows: what it starts from.
    let v = current_view(&state, tenant.scope, &tenant.landlord, year, query.version).await?;
    let response = document(&tenant.landlord.name, &v, format)?;
    audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "self_assessment.exported",
        None,
        serde_json::json!({"year": year, "version": v.version, "format": format}),
    )
    .await?;
    Ok(response)
}

/// Imports answers from a CSV in the five-column form (the export's, or a landlord's earlier
/// document with the columns `provision`, `requirement`, `comply`, `evidence`,
/// `commentary`, and optionally `action` and `target date`), saving them into the year's
/// draft as `PUT` does. A row whose provision is not in the Code is refused, naming it, and
/// nothing is saved: it is not guessed at.
#[utoipa::path(
    operation_id = "self_assessment_import",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, body = SelfAssessmentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a CSV in the five-column form", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/self-assessments/{year}/import")]
pub async fn import(
    state: web::Data<AppState>,
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, i32)>,
    body: web::Bytes,
) -> Result<web::Json<SelfAssessmentView>, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::invalid("body", "must be a CSV file in UTF-8"))?;
    let cx = Context::staff(&state, &tenant);
    assess_against_the_code::save_answers(&cx, year, None, "self_assessment_imported", |edition| {
        answers(edition, crate::documents::read_csv(text, edition)?)
    })
    .await?;
    Ok(web::Json(
        current_view(&state, tenant.scope, &tenant.landlord, year, None).await?,
    ))
}

/// A provision as the Ombudsman's annual submission form asks about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubmissionAnswer {
    pub provision: String,
    pub section_title: String,
    pub summary: String,
    /// `yes`, or `no` for a provision that does not fully comply (answered `no` or
    /// `partly`); null while unanswered.
    pub answer: Option<String>,
    /// For a `no`: what will be done, and by when.
    pub action: Option<String>,
    pub target_date: Option<NaiveDate>,
}

/// What to enter on the Ombudsman's annual submission form.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Submission {
    pub year: i32,
    pub version: i32,
    pub status: String,
    pub answers: Vec<SubmissionAnswer>,
    /// How many provisions are answered `no`.
    pub not_complying: usize,
}

/// The annual submission help: for each provision, the yes/no answer the Ombudsman's form
/// asks for (`partly` is a `no`), with the action and timescale for each `no`.
#[utoipa::path(
    operation_id = "self_assessment_submission",
    tag = "self-assessment",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
        VersionQuery,
    ),
    responses(
        (status = 200, body = Submission),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/self-assessments/{year}/submission")]
pub async fn submission(
    state: web::Data<AppState>,
    tenant: Tenant<Oversight>,
    path: web::Path<(String, i32)>,
    query: crate::json::Query<VersionQuery>,
) -> Result<web::Json<Submission>, ApiError> {
    let year = assessable_year(path.into_inner().1, crate::time::today())?;
    let v = current_view(&state, tenant.scope, &tenant.landlord, year, query.version).await?;
    if v.version == 0 {
        return Err(ApiError::NotFound);
    }
    let answers: Vec<SubmissionAnswer> = v
        .provisions
        .into_iter()
        .map(|p| {
            let answer = p
                .complies
                .as_deref()
                .map(|c| if c == "yes" { "yes" } else { "no" }.to_owned());
            let no = answer.as_deref() == Some("no");
            SubmissionAnswer {
                provision: p.provision,
                section_title: p.section_title,
                summary: p.summary,
                action: p.action.filter(|_| no),
                target_date: p.target_date.filter(|_| no),
                answer,
            }
        })
        .collect();
    Ok(web::Json(Submission {
        year,
        version: v.version,
        status: v.status,
        not_complying: answers
            .iter()
            .filter(|a| a.answer.as_deref() == Some("no"))
            .count(),
        answers,
    }))
}
