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
