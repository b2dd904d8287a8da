//! Guidance when a response offers a financial remedy (docs/rules.md, "Remedies"): the
//! Ombudsman's bands as shipped, the landlord's own copy and policy, and what it offered on
//! closed complaints of the same category decided the same way.

use crate::complaints::{acknowledgement, act_ok, intake, path};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(a_financial_remedy_is_offered_with_the_bands_the_policy_and_what_was_offered_before);

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
