//! Headers and secrets (issue "Trust", point 7): every HTML response carries a content
//! security policy that forbids framing, HSTS over https, and the secrets the server
//! generates are readable by their owner only.

use crate::helpers::*;
use redress_server::config::Settings;
use reqwest::{Method, StatusCode};

db_tests!(
    every_html_response_forbids_framing,
    hsts_is_sent_when_the_portal_is_reached_over_https,
    generated_secrets_are_readable_by_their_owner_only,
);

fn csp(r: &reqwest::Response) -> String {
    r.headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn every_html_response_forbids_framing(app: TestApp) {
    for path in [
        "/api/docs/",
        "/api/docs/index.html",
        "/api/v1/unsubscribe/made-up-token?digest=weekly",
        "/api/v1/openapi.json",
        "/healthz",
        "/api/v1/nothing-here",
    ] {
        let r = app.request(Method::GET, path, None).send().await.unwrap();
        let policy = csp(&r);
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy:?}"
        );
        assert_eq!(r.headers()["x-frame-options"], "DENY", "{path}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff", "{path}");
        assert!(
            !policy.contains("http:") && !policy.contains("https://"),
            "{path}: nothing from elsewhere: {policy}"
        );
    }
    // The documentation page is HTML and runs only the server's own scripts.
    let docs = app
        .request(Method::GET, "/api/docs/", None)
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(csp(&docs).contains("script-src 'self'"));
    let html = docs.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Without https, no HSTS.
    let r = app
        .request(Method::GET, "/healthz", None)
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}

async fn hsts_is_sent_when_the_portal_is_reached_over_https(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            public_url: "https://complaints.example.org".into(),
            ..test_settings()
        },
    )
    .await;
    for path in ["/healthz", "/api/docs/", "/api/v1/me"] {
        let r = app.request(Method::GET, path, None).send().await.unwrap();
        let hsts = r.headers()["strict-transport-security"].to_str().unwrap();
        assert!(hsts.starts_with("max-age=31536000"), "{path}: {hsts}");
    }
}

async fn generated_secrets_are_readable_by_their_owner_only(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        Settings {
            jwt_secret: None,
            data_secret: None,
            ..test_settings()
        },
    )
    .await;
    for file in ["jwt-secret", "data-secret"] {
        let path = app.settings.data_dir.join(file);
        let meta = std::fs::metadata(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{file}");
        }
        assert!(meta.len() >= 32, "{file}");
    }
    expect_status(
        app.request(Method::GET, "/healthz", None)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
}
