use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

db_tests!(
    an_admin_invites_a_user_who_accepts_and_signs_in,
    a_password_must_be_long_and_uncommon,
    invitations_are_refused_for_bad_roles_and_contractors,
    someone_already_a_user_is_not_invited_again,
    an_existing_account_accepts_signed_in_and_nothing_else_about_it_changes,
    an_expired_invitation_cannot_be_accepted,
    an_admin_changes_a_users_role_but_not_their_own,
    users_and_invitations_are_for_admins_and_officers,
);

async fn an_admin_invites_a_user_who_accepts_and_signs_in(app: TestApp) {
    let l = app.landlord("alpha").await;
    let resp = app
        .post(
            "/api/v1/landlords/alpha/invitations",
            Some(&l.admin().token),
            &json!({"email": "New.Handler@alpha.test", "role": "case_handler"}),
        )
        .await;
    let inv = expect_status(resp, StatusCode::CREATED).await;
    assert_eq!(inv["email"], "new.handler@alpha.test");
    assert_eq!(inv["role"], "case_handler");
    let queued = redress_store::outbox::recent(&app.db, 5).await.unwrap();
    assert_eq!(queued[0].to, "new.handler@alpha.test");
    assert!(queued[0].text.contains("as a case handler"));
    let user = app
        .accept(
            inv["accept_token"].as_str().unwrap(),
            "new.handler@alpha.test",
            "Nia Handler",
        )
        .await;
    let list = expect_status(
        app.get("/api/v1/landlords/alpha/users", &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let found = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "new.handler@alpha.test")
        .expect("the new user is listed");
    assert_eq!(found["id"], user.id.to_string());
    assert_eq!(found["name"], "Nia Handler");
    assert_eq!(found["active"], true);
    // Paging by cursor.
    let page = expect_status(
        app.get("/api/v1/landlords/alpha/users?limit=3", &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let next = page["next_cursor"].as_str().unwrap();
    let page2 = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/users?limit=200&cursor={next}"),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page2["items"].as_array().unwrap().len(), 8 - 3);
    assert!(page2["next_cursor"].is_null());
}

async fn a_password_must_be_long_and_uncommon(app: TestApp) {
    let l = app.landlord("alpha").await;
    let invite = |email: &'static str| {
        let app = &app;
        let token = l.admin().token.clone();
        async move {
            let inv = expect_status(
                app.post(
                    "/api/v1/landlords/alpha/invitations",
                    Some(&token),
                    &json!({"email": email, "role": "mrc"}),
                )
                .await,
                StatusCode::CREATED,
            )
            .await;
            inv["accept_token"].as_str().unwrap().to_owned()
        }
    };
    let token = invite("cllr@alpha.test").await;
    for (password, message) in [
        ("short one", "must be at least 12 characters long"),
        (
            "Password1234",
            "is too common and easy to guess; choose a longer phrase of your own",
        ),
    ] {
        let p = expect_problem(
            app.post(
                &format!("/api/v1/invitations/{token}/accept"),
                None,
                &json!({"name": "Cllr Reid", "password": password}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            p["errors"],
            json!([{"field": "password", "message": message}])
        );
    }
    // Nothing was accepted: the invitation still works.
    app.accept(&token, "cllr@alpha.test", "Cllr Reid").await;
    expect_problem(
        app.post(
            "/api/v1/invitations/no-such-token/accept",
            None,
            &json!({"name": "X", "password": PASSWORD}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn invitations_are_refused_for_bad_roles_and_contractors(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let t = &a.admin().token;
    let cases = [
        (
            json!({"email": "x@alpha.test", "role": "platform_admin"}),
            "role",
        ),
        (json!({"email": "x@alpha.test", "role": "owner"}), "role"),
        (json!({"email": "nope", "role": "mrc"}), "email"),
        (
            json!({"email": "x@alpha.test", "role": "contractor"}),
            "contractor_id",
        ),
        (
            json!({"email": "x@alpha.test", "role": "contractor", "contractor_id": b.contractor_id}),
            "contractor_id",
        ),
        (
            json!({"email": "x@alpha.test", "role": "mrc", "contractor_id": a.contractor_id}),
            "contractor_id",
        ),
    ];
    for (body, field) in cases {
        let p = expect_problem(
            app.post("/api/v1/landlords/alpha/invitations", Some(t), &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{body}");
    }
}

async fn someone_already_a_user_is_not_invited_again(app: TestApp) {
    let l = app.landlord("alpha").await;
    let p = expect_problem(
        app.post(
            "/api/v1/landlords/alpha/invitations",
            Some(&l.admin().token),
            &json!({"email": l.user(Role::Mrc).email, "role": "governing_body"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("already a user of this landlord")
    );
}

async fn an_existing_account_accepts_signed_in_and_nothing_else_about_it_changes(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let contractor = a.user(Role::Contractor);
    let inv = expect_status(
        app.post(
            "/api/v1/landlords/bravo/invitations",
            Some(&b.admin().token),
            &json!({"email": contractor.email, "role": "contractor", "contractor_id": b.contractor_id}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let token = inv["accept_token"].as_str().unwrap();
    // Without signing in, no password is ever checked: right or wrong, the answer is the
    // same, and nothing changes. There is no password to guess here.
    for password in ["a brand new passphrase", PASSWORD, "wrong wrong wrong"] {
        let p = expect_problem(
            app.post(
                &format!("/api/v1/invitations/{token}/accept"),
                None,
                &json!({"name": "Mallory", "password": password}),
            )
            .await,
            StatusCode::CONFLICT,
        )
        .await;
        assert!(p["detail"].as_str().unwrap().contains("sign in"), "{p}");
    }
    // Signed in as someone else, the invitation does not exist.
    expect_problem(
        app.request(
            Method::POST,
            &format!("/api/v1/invitations/{token}/accept"),
            Some(&b.user(Role::Mrc).token),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    // Signed in, a password in the body is refused: accepting never changes one.
    let p = expect_problem(
        app.post(
            &format!("/api/v1/invitations/{token}/accept"),
            Some(&contractor.token),
            &json!({"password": "a brand new passphrase"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["password"]);
    let me = app.accept_signed_in(token, contractor).await;
    let landlords: Vec<&str> = me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["landlord"].as_str().unwrap())
        .collect();
    assert_eq!(landlords, ["alpha", "bravo"]);
    assert_eq!(
        me["memberships"][1]["contractor_id"],
        b.contractor_id.to_string()
    );
    // The name and the password are as they were.
    assert_eq!(me["name"], "contractor");
    app.login_ok(&contractor.email, PASSWORD).await;
    // An invitation works once.
    expect_problem(
        app.request(
            Method::POST,
            &format!("/api/v1/invitations/{token}/accept"),
            Some(&contractor.token),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn an_expired_invitation_cannot_be_accepted(app: TestApp) {
    let mut settings = test_settings();
    settings.invitation_days = 0;
    let app = spawn_app_with(app.backend, settings).await;
    let platform = app.platform_admin().await;
    let created = expect_status(
        app.post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": "Late", "slug": "late", "kind": "other", "homes": 1, "admin_email": "a@late.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let token = created["invitation"]["accept_token"].as_str().unwrap();
    // An expired invitation is as good as none.
    expect_problem(
        app.post(
            &format!("/api/v1/invitations/{token}/accept"),
            None,
            &json!({"name": "A", "password": PASSWORD}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn an_admin_changes_a_users_role_but_not_their_own(app: TestApp) {
    let l = app.landlord("alpha").await;
    let handler = l.user(Role::CaseHandler);
    let t = &l.admin().token;
    let u = expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", handler.id),
            t,
            &json!({"role": "complaints_officer"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(u["role"], "complaints_officer");
    let me = expect_status(app.get("/api/v1/me", &handler.token).await, StatusCode::OK).await;
    assert_eq!(me["memberships"][0]["role"], "complaints_officer");
    // Becoming a contractor needs an organisation.
    let p = expect_problem(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", handler.id),
            t,
            &json!({"role": "contractor"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["contractor_id"]);
    // Removing access keeps the user but ends their membership here; it was their only
    // one, so their sessions end with it.
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", handler.id),
            t,
            &json!({"active": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_signed_out(&app, handler).await;
    // Signed in again, the landlord is not theirs to see.
    let again = app.login_ok(&handler.email, PASSWORD).await;
    expect_problem(
        app.get("/api/v1/landlords/alpha/settings", &again.token)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let admin_id = l.admin().id;
    expect_problem(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{admin_id}"),
            t,
            &json!({"active": false}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    expect_problem(
        app.patch(
            &format!("/api/v1/landlords/alpha/users/{}", uuid::Uuid::new_v4()),
            t,
            &json!({"role": "mrc"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn users_and_invitations_are_for_admins_and_officers(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    check_access(
        &a,
        &b,
        &platform,
        &[Role::LandlordAdmin, Role::ComplaintsOfficer],
        |t| app.request(Method::GET, "/api/v1/landlords/alpha/users", Some(t)),
    )
    .await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(Method::POST, "/api/v1/landlords/alpha/invitations", Some(t))
            .json(&json!({"email": "someone.new@alpha.test", "role": "panel_member"}))
    })
    .await;
    let target = a.user(Role::PanelMember).id;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(
            Method::PATCH,
            &format!("/api/v1/landlords/alpha/users/{target}"),
            Some(t),
        )
        .json(&json!({"role": "panel_member"}))
    })
    .await;
}
