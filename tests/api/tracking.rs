//! A resident without an account (docs/rules.md, "What residents can do online"): complains
//! online, is emailed a private tracking link, follows the complaint, adds information and
//! asks for stage 2 without giving a reason (Code 1.3, 3.1, 3.6, 6.7).

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
    the_tracking_link_is_never_where_staff_can_read_it,
    staff_reissue_the_link_and_the_old_one_stops_working,
    a_link_expires_twelve_months_after_the_complaint_closes,
);

/// The token of the tracking link in a delivered message.
fn link_in(mail: &crate::smtp_sink::ReceivedMail) -> String {
    let body = mail.body_text();
    let start = body.find("/p/alpha/track/").expect("the tracking link") + "/p/alpha/track/".len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// A complaint made online, its tracking token (from the delivered email) and its id.
async fn complained(app: &TestApp, l: &Landlord, inbox: &mut Inbox) -> (String, String) {
    let receipt = expect_status(
        post(app, "/api/v1/public/alpha/complaints", &complaint()).await,
        StatusCode::CREATED,
    )
    .await;
    let token = link_in(&inbox.next().await);
    let list = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/alpha/complaints?q={}",
                receipt["reference"].as_str().unwrap()
            ),
            &l.user(Role::ComplaintsOfficer).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    (token, list["items"][0]["id"].as_str().unwrap().to_owned())
}

async fn the_tracking_link_is_never_where_staff_can_read_it(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let (token, id) = complained(&app, &l, &mut inbox).await;
    // Everything the landlord's people can read of the case: no link.
    for role in [Role::LandlordAdmin, Role::ComplaintsOfficer, Role::Mrc] {
        let t = &l.user(role).token;
        for rest in ["", "/correspondence", "/letters", "/timeline"] {
            let v = expect_status(
                app.get(&format!("/api/v1/landlords/alpha/complaints/{id}{rest}"), t)
                    .await,
                StatusCode::OK,
            )
            .await
            .to_string();
            assert!(!v.contains(&token), "{role} reads the link at {rest}: {v}");
        }
    }
    let letters = expect_status(
        app.get("/api/v1/landlords/alpha/letters", &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await
    .to_string();
    assert!(!letters.contains(&token));
    // The stored outbox message and the correspondence record say where it went instead.
    let stored = redress_store::outbox::recent(&app.db, 20).await.unwrap();
    assert!(stored.iter().all(|m| !m.text.contains(&token)));
    let correspondence = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}/correspondence"),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        correspondence
            .to_string()
            .contains(redress_store::outbox::LINK_PLACEHOLDER)
    );
    // Once sent, nothing keeps it: the sealed copy is cleared.
    for m in stored {
        assert_eq!(
            redress_store::outbox::sealed_link(&app.db, m.id)
                .await
                .unwrap(),
            None
        );
    }
}

async fn staff_reissue_the_link_and_the_old_one_stops_working(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    inbox.skip().await;
    let (old, id) = complained(&app, &l, &mut inbox).await;
    let reissue = format!("/api/v1/landlords/alpha/complaints/{id}/tracking-link");
    // The MRC reads; it does not re-issue.
    check_roles(
        &l,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer => Expect::Allowed,
            Role::CaseHandler | Role::Contractor => Expect::NotFound,
            _ => Expect::Forbidden,
        },
        |t| app.request(Method::POST, &reissue, Some(t)),
    )
    .await;
    // Each re-issue above sent a link; the latest is the one that works.
    let sent = inbox.all_new().await;
    assert_eq!(sent.len(), 2);
    for mail in &sent {
        assert!(
            mail.header("Subject").unwrap().contains("new link"),
            "{:?}",
            mail.header("Subject")
        );
    }
    // Only the latest link works (they may arrive in either order); the first no longer does.
    let mut working = 0;
    for mail in &sent {
        let status = get(
            &app,
            &format!("/api/v1/public/alpha/track/{}", link_in(mail)),
        )
        .await
        .status();
        assert!([StatusCode::OK, StatusCode::NOT_FOUND].contains(&status));
        working += usize::from(status == StatusCode::OK);
    }
    assert_eq!(working, 1);
    expect_problem(
        get(&app, &format!("/api/v1/public/alpha/track/{old}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let log = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/audit?kind=tracking_link.reissued&subject={id}"),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"].as_array().unwrap().len(), 2);
    // A resident who prefers letters is never posted a link: it is refused, saying why.
    let by_post = crate::complaints::intake(
        &app,
        &l,
        json!({"resident": {"name": "Pat Post", "address": "1 High Street", "preferred_contact": "letter"}}),
    )
    .await;
    let p = expect_problem(
        app.request(
            Method::POST,
            &format!(
                "/api/v1/landlords/alpha/complaints/{}/tracking-link",
                by_post["id"].as_str().unwrap()
            ),
            Some(&l.admin().token),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("email"));
}

async fn a_link_expires_twelve_months_after_the_complaint_closes(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let (token, id) = complained(&app, &l, &mut inbox).await;
    let track = format!("/api/v1/public/alpha/track/{token}");
    expect_status(get(&app, &track).await, StatusCode::OK).await;
    // Closed long ago: not accepted, with an effective date more than a year back.
    let closed = chrono::Utc::now().date_naive() - chrono::Duration::days(400);
    app.sql(
        "UPDATE complaints SET closed_on = $1, status = 'closed'",
        vec![closed.into()],
    )
    .await;
    let p = expect_problem(get(&app, &track).await, StatusCode::GONE).await;
    assert!(p["detail"].as_str().unwrap().contains("expired"), "{p}");
    // Nor is a new link sent: the complaint's page has gone for good.
    let p = expect_problem(
        app.request(
            Method::POST,
            &format!("/api/v1/landlords/alpha/complaints/{id}/tracking-link"),
            Some(&l.admin().token),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("twelve months"),
        "{p}"
    );
}

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
