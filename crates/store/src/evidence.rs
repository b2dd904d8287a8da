//! Evidence of compliance computed from the records for a financial year: the figure a
//! self-assessment shows beside each provision the data can speak to (Code 8.1a). Counted by
//! the dashboard's rules (docs/METRICS.md) where the dashboard has the figure; no resident
//! personal data.

use crate::performance::{self, Rate, financial_year};
use crate::sql::statement;
use crate::{Result, StoreError, TenantScope, landlords};
use chrono::NaiveDate;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::timescales::Timescales;
use sea_orm::{ConnectionTrait, TransactionTrait, Value};
use std::collections::BTreeMap;

/// `412 of 415 (99.3%)`, or `none` when there is no whole.
fn of(r: Rate) -> String {
    match r.pct {
        Some(p) => format!("{} of {} ({p:.1}%)", r.count, r.of),
        None => format!("{} of {}", r.count, r.of),
    }
}

/// The financial year as its report names it: `2025/26 (1 April 2025 to 31 March 2026)`,
/// and, while it runs, that the figures are for the year to date.
pub fn year_label(year: i32, today: NaiveDate) -> String {
    let (from, to) = financial_year(year).unwrap_or((today, today));
    let base = format!(
        "{}/{:02} ({} to {})",
        year,
        (year + 1).rem_euclid(100),
        from.format("%-d %B %Y"),
        to.format("%-d %B %Y")
    );
    if today <= to {
        format!("{base}, to date on {}", today.format("%-d %B %Y"))
    } else {
        base
    }
}

async fn counts(
    conn: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<(i32, i64, i64)>> {
    let mut out = Vec::new();
    for r in conn
        .query_all_raw(statement(conn.get_database_backend(), sql, values))
        .await?
    {
        out.push((
            r.try_get::<i32>("", "k")?,
            r.try_get::<i64>("", "n")?,
            r.try_get::<i64>("", "m")?,
        ));
    }
    Ok(out)
}

fn rate(n: i64, m: i64) -> Rate {
    Rate::new(u64::try_from(m).unwrap_or(0), u64::try_from(n).unwrap_or(0))
}

/// The computed evidence for financial year `year` by provision number.
pub async fn compute<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    year: i32,
    today: NaiveDate,
) -> Result<BTreeMap<String, String>> {
    let (from, to) = financial_year(year)
        .ok_or_else(|| StoreError::Conflict(format!("{year} is not a year")))?;
    let label = year_label(year, today);
    let d = performance::dashboard(db, scope, calendar, from, to, today).await?;
    let f = &d.figures;
    // The timescales named are the first scheme's (the housing scheme unless renamed).
    let t = landlords::schemes(db, scope)
        .await?
        .first()
        .map_or(Timescales::CODE, |s| s.timescales);
    let mut out = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        out.insert(k.to_owned(), v);
    };
    let landlord = scope.landlord_id();

    put(
        "6.2",
        format!(
            "{} stage 1 complaints acknowledged within {} working days in {label}.",
            of(f.stage1.acknowledged_in_time),
            t.stage1_acknowledge
        ),
    );
    put(
        "6.11",
        format!(
            "{} stage 2 complaints acknowledged within {} working days in {label}.",
            of(f.stage2.acknowledged_in_time),
            t.stage2_acknowledge
        ),
    );
    put(
        "6.3",
        format!(
            "{} stage 1 responses within {} working days of the acknowledgement, or within an \
             extension given under the Code, in {label}.",
            of(f.stage1.responded_in_time),
            t.stage1_response
        ),
    );
    put(
        "6.14",
        format!(
            "{} stage 2 responses within {} working days of the acknowledgement, or within an \
             extension given under the Code, in {label}.",
            of(f.stage2.responded_in_time),
            t.stage2_response
        ),
    );

    // Code 6.4, 6.15: extensions of the stages responded to in the year, within the limit.
    let ext = counts(
        db,
        "SELECT s.stage AS k, COUNT(*) AS n, \
           COALESCE(SUM(CASE WHEN s.extension_working_days <= \
             (CASE WHEN s.stage = 1 THEN cs.stage1_extension ELSE cs.stage2_extension END) \
             THEN 1 ELSE 0 END), 0) AS m \
         FROM complaint_stages s \
         JOIN complaints c ON c.landlord_id = s.landlord_id AND c.id = s.complaint_id \
         JOIN complaint_schemes cs ON cs.landlord_id = c.landlord_id AND cs.id = c.scheme_id \
         WHERE s.landlord_id = ? AND s.extension_working_days > 0 \
           AND s.responded_on BETWEEN ? AND ? \
         GROUP BY s.stage",
        vec![landlord.into(), from.into(), to.into()],
    )
    .await?;
    for (stage, key, limit, responded) in [
        (1, "6.4", t.stage1_extension, f.stage1.responded_in_time.of),
        (2, "6.15", t.stage2_extension, f.stage2.responded_in_time.of),
    ] {
        let (n, m) = ext
            .iter()
            .find(|(k, _, _)| *k == stage)
            .map_or((0, 0), |(_, n, m)| (*n, *m));
        put(
            key,
            format!(
                "{n} of {responded} stage {stage} responses in {label} followed an extension; {} \
                 within {limit} working days, and {} longer with the good reason the system \
                 requires recorded. Every extension records its reason and the date agreed \
                 with the resident: the system refuses one without.",
                of(rate(n, m)),
                n - m
            ),
        );
    }

    // Code 6.13: stage 2 responses made by someone other than whoever handled stage 1.
    let same = counts(
        db,
        "SELECT 2 AS k, COUNT(*) AS n, \
           COALESCE(SUM(CASE WHEN s2.responded_by IS NOT NULL \
             AND (s2.responded_by = s1.responded_by OR s2.responded_by = s1.handler_id) \
             THEN 0 ELSE 1 END), 0) AS m \
         FROM complaint_stages s2 \
         JOIN complaint_stages s1 ON s1.landlord_id = s2.landlord_id \
           AND s1.complaint_id = s2.complaint_id AND s1.stage = 1 \
         WHERE s2.landlord_id = ? AND s2.stage = 2 AND s2.responded_on BETWEEN ? AND ?",
        vec![landlord.into(), from.into(), to.into()],
    )
    .await?;
    let (n, m) = same.first().map_or((0, 0), |(_, n, m)| (*n, *m));
    put(
        "6.13",
        format!(
            "{} stage 2 responses in {label} were made by someone other than the person who \
             handled stage 1. The system enforces this: it refuses a stage 2 response from \
             whoever handled or answered stage 1.",
            of(rate(n, m))
        ),
    );

    // Code 2.1–2.5: complaints not accepted and escalations refused, by reason.
    let total: u64 = f.exclusions.values().sum();
    let reasons = f
        .exclusions
        .iter()
        .map(|(r, n)| format!("{} {n}", r.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ");
    put(
        "2.1",
        if total == 0 {
            format!("No complaint was refused or escalation declined in {label}.")
        } else {
            format!(
                "{total} complaints not accepted or escalations refused in {label}, by reason: \
                 {reasons}. Each decision records its reason and explanation, and the letter \
                 tells the resident of their right to take it to the Ombudsman."
            )
        },
    );

    // Code 5.10, 5.14: reviews recorded in the year by the date they were due.
    for (key, reviews, what, open) in [
        (
            "5.10",
            "adjustment_reviews",
            "reviews of reasonable adjustments",
            "SELECT 0 AS k, COUNT(*) AS n, CAST(0 AS BIGINT) AS m FROM adjustments \
             WHERE landlord_id = ? AND status = 'active' AND next_review_on < ?",
        ),
        (
            "5.14",
            "restriction_reviews",
            "reviews of restrictions on contact",
            "SELECT 0 AS k, COUNT(*) AS n, CAST(0 AS BIGINT) AS m FROM restrictions \
             WHERE landlord_id = ? AND status = 'active' AND review_on < ?",
        ),
    ] {
        let done = counts(
            db,
            &format!(
                "SELECT 0 AS k, COUNT(*) AS n, \
                   COALESCE(SUM(CASE WHEN reviewed_on <= due_on THEN 1 ELSE 0 END), 0) AS m \
                 FROM {reviews} WHERE landlord_id = ? AND due_on IS NOT NULL \
                   AND reviewed_on BETWEEN ? AND ?"
            ),
            vec![landlord.into(), from.into(), to.into()],
        )
        .await?;
        let (n, m) = done.first().map_or((0, 0), |(_, n, m)| (*n, *m));
        let overdue = counts(db, open, vec![landlord.into(), today.into()]).await?;
        let overdue = overdue.first().map_or(0, |(_, n, _)| *n);
        put(
            key,
            format!(
                "{} {what} recorded in {label} were made by their due date. Overdue today: \
                 {overdue}.",
                of(rate(n, m))
            ),
        );
    }

    // Code 7.3: remedies due in the year, completed by their date.
    let remedies = counts(
        db,
        "SELECT 0 AS k, COUNT(*) AS n, \
           COALESCE(SUM(CASE WHEN completed_on IS NOT NULL AND completed_on <= due_on THEN 1 ELSE 0 END), 0) AS m \
         FROM remedies WHERE landlord_id = ? AND due_on BETWEEN ? AND ? AND due_on <= ?",
        vec![landlord.into(), from.into(), to.into(), today.into()],
    )
    .await?;
    let (n, m) = remedies.first().map_or((0, 0), |(_, n, m)| (*n, *m));
    put(
        "7.3",
        format!(
            "{} remedies due in {label} were completed by their date; {} remedies were offered \
             in the year's responses and {} of them are completed.",
            of(rate(n, m)),
            f.remedies.offered,
            f.remedies.completed
        ),
    );

    // Code 9.1: learning from complaints.
    let l = &f.learning;
    put(
        "9.1",
        format!(
            "{} lessons from complaints recorded in {label}; {} improvements implemented in \
             the year; {} still to be implemented at its end.",
            l.identified, l.implemented, l.open
        ),
    );

    // Code 1.4: service requests recorded and reviewed.
    let sr = counts(
        db,
        "SELECT 0 AS k, COUNT(*) AS n, \
           COALESCE(SUM(CASE WHEN reviewed_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS m \
         FROM service_requests WHERE landlord_id = ? AND reported_on BETWEEN ? AND ?",
        vec![landlord.into(), from.into(), to.into()],
    )
    .await?;
    let (n, m) = sr.first().map_or((0, 0), |(_, n, m)| (*n, *m));
    put(
        "1.4",
        format!(
            "{n} service requests recorded in {label}, kept apart from complaints; reviewed: {}.",
            of(rate(n, m))
        ),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_labelled_as_reports_name_it() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            year_label(2024, d("2025-11-25")),
            "2024/25 (1 April 2024 to 31 March 2025)"
        );
        assert_eq!(
            year_label(2025, d("2025-11-25")),
            "2025/26 (1 April 2025 to 31 March 2026), to date on 25 November 2025"
        );
        assert_eq!(year_label(2099, d("2025-11-25")).get(..7), Some("2099/00"));
    }

    #[test]
    fn rates_read_as_evidence() {
        assert_eq!(of(Rate::new(412, 415)), "412 of 415 (99.3%)");
        assert_eq!(of(Rate::new(0, 0)), "0 of 0");
    }
}
