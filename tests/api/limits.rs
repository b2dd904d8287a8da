//! Limits that work behind a proxy and cannot be turned on a victim (issue "Trust", point 3):
//! the client's address comes from a forwarding header only through a trusted proxy; an
//! address is refused after too many failures, an account only slowed; the counts are kept
//! in the database, so replicas share them, and they are pruned.

use crate::helpers::*;
use redress_domain::roles::Role;
use redress_server::config::Settings;
use reqwest::{Method, StatusCode};
use serde_json::json;

db_tests!(
    an_address_that_keeps_failing_is_refused_while_the_owner_still_signs_in,
    a_stranger_cannot_lock_a_named_account_out,
    a_forwarding_header_from_an_untrusted_peer_is_ignored,
    replicas_share_the_counts,
    tracking_links_and_the_complaint_form_are_limited_per_address,
    limit_state_is_pruned_when_its_window_has_passed,
    asking_for_links_does_not_use_up_the_allowance_for_following_them,
    attempts_at_once_are_counted_before_any_is_tried,
);

fn behind_proxy() -> Settings {
    Settings {
        trusted_proxies: "127.0.0.1, ::1".into(),
        limit_address_failures: 5,
        ..test_settings()
    }
}

async fn login_from(app: &TestApp, ip: &str, email: &str, password: &str) -> reqwest::Response {
    app.request(Method::POST, "/api/v1/auth/login", None)
        .header("X-Forwarded-For", format!("{ip}, 127.0.0.1"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn an_address_that_keeps_failing_is_refused_while_the_owner_still_signs_in(app: TestApp) {
    let app = spawn_app_with(app.backend, behind_proxy()).await;
    let l = app.landlord("alpha").await;
    let email = &l.admin().email;
    for _ in 0..5 {
        let r = login_from(&app, "198.51.100.7", email, "wrong password again").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // That address is refused now, even with the right password.
    let refused = expect_problem(
        login_from(&app, "198.51.100.7", email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert!(refused["detail"].as_str().unwrap().contains("try again in"));
    // The account's owner, from their own address, still signs in (only more slowly).
    expect_status(
        login_from(&app, "203.0.113.9", email, PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    // Failures and the success are on the landlord's audit log, with the client's address.
    let log = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/alpha/audit?kind=auth.sign_in_failed&subject={}",
                l.admin().id
            ),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 5, "{log}");
    assert_eq!(entries[0]["client_address"], "198.51.100.7");
    assert!(entries[0]["actor_id"].is_null());
    let ok = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/alpha/audit?kind=auth.signed_in&subject={}",
                l.admin().id
            ),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ok["items"][0]["client_address"], "203.0.113.9");
}

async fn a_stranger_cannot_lock_a_named_account_out(app: TestApp) {
    let app = spawn_app_with(app.backend, behind_proxy()).await;
    let l = app.landlord("alpha").await;
    let email = &l.admin().email;
    // Many failures against the account, from many addresses, each under its own limit.
    for n in 0..8 {
        let ip = format!("198.51.100.{}", 10 + n);
        for _ in 0..3 {
            let r = login_from(&app, &ip, email, "a stranger's guess").await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
    }
    // Never a refusal for the owner: the account is slowed, not locked.
    expect_status(
        login_from(&app, "203.0.113.9", email, PASSWORD).await,
        StatusCode::OK,
    )
    .await;
    // An unknown account fails like a wrong password, and counts the same.
    let r = login_from(&app, "198.51.100.99", "nobody@alpha.test", "guess guess").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

async fn a_forwarding_header_from_an_untrusted_peer_is_ignored(app: TestApp) {
    // No trusted proxies: the header is the client's own say, and is not believed.
    let app = spawn_app_with(
        app.backend,
        Settings {
            limit_address_failures: 5,
            ..test_settings()
        },
    )
    .await;
    let l = app.landlord("alpha").await;
    let email = &l.admin().email;
    for n in 0..5 {
        let r = login_from(&app, &format!("192.0.2.{n}"), email, "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    expect_problem(
        login_from(&app, "192.0.2.200", email, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
}

async fn replicas_share_the_counts(app: TestApp) {
    let first = spawn_app_with(app.backend, behind_proxy()).await;
    let second = spawn_replica(&first).await;
    let l = first.landlord("alpha").await;
    let email = &l.admin().email;
    for replica in [&first, &second, &first, &second, &first] {
        let r = login_from(replica, "198.51.100.7", email, "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Five failures across two replicas: both refuse the address.
    for replica in [&first, &second] {
        expect_problem(
            login_from(replica, "198.51.100.7", email, PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
}

async fn tracking_links_and_the_complaint_form_are_limited_per_address(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            public_complaints_per_hour: 2,
            ..behind_proxy()
        },
    )
    .await;
    let _l = app.landlord("alpha").await;
    let track = |ip: &'static str, token: &'static str| {
        app.request(
            Method::GET,
            &format!("/api/v1/public/alpha/track/{token}"),
            None,
        )
        .header("X-Forwarded-For", ip)
        .send()
    };
    for n in 0..5 {
        let r = track("198.51.100.7", ["a", "b", "c", "d", "e"][n])
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    expect_problem(
        track("198.51.100.7", "f").await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    expect_problem(
        track("203.0.113.9", "f").await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    let complain = |ip: &'static str| {
        app.request(Method::POST, "/api/v1/public/alpha/complaints", None)
            .header("X-Forwarded-For", ip)
            .json(&json!({
                "resident": {"name": "Rita Resident", "email": "rita@example.org"},
                "description": "The lift has been broken for a month.",
            }))
            .send()
    };
    for _ in 0..2 {
        expect_status(complain("198.51.100.8").await.unwrap(), StatusCode::CREATED).await;
    }
    let p = expect_problem(
        complain("198.51.100.8").await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("another way"), "{p}");
    expect_status(complain("203.0.113.10").await.unwrap(), StatusCode::CREATED).await;
}

async fn limit_state_is_pruned_when_its_window_has_passed(app: TestApp) {
    use redress_store::limits;
    for n in 0..10 {
        limits::hit(
            &app.db,
            &format!("test:address:{n}"),
            chrono::Duration::milliseconds(1),
        )
        .await
        .unwrap();
    }
    let kept = limits::hit(&app.db, "test:kept", chrono::Duration::minutes(15))
        .await
        .unwrap();
    assert_eq!(kept.count, 1);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    // The server prunes too, every minute: whichever of them got there first, they are gone.
    limits::prune(&app.db).await.unwrap();
    for n in 0..10 {
        let key = format!("test:address:{n}");
        assert_eq!(limits::get(&app.db, &key).await.unwrap().count, 0, "{key}");
    }
    assert_eq!(limits::get(&app.db, "test:kept").await.unwrap().count, 1);
    assert_eq!(
        limits::get(&app.db, "test:address:3").await.unwrap().count,
        0
    );
    // A window that has passed starts again from one.
    let again = limits::hit(&app.db, "test:address:3", chrono::Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(again.count, 1);
}

async fn asking_for_links_does_not_use_up_the_allowance_for_following_them(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            limit_address_failures: 3,
            ..behind_proxy()
        },
    )
    .await;
    let l = app.landlord("alpha").await;
    let ask = async || {
        app.request(Method::POST, "/api/v1/auth/password-reset", None)
            .header("X-Forwarded-For", "198.51.100.30")
            .json(&json!({"email": l.user(Role::Mrc).email}))
            .send()
            .await
            .unwrap()
            .status()
    };
    for _ in 0..3 {
        assert_eq!(ask().await, StatusCode::ACCEPTED);
    }
    // The fourth request from the address is refused...
    assert_eq!(ask().await, StatusCode::TOO_MANY_REQUESTS);
    // ...but following a link from it is counted apart.
    let confirm = app
        .request(Method::POST, "/api/v1/auth/password-reset/confirm", None)
        .header("X-Forwarded-For", "198.51.100.30")
        .json(&json!({"token": "not-a-token", "password": "a long new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), StatusCode::NOT_FOUND);
}

/// Many guesses sent at once cannot all slip in before the first failure is counted: each is
/// counted before it is tried.
async fn attempts_at_once_are_counted_before_any_is_tried(app: TestApp) {
    let app = spawn_app_with(app.backend, behind_proxy()).await;
    let l = app.landlord("alpha").await;
    let email = &l.user(Role::Mrc).email;
    let statuses = futures_util::future::join_all(
        (0..12).map(|_| login_from(&app, "198.51.100.23", email, "a guess at the password")),
    )
    .await
    .into_iter()
    .map(|r| r.status())
    .collect::<Vec<_>>();
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((tried, refused), (5, 7), "{statuses:?}");
}
