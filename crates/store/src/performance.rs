//! How a landlord is handling complaints over a period: the figures the performance digest
//! sends to the Member Responsible for Complaints and the governing body (Code 9.6, 9.7) and
//! that the dashboards show. No resident personal data: counts, rates and categories only.
//!
//! Which complaints count, at which date:
//! * received: stage 1 by the day the complaint was received, stage 2 by the day escalation
//!   was asked for (whether or not the complaint was later accepted; exclusions are shown
//!   separately);
//! * acknowledged in time: stages acknowledged within the period, against the scheme's
//!   acknowledgement timescale;
//! * responded in time: stages responded to within the period, against the response
//!   timescale plus any extension (a response inside a permitted extension is in time);
//! * outcomes: the decisions of those responses;
//! * escalation rate: stage 2 requests in the period per stage 1 response in the period;
//! * exclusions: decisions not to accept (Code 2.1–2.5) and refusals to escalate (5.11) made
//!   in the period, by reason;
//! * remedies: those offered in responses made in the period;
//! * learning: entries identified in the period, improvements implemented in it, and those
//!   not yet implemented at its end;
//! * open and overdue: as they stand on `today`.

use crate::complaints::StageRecord;
use crate::entities::{complaint, complaint_event};
use crate::landlords::{self, Landlord, corrupt, non_negative};
use crate::learning::{self, LearningFigures};
use crate::ombudsman::{OmbudsmanSummary, ombudsman_summary};
use crate::reminders::open_stages;
use crate::rollup;
use crate::sql::statement;
use crate::{Result, TenantScope};
use chrono::{Datelike, NaiveDate};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{Decision, Stage, StageState, stage_deadlines};
use redress_domain::timescales::Timescales;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// A part of a whole, with the percentage when there is a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct Rate {
    pub count: u64,
    pub of: u64,
    /// `count / of` as a percentage to one decimal place; none when `of` is 0.
    pub pct: Option<f64>,
}

impl Rate {
    pub fn new(count: u64, of: u64) -> Self {
        let pct = (of > 0).then(|| {
            // Counts are far below 2^52, so the conversion is exact.
            #[allow(clippy::cast_precision_loss)]
            let p = count as f64 * 100.0 / of as f64;
            (p * 10.0).round() / 10.0
        });
        Rate { count, of, pct }
    }
}

/// One stage's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct StageFigures {
    pub received: u64,
    /// Received per 1,000 homes, to two decimal places; none when homes are not recorded.
    pub received_per_1000_homes: Option<f64>,
    pub acknowledged_in_time: Rate,
    pub responded_in_time: Rate,
    /// Responses by decision: `upheld`, `partly_upheld`, `not_upheld`.
    pub outcomes: BTreeMap<String, u64>,
    /// Responses made after an extension.
    pub extended: u64,
}

/// Remedies offered in the period's responses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct RemedyFigures {
    pub offered: u64,
    pub completed: u64,
    pub financial_offered_pence: i64,
    pub financial_paid_pence: i64,
}

/// What is open on `today`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct OpenFigures {
    pub open: u64,
    pub overdue: u64,
    pub stage1_open: u64,
    pub stage2_open: u64,
    /// Open complaints by age in working days since the stage began, youngest first, every
    /// band listed (zeros included).
    pub ageing: Vec<AgeBand>,
}

/// Open complaints of an age, in working days since their current stage began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AgeBand {
    /// `0-5`, `6-10`, `11-20`, `21-40` or `over 40`.
    #[schema(value_type = String)]
    pub band: &'static str,
    pub count: u64,
}

/// The age bands, youngest first.
pub const AGE_BANDS: [&str; 5] = ["0-5", "6-10", "11-20", "21-40", "over 40"];

/// How many complaints of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CategoryCount {
    pub category: String,
    pub count: u64,
}

/// The figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub homes: u32,
    pub stage1: StageFigures,
    pub stage2: StageFigures,
    /// Stage 2 requests per stage 1 response.
    pub escalation_rate: Rate,
    /// Complaints received by category, most first.
    pub categories: Vec<CategoryCount>,
    /// Decisions not to accept and refusals to escalate, by reason.
    pub exclusions: BTreeMap<String, u64>,
    pub remedies: RemedyFigures,
    /// The Ombudsman's findings and orders (Code 9.7c): referrals, determinations by kind, and
    /// compliance with orders and recommendations.
    pub ombudsman: OmbudsmanSummary,
    /// Learning from complaints (Code 9.1–9.3): identified and implemented in the period.
    pub learning: LearningFigures,
    pub now: OpenFigures,
}

fn per_1000(count: u64, homes: u32) -> Option<f64> {
    (homes > 0).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let v = count as f64 * 1000.0 / f64::from(homes);
        (v * 100.0).round() / 100.0
    })
}

fn age_band(days: i64) -> &'static str {
    match days {
        i64::MIN..=5 => "0-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        _ => "over 40",
    }
}

/// A figure whose complaints can be listed (the dashboards' drill-down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    Stage1Received,
    Stage2Received,
    Stage1AcknowledgedLate,
    Stage2AcknowledgedLate,
    Stage1RespondedLate,
    Stage2RespondedLate,
    Stage1Responded,
    Stage2Responded,
    Excluded,
    Open,
    Overdue,
}

impl Figure {
    pub const ALL: [Figure; 11] = [
        Figure::Stage1Received,
        Figure::Stage2Received,
        Figure::Stage1AcknowledgedLate,
        Figure::Stage2AcknowledgedLate,
        Figure::Stage1RespondedLate,
        Figure::Stage2RespondedLate,
        Figure::Stage1Responded,
        Figure::Stage2Responded,
        Figure::Excluded,
        Figure::Open,
        Figure::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Figure::Stage1Received => "stage1_received",
            Figure::Stage2Received => "stage2_received",
            Figure::Stage1AcknowledgedLate => "stage1_acknowledged_late",
            Figure::Stage2AcknowledgedLate => "stage2_acknowledged_late",
            Figure::Stage1RespondedLate => "stage1_responded_late",
            Figure::Stage2RespondedLate => "stage2_responded_late",
            Figure::Stage1Responded => "stage1_responded",
            Figure::Stage2Responded => "stage2_responded",
            Figure::Excluded => "excluded",
            Figure::Open => "open",
            Figure::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One month's figures, for the trends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub stage1_received: u64,
    pub stage2_received: u64,
    pub stage1_acknowledged: u64,
    pub stage1_acknowledged_in_time: u64,
    pub stage1_responded: u64,
    pub stage1_responded_in_time: u64,
    pub stage2_responded: u64,
    pub stage2_responded_in_time: u64,
    pub excluded: u64,
}

/// A contractor's stage 1 handling (Code 5.4, 5.5).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContractorFigures {
    pub contractor_id: Uuid,
    pub name: String,
    pub responded_in_time: Rate,
    pub open: u64,
    pub overdue: u64,
}

/// Everything the dashboards show: the period's figures, the months within it and the
/// contractors' stage 1 handling.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Dashboard {
    pub figures: Figures,
    pub monthly: Vec<Month>,
    pub contractors: Vec<ContractorFigures>,
}

/// The months from `from` to `to`, as `YYYY-MM`.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut d = from.with_day(1).unwrap_or(from);
    while d <= to {
        out.push(d.format("%Y-%m").to_string());
        match d.checked_add_months(chrono::Months::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// The landlord's figures for `from`–`to` inclusive, with what is open as of `today`.
pub async fn figures<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Figures> {
    Ok(dashboard(db, scope, calendar, from, to, today)
        .await?
        .figures)
}

/// The dashboard for `from`–`to` inclusive, with what is open as of `today`, added up from
/// the performance roll-up (`crate::rollup`).
pub async fn dashboard<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Dashboard> {
    Ok(from_rollup(db, scope, calendar, from, to, today).await?.0)
}

/// The same dashboard counted from the records themselves, complaint by complaint: the
/// reference the roll-up is tested against.
pub async fn dashboard_from_records(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Dashboard> {
    Ok(compute(conn, scope, calendar, from, to, today, None)
        .await?
        .0)
}

/// The complaints behind one figure, in id order: counted by exactly the rules that count the
/// figure, so the list and the number always agree.
pub async fn cases(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    figure: Figure,
) -> Result<Vec<Uuid>> {
    let mut ids = compute(conn, scope, calendar, from, to, today, Some(figure))
        .await?
        .1;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The version of the Regulator's rules the TSM figures follow (Tenant Satisfaction
/// Measures: Technical Requirements, in force from the 2023 reporting year). A change of
/// rules is a new version, with its own definitions in docs/METRICS.md.
pub const TSM_RULES: &str = "rsh-tsm-2023";

/// The counts behind CH01 and CH02.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct TsmCounts {
    pub stage1_received: u64,
    pub stage2_received: u64,
    pub stage1_responded: u64,
    pub stage1_responded_in_time: u64,
    pub stage2_responded: u64,
    pub stage2_responded_in_time: u64,
}

/// The Regulator of Social Housing's complaints measures for one financial year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Tsm {
    /// The financial year by the calendar year it starts in (2024 = 1 April 2024 to
    /// 31 March 2025).
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Which rules the figures follow (see docs/METRICS.md).
    pub rules: String,
    pub homes_low_cost_rental: u32,
    pub homes_low_cost_home_ownership: u32,
    /// CH01: stage 1 complaints received per 1,000 homes, to two decimal places.
    pub ch01_stage1_per_1000: Option<f64>,
    /// CH01: stage 2 complaints received per 1,000 homes.
    pub ch01_stage2_per_1000: Option<f64>,
    /// CH02: stage 1 complaints responded to within the Code's timescales, as a percentage
    /// of stage 1 complaints responded to, to one decimal place.
    pub ch02_stage1_pct: Option<f64>,
    /// CH02: the same for stage 2.
    pub ch02_stage2_pct: Option<f64>,
    pub counts: TsmCounts,
    /// Where the landlord has both low-cost rental and low-cost home ownership homes, CH01
    /// and CH02 for each tenure (complaints whose tenure is not recorded are in
    /// `not_recorded`, without a rate per 1,000 homes); otherwise empty.
    pub by_tenure: Vec<TenureMeasures>,
    /// Whether the year has ended: until it has, the figures are the year to date.
    pub complete: bool,
}

/// CH01 and CH02 for one tenure.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TenureMeasures {
    /// `low_cost_rental`, `low_cost_home_ownership` or `not_recorded`.
    pub tenure: String,
    pub homes: Option<u32>,
    pub ch01_stage1_per_1000: Option<f64>,
    pub ch01_stage2_per_1000: Option<f64>,
    pub ch02_stage1_pct: Option<f64>,
    pub ch02_stage2_pct: Option<f64>,
    pub counts: TsmCounts,
}

fn tenure_measures(tenure: &str, homes: Option<u32>, c: TsmCounts) -> TenureMeasures {
    let per = |n: u64| homes.and_then(|h| per_1000(n, h));
    TenureMeasures {
        tenure: tenure.to_owned(),
        homes,
        ch01_stage1_per_1000: per(c.stage1_received),
        ch01_stage2_per_1000: per(c.stage2_received),
        ch02_stage1_pct: Rate::new(c.stage1_responded_in_time, c.stage1_responded).pct,
        ch02_stage2_pct: Rate::new(c.stage2_responded_in_time, c.stage2_responded).pct,
        counts: c,
    }
}

/// The first and last day of financial year `year` (1 April to 31 March).
pub fn financial_year(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 4, 1)?,
        NaiveDate::from_ymd_opt(year + 1, 3, 31)?,
    ))
}

/// TSM CH01 and CH02 for financial year `year`, added up from the performance roll-up by the
/// same rules as the dashboard.
pub async fn tsm<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    year: i32,
    today: NaiveDate,
) -> Result<Tsm> {
    let (from, to) = financial_year(year)
        .ok_or_else(|| crate::StoreError::Conflict(format!("{year} is not a year")))?;
    rollup::ensure(db, scope, calendar).await?;
    let landlord = landlords::get(db, scope).await?;
    let t = Totals::from_sums(
        rollup::sums(db, scope, from, to).await?,
        from,
        to,
        &landlord,
    );
    Ok(tsm_of(
        year, today, &landlord, &t.stage1, &t.stage2, &t.tenures,
    ))
}

/// [`tsm`] counted from the records themselves (the reference for the roll-up's tests).
pub async fn tsm_from_records(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    year: i32,
    today: NaiveDate,
) -> Result<Tsm> {
    let (from, to) = financial_year(year)
        .ok_or_else(|| crate::StoreError::Conflict(format!("{year} is not a year")))?;
    let (dashboard, _, tenures) = compute(conn, scope, calendar, from, to, today, None).await?;
    let f = dashboard.figures;
    let landlord = landlords::get(conn, scope).await?;
    Ok(tsm_of(
        year, today, &landlord, &f.stage1, &f.stage2, &tenures,
    ))
}

fn tsm_of(
    year: i32,
    today: NaiveDate,
    landlord: &Landlord,
    stage1: &StageFigures,
    stage2: &StageFigures,
    tenures: &ByTenure,
) -> Tsm {
    let (from, to) = financial_year(year).unwrap_or((today, today));
    let by_tenure =
        if landlord.homes_low_cost_rental > 0 && landlord.homes_low_cost_home_ownership > 0 {
            let get = |k: Option<&str>| {
                tenures
                    .get(&k.map(str::to_owned))
                    .copied()
                    .unwrap_or_default()
            };
            vec![
                tenure_measures(
                    "low_cost_rental",
                    Some(landlord.homes_low_cost_rental),
                    get(Some("low_cost_rental")),
                ),
                tenure_measures(
                    "low_cost_home_ownership",
                    Some(landlord.homes_low_cost_home_ownership),
                    get(Some("low_cost_home_ownership")),
                ),
                tenure_measures("not_recorded", None, get(None)),
            ]
        } else {
            Vec::new()
        };
    Tsm {
        year,
        from,
        to,
        rules: TSM_RULES.to_owned(),
        homes_low_cost_rental: landlord.homes_low_cost_rental,
        homes_low_cost_home_ownership: landlord.homes_low_cost_home_ownership,
        ch01_stage1_per_1000: stage1.received_per_1000_homes,
        ch01_stage2_per_1000: stage2.received_per_1000_homes,
        ch02_stage1_pct: stage1.responded_in_time.pct,
        ch02_stage2_pct: stage2.responded_in_time.pct,
        counts: TsmCounts {
            stage1_received: stage1.received,
            stage2_received: stage2.received,
            stage1_responded: stage1.responded_in_time.of,
            stage1_responded_in_time: stage1.responded_in_time.count,
            stage2_responded: stage2.responded_in_time.of,
            stage2_responded_in_time: stage2.responded_in_time.count,
        },
        by_tenure,
        complete: today > to,
    }
}

/// A complaint as a drill-down lists it: no resident data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: Uuid,
    pub reference: String,
    pub status: String,
    pub current_stage: i32,
    pub received_on: NaiveDate,
    pub category: String,
}

/// The complaints with these ids, in the order given.
pub async fn case_summaries(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[Uuid],
) -> Result<Vec<CaseSummary>> {
    let rows: Vec<(Uuid, String, String, i32, NaiveDate, String)> = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::Reference)
        .column(complaint::Column::Status)
        .column(complaint::Column::CurrentStage)
        .column(complaint::Column::ReceivedOn)
        .column(complaint::Column::Category)
        .filter(complaint::Column::LandlordId.eq(scope.landlord_id()))
        .filter(complaint::Column::Id.is_in(ids.to_vec()))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by_id: HashMap<Uuid, CaseSummary> = rows
        .into_iter()
        .map(
            |(id, reference, status, current_stage, received_on, category)| {
                (
                    id,
                    CaseSummary {
                        id,
                        reference,
                        status,
                        current_stage,
                        received_on,
                        category,
                    },
                )
            },
        )
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The counts behind CH01 and CH02 by tenure (`None`: not recorded).
type ByTenure = BTreeMap<Option<String>, TsmCounts>;

/// A received complaint's id, category, received date, status and tenure.
type ReceivedRow = (Uuid, String, NaiveDate, String, Option<String>);

/// A stage row with what the figures need of its complaint.
struct StageRow {
    complaint_id: Uuid,
    record: StageRecord,
    scheme_id: Uuid,
    status: String,
    tenure: Option<String>,
}

#[tracing::instrument(skip(conn, calendar), fields(landlord = %scope.landlord_id()))]
async fn compute(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    want: Option<Figure>,
) -> Result<(Dashboard, Vec<Uuid>, ByTenure)> {
    let landlord = landlords::get(conn, scope).await?;
    let homes = landlord.homes();
    let schemes: HashMap<Uuid, Timescales> = landlords::schemes(conn, scope)
        .await?
        .into_iter()
        .map(|s| (s.id, s.timescales))
        .collect();
    let timescales = |scheme_id: &Uuid| schemes.get(scheme_id).copied().unwrap_or(Timescales::CODE);
    let mut picked: Vec<Uuid> = Vec::new();
    let mut pick = |f: Figure, id: Uuid| {
        if want == Some(f) {
            picked.push(id);
        }
    };
    let month_names = months(from, to);
    let mut monthly: Vec<Month> = month_names
        .iter()
        .map(|m| Month {
            month: m.clone(),
            ..Month::default()
        })
        .collect();
    let month_of = |d: NaiveDate| {
        let key = d.format("%Y-%m").to_string();
        month_names.iter().position(|m| *m == key)
    };

    // Stage 1 received, by category and month; those not accepted are exclusions instead.
    let received: Vec<ReceivedRow> = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::Category)
        .column(complaint::Column::ReceivedOn)
        .column(complaint::Column::Status)
        .column(complaint::Column::Tenure)
        .filter(complaint::Column::LandlordId.eq(scope.landlord_id()))
        .filter(complaint::Column::ReceivedOn.between(from, to))
        .into_tuple()
        .all(conn)
        .await?;
    let mut categories: HashMap<String, u64> = HashMap::new();
    let mut stage1 = StageFigures::default();
    let mut stage2 = StageFigures::default();
    let mut tenures: ByTenure = BTreeMap::new();
    for (id, category, on, status, tenure) in &received {
        if status == "not_accepted" {
            continue;
        }
        *categories.entry(category.clone()).or_default() += 1;
        stage1.received += 1;
        tenures.entry(tenure.clone()).or_default().stage1_received += 1;
        pick(Figure::Stage1Received, *id);
        if let Some(i) = month_of(*on) {
            monthly[i].stage1_received += 1;
        }
    }
    let categories = sorted_categories(categories);

    // Every stage with something happening in the period, with its complaint's scheme,
    // status and tenure: one query.
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT s.complaint_id, s.stage, s.requested_on, s.acknowledged_on, \
           s.extension_working_days, s.responded_on, s.handler_id, s.contractor_id, s.decision, \
           c.scheme_id, c.status, c.tenure \
         FROM complaint_stages s \
         JOIN complaints c ON c.landlord_id = s.landlord_id AND c.id = s.complaint_id \
         WHERE s.landlord_id = ? AND ((s.requested_on BETWEEN ? AND ?) \
           OR (s.acknowledged_on BETWEEN ? AND ?) OR (s.responded_on BETWEEN ? AND ?))",
        vec![
            scope.landlord_id().into(),
            from.into(),
            to.into(),
            from.into(),
            to.into(),
            from.into(),
            to.into(),
        ],
    );
    let mut rows = Vec::new();
    for r in conn.query_all_raw(stmt).await? {
        let stage: i32 = r.try_get("", "stage")?;
        let decision: Option<String> = r.try_get("", "decision")?;
        rows.push(StageRow {
            complaint_id: r.try_get("", "complaint_id")?,
            record: StageRecord {
                state: StageState {
                    stage: Stage::from_number(stage)
                        .ok_or_else(|| corrupt("complaint_stages.stage", stage))?,
                    requested_on: r.try_get("", "requested_on")?,
                    acknowledged_on: r.try_get("", "acknowledged_on")?,
                    extension_working_days: non_negative(r.try_get("", "extension_working_days")?),
                    responded_on: r.try_get("", "responded_on")?,
                    handler_id: r.try_get("", "handler_id")?,
                    contractor_id: r.try_get("", "contractor_id")?,
                    responded_by: None,
                },
                decision: decision
                    .as_deref()
                    .map(Decision::parse)
                    .transpose()
                    .map_err(|e| corrupt("complaint_stages.decision", e))?,
                reasons: None,
                escalation_route: None,
            },
            scheme_id: r.try_get("", "scheme_id")?,
            status: r.try_get("", "status")?,
            tenure: r.try_get("", "tenure")?,
        });
    }

    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d >= from && d <= to);
    let mut by_contractor: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for row in &rows {
        let s = &row.record.state;
        let d = stage_deadlines(calendar, &timescales(&row.scheme_id), s, today);
        let two = s.stage == Stage::Two;
        let f = if two { &mut stage2 } else { &mut stage1 };
        // An escalation refused (Code 5.11) closes the complaint before stage 2 is
        // acknowledged: it is an exclusion, not a stage 2 complaint.
        let refused = two && s.acknowledged_on.is_none() && row.status == "closed";
        if two && in_period(Some(s.requested_on)) && !refused {
            f.received += 1;
            tenures
                .entry(row.tenure.clone())
                .or_default()
                .stage2_received += 1;
            pick(Figure::Stage2Received, row.complaint_id);
            if let Some(i) = month_of(s.requested_on) {
                monthly[i].stage2_received += 1;
            }
        }
        if let Some(on) = s.acknowledged_on.filter(|d| in_period(Some(*d))) {
            f.acknowledged_in_time.of += 1;
            let in_time = d.acknowledged_in_time == Some(true);
            if in_time {
                f.acknowledged_in_time.count += 1;
            } else {
                pick(
                    if two {
                        Figure::Stage2AcknowledgedLate
                    } else {
                        Figure::Stage1AcknowledgedLate
                    },
                    row.complaint_id,
                );
            }
            if !two && let Some(i) = month_of(on) {
                monthly[i].stage1_acknowledged += 1;
                if in_time {
                    monthly[i].stage1_acknowledged_in_time += 1;
                }
            }
        }
        if let Some(on) = s.responded_on.filter(|d| in_period(Some(*d))) {
            f.responded_in_time.of += 1;
            let in_time = d.responded_in_time == Some(true);
            let t = tenures.entry(row.tenure.clone()).or_default();
            if two {
                t.stage2_responded += 1;
                t.stage2_responded_in_time += u64::from(in_time);
            } else {
                t.stage1_responded += 1;
                t.stage1_responded_in_time += u64::from(in_time);
            }
            pick(
                if two {
                    Figure::Stage2Responded
                } else {
                    Figure::Stage1Responded
                },
                row.complaint_id,
            );
            if in_time {
                f.responded_in_time.count += 1;
            } else {
                pick(
                    if two {
                        Figure::Stage2RespondedLate
                    } else {
                        Figure::Stage1RespondedLate
                    },
                    row.complaint_id,
                );
            }
            if s.extension_working_days > 0 {
                f.extended += 1;
            }
            if let Some(decision) = row.record.decision {
                *f.outcomes.entry(decision.as_str().to_owned()).or_default() += 1;
            }
            if let Some(i) = month_of(on) {
                let m = &mut monthly[i];
                if two {
                    m.stage2_responded += 1;
                    m.stage2_responded_in_time += u64::from(in_time);
                } else {
                    m.stage1_responded += 1;
                    m.stage1_responded_in_time += u64::from(in_time);
                }
            }
            if let (false, Some(c)) = (two, s.contractor_id) {
                let e = by_contractor.entry(c).or_default();
                e.1 += 1;
                e.0 += u64::from(in_time);
            }
        }
    }
    finish_stage_figures(&mut stage1, &mut stage2, homes);
    let escalation_rate = Rate::new(stage2.received, stage1.responded_in_time.of);

    // Exclusions by reason (Code 8.1b): not accepted, and escalation refused.
    let mut exclusions = BTreeMap::new();
    for (id, on, reason) in exclusion_rows(conn, scope, from, to).await? {
        *exclusions.entry(reason).or_default() += 1;
        pick(Figure::Excluded, id);
        if let Some(i) = month_of(on) {
            monthly[i].excluded += 1;
        }
    }

    // Remedies offered in the period's responses: those of the stages responded to in it.
    let mut remedies = RemedyFigures::default();
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT r.status, r.amount_pence FROM remedies r \
         JOIN complaint_stages s ON s.landlord_id = r.landlord_id \
           AND s.complaint_id = r.complaint_id AND s.stage = r.stage \
         WHERE r.landlord_id = ? AND s.responded_on BETWEEN ? AND ?",
        vec![scope.landlord_id().into(), from.into(), to.into()],
    );
    for r in conn.query_all_raw(stmt).await? {
        let status: String = r.try_get("", "status")?;
        let amount: Option<i64> = r.try_get("", "amount_pence")?;
        remedies.offered += 1;
        let done = status == "completed";
        if done {
            remedies.completed += 1;
        }
        if let Some(p) = amount {
            remedies.financial_offered_pence += p;
            if done {
                remedies.financial_paid_pence += p;
            }
        }
    }

    // What is open now.
    let (now, open, open_by_contractor) = open_now(conn, scope, calendar, &schemes, today).await?;
    for (id, overdue) in open {
        pick(Figure::Open, id);
        if overdue {
            pick(Figure::Overdue, id);
        }
    }
    let contractors = contractor_figures(conn, scope, &by_contractor, &open_by_contractor).await?;

    let figures = Figures {
        from,
        to,
        homes,
        stage1,
        stage2,
        escalation_rate,
        categories,
        exclusions,
        remedies,
        ombudsman: ombudsman_summary(conn, scope, from, to).await?,
        learning: learning::figures(conn, scope, from, to).await?,
        now,
    };
    Ok((
        Dashboard {
            figures,
            monthly,
            contractors,
        },
        picked,
        tenures,
    ))
}

/// Decisions not to accept (Code 2.1–2.5) and refusals to escalate (5.11) made in
/// `from`–`to`: the complaint, the day and the reason.
async fn exclusion_rows(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Uuid, NaiveDate, String)>> {
    let events: Vec<(Uuid, NaiveDate, String)> = complaint_event::Entity::find()
        .select_only()
        .column(complaint_event::Column::ComplaintId)
        .column(complaint_event::Column::EffectiveOn)
        .column(complaint_event::Column::Data)
        .filter(complaint_event::Column::LandlordId.eq(scope.landlord_id()))
        .filter(complaint_event::Column::Kind.is_in(["not_accepted", "escalation_refused"]))
        .filter(complaint_event::Column::EffectiveOn.between(from, to))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(events
        .into_iter()
        .map(|(id, on, data)| (id, on, rollup::exclusion_reason(&data)))
        .collect())
}

/// Open and overdue counts by contractor.
type ByContractor = HashMap<Uuid, (u64, u64)>;

/// What is open on `today`: the figures, each open complaint with whether it is overdue, and
/// (open, overdue) by contractor.
async fn open_now(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    schemes: &HashMap<Uuid, Timescales>,
    today: NaiveDate,
) -> Result<(OpenFigures, Vec<(Uuid, bool)>, ByContractor)> {
    let mut now = OpenFigures {
        ageing: AGE_BANDS
            .iter()
            .map(|&band| AgeBand { band, count: 0 })
            .collect(),
        ..OpenFigures::default()
    };
    let mut open = Vec::new();
    let mut by_contractor: ByContractor = HashMap::new();
    for o in open_stages(conn, scope).await? {
        let timescales = schemes
            .get(&o.case.scheme_id)
            .copied()
            .unwrap_or(Timescales::CODE);
        let d = stage_deadlines(calendar, &timescales, &o.state, today);
        now.open += 1;
        open.push((o.case.complaint_id, d.overdue));
        match o.case.stage {
            Stage::One => now.stage1_open += 1,
            Stage::Two => now.stage2_open += 1,
        }
        if d.overdue {
            now.overdue += 1;
        }
        if let Some(c) = o.case.contractor_id {
            let e = by_contractor.entry(c).or_default();
            e.0 += 1;
            e.1 += u64::from(d.overdue);
        }
        let age = calendar.working_days_between(o.state.requested_on, today);
        let band = age_band(age);
        if let Some(b) = now.ageing.iter_mut().find(|b| b.band == band) {
            b.count += 1;
        }
    }
    Ok((now, open, by_contractor))
}

/// Each contractor's stage 1 handling: (in time, responded) from the period, (open, overdue)
/// from today.
async fn contractor_figures(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    responded: &ByContractor,
    open: &ByContractor,
) -> Result<Vec<ContractorFigures>> {
    let mut contractors: Vec<ContractorFigures> = crate::contractors::all(conn, scope)
        .await?
        .into_iter()
        .map(|(id, name)| {
            let (in_time, of) = responded.get(&id).copied().unwrap_or_default();
            let (open, overdue) = open.get(&id).copied().unwrap_or_default();
            ContractorFigures {
                contractor_id: id,
                name,
                responded_in_time: Rate::new(in_time, of),
                open,
                overdue,
            }
        })
        .collect();
    contractors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(contractors)
}

/// The period's stage figures, months, categories, tenures, remedies and contractors' stage 1
/// responses, added up from the roll-up's sums.
struct Totals {
    stage1: StageFigures,
    stage2: StageFigures,
    monthly: Vec<Month>,
    categories: Vec<CategoryCount>,
    tenures: ByTenure,
    remedies: RemedyFigures,
    by_contractor: ByContractor,
    exclusions: BTreeMap<String, u64>,
}

impl Totals {
    fn from_sums(
        sums: Vec<(String, String, String, i64)>,
        from: NaiveDate,
        to: NaiveDate,
        landlord: &Landlord,
    ) -> Totals {
        let mut monthly: Vec<Month> = months(from, to)
            .into_iter()
            .map(|month| Month {
                month,
                ..Month::default()
            })
            .collect();
        let mut stage1 = StageFigures::default();
        let mut stage2 = StageFigures::default();
        let mut categories: HashMap<String, u64> = HashMap::new();
        let mut tenures: ByTenure = BTreeMap::new();
        let mut remedies = RemedyFigures::default();
        let mut by_contractor: ByContractor = HashMap::new();
        let mut exclusions: BTreeMap<String, u64> = BTreeMap::new();
        for (month, measure, dim, n) in sums {
            let pence = n;
            let n = u64::try_from(n).unwrap_or(0);
            let mut none = Month::default();
            let m = monthly
                .iter_mut()
                .find(|m| m.month == month)
                .unwrap_or(&mut none);
            let tenure = (!dim.is_empty()).then(|| dim.clone());
            let contractor = Uuid::parse_str(&dim).ok();
            let (s1, s2) = (&rollup::STAGE1, &rollup::STAGE2);
            match measure.as_str() {
                x if x == s1.received => {
                    stage1.received += n;
                    m.stage1_received += n;
                }
                x if x == s2.received => {
                    stage2.received += n;
                    m.stage2_received += n;
                }
                x if x == s1.received_tenure => {
                    tenures.entry(tenure).or_default().stage1_received += n;
                }
                x if x == s2.received_tenure => {
                    tenures.entry(tenure).or_default().stage2_received += n;
                }
                x if x == s1.acknowledged => {
                    stage1.acknowledged_in_time.of += n;
                    m.stage1_acknowledged += n;
                }
                x if x == s1.acknowledged_in_time => {
                    stage1.acknowledged_in_time.count += n;
                    m.stage1_acknowledged_in_time += n;
                }
                x if x == s2.acknowledged => stage2.acknowledged_in_time.of += n,
                x if x == s2.acknowledged_in_time => stage2.acknowledged_in_time.count += n,
                x if x == s1.responded => {
                    stage1.responded_in_time.of += n;
                    m.stage1_responded += n;
                }
                x if x == s1.responded_in_time => {
                    stage1.responded_in_time.count += n;
                    m.stage1_responded_in_time += n;
                }
                x if x == s2.responded => {
                    stage2.responded_in_time.of += n;
                    m.stage2_responded += n;
                }
                x if x == s2.responded_in_time => {
                    stage2.responded_in_time.count += n;
                    m.stage2_responded_in_time += n;
                }
                x if x == s1.responded_tenure => {
                    tenures.entry(tenure).or_default().stage1_responded += n;
                }
                x if x == s1.responded_in_time_tenure => {
                    tenures.entry(tenure).or_default().stage1_responded_in_time += n;
                }
                x if x == s2.responded_tenure => {
                    tenures.entry(tenure).or_default().stage2_responded += n;
                }
                x if x == s2.responded_in_time_tenure => {
                    tenures.entry(tenure).or_default().stage2_responded_in_time += n;
                }
                x if x == s1.extended => stage1.extended += n,
                x if x == s2.extended => stage2.extended += n,
                x if x == s1.outcome => *stage1.outcomes.entry(dim).or_default() += n,
                x if x == s2.outcome => *stage2.outcomes.entry(dim).or_default() += n,
                rollup::RECEIVED_CATEGORY => *categories.entry(dim).or_default() += n,
                rollup::CONTRACTOR_RESPONDED => {
                    if let Some(c) = contractor {
                        by_contractor.entry(c).or_default().1 += n;
                    }
                }
                rollup::CONTRACTOR_RESPONDED_IN_TIME => {
                    if let Some(c) = contractor {
                        by_contractor.entry(c).or_default().0 += n;
                    }
                }
                rollup::EXCLUDED => {
                    *exclusions.entry(dim).or_default() += n;
                    m.excluded += n;
                }
                rollup::REMEDIES_OFFERED => remedies.offered += n,
                rollup::REMEDIES_COMPLETED => remedies.completed += n,
                rollup::REMEDIES_OFFERED_PENCE => remedies.financial_offered_pence += pence,
                rollup::REMEDIES_PAID_PENCE => remedies.financial_paid_pence += pence,
                _ => {}
            }
        }
        // Breakdowns that add up to nothing (a fact moved to another day) are not shown.
        stage1.outcomes.retain(|_, n| *n > 0);
        stage2.outcomes.retain(|_, n| *n > 0);
        categories.retain(|_, n| *n > 0);
        exclusions.retain(|_, n| *n > 0);
        tenures.retain(|_, c| *c != TsmCounts::default());
        by_contractor.retain(|_, c| c.1 > 0);
        finish_stage_figures(&mut stage1, &mut stage2, landlord.homes());
        Totals {
            stage1,
            stage2,
            monthly,
            categories: sorted_categories(categories),
            tenures,
            remedies,
            by_contractor,
            exclusions,
        }
    }
}

fn finish_stage_figures(stage1: &mut StageFigures, stage2: &mut StageFigures, homes: u32) {
    for f in [stage1, stage2] {
        f.received_per_1000_homes = per_1000(f.received, homes);
        f.acknowledged_in_time = Rate::new(f.acknowledged_in_time.count, f.acknowledged_in_time.of);
        f.responded_in_time = Rate::new(f.responded_in_time.count, f.responded_in_time.of);
    }
}

/// Categories, most complaints first, then by name.
fn sorted_categories(categories: HashMap<String, u64>) -> Vec<CategoryCount> {
    let mut out: Vec<CategoryCount> = categories
        .into_iter()
        .map(|(category, count)| CategoryCount { category, count })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.category.cmp(&b.category))
    });
    out
}

/// The dashboard from the roll-up, with the counts by tenure.
async fn from_rollup<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<(Dashboard, ByTenure)> {
    let schemes = rollup::ensure(db, scope, calendar).await?;
    let landlord = landlords::get(db, scope).await?;
    let t = Totals::from_sums(
        rollup::sums(db, scope, from, to).await?,
        from,
        to,
        &landlord,
    );
    let (now, _, open_by_contractor) = open_now(db, scope, calendar, &schemes, today).await?;
    let contractors = contractor_figures(db, scope, &t.by_contractor, &open_by_contractor).await?;
    let figures = Figures {
        from,
        to,
        homes: landlord.homes(),
        escalation_rate: Rate::new(t.stage2.received, t.stage1.responded_in_time.of),
        stage1: t.stage1,
        stage2: t.stage2,
        categories: t.categories,
        exclusions: t.exclusions,
        remedies: t.remedies,
        ombudsman: ombudsman_summary(db, scope, from, to).await?,
        learning: learning::figures(db, scope, from, to).await?,
        now,
    };
    Ok((
        Dashboard {
            figures,
            monthly: t.monthly,
            contractors,
        },
        t.tenures,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_to_one_place_and_have_no_percentage_of_nothing() {
        assert_eq!(Rate::new(412, 415).pct, Some(99.3));
        assert_eq!(Rate::new(0, 0).pct, None);
        assert_eq!(Rate::new(1, 3).pct, Some(33.3));
    }

    #[test]
    fn per_thousand_homes() {
        assert_eq!(per_1000(25, 10_000), Some(2.5));
        assert_eq!(per_1000(5, 0), None);
    }
}
