//! The documents of a complaint's record (Code 5.12) and the evidence of a representative's
//! authority (Code 3.6): upload, list, download, the refusals, and who may do what.

use crate::complaints::{acknowledgement, act_ok, intake, path, response};
use crate::helpers::*;
use redress_domain::roles::Role;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

db_tests!(
    a_file_goes_up_and_comes_back_unchanged,
    programs_and_files_that_are_not_what_they_say_are_refused,
    an_outlook_email_sent_as_bytes_is_kept_as_an_outlook_email,
    uploads_larger_than_the_limit_are_refused,
    contractors_never_see_stage_2_attachments,
    the_mrc_reads_attachments_and_each_reading_is_audited,
    consent_evidence_is_attached_to_the_representative,
    every_attachment_endpoint_keeps_landlords_apart_and_roles_in_their_place,
);

pub const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// `sha256sum` of [`PDF`].
const PDF_SHA256: &str = "8064fd5390e0f58446cacc039b91d50657b8dfa5f8c3f8f3ea4aaa2edc2ac572";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

pub fn file_form(name: &str, content_type: &str, content: &[u8]) -> Form {
    Form::new().part(
        "file",
        Part::bytes(content.to_vec())
            .file_name(name.to_owned())
            .mime_str(content_type)
            .unwrap(),
    )
}

pub async fn upload(
    app: &TestApp,
    l: &Landlord,
    token: &str,
    id: &str,
    form: Form,
) -> reqwest::Response {
    app.request(
        Method::POST,
        &path(l, &format!("/{id}/attachments")),
        Some(token),
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
}

/// Uploads a PDF as the complaints officer; the attachment.
pub async fn upload_pdf(app: &TestApp, l: &Landlord, id: &str, name: &str) -> Value {
    let officer = &l.user(Role::ComplaintsOfficer).token;
    expect_status(
        upload(app, l, officer, id, file_form(name, "application/pdf", PDF)).await,
        StatusCode::CREATED,
    )
    .await
}

fn list_ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn timeline_kinds(app: &TestApp, l: &Landlord, id: &str) -> Vec<String> {
    let events = expect_status(
        app.get(&path(l, &format!("/{id}/timeline")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_file_goes_up_and_comes_back_unchanged(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = l.user(Role::ComplaintsOfficer);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let form = file_form(
        "C:\\scans\\Letter from Mrs Jones.pdf",
        "application/pdf",
        PDF,
    )
    .text("description", "The resident's letter of 6 January");
    let a = expect_status(
        upload(&app, &l, &officer.token, id, form).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["complaint_id"], id);
    assert_eq!(a["file_name"], "Letter from Mrs Jones.pdf");
    assert_eq!(a["content_type"], "application/pdf");
    assert_eq!(a["size_bytes"], PDF.len());
    assert_eq!(a["sha256"], PDF_SHA256);
    assert_eq!(a["description"], "The resident's letter of 6 January");
    assert_eq!(a["stage"], 1);
    assert_eq!(a["uploaded_by"], officer.id.to_string());
    let aid = a["id"].as_str().unwrap();

    let resp = app
        .get(
            &path(&l, &format!("/{id}/attachments/{aid}")),
            &officer.token,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"Letter from Mrs Jones.pdf\""
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("content-length"), PDF.len().to_string());
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PDF);

    // A name that could break the header is cleaned; the exact name travels encoded.
    let odd = expect_status(
        upload(
            &app,
            &l,
            &officer.token,
            id,
            file_form("../../\"reçu\".pdf", "application/pdf", PDF),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(odd["file_name"], "\"reçu\".pdf");
    let oid = odd["id"].as_str().unwrap();
    let resp = app
        .get(
            &path(&l, &format!("/{id}/attachments/{oid}")),
            &officer.token,
        )
        .await;
    assert_eq!(
        resp.headers()["content-disposition"].to_str().unwrap(),
        "attachment; filename=\"_re_u_.pdf\"; filename*=UTF-8''%22re%C3%A7u%22.pdf"
    );

    let list = expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), &officer.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list_ids(&list), [aid, oid], "oldest first");
    assert_eq!(list["items"][0]["sha256"], PDF_SHA256);
    assert_eq!(list["next_cursor"], Value::Null);
    let page = expect_status(
        app.get(
            &path(&l, &format!("/{id}/attachments?limit=1")),
            &officer.token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list_ids(&page), [aid]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = expect_status(
        app.get(
            &path(&l, &format!("/{id}/attachments?limit=1&cursor={cursor}")),
            &officer.token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list_ids(&rest), [oid]);
    assert_eq!(rest["next_cursor"], Value::Null);

    let events = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), &officer.token)
            .await,
        StatusCode::OK,
    )
    .await;
    let added: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "attachment_added")
        .collect();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["data"]["attachment_id"], aid);
    assert_eq!(added[0]["data"]["sha256"], PDF_SHA256);
    assert_eq!(added[0]["actor_id"], officer.id.to_string());
    assert_eq!(added[0]["stage"], 1);

    // Another complaint's attachment is not this one's.
    let other = intake(&app, &l, json!({})).await;
    let other = other["id"].as_str().unwrap();
    expect_problem(
        app.get(
            &path(&l, &format!("/{other}/attachments/{aid}")),
            &officer.token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn programs_and_files_that_are_not_what_they_say_are_refused(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let (app_ref, l_ref) = (&app, &l);
    let refused = |form: Form| async move {
        let p = expect_problem(
            upload(app_ref, l_ref, officer, id, form).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["file"], "{p}");
        p["errors"][0]["message"].as_str().unwrap().to_owned()
    };
    let windows = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0";
    let message = refused(file_form("letter.pdf", "application/pdf", windows)).await;
    assert!(message.contains("program"), "{message}");
    let message = refused(file_form("setup.exe", "application/x-msdownload", windows)).await;
    assert!(message.contains("program"), "{message}");
    let linux = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
    let message = refused(file_form("notes.txt", "text/plain", linux)).await;
    assert!(message.contains("program"), "{message}");
    // A "PDF" whose bytes are a PNG.
    let message = refused(file_form("letter.pdf", "application/pdf", PNG)).await;
    assert!(message.contains("PNG"), "{message}");
    let message = refused(file_form("page.html", "text/html", b"<html></html>")).await;
    assert!(message.contains("not accepted"), "{message}");
    let message = refused(file_form("letter.exe", "application/pdf", PDF)).await;
    assert!(message.contains(".exe"), "{message}");
    refused(file_form("empty.pdf", "application/pdf", b"")).await;
    // No file at all.
    refused(Form::new().text("description", "a letter")).await;
    // A description that is too long is named.
    let p = expect_problem(
        upload(
            &app,
            &l,
            officer,
            id,
            file_form("letter.pdf", "application/pdf", PDF).text("description", "x".repeat(2001)),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["description"]);
    // Not a form at all.
    expect_problem(
        app.post(
            &path(&l, &format!("/{id}/attachments")),
            Some(officer),
            &json!({"file": "x"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    // Nothing was recorded.
    let list = expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"], json!([]));
    assert!(
        !timeline_kinds(&app, &l, id)
            .await
            .contains(&"attachment_added".to_owned())
    );
}

/// An OLE2 compound file whose directory names these streams, as Office writes them.
fn ole2_with(streams: &[&str]) -> Vec<u8> {
    let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    b.resize(512, 0);
    for s in streams {
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b.resize(b.len() + 64 - b.len() % 64, 0);
    }
    b
}

/// Mail programs send an Outlook `.msg` as `application/octet-stream`: its bytes say what it
/// is, and it is kept and served as an Outlook email. A Word document named `.msg` is not one.
async fn an_outlook_email_sent_as_bytes_is_kept_as_an_outlook_email(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let msg = ole2_with(&[
        "Root Entry",
        "__substg1.0_0037001F",
        "__properties_version1.0",
    ]);
    let a = expect_status(
        upload(
            &app,
            &l,
            officer,
            id,
            file_form("RE boiler.msg", "application/octet-stream", &msg),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["content_type"], "application/vnd.ms-outlook");
    let aid = a["id"].as_str().unwrap();
    let resp = app
        .get(&path(&l, &format!("/{id}/attachments/{aid}")), officer)
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers()["content-type"].to_str().unwrap(),
        "application/vnd.ms-outlook"
    );
    assert_eq!(resp.bytes().await.unwrap().as_ref(), &msg[..]);

    let doc = ole2_with(&["Root Entry", "WordDocument"]);
    let p = expect_problem(
        upload(
            &app,
            &l,
            officer,
            id,
            file_form("mail.msg", "application/octet-stream", &doc),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["file"], "{p}");
    assert_eq!(
        p["errors"][0]["message"],
        "was sent as application/octet-stream and named .msg, but its content is a Word document"
    );
}

async fn uploads_larger_than_the_limit_are_refused(app: TestApp) {
    let app = spawn_app_with(
        app.backend,
        redress_server::config::Settings {
            attachment_max_bytes: 1024,
            ..test_settings()
        },
    )
    .await;
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let text = |n: usize| "a line of a long note\n".repeat(n / 22 + 1).into_bytes()[..n].to_vec();
    for size in [1025, 200 * 1024] {
        let p = expect_problem(
            upload(
                &app,
                &l,
                officer,
                id,
                file_form("note.txt", "text/plain", &text(size)),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["file"]);
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("limit of 1024 bytes (1 KiB)"),
            "{p}"
        );
    }
    let list = expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"], json!([]));
    let a = expect_status(
        upload(
            &app,
            &l,
            officer,
            id,
            file_form("note.txt", "text/plain", &text(1024)),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(a["size_bytes"], 1024);
    assert_eq!(a["content_type"], "text/plain");
}

async fn contractors_never_see_stage_2_attachments(app: TestApp) {
    let l = app.landlord("alpha").await;
    let contractor = l.user(Role::Contractor);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"contractor_id": l.contractor_id, "on": "2025-01-06"}),
    )
    .await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2025-01-06")).await;
    // The contractor works stage 1, and may add to its record.
    let first = expect_status(
        upload(
            &app,
            &l,
            &contractor.token,
            id,
            file_form("job-sheet.png", "image/png", PNG),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first["stage"], 1);
    assert_eq!(first["content_type"], "image/png");
    // The upload is dated today, so the actions after it are too.
    let mut respond = response("2025-01-07");
    respond.as_object_mut().unwrap().remove("on");
    act_ok(&app, &l, id, "respond", respond).await;
    act_ok(&app, &l, id, "escalate", json!({})).await;
    let second = upload_pdf(&app, &l, id, "stage-2-review.pdf").await;
    assert_eq!(second["stage"], 2);
    let (first, second) = (
        first["id"].as_str().unwrap(),
        second["id"].as_str().unwrap(),
    );
    let seen = expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), &contractor.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list_ids(&seen), [first]);
    let all = expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list_ids(&all), [first, second]);
    expect_problem(
        app.get(
            &path(&l, &format!("/{id}/attachments/{second}")),
            &contractor.token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let resp = app
        .get(
            &path(&l, &format!("/{id}/attachments/{first}")),
            &contractor.token,
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PNG);
    // Stage 2 stays with the landlord: the contractor cannot add to it.
    expect_problem(
        upload(
            &app,
            &l,
            &contractor.token,
            id,
            file_form("more.png", "image/png", PNG),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

async fn the_mrc_reads_attachments_and_each_reading_is_audited(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mrc = l.user(Role::Mrc);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let a = upload_pdf(&app, &l, id, "letter.pdf").await;
    let aid = a["id"].as_str().unwrap();
    // The complaints team's reading is not logged.
    expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    let list = expect_status(
        app.get(&path(&l, &format!("/{id}/attachments")), &mrc.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list_ids(&list), [aid]);
    let resp = app
        .get(&path(&l, &format!("/{id}/attachments/{aid}")), &mrc.token)
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PDF);
    expect_problem(
        upload(
            &app,
            &l,
            &mrc.token,
            id,
            file_form("x.pdf", "application/pdf", PDF),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let log = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?subject={id}", l.slug),
            &l.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    assert_eq!(entries[0]["kind"], "complaint.attachment.download");
    assert_eq!(entries[0]["actor_id"], mrc.id.to_string());
    assert_eq!(entries[0]["subject_id"], id);
    assert_eq!(entries[0]["detail"]["attachment_id"], aid);
    assert_eq!(entries[1]["kind"], "complaint.attachments.read");
}

async fn consent_evidence_is_attached_to_the_representative(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let c = intake(
        &app,
        &l,
        json!({"channel": "representative", "representative": {
        "name": "Cllr Ahmed", "relationship": "ward councillor", "consent_on": "2025-01-03",
        "consent_evidence": "Signed consent form, to be scanned"}}),
    )
    .await;
    let id = c["id"].as_str().unwrap();
    let consent = path(&l, &format!("/{id}/representative/consent"));
    let form = upload_pdf(&app, &l, id, "consent-form.pdf").await;
    let fid = form["id"].as_str().unwrap();

    // Only an attachment of this complaint will do.
    let other = intake(&app, &l, json!({})).await;
    let other = other["id"].as_str().unwrap();
    let elsewhere = upload_pdf(&app, &l, other, "other.pdf").await;
    for bad in [
        elsewhere["id"].as_str().unwrap().to_owned(),
        uuid::Uuid::now_v7().to_string(),
    ] {
        let p = expect_problem(
            app.post(&consent, Some(officer), &json!({"attachment_id": bad}))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["attachment_id"]);
    }
    let p = expect_problem(
        app.post(&consent, Some(officer), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["attachment_id"]);
    assert!(
        !timeline_kinds(&app, &l, id)
            .await
            .contains(&"consent_evidence_attached".to_owned())
    );

    let r = expect_status(
        app.post(&consent, Some(officer), &json!({"attachment_id": fid}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["name"], "Cllr Ahmed");
    assert_eq!(r["consent_on"], "2025-01-03");
    assert_eq!(r["consent_evidence"], "Signed consent form, to be scanned");
    assert_eq!(r["consent_attachment_id"], fid);
    let events = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let attached = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "consent_evidence_attached")
        .expect("the event");
    assert_eq!(attached["data"]["attachment_id"], fid);
    // The rest of the representative is as it was.
    let case = expect_status(
        app.get(&path(&l, &format!("/{id}")), officer).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(case["representative"]["name"], "Cllr Ahmed");
    assert_eq!(case["representative"]["consent_on"], "2025-01-03");

    // Without a representative there is no consent to evidence.
    let elsewhere = elsewhere["id"].as_str().unwrap();
    expect_problem(
        app.post(
            &path(&l, &format!("/{other}/representative/consent")),
            Some(officer),
            &json!({"attachment_id": elsewhere}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
}

async fn every_attachment_endpoint_keeps_landlords_apart_and_roles_in_their_place(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let handler = a.user(Role::CaseHandler);
    let case = intake(
        &app,
        &a,
        json!({"channel": "representative", "representative": {
        "name": "B Smith", "consent_on": "2025-01-03", "consent_evidence": "Form"}}),
    )
    .await;
    let id = case["id"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &a,
        &id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let file = upload_pdf(&app, &a, &id, "letter.pdf").await;
    let aid = file["id"].as_str().unwrap().to_owned();
    let readers = |role: Role| match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler | Role::Mrc => {
            Expect::Allowed
        }
        Role::Contractor => Expect::NotFound,
        _ => Expect::Forbidden,
    };
    let workers = |role: Role| match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler => Expect::Allowed,
        Role::Contractor => Expect::NotFound,
        _ => Expect::Forbidden,
    };
    check_roles(&a, &b, &platform, readers, |t| {
        app.request(
            Method::GET,
            &path(&a, &format!("/{id}/attachments")),
            Some(t),
        )
    })
    .await;
    check_roles(&a, &b, &platform, readers, |t| {
        app.request(
            Method::GET,
            &path(&a, &format!("/{id}/attachments/{aid}")),
            Some(t),
        )
    })
    .await;
    check_roles(&a, &b, &platform, workers, |t| {
        app.request(
            Method::POST,
            &path(&a, &format!("/{id}/attachments")),
            Some(t),
        )
        .multipart(file_form("letter.pdf", "application/pdf", PDF))
    })
    .await;
    check_roles(&a, &b, &platform, workers, |t| {
        app.request(
            Method::POST,
            &path(&a, &format!("/{id}/representative/consent")),
            Some(t),
        )
        .json(&json!({"attachment_id": aid}))
    })
    .await;
    // Another landlord's staff cannot reach the file even through their own landlord.
    let theirs = intake(&app, &b, json!({})).await;
    let theirs = theirs["id"].as_str().unwrap();
    expect_problem(
        app.get(
            &path(&b, &format!("/{theirs}/attachments/{aid}")),
            &b.admin().token,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
