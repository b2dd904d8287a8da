//! A landlord's settings: homes, complaint schemes (Ombudsman and timescales), closure days,
//! reference prefix, and how its letters to residents are signed (name, logo, contact block).

use crate::auth::Tenant;
use crate::auth::extract::{LandlordAdmins, LandlordStaff};
use crate::error::{ApiError, Fields, Problem};
use crate::forms::reference_prefix;
use crate::json::Json;
use crate::views::LandlordView;
pub use crate::views::TimescalesView;
use actix_web::{get, patch, post, web};
use chrono::NaiveDate;
use redress_domain::calendar::ClosureDay;
use redress_domain::remedy_guidance::{self, RemedyBand};
use redress_domain::timescales::Timescales;
use redress_domain::values::required_text;
use redress_store::landlords::{self, Scheme, SchemeChange, Settings, SettingsChange};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// The Ombudsman a scheme's residents go to.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = SchemeOmbudsman)]
pub struct OmbudsmanView {
    pub name: String,
    /// The contact block that letters to residents carry.
    pub contact: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchemeView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub ombudsman: OmbudsmanView,
    pub timescales: TimescalesView,
}

impl From<Scheme> for SchemeView {
    fn from(s: Scheme) -> Self {
        SchemeView {
            id: s.id,
            code: s.code,
            name: s.name,
            ombudsman: OmbudsmanView {
                name: s.ombudsman_name,
                contact: s.ombudsman_contact,
            },
            timescales: s.timescales.into(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClosureDayView {
    pub date: NaiveDate,
    pub reason: String,
}

/// A band of financial redress: from an amount (inclusive) up to where the next begins.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RemedyBandView {
    pub from_pence: u64,
    /// Where the next band begins; null for the last.
    pub to_pence: Option<u64>,
    /// What the band is for.
    pub description: String,
}

impl From<RemedyBand> for RemedyBandView {
    fn from(b: RemedyBand) -> Self {
        RemedyBandView {
            from_pence: b.from_pence,
            to_pence: b.to_pence,
            description: b.description,
        }
    }
}

impl From<RemedyBandView> for RemedyBand {
    fn from(b: RemedyBandView) -> Self {
        RemedyBand {
            from_pence: b.from_pence,
            to_pence: b.to_pence,
            description: b.description.trim().to_owned(),
        }
    }
}

/// The bands of financial redress the landlord works to: its own copy, or the Ombudsman's as
/// shipped, with their source.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemedyBandsView {
    pub bands: Vec<RemedyBandView>,
    /// The landlord has edited its own copy.
    pub own_copy: bool,
    /// Where the shipped bands come from, and the revision they were taken from.
    pub source: String,
    pub source_date: String,
}

impl RemedyBandsView {
    pub fn of(l: &redress_store::landlords::Landlord) -> Self {
        RemedyBandsView {
            own_copy: l.remedy_bands.is_some(),
            bands: l
                .remedy_bands
                .clone()
                .unwrap_or_else(remedy_guidance::default_bands)
                .into_iter()
                .map(RemedyBandView::from)
                .collect(),
            source: remedy_guidance::SOURCE.to_owned(),
            source_date: remedy_guidance::SOURCE_DATE.to_owned(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    pub landlord: LandlordView,
    pub schemes: Vec<SchemeView>,
    pub closure_days: Vec<ClosureDayView>,
    /// The name letters to residents are signed with; null: the landlord's name.
    pub letter_name: Option<String>,
    /// The logo at the top of letters (an https URL).
    pub logo_url: Option<String>,
    /// Address, telephone and opening hours, in the footer of every letter.
    pub contact_block: Option<String>,
    /// Every user signs in with a second factor, not only the admins.
    pub require_mfa: bool,
    /// The landlord's own targets for its headline figures, whole percentages by figure:
    /// `stage1_acknowledged_in_time`, `stage1_responded_in_time`,
    /// `stage2_acknowledged_in_time`, `stage2_responded_in_time`. Shown on the dashboard.
    pub performance_targets: BTreeMap<String, u32>,
    /// The bands of financial redress shown when a response offers a financial remedy.
    pub remedy_bands: RemedyBandsView,
    /// The landlord's own compensation policy, shown beside them.
    pub compensation_policy: Option<String>,
}

impl From<Settings> for SettingsView {
    fn from(s: Settings) -> Self {
        SettingsView {
            remedy_bands: RemedyBandsView::of(&s.landlord),
            compensation_policy: s.landlord.compensation_policy.clone(),
            require_mfa: s.landlord.require_mfa,
            performance_targets: s.landlord.performance_targets.clone(),
            letter_name: s.landlord.letter_name.clone(),
            logo_url: s.landlord.logo_url.clone(),
            contact_block: s.landlord.contact_block.clone(),
            landlord: s.landlord.into(),
            schemes: s.schemes.into_iter().map(SchemeView::from).collect(),
            closure_days: s
                .closure_days
                .into_iter()
                .map(|ClosureDay { date, reason }| ClosureDayView { date, reason })
                .collect(),
        }
    }
}

/// The landlord's settings.
#[utoipa::path(
    operation_id = "settings_get",
    tag = "settings",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    responses(
        (status = 200, body = SettingsView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/settings")]
pub async fn get(tenant: Tenant<LandlordStaff>) -> Result<web::Json<SettingsView>, ApiError> {
    Ok(web::Json(
        landlords::settings(&tenant.db, tenant.scope).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OmbudsmanPatch {
    pub name: Option<String>,
    pub contact: Option<String>,
}

/// Only the timescales given change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TimescalesPatch {
    pub stage1_acknowledge: Option<u32>,
    pub stage1_response: Option<u32>,
    pub stage1_extension: Option<u32>,
    pub stage2_acknowledge: Option<u32>,
    pub stage2_response: Option<u32>,
    pub stage2_extension: Option<u32>,
}

impl TimescalesPatch {
    fn apply(&self, t: Timescales) -> Timescales {
        Timescales {
            stage1_acknowledge: self.stage1_acknowledge.unwrap_or(t.stage1_acknowledge),
            stage1_response: self.stage1_response.unwrap_or(t.stage1_response),
            stage1_extension: self.stage1_extension.unwrap_or(t.stage1_extension),
            stage2_acknowledge: self.stage2_acknowledge.unwrap_or(t.stage2_acknowledge),
            stage2_response: self.stage2_response.unwrap_or(t.stage2_response),
            stage2_extension: self.stage2_extension.unwrap_or(t.stage2_extension),
        }
    }
}

/// A scheme, found by its code; a new code adds a scheme.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SchemePatch {
    pub code: String,
    pub name: Option<String>,
    pub ombudsman: Option<OmbudsmanPatch>,
    pub timescales: Option<TimescalesPatch>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SettingsPatch {
    pub name: Option<String>,
    pub reference_prefix: Option<String>,
    /// Homes owned (low-cost rental).
    pub homes: Option<u32>,
    pub homes_low_cost_home_ownership: Option<u32>,
    /// How many months ahead a restriction's review may be set, 1 to 12 (Code 5.14).
    pub restriction_review_months: Option<u32>,
    /// Replaces the list of closure days.
    pub closure_days: Option<Vec<ClosureDayView>>,
    pub schemes: Option<Vec<SchemePatch>>,
    /// The name letters are signed with, one line; null: the landlord's name.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>, example = "Riverside Homes Complaints Team")]
    pub letter_name: Option<Option<String>>,
    /// The logo at the top of letters: an https URL; null: none.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>, example = "https://riverside-homes.example/logo.png")]
    pub logo_url: Option<Option<String>>,
    /// Address, telephone and opening hours for the footer of letters; null: none.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub contact_block: Option<Option<String>>,
    /// `true`: every user signs in with a second factor (admins always do).
    pub require_mfa: Option<bool>,
    /// Replaces the targets for the headline figures: whole percentages (0 to 100) by
    /// figure; `{}` removes them all.
    pub performance_targets: Option<BTreeMap<String, u32>>,
    /// Replaces the landlord's copy of the bands of financial redress (each starting where
    /// the one before ends, only the last open-ended); null: back to the Ombudsman's bands.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<Vec<RemedyBandView>>)]
    pub remedy_bands: Option<Option<Vec<RemedyBandView>>>,
    /// The landlord's compensation policy, in its words; null: none.
    #[serde(default, with = "crate::json::double_option")]
    #[schema(value_type = Option<String>)]
    pub compensation_policy: Option<Option<String>>,
}

impl SettingsPatch {
    /// The names of the settings the patch changes, for the audit log.
    fn fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut given = |present: bool, name: &'static str| {
            if present {
                out.push(name);
            }
        };
        given(self.name.is_some(), "name");
        given(self.reference_prefix.is_some(), "reference_prefix");
        given(self.homes.is_some(), "homes");
        given(
            self.homes_low_cost_home_ownership.is_some(),
            "homes_low_cost_home_ownership",
        );
        given(
            self.restriction_review_months.is_some(),
            "restriction_review_months",
        );
        given(self.closure_days.is_some(), "closure_days");
        given(self.schemes.is_some(), "schemes");
        given(self.letter_name.is_some(), "letter_name");
        given(self.logo_url.is_some(), "logo_url");
        given(self.contact_block.is_some(), "contact_block");
        given(self.require_mfa.is_some(), "require_mfa");
        given(self.performance_targets.is_some(), "performance_targets");
        given(self.remedy_bands.is_some(), "remedy_bands");
        given(self.compensation_policy.is_some(), "compensation_policy");
        out
    }
}

/// A letter name: one line of text.
fn letter_name(raw: &str) -> Result<String, String> {
    let name = required_text(raw, 200).map_err(|e| e.to_string())?;
    if name.contains(['\n', '\r', '\t']) {
        return Err("must be one line".into());
    }
    Ok(name)
}

/// A logo's address: an absolute https URL, shown as an image in letters.
fn logo_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.chars().count() > 2_000 {
        return Err("must be at most 2000 characters".into());
    }
    let url = url::Url::parse(raw).map_err(|e| format!("is not a URL: {e}"))?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return Err("must be an https:// address".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".into());
    }
    Ok(url.to_string())
}

/// One optional setting of a PATCH: absent stays, null clears, a value is checked.
fn optional_setting(
    f: &mut Fields,
    field: &str,
    raw: Option<Option<String>>,
    parse: impl Fn(&str) -> Result<String, String>,
) -> Option<Option<String>> {
    match raw {
        None => None,
        Some(None) => Some(None),
        Some(Some(v)) if v.trim().is_empty() => Some(None),
        Some(Some(v)) => f.check(field, parse(&v)).map(Some),
    }
}

/// Changes the landlord's settings (landlord admin). A timescale longer than the Code's is
/// refused with 422 naming it.
#[utoipa::path(
    operation_id = "settings_patch",
    tag = "settings",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = SettingsPatch,
    responses(
        (status = 200, body = SettingsView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/landlords/{slug}/settings")]
pub async fn patch(
    state: web::Data<crate::AppState>,
    tenant: Tenant<LandlordAdmins>,
    body: Json<SettingsPatch>,
) -> Result<web::Json<SettingsView>, ApiError> {
    let b = body.0;
    let changed = b.fields();
    let current = landlords::schemes(&tenant.db, tenant.scope).await?;
    let mut f = Fields::new();
    let name = b
        .name
        .as_deref()
        .and_then(|n| f.check("name", required_text(n, 200)));
    let prefix = b
        .reference_prefix
        .as_deref()
        .and_then(|p| f.check("reference_prefix", reference_prefix(p)));
    let closure_days = b.closure_days.map(|days| {
        listed_once(&mut f, days, |f, i, reason| {
            f.check(
                &format!("closure_days[{i}].reason"),
                required_text(&reason, 200),
            )
        })
    });
    if b.restriction_review_months
        .is_some_and(|m| !(1..=12).contains(&m))
    {
        f.push("restriction_review_months", "must be from 1 to 12 months");
    }
    let mut schemes = Vec::new();
    for (i, s) in b.schemes.unwrap_or_default().into_iter().enumerate() {
        let code = f.check(
            &format!("schemes[{i}].code"),
            redress_domain::values::Slug::parse(&s.code),
        );
        let base = current
            .iter()
            .find(|c| c.code == s.code)
            .map(|c| c.timescales)
            .unwrap_or(Timescales::CODE);
        let timescales = s.timescales.as_ref().map(|t| t.apply(base));
        if let Some(Err(errors)) = timescales.map(|t| t.validate()) {
            for e in errors {
                f.push(format!("schemes[{i}].timescales.{}", e.field), e.message);
            }
        }
        let name = s
            .name
            .as_deref()
            .and_then(|n| f.check(&format!("schemes[{i}].name"), required_text(n, 200)));
        let (ombudsman_name, ombudsman_contact) = match s.ombudsman {
            Some(o) => (
                o.name.as_deref().and_then(|n| {
                    f.check(
                        &format!("schemes[{i}].ombudsman.name"),
                        required_text(n, 200),
                    )
                }),
                o.contact.as_deref().and_then(|c| {
                    f.check(
                        &format!("schemes[{i}].ombudsman.contact"),
                        required_text(c, 2000),
                    )
                }),
            ),
            None => (None, None),
        };
        if let Some(code) = code {
            schemes.push(SchemeChange {
                code: code.as_str().to_owned(),
                name,
                ombudsman_name,
                ombudsman_contact,
                timescales,
            });
        }
    }
    let letter_name = optional_setting(&mut f, "letter_name", b.letter_name, letter_name);
    let logo_url = optional_setting(&mut f, "logo_url", b.logo_url, logo_url);
    let contact_block = optional_setting(&mut f, "contact_block", b.contact_block, |v| {
        required_text(v, 2_000).map_err(|e| e.to_string())
    });
    if let Some(targets) = &b.performance_targets {
        for (figure, pct) in targets {
            if let Some(problem) = redress_domain::figures::target_problem(figure, *pct) {
                f.push(format!("performance_targets.{figure}"), problem);
            }
        }
    }
    let remedy_bands = b
        .remedy_bands
        .map(|bands| bands.map(|v| v.into_iter().map(RemedyBand::from).collect::<Vec<_>>()));
    if let Some(Some(bands)) = &remedy_bands
        && let Some((field, problem)) = remedy_guidance::bands_problem(bands)
    {
        f.push(field, problem);
    }
    let compensation_policy =
        optional_setting(&mut f, "compensation_policy", b.compensation_policy, |v| {
            required_text(v, 10_000).map_err(|e| e.to_string())
        });
    f.finish()?;
    let settings = landlords::update_settings(
        &tenant.db,
        tenant.scope,
        SettingsChange {
            name,
            reference_prefix: prefix,
            homes_low_cost_rental: b.homes,
            homes_low_cost_home_ownership: b.homes_low_cost_home_ownership,
            status: None,
            restriction_review_months: b.restriction_review_months,
            closure_days,
            schemes,
            letter_name,
            logo_url,
            contact_block,
            require_mfa: b.require_mfa,
            performance_targets: b.performance_targets,
            remedy_bands,
            compensation_policy,
        },
        &state.bank_holidays,
        crate::time::today(),
        Some(tenant.user_id),
    )
    .await?;
    redress_store::audit::record(
        &tenant.db,
        tenant.scope,
        &tenant.actor(),
        "settings.changed",
        None,
        serde_json::json!({"fields": changed, "require_mfa": b.require_mfa}),
    )
    .await?;
    Ok(web::Json(settings.into()))
}

/// Closure days to try in place of the landlord's own.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ClosureDaysTrial {
    /// The whole list, as `PATCH .../settings` would replace it.
    pub closure_days: Vec<ClosureDayView>,
}

/// The closure days given, each date once: a date listed again is refused by its field, and
/// each day's reason is kept as `reason` checks it (none: refused).
fn listed_once(
    f: &mut Fields,
    days: Vec<ClosureDayView>,
    reason: impl Fn(&mut Fields, usize, String) -> Option<String>,
) -> Vec<(NaiveDate, String)> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(days.len());
    for (i, d) in days.into_iter().enumerate() {
        if !seen.insert(d.date) {
            f.push(format!("closure_days[{i}].date"), "is listed twice");
        } else if let Some(r) = reason(f, i, d.reason) {
            out.push((d.date, r));
        }
    }
    out
}

/// An open complaint whose running deadline moves.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineMoveView {
    pub complaint_id: Uuid,
    pub reference: String,
    pub stage: i32,
    /// The deadline now, and with the closure days tried.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What the closure days tried would do to open complaints.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosureDaysEffect {
    /// How many open complaints' running deadlines would move.
    pub count: usize,
    /// The first 100 of them, the earliest deadline first.
    pub moves: Vec<DeadlineMoveView>,
}

/// Which open complaints' running deadlines would move were these the landlord's closure
/// days (landlord admin): the rule a change of closure days applies, with nothing changed.
#[utoipa::path(
    operation_id = "settings_closure_days_effect",
    tag = "settings",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The landlord's slug")),
    request_body = ClosureDaysTrial,
    responses(
        (status = 200, body = ClosureDaysEffect),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/settings/closure-days/effect")]
pub async fn closure_days_effect(
    state: web::Data<crate::AppState>,
    tenant: Tenant<LandlordAdmins>,
    body: Json<ClosureDaysTrial>,
) -> Result<web::Json<ClosureDaysEffect>, ApiError> {
    let mut f = Fields::new();
    let days: Vec<ClosureDay> =
        listed_once(&mut f, body.0.closure_days, |_, _, reason| Some(reason))
            .into_iter()
            .map(|(date, reason)| ClosureDay { date, reason })
            .collect();
    f.finish()?;
    let calendar = redress_domain::calendar::WorkingCalendar::new(&state.bank_holidays, days);
    let mut moves = redress_store::running_deadlines::moves(
        &tenant.db,
        tenant.scope,
        &calendar,
        crate::time::today(),
    )
    .await?;
    moves.sort_by(|a, b| {
        a.from
            .cmp(&b.from)
            .then_with(|| a.reference.cmp(&b.reference))
    });
    Ok(web::Json(ClosureDaysEffect {
        count: moves.len(),
        moves: moves
            .into_iter()
            .take(100)
            .map(|m| DeadlineMoveView {
                complaint_id: m.complaint_id,
                reference: m.reference,
                stage: m.stage,
                from: m.from,
                to: m.to,
            })
            .collect(),
    }))
}
