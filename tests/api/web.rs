//! The web portal as `redress serve` serves it: the built files at `/`, `index.html` for the
//! portal's own routes, security headers, the API untouched, and a page saying how to build
//! the portal when it is missing. The database plays no part, so SQLite alone is enough.
use crate::helpers::*;
use reqwest::{Method, StatusCode};

/// A built portal in a fresh folder: `index.html` and one asset.
fn built_portal() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("redress-web-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Redress</title><div id=\"root\"></div>",
    )
    .unwrap();
    std::fs::write(dir.join("assets/app-1234.js"), "console.log('portal');").unwrap();
    dir
}

async fn portal_app(web_dir: std::path::PathBuf) -> TestApp {
    let settings = redress_server::config::Settings {
        web_dir,
        ..test_settings()
    };
    spawn_app_with(Backend::Sqlite, settings).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_is_served_with_its_routes_falling_back_to_index_html() {
    let app = portal_app(built_portal()).await;
    for path in [
        "/",
        "/sign-in",
        "/l/riverside/complaints/0190d6a8-0000-7000-8000-000000000001",
        "/l/riverside/subscriptions",
        "/p/riverside",
    ] {
        let r = app.request(Method::GET, path, None).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let h = r.headers().clone();
        assert!(
            h["content-type"].to_str().unwrap().starts_with("text/html"),
            "{path}"
        );
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert!(
            r.text().await.unwrap().contains("<div id=\"root\">"),
            "{path}"
        );
    }
    let asset = app
        .request(Method::GET, "/assets/app-1234.js", None)
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(
        asset.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_paths_and_missing_files_are_not_found_rather_than_the_portal() {
    let app = portal_app(built_portal()).await;
    for path in [
        "/api/v1/nothing-here",
        "/api/other",
        "/assets/missing-99.js",
    ] {
        let r = app.request(Method::GET, path, None).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
    // The API keeps working beside the portal; its answers refuse framing too.
    let r = app
        .request(Method::GET, "/api/v1/me", None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let health = app
        .request(Method::GET, "/healthz", None)
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    // Files outside the folder stay out of reach.
    let r = app
        .request(Method::GET, "/../Cargo.toml", None)
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_built_portal_the_home_page_says_how_to_build_it() {
    let missing = std::env::temp_dir().join(format!("redress-no-web-{}", uuid::Uuid::new_v4()));
    let app = portal_app(missing).await;
    let r = app.request(Method::GET, "/", None).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(text.contains("npm run build"), "{text}");
    let r = app
        .request(Method::GET, "/l/riverside/complaints", None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let health = app
        .request(Method::GET, "/healthz", None)
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

/// The portal's files go gzipped to a browser that accepts it; the API's answers never do
/// (they carry tokens and what the caller sent: BREACH).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portals_files_are_compressed_and_the_api_is_not() {
    let app = portal_app(built_portal()).await;
    let asset = app
        .request(Method::GET, "/assets/app-1234.js", None)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(asset.headers()["content-encoding"], "gzip");
    let body = asset.bytes().await.unwrap();
    assert_eq!(&body[..2], b"\x1f\x8b", "a gzip stream");
    let plain = app
        .request(Method::GET, "/assets/app-1234.js", None)
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('portal');");
    let api = app
        .request(Method::GET, "/api/v1/me", None)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(api.headers().get("content-encoding").is_none());
}
