//! Email delivery that loses nothing, over the real SMTP sink: a message that keeps failing
//! becomes a dead letter a landlord admin sees and sends again; an address the server refuses
//! for good fails at once and is marked as bounced on the user or resident; an SMTP server
//! that goes away and comes back gets every queued message exactly once.

use crate::helpers::*;
use crate::outbox::{drain, invite, smtp};
use crate::smtp_sink::SmtpSink;
use redress_domain::roles::Role;
use redress_notify::OutboxWorker;
use redress_store::{OutgoingEmail, TenantScope, outbox};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;
use uuid::Uuid;

db_tests!(
    a_message_that_keeps_failing_is_a_dead_letter_an_admin_sends_again_once,
    a_recipient_refused_for_good_fails_at_once_and_shows_as_bounced_on_the_user,
    a_residents_bounced_address_shows_until_the_address_changes,
    an_smtp_server_that_goes_away_and_comes_back_gets_every_message_once,
    only_a_landlord_admin_sees_and_retries_the_landlords_outbox,
    outbox_queries_are_checked_and_paged_newest_first,
);

fn outbox_path(l: &Landlord, rest: &str) -> String {
    format!("/api/v1/landlords/{}/outbox{rest}", l.slug)
}

async fn list(app: &TestApp, l: &Landlord, query: &str) -> Vec<Value> {
    let page = expect_status(
        app.get(&outbox_path(l, query), &l.admin().token).await,
        StatusCode::OK,
    )
    .await;
    page["items"].as_array().unwrap().clone()
}

async fn retry(app: &TestApp, l: &Landlord, id: &str) -> reqwest::Response {
    app.post(
        &outbox_path(l, &format!("/{id}/retry")),
        Some(&l.admin().token),
        &json!({}),
    )
    .await
}

/// A worker honouring `email_max_attempts` as the server's own does.
fn worker_with_attempts(app: &TestApp, sink: &SmtpSink, attempts: u32) -> OutboxWorker {
    let mut settings = test_settings();
    settings.email_max_attempts = attempts;
    redress_server::startup::outbox_worker(&settings, app.server_db.clone(), smtp(sink)).unwrap()
}

fn delivered_to(sink: &SmtpSink, address: &str) -> usize {
    sink.messages()
        .iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r == address))
        .count()
}

async fn landlord_id(app: &TestApp, slug: &str) -> Uuid {
    redress_store::landlords::find_by_slug(&app.db, slug)
        .await
        .unwrap()
        .id
}

async fn a_message_that_keeps_failing_is_a_dead_letter_an_admin_sends_again_once(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = worker_with_attempts(&app, &sink, 2);
    assert_eq!(worker.max_attempts(), 2);
    let l = app.landlord("alpha").await;
    let fixture = drain(&worker).await;
    assert!(fixture > 0);
    assert!(list(&app, &l, "?status=failed").await.is_empty());

    sink.set_failing(true);
    invite(&app, &l, "dead.letter@alpha.test").await;
    assert_eq!(drain(&worker).await, 0);
    let first = outbox::recent(&app.db, 1).await.unwrap().remove(0);
    assert_eq!((first.status.as_str(), first.attempts), ("pending", 1));
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 0);
    let dead = outbox::recent(&app.db, 1).await.unwrap().remove(0);
    assert_eq!((dead.status.as_str(), dead.attempts), ("failed", 2));
    // Monitoring sees the dead letter and no backlog.
    let health = outbox::health(&app.db).await.unwrap();
    assert_eq!((health.pending, health.dead), (0, 1));
    // Given up: not tried again, however long we wait.
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 0);
    assert_eq!(outbox::recent(&app.db, 1).await.unwrap()[0].attempts, 2);

    // The admin sees the dead letter, without its body.
    let failed = list(&app, &l, "?status=failed").await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    let item = &failed[0];
    assert_eq!(item["id"], dead.id.to_string());
    assert_eq!(item["to"], "dead.letter@alpha.test");
    assert_eq!(
        item["subject"],
        "You are invited to alpha homes's complaints portal"
    );
    assert_eq!(item["status"], "failed");
    assert_eq!(item["attempts"], 2);
    assert!(
        item["last_error"].as_str().unwrap().contains("451"),
        "{item}"
    );
    assert!(item["created_at"].is_string());
    assert!(item["sent_at"].is_null());
    assert!(item["next_attempt_at"].is_string());
    let keys: Vec<&String> = item.as_object().unwrap().keys().collect();
    assert!(
        !keys
            .iter()
            .any(|k| ["text", "body", "html", "text_body"].contains(&k.as_str())),
        "the body is never shown: {keys:?}"
    );
    let sent = list(&app, &l, "?status=sent").await;
    assert_eq!(sent.len(), fixture);
    assert!(
        sent.iter()
            .all(|m| m["status"] == "sent" && m["sent_at"].is_string())
    );
    assert_eq!(list(&app, &l, "").await.len(), fixture + 1);

    // Sent again: back to pending, due now, attempts counted afresh; audited.
    sink.set_failing(false);
    let retried = expect_status(
        retry(&app, &l, item["id"].as_str().unwrap()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(retried["status"], "pending");
    assert_eq!(retried["attempts"], 0);
    let audit = expect_status(
        app.get(
            "/api/v1/landlords/alpha/audit?kind=outbox.retry",
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entries = audit["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["subject_id"], dead.id.to_string());
    assert_eq!(entries[0]["actor_id"], l.admin().id.to_string());
    assert_eq!(entries[0]["detail"]["to"], "dead.letter@alpha.test");

    // Delivered exactly once.
    assert_eq!(drain(&worker).await, 1);
    sink.wait_for(fixture + 1, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(delivered_to(&sink, "dead.letter@alpha.test"), 1);
    assert!(list(&app, &l, "?status=failed").await.is_empty());
    let now_sent = outbox::recent(&app.db, 1).await.unwrap().remove(0);
    assert_eq!((now_sent.status.as_str(), now_sent.attempts), ("sent", 1));

    // A sent message cannot be retried, and nothing goes twice.
    let problem = expect_problem(
        retry(&app, &l, item["id"].as_str().unwrap()).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        problem["detail"],
        "only a message that has failed can be retried"
    );
    let problem = expect_problem(
        retry(&app, &l, sent[0]["id"].as_str().unwrap()).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(problem["detail"].as_str().unwrap().contains("failed"));
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 0);
    assert_eq!(delivered_to(&sink, "dead.letter@alpha.test"), 1);
    assert_eq!(sink.messages().len(), fixture + 1);
}

async fn a_recipient_refused_for_good_fails_at_once_and_shows_as_bounced_on_the_user(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    drain(&worker).await;
    let before = sink.messages().len();

    sink.reject_recipient("Gone.Away@alpha.test");
    let token = invite(&app, &a, "gone.away@alpha.test").await;
    assert_eq!(drain(&worker).await, 0);
    let bounced = outbox::recent(&app.db, 1).await.unwrap().remove(0);
    assert_eq!(bounced.to, "gone.away@alpha.test");
    assert_eq!(
        (bounced.status.as_str(), bounced.attempts),
        ("failed", 1),
        "a permanent refusal is not retried"
    );
    let error = bounced.last_error.clone().unwrap();
    assert!(error.contains("550"), "{error}");
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 0);
    assert_eq!(sink.messages().len(), before);
    let failed = list(&app, &a, "?status=failed").await;
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["to"], "gone.away@alpha.test");

    // The invitation was handed over by other means; the user's address is marked.
    app.accept(&token, "gone.away@alpha.test", "Gone Away")
        .await;
    let users = expect_status(
        app.get("/api/v1/landlords/alpha/users", &a.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let users = users["items"].as_array().unwrap();
    let gone = users
        .iter()
        .find(|u| u["email"] == "gone.away@alpha.test")
        .unwrap();
    let on: chrono::NaiveDate = gone["email_bounced"]["occurred_on"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let utc_today = chrono::Utc::now().date_naive();
    assert!(
        (on - utc_today).num_days().abs() <= 1,
        "the day of the bounce, UK time: {on}"
    );
    assert!(
        gone["email_bounced"]["reason"]
            .as_str()
            .unwrap()
            .contains("550"),
        "{gone}"
    );
    assert!(
        users
            .iter()
            .filter(|u| u["email"] != "gone.away@alpha.test")
            .all(|u| u["email_bounced"].is_null()),
        "{users:?}"
    );

    // The same person at another landlord: the bounce was alpha's, not bravo's. They
    // accept signed in, as an existing account does.
    let token = invite(&app, &b, "gone.away@alpha.test").await;
    let gone_away = app.login_ok("gone.away@alpha.test", PASSWORD).await;
    app.accept_signed_in(&token, &gone_away).await;
    let users = expect_status(
        app.get("/api/v1/landlords/bravo/users", &b.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let at_bravo = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "gone.away@alpha.test")
        .unwrap()
        .clone();
    assert!(at_bravo["email_bounced"].is_null(), "{at_bravo}");
}

async fn a_residents_bounced_address_shows_until_the_address_changes(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    drain(&worker).await;
    let residents = "/api/v1/landlords/alpha/residents";
    let ann = expect_status(
        app.post(
            residents,
            Some(officer),
            &json!({"name": "Ann Smith", "email": "ann.smith@example.org"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert!(ann["email_bounced"].is_null());
    let bob = expect_status(
        app.post(
            residents,
            Some(officer),
            &json!({"name": "Bob Jones", "email": "bob@example.org"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let ann_path = format!("{residents}/{}", ann["id"].as_str().unwrap());

    // A letter to Ann is refused for good.
    sink.reject_recipient("ann.smith@example.org");
    let alpha = landlord_id(&app, "alpha").await;
    outbox::enqueue(
        &app.db,
        Some(alpha),
        OutgoingEmail {
            to: "Ann.Smith@example.org".into(),
            subject: "Your complaint".into(),
            text: "We have received your complaint.".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(drain(&worker).await, 0);

    let read = expect_status(app.get(&ann_path, officer).await, StatusCode::OK).await;
    assert!(
        read["email_bounced"]["reason"]
            .as_str()
            .unwrap()
            .contains("550"),
        "{read}"
    );
    assert!(read["email_bounced"]["occurred_on"].is_string());
    let page = expect_status(app.get(residents, officer).await, StatusCode::OK).await;
    let items = page["items"].as_array().unwrap();
    let by_name: BTreeMap<&str, &Value> = items
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), &r["email_bounced"]))
        .collect();
    assert!(by_name["Ann Smith"].is_object(), "{page}");
    assert!(by_name["Bob Jones"].is_null(), "{page}");
    let mrc = expect_status(
        app.get(&ann_path, &l.user(Role::Mrc).token).await,
        StatusCode::OK,
    )
    .await;
    assert!(mrc["email_bounced"].is_object());

    // Another landlord's bounce of the same address is not Ann's.
    let b = app.landlord("bravo").await;
    let bravo = landlord_id(&app, "bravo").await;
    redress_store::bounces::record(&app.db, Some(bravo), "bob@example.org", "550", None)
        .await
        .unwrap();
    let bob_read = expect_status(
        app.get(
            &format!("{residents}/{}", bob["id"].as_str().unwrap()),
            officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(bob_read["email_bounced"].is_null());
    let latest = redress_store::bounces::latest(
        &app.db,
        TenantScope::for_system_task(alpha),
        "ANN.SMITH@EXAMPLE.ORG",
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(latest.address, "ann.smith@example.org");
    assert!(
        redress_store::bounces::latest(
            &app.db,
            TenantScope::for_system_task(bravo),
            "ann.smith@example.org"
        )
        .await
        .unwrap()
        .is_none()
    );
    drop(b);

    // A changed address is no longer marked.
    let changed = expect_status(
        app.patch(&ann_path, officer, &json!({"email": "ann@newmail.example"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(changed["email_bounced"].is_null(), "{changed}");
    let read = expect_status(app.get(&ann_path, officer).await, StatusCode::OK).await;
    assert!(read["email_bounced"].is_null());
}

async fn an_smtp_server_that_goes_away_and_comes_back_gets_every_message_once(app: TestApp) {
    let first = SmtpSink::start().await.unwrap();
    let port = first.port();
    let worker = OutboxWorker::new(app.server_db.clone(), smtp(&first), app.data_key.clone());
    let l = app.landlord("alpha").await;
    drain(&worker).await;

    // Some go while the server is up...
    for i in 0..3 {
        invite(&app, &l, &format!("early{i}@alpha.test")).await;
    }
    assert_eq!(drain(&worker).await, 3);
    first.wait_for(1, Duration::from_secs(10)).await.unwrap();
    let early = first.messages();

    // ...then it stops: connections are refused while more are queued.
    for i in 0..4 {
        invite(&app, &l, &format!("during{i}@alpha.test")).await;
    }
    drop(first);
    assert_eq!(drain(&worker).await, 0);
    for i in 0..3 {
        invite(&app, &l, &format!("late{i}@alpha.test")).await;
    }
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 0);
    assert_eq!(outbox::pending_count(&app.db).await.unwrap(), 7);
    let queued = outbox::recent(&app.db, 7).await.unwrap();
    assert!(
        queued
            .iter()
            .all(|m| m.status == "pending" && m.last_error.is_some()),
        "{queued:?}"
    );

    // It comes back on the same port: everything queued goes, exactly once.
    let second = SmtpSink::start_on(port).await.unwrap();
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 7);
    let late = second.wait_for(7, Duration::from_secs(10)).await.unwrap();
    assert_eq!(outbox::pending_count(&app.db).await.unwrap(), 0);
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 0);

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for m in early.iter().chain(second.messages().iter()) {
        for r in &m.rcpt_to {
            *counts.entry(r.clone()).or_default() += 1;
        }
    }
    let expected: Vec<String> = (0..3)
        .map(|i| format!("early{i}@alpha.test"))
        .chain((0..4).map(|i| format!("during{i}@alpha.test")))
        .chain((0..3).map(|i| format!("late{i}@alpha.test")))
        .collect();
    for address in &expected {
        assert_eq!(counts.get(address), Some(&1), "{address}: {counts:?}");
    }
    assert_eq!(late.len(), 7);
    assert!(list(&app, &l, "?status=failed").await.is_empty());
}

async fn only_a_landlord_admin_sees_and_retries_the_landlords_outbox(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    drain(&worker).await;
    sink.reject_recipient("nobody@alpha.test");
    invite(&app, &a, "nobody@alpha.test").await;
    drain(&worker).await;
    let failed = list(&app, &a, "?status=failed").await;
    let id = failed[0]["id"].as_str().unwrap().to_owned();

    let admins_only = |role: Role| {
        if role == Role::LandlordAdmin {
            Expect::Allowed
        } else {
            Expect::Forbidden
        }
    };
    check_roles(&a, &b, &platform, admins_only, |t| {
        app.request(Method::GET, &outbox_path(&a, "?status=failed"), Some(t))
    })
    .await;
    check_roles(&a, &b, &platform, admins_only, |t| {
        app.request(
            Method::POST,
            &outbox_path(&a, &format!("/{id}/retry")),
            Some(t),
        )
    })
    .await;

    // Another landlord's admin never sees alpha's mail, even through their own landlord.
    let bravo_all = list(&app, &b, "").await;
    assert!(!bravo_all.is_empty());
    assert!(
        bravo_all
            .iter()
            .all(|m| m["to"].as_str().unwrap().ends_with("@bravo.test"))
    );
    expect_problem(retry(&app, &b, &id).await, StatusCode::NOT_FOUND).await;
    expect_problem(
        retry(&app, &a, &Uuid::now_v7().to_string()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // The admin's retry put it back in the queue; bravo's attempt changed nothing.
    let pending = list(&app, &a, "?status=pending").await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["id"], id);
}

async fn outbox_queries_are_checked_and_paged_newest_first(app: TestApp) {
    let l = app.landlord("alpha").await;
    let problem = expect_problem(
        app.get(&outbox_path(&l, "?status=lost"), &l.admin().token)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&problem), ["status"]);
    let problem = expect_problem(
        app.get(&outbox_path(&l, "?limit=0"), &l.admin().token)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&problem), ["limit"]);
    let problem = expect_problem(
        app.get(&outbox_path(&l, "?cursor=nope"), &l.admin().token)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&problem), ["cursor"]);

    for i in 0..3 {
        invite(&app, &l, &format!("page{i}@alpha.test")).await;
    }
    let all = list(&app, &l, "?status=pending").await;
    let total = all.len();
    assert!(total >= 3);
    assert_eq!(all[0]["to"], "page2@alpha.test", "newest first");
    assert_eq!(all[1]["to"], "page1@alpha.test");
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("?status=pending&limit=2&cursor={c}"),
            None => "?status=pending&limit=2".to_owned(),
        };
        let page = expect_status(
            app.get(&outbox_path(&l, &query), &l.admin().token).await,
            StatusCode::OK,
        )
        .await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["id"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let ids: Vec<String> = all
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(seen, ids);
}
