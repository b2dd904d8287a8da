//! The access matrix (issue "Trust", point 9): `tests/access/MATRIX.md` gives, for every
//! operation of the API, what each role of the landlord gets, what every role of another
//! landlord gets, and what a platform admin and someone not signed in get. This test drives
//! the table against the running server, and fails when an operation of the OpenAPI document
//! has no row (or a row names no operation).
//!
//! An answer is `ok` (the request got past access control: anything but 401, 403 and 404),
//! or the status itself. Requests carry an empty JSON body where the operation takes one, so
//! an allowed role is usually told which fields are missing (422): that is `ok`.
//!
//! With `REDRESS_WRITE_ACCESS_MATRIX=<file>`, the answers observed are written there as a new
//! table (to review, never to copy blindly).

use crate::complaints::{acknowledgement, act_ok, intake};
use crate::helpers::*;
use crate::letters::Inbox;
use redress_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

db_tests!(every_operation_answers_each_role_as_the_matrix_says);

const MATRIX: &str = include_str!("../access/MATRIX.md");

/// The columns of the table after the operation, method and path.
const COLUMNS: [&str; 11] = [
    "landlord_admin",
    "complaints_officer",
    "case_handler",
    "contractor",
    "mrc",
    "governing_body",
    "panel_member",
    "platform_admin",
    "other_landlord",
    "anonymous",
    "",
];

#[derive(Debug, Clone)]
struct Row {
    operation: String,
    method: String,
    path: String,
    expected: Vec<String>,
}

fn rows() -> Vec<Row> {
    MATRIX
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| operation") && !l.starts_with("| ---"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect();
            assert_eq!(cells.len(), 13, "a row of 13 cells: {l}");
            Row {
                operation: cells[0].clone(),
                method: cells[1].clone(),
                path: cells[2].clone(),
                expected: cells[3..].to_vec(),
            }
        })
        .collect()
}

fn class(status: StatusCode) -> String {
    match status.as_u16() {
        401 | 403 | 404 => status.as_u16().to_string(),
        _ => "ok".to_owned(),
    }
}

/// The records the path parameters point at.
struct Fixture {
    complaint: String,
    attachment: String,
    remedy: String,
    action: String,
    resident: String,
    adjustment: String,
    restriction: String,
    service_request: String,
    learning: String,
    letter: String,
    outbox: String,
    invitation: String,
    invitation_token: String,
    tracking_token: String,
    user: String,
    throwaway: String,
}

impl Fixture {
    fn url(&self, path: &str) -> String {
        let under = |prefix: &str| path.starts_with(prefix);
        let id = if under("/api/v1/landlords/{slug}/complaints/{id}") {
            &self.complaint
        } else if under("/api/v1/landlords/{slug}/residents/{id}") {
            &self.resident
        } else if under("/api/v1/landlords/{slug}/users/{id}") {
            &self.user
        } else if under("/api/v1/landlords/{slug}/contractors/{id}") {
            // Filled in below: the contractor of the landlord.
            "{contractor}"
        } else if under("/api/v1/landlords/{slug}/learning/{id}") {
            &self.learning
        } else if under("/api/v1/landlords/{slug}/service-requests/{id}") {
            &self.service_request
        } else if under("/api/v1/landlords/{slug}/letters/{id}") {
            &self.letter
        } else if under("/api/v1/landlords/{slug}/outbox/{id}") {
            &self.outbox
        } else if under("/api/v1/landlords/{slug}/invitations/{id}") {
            &self.invitation
        } else if under("/api/v1/platform/accounts/{id}") {
            &self.throwaway
        } else {
            "00000000-0000-7000-8000-000000000000"
        };
        let aid = if path.contains("/adjustments/") {
            &self.adjustment
        } else if path.contains("/attachments/") {
            &self.attachment
        } else {
            &self.action
        };
        let rid = if path.contains("/restrictions/") {
            &self.restriction
        } else {
            &self.remedy
        };
        let token = if path.starts_with("/api/v1/public/") {
            &self.tracking_token
        } else if path.starts_with("/api/v1/invitations/") {
            &self.invitation_token
        } else {
            "not-a-token"
        };
        path.replace("{slug}", "alpha")
            .replace("{id}", id)
            .replace("{aid}", aid)
            .replace("{rid}", rid)
            .replace("{oid}", "00000000-0000-7000-8000-000000000001")
            .replace("{sid}", "00000000-0000-7000-8000-000000000001")
            .replace("{year}", "2024")
            .replace("{kind}", "acknowledgement")
            .replace("{token}", token)
    }
}

async fn fixture(app: &TestApp, a: &Landlord) -> Fixture {
    let mut inbox = Inbox::start(app).await;
    inbox.skip().await;
    let officer = a.user(Role::ComplaintsOfficer).token.clone();
    let handler = a.user(Role::CaseHandler);
    // A complaint made online: its tracking token comes by email.
    expect_status(
        app.post(
            "/api/v1/public/alpha/complaints",
            None,
            &json!({"resident": {"name": "Tia Track", "email": "tia@example.org"},
                    "description": "The lift is broken."}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let body = inbox.next().await.body_text();
    let start = body.find("/p/alpha/track/").expect("a link") + "/p/alpha/track/".len();
    let tracking_token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let c = intake(app, a, json!({"received_on": "2025-01-06"})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let resident = c["resident_id"].as_str().unwrap().to_owned();
    act_ok(app, a, &id, "acknowledge", acknowledgement("2025-01-06")).await;
    act_ok(
        app,
        a,
        &id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let done = act_ok(
        app,
        a,
        &id,
        "respond",
        json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
               "remedies": [{"kind": "apology", "description": "An apology"}],
               "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs",
                                        "due_on": "2025-02-01"}],
               "on": "2025-01-08", "letter_already_sent": false}),
    )
    .await;
    let attachment = crate::attachments::upload_pdf(app, a, &id, "boiler-report.pdf").await;
    let post = async |path: &str, body: Value| -> Value {
        expect_status(
            app.post(
                &format!("/api/v1/landlords/alpha{path}"),
                Some(&officer),
                &body,
            )
            .await,
            StatusCode::CREATED,
        )
        .await
    };
    let restriction = post(
        &format!("/residents/{resident}/restrictions"),
        crate::restrictions::restriction(&crate::restrictions::in_days(30)),
    )
    .await;
    let adjustment = post(
        &format!("/residents/{resident}/adjustments"),
        json!({"description": "Large print", "category": "communication_format",
               "agreed_on": "2025-01-06", "next_review_on": "2027-01-06"}),
    )
    .await;
    let sr = post(
        "/service-requests",
        json!({"resident_id": resident, "category": "repairs", "description": "Boiler",
               "reported_on": "2025-01-02"}),
    )
    .await;
    let learning = post(
        "/learning",
        json!({"complaint_ids": [id], "service_area": "repairs",
               "what_went_wrong": "Missed appointments", "lesson": "Confirm the day before",
               "improvement": "Text reminders", "status": "identified"}),
    )
    .await;
    let letters = expect_status(
        app.get(
            &format!("/api/v1/landlords/alpha/complaints/{id}/letters"),
            &officer,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let outbox = expect_status(
        app.get("/api/v1/landlords/alpha/outbox", &a.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let invite = async |email: &'static str| {
        app.post(
            "/api/v1/landlords/alpha/invitations",
            Some(&a.admin().token),
            &json!({"email": email, "role": "mrc"}),
        )
        .await
    };
    let pending = expect_status(invite("pending@alpha.test").await, StatusCode::CREATED).await;
    let offered = expect_status(invite("offered@alpha.test").await, StatusCode::CREATED).await;
    let thrown = expect_status(invite("throwaway@alpha.test").await, StatusCode::CREATED).await;
    let throwaway = app
        .accept(
            thrown["accept_token"].as_str().unwrap(),
            "throwaway@alpha.test",
            "Throwaway",
        )
        .await;
    Fixture {
        attachment: attachment["id"].as_str().unwrap().to_owned(),
        complaint: id,
        remedy: done["remedies"][0]["id"].as_str().unwrap().to_owned(),
        action: done["outstanding_actions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        resident,
        adjustment: adjustment["id"].as_str().unwrap().to_owned(),
        restriction: restriction["id"].as_str().unwrap().to_owned(),
        service_request: sr["id"].as_str().unwrap().to_owned(),
        learning: learning["id"].as_str().unwrap().to_owned(),
        letter: letters["items"][0]["id"].as_str().unwrap().to_owned(),
        outbox: outbox["items"][0]["id"].as_str().unwrap().to_owned(),
        invitation: pending["id"].as_str().unwrap().to_owned(),
        invitation_token: offered["accept_token"].as_str().unwrap().to_owned(),
        tracking_token,
        user: handler.id.to_string(),
        throwaway: throwaway.id.to_string(),
    }
}

/// Every operation of the served OpenAPI document: (operation id, method, path).
async fn operations(app: &TestApp) -> BTreeSet<(String, String, String)> {
    let doc = expect_status(
        app.request(Method::GET, "/api/v1/openapi.json", None)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.insert((
                op["operationId"].as_str().unwrap().to_owned(),
                method.to_uppercase(),
                path.clone(),
            ));
        }
    }
    out
}

async fn every_operation_answers_each_role_as_the_matrix_says(app: TestApp) {
    // The public routes' rate limit would answer 429 to so many requests from one address.
    let app = spawn_app_with(
        app.backend,
        redress_server::config::Settings {
            public_rate_per_second: 10_000,
            public_burst: 100_000,
            ..test_settings()
        },
    )
    .await;
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let f = fixture(&app, &a).await;
    let rows = rows();
    // Every operation has exactly one row, and every row an operation.
    let documented = operations(&app).await;
    let tabled: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| (r.operation.clone(), r.method.clone(), r.path.clone()))
        .collect();
    let missing: Vec<_> = documented.difference(&tabled).collect();
    let extra: Vec<_> = tabled.difference(&documented).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && tabled.len() == rows.len(),
        "tests/access/MATRIX.md must have one row per operation.\nWithout a row: {missing:#?}\nRows naming no operation: {extra:#?}"
    );

    let mut tokens: BTreeMap<String, TestUser> = a
        .users
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    tokens.insert("platform_admin".into(), platform.clone());
    let mut others: Vec<TestUser> = b.users.values().cloned().collect();
    let mut observed: Vec<(Row, Vec<String>)> = Vec::new();
    let mut wrong = Vec::new();
    for row in &rows {
        let url = f
            .url(&row.path)
            .replace("{contractor}", &a.contractor_id.to_string());
        let method: Method = row.method.parse().unwrap();
        let takes_body = matches!(row.method.as_str(), "POST" | "PUT" | "PATCH");
        let send = async |token: Option<&str>| -> StatusCode {
            let mut r = app.request(method.clone(), &url, token);
            if takes_body {
                r = r.json(&json!({}));
            }
            r.send().await.unwrap().status()
        };
        let mut got = Vec::new();
        for (i, column) in COLUMNS.iter().enumerate().take(10) {
            let expected = &row.expected[i];
            let status = match *column {
                "anonymous" => send(None).await,
                "other_landlord" => {
                    // Every role of the other landlord gets the same answer; a session ended by
                    // an earlier operation (signing out everywhere) is renewed first.
                    let mut answers = BTreeSet::new();
                    for u in others.iter_mut() {
                        let mut s = send(Some(&u.token)).await;
                        if s == StatusCode::UNAUTHORIZED && expected != "401" {
                            *u = app.login_ok(&u.email, PASSWORD).await;
                            s = send(Some(&u.token)).await;
                        }
                        answers.insert(class(s));
                    }
                    got.push(answers.into_iter().collect::<Vec<_>>().join("/"));
                    continue;
                }
                role => {
                    let user = tokens.get_mut(role).unwrap();
                    let mut s = send(Some(&user.token)).await;
                    if s == StatusCode::UNAUTHORIZED && expected != "401" {
                        *user = app.login_ok(&user.email.clone(), PASSWORD).await;
                        s = send(Some(&user.token)).await;
                    }
                    s
                }
            };
            got.push(class(status));
        }
        for (i, g) in got.iter().enumerate() {
            if *g != row.expected[i] {
                wrong.push(format!(
                    "{} {} as {}: expected {}, got {g}",
                    row.method, row.path, COLUMNS[i], row.expected[i]
                ));
            }
        }
        observed.push((row.clone(), got));
    }
    if let Ok(path) = std::env::var("REDRESS_WRITE_ACCESS_MATRIX") {
        let mut out = String::new();
        for (row, got) in &observed {
            out.push_str(&format!(
                "| `{}` | {} | `{}` | {} |\n",
                row.operation,
                row.method,
                row.path,
                got.join(" | ")
            ));
        }
        std::fs::write(path, out).unwrap();
    }
    assert!(
        wrong.is_empty(),
        "{} answers differ from tests/access/MATRIX.md:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
