//! A resident without an account (SPEC sections 7 and 8): complains online, is emailed a
//! private tracking link, follows the complaint, adds information and asks for stage 2
//! without giving a reason (Code 1.3, 3.1, 3.6, 6.7).

use crate::complaints::{acknowledgement, act_ok, response};
use crate::helpers::*;
use crate::letters::Inbox;
use redress_domain::roles::Role;
use redress_server::config::Settings;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_resident_complains_online_and_follows_it_to_stage_2,
    bad_online_complaints_are_refused_and_record_nothing,
    the_online_form_and_tracking_are_rate_limited,
);

fn complaint() -> Value {
    json!({
        "resident": {"name": "Aisha Khan", "email": "aisha@example.org", "phone": "020 7946 0018",
                     "address": "Flat 4, 9 Mill Lane, London N4 1AA", "preferred_contact": "email"},
        "description": "Water has been coming through my bathroom ceiling for a month.",
        "outcomes_sought": "Fix the leak and repaint the ceiling.",
        "adjustments_needed": "Please phone after 2pm; I work mornings.",
    })
}

async fn post(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    app.request(Method::POST, path, None)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.request(Method::GET, path, None).send().await.unwrap()
}

async fn a_resident_complains_online_and_follows_it_to_stage_2(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();

    let receipt = expect_status(
        post(&app, "/api/v1/public/alpha/complaints", &complaint()).await,
        StatusCode::CREATED,
    )
    .await;
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    assert_eq!(receipt["tracking_link_sent"], "by email");
    assert!(receipt["acknowledge_by"].is_string());
    let mail = inbox.next().await;
    assert_eq!(mail.rcpt_to, ["aisha@example.org"]);
    let body = mail.body_text();
    let start = body.find("/p/alpha/track/").expect("the tracking link") + "/p/alpha/track/".len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let track = format!("/api/v1/public/alpha/track/{token}");

    let t = expect_status(get(&app, &track).await, StatusCode::OK).await;
    assert_eq!(t["reference"], reference);
    assert_eq!(t["status"], "received");
    assert_eq!(t["stages"].as_array().unwrap().len(), 1);
    assert_eq!(t["letters"].as_array().unwrap().len(), 1);
    assert!(
        t["letters"][0]["text"]
            .as_str()
            .unwrap()
            .contains(&reference),
        "the resident reads the letter itself"
    );
    assert_eq!(t["can_escalate"], false);
    assert!(
        t["ombudsman_contact"]
            .as_str()
            .unwrap()
            .contains("Ombudsman")
            || t["ombudsman_name"].as_str().unwrap().contains("Ombudsman")
    );
    for staff in ["handler_id", "contractor_id", "responded_by", "flags"] {
        assert!(
            t.get(staff).is_none() && t["stages"][0].get(staff).is_none(),
            "no {staff}"
        );
    }

    // The complaints team sees it as an online complaint asking for adjustments.
    let list = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints?q={reference}"),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let case = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}"),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(case["channel"], "online");
    let flags = case["flags"].to_string();
    assert!(
        flags.contains("adjustments_requested") && flags.contains("online"),
        "{flags}"
    );
    let timeline = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}/timeline"),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        timeline.to_string().contains("Please phone after 2pm"),
        "{timeline}"
    );

    // Information added online is kept as correspondence received.
    expect_status(
        post(
            &app,
            &format!("{track}/information"),
            &json!({"description": "Photos sent by post today."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let corr = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}/correspondence"),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        corr.to_string().contains("Photos sent by post today."),
        "{corr}"
    );
    let empty = expect_problem(
        post(
            &app,
            &format!("{track}/information"),
            &json!({"description": " "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&empty), vec!["description"]);

    // Stage 2 is not open until stage 1 is answered; then no reason is needed (Code 6.7).
    let early = expect_problem(
        post(&app, &format!("{track}/escalate"), &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(early["detail"].is_string());
    act_ok(&app, &l, &id, "acknowledge", acknowledgement(&today())).await;
    act_ok(&app, &l, &id, "respond", response(&today())).await;
    let t = expect_status(get(&app, &track).await, StatusCode::OK).await;
    assert_eq!(t["can_escalate"], true);
    assert!(t["stages"][0]["decision"].is_string());
    let t = expect_status(
        post(&app, &format!("{track}/escalate"), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(t["status"], "stage2_requested");
    assert_eq!(t["stages"].as_array().unwrap().len(), 2);
    assert_eq!(t["can_escalate"], false);
    let case = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}"),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(case["status"], "stage2_requested");
    expect_problem(
        post(&app, &format!("{track}/escalate"), &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;

    // A link works only for its own landlord and complaint.
    let _beta = app.landlord("beta").await;
    expect_problem(
        get(&app, &format!("/api/v1/public/beta/track/{token}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        get(&app, "/api/v1/public/alpha/track/not-a-token").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        post(
            &app,
            "/api/v1/public/alpha/track/not-a-token/escalate",
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn bad_online_complaints_are_refused_and_record_nothing(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let count = || async {
        expect_status(
            app.get("/api/v1/landlords/alpha/complaints", &officer)
                .await,
            StatusCode::OK,
        )
        .await["items"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = count().await;
    let mut bad = complaint();
    bad["resident"]["name"] = json!("");
    bad["description"] = json!("  ");
    bad["representative"] =
        json!({"name": "Sam Khan", "relationship": "brother", "consent": false});
    let p = expect_problem(
        post(&app, "/api/v1/public/alpha/complaints", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let named = fields(&p);
    for f in ["representative.consent", "resident.name", "description"] {
        assert!(
            named.contains(&f.to_owned()),
            "every bad field at once: {named:?}"
        );
    }
    // The landlord must be able to reply (Code 3.1).
    let unreachable =
        json!({"resident": {"name": "No Contact"}, "description": "The lift is broken."});
    let p = expect_problem(
        post(&app, "/api/v1/public/alpha/complaints", &unreachable).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), vec!["resident.email"]);
    let mut bad = complaint();
    bad["resident"]["name"] = json!("");
    bad["description"] = json!("  ");
    let p = expect_problem(
        post(&app, "/api/v1/public/alpha/complaints", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let named = fields(&p);
    assert!(
        named.contains(&"description".to_owned()) && named.contains(&"resident.name".to_owned()),
        "{named:?}"
    );
    assert_eq!(count().await, before);
    // With consent, a representative may complain for the resident.
    let mut with = complaint();
    with["representative"] = json!({"name": "Sam Khan", "relationship": "brother", "email": "sam@example.org", "consent": true});
    expect_status(
        post(&app, "/api/v1/public/alpha/complaints", &with).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(count().await, before + 1);
    // No such landlord.
    expect_problem(
        post(&app, "/api/v1/public/nobody/complaints", &complaint()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn the_online_form_and_tracking_are_rate_limited(app: TestApp) {
    let limited = spawn_app_with(
        app.backend,
        Settings {
            public_rate_per_second: 1,
            public_burst: 2,
            ..test_settings()
        },
    )
    .await;
    let _l = limited.landlord("alpha").await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            post(&limited, "/api/v1/public/alpha/complaints", &complaint())
                .await
                .status(),
        );
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(get(&limited, "/api/v1/public/alpha/track/x").await.status());
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
