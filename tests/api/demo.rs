use crate::helpers::*;
use redress_api::auth::password::HashCost;
use redress_server::demo;
use reqwest::StatusCode;

db_tests!(every_printed_demo_login_signs_in_and_seeding_twice_changes_nothing);

async fn every_printed_demo_login_signs_in_and_seeding_twice_changes_nothing(app: TestApp) {
    let holidays = redress_domain::calendar::BankHolidays::england_and_wales().unwrap();
    let volume = demo::Volume(0.01);
    let logins = demo::seed(&app.db, HashCost::TESTING, &holidays, volume)
        .await
        .unwrap();
    let again = demo::seed(&app.db, HashCost::TESTING, &holidays, volume)
        .await
        .unwrap();
    assert_eq!(logins.len(), again.len());
    assert_eq!(
        logins.len(),
        1 + 3 * 7,
        "a platform admin and every role at three landlords"
    );
    let banner = demo::banner("http://127.0.0.1:8080", &logins);
    for login in &logins {
        assert!(banner.contains(&login.email));
        let user = app.login_ok(&login.email, demo::DEMO_PASSWORD).await;
        let me = expect_status(app.get("/api/v1/me", &user.token).await, StatusCode::OK).await;
        match &login.landlord {
            Some(slug) => {
                assert_eq!(
                    me["memberships"].as_array().unwrap().len(),
                    1,
                    "{}",
                    login.email
                );
                assert_eq!(me["memberships"][0]["landlord"], slug.as_str());
                assert_eq!(me["memberships"][0]["role"], login.role.as_str());
            }
            None => assert_eq!(me["is_platform_admin"], true),
        }
    }
    let platform = app
        .login_ok("platform@redress.example.org", demo::DEMO_PASSWORD)
        .await;
    let all = expect_status(
        app.get("/api/v1/landlords", &platform.token).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let admin = app
        .login_ok("admin@northbridge.example.org", demo::DEMO_PASSWORD)
        .await;
    let s = expect_status(
        app.get("/api/v1/landlords/northbridge/settings", &admin.token)
            .await,
        StatusCode::OK,
    )
    .await;
    let codes: Vec<&str> = s["schemes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["corporate", "housing"]);
}
