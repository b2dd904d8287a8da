//! Accounts and sessions (issue "Trust", point 2): a password reset by email that ends every
//! session, a change of email confirmed from the new address, disabling an account ends its
//! sessions at once, and suspending a landlord stops its users and its scheduled emails while
//! keeping its data.

use crate::complaints::intake;
use crate::helpers::*;
use crate::smtp_sink::{ReceivedMail, SmtpSink};
use redress_domain::calendar::BankHolidays;
use redress_domain::roles::Role;
use redress_notify::staff_mail::StaffMail;
use redress_notify::{Mailer, OutboxWorker, Scheduler, SmtpMailer};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

db_tests!(
    a_password_reset_by_email_ends_every_session,
    a_reset_link_works_once_and_not_after_its_hour,
    asking_for_a_reset_says_the_same_whether_or_not_there_is_an_account,
    a_new_email_address_is_confirmed_from_that_address,
    disabling_an_account_ends_its_sessions_at_once,
    a_suspended_landlord_keeps_its_data_while_its_users_and_emails_stop,
);

/// Every email delivered by the outbox worker to a real SMTP server.
struct Mailbox {
    sink: SmtpSink,
    worker: OutboxWorker,
}

impl Mailbox {
    async fn start(app: &TestApp) -> Mailbox {
        let sink = SmtpSink::start().await.unwrap();
        let mailer: Arc<dyn Mailer> =
            Arc::new(SmtpMailer::new(&sink.url(), "Redress <no-reply@redress.test>").unwrap());
        Mailbox {
            sink,
            worker: OutboxWorker::new(app.server_db.clone(), mailer, app.data_key.clone()),
        }
    }

    /// Delivers what is due and returns the messages to `to` so far whose subject has `about`.
    async fn about(&self, to: &str, about: &str) -> Vec<ReceivedMail> {
        self.to(to)
            .await
            .into_iter()
            .filter(|m| m.header("Subject").unwrap_or_default().contains(about))
            .collect()
    }

    /// Delivers what is due and returns the messages to `to` so far.
    async fn to(&self, to: &str) -> Vec<ReceivedMail> {
        let mut n = 0;
        loop {
            let sent = self.worker.try_execute_task().await.unwrap();
            if sent == 0 {
                break;
            }
            n += sent;
        }
        let total = self.sink.messages().len().max(n);
        self.sink
            .wait_for(total, Duration::from_secs(10))
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r == to))
            .collect()
    }
}

/// The token after `#token=` in a link of the message.
fn token_in(mail: &ReceivedMail, path: &str) -> String {
    let body = mail.body_text();
    let start = body
        .find(&format!("{path}#token="))
        .unwrap_or_else(|| panic!("a {path} link in {body}"))
        + path.len()
        + "#token=".len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn ask_reset(app: &TestApp, email: &str) -> serde_json::Value {
    expect_status(
        app.post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": email}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await
}

async fn a_password_reset_by_email_ends_every_session(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mailbox = Mailbox::start(&app).await;
    mailbox.to("nobody").await;
    let officer = l.user(Role::ComplaintsOfficer);
    let second = app.login_ok(&officer.email, PASSWORD).await;
    ask_reset(&app, &officer.email).await;
    // The stored message keeps the link sealed.
    let stored = redress_store::outbox::recent(&app.db, 1)
        .await
        .unwrap()
        .remove(0);
    assert!(!stored.text.contains("#token="), "{}", stored.text);
    let mails = mailbox.about(&officer.email, "Reset").await;
    assert_eq!(mails.len(), 1);
    let token = token_in(&mails[0], "/reset-password");
    assert!(!stored.text.contains(&token));
    // A weak password is refused, naming the field, and the link still works.
    let p = expect_problem(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "short"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["password"]);
    expect_status(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "a fresh and long passphrase"}),
        )
        .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    // Every session has ended: access tokens and refresh tokens alike.
    for session in [officer, &second] {
        assert_signed_out(&app, session).await;
    }
    expect_problem(
        app.login(&officer.email, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    app.login_ok(&officer.email, "a fresh and long passphrase")
        .await;
    // The owner is told, and the landlord's audit log has it.
    let notices = mailbox.to(&officer.email).await;
    assert!(
        notices.iter().any(|m| m
            .header("Subject")
            .unwrap_or_default()
            .contains("was changed")),
        "a notice of the change"
    );
    let log = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/alpha/audit?kind=account.password_reset&subject={}",
                officer.id
            ),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1, "{log}");
}

async fn a_reset_link_works_once_and_not_after_its_hour(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mailbox = Mailbox::start(&app).await;
    let mrc = l.user(Role::Mrc);
    ask_reset(&app, &mrc.email).await;
    let token = token_in(
        &mailbox.about(&mrc.email, "Reset").await[0],
        "/reset-password",
    );
    let confirm = async |token: String, password: &'static str| {
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": password}),
        )
        .await
    };
    expect_status(
        confirm(token.clone(), "the first new passphrase").await,
        StatusCode::NO_CONTENT,
    )
    .await;
    expect_problem(
        confirm(token, "the second new passphrase").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // A link issued an hour ago no longer works.
    ask_reset(&app, &mrc.email).await;
    let mails = mailbox.about(&mrc.email, "Reset").await;
    let token = token_in(mails.last().unwrap(), "/reset-password");
    app.sql(
        "UPDATE account_tokens SET expires_at = $1",
        vec![(chrono::Utc::now() - chrono::Duration::seconds(1)).into()],
    )
    .await;
    expect_problem(
        confirm(token, "a third new passphrase").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    app.login_ok(&mrc.email, "the first new passphrase").await;
}

async fn asking_for_a_reset_says_the_same_whether_or_not_there_is_an_account(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mailbox = Mailbox::start(&app).await;
    let known = ask_reset(&app, &l.admin().email).await;
    let unknown = ask_reset(&app, "nobody.at.all@alpha.test").await;
    assert_eq!(known, unknown);
    assert!(mailbox.to("nobody.at.all@alpha.test").await.is_empty());
    // A bad address is named.
    let p = expect_problem(
        app.post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": "not an address"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["email"]);
    // A made-up token is refused.
    expect_problem(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": "made-up", "password": "a long enough passphrase"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_new_email_address_is_confirmed_from_that_address(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mailbox = Mailbox::start(&app).await;
    let handler = l.user(Role::CaseHandler);
    let change = async |password: &str, new_email: &str| {
        app.post(
            "/api/v1/me/email",
            Some(&handler.token),
            &json!({"new_email": new_email, "password": password}),
        )
        .await
    };
    let p = expect_problem(
        change("not my password", "harriet@newmail.test").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["password"]);
    expect_problem(
        change(PASSWORD, &l.user(Role::Mrc).email).await,
        StatusCode::CONFLICT,
    )
    .await;
    expect_status(
        change(PASSWORD, "Harriet@NewMail.test").await,
        StatusCode::ACCEPTED,
    )
    .await;
    // Nothing changes until the new address confirms; the old one is told.
    let me = expect_status(app.get("/api/v1/me", &handler.token).await, StatusCode::OK).await;
    assert_eq!(me["email"], handler.email);
    assert!(
        !mailbox
            .about(&handler.email, "email address")
            .await
            .is_empty()
    );
    let to_new = mailbox.to("harriet@newmail.test").await;
    assert_eq!(to_new.len(), 1);
    let token = token_in(&to_new[0], "/confirm-email");
    let me = expect_status(
        app.post(
            "/api/v1/auth/email-change/confirm",
            None,
            &json!({"token": token}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["email"], "harriet@newmail.test");
    app.login_ok("harriet@newmail.test", PASSWORD).await;
    expect_problem(
        app.login(&handler.email, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_problem(
        app.post(
            "/api/v1/auth/email-change/confirm",
            None,
            &json!({"token": token}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn disabling_an_account_ends_its_sessions_at_once(app: TestApp) {
    let l = app.landlord("alpha").await;
    let platform = app.platform_admin().await;
    let handler = l.user(Role::CaseHandler);
    let found = expect_status(
        app.get(
            &format!("/api/v1/platform/accounts?email={}", handler.email),
            &platform.token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["id"], handler.id.to_string());
    assert_eq!(found["landlords"], json!(["alpha"]));
    // Only the operator disables accounts.
    expect_problem(
        app.post(
            &format!("/api/v1/platform/accounts/{}/disable", handler.id),
            Some(&l.admin().token),
            &json!({}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let disabled = expect_status(
        app.post(
            &format!("/api/v1/platform/accounts/{}/disable", handler.id),
            Some(&platform.token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(disabled["disabled"], true);
    assert_signed_out(&app, handler).await;
    expect_problem(
        app.login(&handler.email, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_status(
        app.post(
            &format!("/api/v1/platform/accounts/{}/enable", handler.id),
            Some(&platform.token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let back = app.login_ok(&handler.email, PASSWORD).await;
    // Its old refresh token stays revoked.
    expect_problem(
        app.refresh(&handler.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_status(app.get("/api/v1/me", &back.token).await, StatusCode::OK).await;
    let log = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/alpha/audit?kind=account.disabled&subject={}",
                handler.id
            ),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["actor_id"], platform.id.to_string());
    let platform_log = expect_status(
        app.get(
            "/api/v1/platform/audit?kind=account.disabled",
            &platform.token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        platform_log["items"][0]["subject_id"],
        handler.id.to_string()
    );
}

async fn a_suspended_landlord_keeps_its_data_while_its_users_and_emails_stop(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let c = intake(&app, &a, json!({"received_on": "2025-12-19"})).await;
    let id = c["id"].as_str().unwrap();
    let suspend = |token: &str, slug: &str, what: &str| {
        app.request(
            Method::POST,
            &format!("/api/v1/landlords/{slug}/{what}"),
            Some(token),
        )
        .send()
    };
    expect_problem(
        suspend(&a.admin().token, "alpha", "suspend").await.unwrap(),
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_problem(
        suspend(&platform.token, "nobody", "suspend").await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    let suspended = expect_status(
        suspend(&platform.token, "alpha", "suspend").await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(suspended["status"], "suspended");
    expect_problem(
        suspend(&platform.token, "alpha", "suspend").await.unwrap(),
        StatusCode::CONFLICT,
    )
    .await;
    // Its users are stopped at once; another landlord's are not.
    for role in [Role::LandlordAdmin, Role::ComplaintsOfficer, Role::Mrc] {
        let p = expect_problem(
            app.get(
                &format!("/api/v1/landlords/alpha/complaints/{id}"),
                &a.user(role).token,
            )
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        assert!(p["detail"].as_str().unwrap().contains("suspended"));
    }
    expect_status(
        app.get("/api/v1/landlords/bravo/complaints", &b.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    // Its public page and form are offline: nobody would see a complaint made meanwhile.
    expect_problem(
        app.request(Method::GET, "/api/v1/public/alpha", None)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    // Its scheduled emails stop: a day's run sends its staff nothing.
    let scheduler = Scheduler::new(
        app.server_db.clone(),
        BankHolidays::england_and_wales().unwrap(),
        Arc::new(StaffMail::new().unwrap()),
        "http://portal.test",
        app.data_key.clone(),
    );
    let before = redress_store::outbox::recent(&app.db, 500)
        .await
        .unwrap()
        .len();
    scheduler
        .run_day("2025-12-24".parse().unwrap())
        .await
        .unwrap();
    let after = redress_store::outbox::recent(&app.db, 500).await.unwrap();
    let alpha = redress_store::landlords::find_by_slug(&app.db, "alpha")
        .await
        .unwrap();
    assert!(
        after[..after.len() - before]
            .iter()
            .all(|m| m.landlord_id != Some(alpha.id)),
        "nothing scheduled for a suspended landlord"
    );
    // Reinstated, everything is as it was.
    let back = expect_status(
        suspend(&platform.token, "alpha", "reinstate")
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(back["status"], "active");
    expect_status(
        app.request(Method::GET, "/api/v1/public/alpha", None)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let again = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}"),
            &a.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["reference"], c["reference"]);
    let log = expect_status(
        app.get(
            "/api/v1/landlords/alpha/audit?kind=landlord.suspended",
            &a.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["actor_id"], platform.id.to_string());
}
