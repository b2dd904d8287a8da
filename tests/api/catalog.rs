//! The schema as deploy/SCALING.md describes it (issue "Production", point 6), read from
//! PostgreSQL's catalog: every table has its row there, and every tenant table keys on
//! `landlord_id`, in its primary key and in its foreign keys to other tenant tables. A new
//! table fails here until it is classified.

use crate::helpers::*;
use sea_orm::{FromQueryResult, JsonValue, Statement};
use std::collections::{BTreeMap, BTreeSet};

/// deploy/SCALING.md's `## Tables`: table -> class.
fn classes() -> BTreeMap<String, String> {
    let doc = include_str!("../../deploy/SCALING.md");
    let section = doc
        .split("\n## Tables")
        .nth(1)
        .expect("a Tables section")
        .split("\n## ")
        .next()
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let table = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((table.to_owned(), (*cells.get(2)?).to_owned()))
        })
        .collect()
}

async fn rows(db: &sea_orm::DatabaseConnection, sql: &str) -> Vec<JsonValue> {
    JsonValue::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
        .unwrap()
}

fn strings(rows: &[JsonValue], field: &str) -> BTreeSet<String> {
    rows.iter()
        .map(|r| r[field].as_str().unwrap().to_owned())
        .collect()
}

/// A fresh PostgreSQL database, migrated by its owner (`None` without PostgreSQL).
async fn migrated_database() -> Option<(String, sea_orm::DatabaseConnection)> {
    postgres_url()?;
    let url = fresh_postgres_database().await;
    let db = redress_store::db::connect(&url).await.unwrap();
    redress_store::db::migrate(&db).await.unwrap();
    Some((url, db))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_is_classified_and_tenant_tables_key_on_landlord_id() {
    let Some((url, db)) = migrated_database().await else {
        return;
    };
    let classes = classes();
    let of = |class: &str| -> BTreeSet<String> {
        classes
            .iter()
            .filter(|(_, c)| c.as_str() == class)
            .map(|(t, _)| t.clone())
            .collect()
    };

    let tables = strings(
        &rows(
            &db,
            "SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public'",
        )
        .await,
        "t",
    );
    let documented: BTreeSet<String> = classes.keys().cloned().collect();
    assert_eq!(
        tables, documented,
        "deploy/SCALING.md's Tables must list every table, once"
    );
    for class in classes.values() {
        assert!(
            ["tenant", "tenant-root", "reference", "queue", "platform"].contains(&class.as_str()),
            "unknown class {class}"
        );
    }

    let with_landlord = strings(
        &rows(
            &db,
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE table_schema = 'public' AND column_name = 'landlord_id'",
        )
        .await,
        "t",
    );
    let not_null = strings(
        &rows(
            &db,
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE table_schema = 'public' AND column_name = 'landlord_id' AND is_nullable = 'NO'",
        )
        .await,
        "t",
    );
    let pk_with_landlord = strings(
        &rows(
            &db,
            "SELECT k.conrelid::regclass::text AS t FROM pg_constraint k \
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) \
             WHERE k.contype = 'p' AND a.attname = 'landlord_id'",
        )
        .await,
        "t",
    );
    let tenant = of("tenant");
    assert!(tenant.len() > 30, "{tenant:?}");
    for t in &tenant {
        assert!(
            not_null.contains(t),
            "{t}: a tenant table has a NOT NULL landlord_id"
        );
        assert!(
            pk_with_landlord.contains(t),
            "{t}: landlord_id is in its primary key"
        );
    }
    // Tables with a landlord_id are tenant tables, or the queues that also carry the
    // platform's own mail; the rest have none.
    for t in &with_landlord {
        assert!(
            tenant.contains(t) || of("queue").contains(t),
            "{t} has a landlord_id: a tenant table (or a queue), not {:?}",
            classes.get(t)
        );
    }
    for t in of("platform").iter().chain(&of("reference")) {
        assert!(
            !with_landlord.contains(t),
            "{t} is {} but has a landlord_id",
            classes[t]
        );
    }

    // Foreign keys between tenant tables carry landlord_id, so a row never points at
    // another landlord's.
    let fks = rows(
        &db,
        "SELECT k.conname::text AS name, k.conrelid::regclass::text AS from_table, \
                k.confrelid::regclass::text AS to_table, \
                EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = k.conrelid \
                        AND a.attnum = ANY (k.conkey) AND a.attname = 'landlord_id') AS keyed \
         FROM pg_constraint k WHERE k.contype = 'f'",
    )
    .await;
    let mut to_platform = BTreeSet::new();
    for fk in &fks {
        let (from, to) = (
            fk["from_table"].as_str().unwrap(),
            fk["to_table"].as_str().unwrap(),
        );
        if tenant.contains(from) && tenant.contains(to) {
            assert_eq!(
                fk["keyed"], true,
                "{}: a foreign key between tenant tables includes landlord_id",
                fk["name"]
            );
        }
        if tenant.contains(from) && of("platform").contains(to) {
            to_platform.insert(fk["name"].as_str().unwrap().to_owned());
        }
    }
    // The one foreign key from a tenant table to a platform table, which SCALING.md says
    // goes before distributing.
    assert_eq!(
        to_platform,
        BTreeSet::from(["memberships_user_id_fkey".to_owned()])
    );
    db.close().await.ok();
    drop_postgres_database(&url).await;
}

/// Row-level security (deploy/SCALING.md, "Row-level security"): every table that holds a
/// landlord's rows (the tenant and queue classes, which are exactly the tables with a
/// `landlord_id` column but `landlords` itself) has it enabled, with the policy keyed on the
/// transaction's `redress.landlord_id`. A new tenant table without its policy fails here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_table_of_a_landlords_rows_has_its_row_level_security_policy() {
    let Some((url, db)) = migrated_database().await else {
        return;
    };
    let classes = classes();
    let expected: BTreeSet<String> = classes
        .iter()
        .filter(|(_, c)| c.as_str() == "tenant" || c.as_str() == "queue")
        .map(|(t, _)| t.clone())
        .collect();
    let with_landlord = strings(
        &rows(
            &db,
            "SELECT c.table_name::text AS t FROM information_schema.columns c \
             JOIN information_schema.tables tb USING (table_schema, table_name) \
             WHERE c.table_schema = 'public' AND c.column_name = 'landlord_id' \
             AND tb.table_type = 'BASE TABLE' AND c.table_name <> 'landlords'",
        )
        .await,
        "t",
    );
    assert_eq!(
        with_landlord, expected,
        "the tables with landlord_id are SCALING.md's tenant and queue tables"
    );
    let secured = strings(
        &rows(
            &db,
            "SELECT relname::text AS t FROM pg_class \
             WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relrowsecurity",
        )
        .await,
        "t",
    );
    assert_eq!(
        secured, expected,
        "row-level security is enabled on exactly these tables"
    );
    let policies = rows(
        &db,
        "SELECT tablename::text AS t, policyname::text AS name, cmd::text AS cmd, \
         qual::text AS qual, COALESCE(with_check::text, '') AS with_check, \
         permissive::text AS permissive FROM pg_policies WHERE schemaname = 'public'",
    )
    .await;
    assert_eq!(strings(&policies, "t"), expected, "each has a policy");
    for p in &policies {
        let table = p["t"].as_str().unwrap();
        assert_eq!(p["name"], "redress_tenant", "{table}");
        // For every command, reading and writing alike (no WITH CHECK: USING checks new rows).
        assert_eq!(p["cmd"], "ALL", "{table}");
        assert_eq!(p["with_check"], "", "{table}");
        assert_eq!(p["permissive"], "PERMISSIVE", "{table}");
        let qual = p["qual"].as_str().unwrap();
        assert!(
            qual.contains("landlord_id") && qual.contains("redress.landlord_id"),
            "{table}: {qual}"
        );
    }
    db.close().await.ok();
    drop_postgres_database(&url).await;
}
