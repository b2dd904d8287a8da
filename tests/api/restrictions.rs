//! Restrictions for unacceptable behaviour (Code 5.14, 5.15), reviews that cannot be
//! forgotten, and the resident's needs first on every case.

use crate::complaints::{acknowledgement, act, act_ok, path, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_restriction_needs_its_reasoning_and_a_review_date,
    a_restricted_residents_complaint_goes_through_both_stages,
    restrictions_due_for_review_are_listed_until_reviewed_or_ended,
    restrictions_keep_landlords_apart_and_roles_in_their_place,
    contact_follows_the_restrictions_terms,
    the_case_shows_the_needs_in_force_as_they_stand,
);

fn base() -> String {
    "/api/v1/landlords/alpha".to_owned()
}

async fn resident(app: &TestApp, l: &Landlord) -> String {
    let r = expect_status(
        app.post(
            &format!("{}/residents", base()),
            Some(&l.admin().token),
            &json!({"name": "Terry Walsh"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    r["id"].as_str().unwrap().to_owned()
}

pub(crate) fn restriction(review_on: &str) -> Value {
    let today = chrono::Utc::now().date_naive();
    json!({
        "behaviour": "Repeated abusive phone calls to the repairs team.",
        "evidence": "Call log entries 12 to 40",
        "warnings": [{"level": "first", "given_on": (today - chrono::Duration::days(40)).to_string(), "letter": "Warning letter 1"},
                     {"level": "final", "given_on": (today - chrono::Duration::days(10)).to_string()}],
        "terms": [{"kind": "single_point_of_contact", "detail": "Contact only through the allocated complaints officer"},
                  {"kind": "written_contact_only", "detail": "By letter or email"}],
        "proportionality": "Two warnings were ignored; written contact still lets every concern be raised.",
        "equality_act": "No protected characteristic is engaged by written contact.",
        "starts_on": today.to_string(),
        "review_on": review_on,
    })
}

pub(crate) fn in_days(n: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string()
}

async fn a_restriction_needs_its_reasoning_and_a_review_date(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let rid = resident(&app, &l).await;
    let url = format!("{}/residents/{rid}/restrictions", base());
    for (change, field) in [
        (json!({"proportionality": " "}), "proportionality"),
        (json!({"equality_act": ""}), "equality_act"),
        (json!({"review_on": in_days(200)}), "review_on"),
        (json!({"terms": []}), "terms"),
        (
            json!({"warnings": [{"level": "stern", "given_on": in_days(-1)}]}),
            "warnings[0].level",
        ),
    ] {
        let mut body = restriction(&in_days(90));
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let p = expect_problem(
            app.post(&url, Some(officer), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(fields(&p).contains(&field.to_owned()), "{field}: {p}");
    }
    // A resident with reasonable adjustments: each one in force is named, with how the
    // restriction keeps or changes it (Code 5.14). No particular word is needed in the
    // Equality Act reasoning.
    let adjustment = expect_status(
        app.post(
            &format!("{}/residents/{rid}/adjustments", base()),
            Some(officer),
            &json!({"description": "Letters in large print", "category": "communication_format",
                    "agreed_on": in_days(-30), "next_review_on": in_days(150)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let adjustment_id = adjustment["id"].as_str().unwrap().to_owned();
    let mut body = restriction(&in_days(90));
    body["equality_act"] = json!("Letters will be in large print as agreed.");
    let p = expect_problem(
        app.post(&url, Some(officer), &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["adjustments"]);
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"Letters in large print\" is in force")
            && message.contains("keeps it or changes it")
            && message.contains("Code 5.14"),
        "{message}"
    );
    for (considered, field) in [
        (
            json!([{"adjustment_id": adjustment_id, "effect": "ignored", "how": "x"}]),
            "adjustments[0].effect",
        ),
        (
            json!([{"adjustment_id": adjustment_id, "effect": "kept", "how": " "}]),
            "adjustments[0].how",
        ),
        (
            json!([{"adjustment_id": uuid::Uuid::now_v7(), "effect": "kept", "how": "x"}]),
            "adjustments[0].adjustment_id",
        ),
    ] {
        body["adjustments"] = considered;
        let p = expect_problem(
            app.post(&url, Some(officer), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(fields(&p).contains(&field.to_owned()), "{field}: {p}");
    }
    let list = expect_status(app.get(&url, officer).await, StatusCode::OK).await;
    assert_eq!(list, json!([]), "refusals create nothing");
    body["adjustments"] = json!([{"adjustment_id": adjustment_id, "effect": "kept",
                                 "how": "Letters will be in large print as agreed."}]);
    let r = expect_status(
        app.post(&url, Some(officer), &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        r["adjustments"],
        json!([{"adjustment_id": adjustment_id, "description": "Letters in large print",
                "effect": "kept", "how": "Letters will be in large print as agreed."}])
    );
    assert_eq!(r["status"], "active");
    assert_eq!(r["terms"][0]["kind"], "single_point_of_contact");
    assert_eq!(r["warnings"][1]["level"], "final");
    assert_eq!(
        r["decided_by"],
        l.user(Role::ComplaintsOfficer).id.to_string()
    );
    // The landlord may allow a longer review period.
    expect_status(
        app.patch(
            &format!("{}/settings", base()),
            &l.admin().token,
            &json!({"restriction_review_months": 12}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    body["review_on"] = json!(in_days(300));
    expect_status(
        app.post(&url, Some(officer), &body).await,
        StatusCode::CREATED,
    )
    .await;
}

async fn a_restricted_residents_complaint_goes_through_both_stages(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let rid = resident(&app, &l).await;
    expect_status(
        app.post(
            &format!("{}/residents/{rid}/restrictions", base()),
            Some(officer),
            &restriction(&in_days(60)),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let c = expect_status(
        app.post(&path(&l, ""), Some(officer), &json!({"resident_id": rid, "channel": "letter",
            "received_on": "2025-01-06", "description": "My repair is still not done.", "category": "repairs"})).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(c["flags"], json!(["restricted"]));
    assert_eq!(
        c["resident_needs"]["restriction"]["terms"][0]["kind"],
        "single_point_of_contact"
    );
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-07")).await;
    act_ok(&app, &l, id, "respond", response("2025-01-08")).await;
    act_ok(&app, &l, id, "escalate", json!({"on": "2025-01-09"})).await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-10")).await;
    expect_status(
        act(
            &app,
            &l,
            &l.admin().token,
            id,
            "respond",
            response("2025-01-13"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let c = act_ok(&app, &l, id, "close", json!({"on": "2025-01-14"})).await;
    assert_eq!(c["status"], "closed");
    let seen = expect_status(
        app.get(&path(&l, &format!("/{id}")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        seen["resident_needs"]["restriction"].is_object(),
        "the restriction is shown on the case"
    );
    // The body itself starts with the resident's needs.
    let text = app
        .get(&path(&l, &format!("/{id}")), &l.admin().token)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.starts_with("{\"resident_needs\""),
        "needs come first: {}",
        &text[..40]
    );
}

async fn restrictions_due_for_review_are_listed_until_reviewed_or_ended(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let rid = resident(&app, &l).await;
    let url = format!("{}/residents/{rid}/restrictions", base());
    let soon = expect_status(
        app.post(&url, Some(officer), &restriction(&in_days(7)))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let later = expect_status(
        app.post(&url, Some(officer), &restriction(&in_days(120)))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let reviews = |q: &str| format!("{}/reviews?kind=restriction{q}", base());
    let due = expect_status(app.get(&reviews(""), officer).await, StatusCode::OK).await;
    let ids: Vec<&str> = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [soon["id"].as_str().unwrap()]);
    assert_eq!(due["items"][0]["overdue"], false);
    let wide = expect_status(
        app.get(&reviews("&due_within_days=180"), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(wide["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        expect_status(
            app.get(&reviews("&overdue=true"), officer).await,
            StatusCode::OK
        )
        .await["items"],
        json!([])
    );
    // Reviewed, it moves to its next review date.
    let sid = soon["id"].as_str().unwrap();
    let p = expect_problem(
        app.post(
            &format!("{url}/{sid}/reviews"),
            Some(officer),
            &json!({"reviewed_on": in_days(0), "outcome": "continue"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["next_review_on"]);
    let r = expect_status(
        app.post(&format!("{url}/{sid}/reviews"), Some(officer),
            &json!({"reviewed_on": in_days(0), "outcome": "continue", "note": "Calls have stopped; keep for now.", "next_review_on": in_days(90)})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["reviews"][0]["outcome"], "continue");
    assert_eq!(r["review_on"], in_days(90));
    let due = expect_status(app.get(&reviews(""), officer).await, StatusCode::OK).await;
    assert_eq!(due["items"], json!([]));
    // Ended, it is off every list; it cannot end twice.
    let lid = later["id"].as_str().unwrap();
    let ended = expect_status(
        app.patch(
            &format!("{url}/{lid}"),
            officer,
            &json!({"status": "ended", "reason": "Behaviour has changed."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ended["status"], "ended");
    expect_problem(
        app.patch(
            &format!("{url}/{lid}"),
            officer,
            &json!({"status": "ended", "reason": "again"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        expect_status(
            app.get(&reviews("&due_within_days=365"), officer).await,
            StatusCode::OK
        )
        .await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let p = expect_problem(
        app.get(&format!("{}/reviews?kind=nothing", base()), officer)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["kind"]);
}

async fn restrictions_keep_landlords_apart_and_roles_in_their_place(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let rid = resident(&app, &a).await;
    let url = format!("{}/residents/{rid}/restrictions", base());
    let created = expect_status(
        app.post(&url, Some(&a.admin().token), &restriction(&in_days(30)))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let sid = created["id"].as_str().unwrap().to_owned();
    let team = [Role::LandlordAdmin, Role::ComplaintsOfficer];
    let readers = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
        Role::Mrc,
    ];
    // A contractor reads them only of residents with a complaint allocated to them.
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::Contractor => Expect::NotFound,
            r if readers.contains(&r) => Expect::Allowed,
            _ => Expect::Forbidden,
        },
        |t| app.request(Method::GET, &url, Some(t)),
    )
    .await;
    contractor_case_for(&app, &a, &rid).await;
    check_access(&a, &b, &platform, &readers, |t| {
        app.request(Method::GET, &url, Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::POST, &url, Some(t))
            .json(&restriction(&in_days(30)))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::POST, &format!("{url}/{sid}/reviews"), Some(t))
            .json(&json!({"reviewed_on": in_days(0), "outcome": "continue", "next_review_on": in_days(60)}))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::PATCH, &format!("{url}/{sid}"), Some(t))
            .json(&json!({"status": "ended", "reason": "done"}))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(
            Method::GET,
            &format!("{}/reviews?kind=adjustment", base()),
            Some(t),
        )
    })
    .await;
}

async fn contact_follows_the_restrictions_terms(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = l.user(Role::CaseHandler);
    let rid = resident(&app, &l).await;
    expect_status(
        app.post(
            &format!("{}/residents/{rid}/restrictions", base()),
            Some(officer),
            &restriction(&in_days(60)),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let c = expect_status(
        app.post(
            &path(&l, ""),
            Some(officer),
            &json!({"resident_id": rid, "channel": "letter",
            "received_on": "2025-01-06", "description": "Still waiting.", "category": "repairs"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = c["id"].as_str().unwrap();
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let call = json!({"direction": "out", "channel": "phone", "body": "Called to discuss."});
    let p = expect_problem(
        act(&app, &l, &handler.token, id, "correspondence", call).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("written contact only"),
        "{p}"
    );
    let letter =
        json!({"direction": "out", "channel": "letter", "body": "Update on your complaint."});
    let p = expect_problem(
        act(&app, &l, officer, id, "correspondence", letter.clone()).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("single point of contact"),
        "{p}"
    );
    expect_status(
        act(&app, &l, &handler.token, id, "correspondence", letter).await,
        StatusCode::CREATED,
    )
    .await;
    // What the resident sends in is always recorded.
    let incoming = json!({"direction": "in", "channel": "phone", "body": "The resident rang."});
    expect_status(
        act(&app, &l, officer, id, "correspondence", incoming).await,
        StatusCode::CREATED,
    )
    .await;
}

/// The case reads the resident's needs with the complaint: the restriction in force (not one
/// that has ended) with its reviews, and the adjustments in force in the order agreed.
async fn the_case_shows_the_needs_in_force_as_they_stand(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let rid = resident(&app, &l).await;
    let url = format!("{}/residents/{rid}/restrictions", base());
    let ended = expect_status(
        app.post(&url, Some(officer), &restriction(&in_days(60)))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let eid = ended["id"].as_str().unwrap();
    expect_status(
        app.patch(
            &format!("{url}/{eid}"),
            officer,
            &json!({"status": "ended", "reason": "Behaviour has changed."}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let in_force = expect_status(
        app.post(&url, Some(officer), &restriction(&in_days(30)))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let fid = in_force["id"].as_str().unwrap();
    expect_status(
        app.post(&format!("{url}/{fid}/reviews"), Some(officer),
            &json!({"reviewed_on": in_days(0), "outcome": "continue", "note": "Calls go on.", "next_review_on": in_days(90)})).await,
        StatusCode::OK,
    )
    .await;
    let mut agreed = Vec::new();
    for (description, category) in [
        ("Letters in large print (18pt)", "communication_format"),
        ("Phone calls only in the afternoon", "contact_method"),
    ] {
        let a = expect_status(
            app.post(
                &format!("{}/residents/{rid}/adjustments", base()),
                Some(officer),
                &json!({"description": description, "category": category,
                        "agreed_on": in_days(-1), "next_review_on": in_days(120)}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        agreed.push(a["id"].clone());
    }
    let c = expect_status(
        app.post(&path(&l, ""), Some(officer), &json!({"resident_id": rid, "channel": "letter",
            "received_on": in_days(0), "description": "The repair is still not done.", "category": "repairs"})).await,
        StatusCode::CREATED,
    )
    .await;
    let id = c["id"].as_str().unwrap();
    let seen = expect_status(
        app.get(&path(&l, &format!("/{id}")), officer).await,
        StatusCode::OK,
    )
    .await;
    let needs = &seen["resident_needs"];
    assert_eq!(needs["restriction"]["id"], in_force["id"]);
    assert_eq!(needs["restriction"]["status"], "active");
    assert_eq!(needs["restriction"]["review_on"], in_days(90));
    assert_eq!(needs["restriction"]["reviews"][0]["note"], "Calls go on.");
    let ids: Vec<Value> = needs["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids, agreed);
    assert_eq!(needs["adjustments"][1]["category"], "contact_method");
    assert_eq!(seen["flags"], json!(["restricted"]));
}
