//! Row-level security, the second line behind the store's `landlord_id` filters (issue
//! "Production", point 3; deploy/SCALING.md, "Row-level security"). PostgreSQL only: SQLite
//! has none. Every other test on PostgreSQL also runs the server as a role bound by the
//! policies (`helpers::SERVER_ROLE`), so a query that names no landlord fails them there.

use crate::complaints::intake;
use crate::helpers::*;
use redress_store::{Purpose, Scoped, TenantScope};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement, TransactionTrait};
use serde_json::json;
use uuid::Uuid;

async fn count(db: &impl ConnectionTrait, sql: &str) -> Result<i64, sea_orm::DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .expect("a row");
    row.try_get_by_index::<i64>(0)
}

async fn text(db: &impl ConnectionTrait, sql: &str) -> String {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .expect("a row")
        .try_get_by_index::<String>(0)
        .unwrap()
}

async fn landlord_id(owner: &DatabaseConnection, slug: &str) -> Uuid {
    let row = owner
        .query_one_raw(Statement::from_string(
            owner.get_database_backend(),
            format!("SELECT id FROM landlords WHERE slug = '{slug}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<Uuid>(0).unwrap()
}

/// The tables that carry a policy.
async fn policed_tables(owner: &DatabaseConnection) -> Vec<String> {
    owner
        .query_all_raw(Statement::from_string(
            owner.get_database_backend(),
            "SELECT tablename::text FROM pg_policies WHERE schemaname = 'public' ORDER BY 1",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_query_that_names_no_landlord_sees_nothing_and_writes_nothing() {
    if postgres_url().is_none() {
        return;
    }
    let app = spawn_app(Backend::Postgres).await;
    let (alpha, beta) = (app.landlord("alpha").await, app.landlord("beta").await);
    intake(&app, &alpha, json!({})).await;
    intake(&app, &alpha, json!({})).await;
    intake(&app, &beta, json!({})).await;
    let (alpha_id, beta_id) = (
        landlord_id(&app.db, "alpha").await,
        landlord_id(&app.db, "beta").await,
    );

    // One connection, so that whatever one transaction set would be seen by the next.
    let server = redress_store::db::connect_with(&app.settings.database_url, Some(1))
        .await
        .unwrap();
    assert_eq!(
        redress_store::db::row_security(&server).await.unwrap(),
        Ok(())
    );
    let owner_says = redress_store::db::row_security(&app.db).await.unwrap();
    assert!(
        owner_says.is_err(),
        "the owner is not bound: {owner_says:?}"
    );

    // Without a scope, every tenant table is empty to the server's role, and the queue's too.
    let tables = policed_tables(&app.db).await;
    assert!(tables.len() > 30, "{tables:?}");
    for table in &tables {
        let behind = count(&app.db, &format!("SELECT count(*) FROM \"{table}\""))
            .await
            .unwrap();
        let seen = count(&server, &format!("SELECT count(*) FROM \"{table}\""))
            .await
            .unwrap();
        assert_eq!(
            seen, 0,
            "{table}: {behind} rows, and a query without a scope sees some"
        );
    }
    assert_eq!(
        count(&app.db, "SELECT count(*) FROM complaints")
            .await
            .unwrap(),
        3
    );
    // Nor can it write: no landlord is named, so no row passes the policy.
    let refused = server
        .execute_unprepared(&format!(
            "INSERT INTO counters (landlord_id, name, value) VALUES ('{alpha_id}', 'test', 1)"
        ))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("row-level security"),
        "{refused}"
    );

    // Under alpha's scope, a query that forgets its filter still sees only alpha's rows...
    let as_alpha = Scoped::new(&server, TenantScope::for_system_task(alpha_id));
    assert_eq!(
        count(&as_alpha, "SELECT count(*) FROM complaints")
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        count(
            &as_alpha,
            &format!("SELECT count(*) FROM complaints WHERE landlord_id = '{beta_id}'")
        )
        .await
        .unwrap(),
        0
    );
    // ...and cannot write a row of beta's, nor move one of its own to beta.
    let txn = as_alpha.begin().await.unwrap();
    let refused = txn
        .execute_unprepared(&format!(
            "INSERT INTO counters (landlord_id, name, value) VALUES ('{beta_id}', 'test', 1)"
        ))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("row-level security"),
        "{refused}"
    );
    txn.rollback().await.unwrap();
    let moved = as_alpha
        .execute_unprepared(&format!(
            "UPDATE complaints SET landlord_id = '{beta_id}' WHERE landlord_id = '{alpha_id}'"
        ))
        .await
        .unwrap_err();
    assert!(moved.to_string().contains("row-level security"), "{moved}");
    let touched = as_alpha
        .execute_unprepared("DELETE FROM counters WHERE name = 'no such counter'")
        .await
        .unwrap();
    assert_eq!(touched.rows_affected(), 0);

    // The setting is the transaction's (SET LOCAL): the same pooled connection, used next
    // without a scope, sees nothing again.
    assert_eq!(
        count(&server, "SELECT count(*) FROM complaints")
            .await
            .unwrap(),
        0
    );
    let leftover = text(
        &server,
        "SELECT COALESCE(current_setting('redress.landlord_id', true), '')",
    )
    .await;
    assert_eq!(
        leftover, "",
        "the landlord's setting outlived its transaction"
    );

    // Across landlords only when asked for, by name.
    let across = Scoped::all_landlords(&server, Purpose::PlatformAdmin);
    assert_eq!(
        count(&across, "SELECT count(*) FROM complaints")
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        count(&server, "SELECT count(*) FROM complaints")
            .await
            .unwrap(),
        0
    );

    // A session-level setting is not how it works, and the server's role cannot turn the
    // policies off: neither owner nor BYPASSRLS.
    let off = server
        .execute_unprepared("ALTER TABLE complaints DISABLE ROW LEVEL SECURITY")
        .await
        .unwrap_err();
    assert!(off.to_string().contains("owner"), "{off}");
    server.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_still_keeps_each_landlord_to_its_own_under_the_policies() {
    if postgres_url().is_none() {
        return;
    }
    // The whole request path runs as the policed role: a case, its list and the dashboard
    // are there for their landlord and answer 404 or nothing for the other.
    let app = spawn_app(Backend::Postgres).await;
    let (alpha, beta) = (app.landlord("alpha").await, app.landlord("beta").await);
    let case = intake(&app, &alpha, json!({})).await;
    let id = case["id"].as_str().unwrap();
    let own = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}"),
            &alpha.admin().token,
        )
        .await,
        reqwest::StatusCode::OK,
    )
    .await;
    assert_eq!(own["id"], id);
    expect_problem(
        app.get(
            &format!("/api/v1/landlords/beta/complaints/{id}"),
            &beta.admin().token,
        )
        .await,
        reqwest::StatusCode::NOT_FOUND,
    )
    .await;
    let list = expect_status(
        app.get("/api/v1/landlords/beta/complaints", &beta.admin().token)
            .await,
        reqwest::StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    // Every scoped transaction and every transaction across landlords was the server's:
    // the role the server connects as is the policed one.
    let role = Database::connect(app.settings.database_url.as_str())
        .await
        .unwrap();
    let who = text(&role, "SELECT current_user::text").await;
    assert_eq!(who, SERVER_ROLE);
    role.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_platform_admins_work_across_landlords_goes_by_its_named_path() {
    if postgres_url().is_none() {
        return;
    }
    let app = spawn_app_with(
        Backend::Postgres,
        redress_server::config::Settings {
            metrics_token: Some("a metrics token for the rls test".into()),
            ..test_settings()
        },
    )
    .await;
    let (alpha, _beta) = (app.landlord("alpha").await, app.landlord("beta").await);
    intake(&app, &alpha, json!({})).await;
    // The platform admin's list of landlords with their usage counts every landlord's
    // complaints: across landlords, by the platform admin's path.
    let admin = app.platform_admin().await;
    let page = expect_status(
        app.get("/api/v1/platform/landlords", &admin.token).await,
        reqwest::StatusCode::OK,
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{page}");
    let alpha_usage = items.iter().find(|l| l["slug"] == "alpha").unwrap();
    assert_eq!(alpha_usage["complaints_total"], 1, "{alpha_usage}");
    let metrics = app
        .request(
            reqwest::Method::GET,
            "/metrics",
            Some("a metrics token for the rls test"),
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for purpose in ["platform_admin", "accounts"] {
        assert!(
            metrics.contains(&format!(
                "redress_all_landlords_transactions_total{{purpose=\"{purpose}\"}}"
            )),
            "{purpose} is not counted:\n{metrics}"
        );
    }
    assert!(
        metrics.contains("redress_row_level_security 1"),
        "{metrics}"
    );
}
