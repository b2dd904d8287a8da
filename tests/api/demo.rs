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
    let banner = demo::banner("http://127.0.0.1:8080", &logins, true);
    assert!(banner.contains("authenticator app"));
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
    // Each demo landlord has last year's self-assessment and annual report published, and
    // a draft for this year (Code 8.1–8.4).
    let this_year = redress_api::time::financial_year_of(redress_api::time::today());
    for slug in ["northbridge", "meridian-housing", "brookside-homes"] {
        let login = logins
            .iter()
            .find(|l| l.landlord.as_deref() == Some(slug) && l.role.as_str() == "mrc")
            .expect("the MRC's login");
        let mrc = app.login_ok(&login.email, demo::DEMO_PASSWORD).await;
        let base = format!("/api/v1/landlords/{slug}/self-assessments");
        let last = expect_status(
            app.get(&format!("{base}/{}", this_year - 1), &mrc.token)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(last["status"], "published", "{slug}");
        assert!(last["unanswered"].as_array().unwrap().is_empty());
        let current = expect_status(
            app.get(&format!("{base}/{this_year}"), &mrc.token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(current["status"], "draft", "{slug}");
        let public = expect_status(
            app.request(
                reqwest::Method::GET,
                &format!("/api/v1/public/{slug}"),
                None,
            )
            .send()
            .await
            .unwrap(),
            StatusCode::OK,
        )
        .await;
        assert_eq!(public["annual_report"]["year"], this_year - 1, "{slug}");
        assert_eq!(public["self_assessment"]["year"], this_year - 1, "{slug}");
    }
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
    // Residents' needs are seeded: adjustments and restrictions with reviews to do.
    for kind in ["adjustment", "restriction"] {
        let due = expect_status(
            app.get(
                &format!("/api/v1/landlords/northbridge/reviews?kind={kind}&due_within_days=365"),
                &admin.token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert!(
            !due["items"].as_array().unwrap().is_empty(),
            "no {kind} to review"
        );
    }
    // Complaints with the Ombudsman, each with a request for information; what is due on
    // them is the Ombudsman's date.
    let requests = app
        .sql_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM ombudsman_requests",
            vec![],
        )
        .await
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    assert!(requests > 0, "no request from the Ombudsman");
    let due = app
        .sql_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM complaints WHERE next_due = 'ombudsman_request'",
            vec![],
        )
        .await
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    assert!(due > 0, "no complaint due an answer to the Ombudsman");
}

db_tests!(generated_landlords_keep_every_case_inside_its_landlord);

/// `redress generate`: each landlord's complaints are its own, handled by its own staff;
/// copying the first landlord's history is for PostgreSQL only.
async fn generated_landlords_keep_every_case_inside_its_landlord(app: TestApp) {
    let holidays = redress_domain::calendar::BankHolidays::england_and_wales().unwrap();
    let hash =
        redress_api::auth::password::hash_now(demo::DEMO_PASSWORD, HashCost::TESTING).unwrap();
    let copy = app.backend == Backend::Postgres;
    let made =
        redress_server::synthetic::generate_landlords(&app.db, &hash, &holidays, 3, 60, copy)
            .await
            .unwrap();
    assert_eq!(made.complaints, 60);
    for i in 1..=3 {
        let officer = app
            .login_ok(&format!("officer@gen-{i}.example.org"), demo::DEMO_PASSWORD)
            .await;
        let list = expect_status(
            app.get(
                &format!("/api/v1/landlords/gen-{i}/complaints?limit=200"),
                &officer.token,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 20, "gen-{i}");
        assert!(items.iter().all(|c| {
            c["reference"]
                .as_str()
                .unwrap()
                .starts_with(&format!("G{i}-"))
        }));
        let users = expect_status(
            app.get(&format!("/api/v1/landlords/gen-{i}/users"), &officer.token)
                .await,
            StatusCode::OK,
        )
        .await;
        let members: Vec<&str> = users["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap())
            .collect();
        for c in items {
            if let Some(h) = c["handler_id"].as_str() {
                assert!(
                    members.contains(&h),
                    "gen-{i}'s case is handled by someone of another landlord"
                );
            }
            let one = expect_status(
                app.get(
                    &format!(
                        "/api/v1/landlords/gen-{i}/complaints/{}",
                        c["id"].as_str().unwrap()
                    ),
                    &officer.token,
                )
                .await,
                StatusCode::OK,
            )
            .await;
            assert_eq!(one["id"], c["id"]);
        }
    }
    if !copy {
        let err =
            redress_server::synthetic::generate_landlords(&app.db, &hash, &holidays, 4, 80, true)
                .await;
        assert!(err.unwrap_err().to_string().contains("PostgreSQL"));
    }
}
