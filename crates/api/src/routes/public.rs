//! The landlord's public page (Code 3.4, 3.7, 8.2; docs/rules.md, "What residents can do
//! online"), read without signing in: how to complain and the timescales of each scheme, each
//! scheme's Ombudsman, the latest published TSM figures, the learning a complaints officer has
//! published ("you said, we did", Code 9.3), and any notice of exceptional circumstances
//! (Code 8.5).
//!
//! It holds no personal data of residents or staff: only what the landlord has published
//! and its own name, channels, contact block and timescales. Only an active landlord has a
//! public page; any other slug is 404.
//!
//! Every route under `/api/v1/public` is registered by [`configure`] and rate-limited per
//! client address ([`PublicRateLimit`]): the scope answers every path beneath it, so a route
//! registered elsewhere under that prefix would never be reached.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::views::PublishedLearningView;
use crate::views::TimescalesView;
use actix_governor::governor::NotUntil;
use actix_governor::governor::clock::{Clock, DefaultClock, QuantaInstant};
use actix_governor::governor::middleware::NoOpMiddleware;
use actix_governor::{
    Governor, GovernorConfig, GovernorConfigBuilder, KeyExtractor, PeerIpKeyExtractor,
    SimpleKeyExtractionError,
};
use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError, get, web};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::complaint::Channel;
use redress_store::landlords::{Landlord, Scheme};
use redress_store::performance::Tsm;
use redress_store::published::{self, PublicRecord};
use serde::Serialize;
use std::net::IpAddr;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

/// How many published learning entries the page shows, the most recently published first.
pub const LEARNING_SHOWN: u64 = 50;

/// How long a browser or proxy may reuse the page.
const CACHE_CONTROL: &str = "public, max-age=60";

/// The landlord's public page and published documents, under `/api/v1/public`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(page)
        .service(self_assessment_document)
        .service(annual_report_document);
}

/// Keys the public routes' rate limit by the client's address, and refuses with a 429
/// problem document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicClientKey;

impl KeyExtractor for PublicClientKey {
    type Key = IpAddr;
    type KeyExtractionError = SimpleKeyExtractionError<&'static str>;

    /// The address behind a trusted proxy (see `auth::client`), else the connection's.
    fn extract(&self, req: &ServiceRequest) -> Result<IpAddr, Self::KeyExtractionError> {
        // An IPv6 client by its /64: it could change the rest of its address at will.
        match crate::auth::client::ClientAddress::of(req.request()).0 {
            Some(ip) => Ok(crate::auth::client::limit_ip(ip)),
            None => PeerIpKeyExtractor
                .extract(req)
                .map(crate::auth::client::limit_ip),
        }
    }

    fn exceed_rate_limit_response(
        &self,
        negative: &NotUntil<QuantaInstant>,
        _: HttpResponseBuilder,
    ) -> HttpResponse {
        let wait = negative
            .wait_time_from(DefaultClock::default().now())
            .as_secs()
            .max(1);
        let mut resp = ApiError::TooManyRequests(format!(
            "Too many requests from your address. Please try again in {wait} second{}.",
            if wait == 1 { "" } else { "s" }
        ))
        .error_response();
        resp.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
        resp
    }
}

/// The public routes' rate limit: `per_second` requests a second per client address on
/// average, in bursts of up to `burst`. One limiter is shared by every worker of a server
/// (clones share it).
#[derive(Debug, Clone)]
pub struct PublicRateLimit(GovernorConfig<PublicClientKey, NoOpMiddleware>);

impl PublicRateLimit {
    /// `None` when either number is zero.
    pub fn new(per_second: u32, burst: u32) -> Option<Self> {
        if per_second == 0 {
            return None;
        }
        GovernorConfigBuilder::default()
            .requests_per_second(u64::from(per_second))
            .burst_size(burst)
            .key_extractor(PublicClientKey)
            .finish()
            .map(PublicRateLimit)
    }

    /// The middleware that applies the limit.
    pub fn governor(&self) -> Governor<PublicClientKey, NoOpMiddleware> {
        Governor::new(&self.0)
    }

    /// Forgets clients whose allowance has refilled, so that the memory the limit takes
    /// follows recent traffic rather than every address ever seen. Call it now and then.
    pub fn forget_idle_clients(&self) {
        let limiter = self.0.limiter();
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

/// The landlord, as the public page names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicLandlord {
    pub name: String,
    pub slug: String,
}

/// One way to complain (Code 3.1: any way, to any member of staff).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChannelView {
    #[schema(example = "phone")]
    pub channel: String,
    #[schema(example = "By telephone")]
    pub description: String,
}

/// One complaint scheme's working-day timescales (Code 6.2–6.4, 6.11, 6.14, 6.15).
#[derive(Debug, Serialize, ToSchema)]
pub struct SchemeTimescales {
    #[schema(example = "housing")]
    pub scheme: String,
    #[schema(example = "Housing complaints")]
    pub scheme_name: String,
    pub timescales: TimescalesView,
}

/// How to complain (Code 3.4): the process in brief, the ways to complain, the landlord's
/// contact details and each scheme's timescales.
#[derive(Debug, Serialize, ToSchema)]
pub struct HowToComplain {
    /// The process in brief, built from the landlord's name and schemes.
    pub summary: String,
    pub channels: Vec<ChannelView>,
    /// The name the landlord signs letters with, when it is not its own name.
    pub letter_name: Option<String>,
    /// Address, telephone and opening hours.
    pub contact_block: Option<String>,
    pub timescales: Vec<SchemeTimescales>,
}

/// The Ombudsman a scheme's residents can go to once the landlord's process is exhausted.
#[derive(Debug, Serialize, ToSchema)]
pub struct OmbudsmanContact {
    #[schema(example = "housing")]
    pub scheme: String,
    #[schema(example = "Housing complaints")]
    pub scheme_name: String,
    #[schema(example = "Housing Ombudsman Service")]
    pub name: String,
    pub contact: String,
}

/// The latest TSM figures the landlord has published.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicTsm {
    /// The financial year by the calendar year it starts in.
    pub year: i32,
    #[schema(value_type = Tsm)]
    pub figures: serde_json::Value,
    pub published_at: DateTime<Utc>,
}

/// A document the landlord has published (its self-assessment against the Code, its annual
/// complaints performance and service improvement report; Code 8.2).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedDocument {
    /// The financial year it covers, by the calendar year it starts in.
    pub year: i32,
    pub published_on: NaiveDate,
    /// Where to read it.
    pub url: String,
}

/// The landlord's current notice that it cannot comply with the Code for now (Code 8.5).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicNotice {
    pub description: String,
    /// When the landlord expects to comply with the Code again.
    pub expected_return_on: NaiveDate,
    pub posted_at: DateTime<Utc>,
}

/// The landlord's public page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicPage {
    pub landlord: PublicLandlord,
    pub how_to_complain: HowToComplain,
    /// One per complaint scheme.
    pub ombudsman: Vec<OmbudsmanContact>,
    /// The latest published TSM figures; null until the landlord publishes a year.
    pub tsm: Option<PublicTsm>,
    /// Published learning ("you said, we did", Code 9.3), the most recently published first,
    /// at most 50.
    pub learning: Vec<PublishedLearningView>,
    /// The published self-assessment against the Code (Code 8.1a, 8.3); null until there
    /// is one.
    pub self_assessment: Option<PublishedDocument>,
    /// The published annual complaints performance and service improvement report, with the
    /// governing body's response (Code 8.2); null until there is one.
    pub annual_report: Option<PublishedDocument>,
    /// The current notice of exceptional circumstances (Code 8.5), or null.
    pub exceptional_circumstances: Option<PublicNotice>,
}

/// How a resident can use a channel, in plain words.
fn channel_description(c: Channel) -> &'static str {
    match c {
        Channel::Online => "Online, using the complaint form on this page",
        Channel::Phone => "By telephone",
        Channel::Email => "By email",
        Channel::Letter => "By letter",
        Channel::InPerson => "In person, to any member of staff",
        Channel::SocialMedia => "Through social media",
        Channel::Representative => {
            "Through someone acting for you, such as a relative, friend or advocate"
        }
        Channel::CouncillorOrMp => "Through a councillor or your MP",
    }
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 working day".to_owned()
    } else {
        format!("{n} working days")
    }
}

/// The complaints process in brief, from the landlord's name and its schemes' timescales
/// and Ombudsmen (Code 3.4).
pub fn summary(landlord: &Landlord, schemes: &[Scheme]) -> String {
    let name = landlord.name_on_letters();
    let mut text = format!(
        "{name} welcomes complaints and deals with them in two stages. You can complain in \
         any of the ways listed, to any member of staff, or ask someone to complain for you."
    );
    for s in schemes {
        let t = &s.timescales;
        text.push_str(&format!(
            " {scheme}: {name} acknowledges a complaint within {a1} and responds within {r1} \
             of acknowledging it (stage 1). If you are not satisfied with the response, you \
             can ask for your complaint to go to stage 2 without giving a reason; {name} \
             acknowledges that within {a2} and gives its final response within {r2} of \
             acknowledging it. If more time is needed, {name} tells you why and when to expect \
             the response. If you remain unhappy after the final response, you can refer your \
             complaint to the {ombudsman}.",
            scheme = s.name,
            a1 = days(t.stage1_acknowledge),
            r1 = days(t.stage1_response),
            a2 = days(t.stage2_acknowledge),
            r2 = days(t.stage2_response),
            ombudsman = s.ombudsman_name,
        ));
    }
    text
}

/// Builds the page from what the landlord has published.
async fn build(record: &PublicRecord) -> Result<PublicPage, ApiError> {
    let landlord = record.landlord();
    let schemes = record.schemes().await?;
    let tsm = record.latest_tsm().await?.map(|p| PublicTsm {
        year: p.year,
        figures: p.figures,
        published_at: p.published_at,
    });
    let learning = record
        .learning(LEARNING_SHOWN)
        .await?
        .into_iter()
        .filter_map(PublishedLearningView::of)
        .collect();
    let exceptional_circumstances =
        record
            .exceptional_circumstances()
            .await?
            .map(|n| PublicNotice {
                description: n.description,
                expected_return_on: n.expected_return_on,
                posted_at: n.posted_at,
            });
    let slug = &landlord.slug;
    let self_assessment = record.self_assessment(None).await?.and_then(|a| {
        Some(PublishedDocument {
            year: a.year,
            published_on: a.published_at?.date_naive(),
            url: format!("/api/v1/public/{slug}/self-assessments/{}", a.year),
        })
    });
    let annual_report = record.annual_report(None).await?.and_then(|(r, _)| {
        Some(PublishedDocument {
            year: r.year,
            published_on: r.published_at?.date_naive(),
            url: format!("/api/v1/public/{slug}/annual-reports/{}", r.year),
        })
    });
    Ok(PublicPage {
        landlord: PublicLandlord {
            name: landlord.name.clone(),
            slug: landlord.slug.clone(),
        },
        how_to_complain: HowToComplain {
            summary: summary(landlord, &schemes),
            channels: Channel::ALL
                .iter()
                .map(|c| ChannelView {
                    channel: c.as_str().to_owned(),
                    description: channel_description(*c).to_owned(),
                })
                .collect(),
            letter_name: landlord.letter_name.clone(),
            contact_block: landlord.contact_block.clone(),
            timescales: schemes
                .iter()
                .map(|s| SchemeTimescales {
                    scheme: s.code.clone(),
                    scheme_name: s.name.clone(),
                    timescales: s.timescales.into(),
                })
                .collect(),
        },
        ombudsman: schemes
            .into_iter()
            .map(|s| OmbudsmanContact {
                scheme: s.code,
                scheme_name: s.name,
                name: s.ombudsman_name,
                contact: s.ombudsman_contact,
            })
            .collect(),
        tsm,
        learning,
        self_assessment,
        annual_report,
        exceptional_circumstances,
    })
}

/// The landlord's public page: how to complain, the Ombudsman, published performance and
/// learning, and any notice of exceptional circumstances (Code 3.4, 3.7, 8.2, 8.5, 9.3). No
/// sign-in; rate-limited per client address; browsers and proxies may reuse it for a
/// minute.
#[utoipa::path(
    operation_id = "public_page",
    tag = "public",
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = PublicPage),
        (status = 404, description = "No active landlord has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/{slug}")]
pub async fn page(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let record = published::public_record(&state.db, &slug.into_inner()).await?;
    let page = build(&record).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .json(page))
}

/// The landlord's published self-assessment for a year, as an accessible HTML document
/// (Code 8.2, 8.3). No sign-in; rate-limited.
#[utoipa::path(
    operation_id = "public_self_assessment",
    tag = "public",
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 200, description = "The document", content_type = "text/html", body = String),
        (status = 404, description = "Nothing published for the year", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/{slug}/self-assessments/{year}")]
pub async fn self_assessment_document(
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, year) = path.into_inner();
    let record = published::public_record(&state.db, &slug).await?;
    let a = record
        .self_assessment(Some(year))
        .await?
        .ok_or(ApiError::NotFound)?;
    let evidence = a.evidence.clone().unwrap_or_default();
    let v =
        crate::documents::self_assessment::build_view(year, Some(&a), None, &evidence, &[], None);
    cached(crate::documents::self_assessment::document(
        &record.landlord().name,
        &v,
        "html",
    )?)
}

/// The landlord's published annual complaints performance and service improvement report
/// for a year, with the governing body's response, as an accessible HTML document (Code 8.2).
/// No sign-in; rate-limited.
#[utoipa::path(
    operation_id = "public_annual_report",
    tag = "public",
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("year" = i32, Path, description = "The financial year by the calendar year it starts in"),
    ),
    responses(
        (status = 200, description = "The document", content_type = "text/html", body = String),
        (status = 404, description = "Nothing published for the year", body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/{slug}/annual-reports/{year}")]
pub async fn annual_report_document(
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (slug, year) = path.into_inner();
    let record = published::public_record(&state.db, &slug).await?;
    let (report, assessment) = record
        .annual_report(Some(year))
        .await?
        .ok_or(ApiError::NotFound)?;
    let generated = report
        .figures
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("annual_reports.figures: {e}")))?
        .unwrap_or(serde_json::Value::Null);
    let v = crate::documents::annual_report::build_view(
        year,
        Some(&report),
        generated,
        assessment.as_ref(),
    );
    let url = assessment
        .as_ref()
        .map(|a| format!("/api/v1/public/{slug}/self-assessments/{}", a.year));
    cached(crate::documents::annual_report::html(
        &record.landlord().name,
        &v,
        url.as_deref(),
    )?)
}

/// A public document, which browsers and proxies may reuse for a minute like the page.
fn cached(mut response: HttpResponse) -> Result<HttpResponse, ApiError> {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(CACHE_CONTROL),
    );
    Ok(response)
}
