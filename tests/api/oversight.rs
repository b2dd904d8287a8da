//! The dashboard, its drill-down and TSM CH01/CH02 (Code 9.6, 9.7; docs/METRICS.md), checked
//! against figures worked out by hand on a fixture landlord.

use crate::complaints::{acknowledgement, act, act_ok, intake};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(
    the_figures_match_a_hand_count,
    dashboard_and_tsm_roles_and_isolation,
    bad_periods_and_figures_are_refused,
    tsm_is_split_by_tenure_where_the_landlord_has_both,
    the_rollup_stays_equal_to_a_count_from_the_records,
    a_drill_down_page_follows_on_when_a_complaint_leaves_the_figure,
    the_landlord_sets_targets_the_dashboard_shows,
    the_operator_records_the_sectors_figures_every_dashboard_cites,
    a_landlord_keeps_its_own_copy_of_the_sectors_figures,
);

fn respond(on: &str, decision: &str) -> Value {
    json!({"decision": decision, "reasons": "We looked into every point of the complaint.",
           "remedies": [], "outstanding_actions": [], "on": on, "letter_already_sent": false})
}

async fn ok(resp: reqwest::Response) -> Value {
    expect_status(resp, StatusCode::OK).await
}

/// The fixture: financial year 2025 (1 April 2025 to 31 March 2026), 1,000 homes, the Code's
/// timescales (stage 1: acknowledge 5, respond 10 working days; stage 2: 5 and 20).
/// Bank holidays in play: 18 and 21 April, 5 and 26 May, 25 and 26 December 2025,
/// 1 January, 3 and 6 April 2026.
///
/// A  received Fri 28 Mar 2025 (the year before): ack due Fri 4 Apr, acknowledged 2 Apr (in
///    time); response due Wed 16 Apr, responded 9 Apr (in time), upheld. Counts in 2025
///    for its acknowledgement and response only, not as received.
/// B  received Wed 16 Apr: ack due Fri 25 Apr (Good Friday and Easter Monday skipped),
///    acknowledged 24 Apr (in time); response due Fri 9 May (5 May skipped), extended by 5
///    working days to Fri 16 May, responded 15 May: in time, inside the extension. Upheld,
///    with a £50 financial remedy.
/// C  received Thu 1 May: ack due Fri 9 May, acknowledged Mon 12 May (late); response due
///    Tue 27 May (26 May skipped), responded 28 May (late). Not upheld.
/// D  received Mon 2 Jun, not accepted 3 Jun (previously considered): an exclusion, not a
///    complaint received.
/// E  received Fri 19 Dec: ack due Tue 30 Dec (Christmas and Boxing Day skipped),
///    acknowledged 30 Dec (in time, on the day); response due Wed 14 Jan 2026 (1 Jan
///    skipped), responded 14 Jan (in time), partly upheld. Escalated 20 Jan; stage 2 ack
///    due Tue 27 Jan, acknowledged 22 Jan (in time); stage 2 response due Thu 19 Feb,
///    responded 18 Feb by another officer (in time), upheld.
/// F  received Mon 30 Mar 2026 (this year); acknowledged 7 Apr 2026 (next year): counts as
///    received only.
/// G  received Tue 1 Jul: acknowledged 2 Jul (in time), responded 10 Jul (in time; due
///    16 Jul), not upheld; escalation asked 15 Jul and refused 16 Jul (other process): an
///    exclusion, not a stage 2 complaint.
/// H  received Mon 1 Sep, allocated to the contractor, which acknowledged 3 Sep (in time; due
///    8 Sep) and responded 22 Sep (late; due 17 Sep), partly upheld.
///
/// So, for the year:
/// * stage 1 received: B C E F G H = 6 (6.00 per 1,000 homes); stage 2 received: E = 1 (1.00).
/// * stage 1 acknowledged: A B C E G H = 6, in time 5 (C late): 83.3%.
/// * stage 1 responded: A B C E G H = 6, in time 4 (C and H late): 66.7% = CH02 stage 1.
/// * stage 2 acknowledged 1 of 1, responded 1 of 1 in time: 100.0% = CH02 stage 2.
/// * extended: B = 1. Outcomes stage 1: upheld A B, not upheld C G, partly upheld E H;
///   stage 2: upheld E.
/// * escalation rate: 1 stage 2 request ÷ 6 stage 1 responses = 16.7%.
/// * exclusions: previously considered 1 (D), other process 1 (G).
/// * remedies offered 1, £50.00 offered, none paid.
/// * the contractor: 0 of 1 stage 1 responses in time.
/// * April 2025: 1 received (B); 2 acknowledged, both in time (A, B); 1 responded, in time (A).
///   May 2025: 1 received (C); 1 acknowledged, late (C); 2 responded, 1 in time (B; C late).
async fn the_figures_match_a_hand_count(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let admin = l.admin().token.clone();
    let contractor = l.user(Role::Contractor).token.clone();
    let id = |c: &Value| c["id"].as_str().unwrap().to_owned();

    let a = id(&intake(&app, &l, json!({"received_on": "2025-03-28"})).await);
    act_ok(&app, &l, &a, "acknowledge", acknowledgement("2025-04-02")).await;
    act_ok(&app, &l, &a, "respond", respond("2025-04-09", "upheld")).await;

    let b = id(&intake(&app, &l, json!({"received_on": "2025-04-16"})).await);
    act_ok(&app, &l, &b, "acknowledge", acknowledgement("2025-04-24")).await;
    let extended = act_ok(
        &app,
        &l,
        &b,
        "extend",
        json!({"working_days": 5, "reason": "Waiting for the surveyor's report.", "on": "2025-05-06", "letter_already_sent": false}),
    )
    .await;
    assert_eq!(extended["stage1"]["response_due"], "2025-05-16");
    act_ok(
        &app,
        &l,
        &b,
        "respond",
        json!({"decision": "upheld", "reasons": "We looked into every point of the complaint.",
               "remedies": [{"kind": "financial", "description": "For the delay", "amount_pence": 5000}],
               "outstanding_actions": [], "on": "2025-05-15", "letter_already_sent": false}),
    )
    .await;

    let c = id(&intake(&app, &l, json!({"received_on": "2025-05-01"})).await);
    let acked = act_ok(&app, &l, &c, "acknowledge", acknowledgement("2025-05-12")).await;
    assert_eq!(acked["stage1"]["ack_due"], "2025-05-09");
    assert_eq!(acked["stage1"]["response_due"], "2025-05-27");
    act_ok(&app, &l, &c, "respond", respond("2025-05-28", "not_upheld")).await;

    let d = id(&intake(&app, &l, json!({"received_on": "2025-06-02"})).await);
    act_ok(
        &app,
        &l,
        &d,
        "not-accept",
        json!({"reason": "previously_considered", "explanation": "We answered this in 2024.", "on": "2025-06-03", "letter_already_sent": false}),
    )
    .await;

    let e = id(&intake(&app, &l, json!({"received_on": "2025-12-19"})).await);
    let acked = act_ok(&app, &l, &e, "acknowledge", acknowledgement("2025-12-30")).await;
    assert_eq!(acked["stage1"]["ack_due"], "2025-12-30");
    assert_eq!(acked["stage1"]["response_due"], "2026-01-14");
    act_ok(
        &app,
        &l,
        &e,
        "respond",
        respond("2026-01-14", "partly_upheld"),
    )
    .await;
    act_ok(&app, &l, &e, "escalate", json!({"on": "2026-01-20"})).await;
    act_ok(
        &app,
        &l,
        &e,
        "allocate",
        json!({"handler_id": l.admin().id, "on": "2026-01-21"}),
    )
    .await;
    let acked = ok(act(
        &app,
        &l,
        &admin,
        &e,
        "acknowledge",
        acknowledgement("2026-01-22"),
    )
    .await)
    .await;
    assert_eq!(acked["stage2"]["ack_due"], "2026-01-27");
    assert_eq!(acked["stage2"]["response_due"], "2026-02-19");
    ok(act(
        &app,
        &l,
        &admin,
        &e,
        "respond",
        respond("2026-02-18", "upheld"),
    )
    .await)
    .await;

    let f = id(&intake(&app, &l, json!({"received_on": "2026-03-30"})).await);
    act_ok(&app, &l, &f, "acknowledge", acknowledgement("2026-04-07")).await;

    let g = id(&intake(&app, &l, json!({"received_on": "2025-07-01"})).await);
    act_ok(&app, &l, &g, "acknowledge", acknowledgement("2025-07-02")).await;
    act_ok(&app, &l, &g, "respond", respond("2025-07-10", "not_upheld")).await;
    act_ok(&app, &l, &g, "escalate", json!({"on": "2025-07-15"})).await;
    act_ok(
        &app,
        &l,
        &g,
        "refuse-escalation",
        json!({"reason": "other_process", "explanation": "This is an insurance claim.", "on": "2025-07-16", "letter_already_sent": false}),
    )
    .await;

    let h = id(&intake(&app, &l, json!({"received_on": "2025-09-01"})).await);
    act_ok(
        &app,
        &l,
        &h,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-09-01"}),
    )
    .await;
    ok(act(
        &app,
        &l,
        &contractor,
        &h,
        "acknowledge",
        acknowledgement("2025-09-03"),
    )
    .await)
    .await;
    ok(act(
        &app,
        &l,
        &contractor,
        &h,
        "respond",
        respond("2025-09-22", "partly_upheld"),
    )
    .await)
    .await;

    // TSM for the financial year 2025.
    let tsm = ok(app
        .get(
            &format!("/api/v1/landlords/{}/tsm?year=2025", l.slug),
            &officer,
        )
        .await)
    .await;
    assert_eq!(tsm["from"], "2025-04-01");
    assert_eq!(tsm["to"], "2026-03-31");
    assert_eq!(tsm["rules"], "rsh-tsm-2023");
    assert_eq!(tsm["complete"], true);
    assert_eq!(tsm["ch01_stage1_per_1000"], 6.0);
    assert_eq!(tsm["ch01_stage2_per_1000"], 1.0);
    assert_eq!(tsm["ch02_stage1_pct"], 66.7);
    assert_eq!(tsm["ch02_stage2_pct"], 100.0);
    assert_eq!(
        tsm["counts"],
        json!({"stage1_received": 6, "stage2_received": 1, "stage1_responded": 6,
               "stage1_responded_in_time": 4, "stage2_responded": 1, "stage2_responded_in_time": 1})
    );

    // The dashboard for the same year.
    let dash = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/dashboard?from=2025-04-01&to=2026-03-31",
                l.slug
            ),
            &officer,
        )
        .await)
    .await;
    let fig = &dash["figures"];
    assert_eq!(fig["stage1"]["received"], 6);
    assert_eq!(fig["stage2"]["received"], 1);
    assert_eq!(
        fig["stage1"]["acknowledged_in_time"],
        json!({"count": 5, "of": 6, "pct": 83.3})
    );
    assert_eq!(
        fig["stage1"]["responded_in_time"],
        json!({"count": 4, "of": 6, "pct": 66.7})
    );
    assert_eq!(
        fig["stage2"]["acknowledged_in_time"],
        json!({"count": 1, "of": 1, "pct": 100.0})
    );
    assert_eq!(fig["stage1"]["extended"], 1);
    assert_eq!(
        fig["stage1"]["outcomes"],
        json!({"not_upheld": 2, "partly_upheld": 2, "upheld": 2})
    );
    assert_eq!(fig["stage2"]["outcomes"], json!({"upheld": 1}));
    assert_eq!(
        fig["escalation_rate"],
        json!({"count": 1, "of": 6, "pct": 16.7})
    );
    assert_eq!(
        fig["exclusions"],
        json!({"other_process": 1, "previously_considered": 1})
    );
    assert_eq!(fig["remedies"]["offered"], 1);
    assert_eq!(fig["remedies"]["financial_offered_pence"], 5000);
    assert_eq!(fig["remedies"]["financial_paid_pence"], 0);
    assert_eq!(
        fig["categories"],
        json!([{"category": "repairs", "count": 6}])
    );
    let contractors = dash["contractors"].as_array().unwrap();
    assert_eq!(contractors.len(), 1);
    assert_eq!(
        contractors[0]["responded_in_time"],
        json!({"count": 0, "of": 1, "pct": 0.0})
    );
    let month = |m: &str| {
        dash["monthly"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["month"] == m)
            .cloned()
            .unwrap()
    };
    assert_eq!(dash["monthly"].as_array().unwrap().len(), 12);
    let april = month("2025-04");
    assert_eq!(
        (
            &april["stage1_received"],
            &april["stage1_acknowledged"],
            &april["stage1_acknowledged_in_time"],
            &april["stage1_responded"],
            &april["stage1_responded_in_time"]
        ),
        (&json!(1), &json!(2), &json!(2), &json!(1), &json!(1))
    );
    let may = month("2025-05");
    assert_eq!(
        (
            &may["stage1_received"],
            &may["stage1_acknowledged"],
            &may["stage1_acknowledged_in_time"],
            &may["stage1_responded"],
            &may["stage1_responded_in_time"]
        ),
        (&json!(1), &json!(1), &json!(0), &json!(2), &json!(1))
    );
    assert_eq!(month("2025-06")["excluded"], 1);

    // The drill-down lists exactly the complaints behind a figure.
    let refs = |v: &Value| {
        let mut ids: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let drill = dash["drill_down"]["stage1_responded_late"]
        .as_str()
        .unwrap();
    let late = ok(app.get(drill, &officer).await).await;
    assert_eq!(refs(&late), sorted(vec![c.clone(), h.clone()]));
    // Each says by how many working days, and who held the stage: C responded on 28 May,
    // due 27 May (1 day late), held by nobody; H by the contractor that handled it.
    let entry = |v: &Value, id: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(entry(&late, &c)["days_late"], 1);
    assert!(entry(&late, &c)["held_by"].is_null());
    assert!(entry(&late, &h)["days_late"].as_i64().unwrap() > 0);
    assert_eq!(entry(&late, &h)["held_by"], "Fixit Ltd");
    // C was acknowledged on 12 May, due 9 May: 1 working day late.
    let ack_late = ok(app
        .get(
            dash["drill_down"]["stage1_acknowledged_late"]
                .as_str()
                .unwrap(),
            &officer,
        )
        .await)
    .await;
    assert_eq!(entry(&ack_late, &c)["days_late"], 1);
    // Among all responses, one in time says none.
    let responses = ok(app
        .get(
            dash["drill_down"]["stage1_responded"].as_str().unwrap(),
            &officer,
        )
        .await)
    .await;
    assert!(entry(&responses, &a)["days_late"].is_null());
    // Beside the figures: the same dates a year earlier (A's receipt alone), and no targets.
    assert_eq!(dash["previous"]["from"], "2024-04-01");
    assert_eq!(dash["previous"]["to"], "2025-03-31");
    assert_eq!(dash["previous"]["stage1"]["received"], 1);
    assert_eq!(dash["targets"], json!({}));
    let received = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/dashboard/cases?figure=stage1_received&from=2025-04-01&to=2026-03-31&limit=4",
                l.slug
            ),
            &officer,
        )
        .await)
    .await;
    assert_eq!(received["items"].as_array().unwrap().len(), 4);
    let cursor = received["next_cursor"].as_str().unwrap();
    let rest = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/dashboard/cases?figure=stage1_received&from=2025-04-01&to=2026-03-31&limit=4&cursor={cursor}",
                l.slug
            ),
            &officer,
        )
        .await)
    .await;
    assert!(rest["next_cursor"].is_null());
    // Listed by the day each complaint was received, across pages.
    let days: Vec<&str> = received["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["items"].as_array().unwrap())
        .map(|c| c["received_on"].as_str().unwrap())
        .collect();
    let mut in_order = days.clone();
    in_order.sort();
    assert_eq!(days, in_order, "by received date");
    let mut all = refs(&received);
    all.extend(refs(&rest));
    assert_eq!(
        sorted(all),
        sorted(vec![
            b.clone(),
            c.clone(),
            e.clone(),
            f.clone(),
            g.clone(),
            h.clone()
        ])
    );
    let excluded = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/dashboard/cases?figure=excluded&from=2025-04-01&to=2026-03-31",
                l.slug
            ),
            &officer,
        )
        .await)
    .await;
    assert_eq!(refs(&excluded), sorted(vec![d.clone(), g.clone()]));
    // No resident personal data anywhere on the dashboard.
    let text = dash.to_string();
    for personal in ["Mary", "Jones", "mary@example.org", "FL-12"] {
        assert!(!text.contains(personal), "{personal}");
    }
    // The year before holds only A's receipt.
    let before = ok(app
        .get(
            &format!("/api/v1/landlords/{}/tsm?year=2024", l.slug),
            &officer,
        )
        .await)
    .await;
    assert_eq!(before["counts"]["stage1_received"], 1);
    assert_eq!(before["counts"]["stage1_responded"], 0);
    assert!(before["ch02_stage1_pct"].is_null());
}

async fn dashboard_and_tsm_roles_and_isolation(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let oversight = |role: Role| match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer | Role::Mrc | Role::GoverningBody => {
            Expect::Allowed
        }
        _ => Expect::Forbidden,
    };
    check_roles(&a, &b, &platform, oversight, |t| {
        app.request(
            reqwest::Method::GET,
            &format!("/api/v1/landlords/{}/dashboard", a.slug),
            Some(t),
        )
    })
    .await;
    check_roles(&a, &b, &platform, oversight, |t| {
        app.request(
            reqwest::Method::GET,
            &format!("/api/v1/landlords/{}/tsm?year=2025", a.slug),
            Some(t),
        )
    })
    .await;
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::Mrc => Expect::Allowed,
            _ => Expect::Forbidden,
        },
        |t| {
            app.request(
                reqwest::Method::GET,
                &format!("/api/v1/landlords/{}/dashboard/cases?figure=open", a.slug),
                Some(t),
            )
        },
    )
    .await;
    // The governing body sees figures without drill-down links.
    let gb = ok(app
        .get(
            &format!("/api/v1/landlords/{}/dashboard", a.slug),
            &a.user(Role::GoverningBody).token,
        )
        .await)
    .await;
    assert!(gb["drill_down"].is_null());
    // Another landlord's complaints never count.
    intake(&app, &b, json!({"received_on": "2026-11-02"})).await;
    let mine = ok(app
        .get(
            &format!("/api/v1/landlords/{}/dashboard", a.slug),
            &a.user(Role::Mrc).token,
        )
        .await)
    .await;
    assert_eq!(mine["figures"]["stage1"]["received"], 0);
    assert_eq!(mine["figures"]["now"]["open"], 0);
    // The MRC's drill-down reads are audited.
    ok(app
        .get(
            &format!("/api/v1/landlords/{}/dashboard/cases?figure=open", a.slug),
            &a.user(Role::Mrc).token,
        )
        .await)
    .await;
    let audit = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/audit?kind=dashboard.cases.read",
                a.slug
            ),
            &a.admin().token,
        )
        .await)
    .await;
    // One read in the role check above, one here.
    let reads = audit["items"].as_array().unwrap();
    assert_eq!(reads.len(), 2, "{audit}");
    assert_eq!(reads[0]["actor_id"], a.user(Role::Mrc).id.to_string());
    assert_eq!(reads[0]["detail"]["figure"], "open");
}

async fn bad_periods_and_figures_are_refused(app: TestApp) {
    let l = app.landlord("alpha").await;
    let t = l.user(Role::Mrc).token.clone();
    let base = format!("/api/v1/landlords/{}", l.slug);
    for (q, field) in [
        ("dashboard?from=2026-02-30", "from"),
        ("dashboard?from=2026-05-01&to=2026-04-01", "to"),
        ("dashboard?from=2010-01-01&to=2026-04-01", "to"),
        ("dashboard/cases?figure=everything", "figure"),
        ("tsm?year=1999", "year"),
    ] {
        let p = expect_problem(
            app.get(&format!("{base}/{q}"), &t).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{q}");
    }
}

async fn tsm_is_split_by_tenure_where_the_landlord_has_both(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let tsm = async || {
        ok(app
            .get(
                &format!("/api/v1/landlords/{}/tsm?year=2025", l.slug),
                &officer,
            )
            .await)
        .await
    };
    // Only rental homes: no split.
    intake(
        &app,
        &l,
        json!({"received_on": "2025-06-02", "tenure": "low_cost_rental"}),
    )
    .await;
    assert_eq!(tsm().await["by_tenure"], json!([]));
    ok(app
        .patch(
            &format!("/api/v1/landlords/{}/settings", l.slug),
            &l.admin().token,
            &json!({"homes": 900, "homes_low_cost_home_ownership": 100}),
        )
        .await)
    .await;
    intake(
        &app,
        &l,
        json!({"received_on": "2025-06-03", "tenure": "low_cost_rental"}),
    )
    .await;
    intake(
        &app,
        &l,
        json!({"received_on": "2025-06-04", "tenure": "low_cost_home_ownership"}),
    )
    .await;
    intake(&app, &l, json!({"received_on": "2025-06-05"})).await;
    let p = expect_problem(
        app.post(
            &format!("/api/v1/landlords/{}/complaints", l.slug),
            Some(&officer),
            &json!({"resident": {"name": "Ann Lee"}, "channel": "phone", "received_on": "2025-06-05",
                    "description": "The lift is broken.", "category": "repairs", "tenure": "freehold"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["tenure"]);
    let t = tsm().await;
    // 4 stage 1 complaints for 1,000 homes in all.
    assert_eq!(t["ch01_stage1_per_1000"], 4.0);
    let by = t["by_tenure"].as_array().unwrap();
    assert_eq!(by.len(), 3);
    // 2 for 900 rental homes: 2.22 per 1,000; 1 for 100 ownership homes: 10.00.
    assert_eq!(by[0]["tenure"], "low_cost_rental");
    assert_eq!(by[0]["counts"]["stage1_received"], 2);
    assert_eq!(by[0]["ch01_stage1_per_1000"], 2.22);
    assert_eq!(by[1]["tenure"], "low_cost_home_ownership");
    assert_eq!(by[1]["ch01_stage1_per_1000"], 10.0);
    assert_eq!(by[2]["tenure"], "not_recorded");
    assert_eq!(by[2]["counts"]["stage1_received"], 1);
    assert!(by[2]["ch01_stage1_per_1000"].is_null());
}

/// The dashboard and TSM figures come from the performance roll-up, which each change keeps
/// in step (`redress_store::rollup`). After every kind of change, including a change of
/// closure days that alters which responses were in time, they must equal the figures
/// counted from the records themselves.
async fn the_rollup_stays_equal_to_a_count_from_the_records(app: TestApp) {
    use redress_domain::calendar::{BankHolidays, WorkingCalendar};
    use redress_store::{TenantScope, landlords, performance};

    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let admin = l.admin().token.clone();
    let contractor = l.user(Role::Contractor).token.clone();
    let scope =
        TenantScope::for_system_task(landlords::find_by_slug(&app.db, "alpha").await.unwrap().id);
    let today = chrono::Utc::now().date_naive();
    let same = |step: &'static str| {
        let db = app.db.clone();
        async move {
            let closures = landlords::closure_days(&db, scope).await.unwrap();
            let cal = WorkingCalendar::new(&BankHolidays::england_and_wales().unwrap(), closures);
            for (from, to) in [("2025-04-01", "2026-03-31"), ("2025-05-01", "2025-05-31")] {
                let (from, to) = (from.parse().unwrap(), to.parse().unwrap());
                let rolled = performance::dashboard(&db, scope, &cal, from, to, today)
                    .await
                    .unwrap();
                let counted =
                    performance::dashboard_from_records(&db, scope, &cal, from, to, today)
                        .await
                        .unwrap();
                assert_eq!(rolled, counted, "dashboard {from} to {to} after {step}");
            }
            let rolled = performance::tsm(&db, scope, &cal, 2025, today)
                .await
                .unwrap();
            let counted = performance::tsm_from_records(&db, scope, &cal, 2025, today)
                .await
                .unwrap();
            assert_eq!(rolled, counted, "TSM after {step}");
        }
    };
    let id = |c: &Value| c["id"].as_str().unwrap().to_owned();
    // Build the roll-up while there is nothing: every later figure comes from the changes.
    let built = ok(app
        .get(
            "/api/v1/landlords/alpha/dashboard?from=2025-04-01&to=2026-03-31",
            &officer,
        )
        .await)
    .await;
    assert_eq!(built["figures"]["stage1"]["received"], 0);

    let a = id(&intake(
        &app,
        &l,
        json!({"received_on": "2025-04-16", "tenure": "low_cost_rental"}),
    )
    .await);
    same("intake").await;
    act_ok(&app, &l, &a, "acknowledge", acknowledgement("2025-04-24")).await;
    same("acknowledgement").await;
    act_ok(
        &app,
        &l,
        &a,
        "extend",
        json!({"working_days": 5, "reason": "Waiting for the surveyor's report.", "on": "2025-05-06", "letter_already_sent": false}),
    )
    .await;
    same("extension").await;
    let responded = act_ok(
        &app,
        &l,
        &a,
        "respond",
        json!({"decision": "upheld", "reasons": "We looked into every point of the complaint.",
               "remedies": [{"kind": "financial", "description": "For the delay", "amount_pence": 5000}],
               "outstanding_actions": [], "on": "2025-05-15", "letter_already_sent": false}),
    )
    .await;
    same("response with a remedy").await;
    let remedy = responded["remedies"][0]["id"].as_str().unwrap().to_owned();
    ok(app
        .patch(
            &format!("/api/v1/landlords/alpha/complaints/{a}/remedies/{remedy}"),
            &officer,
            &json!({"status": "completed", "completed_on": "2025-05-20"}),
        )
        .await)
    .await;
    same("remedy completed").await;
    act_ok(&app, &l, &a, "escalate", json!({"on": "2025-05-21"})).await;
    same("escalation").await;
    act_ok(
        &app,
        &l,
        &a,
        "allocate",
        json!({"handler_id": l.admin().id, "on": "2025-05-21"}),
    )
    .await;
    ok(act(
        &app,
        &l,
        &admin,
        &a,
        "acknowledge",
        acknowledgement("2025-05-22"),
    )
    .await)
    .await;
    ok(act(
        &app,
        &l,
        &admin,
        &a,
        "respond",
        respond("2025-06-10", "partly_upheld"),
    )
    .await)
    .await;
    same("stage 2 response").await;

    let b = id(&intake(&app, &l, json!({"received_on": "2025-06-02"})).await);
    act_ok(
        &app,
        &l,
        &b,
        "not-accept",
        json!({"reason": "previously_considered", "explanation": "We answered this in 2024.", "on": "2025-06-03", "letter_already_sent": false}),
    )
    .await;
    same("not accepted").await;

    let c = id(&intake(
        &app,
        &l,
        json!({"received_on": "2025-07-01", "category": "anti_social_behaviour"}),
    )
    .await);
    act_ok(&app, &l, &c, "acknowledge", acknowledgement("2025-07-02")).await;
    act_ok(&app, &l, &c, "respond", respond("2025-07-10", "not_upheld")).await;
    act_ok(&app, &l, &c, "escalate", json!({"on": "2025-07-15"})).await;
    same("escalation asked").await;
    act_ok(
        &app,
        &l,
        &c,
        "refuse-escalation",
        json!({"reason": "other_process", "explanation": "This is an insurance claim.", "on": "2025-07-16", "letter_already_sent": false}),
    )
    .await;
    same("escalation refused").await;

    let d = id(&intake(&app, &l, json!({"received_on": "2025-09-01"})).await);
    act_ok(
        &app,
        &l,
        &d,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-09-01"}),
    )
    .await;
    ok(act(
        &app,
        &l,
        &contractor,
        &d,
        "acknowledge",
        acknowledgement("2025-09-03"),
    )
    .await)
    .await;
    ok(act(
        &app,
        &l,
        &contractor,
        &d,
        "respond",
        respond("2025-09-18", "partly_upheld"),
    )
    .await)
    .await;
    same("contractor's response").await;

    // A closure day inside the contractor's response period makes its response, a day late
    // (due 17 September), in time: the roll-up is discarded and rebuilt by the rules as they
    // now are.
    let before = performance::dashboard_from_records(
        &app.db,
        scope,
        &WorkingCalendar::new(&BankHolidays::england_and_wales().unwrap(), vec![]),
        "2025-04-01".parse().unwrap(),
        "2026-03-31".parse().unwrap(),
        today,
    )
    .await
    .unwrap();
    ok(app
        .patch(
            "/api/v1/landlords/alpha/settings",
            &admin,
            &json!({"closure_days": [{"date": "2025-09-10", "reason": "Office move"}]}),
        )
        .await)
    .await;
    same("a closure day added").await;
    let e = id(&intake(&app, &l, json!({"received_on": "2025-10-01"})).await);
    act_ok(&app, &l, &e, "acknowledge", acknowledgement("2025-10-02")).await;
    same("a change after the closure day").await;
    assert_eq!(before.figures.stage1.responded_in_time.of, 3);
    assert_eq!(before.figures.stage1.responded_in_time.count, 2);
    let after = ok(app
        .get(
            "/api/v1/landlords/alpha/dashboard?from=2025-04-01&to=2026-03-31",
            &officer,
        )
        .await)
    .await;
    assert_eq!(
        after["figures"]["stage1"]["responded_in_time"],
        json!({"count": 3, "of": 3, "pct": 100.0})
    );
}

/// The open complaints, one a page. The complaint a page ended on is then not accepted, and so
/// leaves the figure: the next page still follows on from where that one stood.
async fn a_drill_down_page_follows_on_when_a_complaint_leaves_the_figure(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let mut ids = Vec::new();
    for day in ["2025-01-06", "2025-01-07", "2025-01-08"] {
        let c = intake(&app, &l, json!({"received_on": day})).await;
        ids.push(c["id"].as_str().unwrap().to_owned());
    }
    let page = |cursor: Option<String>| {
        let (app, officer, slug) = (&app, &officer, l.slug.clone());
        async move {
            let mut url = format!("/api/v1/landlords/{slug}/dashboard/cases?figure=open&limit=1");
            if let Some(c) = cursor {
                url.push_str(&format!("&cursor={c}"));
            }
            ok(app.get(&url, officer).await).await
        }
    };
    let first = page(None).await;
    assert_eq!(first["items"][0]["id"], ids[0].as_str());
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &l,
        &ids[0],
        "not-accept",
        json!({"reason": "other_process", "explanation": "This is an insurance claim."}),
    )
    .await;
    let second = page(Some(cursor)).await;
    assert_eq!(second["items"][0]["id"], ids[1].as_str(), "{second}");
    // A cursor no list ever gave is refused, naming it.
    let p = expect_problem(
        app.get(
            &format!(
                "/api/v1/landlords/{}/dashboard/cases?figure=open&cursor={}",
                l.slug,
                uuid::Uuid::now_v7()
            ),
            &officer,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["cursor"]);
}

/// A landlord admin sets its own targets for the headline figures; the dashboard carries them
/// to the MRC and the governing body. A target for another figure, or over 100%, is refused
/// naming it, and changes nothing.
async fn the_landlord_sets_targets_the_dashboard_shows(app: TestApp) {
    let l = app.landlord("alpha").await;
    let admin = l.admin().token.clone();
    let settings = format!("/api/v1/landlords/{}/settings", l.slug);
    let dashboard = format!("/api/v1/landlords/{}/dashboard", l.slug);
    for (body, field, message) in [
        (
            json!({"performance_targets": {"stage1_responded_in_time": 101}}),
            "performance_targets.stage1_responded_in_time",
            "must be a percentage from 0 to 100",
        ),
        (
            json!({"performance_targets": {"escalation_rate": 10}}),
            "performance_targets.escalation_rate",
            "is not a figure with a target",
        ),
    ] {
        let problem = expect_problem(
            app.patch(&settings, &admin, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let said = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("{problem}"));
        assert!(
            said["message"].as_str().unwrap().starts_with(message),
            "{said}"
        );
    }
    let unchanged = ok(app.get(&dashboard, &admin).await).await;
    assert_eq!(unchanged["targets"], json!({}));

    let saved = ok(app
        .patch(
            &settings,
            &admin,
            &json!({"performance_targets": {"stage1_responded_in_time": 95, "stage2_responded_in_time": 90}}),
        )
        .await)
    .await;
    assert_eq!(saved["performance_targets"]["stage1_responded_in_time"], 95);
    for role in [Role::Mrc, Role::GoverningBody] {
        let d = ok(app.get(&dashboard, &l.user(role).token).await).await;
        assert_eq!(
            d["targets"],
            json!({"stage1_responded_in_time": 95, "stage2_responded_in_time": 90})
        );
    }
    // A complaints officer may not set them.
    expect_problem(
        app.patch(
            &settings,
            &l.user(Role::ComplaintsOfficer).token,
            &json!({"performance_targets": {}}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // `{}` removes them.
    ok(app
        .patch(&settings, &admin, &json!({"performance_targets": {}}))
        .await)
    .await;
    assert_eq!(
        ok(app.get(&dashboard, &admin).await).await["targets"],
        json!({})
    );
}

async fn the_operator_records_the_sectors_figures_every_dashboard_cites(app: TestApp) {
    let l = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let ops = app.platform_admin().await;
    let this_year = redress_domain::figures::financial_year_of(chrono::Utc::now().date_naive());
    let last = this_year - 1;
    let put = |year: i32, token: &str, body: Value| {
        app.request(
            reqwest::Method::PUT,
            &format!("/api/v1/platform/sector-figures/{year}"),
            Some(token),
        )
        .json(&body)
        .send()
    };
    let dashboard = |l: &Landlord, from: String, to: String| {
        format!("/api/v1/landlords/{}/dashboard?from={from}&to={to}", l.slug)
    };
    let this_period = dashboard(
        &l,
        format!("{this_year}-04-01"),
        format!("{this_year}-04-30"),
    );
    let mrc = l.user(Role::Mrc).token.clone();
    let none = ok(app.get(&this_period, &mrc).await).await;
    assert_eq!(
        none["sector"],
        Value::Null,
        "nothing recorded, nothing shown"
    );

    // Refused, each by its field, and nothing recorded.
    let source = "Regulator of Social Housing, Tenant Satisfaction Measures: headline report";
    for (year, body, field, message) in [
        (
            last,
            json!({"figures": {"stage1_responded_in_time": 79.45}, "source": source}),
            "figures.stage1_responded_in_time",
            "must have at most one decimal place",
        ),
        (
            last,
            json!({"figures": {"stage1_responded_in_time": 101}, "source": source}),
            "figures.stage1_responded_in_time",
            "must be a percentage from 0 to 100",
        ),
        (
            last,
            json!({"figures": {"escalation_rate": 10}, "source": source}),
            "figures.escalation_rate",
            "is not a figure with a sector figure",
        ),
        (
            last,
            json!({"figures": {}, "source": source}),
            "figures",
            "give at least one",
        ),
        (
            last,
            json!({"figures": {"stage1_responded_in_time": 80}, "source": " "}),
            "source",
            "say where",
        ),
        (
            this_year,
            json!({"figures": {"stage1_responded_in_time": 80}, "source": source}),
            "year",
            "must be a financial year that has ended",
        ),
    ] {
        let problem = expect_problem(
            put(year, &ops.token, body).await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let said = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("{field}: {problem}"));
        assert!(
            said["message"].as_str().unwrap().starts_with(message),
            "{said}"
        );
    }
    let listed = ok(app.get("/api/v1/platform/sector-figures", &ops.token).await).await;
    assert_eq!(listed, json!([]));

    // Only the platform admin records them; a landlord's own admin may not.
    expect_problem(
        put(
            last - 1,
            &l.admin().token,
            json!({"figures": {"stage1_responded_in_time": 70}, "source": source}),
        )
        .await
        .unwrap(),
        StatusCode::FORBIDDEN,
    )
    .await;

    // Two years recorded, one corrected.
    ok(put(
        last - 1,
        &ops.token,
        json!({"figures": {"stage1_responded_in_time": 75.5}, "source": "Earlier report"}),
    )
    .await
    .unwrap())
    .await;
    ok(put(
        last,
        &ops.token,
        json!({"figures": {"stage1_responded_in_time": 79.0}, "source": "First reading"}),
    )
    .await
    .unwrap())
    .await;
    let recorded = ok(put(
        last,
        &ops.token,
        json!({"figures": {"stage1_responded_in_time": 79.4, "stage2_responded_in_time": 77.1}, "source": source}),
    )
    .await
    .unwrap())
    .await;
    assert_eq!(
        recorded["figures"],
        json!({"stage1_responded_in_time": 79.4, "stage2_responded_in_time": 77.1})
    );
    let listed = ok(app.get("/api/v1/platform/sector-figures", &ops.token).await).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["year"], last, "the newest first");
    let audited = ok(app
        .get(
            "/api/v1/platform/audit?kind=sector_figures.recorded",
            &ops.token,
        )
        .await)
    .await;
    let newest = &audited["items"][0];
    assert_eq!(
        newest["detail"]["replaced"]["figures"],
        json!({"stage1_responded_in_time": 79.0})
    );

    // Every landlord's dashboard cites the latest year published by its period's year: this
    // year's period shows last year's; a period two years back shows that year's.
    for (landlord, token) in [(&l, mrc.clone()), (&b, b.user(Role::Mrc).token.clone())] {
        let d = ok(app
            .get(
                &dashboard(
                    landlord,
                    format!("{this_year}-04-01"),
                    format!("{this_year}-04-30"),
                ),
                &token,
            )
            .await)
        .await;
        assert_eq!(d["sector"]["year"], last);
        assert_eq!(d["sector"]["source"], source);
        assert_eq!(d["sector"]["figures"]["stage2_responded_in_time"], 77.1);
    }
    let earlier = ok(app
        .get(
            &dashboard(&l, format!("{}-04-01", last - 1), format!("{}-03-31", last)),
            &mrc,
        )
        .await)
    .await;
    assert_eq!(earlier["sector"]["year"], last - 1);
    assert_eq!(
        earlier["sector"]["figures"],
        json!({"stage1_responded_in_time": 75.5})
    );

    // Removed in error: audited, and the year is gone.
    let gone = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/platform/sector-figures/{last}"),
            Some(&ops.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let again = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/platform/sector-figures/{last}"),
            Some(&ops.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    let d = ok(app.get(&this_period, &mrc).await).await;
    assert_eq!(d["sector"]["year"], last - 1);
}

async fn a_landlord_keeps_its_own_copy_of_the_sectors_figures(app: TestApp) {
    let l = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let ops = app.platform_admin().await;
    let this_year = redress_domain::figures::financial_year_of(chrono::Utc::now().date_naive());
    let last = this_year - 1;
    let put = |l: &Landlord, year: i32, token: &str, body: Value| {
        app.request(
            reqwest::Method::PUT,
            &format!("/api/v1/landlords/{}/sector-figures/{year}", l.slug),
            Some(token),
        )
        .json(&body)
        .send()
    };
    let delete = |l: &Landlord, year: i32, token: &str| {
        app.request(
            reqwest::Method::DELETE,
            &format!("/api/v1/landlords/{}/sector-figures/{year}", l.slug),
            Some(token),
        )
        .send()
    };
    let list = |l: &Landlord| format!("/api/v1/landlords/{}/sector-figures", l.slug);
    let this_period = |l: &Landlord| {
        format!(
            "/api/v1/landlords/{}/dashboard?from={this_year}-04-01&to={this_year}-04-30",
            l.slug
        )
    };
    // The platform records what the sector published, for every landlord.
    let published = "Regulator of Social Housing, Tenant Satisfaction Measures: headline report";
    ok(app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/platform/sector-figures/{last}"),
            Some(&ops.token),
        )
        .json(&json!({"figures": {"stage1_responded_in_time": 79.4}, "source": published}))
        .send()
        .await
        .unwrap())
    .await;
    let admin = l.admin().token.clone();
    let mrc = l.user(Role::Mrc).token.clone();
    let shown = ok(app.get(&list(&l), &mrc).await).await;
    assert_eq!(shown[0]["year"], last);
    assert_eq!(shown[0]["own_copy"], false);
    assert_eq!(shown[0]["source"], published);

    // Refused by field, as the platform's are, and nothing kept.
    for (year, body, field) in [
        (
            last,
            json!({"figures": {"stage1_responded_in_time": 79.45}, "source": "Ours"}),
            "figures.stage1_responded_in_time",
        ),
        (
            last,
            json!({"figures": {"stage1_responded_in_time": 80}, "source": ""}),
            "source",
        ),
        (
            this_year,
            json!({"figures": {"stage1_responded_in_time": 80}, "source": "Ours"}),
            "year",
        ),
    ] {
        let problem = expect_problem(
            put(&l, year, &admin, body).await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(
            problem["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == field),
            "{field}: {problem}"
        );
    }
    // Only the landlord's admin keeps a copy: its MRC may read but not change it.
    expect_problem(
        put(
            &l,
            last,
            &mrc,
            json!({"figures": {"stage1_responded_in_time": 70}, "source": "Ours"}),
        )
        .await
        .unwrap(),
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(ok(app.get(&list(&l), &mrc).await).await, shown);

    // The landlord's own copy of last year: its peer group's benchmark.
    let peers = "Housing associations of our size, benchmarking club, June 2026";
    let kept = ok(put(
        &l,
        last,
        &admin,
        json!({"figures": {"stage1_responded_in_time": 85.2, "stage2_responded_in_time": 81}, "source": peers}),
    )
    .await
    .unwrap())
    .await;
    assert_eq!(kept["own_copy"], true);
    let d = ok(app.get(&this_period(&l), &mrc).await).await;
    assert_eq!(d["sector"]["source"], peers);
    assert_eq!(d["sector"]["own_copy"], true);
    assert_eq!(d["sector"]["figures"]["stage1_responded_in_time"], 85.2);
    // Another landlord still sees the platform's record, and cannot touch this copy.
    let other = b.user(Role::Mrc).token.clone();
    let theirs = ok(app.get(&this_period(&b), &other).await).await;
    assert_eq!(theirs["sector"]["source"], published);
    assert_eq!(theirs["sector"]["own_copy"], false);
    expect_problem(
        delete(&l, last, &b.admin().token).await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        delete(&b, last, &b.admin().token).await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(ok(app.get(&list(&l), &mrc).await).await[0]["source"], peers);

    // Audited with what it replaced.
    let audited = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/audit?kind=sector_figures.own_copy_recorded",
                l.slug
            ),
            &admin,
        )
        .await)
    .await;
    assert_eq!(audited["items"][0]["detail"]["source"], peers);
    assert_eq!(audited["items"][0]["detail"]["replaced"], Value::Null);

    // Removed: the platform's record shows again; removing it twice is 404.
    let gone = delete(&l, last, &admin).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    expect_problem(
        delete(&l, last, &admin).await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    let d = ok(app.get(&this_period(&l), &mrc).await).await;
    assert_eq!(d["sector"]["source"], published);
    let audited = ok(app
        .get(
            &format!(
                "/api/v1/landlords/{}/audit?kind=sector_figures.own_copy_removed",
                l.slug
            ),
            &admin,
        )
        .await)
    .await;
    assert_eq!(
        audited["items"][0]["detail"]["removed"]["figures"],
        json!({"stage1_responded_in_time": 85.2, "stage2_responded_in_time": 81.0})
    );
}
