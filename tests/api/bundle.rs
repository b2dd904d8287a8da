//! The evidence bundle for the Ombudsman: one ZIP holding the case as a paginated, tagged PDF
//! (read here with poppler's `pdftotext` and `pdfinfo`, as a caseworker's tools would) and the
//! original attachments; disclosures only for a role that may read them; every bundle audited.

use crate::attachments::{PDF, upload_pdf};
use crate::complaints::{acknowledgement, act, act_ok, intake, path};
use crate::helpers::*;
use crate::restrictions::{in_days, restriction};
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::Read;
use std::process::Command;

db_tests!(the_evidence_bundle_holds_the_case_for_the_ombudsman);

/// Runs one of poppler's tools on a PDF; CI installs poppler-utils, so a missing tool fails.
fn poppler(tool: &str, pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("redress-bundle-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bundle.pdf");
    std::fs::write(&file, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.arg(&file);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().unwrap_or_else(|e| {
        panic!(
            "{tool} could not run ({e}): install poppler-utils (apt-get install -y poppler-utils)"
        )
    });
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The ZIP's files, by name, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            f.read_to_end(&mut content).unwrap();
            (f.name().unwrap().to_string(), content)
        })
        .collect()
}

/// The bundle's PDF as text, every run of white space one space.
fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn bundle(app: &TestApp, l: &Landlord, token: &str, id: &str) -> reqwest::Response {
    app.get(&path(l, &format!("/{id}/bundle")), token).await
}

async fn bundle_ok(app: &TestApp, l: &Landlord, token: &str, id: &str) -> Vec<(String, Vec<u8>)> {
    let resp = bundle(app, l, token, id).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/zip");
    assert_eq!(resp.headers()["cache-control"], "private, no-store");
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("-evidence-bundle.zip"),
        "{disposition}"
    );
    unzip(&resp.bytes().await.unwrap())
}

async fn the_evidence_bundle_holds_the_case_for_the_ombudsman(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer).token.clone();
    let admin = l.admin().token.clone();
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let reference = c["reference"].as_str().unwrap().to_owned();
    let rid = c["resident_id"].as_str().unwrap().to_owned();
    let residents = format!("/api/v1/landlords/{}/residents/{rid}", l.slug);

    // The resident's needs: an adjustment, a disclosure, a restriction with its reasoning.
    let adjustment = expect_status(
        app.post(
            &format!("{residents}/adjustments"),
            Some(&officer),
            &json!({"description": "Letters in large print", "category": "communication_format",
                    "agreed_on": in_days(-30), "next_review_on": in_days(150)}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_status(
        app.post(
            &format!("{residents}/disclosures"),
            Some(&officer),
            &json!({"kind": "disability", "description": "Partially sighted; reads large print only"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let mut r = restriction(&in_days(90));
    r["adjustments"] = json!([{"adjustment_id": adjustment["id"], "effect": "kept",
                                "how": "Letters stay in large print"}]);
    expect_status(
        app.post(&format!("{residents}/restrictions"), Some(&officer), &r)
            .await,
        StatusCode::CREATED,
    )
    .await;

    // Correspondence and two files of the same name.
    expect_status(
        app.post(
            &path(&l, &format!("/{id}/correspondence")),
            Some(&officer),
            &json!({"direction": "in", "channel": "email", "on": "2025-01-07",
                    "subject": "More about my boiler",
                    "body": "The engineer did not come again on Tuesday.\n\nMy children are cold.",
                    "from": "Mary Jones", "to": "Complaints team"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    upload_pdf(&app, &l, &id, "boiler.pdf").await;
    upload_pdf(&app, &l, &id, "boiler.pdf").await;

    // Stage 1 answered late with a payment and an action; stage 2 in time; the Ombudsman.
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-01-08")).await;
    act_ok(
        &app,
        &l,
        &id,
        "respond",
        json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
               "remedies": [{"kind": "financial", "description": "For the missed appointments",
                             "amount_pence": 25_000}],
               "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs team",
                                        "due_on": "2025-02-14"}],
               "on": "2025-01-28", "letter_already_sent": false}),
    )
    .await;
    act_ok(&app, &l, &id, "escalate", json!({"on": "2025-02-03"})).await;
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-02-05")).await;
    expect_status(
        act(
            &app,
            &l,
            &admin,
            &id,
            "respond",
            json!({"decision": "partly_upheld", "reasons": "The boiler was replaced late.",
                   "remedies": [], "outstanding_actions": [], "on": "2025-03-03",
                   "letter_already_sent": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    act_ok(&app, &l, &id, "close", json!({"on": "2025-03-04"})).await;
    let ombudsman = path(&l, &format!("/{id}/ombudsman"));
    expect_status(
        app.post(
            &ombudsman,
            Some(&officer),
            &json!({"referred_on": "2025-03-20", "ombudsman_reference": "202501234", "on": "2025-03-24"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    expect_status(
        app.post(
            &format!("{ombudsman}/requests"),
            Some(&officer),
            &json!({"description": "Send the repair records for 2024.",
                    "received_on": "2025-04-01", "due_on": "2025-04-15"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    // An answer cannot link to a bundle not yet made.
    let requests = expect_status(
        app.get(&path(&l, &format!("/{id}")), &officer).await,
        StatusCode::OK,
    )
    .await["ombudsman"]["information_requests"]
        .clone();
    let answer = format!(
        "{ombudsman}/requests/{}/answer",
        requests[0]["id"].as_str().unwrap()
    );
    let sent = json!({"sent": "The evidence bundle, through the Ombudsman's portal.",
                      "with_bundle": true});
    let p = expect_problem(
        app.post(&answer, Some(&officer), &sent).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["with_bundle"]);

    // The complaints officer's bundle: the PDF and the two files, unchanged.
    let files = bundle_ok(&app, &l, &officer, &id).await;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            format!("{reference}-evidence-bundle.pdf").as_str(),
            "attachments/01-boiler.pdf",
            "attachments/02-boiler.pdf"
        ]
    );
    assert_eq!(files[1].1, PDF);
    assert_eq!(files[2].1, PDF);
    let pdf = &files[0].1;
    let info = poppler("pdfinfo", pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("{name} {info}"))
            .trim()
            .to_owned()
    };
    assert_eq!(field("Tagged:"), "yes");
    assert_eq!(
        field("Title:"),
        format!("Evidence bundle: complaint {reference}")
    );
    let pages: u32 = field("Pages:").parse().unwrap();
    assert!(pages > 1, "{info}");
    let text = pdf_text(pdf);
    for part in [
        // The resident's words and the definition.
        "In the resident's words",
        "The boiler has been broken for three weeks and nobody came.",
        "The boiler repair was not done within the repair timescale.",
        // The chronology, each deadline met or missed.
        "Chronology",
        "Missed",
        "Met",
        "Response sent: Upheld",
        // Every letter and item of correspondence.
        "Letters and correspondence",
        "More about my boiler",
        "My children are cold.",
        "Letter",
        // Adjustments, and the restriction with its reasoning.
        "Letters in large print",
        "Repeated abusive phone calls to the repairs team.",
        "Two warnings were ignored; written contact still lets every concern be raised.",
        "No protected characteristic is engaged by written contact.",
        // The officer may read the disclosures.
        "Partially sighted; reads large print only",
        // Both stages' responses, remedies and actions.
        "Stage 1 response",
        "Stage 2 response",
        "The boiler was replaced late.",
        "£250.00",
        "Replace the boiler",
        // The Ombudsman, and the files.
        "202501234",
        "Send the repair records for 2024.",
        // pdftotext drops a hyphen that ends a line, so the name is checked in parts.
        "attachments/01",
        "boiler.pdf",
        "8064fd53 90e0f584 46cacc03 9b91d506 57b8dfa5 f8c3f8f3 ea4aaa2e dc2ac572",
        &format!("Page 1 of {pages}"),
    ] {
        assert!(text.contains(part), "the bundle lacks {part:?}:\n{text}");
    }
    assert!(!text.contains("left out"), "{text}");

    // The answer sent with it links to it.
    let answered = expect_status(
        app.post(&answer, Some(&officer), &sent).await,
        StatusCode::OK,
    )
    .await;
    assert!(answered["bundle_made_at"].is_string(), "{answered}");

    // The MRC's: the same case, without the disclosures, which the role may not read.
    let mrc = l.user(Role::Mrc).token.clone();
    let files = bundle_ok(&app, &l, &mrc, &id).await;
    let text = pdf_text(&files[0].1);
    assert!(!text.contains("Partially sighted"), "{text}");
    assert!(text.contains("disclosures of disability or vulnerability are left out"));
    assert!(text.contains("Repeated abusive phone calls to the repairs team."));
    assert!(text.contains("(with the evidence bundle made on"), "{text}");

    // Not for contractors, oversight or the panel; another landlord's case is not there.
    for role in [Role::Contractor, Role::GoverningBody, Role::PanelMember] {
        expect_problem(
            bundle(&app, &l, &l.user(role).token, &id).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let b = app.landlord("bravo").await;
    expect_problem(
        app.get(
            &format!("/api/v1/landlords/bravo/complaints/{id}/bundle"),
            &b.user(Role::ComplaintsOfficer).token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        bundle(&app, &l, &officer, &uuid::Uuid::new_v4().to_string()).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Each bundle made is on the audit log, with whether it held the disclosures.
    let log = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/{}/audit?kind=complaint.bundle.created",
                l.slug
            ),
            &admin,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entries: Vec<&Value> = log["items"].as_array().unwrap().iter().collect();
    assert_eq!(entries.len(), 2, "{log}");
    let included: Vec<bool> = entries
        .iter()
        .map(|e| e["detail"]["disclosures_included"].as_bool().unwrap())
        .collect();
    assert!(
        included.contains(&true) && included.contains(&false),
        "{log}"
    );
    assert!(
        entries.iter().all(|e| e["subject_id"] == id.as_str()),
        "{log}"
    );
}
