//! Self-assessments against the Code and the annual complaints performance and service
//! improvement report (Code 8.1–8.4): drafting, approval that freezes the computed
//! evidence, versions, publication to the public page, exports and import, and who may do
//! what.

use crate::complaints::{acknowledgement, act_ok, intake};
use crate::helpers::*;
use redress_domain::provisions::{EDITION_2024, provisions};
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_self_assessment_is_drafted_approved_versioned_and_published,
    the_stage_1_in_time_figure_is_what_the_data_gives,
    exports_carry_every_provision_and_import_reads_them_back,
    the_annual_report_is_published_with_the_assessment_and_the_response,
    self_assessment_and_annual_report_roles_and_isolation,
);

async fn ok(resp: reqwest::Response) -> Value {
    expect_status(resp, StatusCode::OK).await
}

async fn put(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.request(Method::PUT, path, Some(token))
        .json(body)
        .send()
        .await
        .expect("sent")
}

/// Every provision answered `yes`, with evidence.
fn all_yes() -> Vec<Value> {
    provisions(EDITION_2024)
        .unwrap()
        .iter()
        .map(|p| {
            json!({"provision": p.number, "complies": "yes",
                        "evidence": format!("Policy, paragraph {}", p.number),
                        "links": ["https://example.org/complaints-policy"],
                        "commentary": "Checked by the complaints team."})
        })
        .collect()
}

fn provision<'a>(v: &'a Value, number: &str) -> &'a Value {
    v["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["provision"] == number)
        .unwrap_or_else(|| panic!("no provision {number} in {v}"))
}

fn respond(on: &str) -> Value {
    json!({"decision": "upheld", "reasons": "We looked into every point of the complaint.",
           "remedies": [], "outstanding_actions": [], "on": on, "letter_already_sent": false})
}

async fn a_self_assessment_is_drafted_approved_versioned_and_published(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let admin = l.admin().token.clone();
    let base = "/api/v1/landlords/alpha/self-assessments/2025";

    // Nothing saved: every provision of the catalogue, with the year's figures.
    let fresh = ok(app.get(base, &officer).await).await;
    assert_eq!(fresh["status"], "not_started");
    assert_eq!(fresh["version"], 0);
    let count = provisions(EDITION_2024).unwrap().len();
    assert_eq!(fresh["provisions"].as_array().unwrap().len(), count);
    assert_eq!(fresh["unanswered"].as_array().unwrap().len(), count);
    assert_eq!(
        provision(&fresh, "6.13")["section_title"],
        provision(&fresh, "6.1")["section_title"]
    );
    assert!(
        provision(&fresh, "6.2")["computed_evidence"]
            .as_str()
            .unwrap()
            .starts_with("0 of 0 stage 1 complaints acknowledged within 5 working days")
    );

    // Bad answers are refused, naming the field, and nothing is saved.
    let bad = expect_problem(
        put(
            &app,
            base,
            &officer,
            &json!({"provisions": [
                {"provision": "6.99", "complies": "yes"},
                {"provision": "6.3", "complies": "maybe", "links": ["javascript:alert(1)"]}
            ]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&bad),
        vec![
            "provisions[0].provision",
            "provisions[1].complies",
            "provisions[1].links"
        ]
    );
    assert_eq!(
        ok(app.get(base, &officer).await).await["status"],
        "not_started"
    );

    // A draft with some answers cannot be approved, and says which are missing.
    let draft = ok(put(
        &app,
        base,
        &officer,
        &json!({"provisions": [{"provision": "1.2", "complies": "yes", "evidence": "Policy section 4"}]}),
    )
    .await)
    .await;
    assert_eq!(
        (draft["status"].as_str(), draft["version"].as_i64()),
        (Some("draft"), Some(1))
    );
    assert_eq!(provision(&draft, "1.2")["evidence"], "Policy section 4");
    expect_problem(
        app.post(&format!("{base}/approve"), Some(&officer), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let refused = expect_problem(
        app.post(&format!("{base}/approve"), Some(&admin), &json!({}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1.3"),
        "{refused}"
    );

    // Every provision answered, 6.3 only partly and without an action: still refused.
    let mut answers = all_yes();
    for a in answers.iter_mut() {
        if a["provision"] == "6.3" {
            a["complies"] = json!("partly");
        }
    }
    ok(put(&app, base, &officer, &json!({"provisions": answers})).await).await;
    let refused = expect_problem(
        app.post(&format!("{base}/approve"), Some(&admin), &json!({}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("action") && message.contains("6.3"),
        "{message}"
    );
    ok(put(
        &app,
        base,
        &officer,
        &json!({"provisions": [{"provision": "6.3", "complies": "partly",
            "evidence": "Stage 1 response times", "commentary": "Winter backlog.",
            "action": "Two more responding officers in repairs", "target_date": "2026-06-30"}]}),
    )
    .await)
    .await;

    // Not public while a draft.
    let public = ok(app
        .request(Method::GET, "/api/v1/public/alpha", None)
        .send()
        .await
        .unwrap())
    .await;
    assert!(public["self_assessment"].is_null());

    // Approval records who and when, and freezes the computed evidence.
    let approved = ok(app
        .post(&format!("{base}/approve"), Some(&admin), &json!({}))
        .await)
    .await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["evidence_frozen"], true);
    assert!(approved["approved_at"].is_string());
    let frozen = provision(&approved, "6.2")["computed_evidence"].clone();
    assert!(frozen.as_str().unwrap().starts_with("0 of 0"), "{frozen}");
    let c = intake(&app, &l, json!({"received_on": "2025-06-02"})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-06-03")).await;
    let again = ok(app.get(base, &officer).await).await;
    assert_eq!(provision(&again, "6.2")["computed_evidence"], frozen);
    assert!(
        ok(app.get(base, &officer).await).await["unanswered"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // An approved assessment changes only by a new version, with its reason.
    let conflict = expect_problem(
        put(
            &app,
            base,
            &officer,
            &json!({"provisions": [{"provision": "1.2", "complies": "no"}]}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        conflict["detail"]
            .as_str()
            .unwrap()
            .contains("new_version_reason")
    );
    // Not public until published.
    let public = ok(app
        .request(Method::GET, "/api/v1/public/alpha", None)
        .send()
        .await
        .unwrap())
    .await;
    assert!(public["self_assessment"].is_null());
    let published = ok(app
        .post(&format!("{base}/publish"), Some(&admin), &json!({}))
        .await)
    .await;
    assert_eq!(published["status"], "published");
    let public = ok(app
        .request(Method::GET, "/api/v1/public/alpha", None)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(public["self_assessment"]["year"], 2025);
    let url = public["self_assessment"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let doc = app.request(Method::GET, &url, None).send().await.unwrap();
    assert_eq!(doc.status(), StatusCode::OK);
    let html = doc.text().await.unwrap();
    assert!(html.contains("Two more responding officers in repairs"));
    assert!(
        html.contains("0 of 0 stage 1 complaints acknowledged"),
        "the figures frozen at approval are published"
    );

    // A restructure: version 2, from version 1's answers, computed afresh until approved.
    let v2 = ok(put(
        &app,
        base,
        &officer,
        &json!({"new_version_reason": "Merger with Beta Homes on 1 October 2025",
                "provisions": [{"provision": "1.2", "complies": "yes", "evidence": "New joint policy"}]}),
    )
    .await)
    .await;
    assert_eq!(
        (v2["version"].as_i64(), v2["status"].as_str()),
        (Some(2), Some("draft"))
    );
    assert_eq!(v2["versions"].as_array().unwrap().len(), 2);
    assert_eq!(
        provision(&v2, "6.3")["action"],
        "Two more responding officers in repairs"
    );
    assert!(
        provision(&v2, "6.2")["computed_evidence"]
            .as_str()
            .unwrap()
            .starts_with("1 of 1 (100.0%)"),
        "{}",
        provision(&v2, "6.2")
    );
    // The public page still shows the published version 1.
    let doc = app
        .request(Method::GET, &url, None)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(doc.contains("Version 1"));
    let v1 = ok(app.get(&format!("{base}?version=1"), &officer).await).await;
    assert_eq!(v1["status"], "published");
    // The annual submission help: 6.3 is a "no" with its action.
    let sub = ok(app.get(&format!("{base}/submission"), &officer).await).await;
    assert_eq!(sub["not_complying"], 1);
    let s63 = sub["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["provision"] == "6.3")
        .unwrap();
    assert_eq!(s63["answer"], "no");
    assert_eq!(s63["target_date"], "2026-06-30");
}

/// From seed-like data: an assessment imported from a published five-column document, then
/// complaints whose stage 1 responses are in time or late, worked out by hand:
/// * A received Mon 7 Apr 2025, acknowledged 9 Apr, due 24 Apr (Good Friday 18 and Easter
///   Monday 21 April skipped), responded 23 Apr: in time.
/// * B received Tue 1 Jul, acknowledged 2 Jul, due 16 Jul, responded 16 Jul: in time.
/// * C received Mon 1 Sep, acknowledged 2 Sep, due 16 Sep, responded 18 Sep: late.
/// * D received Wed 1 Oct, acknowledged 2 Oct, extended by 5 working days to 23 Oct,
///   responded 22 Oct: in time.
///
/// So 6.3 reads "3 of 4 (75.0%)", and TSM CH02 for stage 1 is the same 75.0%.
async fn the_stage_1_in_time_figure_is_what_the_data_gives(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let seed = "Code provision,Code requirement,Comply: Yes / No,Evidence,Commentary / explanation\n\
        1.2,\"<p>A complaint must be defined as:</p> <p><i>'an expression of dissatisfaction'</i></p>\",YES,\"<p>Tenant handbook & welcome pack.</p>\",<p>Plain English definition.</p>\n\
        6.3,<p>Respond within 10 working days.</p>,Yes,<p>Policy – section 8</p>,<p>Monitored weekly.</p>\n";
    let imported = ok(app
        .request(
            Method::POST,
            "/api/v1/landlords/alpha/self-assessments/2025/import",
            Some(&officer),
        )
        .header("content-type", "text/csv")
        .body(seed)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(provision(&imported, "1.2")["complies"], "yes");
    assert_eq!(
        provision(&imported, "1.2")["evidence"],
        "Tenant handbook & welcome pack."
    );
    assert_eq!(
        provision(&imported, "1.2")["official_wording"],
        "A complaint must be defined as: 'an expression of dissatisfaction'"
    );
    assert_eq!(
        provision(&imported, "6.3")["commentary"],
        "Monitored weekly."
    );

    let id = |c: &Value| c["id"].as_str().unwrap().to_owned();
    for (received, acked, extend, responded) in [
        ("2025-04-07", "2025-04-09", None, "2025-04-23"),
        ("2025-07-01", "2025-07-02", None, "2025-07-16"),
        ("2025-09-01", "2025-09-02", None, "2025-09-18"),
        ("2025-10-01", "2025-10-02", Some("2025-10-10"), "2025-10-22"),
    ] {
        let c = id(&intake(&app, &l, json!({"received_on": received})).await);
        act_ok(&app, &l, &c, "acknowledge", acknowledgement(acked)).await;
        if let Some(on) = extend {
            act_ok(
                &app,
                &l,
                &c,
                "extend",
                json!({"working_days": 5, "reason": "Waiting for the surveyor.", "on": on, "letter_already_sent": false}),
            )
            .await;
        }
        act_ok(&app, &l, &c, "respond", respond(responded)).await;
    }
    let v = ok(app
        .get("/api/v1/landlords/alpha/self-assessments/2025", &officer)
        .await)
    .await;
    let figure = provision(&v, "6.3")["computed_evidence"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        figure.starts_with("3 of 4 (75.0%) stage 1 responses within 10 working days"),
        "{figure}"
    );
    assert!(
        provision(&v, "6.2")["computed_evidence"]
            .as_str()
            .unwrap()
            .starts_with("4 of 4 (100.0%)")
    );
    assert!(
        provision(&v, "6.4")["computed_evidence"]
            .as_str()
            .unwrap()
            .starts_with("1 of 4 stage 1 responses"),
        "{}",
        provision(&v, "6.4")
    );
    let tsm = ok(app
        .get("/api/v1/landlords/alpha/tsm?year=2025", &officer)
        .await)
    .await;
    assert_eq!(tsm["ch02_stage1_pct"], 75.0);
}

async fn exports_carry_every_provision_and_import_reads_them_back(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let base = "/api/v1/landlords/alpha/self-assessments/2024";
    // Nothing saved yet: the export is the draft that GET shows, every provision unanswered.
    let draft = app
        .get(&format!("{base}/export?format=csv"), &officer)
        .await;
    assert_eq!(draft.status(), StatusCode::OK);
    assert!(
        draft.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("-draft.csv"),
    );
    let draft = draft.text().await.unwrap();
    assert_eq!(
        draft.lines().count(),
        provisions(EDITION_2024).unwrap().len() + 1
    );
    let html = app
        .get(&format!("{base}/export?format=html"), &officer)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Not yet saved"), "{html}");
    let mut answers = all_yes();
    answers[0]["commentary"] = json!("Quotes, \"commas\", and <tags> survive");
    ok(put(&app, base, &officer, &json!({"provisions": answers})).await).await;

    let html = app
        .get(&format!("{base}/export?format=html"), &officer)
        .await;
    assert_eq!(html.status(), StatusCode::OK);
    assert!(
        html.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        html.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'"),
        "a document runs nothing"
    );
    let html = html.text().await.unwrap();
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(html.contains("alpha") || html.contains("Alpha"));
    for p in provisions(EDITION_2024).unwrap() {
        assert!(
            html.contains(&format!("<th scope=\"row\">{}</th>", p.number)),
            "{} missing",
            p.number
        );
    }
    assert!(html.contains("&lt;tags&gt;"), "values are escaped");
    assert!(
        !html.contains("<script") && !html.contains("<link") && !html.contains("src="),
        "nothing loaded from elsewhere"
    );

    let csv = app
        .get(&format!("{base}/export?format=csv"), &officer)
        .await;
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].trim_start_matches('\u{feff}').starts_with(
            "Code provision,Code requirement,Comply,Evidence,Commentary / explanation"
        )
    );
    assert_eq!(rows.len(), provisions(EDITION_2024).unwrap().len() + 1);

    // Next year starts from this one; importing the export into it reads the answers back.
    let next = ok(app
        .request(
            Method::POST,
            "/api/v1/landlords/alpha/self-assessments/2025/import",
            Some(&officer),
        )
        .header("content-type", "text/csv")
        .body(csv.clone())
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(next["status"], "draft");
    assert!(next["unanswered"].as_array().unwrap().is_empty());
    assert_eq!(
        provision(&next, "1.2")["commentary"],
        "Quotes, \"commas\", and <tags> survive"
    );
    assert!(provision(&next, "1.2")["official_wording"].is_null());
    expect_problem(
        app.get(&format!("{base}/export?format=pdf"), &officer)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let bad = expect_problem(
        app.request(Method::POST, &format!("{base}/import"), Some(&officer))
            .header("content-type", "text/csv")
            .body("name,age\nx,1\n")
            .send()
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), vec!["body"]);
}

async fn the_annual_report_is_published_with_the_assessment_and_the_response(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let admin = l.admin().token.clone();
    let gb = l.user(Role::GoverningBody).token.clone();
    let base = "/api/v1/landlords/alpha/annual-reports/2024";
    // A year with one complaint answered late and one refused.
    let id = |c: &Value| c["id"].as_str().unwrap().to_owned();
    let a = id(&intake(&app, &l, json!({"received_on": "2024-09-02"})).await);
    act_ok(&app, &l, &a, "acknowledge", acknowledgement("2024-09-03")).await;
    act_ok(&app, &l, &a, "respond", respond("2024-09-30")).await;
    let b = id(&intake(&app, &l, json!({"received_on": "2024-10-01"})).await);
    act_ok(
        &app,
        &l,
        &b,
        "not-accept",
        json!({"reason": "previously_considered", "explanation": "Answered in 2023.", "on": "2024-10-02", "letter_already_sent": false}),
    )
    .await;

    let draft = ok(app.get(base, &officer).await).await;
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["generated"]["figures"]["stage1"]["received"], 1);
    assert_eq!(
        draft["generated"]["figures"]["exclusions"]["previously_considered"],
        1
    );
    assert_eq!(draft["generated"]["tsm"]["ch02_stage1_pct"], 0.0);
    let bad = expect_problem(
        put(
            &app,
            base,
            &officer,
            &json!({"narrative": {"foreword": "x"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), vec!["narrative.foreword"]);
    let saved = ok(put(
        &app,
        base,
        &officer,
        &json!({"narrative": {"introduction": "Our year of complaints.", "looking_ahead": "Faster answers."}}),
    )
    .await)
    .await;
    assert_eq!(saved["narrative"][0]["text"], "Our year of complaints.");

    // Publishing needs the governing body's response and an approved self-assessment.
    let no_response = expect_problem(
        app.post(&format!("{base}/publish"), Some(&admin), &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        no_response["detail"]
            .as_str()
            .unwrap()
            .contains("governing body")
    );
    expect_problem(
        app.post(
            &format!("{base}/governing-body-response"),
            Some(&officer),
            &json!({"response": "x"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let empty = expect_problem(
        app.post(
            &format!("{base}/governing-body-response"),
            Some(&gb),
            &json!({"response": "  "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&empty), vec!["response"]);
    ok(app
        .post(
            &format!("{base}/governing-body-response"),
            Some(&gb),
            &json!({"response": "The board notes the late response and asks for a plan by June."}),
        )
        .await)
    .await;
    let no_assessment = expect_problem(
        app.post(&format!("{base}/publish"), Some(&admin), &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        no_assessment["detail"]
            .as_str()
            .unwrap()
            .contains("self-assessment")
    );
    let sa = "/api/v1/landlords/alpha/self-assessments/2024";
    ok(put(&app, sa, &officer, &json!({"provisions": all_yes()})).await).await;
    ok(app
        .post(&format!("{sa}/approve"), Some(&admin), &json!({}))
        .await)
    .await;
    // Not public before publication.
    let public = ok(app
        .request(Method::GET, "/api/v1/public/alpha", None)
        .send()
        .await
        .unwrap())
    .await;
    assert!(public["annual_report"].is_null() && public["self_assessment"].is_null());
    let drafts = ok(app
        .get("/api/v1/landlords/alpha/annual-reports", &officer)
        .await)
    .await;
    assert_eq!(drafts[0]["year"], 2024);
    assert_eq!(drafts[0]["status"], "draft");
    let panel_sees = ok(app
        .get(
            "/api/v1/landlords/alpha/annual-reports",
            &l.user(Role::PanelMember).token,
        )
        .await)
    .await;
    assert_eq!(panel_sees, json!([]), "the panel sees no draft");

    let published = ok(app
        .post(&format!("{base}/publish"), Some(&admin), &json!({}))
        .await)
    .await;
    assert_eq!(published["status"], "published");
    assert_eq!(published["self_assessment"]["status"], "published");
    // The residents' panel, refused the draft, reads the report once published, and the list
    // names it.
    let panel = l.user(Role::PanelMember).token.clone();
    let seen = ok(app.get(base, &panel).await).await;
    assert_eq!(seen["status"], "published");
    assert_eq!(
        seen["governing_body_response"],
        published["governing_body_response"]
    );
    let listed = ok(app
        .get("/api/v1/landlords/alpha/annual-reports", &panel)
        .await)
    .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["year"], 2024);
    assert!(listed[0]["published_at"].is_string());
    expect_problem(
        app.get("/api/v1/landlords/alpha/annual-reports/2023", &panel)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Both are on the public page, published together.
    let public = ok(app
        .request(Method::GET, "/api/v1/public/alpha", None)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(public["annual_report"]["year"], 2024);
    assert_eq!(public["self_assessment"]["year"], 2024);
    let report = app
        .request(
            Method::GET,
            public["annual_report"]["url"].as_str().unwrap(),
            None,
        )
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(report.contains("The board notes the late response"));
    assert!(report.contains("Our year of complaints."));
    assert!(report.contains("Previously considered"));
    assert!(
        report.contains("read the self-assessment"),
        "a link to the assessment"
    );
    // What was published does not change with the records or by editing.
    act_ok(
        &app,
        &l,
        &id(&intake(&app, &l, json!({"received_on": "2024-11-04"})).await),
        "acknowledge",
        acknowledgement("2024-11-05"),
    )
    .await;
    let after = ok(app.get(base, &officer).await).await;
    assert_eq!(after["generated"]["figures"]["stage1"]["received"], 1);
    expect_problem(
        put(
            &app,
            base,
            &officer,
            &json!({"narrative": {"introduction": "Changed"}}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    expect_problem(
        app.post(&format!("{base}/publish"), Some(&admin), &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    // A year still running is not published.
    let running = expect_problem(
        app.post(
            "/api/v1/landlords/alpha/annual-reports/2026/publish",
            Some(&admin),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(running["detail"].as_str().unwrap().contains("ended"));
    let html = app
        .get(&format!("{base}/export?format=html"), &officer)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("annual complaints performance and service improvement report"));
}

async fn self_assessment_and_annual_report_roles_and_isolation(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let oversight = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::Mrc,
        Role::GoverningBody,
    ];
    let team = [Role::LandlordAdmin, Role::ComplaintsOfficer];
    let admins = [Role::LandlordAdmin];
    // Something for beta to hide: its own draft.
    ok(put(
        &app,
        "/api/v1/landlords/beta/self-assessments/2024",
        &b.user(Role::ComplaintsOfficer).token,
        &json!({"provisions": all_yes()}),
    )
    .await)
    .await;
    ok(put(
        &app,
        "/api/v1/landlords/alpha/self-assessments/2024",
        &a.user(Role::ComplaintsOfficer).token,
        &json!({"provisions": all_yes()}),
    )
    .await)
    .await;
    let sa = "/api/v1/landlords/alpha/self-assessments";
    let ar = "/api/v1/landlords/alpha/annual-reports/2024";
    let reads: Vec<String> = vec![
        sa.to_owned(),
        format!("{sa}/2024"),
        format!("{sa}/2024/export?format=csv"),
        format!("{sa}/2024/submission"),
        format!("{ar}/export?format=html"),
    ];
    for path in &reads {
        check_access(&a, &b, &platform, &oversight, |t| {
            app.request(Method::GET, path, Some(t))
        })
        .await;
    }
    // The residents' panel reads the annual reports as published: a draft is not there for
    // it, and the list holds only what is published.
    let panel_reads = |role| match role {
        Role::PanelMember => Expect::NotFound,
        r if oversight.contains(&r) => Expect::Allowed,
        _ => Expect::Forbidden,
    };
    check_roles(&a, &b, &platform, panel_reads, |t| {
        app.request(Method::GET, ar, Some(t))
    })
    .await;
    let list_readers = [oversight.as_slice(), &[Role::PanelMember]].concat();
    check_access(&a, &b, &platform, &list_readers, |t| {
        app.request(
            Method::GET,
            "/api/v1/landlords/alpha/annual-reports",
            Some(t),
        )
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::PUT, &format!("{sa}/2024"), Some(t))
            .json(&json!({"provisions": [{"provision": "1.2", "complies": "yes"}]}))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::POST, &format!("{sa}/2024/import"), Some(t))
            .header("content-type", "text/csv")
            .body("Code provision,Comply\n1.2,Yes\n")
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::PUT, ar, Some(t))
            .json(&json!({"narrative": {"introduction": "Hello"}}))
    })
    .await;
    check_access(
        &a,
        &b,
        &platform,
        &[Role::GoverningBody, Role::LandlordAdmin],
        |t| {
            app.request(
                Method::POST,
                &format!("{ar}/governing-body-response"),
                Some(t),
            )
            .json(&json!({"response": "Noted."}))
        },
    )
    .await;
    check_access(&a, &b, &platform, &admins, |t| {
        app.request(Method::POST, &format!("{sa}/2024/approve"), Some(t))
            .json(&json!({}))
    })
    .await;
    check_access(&a, &b, &platform, &admins, |t| {
        app.request(Method::POST, &format!("{sa}/2024/publish"), Some(t))
            .json(&json!({}))
    })
    .await;
    check_access(&a, &b, &platform, &admins, |t| {
        app.request(Method::POST, &format!("{ar}/publish"), Some(t))
            .json(&json!({}))
    })
    .await;
    // Beta's draft never shows through alpha, nor on beta's public page.
    let mine = ok(app
        .get(&format!("{sa}/2024"), &a.user(Role::Mrc).token)
        .await)
    .await;
    assert_eq!(mine["version"], 1);
    let public = ok(app
        .request(Method::GET, "/api/v1/public/beta", None)
        .send()
        .await
        .unwrap())
    .await;
    assert!(public["self_assessment"].is_null());
    expect_problem(
        app.request(
            Method::GET,
            "/api/v1/public/beta/self-assessments/2024",
            None,
        )
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    // A year out of range names the field.
    let bad = expect_problem(
        app.get(&format!("{sa}/1999"), &a.admin().token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), vec!["year"]);
}
