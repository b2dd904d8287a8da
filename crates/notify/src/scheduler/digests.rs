//! The weekly digest of open and overdue complaints, and the monthly or quarterly performance
//! digest for the MRC and the governing body (Code 9.6, 9.7).

use super::*;
use crate::charts;

impl Scheduler {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn weekly_digests(
        &self,
        l: &Landlord,
        scope: TenantScope,
        calendar: &WorkingCalendar,
        schemes: &HashMap<Uuid, Timescales>,
        open: &[OpenStage],
        recipients: &[Recipient],
        today: NaiveDate,
    ) -> anyhow::Result<usize> {
        let monday = today.week(chrono::Weekday::Mon).first_day();
        if first_working_day(calendar, monday, today).is_none() {
            return Ok(0);
        }
        let week = today.iso_week();
        let period = format!("{}-W{:02}", week.year(), week.week());
        // Every open case with its running deadline, worked out once for all recipients.
        let cases: Vec<(&OpenStage, NaiveDate, i64)> = open
            .iter()
            .filter_map(|o| {
                let t = schemes
                    .get(&o.case.scheme_id)
                    .copied()
                    .unwrap_or(Timescales::CODE);
                let d = stage_deadlines(calendar, &t, &o.state, today);
                d.running_due
                    .map(|due| (o, due, calendar.working_days_between(today, due)))
            })
            .collect();
        let signals = early_warning::open(&self.tenant(scope), scope).await?;
        let mut sent = 0;
        for r in recipients.iter().filter(|r| r.choices.weekly_digest) {
            let key = format!("weekly_digest:{}:{}:{period}", l.id, r.user_id);
            if schedule::was_sent(&self.tenant(scope), &key).await? {
                continue;
            }
            let (mine, scope_phrase): (Vec<&(&OpenStage, NaiveDate, i64)>, &str) = match r.role {
                Role::CaseHandler => (
                    cases
                        .iter()
                        .filter(|(o, _, _)| o.case.handler_id == Some(r.user_id))
                        .collect(),
                    "The complaints allocated to you.",
                ),
                Role::Contractor => (
                    cases
                        .iter()
                        .filter(|(o, _, _)| {
                            r.contractor_id.is_some()
                                && o.case.contractor_id == r.contractor_id
                                && o.case.stage == Stage::One
                        })
                        .collect(),
                    "The complaints allocated to your organisation.",
                ),
                _ => (cases.iter().collect(), "Every open complaint."),
            };
            let row = |(o, due, left): &&(&OpenStage, NaiveDate, i64)| {
                json!({"reference": o.case.reference, "stage": o.case.stage.number(),
                       "clock": if o.state.acknowledged_on.is_none() { "acknowledgement" } else { "response" },
                       "due": short_date(*due), "working_days": left.abs(),
                       "link": self.case_link(l, o.case.complaint_id)})
            };
            let mut overdue: Vec<_> = mine.iter().filter(|(_, due, _)| *due < today).collect();
            overdue.sort_by_key(|(_, due, _)| *due);
            let mut due_soon: Vec<_> = mine
                .iter()
                .filter(|(_, due, left)| *due >= today && *left <= 5)
                .collect();
            due_soon.sort_by_key(|(_, due, _)| *due);
            let counts = json!({
                "open": mine.len(),
                "stage1": mine.iter().filter(|(o, _, _)| o.case.stage == Stage::One).count(),
                "stage2": mine.iter().filter(|(o, _, _)| o.case.stage == Stage::Two).count(),
                "overdue": overdue.len(),
                "due_soon": due_soon.len(),
                "unallocated": mine.iter().filter(|(o, _, _)| o.case.handler_id.is_none() && o.case.contractor_id.is_none()).count(),
            });
            let token =
                subscriptions::unsubscribe_token(&self.tenant(scope), scope, r.user_id, r.role)
                    .await?;
            let ctx = json!({
                "landlord": {"name": l.name},
                "recipient": reader(r),
                "week_of": long_date(today.week(chrono::Weekday::Mon).first_day()),
                "scope_phrase": scope_phrase,
                "counts": counts,
                "overdue": overdue.iter().take(LIST_LIMIT).map(|c| row(c)).collect::<Vec<_>>(),
                "more_overdue": overdue.len().saturating_sub(LIST_LIMIT),
                "due_soon": due_soon.iter().take(LIST_LIMIT).map(|c| row(c)).collect::<Vec<_>>(),
                "more_due_soon": due_soon.len().saturating_sub(LIST_LIMIT),
                // The complaints team's signals, with their cases (Code 9.4).
                "signals": if matches!(r.role, Role::LandlordAdmin | Role::ComplaintsOfficer) {
                    signal_lines(&signals, true)
                } else {
                    Vec::new()
                },
                "links": LinkSet {
                    preferences: self.preferences_link(l),
                    unsubscribe: Some(LINK_PLACEHOLDER.to_owned()),
                    signals: Some(self.signals_link(l)),
                },
            });
            if self
                .send_digest(
                    scope,
                    r,
                    &key,
                    "weekly_digest",
                    &ctx,
                    subscriptions::Digest::Weekly,
                    &token,
                    Vec::new(),
                )
                .await?
            {
                sent += 1;
            }
        }
        Ok(sent)
    }

    pub(super) async fn performance_digests(
        &self,
        l: &Landlord,
        scope: TenantScope,
        calendar: &WorkingCalendar,
        recipients: &[Recipient],
        today: NaiveDate,
    ) -> anyhow::Result<usize> {
        let mut figures: HashMap<(NaiveDate, NaiveDate), Figures> = HashMap::new();
        // Each period's charts are drawn once, for every recipient of that period.
        let mut drawn: HashMap<(NaiveDate, NaiveDate), Vec<charts::Chart>> = HashMap::new();
        let signals = early_warning::open(&self.tenant(scope), scope).await?;
        let mut sent = 0;
        for r in recipients {
            let Some((label, from, to, starts)) =
                performance_period(r.choices.performance_digest, today)
            else {
                continue;
            };
            if first_working_day(calendar, starts, today).is_none() {
                continue;
            }
            let key = format!(
                "performance_digest:{}:{}:{}",
                l.id,
                r.user_id,
                from.format("%Y-%m")
            ) + &format!("..{}", to.format("%Y-%m"));
            if schedule::was_sent(&self.tenant(scope), &key).await? {
                continue;
            }
            let f = match figures.get(&(from, to)) {
                Some(f) => f.clone(),
                None => {
                    let f =
                        performance::figures(&self.tenant(scope), scope, calendar, from, to, today)
                            .await?;
                    figures.insert((from, to), f.clone());
                    f
                }
            };
            // The period before, of the same length, to compare each figure with, and the
            // periods before that for the trend chart.
            let months = if r.choices.performance_digest == Frequency::Monthly {
                1
            } else {
                3
            };
            let mut trend = Vec::new();
            for back in (0..TREND_PERIODS).rev() {
                let Some((pf, pt)) = earlier_period(from, months, back) else {
                    continue;
                };
                let p = match figures.get(&(pf, pt)) {
                    Some(p) => p.clone(),
                    None => {
                        let p = performance::figures(
                            &self.tenant(scope),
                            scope,
                            calendar,
                            pf,
                            pt,
                            today,
                        )
                        .await?;
                        figures.insert((pf, pt), p.clone());
                        p
                    }
                };
                trend.push((pf, pt, p));
            }
            let previous = earlier_period(from, months, 1).and_then(|k| figures.get(&k).cloned());
            let charts = drawn
                .entry((from, to))
                .or_insert_with(|| digest_charts(&label, &f, &trend))
                .clone();
            let sector = redress_store::sector::latest_for_landlord(
                &self.tenant(scope),
                scope,
                redress_domain::figures::financial_year_of(to),
            )
            .await?;
            let token =
                subscriptions::unsubscribe_token(&self.tenant(scope), scope, r.user_id, r.role)
                    .await?;
            let ctx = json!({
                "landlord": {"name": l.name},
                "recipient": reader(r),
                "period": label,
                "previous_word": if months == 1 { "previous month" } else { "previous quarter" },
                "timeliness": timeliness(&f, previous.as_ref(), sector.as_ref()),
                "sector": sector.as_ref().map(|s| json!({
                    "source": s.source,
                    "own_copy": s.own_copy,
                    "year": format!("{} to {}", s.year, s.year + 1),
                })),
                "from": short_date(from),
                "to": short_date(to),
                "today": short_date(today),
                "f": f,
                "money": {"offered": pounds(f.remedies.financial_offered_pence),
                          "paid": pounds(f.remedies.financial_paid_pence)},
                "learning": f.learning,
                "charts": charts.iter().map(charts::Chart::to_json).collect::<Vec<_>>(),
                // What needs the reader's attention first, without residents' personal data:
                // figures below the landlord's own targets, the Ombudsman's requests overdue,
                // then the early warning signals.
                "signals": if r.role == Role::Mrc {
                    let mut lines = attention(&f, &l.performance_targets);
                    lines.extend(signal_lines(&signals, false));
                    lines
                } else {
                    Vec::new()
                },
                "links": LinkSet {
                    preferences: self.preferences_link(l),
                    unsubscribe: Some(LINK_PLACEHOLDER.to_owned()),
                    signals: Some(self.signals_link(l)),
                },
            });
            if self
                .send_digest(
                    scope,
                    r,
                    &key,
                    "performance_digest",
                    &ctx,
                    subscriptions::Digest::Performance,
                    &token,
                    charts.iter().map(charts::Chart::inline).collect(),
                )
                .await?
            {
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// Queues a digest under its send key, with its unsubscribe link (RFC 8058) sealed: the
    /// body and the `List-Unsubscribe` header carry the placeholder until it is sent.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn send_digest(
        &self,
        scope: TenantScope,
        r: &Recipient,
        key: &str,
        kind: &str,
        ctx: &serde_json::Value,
        digest: subscriptions::Digest,
        token: &str,
        inline: Vec<outbox::InlineImage>,
    ) -> anyhow::Result<bool> {
        let rendered = self.templates.render(kind, ctx)?;
        let sealed_link = outbox::seal_link(
            &self.data_key,
            &self.unsubscribe_link(token, digest),
            &r.email,
        )?;
        let txn = redress_store::db::begin_write(&self.tenant(scope)).await?;
        if !schedule::record_send(&txn, key, Some(scope.landlord_id())).await? {
            txn.rollback().await?;
            return Ok(false);
        }
        outbox::enqueue(
            &txn,
            Some(scope.landlord_id()),
            OutgoingEmail {
                outbox_id: None,
                to: r.email.clone(),
                subject: rendered.subject,
                text: rendered.text,
                html: Some(rendered.html),
                list_unsubscribe: Some(LINK_PLACEHOLDER.to_owned()),
                sealed_link: Some(sealed_link),
                inline,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }
}

/// How many periods the trend chart shows, this one included: six months or six quarters.
const TREND_PERIODS: u32 = 6;

/// The period `back` periods of `months` months before the one starting on `from`.
fn earlier_period(from: NaiveDate, months: u32, back: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = from.checked_sub_months(Months::new(months * back))?;
    let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
    Some((start, end))
}

/// The digest's charts: the trend of timeliness and the period's complaints by category. A
/// chart that cannot be drawn is left out (logged); its figures are in the digest's tables.
fn digest_charts(
    period: &str,
    f: &Figures,
    trend: &[(NaiveDate, NaiveDate, Figures)],
) -> Vec<charts::Chart> {
    let points: Vec<charts::TrendPoint> = trend
        .iter()
        .map(|(from, to, p)| charts::TrendPoint {
            label: if from.month() == to.month() {
                from.format("%b %Y").to_string()
            } else {
                format!("{}–{}", from.format("%b"), to.format("%b %Y"))
            },
            stage1: p.stage1.responded_in_time,
            stage2: p.stage2.responded_in_time,
        })
        .collect();
    let categories: Vec<(String, u64)> = f
        .categories
        .iter()
        .map(|c| (c.category.clone(), c.count))
        .collect();
    [
        charts::timeliness_trend(&points),
        charts::by_category(period, &categories),
    ]
    .into_iter()
    .filter_map(|c| {
        c.map_err(|e| tracing::error!(error = %e, "a digest chart could not be drawn"))
            .ok()
    })
    .collect()
}

/// The open signals as digest lines. With `named` false (the performance digest, which holds
/// no residents' personal data) a repeat complainant is not named and no case is listed.
fn signal_lines(signals: &[early_warning::Signal], named: bool) -> Vec<serde_json::Value> {
    signals
        .iter()
        .take(LIST_LIMIT)
        .map(|s| {
            let text = if !named && s.kind == "repeat_complainant" {
                format!(
                    "A resident has made {} complaints in the last 12 months.",
                    s.cases.len()
                )
            } else if !named && s.kind == "overdue_action" {
                // The action's words are staff's and may name someone: not quoted here.
                format!(
                    "The same outstanding action is overdue on {} complaints.",
                    s.cases.len()
                )
            } else if named && !s.cases.is_empty() {
                let refs: Vec<&str> = s
                    .cases
                    .iter()
                    .take(10)
                    .map(|c| c.reference.as_str())
                    .collect();
                let more = s.cases.len().saturating_sub(10);
                format!(
                    "{} Cases: {}{}.",
                    s.sentence,
                    refs.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                )
            } else {
                s.sentence.clone()
            };
            json!({"kind": s.kind, "text": text})
        })
        .collect()
}

/// The period's figures that need the MRC's attention: each headline figure below the
/// landlord's own target for it, and the Ombudsman's requests for information overdue.
fn attention(f: &Figures, targets: &BTreeMap<String, u32>) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (key, what) in performance::HEADLINE.into_iter().zip([
        "Stage 1 complaints acknowledged in time",
        "Stage 1 responses sent in time",
        "Stage 2 escalations acknowledged in time",
        "Stage 2 responses sent in time",
    ]) {
        let Some(rate) = f.headline(key) else {
            continue;
        };
        if let (Some(target), Some(pct)) = (targets.get(key), rate.pct)
            && pct < f64::from(*target)
        {
            out.push(json!({"kind": "below_target", "text": format!(
                "{what} were {pct:.1}% ({} of {}), below the landlord's target of {target}%.",
                rate.count, rate.of
            )}));
        }
    }
    let overdue = f.ombudsman.information_requests.overdue;
    if overdue > 0 {
        out.push(json!({"kind": "ombudsman_requests_overdue", "text": format!(
            "{overdue} of the Ombudsman's requests for information {} overdue: a late answer can lead to a complaint handling failure order.",
            if overdue == 1 { "is" } else { "are" }
        )}));
    }
    out
}

fn rate_text(r: &performance::Rate) -> String {
    match r.pct {
        Some(pct) => format!("{pct:.1}% ({} of {})", r.count, r.of),
        None => "none in the period".to_owned(),
    }
}

/// Each timeliness figure beside the previous period's and, where the sector's is published,
/// the sector's.
fn timeliness(
    f: &Figures,
    previous: Option<&Figures>,
    sector: Option<&redress_store::sector::SectorYear>,
) -> Vec<serde_json::Value> {
    let pick = |f: &Figures, key: &str| f.headline(key).unwrap_or_default();
    performance::HEADLINE
        .into_iter()
        .zip([
            "Stage 1 acknowledged within the timescale",
            "Stage 1 responded to within the timescale",
            "Stage 2 acknowledged within the timescale",
            "Stage 2 responded to within the timescale",
        ])
        .map(|(key, label)| {
            json!({
                "label": label,
                "now": rate_text(&pick(f, key)),
                "previous": previous.map(|p| rate_text(&pick(p, key))),
                "sector": sector
                    .and_then(|s| s.tenths.get(key))
                    .map(|t| format!("{:.1}%", f64::from(*t) / 10.0)),
            })
        })
        .collect()
}
