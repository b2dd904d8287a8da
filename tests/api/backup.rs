//! Backups (issue "Production", point 4): a backup restored into an empty database gives the
//! same cases, figures, audit log and attachments. SQLite through `redress backup` and
//! `redress restore`; PostgreSQL through `pg_dump -Fc` and `pg_restore`, as deploy/README.md
//! says, with the attachments through `--attachments-only`.

use crate::attachments::{PDF, upload_pdf};
use crate::complaints::intake;
use crate::helpers::*;
use redress_domain::roles::Role;
use redress_server::backup;
use redress_server::config::Settings;
use reqwest::StatusCode;
use sea_orm::{DatabaseBackend, DatabaseConnection, FromQueryResult, JsonValue};
use serde_json::json;
use std::path::Path;

db_tests!(a_backup_restores_the_same_cases_figures_audit_log_and_attachments);

/// Every row of every table, each table's rows in a stable order.
pub async fn every_row(db: &DatabaseConnection) -> Vec<(String, Vec<String>)> {
    let backend = db.get_database_backend();
    let tables_sql = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => "SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    };
    let tables = JsonValue::find_by_statement(sea_orm::Statement::from_string(backend, tables_sql))
        .all(db)
        .await
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let name = t["t"].as_str().unwrap().to_owned();
        let rows = JsonValue::find_by_statement(sea_orm::Statement::from_string(
            backend,
            format!("SELECT * FROM \"{name}\""),
        ))
        .all(db)
        .await
        .unwrap_or_else(|e| panic!("reading {name}: {e}"));
        let mut rows: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
        rows.sort();
        out.push((name, rows));
    }
    out
}

/// Landlord `alpha` with a complaint, a PDF attached to it, and the MRC's audited reading of
/// it: the landlord, the complaint's id and the attachment.
async fn a_case_with_an_attachment_read_by_the_mrc(
    app: &TestApp,
) -> (Landlord, String, serde_json::Value) {
    let l = app.landlord("alpha").await;
    let c = intake(app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let a = upload_pdf(app, &l, &id, "letter.pdf").await;
    let mrc = &l.user(Role::Mrc).token;
    expect_status(
        app.get(&format!("/api/v1/landlords/alpha/complaints/{id}"), mrc)
            .await,
        StatusCode::OK,
    )
    .await;
    (l, id, a)
}

async fn attachment_bytes(app: &TestApp, token: &str, id: &str, a: &serde_json::Value) -> Vec<u8> {
    let path = format!(
        "/api/v1/landlords/alpha/complaints/{id}/attachments/{}",
        a["id"].as_str().unwrap()
    );
    app.request(reqwest::Method::GET, &path, Some(token))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("redress-{what}-{}", uuid::Uuid::new_v4()))
}

fn run(cmd: &mut std::process::Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Backs the app up and restores it into a new database and data folder; their settings.
async fn backup_and_restore(app: &TestApp, folder: &Path) -> Settings {
    let data_dir = temp_dir("restored");
    match app.backend {
        Backend::Sqlite => {
            let r = backup::backup(&app.settings, &app.db, folder, false)
                .await
                .unwrap();
            assert_eq!(r.attachments, 1);
            // The copy holds password hashes and sealed secrets: its owner's alone.
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(folder), 0o700);
            assert_eq!(mode(&folder.join(backup::DATABASE_FILE)), 0o600);
            // A second backup into the same folder is refused.
            let again = backup::backup(&app.settings, &app.db, folder, false)
                .await
                .unwrap_err();
            assert!(again.to_string().contains("not empty"), "{again}");
            let settings = Settings {
                database_url: format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("redress.db").display()
                ),
                data_dir,
                listen: "127.0.0.1:0".into(),
                ..app.settings.clone()
            };
            let r = backup::restore(&settings, folder, false).await.unwrap();
            assert_eq!(r.attachments, 1);
            settings
        }
        Backend::Postgres => {
            // Without --attachments-only, the command says how PostgreSQL is backed up.
            let refused = backup::backup(&app.settings, &app.db, folder, false)
                .await
                .unwrap_err();
            assert!(refused.to_string().contains("pg_dump"), "{refused}");
            let dump = folder.with_extension("dump");
            // As the tables' owner: row-level security hides every row from the server's role.
            let owner = app.settings.migration_database_url.clone().unwrap();
            run(std::process::Command::new("pg_dump")
                .args(["-Fc", "-f"])
                .arg(&dump)
                .arg(&owner));
            let restored_url = fresh_postgres_database().await;
            run(std::process::Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "-d", &restored_url])
                .arg(&dump));
            let _ = std::fs::remove_file(&dump);
            backup::backup(&app.settings, &app.db, folder, true)
                .await
                .unwrap();
            let settings = Settings {
                database_url: as_server_role(&restored_url).await,
                migration_database_url: Some(restored_url),
                data_dir,
                listen: "127.0.0.1:0".into(),
                ..app.settings.clone()
            };
            let r = backup::restore(&settings, folder, true).await.unwrap();
            assert_eq!(r.attachments, 1);
            settings
        }
    }
}

async fn a_backup_restores_the_same_cases_figures_audit_log_and_attachments(app: TestApp) {
    let (l, id, a) = a_case_with_an_attachment_read_by_the_mrc(&app).await;

    let folder = temp_dir("backup");
    let settings = backup_and_restore(&app, &folder).await;
    let restored = spawn_alongside(&app, settings).await;

    // Every table, row for row: cases, events, figures' roll-up, audit log, accounts.
    let (before, after) = (every_row(&app.db).await, every_row(&restored.db).await);
    assert_eq!(before.len(), after.len());
    for ((table, rows), (table_after, rows_after)) in before.iter().zip(&after) {
        assert_eq!(table, table_after);
        assert_eq!(rows, rows_after, "{table} differs after the restore");
    }
    assert!(
        before
            .iter()
            .any(|(t, rows)| t == "audit_log" && !rows.is_empty())
    );

    // What people see: the audit log, the figures, the case and its attachment.
    let admin = &l.admin().token;
    for path in [
        "/api/v1/landlords/alpha/audit".to_owned(),
        "/api/v1/landlords/alpha/dashboard".to_owned(),
        format!("/api/v1/landlords/alpha/complaints/{id}"),
        format!("/api/v1/landlords/alpha/complaints/{id}/attachments"),
    ] {
        let was = expect_status(app.get(&path, admin).await, StatusCode::OK).await;
        let is = expect_status(restored.get(&path, admin).await, StatusCode::OK).await;
        assert_eq!(was, is, "{path}");
    }
    assert_eq!(attachment_bytes(&restored, admin, &id, &a).await, PDF);
    let _ = std::fs::remove_dir_all(&folder);
    if app.backend == Backend::Postgres {
        drop_postgres_database(&restored.settings.database_url).await;
    }
}

/// Timestamps to the second: SQLite keeps nanoseconds, PostgreSQL microseconds.
fn to_the_second(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => match chrono::DateTime::parse_from_rfc3339(&s) {
            Ok(t) if s.len() > 20 => Value::String(t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()),
            _ => Value::String(s),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(to_the_second).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, to_the_second(v)))
                .collect(),
        ),
        other => other,
    }
}

/// A landlord that began on SQLite moves to PostgreSQL with `redress copy-to-postgres`, and
/// the PostgreSQL server shows the same cases, figures, audit log, people and attachments.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_deployment_moves_to_postgresql() {
    if postgres_url().is_none() {
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    let (l, id, a) = a_case_with_an_attachment_read_by_the_mrc(&app).await;

    let url = fresh_postgres_database().await;
    let target = redress_store::db::connect(&url).await.unwrap();
    // Two rows a statement, so every table of more than two rows takes several.
    let report = redress_server::copy::copy_in_batches(&app.db, &target, 2)
        .await
        .unwrap();
    // Every table's rows, counted on both sides.
    for (table, rows) in &every_row(&app.db).await {
        if table == "seaql_migrations" {
            continue;
        }
        let copied = report.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
        assert_eq!(copied, Some(rows.len() as u64), "{table}");
    }
    assert!(report.iter().any(|(t, n)| t == "complaints" && *n > 0));
    // A second copy into the same database is refused: it is no longer empty.
    let again = redress_server::copy::copy_to_postgres(&app.db, &target)
        .await
        .unwrap_err();
    assert!(again.to_string().contains("empty"), "{again}");
    target.close().await.ok();

    let moved = spawn_alongside(
        &app,
        Settings {
            database_url: url.clone(),
            migration_database_url: None,
            listen: "127.0.0.1:0".into(),
            ..app.settings.clone()
        },
    )
    .await;
    let admin = &l.admin().token;
    for path in [
        "/api/v1/landlords/alpha/audit".to_owned(),
        "/api/v1/landlords/alpha/dashboard".to_owned(),
        "/api/v1/landlords/alpha/complaints".to_owned(),
        format!("/api/v1/landlords/alpha/complaints/{id}"),
        format!("/api/v1/landlords/alpha/complaints/{id}/timeline"),
        format!("/api/v1/landlords/alpha/complaints/{id}/attachments"),
        "/api/v1/landlords/alpha/users".to_owned(),
        "/api/v1/landlords/alpha/residents".to_owned(),
    ] {
        let was = expect_status(app.get(&path, admin).await, StatusCode::OK).await;
        let is = expect_status(moved.get(&path, admin).await, StatusCode::OK).await;
        assert_eq!(to_the_second(was), to_the_second(is), "{path}");
    }
    assert_eq!(attachment_bytes(&moved, admin, &id, &a).await, PDF);
    drop_postgres_database(&url).await;
}
