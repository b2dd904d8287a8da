//! What a landlord offered before: the financial remedies of its closed complaints of one
//! category whose stage was decided the same way, for the guidance shown when a response
//! offers one (docs/rules.md, "Remedies"); and the awards of a period, for the dashboard's
//! remedies by band and by failing.

use crate::error::corrupt;
use crate::sql::statement;
use crate::{Result, TenantScope};
use chrono::NaiveDate;
use redress_domain::remedy_guidance::RemedyPart;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// The amounts, in pence, of the financial remedies offered at a stage decided `decision`
/// on the landlord's closed complaints of `category`, leaving out complaint `except`.
pub async fn amounts_offered(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    category: &str,
    decision: &str,
    except: Uuid,
) -> Result<Vec<u64>> {
    let sql = "SELECT r.amount_pence AS amount FROM remedies r \
         JOIN complaints c ON c.landlord_id = r.landlord_id AND c.id = r.complaint_id \
         JOIN complaint_stages s ON s.landlord_id = r.landlord_id \
           AND s.complaint_id = r.complaint_id AND s.stage = r.stage \
         WHERE r.landlord_id = ? AND r.kind = 'financial' AND r.amount_pence IS NOT NULL \
           AND c.category = ? AND c.status = 'closed' AND s.decision = ? AND c.id <> ?";
    let rows = conn
        .query_all_raw(statement(
            conn.get_database_backend(),
            sql,
            vec![
                scope.landlord_id().into(),
                category.into(),
                decision.into(),
                except.into(),
            ],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let amount: i64 = row.try_get("", "amount")?;
        if let Ok(a) = u64::try_from(amount) {
            out.push(a);
        }
    }
    Ok(out)
}

/// The financial awards offered in the responses of a period (the remedies of the stages
/// responded to from `from` to `to`, as the dashboard counts remedies), each with its parts
/// by failing (empty when it was not split).
pub async fn awards_in_period(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, Vec<RemedyPart>)>> {
    let sql = "SELECT r.amount_pence AS amount, r.parts AS parts FROM remedies r \
         JOIN complaint_stages s ON s.landlord_id = r.landlord_id \
           AND s.complaint_id = r.complaint_id AND s.stage = r.stage \
         WHERE r.landlord_id = ? AND r.kind = 'financial' AND r.amount_pence IS NOT NULL \
           AND s.responded_on BETWEEN ? AND ?";
    let rows = conn
        .query_all_raw(statement(
            conn.get_database_backend(),
            sql,
            vec![scope.landlord_id().into(), from.into(), to.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let amount: i64 = row.try_get("", "amount")?;
        let parts: Option<String> = row.try_get("", "parts")?;
        let parts = match parts.as_deref() {
            None => Vec::new(),
            Some(text) => serde_json::from_str(text).map_err(|e| corrupt("remedies.parts", e))?,
        };
        out.push((amount, parts));
    }
    Ok(out)
}
