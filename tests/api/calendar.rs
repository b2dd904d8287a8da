use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

db_tests!(
    every_deadline_example_of_the_spec_holds_through_the_api,
    a_deadline_explains_the_days_it_skipped,
    bad_calendar_queries_name_the_field,
    every_member_may_compute_a_deadline,
    a_deployment_may_replace_the_bank_holiday_file,
);

async fn due(app: &TestApp, token: &str, from: &str, n: u32) -> serde_json::Value {
    expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/calendar/due?from={from}&working_days={n}"),
            token,
        )
        .await,
        StatusCode::OK,
    )
    .await
}

/// docs/rules.md, "Working days and deadlines": "within N working days of X" is the N-th
/// working day after X.
async fn every_deadline_example_of_the_spec_holds_through_the_api(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = &l.admin().token;
    let examples = [
        ("2024-12-20", 5, "2024-12-31"),
        ("2024-12-20", 10, "2025-01-08"),
        ("2024-12-20", 20, "2025-01-22"),
        ("2024-12-31", 5, "2025-01-08"),
        ("2024-12-31", 10, "2025-01-15"),
        ("2024-12-31", 20, "2025-01-29"),
        ("2025-01-04", 5, "2025-01-10"),
        ("2025-04-17", 5, "2025-04-28"),
        ("2025-04-17", 10, "2025-05-06"),
    ];
    for (from, n, expected) in examples {
        assert_eq!(due(&app, t, from, n).await["due"], expected, "{from} + {n}");
    }
}

async fn a_deadline_explains_the_days_it_skipped(app: TestApp) {
    let l = app.landlord("alpha").await;
    let d = due(&app, &l.admin().token, "2024-12-20", 5).await;
    assert_eq!(
        d,
        json!({"from": "2024-12-20", "working_days": 5, "due": "2024-12-31", "skipped": [
            {"date": "2024-12-21", "reason": "weekend (Saturday)"},
            {"date": "2024-12-22", "reason": "weekend (Sunday)"},
            {"date": "2024-12-25", "reason": "bank holiday: Christmas Day"},
            {"date": "2024-12-26", "reason": "bank holiday: Boxing Day"},
            {"date": "2024-12-28", "reason": "weekend (Saturday)"},
            {"date": "2024-12-29", "reason": "weekend (Sunday)"},
        ]})
    );
}

async fn bad_calendar_queries_name_the_field(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = &l.admin().token;
    let p = expect_problem(
        app.get(
            "/api/v1/landlords/alpha/calendar/due?from=2025-02-30&working_days=five",
            t,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["from", "working_days"]);
    let p = expect_problem(
        app.get("/api/v1/landlords/alpha/calendar/due", t).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["from", "working_days"]);
    let p = expect_problem(
        app.get(
            "/api/v1/landlords/alpha/calendar/due?from=2025-01-01&working_days=400",
            t,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["working_days"]);
}

async fn every_member_may_compute_a_deadline(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    check_access(&a, &b, &platform, &Role::MEMBERSHIP, |t| {
        app.request(
            Method::GET,
            "/api/v1/landlords/alpha/calendar/due?from=2025-01-04&working_days=5",
            Some(t),
        )
    })
    .await;
}

/// `REDRESS_BANK_HOLIDAYS_FILE` replaces the shipped data (here with an extra holiday).
async fn a_deployment_may_replace_the_bank_holiday_file(app: TestApp) {
    let mut settings = test_settings();
    std::fs::create_dir_all(&settings.data_dir).unwrap();
    let file = settings.data_dir.join("holidays.json");
    std::fs::write(
        &file,
        r#"{"division": "england-and-wales", "events": [
            {"title": "New Year's Day", "date": "2025-01-01"},
            {"title": "Extra day", "date": "2025-01-07"}]}"#,
    )
    .unwrap();
    settings.bank_holidays_file = Some(file);
    let app = spawn_app_with(app.backend, settings).await;
    let l = app.landlord("alpha").await;
    let d = due(&app, &l.admin().token, "2025-01-04", 5).await;
    assert_eq!(d["due"], "2025-01-13");
    assert!(
        d["skipped"]
            .as_array()
            .unwrap()
            .contains(&json!({"date": "2025-01-07", "reason": "bank holiday: Extra day"}))
    );
}
