//! What a landlord publishes (docs/rules.md, "Oversight figures" and "What residents can do
//! online"): TSM figures for a year that has ended, read by every member including the
//! residents' panel (Code 9.3), who reads nothing else;
//! and the public page (Code 3.4, 3.7, 8.2, 8.5), read without signing in, rate-limited per
//! client, holding no personal data of residents or staff.

use crate::complaints::{acknowledgement, act_ok, intake, response};
use crate::helpers::*;
use chrono::{Datelike, Days, NaiveDate};
use redress_domain::roles::Role;
use redress_server::config::Settings;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

db_tests!(
    a_years_figures_are_published_once_it_has_ended_and_replaced_when_published_again,
    published_figures_are_published_by_landlord_admins_and_read_by_every_member,
    the_residents_panel_reads_published_learning_and_performance_and_nothing_else,
    the_public_page_says_how_to_complain_and_shows_what_was_published,
    the_public_page_holds_no_personal_data,
    only_an_active_landlord_has_a_public_page,
    the_public_page_is_rate_limited_per_client,
);

fn today() -> NaiveDate {
    redress_api::time::today()
}

/// The financial year `today` falls in, by the year it starts in.
fn current_year() -> i32 {
    let t = today();
    if t.month() >= 4 {
        t.year()
    } else {
        t.year() - 1
    }
}

fn tsm(l: &Landlord, rest: &str) -> String {
    format!("/api/v1/landlords/{}/tsm{rest}", l.slug)
}

fn public(slug: &str) -> String {
    format!("/api/v1/public/{slug}")
}

async fn publish(app: &TestApp, l: &Landlord, year: i32) -> reqwest::Response {
    app.post(
        &tsm(l, &format!("/{year}/publish")),
        Some(&l.admin().token),
        &Value::Null,
    )
    .await
}

async fn published(app: &TestApp, l: &Landlord, query: &str) -> Value {
    expect_status(
        app.get(&tsm(l, &format!("/published{query}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await
}

fn years(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["year"].as_i64().unwrap())
        .collect()
}

async fn tsm_audit(app: &TestApp, l: &Landlord) -> Vec<Value> {
    let page = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?limit=200", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"].as_str().unwrap().starts_with("tsm."))
        .cloned()
        .collect()
}

/// A stage 1 complaint received on `received_on`, acknowledged and answered in time.
async fn answered(app: &TestApp, l: &Landlord, received_on: &str, resident: Value) -> Value {
    let c = intake(
        app,
        l,
        json!({"received_on": received_on, "resident": resident}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    let on: NaiveDate = received_on.parse().unwrap();
    let ack = (on + Days::new(1)).to_string();
    let resp = (on + Days::new(3)).to_string();
    act_ok(app, l, &id, "acknowledge", acknowledgement(&ack)).await;
    act_ok(app, l, &id, "respond", response(&resp)).await;
    c
}

fn someone() -> Value {
    json!({"name": "Mary Jones", "email": "mary@example.org", "property_ref": "FL-12"})
}

async fn a_years_figures_are_published_once_it_has_ended_and_replaced_when_published_again(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let admin = l.admin();
    answered(&app, &l, "2025-01-06", someone()).await;

    // The current year has not ended, nor has the next: 409 citing the rule, nothing kept.
    for year in [current_year(), current_year() + 1] {
        let p = expect_problem(publish(&app, &l, year).await, StatusCode::CONFLICT).await;
        let detail = p["detail"].as_str().unwrap();
        assert!(
            detail
                .contains("a year's figures are published once it has ended (1 April to 31 March)"),
            "{detail}"
        );
    }
    // Before the Regulator's measures began: 422 naming the year.
    let p = expect_problem(
        publish(&app, &l, 2022).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["year"]);
    assert_eq!(years(&published(&app, &l, "").await), Vec::<i64>::new());
    assert!(tsm_audit(&app, &l).await.is_empty());

    let first = expect_status(publish(&app, &l, 2024).await, StatusCode::OK).await;
    assert_eq!(first["year"], 2024);
    assert_eq!(first["published_by"], admin.id.to_string());
    assert_eq!(first["figures"]["year"], 2024);
    assert_eq!(first["figures"]["complete"], true);
    assert_eq!(first["figures"]["from"], "2024-04-01");
    assert_eq!(first["figures"]["to"], "2025-03-31");
    assert_eq!(first["figures"]["counts"]["stage1_received"], 1);
    assert_eq!(first["figures"]["counts"]["stage1_responded_in_time"], 1);
    assert_eq!(first["figures"]["ch02_stage1_pct"], 100.0);
    assert_eq!(first["figures"]["ch01_stage1_per_1000"], 1.0);

    // A complaint recorded later for that year: publishing again replaces the snapshot.
    answered(&app, &l, "2025-02-03", someone()).await;
    let before = published(&app, &l, "").await;
    assert_eq!(
        before["items"][0]["figures"]["counts"]["stage1_received"], 1,
        "a snapshot does not move with the cases"
    );
    let second = expect_status(publish(&app, &l, 2024).await, StatusCode::OK).await;
    assert_eq!(second["figures"]["counts"]["stage1_received"], 2);
    let list = published(&app, &l, "").await;
    assert_eq!(years(&list), [2024]);
    assert_eq!(list["items"][0], second);

    let audit = tsm_audit(&app, &l).await;
    let kinds: Vec<&str> = audit.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["tsm.republished", "tsm.published"]);
    assert_eq!(
        audit[0]["detail"]["replaced"]["figures"]["counts"]["stage1_received"],
        1
    );

    // Newest year first, a page at a time.
    let last_ended = current_year() - 1;
    expect_status(publish(&app, &l, last_ended).await, StatusCode::OK).await;
    assert_eq!(
        years(&published(&app, &l, "").await),
        [last_ended.into(), 2024]
    );
    let page = published(&app, &l, "?limit=1").await;
    assert_eq!(years(&page), [i64::from(last_ended)]);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let next = published(&app, &l, &format!("?limit=1&cursor={cursor}")).await;
    assert_eq!(years(&next), [2024]);
    assert!(next["next_cursor"].is_null());
    for (query, field) in [
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?cursor=last", "cursor"),
    ] {
        let p = expect_problem(
            app.get(&tsm(&l, &format!("/published{query}")), &admin.token)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{query}");
    }
}

async fn published_figures_are_published_by_landlord_admins_and_read_by_every_member(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(Method::POST, &tsm(&a, "/2024/publish"), Some(t))
    })
    .await;
    check_roles(
        &a,
        &b,
        &platform,
        |_| Expect::Allowed,
        |t| app.request(Method::GET, &tsm(&a, "/published"), Some(t)),
    )
    .await;
    for role in Role::MEMBERSHIP {
        let page = expect_status(
            app.get(&tsm(&a, "/published"), &a.user(role).token).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(years(&page), [2024], "{role}");
    }
    // Beta published nothing, and sees nothing of alpha's.
    assert_eq!(years(&published(&app, &b, "").await), Vec::<i64>::new());
}

async fn the_residents_panel_reads_published_learning_and_performance_and_nothing_else(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = answered(&app, &l, "2025-01-06", someone()).await;
    let complaint_id = c["id"].as_str().unwrap().to_owned();
    let resident_id = c["resident_id"].as_str().unwrap().to_owned();
    let entry = |area: &str| {
        json!({"complaint_ids": [complaint_id], "service_area": area,
               "what_went_wrong": "Appointments were booked without the contractor.",
               "lesson": "Confirm appointments with the contractor first.",
               "improvement": "The repairs desk confirms each appointment the same day.",
               "status": "identified"})
    };
    let learning = |rest: &str| format!("/api/v1/landlords/{}/learning{rest}", l.slug);
    let shown = expect_status(
        app.post(&learning(""), Some(officer), &entry("repairs"))
            .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_status(
        app.post(
            &learning(&format!("/{shown}/publish")),
            Some(officer),
            &json!({"public_summary": "You told us engineers missed appointments; we now confirm each one."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let hidden = expect_status(
        app.post(&learning(""), Some(officer), &entry("estates"))
            .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_status(publish(&app, &l, 2024).await, StatusCode::OK).await;

    let panel = &l.user(Role::PanelMember).token;
    let base = format!("/api/v1/landlords/{}", l.slug);
    let refused = [
        "/complaints".to_owned(),
        format!("/complaints/{complaint_id}"),
        format!("/complaints/{complaint_id}/timeline"),
        format!("/complaints/{complaint_id}/correspondence"),
        "/residents".to_owned(),
        format!("/residents/{resident_id}"),
        "/service-requests".to_owned(),
        "/reviews".to_owned(),
        "/audit".to_owned(),
        "/dashboard".to_owned(),
        "/dashboard/cases?figure=stage1_received".to_owned(),
        "/tsm".to_owned(),
        "/tsm?year=2024".to_owned(),
        "/subscriptions".to_owned(),
        "/settings".to_owned(),
        "/users".to_owned(),
        "/contractors".to_owned(),
        "/letters".to_owned(),
        "/exceptional-circumstances/history".to_owned(),
        format!("/learning/{hidden}"),
    ];
    for path in &refused {
        let resp = app.get(&format!("{base}{path}"), panel).await;
        let status = resp.status();
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "the residents' panel must not read {path}: {status}"
        );
    }
    let figures = expect_status(
        app.get(&format!("{base}/tsm/published"), panel).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(years(&figures), [2024]);
    let entries = expect_status(app.get(&learning(""), panel).await, StatusCode::OK).await;
    let items = entries["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], shown);
    assert!(items[0].get("what_went_wrong").is_none(), "{}", items[0]);
    expect_status(
        app.get(&learning(&format!("/{shown}")), panel).await,
        StatusCode::OK,
    )
    .await;
}

async fn the_public_page_says_how_to_complain_and_shows_what_was_published(app: TestApp) {
    let l = app.landlord("alpha").await;
    let admin = &l.admin().token;
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/{}/settings", l.slug),
            admin,
            &json!({"letter_name": "Alpha Homes Complaints Team",
                    "contact_block": "Alpha House, 1 High Street, Leeds LS1 1AA. 0113 496 0000, Monday to Friday 9am to 5pm.",
                    "schemes": [{"code": "housing", "timescales": {"stage1_response": 8}}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // Nothing published yet: the page says how to complain and nothing more.
    let resp = app
        .request(Method::GET, &public(&l.slug), None)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["cache-control"].to_str().unwrap(),
        "public, max-age=60"
    );
    let page = expect_status(resp, StatusCode::OK).await;
    assert_eq!(
        page["landlord"],
        json!({"name": "alpha homes", "slug": "alpha"})
    );
    let how = &page["how_to_complain"];
    assert_eq!(how["letter_name"], "Alpha Homes Complaints Team");
    assert!(
        how["contact_block"]
            .as_str()
            .unwrap()
            .starts_with("Alpha House")
    );
    let summary = how["summary"].as_str().unwrap();
    for words in [
        "Alpha Homes Complaints Team welcomes complaints",
        "within 5 working days",
        "within 8 working days of acknowledging it (stage 1)",
        "within 20 working days",
        "without giving a reason",
        "Housing Ombudsman Service",
    ] {
        assert!(summary.contains(words), "{words:?} not in {summary}");
    }
    let channels: BTreeSet<&str> = how["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["channel"].as_str().unwrap())
        .collect();
    for c in [
        "online",
        "phone",
        "email",
        "letter",
        "in_person",
        "representative",
    ] {
        assert!(channels.contains(c), "{c}");
    }
    assert_eq!(how["timescales"][0]["scheme"], "housing");
    assert_eq!(how["timescales"][0]["timescales"]["stage1_acknowledge"], 5);
    assert_eq!(how["timescales"][0]["timescales"]["stage1_response"], 8);
    assert_eq!(how["timescales"][0]["timescales"]["stage2_response"], 20);
    assert_eq!(page["ombudsman"][0]["scheme"], "housing");
    assert_eq!(page["ombudsman"][0]["name"], "Housing Ombudsman Service");
    assert!(
        page["ombudsman"][0]["contact"]
            .as_str()
            .unwrap()
            .contains("0300 111 3000")
    );
    for empty in [
        "tsm",
        "self_assessment",
        "annual_report",
        "exceptional_circumstances",
    ] {
        assert!(page[empty].is_null(), "{empty}: {}", page[empty]);
    }
    assert_eq!(page["learning"], json!([]));

    // Then the landlord publishes figures and learning and posts a notice.
    let c = answered(&app, &l, "2025-01-06", someone()).await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let learning = format!("/api/v1/landlords/{}/learning", l.slug);
    let mut ids = Vec::new();
    for area in ["repairs", "estates", "lettings"] {
        let e = expect_status(
            app.post(
                &learning,
                Some(officer),
                &json!({"complaint_ids": [c["id"]], "service_area": area,
                        "what_went_wrong": "Internal notes on what went wrong.",
                        "lesson": "Internal lesson.", "improvement": "Internal improvement.",
                        "status": "identified"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(e["id"].as_str().unwrap().to_owned());
    }
    for (id, summary) in [
        (
            &ids[0],
            "You said repairs were missed; we now confirm each appointment.",
        ),
        (
            &ids[2],
            "You said lettings were slow; we now offer viewings within a week.",
        ),
    ] {
        expect_status(
            app.post(
                &format!("{learning}/{id}/publish"),
                Some(officer),
                &json!({"public_summary": summary}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    expect_status(publish(&app, &l, 2024).await, StatusCode::OK).await;
    let return_on = (today() + Days::new(10)).to_string();
    expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/exceptional-circumstances", l.slug),
            Some(admin),
            &json!({"description": "A cyber incident has taken our systems offline.",
                    "expected_return_on": return_on}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let page = expect_status(
        app.request(Method::GET, &public(&l.slug), None)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["tsm"]["year"], 2024);
    assert_eq!(page["tsm"]["figures"]["counts"]["stage1_received"], 1);
    assert!(page["tsm"]["published_at"].is_string());
    assert!(page["tsm"].get("published_by").is_none());
    let learnt = page["learning"].as_array().unwrap();
    let areas: Vec<&str> = learnt
        .iter()
        .map(|e| e["service_area"].as_str().unwrap())
        .collect();
    assert_eq!(
        areas,
        ["lettings", "repairs"],
        "published only, newest first"
    );
    // Listed by the day each was published, not by when the learning was recorded: the
    // lettings entry, recorded later but published a month earlier, now comes second.
    let lettings: uuid::Uuid = ids[2].parse().unwrap();
    app.sql(
        "UPDATE learning_entries SET published_on = $1 WHERE id = $2",
        vec![(today() - Days::new(30)).into(), lettings.into()],
    )
    .await;
    let again = expect_status(
        app.request(Method::GET, &public(&l.slug), None)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let areas: Vec<&str> = again["learning"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["service_area"].as_str().unwrap())
        .collect();
    assert_eq!(
        areas,
        ["repairs", "lettings"],
        "most recently published first"
    );
    let keys: BTreeSet<&str> = learnt[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "id",
            "service_area",
            "public_summary",
            "published_on",
            "status",
            "implemented_on"
        ])
    );
    assert_eq!(
        page["exceptional_circumstances"],
        json!({"description": "A cyber incident has taken our systems offline.",
               "expected_return_on": return_on,
               "posted_at": page["exceptional_circumstances"]["posted_at"]})
    );
    assert!(page["exceptional_circumstances"]["posted_at"].is_string());
}

async fn the_public_page_holds_no_personal_data(app: TestApp) {
    let l = app.landlord("alpha").await;
    let resident = json!({"name": "Rosalind Featherstonehaugh",
                          "email": "rosalind.f@example.org", "phone": "07700 900123",
                          "property_ref": "FLAT-7781"});
    let c = answered(&app, &l, "2025-01-06", resident).await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let learning = format!("/api/v1/landlords/{}/learning", l.slug);
    let e = expect_status(
        app.post(
            &learning,
            Some(officer),
            &json!({"complaint_ids": [c["id"]], "service_area": "repairs",
                    "what_went_wrong": "Rosalind's boiler at FLAT-7781 was left broken.",
                    "lesson": "Check boilers.", "improvement": "Boilers are checked.",
                    "owner": "Head of Repairs", "status": "identified"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_status(
        app.post(
            &format!("{learning}/{}/publish", e["id"].as_str().unwrap()),
            Some(officer),
            &json!({"public_summary": "You told us a boiler repair took too long; we now check repairs weekly."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    expect_status(publish(&app, &l, 2024).await, StatusCode::OK).await;
    expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/exceptional-circumstances", l.slug),
            Some(&l.admin().token),
            &json!({"description": "Systems are offline after a cyber incident.",
                    "expected_return_on": today().to_string()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let text = app
        .request(Method::GET, &public(&l.slug), None)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut never = vec![
        "Rosalind".to_owned(),
        "Featherstonehaugh".to_owned(),
        "rosalind.f@example.org".to_owned(),
        "07700 900123".to_owned(),
        "FLAT-7781".to_owned(),
        c["reference"].as_str().unwrap().to_owned(),
        c["id"].as_str().unwrap().to_owned(),
        c["resident_id"].as_str().unwrap().to_owned(),
        "boiler has been broken".to_owned(),
        "Head of Repairs".to_owned(),
        "@alpha.test".to_owned(),
    ];
    for user in l.users.values() {
        never.push(user.id.to_string());
        never.push(user.email.clone());
    }
    for word in &never {
        assert!(
            !text.contains(word.as_str()),
            "{word:?} is on the public page: {text}"
        );
    }
    assert!(text.contains("we now check repairs weekly"), "{text}");
}

async fn only_an_active_landlord_has_a_public_page(app: TestApp) {
    let l = app.landlord("alpha").await;
    let get = |path: String| {
        let app = &app;
        async move { app.request(Method::GET, &path, None).send().await.unwrap() }
    };
    expect_status(get(public("alpha")).await, StatusCode::OK).await;
    expect_problem(get(public("nobody")).await, StatusCode::NOT_FOUND).await;
    expect_problem(
        get(format!("{}/more", public("alpha"))).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Onboarding: its first admin has not accepted yet.
    let platform = app.platform_admin().await;
    expect_status(
        app.post(
            "/api/v1/landlords",
            Some(&platform.token),
            &json!({"name": "Gamma Homes", "slug": "gamma", "kind": "almo", "homes": 300,
                    "admin_email": "admin@gamma.test"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_problem(get(public("gamma")).await, StatusCode::NOT_FOUND).await;

    // Suspended.
    app.sql(
        "UPDATE landlords SET status = 'suspended' WHERE slug = $1",
        vec![l.slug.as_str().into()],
    )
    .await;
    expect_problem(get(public("alpha")).await, StatusCode::NOT_FOUND).await;
}

async fn the_public_page_is_rate_limited_per_client(app: TestApp) {
    let limited = spawn_app_with(
        app.backend,
        Settings {
            public_rate_per_second: 1,
            public_burst: 3,
            ..test_settings()
        },
    )
    .await;
    let l = limited.landlord("alpha").await;
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..10 {
        let resp = limited
            .request(Method::GET, &public(&l.slug), None)
            .send()
            .await
            .unwrap();
        statuses.push(resp.status());
        if resp.status() == StatusCode::TOO_MANY_REQUESTS && refused.is_none() {
            refused = Some(resp);
        }
    }
    assert_eq!(
        &statuses[..3],
        [StatusCode::OK; 3],
        "a burst of 3 gets through: {statuses:?}"
    );
    let refused = refused.unwrap_or_else(|| panic!("never limited: {statuses:?}"));
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1, "{wait}");
    let p = expect_problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert!(p["detail"].as_str().unwrap().contains("try again"), "{p}");
    // The limit is the public routes' own: signed-in work goes on.
    expect_status(
        limited
            .get(
                &format!("/api/v1/landlords/{}/settings", l.slug),
                &l.admin().token,
            )
            .await,
        StatusCode::OK,
    )
    .await;
    // The default limit lets a page load and a few reloads through.
    for _ in 0..20 {
        expect_status(
            app.request(Method::GET, &public("nobody"), None)
                .send()
                .await
                .unwrap(),
            StatusCode::NOT_FOUND,
        )
        .await;
    }
}
