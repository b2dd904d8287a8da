//! Letters to residents: each complaint's letters, the landlord's letters still to be posted
//! (or needed in another format, Code 5.10), recording that one was posted, and the
//! landlord's own wording of each kind of letter.

use crate::AppState;
use crate::auth::Tenant;
use crate::auth::case_file::{CaseFile, LettersPage};
use crate::auth::extract::{ComplaintsTeam, LandlordAdmins};
use crate::error::{ApiError, Fields, Problem};
use crate::json::{Json, OptionalJson};
use crate::page::{Page, PageQuery};
use crate::time::today;
pub use crate::views::LetterView;
use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use redress_domain::complaint::Stage;
use redress_notify::templates::{Override, sample_data};
use redress_store::audit;
use redress_store::letter_templates::{self, LetterTemplate, TemplateParts};
use redress_store::letters::{self, Delivery, Filter};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A complaint's letters, oldest first, paged by cursor. Contractors see those of stage 1
/// only; the MRC's reading is audited.
#[utoipa::path(
    operation_id = "complaints_list_letters",
    tag = "letters",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        PageQuery,
    ),
    responses(
        (status = 200, body = Page<LetterView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/letters")]
pub async fn for_complaint(
    file: CaseFile<LettersPage>,
) -> Result<web::Json<Page<LetterView>>, ApiError> {
    let only_stage = (!file.caller.sees_stage(Stage::Two)).then_some(Stage::One);
    let page = letters::for_complaint(
        &file.tenant.db,
        file.tenant.scope,
        file.id(),
        only_stage,
        file.reading.0,
    )
    .await?;
    Ok(web::Json(Page::from_store(page, LetterView::from)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LettersQuery {
    /// `email` or `post`.
    pub delivery: Option<String>,
    /// `true`: only letters still to be posted, or needed in another format; `false`: the
    /// others.
    pub outstanding: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The landlord's letters, oldest first: with `delivery=post&outstanding=true`, the ones
/// waiting to be posted or needed in another format.
#[utoipa::path(
    operation_id = "letters_list",
    tag = "letters",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug"), LettersQuery),
    responses(
        (status = 200, body = Page<LetterView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/letters")]
pub async fn list(
    tenant: Tenant<ComplaintsTeam>,
    query: crate::json::Query<LettersQuery>,
) -> Result<web::Json<Page<LetterView>>, ApiError> {
    let q = query.into_inner();
    let mut f = Fields::new();
    let delivery = q
        .delivery
        .as_deref()
        .and_then(|d| f.check("delivery", Delivery::parse(d)));
    let outstanding = q.outstanding.as_deref().and_then(|s| {
        f.check(
            "outstanding",
            s.parse::<bool>().map_err(|_| "must be true or false"),
        )
    });
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let req = match page.request() {
        Ok(r) => Some(r),
        Err(ApiError::Invalid(errors)) => {
            for e in errors {
                f.push(e.field, e.message);
            }
            None
        }
        Err(e) => return Err(e),
    };
    f.finish()?;
    let Some(req) = req else {
        return Err(ApiError::invalid("limit", "is not valid"));
    };
    let page = letters::list(
        &tenant.db,
        tenant.scope,
        Filter {
            delivery,
            outstanding,
        },
        req,
    )
    .await?;
    Ok(web::Json(Page::from_store(page, LetterView::from)))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct PostedRequest {
    /// The day it was posted; today when absent; never in the future.
    pub on: Option<NaiveDate>,
}

/// Records that a letter was posted (or sent in the other format the resident needs).
/// Refused with 409 when it was posted already or when it was emailed with nothing to post.
#[utoipa::path(
    operation_id = "letters_mark_posted",
    tag = "letters",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The letter's id"),
    ),
    request_body = PostedRequest,
    responses(
        (status = 200, body = LetterView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/letters/{id}/posted")]
pub async fn posted(
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
    body: OptionalJson<PostedRequest>,
) -> Result<web::Json<LetterView>, ApiError> {
    let (_, id) = path.into_inner();
    let today = today();
    let on = body.0.on.unwrap_or(today);
    if on > today {
        return Err(ApiError::invalid(
            "on",
            format!("must not be in the future (today is {today})"),
        ));
    }
    let letter = letters::get(&tenant.db, tenant.scope, id).await?;
    let written_on = letter.created_at.with_timezone(&London).date_naive();
    if on < written_on {
        return Err(ApiError::invalid(
            "on",
            format!("must not be before the letter was written ({written_on})"),
        ));
    }
    let letter = letters::mark_posted(&tenant.db, tenant.scope, id, on, tenant.user_id).await?;
    Ok(web::Json(letter.into()))
}

/// Records that a letter to post was printed (the complaints team): it then waits to be
/// posted. Printing it again changes nothing. Refused with 409 when nothing waits to be posted.
#[utoipa::path(
    operation_id = "letters_mark_printed",
    tag = "letters",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The letter's id"),
    ),
    responses(
        (status = 200, body = LetterView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/letters/{id}/printed")]
pub async fn printed(
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
) -> Result<web::Json<LetterView>, ApiError> {
    let (_, id) = path.into_inner();
    let letter = letters::mark_printed(&tenant.db, tenant.scope, id, tenant.user_id).await?;
    Ok(web::Json(letter.into()))
}

/// A letter as a page to print (the complaints team): the landlord's name and logo, the
/// recipient's name and address placed for a window envelope, the date it was written, and
/// its text as it went on the complaint's correspondence. Reading it records nothing; record
/// the printing with `printed`.
#[utoipa::path(
    operation_id = "letters_print",
    tag = "letters",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The letter's id"),
    ),
    responses(
        (status = 200, description = "The letter to print", content_type = "text/html", body = String),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/letters/{id}/print")]
pub async fn print(
    tenant: Tenant<ComplaintsTeam>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let letter = letters::get(&tenant.db, tenant.scope, id).await?;
    let text =
        redress_store::correspondence::get(&tenant.db, tenant.scope, letter.correspondence_id)
            .await?
            .body;
    // A postal letter's recipient is the name and the address, a line each; an emailed
    // letter printed too has the name alone.
    let address_lines: Vec<&str> = if letter.delivery == Delivery::Post {
        letter
            .recipient
            .split(['\n', ','])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        vec![letter.recipient_name.as_str()]
    };
    let landlord = &tenant.landlord;
    crate::documents::letter_print_html(&crate::documents::LetterPrint {
        landlord: landlord.name_on_letters(),
        logo_url: landlord.logo_url.as_deref(),
        contact_block: landlord.contact_block.as_deref(),
        recipient_name: &letter.recipient_name,
        address_lines,
        date: letter
            .created_at
            .with_timezone(&London)
            .format("%-d %B %Y")
            .to_string(),
        subject: &letter.subject,
        paragraphs: text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect(),
    })
}

/// A template's three parts.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateSources {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The landlord's own wording of a kind; a part left null keeps the default.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnTemplateView {
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

impl From<LetterTemplate> for OwnTemplateView {
    fn from(t: LetterTemplate) -> Self {
        OwnTemplateView {
            subject: t.subject,
            text: t.text,
            html: t.html,
            updated_by: t.updated_by,
            updated_at: t.updated_at,
        }
    }
}

/// One kind of letter: its default templates (minijinja), the landlord's own wording if any,
/// and sample data showing every name its templates may use.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterTemplateView {
    pub kind: String,
    pub defaults: TemplateSources,
    #[serde(rename = "override")]
    pub own: Option<OwnTemplateView>,
    #[schema(value_type = Object)]
    pub sample: Option<serde_json::Value>,
    /// How hard the letter is to read, sent with the sample data.
    pub reading: ReadingView,
}

/// A letter's Flesch–Kincaid grade level (Code 3.2: letters a resident can understand): the
/// shipped wording's and the landlord's own, measured on the plain text as sent with the
/// sample data. Letters should read below `plain_english_grade` (a reading age of about 11).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadingView {
    pub default_grade: Option<f64>,
    /// None when the landlord keeps no wording of its own for the letter's text.
    pub own_grade: Option<f64>,
    pub plain_english_grade: f64,
    /// The landlord's own wording reads at or above the plain English grade and harder than
    /// the shipped wording: the portal warns.
    pub own_reads_harder: bool,
}

fn reading_view(state: &AppState, kind: &str, own: Option<&LetterTemplate>) -> ReadingView {
    let plain = redress_domain::readability::PLAIN_ENGLISH_GRADE;
    let default_grade = state.templates.reading(kind, None).map(|r| r.grade);
    let own_grade = own.filter(|t| t.text.is_some()).and_then(|t| {
        let o = Override {
            subject: t.subject.clone(),
            text: t.text.clone(),
            html: t.html.clone(),
        };
        state.templates.reading(kind, Some(&o)).map(|r| r.grade)
    });
    ReadingView {
        default_grade,
        own_grade,
        plain_english_grade: plain,
        own_reads_harder: own_grade
            .is_some_and(|g| g >= plain && default_grade.is_none_or(|d| g > d)),
    }
}

fn template_view(
    state: &AppState,
    kind: &str,
    own: Option<LetterTemplate>,
) -> Option<LetterTemplateView> {
    let d = state.templates.defaults(kind)?;
    Some(LetterTemplateView {
        reading: reading_view(state, kind, own.as_ref()),
        kind: kind.to_owned(),
        defaults: TemplateSources {
            subject: d.subject.to_owned(),
            text: d.text.to_owned(),
            html: d.html.to_owned(),
        },
        own: own.map(OwnTemplateView::from),
        sample: sample_data(kind),
    })
}

/// Every kind of letter with its default templates and the landlord's own wording (landlord
/// admin).
#[utoipa::path(
    operation_id = "letter_templates_list",
    tag = "letters",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = Vec<LetterTemplateView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/letter-templates")]
pub async fn templates(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
) -> Result<web::Json<Vec<LetterTemplateView>>, ApiError> {
    let mut own = letter_templates::list(&tenant.db, tenant.scope).await?;
    let views = state
        .templates
        .kinds()
        .filter_map(|kind| {
            let mine = own
                .iter()
                .position(|t| t.kind == kind)
                .map(|i| own.swap_remove(i));
            template_view(&state, kind, mine)
        })
        .collect();
    Ok(web::Json(views))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TemplateRequest {
    /// The subject line's template; absent keeps the default.
    pub subject: Option<String>,
    /// The plain text template; absent keeps the default.
    pub text: Option<String>,
    /// The HTML template (it may `{% extends "base.html.j2" %}`); absent keeps the default.
    pub html: Option<String>,
}

fn known_kind(state: &AppState, kind: &str) -> Result<(), ApiError> {
    if state.templates.has_kind(kind) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Sets the landlord's own wording of a kind of letter (landlord admin). Each part given must
/// compile and render the kind's sample data; one that does not is refused with 422 naming
/// it (`subject`, `text` or `html`). Parts left out keep the default.
#[utoipa::path(
    operation_id = "letter_templates_put",
    tag = "letters",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("kind" = String, Path, description = "The kind of letter, e.g. `acknowledgement`"),
    ),
    request_body = TemplateRequest,
    responses(
        (status = 200, body = LetterTemplateView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/landlords/{slug}/letter-templates/{kind}")]
pub async fn put_template(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, String)>,
    body: Json<TemplateRequest>,
) -> Result<web::Json<LetterTemplateView>, ApiError> {
    let (_, kind) = path.into_inner();
    known_kind(&state, &kind)?;
    let b = body.0;
    let own = Override {
        subject: b.subject,
        text: b.text,
        html: b.html,
    };
    if own.is_empty() {
        return Err(ApiError::invalid(
            "subject",
            "give at least one of subject, text and html (DELETE restores the defaults)",
        ));
    }
    state
        .templates
        .check_override(&kind, &own)
        .map_err(|(field, message)| ApiError::invalid(field, message))?;
    let parts: Vec<&str> = [
        ("subject", own.subject.is_some()),
        ("text", own.text.is_some()),
        ("html", own.html.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, given)| given.then_some(name))
    .collect();
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    let saved = letter_templates::put(
        &txn,
        tenant.scope,
        &kind,
        TemplateParts {
            subject: own.subject,
            text: own.text,
            html: own.html,
        },
        Some(tenant.user_id),
    )
    .await?;
    audit::record(
        &txn,
        tenant.scope,
        &tenant.actor(),
        "letter_template.updated",
        None,
        json!({"kind": kind, "parts": parts}),
    )
    .await?;
    redress_store::db::commit(txn).await?;
    template_view(&state, &kind, Some(saved))
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}

/// Puts a kind of letter back to the default wording (landlord admin).
#[utoipa::path(
    operation_id = "letter_templates_delete",
    tag = "letters",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("kind" = String, Path, description = "The kind of letter, e.g. `acknowledgement`"),
    ),
    responses(
        (status = 204, description = "The defaults apply again"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/landlords/{slug}/letter-templates/{kind}")]
pub async fn delete_template(
    state: web::Data<AppState>,
    tenant: Tenant<LandlordAdmins>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (_, kind) = path.into_inner();
    known_kind(&state, &kind)?;
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    if letter_templates::delete(&txn, tenant.scope, &kind).await? {
        audit::record(
            &txn,
            tenant.scope,
            &tenant.actor(),
            "letter_template.reset",
            None,
            json!({"kind": kind}),
        )
        .await?;
    }
    redress_store::db::commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
