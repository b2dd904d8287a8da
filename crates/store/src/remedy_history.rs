//! What a landlord offered before: the financial remedies of its closed complaints of one
//! category whose stage was decided the same way, for the guidance shown when a response
//! offers one (docs/rules.md, "Remedies").

use crate::sql::statement;
use crate::{Result, TenantScope};
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
