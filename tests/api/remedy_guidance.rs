//! Guidance when a response offers a financial remedy (docs/rules.md, "Remedies"): the
//! Ombudsman's bands as shipped, the landlord's own copy and policy, and what it offered on
//! closed complaints of the same category decided the same way.

use crate::complaints::{acknowledgement, act, act_ok, intake, path};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(
    a_financial_remedy_is_offered_with_the_bands_the_policy_and_what_was_offered_before,
    an_award_is_split_by_failing_and_the_dashboard_counts_awards_by_band,
);

/// A complaint about repairs, upheld at stage 1 with a payment of `pence`, and closed.
async fn paid_and_closed(app: &TestApp, l: &Landlord, pence: u64) -> String {
    let c = intake(app, l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(app, l, &id, "acknowledge", acknowledgement("2025-01-08")).await;
    act_ok(
        app,
        l,
        &id,
        "respond",
        json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
               "remedies": [{"kind": "financial", "description": "For the missed appointments",
                             "amount_pence": pence}],
               "outstanding_actions": [], "on": "2025-01-20", "letter_already_sent": false}),
    )
    .await;
    act_ok(app, l, &id, "close", json!({"on": "2025-01-21"})).await;
    id
}

async fn a_financial_remedy_is_offered_with_the_bands_the_policy_and_what_was_offered_before(
    app: TestApp,
) {
    let l = app.landlord("alpha").await;
    let admin = l.admin().token.clone();
    let settings = format!("/api/v1/landlords/{}/settings", l.slug);

    // The Ombudsman's bands, as shipped, with their source.
    let s = expect_status(app.get(&settings, &admin).await, StatusCode::OK).await;
    let bands = &s["remedy_bands"];
    assert_eq!(bands["own_copy"], false);
    assert_eq!(bands["bands"].as_array().unwrap().len(), 4);
    assert_eq!(bands["bands"][1]["from_pence"], 10_000);
    assert_eq!(bands["bands"][1]["to_pence"], 60_000);
    assert!(
        bands["source"]
            .as_str()
            .unwrap()
            .contains("Guidance on remedies")
    );
    assert_eq!(bands["source_date"], "April 2024");
    assert_eq!(s["compensation_policy"], Value::Null);

    // A copy with a gap is refused by the field, and nothing changes.
    let gap = json!({"remedy_bands": [
        {"from_pence": 100, "to_pence": 10_000, "description": "Minor"},
        {"from_pence": 20_000, "to_pence": null, "description": "More"}]});
    let p = expect_problem(
        app.patch(&settings, &admin, &gap).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "remedy_bands[1].from_pence");
    let s = expect_status(app.get(&settings, &admin).await, StatusCode::OK).await;
    assert_eq!(s["remedy_bands"]["own_copy"], false);

    // The landlord's own copy and policy.
    let own = json!({"remedy_bands": [
            {"from_pence": 100, "to_pence": 25_000, "description": "Inconvenience"},
            {"from_pence": 25_000, "to_pence": null, "description": "Distress and time lost"}],
        "compensation_policy": "We pay £10 a day for each day a repair is late."});
    let s = expect_status(app.patch(&settings, &admin, &own).await, StatusCode::OK).await;
    assert_eq!(s["remedy_bands"]["own_copy"], true);
    assert_eq!(s["remedy_bands"]["bands"].as_array().unwrap().len(), 2);
    expect_problem(
        app.patch(&settings, &l.user(Role::ComplaintsOfficer).token, &own)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    // What was offered before on closed repairs complaints upheld: £50, £150, £300.
    for pence in [5_000, 30_000, 15_000] {
        paid_and_closed(&app, &l, pence).await;
    }
    let open = intake(&app, &l, json!({})).await;
    let id = open["id"].as_str().unwrap();
    let url = path(&l, &format!("/{id}/remedy-guidance"));
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let g = expect_status(
        app.get(&format!("{url}?decision=upheld"), &officer).await,
        StatusCode::OK,
    )
    .await;
    let before = &g["offered_before"];
    assert_eq!(before["category"], "repairs");
    assert_eq!(before["count"], 3);
    assert_eq!(before["median_pence"], 15_000);
    assert_eq!(before["min_pence"], 5_000);
    assert_eq!(before["max_pence"], 30_000);
    assert_eq!(g["bands"]["own_copy"], true);
    assert_eq!(
        g["compensation_policy"],
        "We pay £10 a day for each day a repair is late."
    );
    // Decided another way: nothing to compare with.
    let g = expect_status(
        app.get(&format!("{url}?decision=partly_upheld"), &officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(g["offered_before"]["count"], 0);
    assert_eq!(g["offered_before"]["median_pence"], Value::Null);
    let p = expect_problem(
        app.get(&format!("{url}?decision=maybe"), &officer).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "decision");

    // Back to the shipped bands.
    let s = expect_status(
        app.patch(&settings, &admin, &json!({"remedy_bands": null}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["remedy_bands"]["own_copy"], false);

    // Not the MRC's to use; another landlord's complaint is not there.
    expect_problem(
        app.get(&url, &l.user(Role::Mrc).token).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let b = app.landlord("bravo").await;
    expect_problem(
        app.get(
            &format!("/api/v1/landlords/bravo/complaints/{id}/remedy-guidance"),
            &b.user(Role::ComplaintsOfficer).token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

/// A stage 1 response offering one remedy, on 2025-01-20.
fn responding_with(remedy: Value) -> Value {
    json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
           "remedies": [remedy], "outstanding_actions": [], "on": "2025-01-20",
           "letter_already_sent": false})
}

async fn an_award_is_split_by_failing_and_the_dashboard_counts_awards_by_band(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-01-08")).await;

    // Parts that do not add up, parts of an apology, an unknown failing, a part of nothing:
    // each refused by its field, and nothing recorded.
    let award = |parts: Value| {
        json!({"kind": "financial", "description": "For the missed appointments and the delay",
               "amount_pence": 70_000, "parts": parts})
    };
    for (remedy, field) in [
        (
            award(json!([{"failing": "service", "amount_pence": 50_000},
                         {"failing": "complaint_handling", "amount_pence": 10_000}])),
            "remedies[0].parts",
        ),
        (
            json!({"kind": "apology", "description": "Sorry",
                   "parts": [{"failing": "service", "amount_pence": 100}]}),
            "remedies[0].parts",
        ),
        (
            award(json!([{"failing": "the repair", "amount_pence": 70_000}])),
            "remedies[0].parts[0].failing",
        ),
        (
            award(json!([{"failing": "service", "amount_pence": 70_000},
                         {"failing": "other", "amount_pence": 0}])),
            "remedies[0].parts[1].amount_pence",
        ),
        (
            award(json!([{"failing": "service", "amount_pence": 35_000},
                         {"failing": "service", "amount_pence": 35_000}])),
            "remedies[0].parts",
        ),
    ] {
        let p = expect_problem(
            act(&app, &l, &officer, &id, "respond", responding_with(remedy)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{p}");
    }
    let unchanged = expect_status(
        app.get(&path(&l, &format!("/{id}")), &officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unchanged["status"], "stage1_open");
    assert_eq!(unchanged["remedies"], json!([]));

    // £700: £500 for the repair, £200 for the handling of the complaint.
    let c = act_ok(
        &app,
        &l,
        &id,
        "respond",
        responding_with(award(
            json!([{"failing": "service", "amount_pence": 50_000},
                                     {"failing": "complaint_handling", "amount_pence": 20_000}]),
        )),
    )
    .await;
    assert_eq!(
        c["remedies"][0]["parts"],
        json!([{"failing": "service", "amount_pence": 50_000},
               {"failing": "complaint_handling", "amount_pence": 20_000}])
    );
    // The letter says what the award is for.
    let sent = expect_status(
        app.get(
            &path(&l, &format!("/{id}/correspondence?limit=50")),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        sent["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["body"].as_str().unwrap().contains(
                "£700.00 (£500.00 for the service failure and £200.00 for complaint handling)"
            )),
        "{sent}"
    );

    // Two awards not split, £50 and £150; the dashboard counts all three by band and failing.
    paid_and_closed(&app, &l, 5_000).await;
    paid_and_closed(&app, &l, 15_000).await;
    let d = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/{}/dashboard?from=2025-01-01&to=2025-03-31",
                l.slug
            ),
            &l.user(Role::Mrc).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let r = &d["financial_remedies"];
    let counts: Vec<(u64, i64)> = r["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["count"].as_u64().unwrap(),
                b["total_pence"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, [(1, 5_000), (1, 15_000), (1, 70_000), (0, 0)]);
    assert_eq!(r["bands"][3]["to_pence"], Value::Null);
    assert_eq!(
        r["by_failing"],
        json!([{"failing": "service", "count": 1, "total_pence": 50_000},
               {"failing": "complaint_handling", "count": 1, "total_pence": 20_000}])
    );
    assert_eq!(r["unsplit"], 2);
    assert_eq!(r["unsplit_pence"], 20_000);

    // Another period has none.
    let d = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/{}/dashboard?from=2025-04-01&to=2025-06-30",
                l.slug
            ),
            &l.user(Role::Mrc).token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        d["financial_remedies"]["bands"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["count"] == 0)
    );
    assert_eq!(d["financial_remedies"]["by_failing"], json!([]));
}
