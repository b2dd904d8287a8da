use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

db_tests!(
    signing_in_gives_tokens_and_me_lists_memberships,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    a_refresh_token_rotates_and_its_reuse_ends_the_whole_sign_in,
    signing_out_ends_the_session,
    requests_without_a_valid_access_token_get_401,
    a_refresh_token_from_before_every_session_was_ended_does_not_work,
);

async fn signing_in_gives_tokens_and_me_lists_memberships(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(redress_domain::roles::Role::ComplaintsOfficer);
    let resp = app.login(&officer.email, PASSWORD).await;
    let body = expect_status(resp, StatusCode::OK).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["refresh_token"].as_str().unwrap().len() >= 40);
    let me = expect_status(app.get("/api/v1/me", &officer.token).await, StatusCode::OK).await;
    assert_eq!(me["email"], officer.email);
    assert_eq!(
        me["memberships"],
        json!([{"landlord": "alpha", "role": "complaints_officer", "contractor_id": null}])
    );
    // The access token carries the external UUID only.
    let claims = officer.token.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["sub"], officer.id.to_string());
    assert!(claims.get("email").is_none());
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mut wrong = expect_problem(
        app.login(&l.admin().email, "not the right password").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let mut unknown = expect_problem(
        app.login("nobody@nowhere.test", "not the right password")
            .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // Each answer names its own request; the rest is the same.
    for answer in [&mut wrong, &mut unknown] {
        assert!(answer["request_id"].is_string());
        answer.as_object_mut().unwrap().remove("request_id");
    }
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["detail"], "the email or password is not right");
    // Emails are matched whatever their case.
    app.login_ok(&l.admin().email.to_uppercase(), PASSWORD)
        .await;
}

async fn a_refresh_token_rotates_and_its_reuse_ends_the_whole_sign_in(app: TestApp) {
    let l = app.landlord("alpha").await;
    let user = app.login_ok(&l.admin().email, PASSWORD).await;
    let first = expect_status(app.refresh(&user.refresh_token).await, StatusCode::OK).await;
    let second_token = first["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_token, user.refresh_token);
    assert!(
        app.get("/api/v1/me", first["access_token"].as_str().unwrap())
            .await
            .status()
            .is_success()
    );
    // The first refresh token is presented again: reuse.
    let reuse = expect_problem(
        app.refresh(&user.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert!(reuse["detail"].as_str().unwrap().contains("already used"));
    // ...which revoked the whole family, including the token issued by the rotation.
    expect_problem(app.refresh(&second_token).await, StatusCode::UNAUTHORIZED).await;
    // Another sign-in of the same user is untouched.
    let other = app.login_ok(&l.admin().email, PASSWORD).await;
    expect_status(app.refresh(&other.refresh_token).await, StatusCode::OK).await;
    expect_problem(app.refresh("made-up").await, StatusCode::UNAUTHORIZED).await;
}

async fn signing_out_ends_the_session(app: TestApp) {
    let l = app.landlord("alpha").await;
    let user = app.login_ok(&l.admin().email, PASSWORD).await;
    let resp = app
        .post(
            "/api/v1/auth/logout",
            Some(&user.token),
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    expect_status(resp, StatusCode::NO_CONTENT).await;
    expect_problem(
        app.refresh(&user.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // Signing out needs a signed-in user.
    expect_problem(
        app.post("/api/v1/auth/logout", None, &json!({})).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

async fn requests_without_a_valid_access_token_get_401(app: TestApp) {
    let l = app.landlord("alpha").await;
    let no_token = app
        .request(Method::GET, "/api/v1/me", None)
        .send()
        .await
        .unwrap();
    assert_eq!(
        no_token.headers().get("www-authenticate").unwrap(),
        "Bearer"
    );
    expect_problem(no_token, StatusCode::UNAUTHORIZED).await;
    // Change the first character of the signature.
    let token = &l.admin().token;
    let sig = token.rfind('.').unwrap() + 1;
    let first = &token[sig..=sig];
    let tampered = format!(
        "{}{}{}",
        &token[..sig],
        if first == "A" { "B" } else { "A" },
        &token[sig + 1..]
    );
    expect_problem(
        app.get("/api/v1/me", &tampered).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_problem(
        app.get("/api/v1/landlords/alpha/settings", "garbage").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

/// A refresh token carries the session version it was issued under: one issued just as every
/// session was being ended (and so missed by the revocation) is refused all the same.
async fn a_refresh_token_from_before_every_session_was_ended_does_not_work(app: TestApp) {
    let l = app.landlord("alpha").await;
    let user = app.login_ok(&l.admin().email, PASSWORD).await;
    // The session version is raised without the account's refresh tokens being revoked, as if
    // this one had been written at the same moment as the revocation.
    app.sql(
        "UPDATE users SET session_version = session_version + 1 WHERE id = $1",
        vec![l.admin().id.into()],
    )
    .await;
    expect_problem(
        app.refresh(&user.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // A new sign-in works under the new version.
    let again = app.login_ok(&l.admin().email, PASSWORD).await;
    expect_status(app.refresh(&again.refresh_token).await, StatusCode::OK).await;
}
