use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

db_tests!(
    a_platform_admin_onboards_a_landlord_with_an_invitation_for_its_admin,
    only_a_platform_admin_may_onboard_a_landlord,
    bad_values_are_refused_field_by_field_and_nothing_is_created,
    a_slug_is_taken_once,
    each_user_sees_only_their_own_landlords,
);

async fn a_platform_admin_onboards_a_landlord_with_an_invitation_for_its_admin(app: TestApp) {
    let platform = app.platform_admin().await;
    let resp = app
        .post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": "Camden Council", "slug": "camden", "kind": "local_authority",
                    "homes": 22000, "homes_low_cost_home_ownership": 1500,
                    "admin_email": "Head.Of.Complaints@Camden.test"}),
        )
        .await;
    let body = expect_status(resp, StatusCode::CREATED).await;
    assert_eq!(body["landlord"]["slug"], "camden");
    assert_eq!(body["landlord"]["kind"], "local_authority");
    assert_eq!(body["landlord"]["status"], "onboarding");
    assert_eq!(body["landlord"]["homes"], 23500);
    assert_eq!(body["landlord"]["reference_prefix"], "CAM");
    let inv = &body["invitation"];
    assert_eq!(inv["email"], "head.of.complaints@camden.test");
    assert_eq!(inv["role"], "landlord_admin");
    let token = inv["accept_token"].as_str().unwrap();

    // The invitation email is in the outbox, written with the landlord.
    let queued = redress_store::outbox::recent(&app.db, 10).await.unwrap();
    let mail = queued
        .iter()
        .find(|m| m.to == "head.of.complaints@camden.test")
        .expect("invitation email queued");
    assert!(mail.subject.contains("Camden Council"));
    // The stored message holds a placeholder: the link is sealed, and put in only as the
    // message is sent.
    assert!(!mail.text.contains(token));
    assert!(mail.text.contains(redress_store::outbox::LINK_PLACEHOLDER));
    let sealed = redress_store::outbox::sealed_link(&app.db, mail.id)
        .await
        .unwrap()
        .expect("the link is sealed beside the message");
    assert_eq!(
        redress_store::outbox::open_link(&app.data_key, &sealed, &mail.to).unwrap(),
        format!("http://portal.test/invitations/{token}")
    );
    assert!(mail.text.contains("a landlord admin"));

    // Accepting makes the admin, and the landlord active.
    let admin = app
        .accept(token, "head.of.complaints@camden.test", "Harriet Head")
        .await;
    let me = expect_status(app.get("/api/v1/me", &admin.token).await, StatusCode::OK).await;
    assert_eq!(me["name"], "Harriet Head");
    assert_eq!(me["memberships"][0]["role"], "landlord_admin");
    let settings = expect_status(
        app.get("/api/v1/landlords/camden/settings", &admin.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(settings["landlord"]["status"], "active");
    // The same token cannot be used twice: used, it is as good as none.
    let again = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            None,
            &json!({"name": "Someone Else", "password": "another long passphrase"}),
        )
        .await;
    expect_problem(again, StatusCode::NOT_FOUND).await;
}

async fn only_a_platform_admin_may_onboard_a_landlord(app: TestApp) {
    let l = app.landlord("alpha").await;
    for (role, user) in &l.users {
        let resp = app
            .post(
                "/api/v1/landlords",
                Some(&user.token),
                &json!({"name": "X", "slug": format!("x-{}", role.replace('_', "-")),
                        "kind": "other", "homes": 1, "admin_email": "a@x.test"}),
            )
            .await;
        let p = expect_problem(resp, StatusCode::FORBIDDEN).await;
        assert_eq!(p["detail"], "only a platform admin may do this");
    }
    expect_problem(
        app.post("/api/v1/landlords", None, &json!({})).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

async fn bad_values_are_refused_field_by_field_and_nothing_is_created(app: TestApp) {
    let platform = app.platform_admin().await;
    let resp = app
        .post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": " ", "slug": "Bad Slug", "kind": "charity", "homes": 10,
                    "admin_email": "not-an-email"}),
        )
        .await;
    let p = expect_problem(resp, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["name", "slug", "kind", "admin_email"]);
    let missing = app
        .post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": "Camden", "slug": "camden", "kind": "other", "admin_email": "a@b.test"}),
        )
        .await;
    let p = expect_problem(missing, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["homes"]);
    let negative = app
        .post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": "Camden", "slug": "camden", "kind": "other", "homes": -4, "admin_email": "a@b.test"}),
        )
        .await;
    assert_eq!(
        fields(&expect_problem(negative, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["homes"]
    );
    let list = expect_status(
        app.get("/api/v1/landlords", &platform.token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"], json!([]));
    assert!(
        redress_store::outbox::recent(&app.db, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_slug_is_taken_once(app: TestApp) {
    let platform = app.platform_admin().await;
    let body = json!({"name": "Camden", "slug": "camden", "kind": "local_authority", "homes": 10,
                      "admin_email": "a@camden.test"});
    expect_status(
        app.post("/api/v1/landlords", Some(&platform.token), &body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let p = expect_problem(
        app.post("/api/v1/landlords", Some(&platform.token), &body)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        p["detail"],
        "a landlord with the slug `camden` already exists"
    );
}

async fn each_user_sees_only_their_own_landlords(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let all = expect_status(
        app.get("/api/v1/landlords", &platform.token).await,
        StatusCode::OK,
    )
    .await;
    let slugs: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["alpha", "bravo"]);
    let page = expect_status(
        app.get("/api/v1/landlords?limit=1", &platform.token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = expect_status(
        app.get(
            &format!("/api/v1/landlords?limit=1&cursor={cursor}"),
            &platform.token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(next["items"][0]["slug"], "bravo");
    assert_eq!(next["next_cursor"], serde_json::Value::Null);
    for user in a.users.values() {
        let mine = expect_status(
            app.get("/api/v1/landlords", &user.token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(mine["items"].as_array().unwrap().len(), 1);
        assert_eq!(mine["items"][0]["slug"], "alpha");
    }
    let mine = expect_status(
        app.get("/api/v1/landlords", &b.admin().token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine["items"][0]["slug"], "bravo");
    expect_problem(
        app.get("/api/v1/landlords?limit=500", &platform.token)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}
