//! One round trip for a landlord's read on PostgreSQL.
//!
//! A statement outside a transaction still has to name its landlord for row-level security
//! (`scoped.rs`), which as a transaction of its own is four round trips: `BEGIN`, `set_config`,
//! the statement, `COMMIT`. PostgreSQL runs the statements of one simple-protocol message as a
//! single transaction, so `set_config(…, true)` followed by the statement, sent together, names
//! the landlord for exactly that statement and no further: one round trip
//! (docs/decisions/0009).
//!
//! The simple protocol takes no parameters, so the statement's values are written into it.
//! Only values whose text cannot carry SQL are written: uuids, numbers, dates, booleans and
//! short words of letters, digits, `_`, `-` and `.`. A statement with any other value (free
//! text, a time, JSON, a null) is not sent this way, and goes the usual way instead.

use sea_orm::{Statement, Value};
use uuid::Uuid;

/// The message to send: the landlord named, then `stmt` with its values written in; `None`
/// when a value is not one that may be written.
pub(crate) fn message(landlord_id: Uuid, stmt: &Statement) -> Option<String> {
    let values: &[Value] = stmt.values.as_ref().map(|v| v.0.as_slice()).unwrap_or(&[]);
    let literals = values.iter().map(literal).collect::<Option<Vec<_>>>()?;
    let sql = substitute(&stmt.sql, &literals)?;
    Some(format!(
        "SELECT set_config('redress.landlord_id', '{landlord_id}', true); {sql}"
    ))
}

/// A value as SQL text, when it is one that cannot carry SQL.
fn literal(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(Some(b)) => b.to_string(),
        Value::TinyInt(Some(n)) => format!("({n})"),
        Value::SmallInt(Some(n)) => format!("({n})"),
        Value::Int(Some(n)) => format!("({n})"),
        Value::BigInt(Some(n)) => format!("({n})"),
        Value::TinyUnsigned(Some(n)) => n.to_string(),
        Value::SmallUnsigned(Some(n)) => n.to_string(),
        Value::Unsigned(Some(n)) => n.to_string(),
        Value::BigUnsigned(Some(n)) => n.to_string(),
        Value::Uuid(Some(u)) => format!("'{u}'::uuid"),
        Value::ChronoDate(Some(d)) => format!("'{}'::date", d.format("%Y-%m-%d")),
        Value::String(Some(s))
            if !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')) =>
        {
            format!("'{s}'")
        }
        _ => return None,
    })
}

/// `sql` with each `$n` outside a quoted string replaced by the n-th literal; `None` when a
/// placeholder has no value.
fn substitute(sql: &str, literals: &[String]) -> Option<String> {
    let mut out = String::with_capacity(sql.len() + literals.len() * 40);
    let mut chars = sql.chars().peekable();
    let mut quoted: Option<char> = None;
    while let Some(c) = chars.next() {
        match quoted {
            Some(q) => {
                out.push(c);
                if c == q {
                    quoted = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quoted = Some(c);
                out.push(c);
            }
            None if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) => {
                let mut n = 0usize;
                while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    n = n.checked_mul(10)?.checked_add(d as usize)?;
                    chars.next();
                }
                out.push_str(literals.get(n.checked_sub(1)?)?);
            }
            None => out.push(c),
        }
    }
    (quoted.is_none()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use sea_orm::DbBackend;

    fn stmt(sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
    }

    #[test]
    fn values_that_cannot_carry_sql_are_written_in_after_the_landlord() {
        let landlord = Uuid::nil();
        let id = Uuid::from_u128(7);
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let m = message(
            landlord,
            &stmt(
                "SELECT \"c\".\"x$1\" FROM c WHERE a = $1 AND b = $2 AND s = $3 AND n < $4 AND k = 'it''s $2' LIMIT $5 $10",
                vec![
                    id.into(),
                    day.into(),
                    "open".into(),
                    (-3i64).into(),
                    51u64.into(),
                    1.into(),
                    2.into(),
                    3.into(),
                    4.into(),
                    true.into(),
                ],
            ),
        )
        .unwrap();
        assert_eq!(
            m,
            "SELECT set_config('redress.landlord_id', '00000000-0000-0000-0000-000000000000', true); \
             SELECT \"c\".\"x$1\" FROM c WHERE a = '00000000-0000-0000-0000-000000000007'::uuid \
             AND b = '2026-12-07'::date AND s = 'open' AND n < (-3) AND k = 'it''s $2' LIMIT 51 true"
        );
    }

    #[test]
    fn text_that_could_carry_sql_goes_the_usual_way() {
        for v in [
            Value::from("it's"),
            Value::from("a b"),
            Value::from(""),
            Value::from("x".repeat(65)),
            Value::String(None),
            Value::Uuid(None),
            Value::from(serde_json::json!({})),
            Value::from(chrono::Utc::now()),
        ] {
            assert_eq!(message(Uuid::nil(), &stmt("SELECT $1", vec![v])), None);
        }
        // A placeholder without its value.
        assert_eq!(
            message(Uuid::nil(), &stmt("SELECT $2", vec![1.into()])),
            None
        );
        assert_eq!(
            message(Uuid::nil(), &stmt("SELECT $0", vec![1.into()])),
            None
        );
        // An unterminated quote.
        assert_eq!(message(Uuid::nil(), &stmt("SELECT 'a", vec![])), None);
    }
}
