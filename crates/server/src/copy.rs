//! `redress copy-to-postgres`: a SQLite deployment grows into PostgreSQL. Small landlords
//! start on the embedded database; when they outgrow it, every row moves to an empty,
//! migrated PostgreSQL database in one transaction, tables in the order their foreign keys
//! need, and the counts are compared before it commits. Attachments stay where they are
//! (the same folder or bucket serves the new deployment).

use anyhow::{Context, bail, ensure};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, TransactionTrait};
use std::collections::{BTreeMap, BTreeSet};

/// Rows moved per statement.
pub const BATCH: u64 = 500;

/// The rows copied, table by table, in the order they were copied.
pub type Report = Vec<(String, u64)>;

async fn strings(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> anyhow::Result<Vec<Vec<String>>> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| {
            (0..)
                .map_while(|i: usize| r.try_get_by_index::<String>(i).ok())
                .collect::<Vec<_>>()
        })
        .map(Ok)
        .collect()
}

async fn count(db: &impl ConnectionTrait, table: &str) -> anyhow::Result<u64> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT count(*) AS n FROM \"{table}\""),
        ))
        .await?
        .context("a count")?;
    Ok(u64::try_from(row.try_get::<i64>("", "n")?).unwrap_or(0))
}

/// The target's tables, each after every table its foreign keys point at.
async fn tables_in_order(target: &impl ConnectionTrait) -> anyhow::Result<Vec<String>> {
    let tables: BTreeSet<String> = strings(
        target,
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' \
         AND tablename <> 'seaql_migrations'",
        vec![],
    )
    .await?
    .into_iter()
    .filter_map(|r| r.into_iter().next())
    .collect();
    let mut needs: BTreeMap<String, BTreeSet<String>> = tables
        .iter()
        .map(|t| (t.clone(), BTreeSet::new()))
        .collect();
    for r in strings(
        target,
        "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint \
         WHERE contype = 'f' AND conrelid <> confrelid",
        vec![],
    )
    .await?
    {
        if let [from, to] = r.as_slice()
            && let Some(set) = needs.get_mut(from)
        {
            set.insert(to.clone());
        }
    }
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    while done.len() < needs.len() {
        let ready: Vec<String> = needs
            .iter()
            .filter(|(t, deps)| !done.contains(*t) && deps.iter().all(|d| done.contains(d)))
            .map(|(t, _)| t.clone())
            .collect();
        ensure!(
            !ready.is_empty(),
            "the foreign keys between tables form a cycle"
        );
        for t in ready {
            done.insert(t.clone());
            order.push(t);
        }
    }
    Ok(order)
}

/// Copies every row of `source` (SQLite, migrated) into `target` (PostgreSQL, migrated and
/// empty).
pub async fn copy_to_postgres(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> anyhow::Result<Report> {
    copy_in_batches(source, target, BATCH).await
}

/// [`copy_to_postgres`], `batch` rows per statement.
pub async fn copy_in_batches(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
    batch: u64,
) -> anyhow::Result<Report> {
    ensure!(
        source.get_database_backend() == DatabaseBackend::Sqlite,
        "the database to copy from is SQLite (REDRESS_DATABASE_URL or --database-url)"
    );
    ensure!(
        target.get_database_backend() == DatabaseBackend::Postgres,
        "--to names a PostgreSQL database (postgres://...)"
    );
    redress_store::db::migrate(source)
        .await
        .context("bringing the SQLite database up to date")?;
    redress_store::db::migrate(target)
        .await
        .context("migrating the PostgreSQL database")?;
    for table in ["landlords", "users"] {
        if count(target, table).await? > 0 {
            bail!("the PostgreSQL database already holds {table}: copy into an empty one");
        }
    }
    let order = tables_in_order(target).await?;
    // Every read in one transaction on one connection: one snapshot of the SQLite database,
    // whatever else writes to it meanwhile.
    let reading = source.begin().await?;
    let txn = target.begin().await?;
    let mut report = Vec::new();
    for table in order {
        let columns = strings(
            &txn,
            "SELECT column_name::text, udt_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            vec![table.clone().into()],
        )
        .await?;
        // A JSON object per row; uuids, which SQLite keeps as 16 bytes, as hex.
        let fields: Vec<String> = columns
            .iter()
            .filter_map(|c| match c.as_slice() {
                [name, kind] => Some(if kind == "uuid" {
                    format!(
                        "'{name}', CASE WHEN typeof(\"{name}\") = 'blob' \
                         THEN lower(hex(\"{name}\")) ELSE \"{name}\" END"
                    )
                } else {
                    format!("'{name}', \"{name}\"")
                }),
                _ => None,
            })
            .collect();
        // Pages by rowid (the last one seen), not by offset.
        let select = format!(
            "SELECT json_group_array(json_object({})) AS batch, count(*) AS n, \
             max(_rowid) AS last FROM \
             (SELECT rowid AS _rowid, * FROM \"{table}\" WHERE rowid > ? ORDER BY rowid LIMIT ?)",
            fields.join(", ")
        );
        let insert = format!(
            "INSERT INTO \"{table}\" SELECT * FROM json_populate_recordset(NULL::\"{table}\", $1::json)"
        );
        let total = count(&reading, &table).await?;
        let mut after: i64 = 0;
        loop {
            let row = reading
                .query_one_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Sqlite,
                    &select,
                    [after.into(), batch.max(1).into()],
                ))
                .await
                .with_context(|| format!("reading {table}"))?
                .context("a batch")?;
            if row.try_get::<i64>("", "n")? == 0 {
                break;
            }
            after = row.try_get("", "last")?;
            let rows: String = row.try_get("", "batch")?;
            txn.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                &insert,
                [rows.into()],
            ))
            .await
            .with_context(|| format!("writing {table}"))?;
        }
        let copied = count(&txn, &table).await?;
        ensure!(
            copied == total,
            "{table}: {total} rows in SQLite, {copied} in PostgreSQL"
        );
        report.push((table, total));
    }
    txn.commit().await?;
    reading.rollback().await?;
    Ok(report)
}
