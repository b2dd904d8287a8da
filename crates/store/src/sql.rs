//! Hand-written SQL that both databases run alike, for the few statements the query builder
//! does not express (upserts with conditions, joins across tables without relations).

use sea_orm::{DatabaseBackend, Statement, Value};

/// A statement written with `?` placeholders, numbered `$1, $2...` for PostgreSQL.
pub(crate) fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DatabaseBackend::Postgres => {
            // Numbered placeholders for PostgreSQL; `?` for SQLite.
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Every column of an entity's table under `alias`, each named `alias_column`, for a statement
/// that reads several tables in one round trip; `Model::from_query_result(row, "alias_")`
/// reads them back. A column added to the entity is read without changing the statement.
pub(crate) fn columns<C: sea_orm::Iterable + sea_orm::IdenStatic>(alias: &str) -> String {
    C::iter()
        .map(|c| format!("{alias}.\"{col}\" AS \"{alias}_{col}\"", col = c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A scalar subquery giving, as JSON text, an array with one object per row of `table` (under
/// `alias`) that `filter` selects, in `order`: every column of the entity under its own name, so
/// that `serde_json` reads each object back as the entity's `Model`, plus `more` (a name and an
/// SQL expression that is itself JSON, such as another `json_rows`). It lets a statement read a
/// record and its lists in one round trip; `filter` may name the outer statement's columns.
///
/// Both databases give the same text: PostgreSQL's own JSON for uuids, dates and times; on
/// SQLite a uuid (kept as 16 bytes) is written as hex, which `Uuid` parses.
pub(crate) fn json_rows<C>(
    backend: DatabaseBackend,
    (table, alias): (&str, &str),
    filter: &str,
    order: &str,
    more: &[(&str, String)],
) -> String
where
    C: sea_orm::Iterable + sea_orm::IdenStatic + sea_orm::ColumnTrait,
{
    let postgres = backend == DatabaseBackend::Postgres;
    let pairs = C::iter()
        .map(|c| {
            let col = format!("{alias}.\"{}\"", c.as_str());
            let value = match c.def().get_column_type() {
                sea_orm::ColumnType::Uuid if !postgres => {
                    format!("CASE typeof({col}) WHEN 'blob' THEN lower(hex({col})) ELSE {col} END")
                }
                _ => col,
            };
            format!("'{}', {value}", c.as_str())
        })
        // SQLite keeps a value's JSON-ness only within one expression: `json()` marks a nested
        // list as JSON again, so that it is not written as a string.
        .chain(more.iter().map(|(name, json)| {
            if postgres {
                format!("'{name}', {json}")
            } else {
                format!("'{name}', json({json})")
            }
        }))
        .collect::<Vec<_>>()
        .join(", ");
    if postgres {
        format!(
            "(SELECT coalesce(json_agg(json_build_object({pairs}) ORDER BY {order}), '[]'::json) \
             FROM {table} {alias} WHERE {filter})"
        )
    } else {
        format!(
            "(SELECT json_group_array(json_object({pairs}) ORDER BY {order}) \
             FROM {table} {alias} WHERE {filter})"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_placeholders_are_numbered() {
        let s = statement(
            DatabaseBackend::Postgres,
            "SELECT ? , ?",
            vec![1.into(), 2.into()],
        );
        assert_eq!(s.sql, "SELECT $1 , $2");
        let s = statement(DatabaseBackend::Sqlite, "SELECT ?", vec![1.into()]);
        assert_eq!(s.sql, "SELECT ?");
    }
}
