//! The scheduler inside `redress serve`: once a day, from 07:00 UK time, it sends the staff
//! their deadline and review reminders and, on the right days, the weekly digest of open and
//! overdue complaints and the monthly or quarterly performance digest (Code 5.9, 5.10, 5.14,
//! 9.6, 9.7).
//!
//! Working days are the landlord's: bank holidays and its closure days send nothing, and a
//! weekly or monthly digest goes on the first working day of its week or month.
//!
//! Run it in as many processes as you like. Each day's run is claimed under a lease (so one
//! process does the work and another takes over if it dies), and every message is queued in
//! the same transaction as a key naming what it is for (recipient, item, occasion or period),
//! so it is queued once: see [`redress_store::schedule`]. Downtime is caught up: reminders
//! follow the state of the cases, not the calendar of runs (a "due in two working days"
//! reminder missed on its day goes on the next working day, before the deadline), and a
//! digest missed on the first working day of its period goes on the next one within it.

mod digests;

use crate::staff_mail::StaffMail;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, Utc};
use chrono_tz::Europe::London;
use redress_domain::calendar::{BankHolidays, WorkingCalendar};
use redress_domain::complaint::{Stage, stage_deadlines};
use redress_domain::roles::Role;
use redress_domain::timescales::Timescales;
use redress_domain::values::{LandlordStatus, pounds};
use redress_store::early_warning;
use redress_store::landlords::{self, Landlord};
use redress_store::outbox::LINK_PLACEHOLDER;
use redress_store::page::PageRequest;
use redress_store::performance::{self, Figures};
use redress_store::reminders::{self, CaseRef, OpenStage};
use redress_store::seal::DataKey;
use redress_store::subscriptions::{self, Frequency, Recipient};
use redress_store::{DatabaseConnection, OutgoingEmail, Scoped, TenantScope, outbox, schedule};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// The daily job's name in `scheduler_runs`.
/// The scheduler's one job: each day's reminders and digests.
pub const DAILY: &str = "daily";
/// How many cases a digest lists by name before saying "and N more".
const LIST_LIMIT: usize = 50;
/// A reminder goes this many working days before a deadline (docs/rules.md, "Reminders and
/// digests").
const REMIND_BEFORE: i64 = 2;

/// What a run sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub reminders: usize,
    pub weekly_digests: usize,
    pub performance_digests: usize,
    /// Landlords whose emails could not all be queued; the day's run is tried again.
    pub failed_landlords: usize,
}

impl RunReport {
    fn add(&mut self, other: RunReport) {
        self.reminders += other.reminders;
        self.weekly_digests += other.weekly_digests;
        self.performance_digests += other.performance_digests;
        self.failed_landlords += other.failed_landlords;
    }
}

/// Which of the day's jobs to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jobs {
    pub reminders: bool,
    pub weekly_digests: bool,
    pub performance_digests: bool,
}

impl Jobs {
    pub const ALL: Jobs = Jobs {
        reminders: true,
        weekly_digests: true,
        performance_digests: true,
    };
}

pub struct Scheduler {
    db: DatabaseConnection,
    bank_holidays: BankHolidays,
    templates: Arc<StaffMail>,
    public_url: String,
    worker_id: String,
    lease: chrono::Duration,
    /// The UK time of day from which the day's run may start.
    starts_at: NaiveTime,
    /// Seals each digest's unsubscribe link for its recipient: the stored message (which a
    /// landlord admin may read in the outbox) never shows it.
    data_key: DataKey,
}

/// Who an email is addressed to, as the staff templates greet them.
fn reader(r: &Recipient) -> serde_json::Value {
    json!({"name": r.name.clone().unwrap_or_else(|| r.email.clone()),
           "role_phrase": r.role.phrase()})
}

/// The day in words, as the emails say it: "Thursday 24 December 2026".
fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

fn short_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// When a deadline stands, seen from `today` (a working day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occasion {
    /// Due within [`REMIND_BEFORE`] working days.
    Soon(i64),
    Today,
    Overdue(i64),
    /// A date far enough ahead to be reminded of in days (the annual submission).
    DaysAhead(i64),
}

impl Occasion {
    fn of(calendar: &WorkingCalendar, today: NaiveDate, due: NaiveDate) -> Option<Occasion> {
        if today > due {
            Some(Occasion::Overdue(calendar.working_days_between(due, today)))
        } else if today == due {
            Some(Occasion::Today)
        } else {
            let n = calendar.working_days_between(today, due);
            (n <= REMIND_BEFORE).then_some(Occasion::Soon(n))
        }
    }

    fn key(self) -> &'static str {
        match self {
            Occasion::Soon(_) => "soon",
            Occasion::Today => "today",
            Occasion::Overdue(_) => "overdue",
            Occasion::DaysAhead(_) => "ahead",
        }
    }

    fn section(self) -> usize {
        match self {
            Occasion::Overdue(_) => 0,
            Occasion::Today => 1,
            Occasion::Soon(_) | Occasion::DaysAhead(_) => 2,
        }
    }

    fn when(self, due: NaiveDate) -> String {
        let plural = |n: i64| if n == 1 { "" } else { "s" };
        match self {
            Occasion::Soon(n) => {
                format!("due {} (in {n} working day{})", short_date(due), plural(n))
            }
            Occasion::Today => "due today".to_owned(),
            Occasion::Overdue(n) => format!(
                "was due {} ({n} working day{} ago)",
                short_date(due),
                plural(n)
            ),
            Occasion::DaysAhead(n) if n % 7 == 0 => {
                format!(
                    "due {} (in {} week{})",
                    short_date(due),
                    n / 7,
                    plural(n / 7)
                )
            }
            Occasion::DaysAhead(n) => format!("due {} (in {n} day{})", short_date(due), plural(n)),
        }
    }
}

const SECTIONS: [&str; 3] = ["Overdue", "Due today", "Coming up"];

/// One thing to remind someone of.
#[derive(Debug, Clone)]
struct Item {
    /// What the reminder is for and on which occasion; with the recipient, the send key.
    key: String,
    occasion: Occasion,
    due: NaiveDate,
    reference: String,
    what: String,
    link: String,
}

#[derive(Serialize)]
struct LinkSet {
    preferences: String,
    unsubscribe: Option<String>,
    /// The early warning page, in the digests that list signals.
    signals: Option<String>,
}

/// The first working day on or after `from`, if it falls on or before `until`.
fn first_working_day(
    calendar: &WorkingCalendar,
    from: NaiveDate,
    until: NaiveDate,
) -> Option<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= until)
        .find(|d| calendar.is_working_day(*d))
}

/// The performance period a digest sent on `today` reports on: the previous month or
/// quarter, with its label and the day its digest may first go (the first working day of the
/// current month or quarter).
fn performance_period(
    frequency: Frequency,
    today: NaiveDate,
) -> Option<(String, NaiveDate, NaiveDate, NaiveDate)> {
    let month_start = today.with_day(1)?;
    let (start, months) = match frequency {
        Frequency::Never => return None,
        Frequency::Monthly => (month_start, 1),
        Frequency::Quarterly => {
            let m0 = (today.month0() / 3) * 3;
            (NaiveDate::from_ymd_opt(today.year(), m0 + 1, 1)?, 3)
        }
    };
    let from = start.checked_sub_months(Months::new(months))?;
    let to = start.checked_sub_days(Days::new(1))?;
    let label = match frequency {
        Frequency::Monthly => from.format("%B %Y").to_string(),
        _ => format!("{} to {}", from.format("%B"), to.format("%B %Y")),
    };
    Some((label, from, to, start))
}

impl Scheduler {
    /// The database as one landlord sees it: each landlord's reminders and digests are read
    /// and written under its own scope, so row-level security keeps them to that landlord.
    fn tenant(&self, scope: TenantScope) -> Scoped {
        Scoped::new(&self.db, scope)
    }

    pub fn new(
        db: DatabaseConnection,
        bank_holidays: BankHolidays,
        templates: Arc<StaffMail>,
        public_url: &str,
        data_key: DataKey,
    ) -> Self {
        Self {
            data_key,
            db,
            bank_holidays,
            templates,
            public_url: public_url.trim_end_matches('/').to_owned(),
            worker_id: format!("scheduler-{}", Uuid::new_v4()),
            lease: chrono::Duration::minutes(30),
            starts_at: NaiveTime::from_hms_opt(7, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }

    /// Each day's run starts from `time` (UK time) rather than 07:00.
    pub fn starting_at(mut self, time: NaiveTime) -> Self {
        self.starts_at = time;
        self
    }

    /// One look at the clock: if it is past the start time (07:00 UK time by default) and nobody has done today's run,
    /// claims it and does it. Returns what was sent, or `None` when there was nothing to do.
    pub async fn tick(&self, now: DateTime<Utc>) -> anyhow::Result<Option<RunReport>> {
        let local = now.with_timezone(&London);
        if local.time() < self.starts_at {
            return Ok(None);
        }
        let today = local.date_naive();
        let period = today.to_string();
        if !schedule::claim_run(&self.db, DAILY, &period, &self.worker_id, self.lease).await? {
            return Ok(None);
        }
        let report = self.run_day(today).await?;
        if report.failed_landlords == 0 {
            schedule::finish_run(&self.db, DAILY, &period, &self.worker_id).await?;
            metrics::counter!("redress_scheduler_runs_total", "job" => DAILY).increment(1);
        } else {
            metrics::counter!("redress_scheduler_failed_landlords_total")
                .increment(report.failed_landlords as u64);
        }
        tracing::info!(
            day = %today,
            reminders = report.reminders,
            weekly_digests = report.weekly_digests,
            performance_digests = report.performance_digests,
            "scheduled emails queued"
        );
        Ok(Some(report))
    }

    /// Does `today`'s work for every landlord that is not suspended. Safe to repeat: what was sent is not
    /// sent again.
    pub async fn run_day(&self, today: NaiveDate) -> anyhow::Result<RunReport> {
        self.run_jobs(today, Jobs::ALL).await
    }

    /// Does some of `today`'s work for every landlord that is not suspended (the benchmark times the weekly
    /// digests alone).
    pub async fn run_jobs(&self, today: NaiveDate, jobs: Jobs) -> anyhow::Result<RunReport> {
        let mut report = RunReport::default();
        let mut req = PageRequest {
            limit: 200,
            after: None,
        };
        loop {
            let page = landlords::page_all(&self.db, req).await?;
            for l in &page.items {
                // A suspended landlord's staff get nothing; one still onboarding already has
                // staff and complaints to be reminded of.
                if l.status == LandlordStatus::Suspended {
                    continue;
                }
                match self.run_landlord(l, today, jobs).await {
                    Ok(r) => report.add(r),
                    // One landlord's failure does not stop the others; the day's run is left
                    // unfinished so that it is tried again when its lease lapses.
                    Err(err) => {
                        report.failed_landlords += 1;
                        tracing::error!(landlord = %l.slug, error = ?err, "scheduled emails failed");
                    }
                }
            }
            match page.next {
                Some(next) => req.after = Some(next),
                None => break,
            }
        }
        Ok(report)
    }

    async fn calendar(&self, scope: TenantScope) -> anyhow::Result<WorkingCalendar> {
        let closures = landlords::closure_days(&self.tenant(scope), scope).await?;
        Ok(WorkingCalendar::new(&self.bank_holidays, closures))
    }

    /// One landlord's reminders and digests for `today`.
    pub async fn run_landlord(
        &self,
        l: &Landlord,
        today: NaiveDate,
        jobs: Jobs,
    ) -> anyhow::Result<RunReport> {
        let scope = TenantScope::for_system_task(l.id);
        let calendar = self.calendar(scope).await?;
        if jobs.reminders {
            // Early warning (Code 9.4, 9.5), every day: the signals, before the digests that
            // list them.
            early_warning::detect(
                &self.tenant(scope),
                scope,
                &calendar,
                &l.performance_targets,
                today,
            )
            .await?;
        }
        if !calendar.is_working_day(today) {
            return Ok(RunReport::default());
        }
        let recipients = subscriptions::recipients(&self.tenant(scope), scope).await?;
        let schemes: HashMap<Uuid, Timescales> = landlords::schemes(&self.tenant(scope), scope)
            .await?
            .into_iter()
            .map(|s| (s.id, s.timescales))
            .collect();
        let open = reminders::open_stages(&self.tenant(scope), scope).await?;
        let mut report = RunReport::default();
        if jobs.reminders {
            report.reminders = self
                .reminders(l, scope, &calendar, &schemes, &open, &recipients, today)
                .await?;
        }
        if jobs.weekly_digests {
            report.weekly_digests = self
                .weekly_digests(l, scope, &calendar, &schemes, &open, &recipients, today)
                .await?;
        }
        if jobs.performance_digests {
            report.performance_digests = self
                .performance_digests(l, scope, &calendar, &recipients, today)
                .await?;
        }
        Ok(report)
    }

    fn case_link(&self, l: &Landlord, complaint_id: Uuid) -> String {
        format!("{}/l/{}/complaints/{complaint_id}", self.public_url, l.slug)
    }

    fn signals_link(&self, l: &Landlord) -> String {
        format!("{}/l/{}/early-warning", self.public_url, l.slug)
    }

    fn preferences_link(&self, l: &Landlord) -> String {
        format!("{}/l/{}/subscriptions", self.public_url, l.slug)
    }

    fn unsubscribe_link(&self, token: &str, digest: subscriptions::Digest) -> String {
        format!(
            "{}/api/v1/unsubscribe/{token}?digest={}",
            self.public_url,
            digest.as_str()
        )
    }

    /// Who hears about a case's deadlines: its handler, the users of its contractor (at stage
    /// 1 only: contractors never see stage 2), and the complaints team (complaints officers),
    /// each if they take deadline reminders.
    fn case_recipients<'a>(case: &CaseRef, recipients: &'a [Recipient]) -> Vec<&'a Recipient> {
        recipients
            .iter()
            .filter(|r| r.choices.deadline_reminders)
            .filter(|r| {
                Some(r.user_id) == case.handler_id
                    || (r.role == Role::Contractor
                        && case.stage == Stage::One
                        && r.contractor_id.is_some()
                        && r.contractor_id == case.contractor_id)
                    || r.role == Role::ComplaintsOfficer
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    async fn reminders(
        &self,
        l: &Landlord,
        scope: TenantScope,
        calendar: &WorkingCalendar,
        schemes: &HashMap<Uuid, Timescales>,
        open: &[OpenStage],
        recipients: &[Recipient],
        today: NaiveDate,
    ) -> anyhow::Result<usize> {
        let mut per_user: BTreeMap<Uuid, Vec<Item>> = BTreeMap::new();
        let mut add = |to: Vec<&Recipient>, item: Item| {
            for r in to {
                per_user.entry(r.user_id).or_default().push(item.clone());
            }
        };
        // Acknowledgement and response deadlines (Code 5.6, 6.2, 6.5, 6.11, 6.14).
        for o in open {
            let t = schemes
                .get(&o.case.scheme_id)
                .copied()
                .unwrap_or(Timescales::CODE);
            let d = stage_deadlines(calendar, &t, &o.state, today);
            let Some(due) = d.running_due else { continue };
            let Some(occasion) = Occasion::of(calendar, today, due) else {
                continue;
            };
            let clock = if o.state.acknowledged_on.is_none() {
                "acknowledgement"
            } else {
                "response"
            };
            let stage = o.case.stage.number();
            add(
                Self::case_recipients(&o.case, recipients),
                Item {
                    key: format!(
                        "deadline:{}:{stage}:{clock}:{due}:{}",
                        o.case.complaint_id,
                        occasion.key()
                    ),
                    occasion,
                    due,
                    reference: o.case.reference.clone(),
                    what: format!("stage {stage} {clock}"),
                    link: self.case_link(l, o.case.complaint_id),
                },
            );
        }
        // Outstanding actions and remedies (Code 6.6, 7.3).
        let horizon = calendar.due(today, u32::try_from(REMIND_BEFORE).unwrap_or(2));
        for c in reminders::commitments_due(&self.tenant(scope), scope, horizon).await? {
            let Some(occasion) = Occasion::of(calendar, today, c.due_on) else {
                continue;
            };
            let owner = c
                .owner
                .as_deref()
                .map(|o| format!(" (owner: {o})"))
                .unwrap_or_default();
            add(
                Self::case_recipients(&c.case, recipients),
                Item {
                    key: format!("{}:{}:{}:{}", c.kind, c.id, c.due_on, occasion.key()),
                    occasion,
                    due: c.due_on,
                    reference: c.case.reference.clone(),
                    what: format!(
                        "{} — {}{owner}",
                        if c.kind == "action" {
                            "outstanding action"
                        } else {
                            "remedy"
                        },
                        c.description
                    ),
                    link: self.case_link(l, c.case.complaint_id),
                },
            );
        }
        // The Ombudsman's requests for information: a late answer leads to a Complaint
        // Handling Failure Order. The complaints team hears, and the case's handler unless a
        // contractor's (the Ombudsman's part is never theirs).
        for q in reminders::ombudsman_requests_due(&self.tenant(scope), scope, horizon).await? {
            let Some(occasion) = Occasion::of(calendar, today, q.due_on) else {
                continue;
            };
            let to = recipients
                .iter()
                .filter(|r| r.choices.deadline_reminders)
                .filter(|r| {
                    r.role == Role::ComplaintsOfficer
                        || (Some(r.user_id) == q.case.handler_id && r.role != Role::Contractor)
                })
                .collect();
            add(
                to,
                Item {
                    key: format!("ombudsman_request:{}:{}:{}", q.id, q.due_on, occasion.key()),
                    occasion,
                    due: q.due_on,
                    reference: q.case.reference.clone(),
                    what: format!(
                        "the Ombudsman's request for information — {}",
                        q.description
                    ),
                    link: self.case_link(l, q.case.complaint_id),
                },
            );
        }
        // The annual submission to the Ombudsman for the year that has ended: the MRC (with
        // the performance digest) and the landlord's admins (with deadline reminders) hear 8, 4
        // and 1 weeks before it is due.
        let year = redress_domain::figures::financial_year_of(today) - 1;
        let resubmitted = redress_store::resubmissions::get(&self.tenant(scope), scope, year)
            .await?
            .map(|r| r.due_on);
        let due =
            redress_domain::figures::submission_date(l.homes(), year, resubmitted).map(|(d, _)| d);
        // Each reminder once, on its day or the first run after it (a weekend, a bank
        // holiday): the send key is the reminder's, so a later run does not repeat it.
        if let Some(due) = due
            && today < due
            && let Some(weeks) = redress_domain::figures::SUBMISSION_REMINDER_WEEKS
                .into_iter()
                .filter(|w| due - chrono::Duration::weeks(*w) <= today)
                .min()
        {
            let to = recipients
                .iter()
                .filter(|r| {
                    (r.role == Role::LandlordAdmin && r.choices.deadline_reminders)
                        || (r.role == Role::Mrc
                            && r.choices.performance_digest != subscriptions::Frequency::Never)
                })
                .collect();
            add(
                to,
                Item {
                    key: format!("annual_submission:{year}:{due}:{weeks}"),
                    occasion: Occasion::DaysAhead((due - today).num_days()),
                    due,
                    reference: format!("Annual submission {} to {}", year, year + 1),
                    what: "the self-assessment, the annual complaints performance and service \
                           improvement report and the governing body's response, to the Ombudsman"
                        .to_owned(),
                    link: format!("{}/l/{}/annual-submission", self.public_url, l.slug),
                },
            );
        }
        // Keeping residents informed at the agreed interval (Code 5.9).
        for u in reminders::keep_informed_open(&self.tenant(scope), scope).await? {
            let next = calendar.due(u.last_contact_on, u.every_working_days);
            let occasion = match Occasion::of(calendar, today, next) {
                Some(o @ (Occasion::Today | Occasion::Overdue(_))) => o,
                _ => continue,
            };
            let mut to: Vec<&Recipient> = recipients
                .iter()
                .filter(|r| r.choices.deadline_reminders)
                .filter(|r| {
                    Some(r.user_id) == u.case.handler_id
                        || (r.role == Role::Contractor
                            && u.case.stage == Stage::One
                            && r.contractor_id.is_some()
                            && r.contractor_id == u.case.contractor_id)
                })
                .collect();
            if to.is_empty() {
                to = Self::case_recipients(&u.case, recipients);
            }
            add(
                to,
                Item {
                    key: format!(
                        "keep_informed:{}:{next}:{}",
                        u.case.complaint_id,
                        occasion.key()
                    ),
                    occasion,
                    due: next,
                    reference: u.case.reference.clone(),
                    what: format!(
                        "update the resident (agreed every {} working days; last contact {})",
                        u.every_working_days,
                        short_date(u.last_contact_on)
                    ),
                    link: self.case_link(l, u.case.complaint_id),
                },
            );
        }
        // Reviews of reasonable adjustments (Code 5.10) and restrictions (Code 5.14).
        let reviewers: Vec<&Recipient> = recipients
            .iter()
            .filter(|r| r.choices.review_reminders)
            .collect();
        if !reviewers.is_empty() {
            for r in reminders::reviews_due(&self.tenant(scope), scope, horizon).await? {
                let Some(occasion) = Occasion::of(calendar, today, r.due_on) else {
                    continue;
                };
                add(
                    reviewers.clone(),
                    Item {
                        key: format!("review:{}:{}:{}:{}", r.kind, r.id, r.due_on, occasion.key()),
                        occasion,
                        due: r.due_on,
                        reference: r.resident_name.clone(),
                        what: format!(
                            "review of the resident's {}",
                            if r.kind == "adjustment" {
                                "reasonable adjustment"
                            } else {
                                "restriction"
                            }
                        ),
                        link: format!(
                            "{}/l/{}/residents/{}",
                            self.public_url, l.slug, r.resident_id
                        ),
                    },
                );
            }
        }

        let by_id: HashMap<Uuid, &Recipient> = recipients.iter().map(|r| (r.user_id, r)).collect();
        let mut sent = 0;
        for (user_id, items) in per_user {
            let Some(r) = by_id.get(&user_id) else {
                continue;
            };
            if self.send_reminders(l, scope, r, items, today).await? {
                sent += 1;
            }
        }
        Ok(sent)
    }

    /// Queues one email with a recipient's reminders that have not been sent before. The
    /// send keys and the outbox row share a transaction.
    async fn send_reminders(
        &self,
        l: &Landlord,
        scope: TenantScope,
        r: &Recipient,
        items: Vec<Item>,
        today: NaiveDate,
    ) -> anyhow::Result<bool> {
        let txn = redress_store::db::begin_write(&self.tenant(scope)).await?;
        let mut fresh = Vec::with_capacity(items.len());
        for item in items {
            let key = format!("reminder:{}:{}", r.user_id, item.key);
            if schedule::record_send(&txn, &key, Some(scope.landlord_id())).await? {
                fresh.push(item);
            }
        }
        if fresh.is_empty() {
            txn.rollback().await?;
            return Ok(false);
        }
        fresh.sort_by(|a, b| {
            (a.occasion.section(), a.due, &a.reference).cmp(&(
                b.occasion.section(),
                b.due,
                &b.reference,
            ))
        });
        let mut counts = [0usize; 3];
        let mut sections: Vec<serde_json::Value> = Vec::new();
        for (i, title) in SECTIONS.iter().enumerate() {
            let items: Vec<serde_json::Value> = fresh
                .iter()
                .filter(|it| it.occasion.section() == i)
                .map(|it| {
                    json!({"reference": it.reference, "what": it.what,
                           "when": it.occasion.when(it.due), "link": it.link})
                })
                .collect();
            counts[i] = items.len();
            if !items.is_empty() {
                sections.push(json!({"title": title, "items": items}));
            }
        }
        let summary = SECTIONS
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| format!("{n} {}", t.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ");
        let ctx = json!({
            "landlord": {"name": l.name},
            "recipient": reader(r),
            "date": long_date(today),
            "summary": summary,
            "sections": sections,
            "links": LinkSet { preferences: self.preferences_link(l), unsubscribe: None, signals: None },
        });
        let rendered = self.templates.render("reminders", &ctx)?;
        outbox::enqueue(
            &txn,
            Some(scope.landlord_id()),
            OutgoingEmail {
                outbox_id: None,
                to: r.email.clone(),
                subject: rendered.subject,
                text: rendered.text,
                html: Some(rendered.html),
                ..Default::default()
            },
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Ticks every `interval` until `shutdown` turns true.
    pub async fn run_until_stopped(self, interval: Duration, mut shutdown: watch::Receiver<bool>) {
        loop {
            if let Err(err) = self.tick(Utc::now()).await {
                tracing::error!(error = ?err, "scheduler tick failed");
            }
            tokio::select! {
                _ = tokio::time::sleep(interval) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::new(&BankHolidays::england_and_wales().unwrap(), vec![])
    }

    #[test]
    fn a_reminder_comes_two_working_days_before_across_christmas() {
        let c = calendar();
        // Due Wednesday 30 December 2026: 25 and 28 December are bank holidays.
        let due = d("2026-12-30");
        assert_eq!(Occasion::of(&c, d("2026-12-23"), due), None);
        assert_eq!(
            Occasion::of(&c, d("2026-12-24"), due),
            Some(Occasion::Soon(2))
        );
        assert_eq!(
            Occasion::of(&c, d("2026-12-29"), due),
            Some(Occasion::Soon(1))
        );
        assert_eq!(Occasion::of(&c, due, due), Some(Occasion::Today));
        assert_eq!(
            Occasion::of(&c, d("2026-12-31"), due),
            Some(Occasion::Overdue(1))
        );
    }

    #[test]
    fn performance_periods_are_the_previous_month_or_quarter() {
        let (label, from, to, starts) =
            performance_period(Frequency::Monthly, d("2026-12-01")).unwrap();
        assert_eq!(
            (from, to, starts),
            (d("2026-11-01"), d("2026-11-30"), d("2026-12-01"))
        );
        assert_eq!(label, "November 2026");
        let (label, from, to, starts) =
            performance_period(Frequency::Quarterly, d("2027-01-04")).unwrap();
        assert_eq!(
            (from, to, starts),
            (d("2026-10-01"), d("2026-12-31"), d("2027-01-01"))
        );
        assert_eq!(label, "October to December 2026");
        assert!(performance_period(Frequency::Never, d("2027-01-04")).is_none());
    }

    #[test]
    fn the_first_working_day_skips_new_year() {
        let c = calendar();
        assert_eq!(
            first_working_day(&c, d("2027-01-01"), d("2027-01-10")),
            Some(d("2027-01-04"))
        );
        assert_eq!(
            first_working_day(&c, d("2027-01-01"), d("2027-01-03")),
            None
        );
    }
}
