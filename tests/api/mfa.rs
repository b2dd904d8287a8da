//! Multi-factor sign-in (issue "Trust", point 2): TOTP (RFC 6238) with recovery codes,
//! required of platform and landlord admins and of everyone where a landlord asks it,
//! unless the operator turns the requirement off. Sign-in returns a short-lived challenge
//! until the code is given.

use crate::helpers::*;
use redress_domain::roles::Role;
use redress_server::config::Settings;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    an_admin_sets_up_an_authenticator_before_their_first_session,
    a_code_or_a_recovery_code_works_once,
    a_landlord_can_ask_it_of_every_user,
    a_lost_authenticator_is_reset_by_an_admin,
    wrong_codes_are_limited_like_passwords,
    wrong_codes_for_one_account_stop_whatever_the_address,
    the_operator_can_turn_the_requirement_off,
);

fn with_mfa() -> Settings {
    Settings {
        require_mfa: true,
        ..test_settings()
    }
}

async fn challenge(app: &TestApp, email: &str) -> Value {
    expect_status(app.login(email, PASSWORD).await, StatusCode::ACCEPTED).await
}

/// Sets up an authenticator from the account page (the password, then the first code):
/// its secret and the confirmation.
async fn enrol_from_account_page(app: &TestApp, session: &str) -> (String, Value) {
    let enrolment = expect_status(
        app.post(
            "/api/v1/me/mfa",
            Some(session),
            &json!({"password": PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    let confirmed = expect_status(
        app.post(
            "/api/v1/me/mfa/confirm",
            Some(session),
            &json!({"code": totp_code(&secret)}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    (secret, confirmed)
}

async fn an_admin_sets_up_an_authenticator_before_their_first_session(app: TestApp) {
    let app = spawn_app_with(app.backend, with_mfa()).await;
    let l = app.landlord("alpha").await;
    // A case handler is not asked for one.
    expect_status(
        app.login(&l.user(Role::CaseHandler).email, PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    // A new landlord admin is: no session until an authenticator is set up.
    let invitation = expect_status(
        app.post(
            "/api/v1/landlords/alpha/invitations",
            Some(&l.admin().token),
            &json!({"email": "second.admin@alpha.test", "role": "landlord_admin"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_status(
        app.post(
            &format!(
                "/api/v1/invitations/{}/accept",
                invitation["accept_token"].as_str().unwrap()
            ),
            None,
            &json!({"name": "Second Admin", "password": PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let c = challenge(&app, "second.admin@alpha.test").await;
    assert_eq!(c["status"], "mfa_enrolment_required");
    assert!(c.get("access_token").is_none());
    let token = c["challenge_token"].as_str().unwrap();
    // The challenge opens nothing else.
    expect_problem(app.get("/api/v1/me", token).await, StatusCode::UNAUTHORIZED).await;
    let enrolment = expect_status(
        app.post(
            "/api/v1/auth/mfa/enrol",
            None,
            &json!({"challenge_token": token}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let secret = enrolment["secret"].as_str().unwrap();
    assert!(
        enrolment["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert!(
        enrolment["qr_code"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    let wrong = if totp_code(secret) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let p = expect_problem(
        app.post(
            "/api/v1/auth/mfa/enrol/confirm",
            None,
            &json!({"challenge_token": token, "code": wrong}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["code"]);
    let done = expect_status(
        app.post(
            "/api/v1/auth/mfa/enrol/confirm",
            None,
            &json!({"challenge_token": token, "code": totp_code(secret)}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["recovery_codes"].as_array().unwrap().len(), 10);
    let session = done["session"]["access_token"].as_str().unwrap();
    let me = expect_status(app.get("/api/v1/me", session).await, StatusCode::OK).await;
    assert_eq!(me["mfa_enrolled"], true);
    expect_status(
        app.get("/api/v1/landlords/alpha/users", session).await,
        StatusCode::OK,
    )
    .await;
    // Set up once: the next enrolment is refused; a platform admin is asked too.
    expect_problem(
        app.post(
            "/api/v1/me/mfa",
            Some(session),
            &json!({"password": PASSWORD}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    let ops = format!("ops-{}@redress.test", uuid::Uuid::new_v4().simple());
    let hash = redress_api::auth::password::hash_now(
        PASSWORD,
        redress_api::auth::password::HashCost::TESTING,
    )
    .unwrap();
    redress_store::users::upsert_platform_admin(&app.db, &ops, "Ops", hash)
        .await
        .unwrap();
    assert_eq!(
        challenge(&app, &ops).await["status"],
        "mfa_enrolment_required"
    );
    // Both are on the audit log.
    let log = expect_status(
        app.get("/api/v1/landlords/alpha/audit?kind=mfa.enrolled", session)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!log["items"].as_array().unwrap().is_empty());
}

async fn a_code_or_a_recovery_code_works_once(app: TestApp) {
    let app = spawn_app_with(app.backend, with_mfa()).await;
    let l = app.landlord("alpha").await;
    let admin = &l.admin().email;
    let c = challenge(&app, admin).await;
    assert_eq!(c["status"], "mfa_required");
    let token = c["challenge_token"].as_str().unwrap();
    let secret = app
        .authenticators
        .lock()
        .unwrap()
        .get(admin.as_str())
        .cloned()
        .unwrap();
    let verify = async |token: String, code: String| {
        app.post(
            "/api/v1/auth/mfa/verify",
            None,
            &json!({"challenge_token": token, "code": code}),
        )
        .await
    };
    // A code is accepted once: the same code again, even in a new sign-in, is refused.
    let code = next_totp_code(&secret);
    let session = expect_status(verify(token.to_owned(), code.clone()).await, StatusCode::OK).await;
    let c = challenge(&app, admin).await;
    expect_problem(
        verify(c["challenge_token"].as_str().unwrap().to_owned(), code).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // Recovery codes: each once.
    let codes = expect_status(
        app.post(
            "/api/v1/me/mfa/recovery-codes",
            Some(session["access_token"].as_str().unwrap()),
            &json!({"password": PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let code = codes["recovery_codes"][0].as_str().unwrap().to_owned();
    let c = challenge(&app, admin).await;
    let session = expect_status(
        verify(
            c["challenge_token"].as_str().unwrap().to_owned(),
            code.clone(),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let status = expect_status(
        app.get("/api/v1/me/mfa", session["access_token"].as_str().unwrap())
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(status["recovery_codes_left"], 9);
    let c = challenge(&app, admin).await;
    expect_problem(
        verify(c["challenge_token"].as_str().unwrap().to_owned(), code).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // A made-up challenge is refused.
    expect_problem(
        verify("not-a-challenge".into(), "123456".into()).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

async fn a_landlord_can_ask_it_of_every_user(app: TestApp) {
    let app = spawn_app_with(app.backend, with_mfa()).await;
    let l = app.landlord("alpha").await;
    let handler = l.user(Role::CaseHandler);
    expect_status(
        app.get("/api/v1/landlords/alpha/complaints", &handler.token)
            .await,
        StatusCode::OK,
    )
    .await;
    let settings = expect_status(
        app.patch(
            "/api/v1/landlords/alpha/settings",
            &l.admin().token,
            &json!({"require_mfa": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(settings["require_mfa"], true);
    // A session without a second factor no longer reaches the landlord...
    let p = expect_problem(
        app.get("/api/v1/landlords/alpha/complaints", &handler.token)
            .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("second factor"));
    // ...nor is it renewed...
    expect_problem(
        app.refresh(&handler.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // ...and the next sign-in asks for one to be set up.
    assert_eq!(
        challenge(&app, &handler.email).await["status"],
        "mfa_enrolment_required"
    );
    let again = app.login_ok(&handler.email, PASSWORD).await;
    expect_status(
        app.get("/api/v1/landlords/alpha/complaints", &again.token)
            .await,
        StatusCode::OK,
    )
    .await;
    let log = expect_status(
        app.get(
            "/api/v1/landlords/alpha/audit?kind=settings.changed",
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["detail"]["fields"], json!(["require_mfa"]));
}

async fn a_lost_authenticator_is_reset_by_an_admin(app: TestApp) {
    let app = spawn_app_with(app.backend, with_mfa()).await;
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let officer = a.user(Role::ComplaintsOfficer);
    // The officer sets one up of their own accord.
    // The password is asked again first: an open session alone cannot tie the account to
    // someone else's phone.
    for body in [json!({}), json!({"password": "not the password"})] {
        let problem = expect_problem(
            app.post("/api/v1/me/mfa", Some(&officer.token), &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(problem.to_string().contains("password"), "{problem}");
    }
    let (_, confirmed) = enrol_from_account_page(&app, &officer.token).await;
    assert_eq!(confirmed["session"]["user"]["mfa_enrolled"], true);
    assert_eq!(
        challenge(&app, &officer.email).await["status"],
        "mfa_required"
    );
    let users = expect_status(
        app.get("/api/v1/landlords/alpha/users", &a.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let listed = |id: uuid::Uuid| {
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == id.to_string())
            .unwrap()["mfa_enrolled"]
            .clone()
    };
    assert_eq!(listed(officer.id), true);
    assert_eq!(listed(a.user(Role::Mrc).id), false);
    let reset = |token: &str, slug: &str, id: uuid::Uuid| {
        app.request(
            Method::POST,
            &format!("/api/v1/landlords/{slug}/users/{id}/mfa/reset"),
            Some(token),
        )
        .send()
    };
    // Not by the officer's peers, not by another landlord, and not one's own.
    expect_problem(
        reset(&a.user(Role::Mrc).token, "alpha", officer.id)
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_problem(
        reset(&b.admin().token, "bravo", officer.id).await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        reset(&a.admin().token, "alpha", a.admin().id)
            .await
            .unwrap(),
        StatusCode::CONFLICT,
    )
    .await;
    expect_status(
        reset(&a.admin().token, "alpha", officer.id).await.unwrap(),
        StatusCode::NO_CONTENT,
    )
    .await;
    // The reset ends the officer's sessions; a password alone signs in again (the officer's
    // role does not require a factor), and there is none to give.
    expect_problem(
        app.get("/api/v1/me", &officer.token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_status(app.login(&officer.email, PASSWORD).await, StatusCode::OK).await;
    let log = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/alpha/audit?kind=mfa.reset&subject={}",
                officer.id
            ),
            &a.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["actor_id"], a.admin().id.to_string());
}

async fn wrong_codes_are_limited_like_passwords(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            limit_address_failures: 3,
            ..with_mfa()
        },
    )
    .await;
    let l = app.landlord("alpha").await;
    let c = challenge(&app, &l.admin().email).await;
    let token = c["challenge_token"].as_str().unwrap();
    for _ in 0..3 {
        expect_problem(
            app.post(
                "/api/v1/auth/mfa/verify",
                None,
                &json!({"challenge_token": token, "code": "000001"}),
            )
            .await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    expect_problem(
        app.post(
            "/api/v1/auth/mfa/verify",
            None,
            &json!({"challenge_token": token, "code": "000001"}),
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
}

async fn the_operator_can_turn_the_requirement_off(app: TestApp) {
    // The test apps run with REDRESS_REQUIRE_MFA=false: admins sign in with a password.
    assert!(!app.settings.require_mfa);
    let l = app.landlord("alpha").await;
    let body = expect_status(app.login(&l.admin().email, PASSWORD).await, StatusCode::OK).await;
    assert!(body["access_token"].is_string());
    assert!(
        redress_server::config::Settings::default().require_mfa,
        "on by default"
    );
}

/// Whoever tries codes already has the password: spreading the guesses over many addresses
/// gets ten wrong codes for the account in the window, and then none are taken.
async fn wrong_codes_for_one_account_stop_whatever_the_address(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            trusted_proxies: "127.0.0.1, ::1".into(),
            limit_first_delay_ms: 1,
            limit_max_delay_ms: 5,
            ..with_mfa()
        },
    )
    .await;
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer);
    enrol_from_account_page(&app, &officer.token).await;
    let c = challenge(&app, &officer.email).await;
    let token = c["challenge_token"].as_str().unwrap();
    let verify_from = |ip: String, code: &'static str| {
        app.request(Method::POST, "/api/v1/auth/mfa/verify", None)
            .header("X-Forwarded-For", format!("{ip}, 127.0.0.1"))
            .json(&json!({"challenge_token": token, "code": code}))
            .send()
    };
    for i in 0..10 {
        expect_problem(
            verify_from(format!("198.51.100.{}", 10 + i), "000001")
                .await
                .unwrap(),
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    let p = expect_problem(
        verify_from("203.0.113.77".into(), "000002").await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("too many wrong codes for this account"),
        "{p}"
    );
}
