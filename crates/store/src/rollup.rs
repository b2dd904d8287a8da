//! The performance roll-up: per landlord and day, the counts that the dashboards, the
//! performance digests and the TSM figures add up (docs/METRICS.md), so that a year's dashboard
//! for a landlord with a hundred thousand complaints reads a few thousand rows instead of
//! every complaint and stage.
//!
//! Each complaint contributes *facts*: "on 3 June, one stage 1 response in time, outcome
//! upheld, tenure low-cost rental". The roll-up holds their sums by day.
//!
//! How it stays equal to a count made from the records:
//! * every change to a complaint, its stages or its remedies goes through
//!   `complaints::insert`, `complaints::apply_in` or `complaints::update_remedy`. Each reads
//!   the complaint's facts before the change and after it, in the same transaction, and adds
//!   the difference ([`begin_change`], [`Change::finish`]). A complaint just logged had no
//!   facts before, and its facts after are made from the complaint as written
//!   ([`Change::finish_logged`]);
//! * the facts depend on the working calendar (bank holidays, closure days), the schemes'
//!   timescales and these rules ([`FACTS_VERSION`]). The roll-up keeps a fingerprint of all
//!   three; a change that finds a different fingerprint discards the roll-up, and the next
//!   read rebuilds it from the records ([`ensure`]);
//! * on PostgreSQL a change holds a share lock on the landlord's row and a rebuild an
//!   exclusive one, so a rebuild never misses a change committed while it runs, and the
//!   complaint's row is locked before its facts are read. SQLite transactions are serialised
//!   already (`BEGIN IMMEDIATE`);
//! * `performance::dashboard_from_records` counts the same figures from the records by
//!   their own code; the tests compare the two after every kind of change.

use crate::error::corrupt;
use crate::landlords::{self, non_negative};
use crate::sql::statement;
use crate::{Result, TenantScope};
use chrono::{NaiveDate, Utc};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{Decision, RemedyStatus, Stage, StageState, Status, Tenure};
use redress_domain::figures::{self, CaseForFigures, RemedyForFigures};
use redress_domain::timescales::Timescales;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, QueryResult, TransactionSession, TransactionTrait, Value,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

pub use redress_domain::figures::{
    CONTRACTOR_RESPONDED, CONTRACTOR_RESPONDED_IN_TIME, EXCLUDED, FACTS_VERSION, Facts,
    RECEIVED_CATEGORY, REMEDIES_COMPLETED, REMEDIES_OFFERED, REMEDIES_OFFERED_PENCE,
    REMEDIES_PAID_PENCE, STAGE1, STAGE2, StageMeasures, measures,
};

/// What the facts of a complaint are made from: the complaint as the figures see it, and
/// the scheme whose timescales it runs to.
struct CaseRows {
    scheme_id: Uuid,
    case: CaseForFigures,
}

/// The reason an exclusion event records, `other` when it records none.
pub fn exclusion_reason(data: &str) -> String {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()
        .and_then(|v| v.get("reason").and_then(|r| r.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "other".to_owned())
}

/// The fingerprint of what the facts depend on besides the records.
fn fingerprint(calendar: &WorkingCalendar, schemes: &HashMap<Uuid, Timescales>) -> String {
    let mut h = Sha256::new();
    h.update(FACTS_VERSION.as_bytes());
    for (date, _) in calendar.bank_holidays().iter() {
        h.update(format!("|bh {date}").as_bytes());
    }
    for c in calendar.closure_days() {
        h.update(format!("|cd {}", c.date).as_bytes());
    }
    let mut ids: Vec<&Uuid> = schemes.keys().collect();
    ids.sort();
    for id in ids {
        if let Some(t) = schemes.get(id) {
            h.update(
                format!(
                    "|s {id} {} {} {} {}",
                    t.stage1_acknowledge,
                    t.stage1_response,
                    t.stage2_acknowledge,
                    t.stage2_response
                )
                .as_bytes(),
            );
        }
    }
    format!("{:x}", h.finalize())
}

async fn scheme_timescales(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<HashMap<Uuid, Timescales>> {
    Ok(landlords::schemes(conn, scope)
        .await?
        .into_iter()
        .map(|s| (s.id, s.timescales))
        .collect())
}

async fn stored_fingerprint(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Option<String>> {
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT fingerprint FROM performance_rollups WHERE landlord_id = ?",
        vec![scope.landlord_id().into()],
    );
    Ok(match conn.query_one_raw(stmt).await? {
        Some(r) => Some(r.try_get("", "fingerprint")?),
        None => None,
    })
}

async fn exec(conn: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<()> {
    conn.execute_raw(statement(conn.get_database_backend(), sql, values))
        .await?;
    Ok(())
}

/// On PostgreSQL, a row lock on the landlord: `SHARE` for a change, `UPDATE` for a rebuild.
async fn lock_landlord(conn: &impl ConnectionTrait, scope: TenantScope, mode: &str) -> Result<()> {
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        exec(
            conn,
            &format!("SELECT id FROM landlords WHERE id = ? FOR {mode}"),
            vec![scope.landlord_id().into()],
        )
        .await?;
    }
    Ok(())
}

fn stage_of(r: &QueryResult) -> Result<(Uuid, StageState, Option<Decision>)> {
    let stage: i32 = r.try_get("", "stage")?;
    Ok((
        r.try_get("", "complaint_id")?,
        StageState {
            stage: Stage::from_number(stage)
                .ok_or_else(|| corrupt("complaint_stages.stage", stage))?,
            requested_on: r.try_get("", "requested_on")?,
            acknowledged_on: r.try_get("", "acknowledged_on")?,
            extension_working_days: non_negative(r.try_get("", "extension_working_days")?),
            responded_on: r.try_get("", "responded_on")?,
            handler_id: None,
            contractor_id: r.try_get("", "contractor_id")?,
            responded_by: None,
        },
        r.try_get::<Option<String>>("", "decision")?
            .as_deref()
            .map(Decision::parse)
            .transpose()
            .map_err(|e| corrupt("complaint_stages.decision", e))?,
    ))
}

/// How many complaints a rebuild reads at a time, so that its memory stays the same however
/// many complaints the landlord has (a hundred thousand read at once took 42 MB more).
static REBUILD_CHUNK: AtomicU64 = AtomicU64::new(5_000);

/// Sets how many complaints a rebuild reads at a time. The test suite makes it small, so that
/// its few complaints are read in several chunks.
pub fn set_rebuild_chunk(complaints: u64) {
    REBUILD_CHUNK.store(complaints.max(1), Ordering::Relaxed);
}

/// Which complaints' records to read.
#[derive(Clone, Copy)]
enum Which {
    One(Uuid),
    /// The next chunk of complaints in id order, after this one (from the first).
    After(Option<Uuid>, u64),
}

/// The exclusions (the day and the reason) of one complaint, or of all the landlord's: few,
/// so read at once, by their kind's index.
async fn exclusions(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint: Option<Uuid>,
) -> Result<HashMap<Uuid, Vec<(NaiveDate, String)>>> {
    let sql = format!(
        "SELECT complaint_id, effective_on, data FROM complaint_events \
         WHERE landlord_id = ? AND kind IN ('not_accepted', 'escalation_refused'){}",
        if complaint.is_some() {
            " AND complaint_id = ?"
        } else {
            ""
        }
    );
    let values = std::iter::once(Value::from(scope.landlord_id()))
        .chain(complaint.map(Value::from))
        .collect();
    let mut out: HashMap<Uuid, Vec<(NaiveDate, String)>> = HashMap::new();
    for r in conn
        .query_all_raw(statement(conn.get_database_backend(), &sql, values))
        .await?
    {
        let data: String = r.try_get("", "data")?;
        out.entry(r.try_get("", "complaint_id")?)
            .or_default()
            .push((r.try_get("", "effective_on")?, exclusion_reason(&data)));
    }
    Ok(out)
}

/// The records the facts are made from: of one complaint, or of the next chunk of the
/// landlord's, with their exclusions taken from those read already.
async fn case_rows(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    which: Which,
    exclusions: &mut HashMap<Uuid, Vec<(NaiveDate, String)>>,
) -> Result<HashMap<Uuid, CaseRows>> {
    let backend = conn.get_database_backend();
    let landlord: Value = scope.landlord_id().into();
    let mut cases = HashMap::new();
    let (which_sql, which_values): (&str, Vec<Value>) = match which {
        Which::One(id) => (" AND id = ?", vec![id.into()]),
        Which::After(after, chunk) => (
            match after {
                Some(_) => " AND id > ? ORDER BY id LIMIT ?",
                None => " ORDER BY id LIMIT ?",
            },
            after
                .map(Value::from)
                .into_iter()
                .chain([Value::from(i64::try_from(chunk).unwrap_or(i64::MAX))])
                .collect(),
        ),
    };
    let sql = format!(
        "SELECT id AS complaint_id, received_on, category, status, tenure, scheme_id \
         FROM complaints WHERE landlord_id = ?{which_sql}"
    );
    let values = std::iter::once(landlord.clone())
        .chain(which_values)
        .collect();
    let mut first_last: Option<(Uuid, Uuid)> = None;
    for r in conn.query_all_raw(statement(backend, &sql, values)).await? {
        let id: Uuid = r.try_get("", "complaint_id")?;
        first_last = Some((first_last.map_or(id, |(first, _)| first), id));
        cases.insert(
            id,
            CaseRows {
                scheme_id: r.try_get("", "scheme_id")?,
                case: CaseForFigures {
                    received_on: r.try_get("", "received_on")?,
                    category: r.try_get("", "category")?,
                    status: Status::parse(&r.try_get::<String>("", "status")?)
                        .map_err(|e| corrupt("complaints.status", e))?,
                    tenure: r
                        .try_get::<Option<String>>("", "tenure")?
                        .as_deref()
                        .map(Tenure::parse)
                        .transpose()
                        .map_err(|e| corrupt("complaints.tenure", e))?,
                    stages: Vec::new(),
                    remedies: Vec::new(),
                    exclusions: exclusions.remove(&id).unwrap_or_default(),
                },
            },
        );
    }
    // The other records of the same complaints: the chunk's complaints are those of its id
    // range.
    let Some((first, last)) = first_last else {
        return Ok(cases);
    };
    let (filter, values): (&str, Vec<Value>) = match which {
        Which::One(_) => (" AND complaint_id = ?", vec![landlord, first.into()]),
        Which::After(..) => (
            " AND complaint_id BETWEEN ? AND ?",
            vec![landlord, first.into(), last.into()],
        ),
    };
    let sql = format!(
        "SELECT complaint_id, stage, requested_on, acknowledged_on, extension_working_days, \
           responded_on, contractor_id, decision \
         FROM complaint_stages WHERE landlord_id = ?{filter}"
    );
    for r in conn
        .query_all_raw(statement(backend, &sql, values.clone()))
        .await?
    {
        let (id, state, decision) = stage_of(&r)?;
        if let Some(c) = cases.get_mut(&id) {
            c.case.stages.push((state, decision));
        }
    }
    let sql_remedies = format!(
        "SELECT complaint_id, stage, status, amount_pence FROM remedies \
         WHERE landlord_id = ?{filter}"
    );
    for r in conn
        .query_all_raw(statement(backend, &sql_remedies, values))
        .await?
    {
        let id: Uuid = r.try_get("", "complaint_id")?;
        if let Some(c) = cases.get_mut(&id) {
            let stage: i32 = r.try_get("", "stage")?;
            c.case.remedies.push(RemedyForFigures {
                stage: Stage::from_number(stage).ok_or_else(|| corrupt("remedies.stage", stage))?,
                status: RemedyStatus::parse(&r.try_get::<String>("", "status")?)
                    .map_err(|e| corrupt("remedies.status", e))?,
                amount_pence: r.try_get("", "amount_pence")?,
            });
        }
    }
    Ok(cases)
}

/// The facts of one complaint, or (`None`) of all the landlord's, read a chunk at a time.
async fn facts(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    schemes: &HashMap<Uuid, Timescales>,
    complaint: Option<Uuid>,
) -> Result<Facts> {
    let mut out = Facts::new();
    let chunk = REBUILD_CHUNK.load(Ordering::Relaxed);
    let mut which = match complaint {
        Some(id) => Which::One(id),
        None => Which::After(None, chunk),
    };
    let mut exclusions = exclusions(conn, scope, complaint).await?;
    loop {
        let cases = case_rows(conn, scope, which, &mut exclusions).await?;
        for c in cases.values() {
            let t = schemes
                .get(&c.scheme_id)
                .copied()
                .unwrap_or(Timescales::CODE);
            figures::facts(&c.case, calendar, &t, &mut out);
        }
        match which {
            Which::After(..) if cases.len() as u64 == chunk => {
                which = Which::After(cases.keys().max().copied(), chunk);
            }
            _ => return Ok(out),
        }
    }
}

/// Adds `facts` (each multiplied by `sign`) to the roll-up.
async fn add(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    facts: impl Iterator<Item = ((NaiveDate, &'static str, String), i64)>,
) -> Result<()> {
    const ROWS: usize = 200;
    let rows: Vec<_> = facts.filter(|(_, n)| *n != 0).collect();
    for chunk in rows.chunks(ROWS) {
        let mut sql = String::from(
            "INSERT INTO performance_days (landlord_id, day, measure, dim, n) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 5);
        for (i, ((day, measure, dim), n)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?)");
            values.push(scope.landlord_id().into());
            values.push((*day).into());
            values.push((*measure).into());
            values.push(dim.clone().into());
            values.push((*n).into());
        }
        sql.push_str(
            " ON CONFLICT (landlord_id, day, measure, dim) \
             DO UPDATE SET n = performance_days.n + excluded.n",
        );
        exec(conn, &sql, values).await?;
    }
    Ok(())
}

/// A change to one complaint (or a new one) under way, with its facts as they were.
pub(crate) struct Change {
    schemes: HashMap<Uuid, Timescales>,
    before: Facts,
}

/// Starts keeping the roll-up in step with a change to `complaint` (`None`: a complaint
/// about to be logged), on the change's transaction. `None` when the landlord has no valid
/// roll-up: the next read rebuilds it from the records, this change included.
pub(crate) async fn begin_change(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    complaint: Option<Uuid>,
) -> Result<Option<Change>> {
    lock_landlord(conn, scope, "SHARE").await?;
    let Some(stored) = stored_fingerprint(conn, scope).await? else {
        return Ok(None);
    };
    let schemes = scheme_timescales(conn, scope).await?;
    if fingerprint(calendar, &schemes) != stored {
        // The calendar or the timescales changed: the roll-up no longer matches the rules.
        invalidate(conn, scope).await?;
        return Ok(None);
    }
    let before = match complaint {
        Some(id) => {
            if conn.get_database_backend() == DatabaseBackend::Postgres {
                exec(
                    conn,
                    "SELECT id FROM complaints WHERE landlord_id = ? AND id = ? FOR UPDATE",
                    vec![scope.landlord_id().into(), id.into()],
                )
                .await?;
            }
            facts(conn, scope, calendar, &schemes, Some(id)).await?
        }
        None => Facts::new(),
    };
    Ok(Some(Change { schemes, before }))
}

impl Change {
    /// Adds the difference the change made to the complaint's facts.
    pub(crate) async fn finish(
        self,
        conn: &impl ConnectionTrait,
        scope: TenantScope,
        calendar: &WorkingCalendar,
        complaint: Uuid,
    ) -> Result<()> {
        let after = facts(conn, scope, calendar, &self.schemes, Some(complaint)).await?;
        self.add_difference(conn, scope, after).await
    }

    /// Adds the facts of a complaint just logged, made from the complaint as written: nothing
    /// is read back, and a new complaint had no facts before.
    pub(crate) async fn finish_logged(
        self,
        conn: &impl ConnectionTrait,
        scope: TenantScope,
        calendar: &WorkingCalendar,
        scheme_id: Uuid,
        case: &CaseForFigures,
    ) -> Result<()> {
        let timescales = self
            .schemes
            .get(&scheme_id)
            .copied()
            .unwrap_or(Timescales::CODE);
        let mut after = Facts::new();
        figures::facts(case, calendar, &timescales, &mut after);
        self.add_difference(conn, scope, after).await
    }

    async fn add_difference(
        self,
        conn: &impl ConnectionTrait,
        scope: TenantScope,
        mut delta: Facts,
    ) -> Result<()> {
        for (k, n) in self.before {
            *delta.entry(k).or_default() -= n;
        }
        add(conn, scope, delta.into_iter()).await
    }
}

/// Discards the landlord's roll-up; the next read rebuilds it.
pub async fn invalidate(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<()> {
    exec(
        conn,
        "DELETE FROM performance_rollups WHERE landlord_id = ?",
        vec![scope.landlord_id().into()],
    )
    .await
}

/// Makes sure the landlord's roll-up is built for this calendar and these timescales,
/// rebuilding it from the records when it is not. Answers the schemes' timescales it read,
/// for the caller's deadlines.
pub async fn ensure<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
) -> Result<HashMap<Uuid, Timescales>> {
    let schemes = scheme_timescales(db, scope).await?;
    let wanted = fingerprint(calendar, &schemes);
    if stored_fingerprint(db, scope).await?.as_deref() == Some(wanted.as_str()) {
        return Ok(schemes);
    }
    // Reads, then writes: on SQLite the write lock is taken at once (`db::begin_write_on`).
    let txn = crate::db::begin_write_on(db).await?;
    lock_landlord(&txn, scope, "UPDATE").await?;
    // Another reader may have rebuilt it while this one waited for the lock.
    let schemes = scheme_timescales(&txn, scope).await?;
    let wanted = fingerprint(calendar, &schemes);
    if stored_fingerprint(&txn, scope).await?.as_deref() != Some(wanted.as_str()) {
        rebuild(&txn, scope, calendar, &schemes, &wanted).await?;
    }
    txn.commit().await?;
    Ok(schemes)
}

#[tracing::instrument(skip_all, fields(landlord = %scope.landlord_id()))]
async fn rebuild(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    schemes: &HashMap<Uuid, Timescales>,
    fingerprint: &str,
) -> Result<()> {
    exec(
        conn,
        "DELETE FROM performance_days WHERE landlord_id = ?",
        vec![scope.landlord_id().into()],
    )
    .await?;
    let all = facts(conn, scope, calendar, schemes, None).await?;
    tracing::info!(rows = all.len(), "performance roll-up rebuilt");
    add(conn, scope, all.into_iter()).await?;
    invalidate(conn, scope).await?;
    exec(
        conn,
        "INSERT INTO performance_rollups (landlord_id, fingerprint, built_at) VALUES (?, ?, ?)",
        vec![
            scope.landlord_id().into(),
            fingerprint.to_owned().into(),
            Utc::now().into(),
        ],
    )
    .await?;
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        // A rebuild adds many rows at once; without fresh statistics the planner sorts a
        // year's rows instead of hashing them (60 ms instead of 15 ms for 100,000 complaints).
        // Only the owner may; the server's role asks the owner's function (migration 53).
        exec(conn, "SELECT redress_analyze_performance_days()", vec![]).await?;
    }
    Ok(())
}

/// The roll-up's sums for `from`–`to` inclusive, by month (`YYYY-MM`), measure and breakdown.
/// The totals of these measures over `from`–`to` inclusive, without breakdowns (`dim` empty):
/// the few a comparison needs, read without the rest.
pub async fn totals(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
    measures: &[&str],
) -> Result<HashMap<String, i64>> {
    let marks = vec!["?"; measures.len()].join(", ");
    let values: Vec<Value> = [scope.landlord_id().into(), from.into(), to.into()]
        .into_iter()
        .chain(measures.iter().map(|m| Value::from(*m)))
        .collect();
    let stmt = statement(
        conn.get_database_backend(),
        &format!(
            "SELECT measure, CAST(SUM(n) AS BIGINT) AS n FROM performance_days \
             WHERE landlord_id = ? AND day BETWEEN ? AND ? AND measure IN ({marks}) AND dim = '' \
             GROUP BY measure"
        ),
        values,
    );
    let mut out = HashMap::new();
    for r in conn.query_all_raw(stmt).await? {
        out.insert(r.try_get("", "measure")?, r.try_get("", "n")?);
    }
    Ok(out)
}

pub async fn sums(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String, String, i64)>> {
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT substr(CAST(day AS TEXT), 1, 7) AS month, measure, dim, \
           CAST(SUM(n) AS BIGINT) AS n \
         FROM performance_days WHERE landlord_id = ? AND day BETWEEN ? AND ? \
         GROUP BY substr(CAST(day AS TEXT), 1, 7), measure, dim",
        vec![scope.landlord_id().into(), from.into(), to.into()],
    );
    let mut out = Vec::new();
    for r in conn.query_all_raw(stmt).await? {
        out.push((
            r.try_get("", "month")?,
            r.try_get("", "measure")?,
            r.try_get("", "dim")?,
            r.try_get("", "n")?,
        ));
    }
    Ok(out)
}
