//! The figures computed: from the complaints' records over a period, or from the roll-up of
//! per-day counts (docs/decisions/0002), by the definitions in docs/METRICS.md.

use super::*;
use crate::reminders::OPEN;
use redress_domain::complaint::RemedyStatus;
use redress_domain::figures::{received_at_stage1, remedy_completed, stage_count};

fn status_of(s: &str) -> Result<Status> {
    Status::parse(s).map_err(|e| corrupt("complaints.status", e))
}

/// The counts behind CH01 and CH02 by tenure (`None`: not recorded).
pub(super) type ByTenure = BTreeMap<Option<String>, TsmCounts>;

/// A received complaint's id, category, received date, status and tenure.
pub(super) type ReceivedRow = (Uuid, String, NaiveDate, String, Option<String>);

/// A stage row with what the figures need of its complaint.
pub(super) struct StageRow {
    complaint_id: Uuid,
    record: StageRecord,
    scheme_id: Uuid,
    status: Status,
    tenure: Option<String>,
}

#[tracing::instrument(skip(conn, calendar), fields(landlord = %scope.landlord_id()))]
pub(super) async fn compute(
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
    let received: Vec<ReceivedRow> = tenant::find::<complaint::Entity>(scope)
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::Category)
        .column(complaint::Column::ReceivedOn)
        .column(complaint::Column::Status)
        .column(complaint::Column::Tenure)
        .filter(complaint::Column::ReceivedOn.between(from, to))
        .into_tuple()
        .all(conn)
        .await?;
    let mut categories: HashMap<String, u64> = HashMap::new();
    let mut stage1 = StageFigures::default();
    let mut stage2 = StageFigures::default();
    let mut tenures: ByTenure = BTreeMap::new();
    for (id, category, on, status, tenure) in &received {
        if !received_at_stage1(status_of(status)?) {
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
            status: status_of(&r.try_get::<String>("", "status")?)?,
            tenure: r.try_get("", "tenure")?,
        });
    }

    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d >= from && d <= to);
    let mut by_contractor: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for row in &rows {
        let s = &row.record.state;
        let count = stage_count(calendar, &timescales(&row.scheme_id), s, row.status);
        let two = s.stage == Stage::Two;
        let f = if two { &mut stage2 } else { &mut stage1 };
        if let Some(on) = count.received_on.filter(|d| in_period(Some(*d))) {
            f.received += 1;
            tenures
                .entry(row.tenure.clone())
                .or_default()
                .stage2_received += 1;
            pick(Figure::Stage2Received, row.complaint_id);
            if let Some(i) = month_of(on) {
                monthly[i].stage2_received += 1;
            }
        }
        if let Some((on, in_time)) = count.acknowledged.filter(|(d, _)| in_period(Some(*d))) {
            f.acknowledged_in_time.of += 1;
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
        if let Some((on, in_time)) = count.responded.filter(|(d, _)| in_period(Some(*d))) {
            f.responded_in_time.of += 1;
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
            if count.extended {
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
        let status = RemedyStatus::parse(&status).map_err(|e| corrupt("remedies.status", e))?;
        let amount: Option<i64> = r.try_get("", "amount_pence")?;
        remedies.offered += 1;
        let done = remedy_completed(status);
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
pub(super) async fn exclusion_rows(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Uuid, NaiveDate, String)>> {
    let events: Vec<(Uuid, NaiveDate, String)> = tenant::find::<complaint_event::Entity>(scope)
        .select_only()
        .column(complaint_event::Column::ComplaintId)
        .column(complaint_event::Column::EffectiveOn)
        .column(complaint_event::Column::Data)
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
pub(super) type ByContractor = HashMap<Uuid, (u64, u64)>;

/// What is open on `today`: the figures, each open complaint with whether it is overdue, and
/// (open, overdue) by contractor.
pub(super) async fn open_now(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    schemes: &HashMap<Uuid, Timescales>,
    today: NaiveDate,
) -> Result<(OpenFigures, Vec<(Uuid, bool)>, ByContractor)> {
    let mut count = OpenCount::new();
    let mut open = Vec::new();
    for o in open_stages(conn, scope).await? {
        let timescales = schemes
            .get(&o.case.scheme_id)
            .copied()
            .unwrap_or(Timescales::CODE);
        let d = stage_deadlines(calendar, &timescales, &o.state, today);
        open.push((o.case.complaint_id, d.overdue));
        let age = calendar.working_days_between(o.state.requested_on, today);
        count.add(
            o.case.stage,
            o.case.contractor_id,
            d.overdue,
            age_band(age),
            1,
        );
    }
    Ok((count.now, open, count.by_contractor))
}

/// Open complaints counted: the figures and (open, overdue) by contractor.
struct OpenCount {
    now: OpenFigures,
    by_contractor: ByContractor,
}

impl OpenCount {
    /// Nothing counted yet, with every age band listed.
    fn new() -> Self {
        OpenCount {
            now: OpenFigures {
                ageing: AGE_BANDS
                    .iter()
                    .map(|&band| AgeBand { band, count: 0 })
                    .collect(),
                ..OpenFigures::default()
            },
            by_contractor: HashMap::new(),
        }
    }

    /// Counts `n` open complaints alike.
    fn add(&mut self, stage: Stage, contractor: Option<Uuid>, overdue: bool, band: &str, n: u64) {
        let now = &mut self.now;
        now.open += n;
        match stage {
            Stage::One => now.stage1_open += n,
            Stage::Two => now.stage2_open += n,
        }
        if overdue {
            now.overdue += n;
        }
        if let Some(c) = contractor {
            let e = self.by_contractor.entry(c).or_default();
            e.0 += n;
            e.1 += if overdue { n } else { 0 };
        }
        if let Some(b) = now.ageing.iter_mut().find(|b| b.band == band) {
            b.count += n;
        }
    }
}

/// What is open on `today`, counted by the database against the running deadline each change
/// keeps on the complaint (`current_due_on`, docs/rules.md "Deadlines"), in groups by stage,
/// contractor, overdue or not, and the day the current stage began (stage 1 begins on the day
/// the complaint was received, which is its stage record's `requested_on`; only stage 2 reads
/// its stage record): the figures of [`open_now`] without reading each open complaint. The roll-up's tests compare the two
/// after every kind of change (`tests/api/oversight.rs`).
pub(super) async fn open_counted(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> Result<(OpenFigures, ByContractor)> {
    let mut count = OpenCount::new();
    let stmt = statement(
        conn.get_database_backend(),
        "SELECT c.current_stage, c.contractor_id, \
           CASE WHEN c.current_due_on < ? THEN 1 ELSE 0 END AS overdue, \
           CASE WHEN c.current_stage = 1 THEN c.received_on ELSE COALESCE( \
             (SELECT s.requested_on FROM complaint_stages s WHERE s.landlord_id = c.landlord_id \
                AND s.complaint_id = c.id AND s.stage = 2), c.received_on) END AS began, \
           COUNT(*) AS n \
         FROM complaints c \
         WHERE c.landlord_id = ? AND c.status IN (?, ?, ?, ?) \
         GROUP BY 1, 2, 3, 4",
        [today.into(), scope.landlord_id().into()]
            .into_iter()
            .chain(OPEN.iter().map(|s| s.as_str().into()))
            .collect(),
    );
    let mut ages: HashMap<NaiveDate, &'static str> = HashMap::new();
    for r in conn.query_all_raw(stmt).await? {
        let stage: i32 = r.try_get("", "current_stage")?;
        let contractor: Option<Uuid> = r.try_get("", "contractor_id")?;
        let overdue = r.try_get::<i32>("", "overdue")? == 1;
        let began: NaiveDate = r.try_get("", "began")?;
        let n = u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0);
        let stage =
            Stage::from_number(stage).ok_or_else(|| corrupt("complaints.current_stage", stage))?;
        let band = *ages
            .entry(began)
            .or_insert_with(|| age_band(calendar.working_days_between(began, today)));
        count.add(stage, contractor, overdue, band, n);
    }
    Ok((count.now, count.by_contractor))
}

/// Each contractor's stage 1 handling: (in time, responded) from the period, (open, overdue)
/// from today.
pub(super) async fn contractor_figures(
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
pub(super) struct Totals {
    pub(super) stage1: StageFigures,
    pub(super) stage2: StageFigures,
    pub(super) monthly: Vec<Month>,
    pub(super) categories: Vec<CategoryCount>,
    pub(super) tenures: ByTenure,
    pub(super) remedies: RemedyFigures,
    pub(super) by_contractor: ByContractor,
    pub(super) exclusions: BTreeMap<String, u64>,
}

impl Totals {
    pub(super) fn from_sums(
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

pub(super) fn finish_stage_figures(
    stage1: &mut StageFigures,
    stage2: &mut StageFigures,
    homes: u32,
) {
    for f in [stage1, stage2] {
        f.received_per_1000_homes = per_1000_homes(f.received, homes);
        f.acknowledged_in_time = Rate::new(f.acknowledged_in_time.count, f.acknowledged_in_time.of);
        f.responded_in_time = Rate::new(f.responded_in_time.count, f.responded_in_time.of);
    }
}

/// Categories, most complaints first, then by name.
pub(super) fn sorted_categories(categories: HashMap<String, u64>) -> Vec<CategoryCount> {
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
pub(super) async fn from_rollup<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<(Dashboard, ByTenure)> {
    rollup::ensure(db, scope, calendar).await?;
    let landlord = landlords::get(db, scope).await?;
    let t = Totals::from_sums(
        rollup::sums(db, scope, from, to).await?,
        from,
        to,
        &landlord,
    );
    let (now, open_by_contractor) = open_counted(db, scope, calendar, today).await?;
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
