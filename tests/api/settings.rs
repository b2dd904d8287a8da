use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

db_tests!(
    a_new_landlord_has_a_housing_scheme_on_the_codes_timescales,
    a_timescale_longer_than_the_code_is_refused_and_nothing_changes,
    an_admin_sets_homes_closure_days_and_shorter_timescales,
    a_new_scheme_code_adds_a_scheme,
    settings_are_read_by_staff_and_changed_by_admins_only,
    open_complaints_deadlines_follow_a_change_of_closure_days_or_timescales,
    a_change_made_through_another_server_is_seen_by_the_next_request,
    a_scheme_newer_than_the_kept_copy_is_read_afresh,
);

async fn a_new_landlord_has_a_housing_scheme_on_the_codes_timescales(app: TestApp) {
    let l = app.landlord("alpha").await;
    let s = expect_status(
        app.get("/api/v1/landlords/alpha/settings", &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let schemes = s["schemes"].as_array().unwrap();
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0]["code"], "housing");
    assert_eq!(schemes[0]["ombudsman"]["name"], "Housing Ombudsman Service");
    assert!(
        schemes[0]["ombudsman"]["contact"]
            .as_str()
            .unwrap()
            .contains("0300 111 3000")
    );
    assert_eq!(
        schemes[0]["timescales"],
        json!({"stage1_acknowledge": 5, "stage1_response": 10, "stage1_extension": 10,
               "stage2_acknowledge": 5, "stage2_response": 20, "stage2_extension": 20})
    );
    assert_eq!(s["closure_days"], json!([]));
}

async fn a_timescale_longer_than_the_code_is_refused_and_nothing_changes(app: TestApp) {
    let l = app.landlord("alpha").await;
    let before = expect_status(
        app.get("/api/v1/landlords/alpha/settings", &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let resp = app
        .patch(
            "/api/v1/landlords/alpha/settings",
            &l.admin().token,
            &json!({"homes": 5000, "schemes": [{"code": "housing",
                     "timescales": {"stage1_response": 15, "stage2_extension": 30}}]}),
        )
        .await;
    let p = expect_problem(resp, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        fields(&p),
        [
            "schemes[0].timescales.stage1_response",
            "schemes[0].timescales.stage2_extension"
        ]
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("longer than the Code allows (10)")
    );
    let after = expect_status(
        app.get("/api/v1/landlords/alpha/settings", &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(before, after, "a refused change changes nothing");
}

async fn an_admin_sets_homes_closure_days_and_shorter_timescales(app: TestApp) {
    let l = app.landlord("alpha").await;
    let resp = app
        .patch(
            "/api/v1/landlords/alpha/settings",
            &l.admin().token,
            &json!({"homes": 5000, "homes_low_cost_home_ownership": 250, "reference_prefix": "alp",
                    "closure_days": [{"date": "2025-01-06", "reason": "Office move"}],
                    "schemes": [{"code": "housing", "timescales": {"stage1_response": 8},
                                 "ombudsman": {"contact": "Housing Ombudsman, PO Box 1484, Preston"}}]}),
        )
        .await;
    let s = expect_status(resp, StatusCode::OK).await;
    assert_eq!(s["landlord"]["homes"], 5250);
    assert_eq!(s["landlord"]["reference_prefix"], "ALP");
    assert_eq!(s["schemes"][0]["timescales"]["stage1_response"], 8);
    assert_eq!(s["schemes"][0]["timescales"]["stage1_acknowledge"], 5);
    assert_eq!(
        s["schemes"][0]["ombudsman"]["contact"],
        "Housing Ombudsman, PO Box 1484, Preston"
    );
    assert_eq!(
        s["closure_days"],
        json!([{"date": "2025-01-06", "reason": "Office move"}])
    );
    // The calendar now skips the closure day: Sat 2025-01-04 + 5 is the 13th, not the 10th.
    let due = expect_status(
        app.get(
            "/api/v1/landlords/alpha/calendar/due?from=2025-01-04&working_days=5",
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(due["due"], "2025-01-13");
    assert!(
        due["skipped"]
            .as_array()
            .unwrap()
            .contains(&json!({"date": "2025-01-06", "reason": "closure day: Office move"}))
    );
}

async fn a_new_scheme_code_adds_a_scheme(app: TestApp) {
    let l = app.landlord("alpha").await;
    let resp = app
        .patch(
            "/api/v1/landlords/alpha/settings",
            &l.admin().token,
            &json!({"schemes": [{"code": "corporate", "name": "Corporate complaints",
                     "ombudsman": {"name": "Local Government and Social Care Ombudsman",
                                   "contact": "LGSCO, PO Box 4771, Coventry, CV4 0EH"}}]}),
        )
        .await;
    let s = expect_status(resp, StatusCode::OK).await;
    let codes: Vec<&str> = s["schemes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["corporate", "housing"]);
    assert_eq!(s["schemes"][0]["timescales"]["stage2_response"], 20);
}

async fn settings_are_read_by_staff_and_changed_by_admins_only(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    check_access(
        &a,
        &b,
        &platform,
        &[
            Role::LandlordAdmin,
            Role::ComplaintsOfficer,
            Role::CaseHandler,
            Role::Mrc,
            Role::GoverningBody,
        ],
        |t| app.request(Method::GET, "/api/v1/landlords/alpha/settings", Some(t)),
    )
    .await;
    check_access(&a, &b, &platform, &[Role::LandlordAdmin], |t| {
        app.request(Method::PATCH, "/api/v1/landlords/alpha/settings", Some(t))
            .json(&json!({"homes": 1200}))
    })
    .await;
}

/// The deadline kept on each open complaint (what the worklist shows, sorts and filters by)
/// moves when a closure day or a timescale changes; a complaint with no clock running keeps
/// none.
async fn open_complaints_deadlines_follow_a_change_of_closure_days_or_timescales(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    // Received Monday 6 January 2025: acknowledged by Monday the 13th (5 working days).
    let open = crate::complaints::intake(&app, &l, json!({})).await;
    let closed = crate::complaints::intake(&app, &l, json!({})).await;
    let closed_id = closed["id"].as_str().unwrap();
    expect_status(
        app.post(
            &format!("/api/v1/landlords/alpha/complaints/{closed_id}/not-accept"),
            Some(&officer),
            &json!({"reason": "other_process", "explanation": "This is an insurance claim.",
                    "on": "2025-01-07", "letter_already_sent": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let due = |id: String| {
        let (app, officer) = (&app, &officer);
        async move {
            let list = expect_status(
                app.get("/api/v1/landlords/alpha/complaints", officer).await,
                StatusCode::OK,
            )
            .await;
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id.as_str())
                .unwrap()["due_on"]
                .clone()
        }
    };
    let open_id = open["id"].as_str().unwrap().to_owned();
    assert_eq!(due(open_id.clone()).await, "2025-01-13");
    let patch = |body: serde_json::Value| {
        let (app, admin) = (&app, l.admin().token.clone());
        async move {
            expect_status(
                app.patch("/api/v1/landlords/alpha/settings", &admin, &body)
                    .await,
                StatusCode::OK,
            )
            .await
        }
    };
    // Before the change, the admin asks which deadlines it would move: the open complaint's,
    // from the 13th to the 14th; nothing is changed by asking.
    let effect = expect_status(
        app.post(
            "/api/v1/landlords/alpha/settings/closure-days/effect",
            Some(&l.admin().token),
            &json!({"closure_days": [{"date": "2025-01-08", "reason": "Office move"}]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(effect["count"], 1, "{effect}");
    assert_eq!(effect["moves"][0]["complaint_id"], open_id.as_str());
    assert_eq!(effect["moves"][0]["reference"], open["reference"]);
    assert_eq!(
        (&effect["moves"][0]["from"], &effect["moves"][0]["to"]),
        (&json!("2025-01-13"), &json!("2025-01-14"))
    );
    assert_eq!(due(open_id.clone()).await, "2025-01-13");
    // A day listed twice is refused by its field; a complaints officer may not ask.
    let twice = expect_problem(
        app.post(
            "/api/v1/landlords/alpha/settings/closure-days/effect",
            Some(&l.admin().token),
            &json!({"closure_days": [{"date": "2025-01-08", "reason": "a"}, {"date": "2025-01-08", "reason": "b"}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&twice), ["closure_days[1].date"]);
    expect_problem(
        app.post(
            "/api/v1/landlords/alpha/settings/closure-days/effect",
            Some(&officer),
            &json!({"closure_days": []}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // A closure day on Wednesday the 8th: the deadline moves to Tuesday the 14th.
    patch(json!({"closure_days": [{"date": "2025-01-08", "reason": "Office move"}]})).await;
    assert_eq!(due(open_id.clone()).await, "2025-01-14");
    // Three working days to acknowledge: the 7th, (not the 8th), the 9th and the 10th.
    patch(json!({"schemes": [{"code": "housing", "timescales": {"stage1_acknowledge": 3}}]})).await;
    assert_eq!(due(open_id.clone()).await, "2025-01-10");
    // The closure day removed: the 7th, 8th and 9th.
    patch(json!({"closure_days": []})).await;
    assert_eq!(due(open_id.clone()).await, "2025-01-09");
    assert_eq!(due(closed_id.to_owned()).await, serde_json::Value::Null);
    // Each move is on the complaint's timeline, by the admin who made the change; the closed
    // complaint's is untouched.
    let timeline = |id: String| {
        let (app, admin) = (&app, l.admin().token.clone());
        async move {
            expect_status(
                app.get(
                    &format!("/api/v1/landlords/alpha/complaints/{id}/timeline"),
                    &admin,
                )
                .await,
                StatusCode::OK,
            )
            .await
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "deadline_moved")
            .cloned()
            .collect::<Vec<_>>()
        }
    };
    let moved = timeline(open_id.clone()).await;
    let moves: Vec<(&str, &str)> = moved
        .iter()
        .map(|e| {
            (
                e["data"]["from"].as_str().unwrap(),
                e["data"]["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("2025-01-13", "2025-01-14"),
            ("2025-01-14", "2025-01-10"),
            ("2025-01-10", "2025-01-09")
        ]
    );
    assert!(
        moved
            .iter()
            .all(|e| e["actor_id"] == l.admin().id.to_string()),
        "{moved:?}"
    );
    assert!(timeline(closed_id.to_owned()).await.is_empty());
    // It is record keeping: an action may still be dated before it.
    crate::complaints::act_ok(
        &app,
        &l,
        &open_id,
        "acknowledge",
        crate::complaints::acknowledgement("2025-01-08"),
    )
    .await;
}

/// A server keeps each landlord's schemes and closure days in memory while the settings
/// version its requests read with their session is unchanged (docs/decisions/0008). A change
/// made through another replica, here straight through the store as another server would
/// make it, is seen by the very next request: nothing waits for the copy to expire.
async fn a_change_made_through_another_server_is_seen_by_the_next_request(app: TestApp) {
    use redress_domain::calendar::BankHolidays;
    use redress_store::{TenantScope, landlords};

    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    // Received Monday 6 January 2025: acknowledged by Monday the 13th (5 working days).
    let c = crate::complaints::intake(&app, &l, json!({})).await;
    let url = format!(
        "/api/v1/landlords/alpha/complaints/{}",
        c["id"].as_str().unwrap()
    );
    let ack_due = || async {
        expect_status(app.get(&url, &officer).await, StatusCode::OK).await["stage1"]["ack_due"]
            .clone()
    };
    assert_eq!(ack_due().await, "2025-01-13");
    let before = landlords::find_by_slug(&app.db, "alpha").await.unwrap();
    landlords::update_settings(
        &app.db,
        TenantScope::for_system_task(before.id),
        landlords::SettingsChange {
            closure_days: Some(vec![(
                "2025-01-08".parse().unwrap(),
                "Office move".to_owned(),
            )]),
            ..Default::default()
        },
        &BankHolidays::england_and_wales().unwrap(),
        chrono::Utc::now().date_naive(),
        None,
    )
    .await
    .unwrap();
    let after = landlords::find_by_slug(&app.db, "alpha").await.unwrap();
    assert!(after.settings_version > before.settings_version);
    // The closure day on Wednesday the 8th moves the acknowledgement to Tuesday the 14th.
    assert_eq!(ack_due().await, "2025-01-14");
    // A change that touches neither schemes nor closure days keeps the version.
    expect_status(
        app.patch(
            "/api/v1/landlords/alpha/settings",
            &l.admin().token,
            &json!({"homes": 1200}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let unchanged = landlords::find_by_slug(&app.db, "alpha").await.unwrap();
    assert_eq!(unchanged.settings_version, after.settings_version);
    assert_eq!(ack_due().await, "2025-01-14");
}

/// A request whose session was read just before a scheme was added, reading a complaint
/// logged in that scheme since, reads the schemes afresh instead of failing. Simulated by
/// moving a complaint to a scheme added without raising the settings version.
async fn a_scheme_newer_than_the_kept_copy_is_read_afresh(app: TestApp) {
    use redress_store::landlords;

    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let c = crate::complaints::intake(&app, &l, json!({})).await;
    let id: uuid::Uuid = c["id"].as_str().unwrap().parse().unwrap();
    let url = format!("/api/v1/landlords/alpha/complaints/{id}");
    let scheme = || async {
        expect_status(app.get(&url, &officer).await, StatusCode::OK).await["scheme"]["code"].clone()
    };
    assert_eq!(scheme().await, "housing");
    let landlord = landlords::find_by_slug(&app.db, "alpha").await.unwrap();
    let new_scheme = uuid::Uuid::now_v7();
    app.sql(
        "INSERT INTO complaint_schemes (landlord_id, id, code, name, ombudsman_name, \
           ombudsman_contact, stage1_acknowledge, stage1_response, stage1_extension, \
           stage2_acknowledge, stage2_response, stage2_extension, created_at) \
         SELECT landlord_id, $1, 'corporate', 'Corporate complaints', ombudsman_name, \
           ombudsman_contact, stage1_acknowledge, stage1_response, stage1_extension, \
           stage2_acknowledge, stage2_response, stage2_extension, created_at \
         FROM complaint_schemes WHERE landlord_id = $2 AND code = 'housing'",
        vec![new_scheme.into(), landlord.id.into()],
    )
    .await;
    app.sql(
        "UPDATE complaints SET scheme_id = $1 WHERE landlord_id = $2 AND id = $3",
        vec![new_scheme.into(), landlord.id.into(), id.into()],
    )
    .await;
    assert_eq!(scheme().await, "corporate");
}
