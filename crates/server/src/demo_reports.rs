//! Demo self-assessments and annual reports: for the last financial year, a self-assessment
//! approved and published with the annual report and the governing body's response; for
//! the current year, a draft carried forward from it (Code 8.1–8.4).

use anyhow::Context;
use chrono::NaiveDate;
use redress_api::time::financial_year_of;
use redress_api::use_cases::report_annually;
use redress_domain::calendar::{BankHolidays, WorkingCalendar};
use redress_domain::provisions::{EDITION_2024, provisions};
use redress_store::annual_reports as reports;
use redress_store::self_assessments::{self, Answer, Answers, Save};
use redress_store::{DatabaseConnection, TenantScope, evidence, landlords};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Provisions the demo landlords say they meet only partly, with what they are doing.
const PARTLY: [(&str, &str); 2] = [
    (
        "6.3",
        "Two more responding officers in the repairs service, and a weekly review of stage 1 \
         cases due in the next five working days.",
    ),
    (
        "3.2",
        "Complaint leaflets in the five most used community languages, and an easy-read form.",
    ),
];

fn answers(year: i32) -> Answers {
    let target = NaiveDate::from_ymd_opt(year + 1, 9, 30);
    provisions(EDITION_2024)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let partly = PARTLY.iter().find(|(n, _)| *n == p.number);
            (
                p.number.to_owned(),
                Answer {
                    complies: Some(if partly.is_some() { "partly" } else { "yes" }.to_owned()),
                    evidence: format!(
                        "Complaints policy, section {}; staff guidance {}.",
                        p.section, p.number
                    ),
                    links: vec!["https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/".to_owned()],
                    commentary: if partly.is_some() {
                        "Met for most complaints; the figure from the records shows where not."
                            .to_owned()
                    } else {
                        "Reviewed by the complaints team and the Member Responsible for Complaints."
                            .to_owned()
                    },
                    action: partly.map(|(_, a)| (*a).to_owned()),
                    target_date: partly.and(target),
                    official_wording: None,
                },
            )
        })
        .collect()
}

/// Seeds the demo landlord's self-assessments and annual report, unless it has some.
pub async fn seed(
    db: &DatabaseConnection,
    scope: TenantScope,
    bank_holidays: &BankHolidays,
    admin: Uuid,
    governing_body: Uuid,
    today: NaiveDate,
) -> anyhow::Result<()> {
    if !self_assessments::all(db, scope).await?.is_empty() {
        return Ok(());
    }
    let cal = WorkingCalendar::new(bank_holidays, landlords::closure_days(db, scope).await?);
    let current = financial_year_of(today);
    let last = current - 1;
    // Last year: approved, then published with the annual report.
    let draft = self_assessments::save(
        db,
        scope,
        Save {
            year: last,
            edition: EDITION_2024.to_owned(),
            answers: answers(last),
            new_version_reason: None,
            by: admin,
        },
    )
    .await?;
    let frozen = evidence::compute(db, scope, &cal, last, today).await?;
    self_assessments::approve(db, scope, &draft, &frozen, admin).await?;
    let approved = self_assessments::latest(db, scope, last)
        .await?
        .context("the approved self-assessment")?;
    let narrative: BTreeMap<String, String> = [
        (
            "introduction",
            "This report sets out how we handled complaints in the year, what residents told us \
             and what we changed as a result. It is published with our self-assessment against \
             the Housing Ombudsman's Complaint Handling Code.",
        ),
        (
            "performance",
            "Most complaints were acknowledged and answered within the Code's timescales. \
             Repairs complaints took longest to answer in the winter months.",
        ),
        (
            "looking_ahead",
            "Next year we will answer every stage 1 complaint within 10 working days and report \
             progress to the governing body each quarter.",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    reports::save(db, scope, last, narrative, Some(Some(approved.id)), admin).await?;
    reports::record_response(
        db,
        scope,
        last,
        "The governing body has scrutinised this report. It welcomes the improvement in \
         acknowledging complaints, and asks for a plan by the end of June to answer repairs \
         complaints on time."
            .to_owned(),
        governing_body,
    )
    .await?;
    let generated = report_annually::generate(db, scope, &cal, last, today)
        .await
        .map_err(|e| anyhow::anyhow!("the annual report: {e}"))?;
    let figures = serde_json::to_string(&generated)?;
    let txn = redress_store::db::begin_write(db).await?;
    self_assessments::publish(&txn, scope, &approved, admin).await?;
    reports::publish(&txn, scope, last, approved.id, &figures, admin).await?;
    txn.commit().await?;
    // This year: a draft, carried forward from last year's answers.
    self_assessments::save(
        db,
        scope,
        Save {
            year: current,
            edition: EDITION_2024.to_owned(),
            answers: Answers::new(),
            new_version_reason: None,
            by: admin,
        },
    )
    .await?;
    tracing::info!(
        year = last,
        "demo self-assessment and annual report published"
    );
    Ok(())
}
