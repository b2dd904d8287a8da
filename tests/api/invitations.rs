//! Invitations are offers (issue "Trust", point 1): single use, stored as a hash, listed and
//! revocable, never a password check, never a way back in for someone whose access was
//! removed, never a way to raise a role, and never a membership for a platform admin.

use crate::helpers::*;
use redress_domain::roles::Role;
use redress_server::config::Settings;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

db_tests!(
    pending_invitations_are_listed_without_their_tokens_and_can_be_revoked,
    an_invitation_is_stored_as_a_hash_and_shows_what_it_offers,
    a_new_invitation_replaces_a_pending_one_and_removed_access_is_restored_not_reinvited,
    removing_access_or_changing_a_role_revokes_what_was_pending,
    a_platform_admin_never_becomes_a_landlord_member,
    guessing_invitation_tokens_is_refused_per_address,
    an_admin_who_stops_being_one_takes_their_pending_invitations_with_them,
    a_former_member_made_platform_admin_is_not_restored_nor_reset,
    a_pending_invitation_is_sent_again_with_a_new_link,
);

async fn invite(app: &TestApp, l: &Landlord, email: &str, role: &str) -> Value {
    expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/invitations", l.slug),
            Some(&l.admin().token),
            &json!({"email": email, "role": role}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn pending(app: &TestApp, l: &Landlord) -> Vec<Value> {
    expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/invitations", l.slug),
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

async fn revoke(app: &TestApp, l: &Landlord, token: &str, id: &str) -> reqwest::Response {
    app.request(
        Method::DELETE,
        &format!("/api/v1/landlords/{}/invitations/{id}", l.slug),
        Some(token),
    )
    .send()
    .await
    .unwrap()
}

/// Accepts an invitation as someone new (a name and a password).
async fn accept_new(app: &TestApp, token: &str, name: &str) -> reqwest::Response {
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        None,
        &json!({"name": name, "password": PASSWORD}),
    )
    .await
}

/// Accepts an invitation signed in as an existing account.
async fn accept_as(app: &TestApp, token: &str, session: &str) -> reqwest::Response {
    app.request(
        Method::POST,
        &format!("/api/v1/invitations/{token}/accept"),
        Some(session),
    )
    .send()
    .await
    .unwrap()
}

async fn pending_invitations_are_listed_without_their_tokens_and_can_be_revoked(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let first = invite(&app, &a, "first@alpha.test", "mrc").await;
    let second = invite(&app, &a, "second@alpha.test", "case_handler").await;
    let listed = pending(&app, &a).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0]["email"], "first@alpha.test");
    assert_eq!(listed[0]["role"], "mrc");
    assert_eq!(listed[0]["invited_by"], a.admin().id.to_string());
    assert!(listed.iter().all(|i| i.get("accept_token").is_none()));
    // Another landlord sees none of them, and cannot revoke them.
    assert!(pending(&app, &b).await.is_empty());
    let id = first["id"].as_str().unwrap();
    expect_problem(
        revoke(&app, &b, &b.admin().token, id).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Only admins list or revoke.
    expect_problem(
        revoke(&app, &a, &a.user(Role::ComplaintsOfficer).token, id).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    expect_status(
        revoke(&app, &a, &a.admin().token, id).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    // Its link stops working at once; revoking again is a conflict.
    expect_problem(
        accept_new(&app, first["accept_token"].as_str().unwrap(), "First").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        revoke(&app, &a, &a.admin().token, id).await,
        StatusCode::CONFLICT,
    )
    .await;
    // An accepted one leaves the list, and cannot be revoked.
    app.accept(
        second["accept_token"].as_str().unwrap(),
        "second@alpha.test",
        "Second",
    )
    .await;
    assert!(pending(&app, &a).await.is_empty());
    expect_problem(
        revoke(&app, &a, &a.admin().token, second["id"].as_str().unwrap()).await,
        StatusCode::CONFLICT,
    )
    .await;
    // Creation, revocation and acceptance are audited.
    let log = expect_status(
        app.get(
            "/api/v1/landlords/alpha/audit?kind=invitation.revoked",
            &a.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["subject_id"], first["id"]);
    assert_eq!(log["items"][0]["actor_id"], a.admin().id.to_string());
    assert_eq!(log["items"][0]["client_address"], "127.0.0.1");
    for kind in ["invitation.created", "invitation.accepted"] {
        let log = expect_status(
            app.get(
                &format!(
                    "/api/v1/landlords/alpha/audit?kind={kind}&subject={}",
                    second["id"].as_str().unwrap()
                ),
                &a.admin().token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(log["items"].as_array().unwrap().len(), 1, "{kind}: {log}");
    }
}

async fn an_invitation_is_stored_as_a_hash_and_shows_what_it_offers(app: TestApp) {
    let a = app.landlord("alpha").await;
    let inv = invite(&app, &a, "new.person@alpha.test", "governing_body").await;
    let token = inv["accept_token"].as_str().unwrap();
    let backend = app.db.get_database_backend();
    let sql = match app.backend {
        Backend::Postgres => "SELECT count(*) FROM invitations WHERE token_hash = $1",
        Backend::Sqlite => "SELECT count(*) FROM invitations WHERE token_hash = ?",
    };
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [token.into()]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get_by_index::<i64>(0).unwrap(),
        0,
        "the token itself is not kept"
    );
    let offer = expect_status(
        app.request(Method::GET, &format!("/api/v1/invitations/{token}"), None)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(offer["landlord"], "alpha homes");
    assert_eq!(offer["role"], "governing_body");
    assert_eq!(offer["account_exists"], false);
    expect_problem(
        app.request(Method::GET, "/api/v1/invitations/not-a-token", None)
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_new_invitation_replaces_a_pending_one_and_removed_access_is_restored_not_reinvited(
    app: TestApp,
) {
    let a = app.landlord("alpha").await;
    let as_admin = invite(&app, &a, "una@alpha.test", "landlord_admin").await;
    let as_handler = invite(&app, &a, "una@alpha.test", "case_handler").await;
    // The later offer replaced the earlier one.
    let listed = pending(&app, &a).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["role"], "case_handler");
    let una = app
        .accept(
            as_handler["accept_token"].as_str().unwrap(),
            "una@alpha.test",
            "Una",
        )
        .await;
    expect_problem(
        app.request(
            Method::POST,
            &format!(
                "/api/v1/invitations/{}/accept",
                as_admin["accept_token"].as_str().unwrap()
            ),
            Some(&una.token),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    // Her access is removed; inviting her again is refused: access is restored, by an admin,
    // from the list of users.
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", una.id),
            &a.admin().token,
            &json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let p = expect_problem(
        app.post(
            "/api/v1/landlords/alpha/invitations",
            Some(&a.admin().token),
            &json!({"email": "una@alpha.test", "role": "landlord_admin"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("restore"), "{p}");
}

/// An invitation left pending from before (written straight to the database, as an older
/// version could leave one).
async fn legacy_invitation(app: &TestApp, slug: &str, email: &str, role: &str) -> String {
    let token = format!("legacy-{}", uuid::Uuid::new_v4().simple());
    let landlord = redress_store::landlords::find_by_slug(&app.db, slug)
        .await
        .unwrap();
    let backend = app.db.get_database_backend();
    let sql = match app.backend {
        Backend::Postgres => {
            "INSERT INTO invitations (landlord_id, id, email, role, contractor_id, token_hash, \
             invited_by, expires_at, accepted_at, created_at, revoked_at, revoked_by) \
             VALUES ($1, $2, $3, $4, NULL, $5, NULL, $6, NULL, $7, NULL, NULL)"
        }
        Backend::Sqlite => {
            "INSERT INTO invitations (landlord_id, id, email, role, contractor_id, token_hash, \
             invited_by, expires_at, accepted_at, created_at, revoked_at, revoked_by) \
             VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, NULL, ?, NULL, NULL)"
        }
    };
    let now = chrono::Utc::now();
    app.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                landlord.id.into(),
                uuid::Uuid::now_v7().into(),
                email.into(),
                role.into(),
                redress_store::seal::hash_token(&token).into(),
                (now + chrono::Duration::days(7)).into(),
                now.into(),
            ],
        ))
        .await
        .unwrap();
    token
}

async fn removing_access_or_changing_a_role_revokes_what_was_pending(app: TestApp) {
    let a = app.landlord("alpha").await;
    let handler = a.user(Role::CaseHandler);
    let officer = a.user(Role::ComplaintsOfficer);
    // Even while a member holds a pending landlord_admin invitation, accepting it does not
    // raise their role.
    let raise = legacy_invitation(&app, "alpha", &officer.email, "landlord_admin").await;
    let p = expect_problem(
        accept_as(&app, &raise, &officer.token).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("never changes a role")
    );
    // A change of role revokes it.
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", officer.id),
            &a.admin().token,
            &json!({"role": "case_handler"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(pending(&app, &a).await.is_empty());
    // Removing access revokes a pending one too, and an old invitation never brings back
    // access that was removed.
    let revive = legacy_invitation(&app, "alpha", &handler.email, "landlord_admin").await;
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", handler.id),
            &a.admin().token,
            &json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(pending(&app, &a).await.is_empty());
    let again = app.login_ok(&handler.email, PASSWORD).await;
    expect_problem(
        accept_as(&app, &revive, &again.token).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let still = legacy_invitation(&app, "alpha", &handler.email, "landlord_admin").await;
    let p = expect_problem(
        accept_as(&app, &still, &again.token).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("removed"), "{p}");
    expect_problem(
        app.get("/api/v1/landlords/alpha/settings", &again.token)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_platform_admin_never_becomes_a_landlord_member(app: TestApp) {
    let a = app.landlord("alpha").await;
    let platform = app.platform_admin().await;
    let inv = invite(&app, &a, &platform.email, "complaints_officer").await;
    let token = inv["accept_token"].as_str().unwrap();
    let p = expect_problem(
        accept_as(&app, token, &platform.token).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("platform admin"));
    expect_problem(accept_new(&app, token, "Ops").await, StatusCode::CONFLICT).await;
    let me = expect_status(app.get("/api/v1/me", &platform.token).await, StatusCode::OK).await;
    assert!(me["memberships"].as_array().unwrap().is_empty());
    // Nor is a member of a landlord made a platform admin (`redress admin
    // create-platform-admin` refuses): the operator's account is its own.
    let hash = redress_api::auth::password::hash_now(
        PASSWORD,
        redress_api::auth::password::HashCost::TESTING,
    )
    .unwrap();
    let refused = redress_store::users::upsert_platform_admin(
        &app.db,
        &a.user(Role::Mrc).email,
        "Mallory",
        hash,
    )
    .await
    .unwrap_err();
    assert!(
        refused.to_string().contains("account of their own"),
        "{refused}"
    );
    expect_problem(
        app.get("/api/v1/landlords/alpha/complaints", &platform.token)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn guessing_invitation_tokens_is_refused_per_address(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            trusted_proxies: "127.0.0.1".into(),
            limit_address_failures: 5,
            ..test_settings()
        },
    )
    .await;
    let a = app.landlord("alpha").await;
    let inv = invite(&app, &a, "someone@alpha.test", "mrc").await;
    let token = inv["accept_token"].as_str().unwrap();
    let from = |ip: &'static str, t: String| {
        app.request(Method::GET, &format!("/api/v1/invitations/{t}"), None)
            .header("X-Forwarded-For", ip)
            .send()
    };
    for i in 0..5 {
        let r = from("198.51.100.7", format!("guess-{i}")).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    // That address is refused now, even with a good token...
    let refused = expect_problem(
        from("198.51.100.7", token.to_owned()).await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert!(refused["detail"].as_str().unwrap().contains("try again in"));
    // ...and another address is not.
    expect_status(
        from("203.0.113.20", token.to_owned()).await.unwrap(),
        StatusCode::OK,
    )
    .await;
}

async fn an_admin_who_stops_being_one_takes_their_pending_invitations_with_them(app: TestApp) {
    let a = app.landlord("alpha").await;
    let second = invite(&app, &a, "second.admin@alpha.test", "landlord_admin").await;
    let second = app
        .accept(
            second["accept_token"].as_str().unwrap(),
            "second.admin@alpha.test",
            "Second Admin",
        )
        .await;
    // The second admin invites a friend as an admin, and another admin's invitation stands.
    let friend = expect_status(
        app.post(
            "/api/v1/landlords/alpha/invitations",
            Some(&second.token),
            &json!({"email": "friend@elsewhere.test", "role": "landlord_admin"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let other = invite(&app, &a, "colleague@alpha.test", "case_handler").await;
    assert_eq!(pending(&app, &a).await.len(), 2);
    // Demoted, their invitation goes with their power to invite: nobody comes in through it.
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", second.id),
            &a.admin().token,
            &json!({"role": "complaints_officer"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let left = pending(&app, &a).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0]["id"], other["id"]);
    expect_problem(
        accept_new(&app, friend["accept_token"].as_str().unwrap(), "Friend").await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_former_member_made_platform_admin_is_not_restored_nor_reset(app: TestApp) {
    let a = app.landlord("alpha").await;
    let handler = a.user(Role::CaseHandler);
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", handler.id),
            &a.admin().token,
            &json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // A removed member's second factor is no longer this landlord's to reset.
    expect_problem(
        app.request(
            Method::POST,
            &format!("/api/v1/landlords/alpha/users/{}/mfa/reset", handler.id),
            Some(&a.admin().token),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    // The operator makes the former member's account a platform admin...
    let hash = redress_api::auth::password::hash_now(
        PASSWORD,
        redress_api::auth::password::HashCost::TESTING,
    )
    .unwrap();
    redress_store::users::upsert_platform_admin(&app.db, &handler.email, "Ops", hash)
        .await
        .unwrap();
    // ...and the landlord cannot bring that account back as its member.
    let p = expect_problem(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", handler.id),
            &a.admin().token,
            &json!({"active": true}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("platform admin"),
        "{p}"
    );
    let ops = app.login_ok(&handler.email, PASSWORD).await;
    let me = expect_status(app.get("/api/v1/me", &ops.token).await, StatusCode::OK).await;
    assert!(me["memberships"].as_array().unwrap().is_empty(), "{me}");
}

async fn resend(app: &TestApp, l: &Landlord, token: &str, id: &str) -> reqwest::Response {
    app.post(
        &format!("/api/v1/landlords/{}/invitations/{id}/resend", l.slug),
        Some(token),
        &json!({}),
    )
    .await
}

/// Sending an invitation again makes a new link for the same address and role, emailed like
/// the first; the old link stops working. Another landlord's invitation is not there; an
/// accepted or revoked one is not sent again.
async fn a_pending_invitation_is_sent_again_with_a_new_link(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let first = invite(&app, &a, "again@alpha.test", "governing_body").await;
    let id = first["id"].as_str().unwrap();
    expect_problem(
        resend(&app, &b, &b.admin().token, id).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        resend(&app, &a, &a.user(Role::ComplaintsOfficer).token, id).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let again = expect_status(
        resend(&app, &a, &a.admin().token, id).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(again["email"], "again@alpha.test");
    assert_eq!(again["role"], "governing_body");
    assert_ne!(again["id"], first["id"]);
    assert_ne!(again["accept_token"], first["accept_token"]);
    // One invitation is pending: the new one.
    let listed = pending(&app, &a).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], again["id"]);
    // The old link no longer works; the new one does.
    expect_problem(
        accept_new(&app, first["accept_token"].as_str().unwrap(), "Again").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // The replaced invitation is revoked: sending it again is a conflict.
    let refused = expect_problem(
        resend(&app, &a, &a.admin().token, id).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(refused["detail"].as_str().unwrap().contains("revoked"));
    app.accept(
        again["accept_token"].as_str().unwrap(),
        "again@alpha.test",
        "Again",
    )
    .await;
    expect_problem(
        resend(&app, &a, &a.admin().token, again["id"].as_str().unwrap()).await,
        StatusCode::CONFLICT,
    )
    .await;
    // Audited, naming the invitation it replaced.
    let log = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?kind=invitation.resent", a.slug),
            &a.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"][0]["subject_id"], again["id"]);
    assert_eq!(log["items"][0]["detail"]["replaces"], first["id"]);
}
