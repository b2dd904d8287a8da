//! Letters to residents (Code 2.4, 5.6, 5.7, 5.11, 6.5, 6.9, 6.11, 6.16, 6.19): sent through
//! the outbox with the change that causes them, delivered over real SMTP, read back, and kept
//! on the case's correspondence. The landlord's own wording and branding, large print and
//! other formats, postal letters, representatives and a single point of contact.

use crate::complaints::{acknowledgement, act, act_ok, intake, path, response};
use crate::helpers::*;
use crate::smtp_sink::{ReceivedMail, SmtpSink};
use redress_domain::roles::Role;
use redress_notify::{Mailer, OutboxWorker, SmtpMailer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

db_tests!(
    the_letters_of_both_stages_carry_what_the_code_requires,
    refusals_tell_the_resident_of_the_right_to_go_to_the_ombudsman,
    a_landlords_own_wording_replaces_the_default_and_a_broken_one_is_refused,
    the_landlords_branding_signs_every_letter,
    large_print_gives_larger_type_and_other_formats_are_noted_for_staff,
    a_resident_without_email_gets_a_letter_to_post,
    a_representative_with_an_email_receives_the_letters,
    a_single_point_of_contact_is_named_in_the_letter,
    every_letter_endpoint_keeps_landlords_apart_and_roles_in_their_place,
    a_backdated_action_asks_whether_its_letter_already_went,
);

/// Mail delivered to a real SMTP server by the outbox worker, read one letter at a time.
pub(crate) struct Inbox {
    sink: SmtpSink,
    worker: OutboxWorker,
    seen: usize,
}

impl Inbox {
    pub(crate) async fn start(app: &TestApp) -> Inbox {
        let sink = SmtpSink::start().await.unwrap();
        let mailer: Arc<dyn Mailer> =
            Arc::new(SmtpMailer::new(&sink.url(), "Redress <no-reply@redress.test>").unwrap());
        let worker = OutboxWorker::new(app.server_db.clone(), mailer, app.data_key.clone());
        Inbox {
            sink,
            worker,
            seen: 0,
        }
    }

    async fn drain(&self) -> usize {
        let mut total = 0;
        loop {
            let n = self.worker.try_execute_task().await.unwrap();
            if n == 0 {
                return total;
            }
            total += n;
        }
    }

    /// Forgets everything sent so far (the invitations of onboarding).
    pub(crate) async fn skip(&mut self) {
        let n = self.drain().await;
        self.seen = self
            .sink
            .wait_for(self.seen + n, Duration::from_secs(10))
            .await
            .unwrap()
            .len();
    }

    /// The one letter sent since the last look.
    pub(crate) async fn next(&mut self) -> ReceivedMail {
        assert_eq!(self.drain().await, 1, "exactly one letter was due");
        let mails = self
            .sink
            .wait_for(self.seen + 1, Duration::from_secs(10))
            .await
            .unwrap();
        self.seen = mails.len();
        mails.last().unwrap().clone()
    }

    /// Every message sent since the last look.
    pub(crate) async fn all_new(&mut self) -> Vec<ReceivedMail> {
        let n = self.drain().await;
        let mails = self
            .sink
            .wait_for(self.seen + n, Duration::from_secs(10))
            .await
            .unwrap();
        let new = mails[self.seen..].to_vec();
        self.seen = mails.len();
        new
    }

    async fn nothing(&mut self) {
        assert_eq!(self.drain().await, 0, "no letter was due");
    }
}

/// The message's text with its whitespace collapsed and in lower case, so the assertions
/// read as sentences whatever the line breaks.
fn read(mail: &ReceivedMail) -> String {
    mail.body_text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn has(text: &str, phrase: &str) {
    assert!(
        text.contains(&phrase.to_lowercase()),
        "the letter should say “{phrase}”:\n{text}"
    );
}

const OMBUDSMAN: &str = "Housing Ombudsman Service";
const OMBUDSMAN_PHONE: &str = "0300 111 3000";

fn letters_url(l: &Landlord, rest: &str) -> String {
    format!("/api/v1/landlords/{}/letters{rest}", l.slug)
}

fn templates_url(l: &Landlord, rest: &str) -> String {
    format!("/api/v1/landlords/{}/letter-templates{rest}", l.slug)
}

async fn letters_of(app: &TestApp, l: &Landlord, id: &str) -> Vec<Value> {
    expect_status(
        app.get(&path(l, &format!("/{id}/letters")), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn resident_with(app: &TestApp, l: &Landlord, body: Value) -> String {
    let r = expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/residents", l.slug),
            Some(&l.admin().token),
            &body,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    r["id"].as_str().unwrap().to_owned()
}

async fn adjust(app: &TestApp, l: &Landlord, resident: &str, category: &str, description: &str) {
    let today = chrono::Utc::now().date_naive();
    expect_status(
        app.post(
            &format!(
                "/api/v1/landlords/{}/residents/{resident}/adjustments",
                l.slug
            ),
            Some(&l.admin().token),
            &json!({"description": description, "category": category,
                    "agreed_on": (today - chrono::Duration::days(30)).to_string(),
                    "next_review_on": (today + chrono::Duration::days(150)).to_string()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
}

async fn the_letters_of_both_stages_carry_what_the_code_requires(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let officer = &l.user(Role::ComplaintsOfficer).token;

    // Intake: the reference, the dates and a private tracking link (Code 1.2, 3.1).
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let reference = c["reference"].as_str().unwrap().to_owned();
    let mail = inbox.next().await;
    assert_eq!(mail.rcpt_to, ["mary@example.org"]);
    assert!(mail.header("Subject").unwrap().contains(&reference));
    let text = read(&mail);
    has(&text, "Dear Mary Jones,");
    has(&text, &format!("our reference: {reference}"));
    has(&text, "We received your complaint on 6 January 2025");
    has(
        &text,
        "We will acknowledge your complaint by 13 January 2025",
    );
    let body = mail.body_text();
    let start = body
        .find("http://portal.test/p/alpha/track/")
        .expect("the tracking link")
        + "http://portal.test/p/alpha/track/".len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert_eq!(token.len(), 43, "{token}");
    let stored = app
        .sql_text(
            "SELECT tracking_token_hash FROM complaints WHERE id = $1",
            vec![id.parse::<uuid::Uuid>().unwrap().into()],
        )
        .await;
    assert_eq!(
        stored.as_deref(),
        Some(redress_api::auth::secret::hash_token(&token).as_str()),
        "only the token's hash is kept"
    );
    assert!(!body.contains("Large print"));

    // The acknowledgement (Code 5.6, 5.7, 6.2).
    let mut ack = acknowledgement("2025-01-08");
    ack["not_responsible_for"] =
        json!("The gas supply to the block, which Cadent Gas looks after.");
    act_ok(&app, &l, &id, "acknowledge", ack).await;
    let mail = inbox.next().await;
    let text = read(&mail);
    has(
        &text,
        "The boiler repair was not done within the repair timescale.",
    );
    has(&text, "A working boiler and compensation");
    has(
        &text,
        "what we are responsible for repairs to the heating system",
    );
    has(
        &text,
        "what we are not responsible for, and who is the gas supply to the block, which cadent gas looks after.",
    );
    has(&text, "our stage 1 response by 22 January 2025");
    has(&text, "If our understanding of your complaint is wrong");

    // An extension: the reason, the new date, the Ombudsman (Code 6.5).
    act_ok(
        &app,
        &l,
        &id,
        "extend",
        json!({"working_days": 5, "reason": "We are waiting for the heating contractor's report.",
               "on": "2025-01-20", "letter_already_sent": false}),
    )
    .await;
    let text = read(&inbox.next().await);
    has(&text, "We are waiting for the heating contractor's report.");
    has(&text, "our stage 1 response by 29 January 2025");
    has(&text, OMBUDSMAN);
    has(&text, OMBUDSMAN_PHONE);

    // The stage 1 response, elements a–g (Code 6.9).
    act_ok(&app, &l, &id, "respond", response("2025-01-28")).await;
    let mail = inbox.next().await;
    assert!(mail.header("Subject").unwrap().contains("stage 1 response"));
    let text = read(&mail);
    has(
        &text,
        "a) the complaint stage stage 1 of our complaints procedure",
    );
    has(
        &text,
        "b) our understanding of your complaint the boiler repair was not done within the repair timescale.",
    );
    has(&text, "c) our decision your complaint is upheld.");
    has(
        &text,
        "d) the reasons for our decision the engineer missed two appointments.",
    );
    has(&text, "e) remedies offered none.");
    has(&text, "f) outstanding actions none.");
    has(&text, "g) how to ask for stage 2");
    has(&text, "You do not need to give a reason");

    // Asking for stage 2 sends nothing; its acknowledgement does (Code 6.11, 6.13).
    act_ok(&app, &l, &id, "escalate", json!({"on": "2025-02-03"})).await;
    inbox.nothing().await;
    let mut ack2 = acknowledgement("2025-02-05");
    ack2["definition"] =
        json!("Mrs Jones remains unhappy that the compensation does not cover three weeks.");
    act_ok(&app, &l, &id, "acknowledge", ack2).await;
    let text = read(&inbox.next().await);
    has(
        &text,
        "Mrs Jones remains unhappy that the compensation does not cover three weeks.",
    );
    has(
        &text,
        "considered at stage 2 by someone who was not involved in it at stage 1",
    );
    has(&text, "our stage 2 response by 5 March 2025");

    // The stage 2 response, elements a–g (Code 6.19), by someone else than at stage 1.
    let c = expect_status(
        act(&app, &l, &l.admin().token, &id, "respond", json!({
            "decision": "partly_upheld",
            "reasons": "On review, the first appointment was our failure and the second was not.",
            "remedies": [{"kind": "financial", "description": "Further compensation",
                          "amount_pence": 125050, "due_on": "2025-03-20"}],
            "outstanding_actions": [{"description": "Service the boiler", "owner": "Repairs manager",
                                     "due_on": "2025-04-01"}],
            "on": "2025-03-03", "letter_already_sent": false})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["status"], "stage2_responded");
    let mail = inbox.next().await;
    assert!(mail.header("Subject").unwrap().contains("final response"));
    let text = read(&mail);
    has(
        &text,
        "a) the complaint stage stage 2 of our complaints procedure",
    );
    has(
        &text,
        "b) our understanding of your complaint mrs jones remains unhappy",
    );
    has(&text, "c) our decision your complaint is partly upheld.");
    has(
        &text,
        "On review, the first appointment was our failure and the second was not.",
    );
    has(
        &text,
        "a payment: further compensation (£1,250.50), by 20 March 2025",
    );
    has(
        &text,
        "service the boiler: by 1 April 2025 (repairs manager)",
    );
    has(&text, "This is our final response");
    has(&text, OMBUDSMAN);
    has(&text, OMBUDSMAN_PHONE);

    // Every letter is on the case, and on its correspondence (Code 5.12).
    let letters = letters_of(&app, &l, &id).await;
    let kinds: Vec<&str> = letters
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "complaint_received",
            "acknowledgement",
            "extension",
            "stage1_response",
            "stage2_acknowledgement",
            "stage2_response"
        ]
    );
    let stages: Vec<i64> = letters
        .iter()
        .map(|x| x["stage"].as_i64().unwrap())
        .collect();
    assert_eq!(stages, [1, 1, 1, 1, 2, 2]);
    let correspondence = expect_status(
        app.get(&path(&l, &format!("/{id}/correspondence")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let records = correspondence["items"].as_array().unwrap();
    assert_eq!(records.len(), letters.len());
    for (letter, record) in letters.iter().zip(records) {
        assert_eq!(letter["delivery"], "email");
        assert_eq!(letter["recipient"], "mary@example.org");
        assert!(letter["outbox_id"].is_string());
        assert_eq!(letter["outstanding"], false);
        assert_eq!(record["id"], letter["correspondence_id"]);
        assert_eq!(record["direction"], "out");
        assert_eq!(record["channel"], "email");
        assert_eq!(record["subject"], letter["subject"]);
        assert_eq!(record["recorded_by"], Value::Null);
        assert!(record["body"].as_str().unwrap().contains(&reference));
        assert_eq!(record["stage"], letter["stage"]);
    }
}

async fn refusals_tell_the_resident_of_the_right_to_go_to_the_ombudsman(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;

    // Not accepted (Code 2.4): the reason in plain words and the right to the Ombudsman.
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    inbox.next().await;
    act_ok(&app, &l, &id, "not-accept", json!({"reason": "legal_proceedings_started",
        "explanation": "A disrepair claim about the boiler was issued in the county court on 2 December 2024.",
        "on": "2025-01-07", "letter_already_sent": false}))
    .await;
    let mail = inbox.next().await;
    assert!(mail.header("Subject").unwrap().contains("cannot accept"));
    let text = read(&mail);
    has(
        &text,
        "Legal proceedings about the matters you raise have started",
    );
    has(
        &text,
        "A disrepair claim about the boiler was issued in the county court on 2 December 2024.",
    );
    has(&text, "You have the right to take our decision");
    has(&text, OMBUDSMAN);
    has(&text, OMBUDSMAN_PHONE);
    assert_eq!(letters_of(&app, &l, &id).await[1]["kind"], "not_accepted");

    // Escalation refused (Code 5.11).
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-01-07")).await;
    act_ok(&app, &l, &id, "respond", response("2025-01-08")).await;
    act_ok(&app, &l, &id, "escalate", json!({"on": "2025-01-09"})).await;
    inbox.skip().await;
    act_ok(&app, &l, &id, "refuse-escalation", json!({"reason": "previously_considered",
        "explanation": "The same boiler repair was the subject of complaint ALP-000001, answered at stage 2.",
        "on": "2025-01-10", "letter_already_sent": false}))
    .await;
    let text = read(&inbox.next().await);
    has(
        &text,
        "We have already considered the matters you raise under our complaints procedure.",
    );
    has(
        &text,
        "the subject of complaint ALP-000001, answered at stage 2.",
    );
    has(&text, "to the Housing Ombudsman Service");
    has(&text, OMBUDSMAN_PHONE);
    let letters = letters_of(&app, &l, &id).await;
    assert_eq!(letters.last().unwrap()["kind"], "escalation_refused");
    assert_eq!(letters.last().unwrap()["stage"], 2);
}

async fn a_landlords_own_wording_replaces_the_default_and_a_broken_one_is_refused(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let admin = &l.admin().token;

    let all = expect_status(app.get(&templates_url(&l, ""), admin).await, StatusCode::OK).await;
    let kinds: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "acknowledgement",
        "complaint_received",
        "escalation_refused",
        "extension",
        "not_accepted",
        "stage1_response",
        "stage2_acknowledgement",
        "stage2_response",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let ack = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "acknowledgement")
        .unwrap();
    assert_eq!(ack["override"], Value::Null);
    assert!(
        ack["defaults"]["html"]
            .as_str()
            .unwrap()
            .contains("base.html.j2")
    );
    assert!(ack["sample"]["definition"].is_string());

    let own = json!({
        "subject": "Acknowledged:\n{{ reference }}",
        "text": "Hello {{ recipient.name }}. We understand your complaint as: {{ definition }} We will reply by {{ response_due }}.",
    });
    let saved = expect_status(
        app.request(
            Method::PUT,
            &templates_url(&l, "/acknowledgement"),
            Some(admin),
        )
        .json(&own)
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["override"]["subject"], own["subject"]);
    assert_eq!(saved["override"]["html"], Value::Null);
    assert_eq!(saved["override"]["updated_by"], l.admin().id.to_string());
    // Plain wording reads below the plain English grade: no warning (Code 3.2).
    let plain = redress_domain::readability::PLAIN_ENGLISH_GRADE;
    assert!(
        ack["reading"]["default_grade"].as_f64().unwrap() < plain,
        "{ack}"
    );
    assert_eq!(ack["reading"]["own_grade"], Value::Null);
    assert_eq!(saved["reading"]["own_reads_harder"], false, "{saved}");
    assert!(
        saved["reading"]["own_grade"].as_f64().unwrap() < plain,
        "{saved}"
    );
    // Wording that reads harder is kept, with a warning and its grade.
    let hard = expect_status(
        app.request(
            Method::PUT,
            &templates_url(&l, "/extension"),
            Some(admin),
        )
        .json(&json!({"text": "Notwithstanding the aforementioned considerations, the organisation's determination regarding {{ reference }} necessitates comprehensive investigation, consequently extending the anticipated resolution timescale."}))
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(hard["reading"]["own_reads_harder"], true, "{hard}");
    assert!(
        hard["reading"]["own_grade"].as_f64().unwrap() >= plain,
        "{hard}"
    );
    assert_eq!(hard["reading"]["plain_english_grade"], plain);

    // A broken template is refused naming its part, and changes nothing.
    for (body, field) in [
        (
            json!({"html": "<p>{% if definition %}unclosed</p>"}),
            "html",
        ),
        (
            json!({"text": "We will reply by {{ respnse_due }}."}),
            "text",
        ),
        (json!({"subject": "{{ reference "}), "subject"),
        (json!({"subject": "   "}), "subject"),
        (json!({}), "subject"),
    ] {
        let p = expect_problem(
            app.request(
                Method::PUT,
                &templates_url(&l, "/acknowledgement"),
                Some(admin),
            )
            .json(&body)
            .send()
            .await
            .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{body}: {p}");
    }
    // The resident's private link may stand only as text or as a link's whole href: nowhere
    // a mail client would fetch it and hand it to someone else's server.
    let p = expect_problem(
        app.request(
            Method::PUT,
            &templates_url(&l, "/complaint_received"),
            Some(admin),
        )
        .json(&json!({"html": "<p>Hello</p><img src=\"https://tracker.example/p.gif?u={{ tracking_url }}\" alt=\"\">"}))
        .send()
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["html"], "{p}");
    assert!(p.to_string().contains("private link"), "{p}");
    let p = expect_problem(
        app.request(
            Method::PUT,
            &templates_url(&l, "/acknowledgement"),
            Some(admin),
        )
        .json(&json!({"html": "{% for x in y %}"}))
        .send()
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("syntax error"),
        "{p}"
    );
    expect_problem(
        app.request(
            Method::PUT,
            &templates_url(&l, "/no_such_letter"),
            Some(admin),
        )
        .json(&own)
        .send()
        .await
        .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    let all = expect_status(app.get(&templates_url(&l, ""), admin).await, StatusCode::OK).await;
    let ack = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "acknowledgement")
        .unwrap();
    assert_eq!(ack["override"]["subject"], own["subject"]);

    // The landlord's wording is what the resident receives; the HTML stays the default.
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let reference = c["reference"].as_str().unwrap().to_owned();
    inbox.next().await;
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-01-08")).await;
    let mail = inbox.next().await;
    assert_eq!(
        mail.header("Subject").unwrap(),
        format!("Acknowledged: {reference}")
    );
    let text = read(&mail);
    has(
        &text,
        "Hello Mary Jones. We understand your complaint as: The boiler repair was not done within the repair timescale. We will reply by 22 January 2025.",
    );
    has(
        &text,
        "<h2 style=\"font-size: 1.2em; margin: 24px 0 8px 0;\">our understanding of your complaint</h2>",
    );

    // Back to the default.
    let resp = app
        .request(
            Method::DELETE,
            &templates_url(&l, "/acknowledgement"),
            Some(admin),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    inbox.next().await;
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-01-08")).await;
    let mail = inbox.next().await;
    assert!(
        mail.header("Subject")
            .unwrap()
            .contains("our understanding of it")
    );
    expect_problem(
        app.request(Method::DELETE, &templates_url(&l, "/nothing"), Some(admin))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;

    // Each change is on the audit log.
    let log = expect_status(
        app.get(
            &format!("/api/v1/landlords/{}/audit?actor={}", l.slug, l.admin().id),
            admin,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let templates: Vec<&serde_json::Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"].as_str().unwrap().starts_with("letter_template."))
        .collect();
    let kinds: Vec<&str> = templates
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "letter_template.reset",
            "letter_template.updated",
            "letter_template.updated"
        ],
        "{log}"
    );
    // The extension letter's harder wording, then the acknowledgement's.
    assert_eq!(templates[1]["detail"]["parts"], json!(["text"]));
    assert_eq!(templates[2]["detail"]["parts"], json!(["subject", "text"]));
}

async fn the_landlords_branding_signs_every_letter(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let admin = &l.admin().token;
    let settings_url = format!("/api/v1/landlords/{}/settings", l.slug);

    let p = expect_problem(
        app.patch(
            &settings_url,
            admin,
            &json!({"letter_name": "Alpha\nHomes", "logo_url": "http://alpha.example/logo.png",
                    "contact_block": "x".repeat(2001)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["letter_name", "logo_url", "contact_block"]);
    let s = expect_status(app.get(&settings_url, admin).await, StatusCode::OK).await;
    assert_eq!(s["letter_name"], Value::Null, "nothing changed");
    assert_eq!(s["logo_url"], Value::Null);

    let s = expect_status(
        app.patch(
            &settings_url,
            admin,
            &json!({"letter_name": "Alpha Homes Complaints Team",
                    "logo_url": "https://alpha.example/logo.png",
                    "contact_block": "Alpha Homes, 1 High Street, London N1 1AA\nTelephone 020 7946 0123, Monday to Friday 9am to 5pm"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["letter_name"], "Alpha Homes Complaints Team");
    assert_eq!(s["logo_url"], "https://alpha.example/logo.png");
    assert_eq!(s["landlord"]["name"], "alpha homes");

    intake(&app, &l, json!({})).await;
    let mail = inbox.next().await;
    let text = read(&mail);
    has(&text, "Yours sincerely, Alpha Homes Complaints Team");
    has(
        &text,
        "Telephone 020 7946 0123, Monday to Friday 9am to 5pm",
    );
    let raw = mail.body_text();
    assert!(raw.contains("alt=\"Alpha Homes Complaints Team\""), "{raw}");
    assert!(raw.contains("<html lang=\"en\">"));
    assert!(raw.contains("font-size: 19px"));

    // Cleared, letters are signed with the landlord's own name again.
    let s = expect_status(
        app.patch(
            &settings_url,
            admin,
            &json!({"letter_name": null, "logo_url": null}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["letter_name"], Value::Null);
    assert!(s["contact_block"].is_string());
    intake(&app, &l, json!({})).await;
    let text = read(&inbox.next().await);
    has(&text, "Yours sincerely, alpha homes");
}

async fn large_print_gives_larger_type_and_other_formats_are_noted_for_staff(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let resident = resident_with(
        &app,
        &l,
        json!({"name": "Grace Obi", "email": "grace@example.org"}),
    )
    .await;
    adjust(
        &app,
        &l,
        &resident,
        "communication_format",
        "Letters in large print",
    )
    .await;
    adjust(
        &app,
        &l,
        &resident,
        "communication_format",
        "A braille copy of every letter",
    )
    .await;
    adjust(&app, &l, &resident, "timing", "No calls before 10am").await;
    let c = intake(&app, &l, json!({"resident": null, "resident_id": resident})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let mail = inbox.next().await;
    assert_eq!(mail.rcpt_to, ["grace@example.org"]);
    let raw = mail.body_text();
    assert!(raw.contains("font-size: 28px; line-height: 1.6"), "{raw}");
    assert!(!raw.contains("font-size: 19px"));

    // The braille copy is for staff to send: the letter is outstanding until they have.
    let letter = &letters_of(&app, &l, &id).await[0];
    assert_eq!(letter["delivery"], "email");
    let notes = letter["staff_notes"].as_str().unwrap();
    assert!(notes.contains("A braille copy of every letter"), "{notes}");
    assert!(
        !notes.contains("large print"),
        "email honours large print: {notes}"
    );
    assert!(!notes.contains("10am"), "{notes}");
    assert_eq!(letter["outstanding"], true);
    let waiting = expect_status(
        app.get(&letters_url(&l, "?outstanding=true"), &l.admin().token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(waiting["items"][0]["id"], letter["id"]);
    let lid = letter["id"].as_str().unwrap();
    let done = expect_status(
        app.post(
            &letters_url(&l, &format!("/{lid}/posted")),
            Some(&l.user(Role::ComplaintsOfficer).token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["outstanding"], false);
}

async fn a_resident_without_email_gets_a_letter_to_post(app: TestApp) {
    let l = app.landlord("alpha").await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let pending = redress_store::outbox::pending_count(&app.db).await.unwrap();
    let c = intake(
        &app,
        &l,
        json!({"resident": {"name": "Albert Moss", "address": "4 Canal Row, London E2 8AA"}}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(
        redress_store::outbox::pending_count(&app.db).await.unwrap(),
        pending,
        "nothing to email"
    );
    let letter = letters_of(&app, &l, &id).await[0].clone();
    assert_eq!(letter["delivery"], "post");
    assert_eq!(letter["outbox_id"], Value::Null);
    assert_eq!(
        letter["recipient"],
        "Albert Moss\n4 Canal Row, London E2 8AA"
    );
    assert_eq!(letter["staff_notes"], Value::Null);
    assert_eq!(letter["outstanding"], true);
    let record = expect_status(
        app.get(&path(&l, &format!("/{id}/correspondence")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(record["items"][0]["channel"], "letter");
    assert!(
        record["items"][0]["body"]
            .as_str()
            .unwrap()
            .contains("Dear Albert Moss,")
    );

    // A resident who prefers letters gets them by post even with an email address.
    let prefers = resident_with(
        &app,
        &l,
        json!({"name": "Rita Lowe", "email": "rita@example.org", "preferred_contact": "letter"}),
    )
    .await;
    let c2 = intake(&app, &l, json!({"resident": null, "resident_id": prefers})).await;
    let second = letters_of(&app, &l, c2["id"].as_str().unwrap()).await[0].clone();
    assert_eq!(second["delivery"], "post");
    assert!(
        second["staff_notes"]
            .as_str()
            .unwrap()
            .contains("No postal address")
    );
    // An emailed letter has nothing to post.
    let emailed = intake(&app, &l, json!({})).await;
    let emailed = letters_of(&app, &l, emailed["id"].as_str().unwrap()).await[0].clone();
    assert_eq!(emailed["delivery"], "email");

    let to_post = expect_status(
        app.get(&letters_url(&l, "?delivery=post&outstanding=true"), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<&Value> = to_post["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| &x["id"])
        .collect();
    assert_eq!(ids, [&letter["id"], &second["id"]], "oldest first");

    let lid = letter["id"].as_str().unwrap();
    // Written, then printed, then posted. The page to print is the letter as written, the
    // name and address a line each.
    assert_eq!(letter["state"], "to_print");
    let page = app
        .get(&letters_url(&l, &format!("/{lid}/print")), officer)
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    for part in [
        "<p>Albert Moss</p>",
        "<p>4 Canal Row</p>",
        "<p>London E2 8AA</p>",
        "Dear Albert Moss,",
        letter["subject"].as_str().unwrap(),
    ] {
        assert!(html.contains(part), "{part} in {html}");
    }
    assert!(!html.contains("{{") && !html.contains("{%"));
    let printed = expect_status(
        app.post(
            &letters_url(&l, &format!("/{lid}/printed")),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(printed["state"], "printed");
    assert_eq!(printed["outstanding"], true, "printed, not yet posted");
    assert_eq!(
        printed["printed_by"],
        l.user(Role::ComplaintsOfficer).id.to_string()
    );
    // Printing again changes nothing.
    let again = expect_status(
        app.post(
            &letters_url(&l, &format!("/{lid}/printed")),
            Some(&l.admin().token),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["printed_at"], printed["printed_at"]);
    assert_eq!(again["printed_by"], printed["printed_by"]);
    let p = expect_problem(
        app.post(
            &letters_url(&l, &format!("/{lid}/posted")),
            Some(officer),
            &json!({"on": "2099-01-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["on"]);
    let posted = expect_status(
        app.request(
            Method::POST,
            &letters_url(&l, &format!("/{lid}/posted")),
            Some(officer),
        )
        .send()
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(posted["posted_on"].is_string());
    assert_eq!(
        posted["posted_by"],
        l.user(Role::ComplaintsOfficer).id.to_string()
    );
    assert_eq!(posted["outstanding"], false);
    assert_eq!(posted["state"], "posted");
    // Nothing waits to be printed once posted, nor for an emailed letter.
    let p = expect_problem(
        app.post(
            &letters_url(&l, &format!("/{lid}/printed")),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("already recorded as posted"),
        "{p}"
    );
    let p = expect_problem(
        app.post(
            &letters_url(&l, &format!("/{}/printed", emailed["id"].as_str().unwrap())),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("emailed"), "{p}");
    assert_eq!(emailed["state"], "emailed");
    let p = expect_problem(
        app.post(
            &letters_url(&l, &format!("/{lid}/posted")),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("already"), "{p}");
    let eid = emailed["id"].as_str().unwrap();
    expect_problem(
        app.post(
            &letters_url(&l, &format!("/{eid}/posted")),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    expect_problem(
        app.post(
            &letters_url(&l, &format!("/{}/posted", uuid::Uuid::now_v7())),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let to_post = expect_status(
        app.get(&letters_url(&l, "?delivery=post&outstanding=true"), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(to_post["items"].as_array().unwrap().len(), 1);
    assert_eq!(to_post["items"][0]["id"], second["id"]);
    let done = expect_status(
        app.get(&letters_url(&l, "?outstanding=false"), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let done: Vec<&Value> = done["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| &x["id"])
        .collect();
    assert_eq!(done, [&letter["id"], &emailed["id"]]);
    let timeline = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        timeline.as_array().unwrap().last().unwrap()["kind"],
        "letter_posted"
    );

    let p = expect_problem(
        app.get(
            &letters_url(&l, "?delivery=pigeon&outstanding=maybe&limit=500"),
            officer,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["delivery", "outstanding", "limit"]);
}

async fn a_representative_with_an_email_receives_the_letters(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let c = intake(
        &app,
        &l,
        json!({"channel": "representative", "representative": {
            "name": "Dev Patel", "relationship": "son", "email": "dev.patel@example.org",
            "consent_on": "2025-01-03", "consent_evidence": "Signed consent form, scanned"}}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    let mail = inbox.next().await;
    assert_eq!(mail.rcpt_to, ["dev.patel@example.org"]);
    let text = read(&mail);
    has(&text, "Dear Dev Patel,");
    has(&text, "as the representative of Mary Jones");
    act_ok(&app, &l, &id, "acknowledge", acknowledgement("2025-01-08")).await;
    let mail = inbox.next().await;
    assert_eq!(mail.rcpt_to, ["dev.patel@example.org"]);
    let letters = letters_of(&app, &l, &id).await;
    assert!(
        letters.iter().all(
            |x| x["recipient"] == "dev.patel@example.org" && x["recipient_name"] == "Dev Patel"
        )
    );

    // A representative without an email address: the resident gets the letters.
    intake(
        &app,
        &l,
        json!({"channel": "representative", "representative": {
            "name": "Cllr Ahmed", "consent_on": "2025-01-03", "consent_evidence": "Letter"}}),
    )
    .await;
    assert_eq!(inbox.next().await.rcpt_to, ["mary@example.org"]);
}

async fn a_single_point_of_contact_is_named_in_the_letter(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let handler = l.user(Role::CaseHandler);
    let resident = resident_with(
        &app,
        &l,
        json!({"name": "Terry Walsh", "email": "terry@example.org"}),
    )
    .await;
    let today = chrono::Utc::now().date_naive();
    expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/residents/{resident}/restrictions", l.slug),
            Some(officer),
            &json!({
                "behaviour": "Repeated abusive phone calls to the repairs team.",
                "evidence": "Call log entries 12 to 40",
                "warnings": [{"level": "final", "given_on": (today - chrono::Duration::days(10)).to_string()}],
                "terms": [{"kind": "single_point_of_contact", "detail": "Only the allocated officer"},
                          {"kind": "written_contact_only", "detail": "By letter or email"}],
                "proportionality": "Two warnings were ignored; written contact still lets every concern be raised.",
                "equality_act": "No protected characteristic is engaged by written contact.",
                "starts_on": today.to_string(),
                "review_on": (today + chrono::Duration::days(90)).to_string(),
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // Logged and written to like anyone else (Code 5.15).
    let c = intake(&app, &l, json!({"resident": null, "resident_id": resident})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(inbox.next().await.rcpt_to, ["terry@example.org"]);
    act_ok(
        &app,
        &l,
        &id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    expect_status(
        act(
            &app,
            &l,
            &handler.token,
            &id,
            "acknowledge",
            acknowledgement("2025-01-08"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let text = read(&inbox.next().await);
    has(
        &text,
        "case_handler is your single point of contact for this complaint",
    );
    has(&text, "case-handler@alpha.test");
}

async fn every_letter_endpoint_keeps_landlords_apart_and_roles_in_their_place(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("bravo").await;
    let platform = app.platform_admin().await;
    let handler = a.user(Role::CaseHandler);
    let c = intake(
        &app,
        &a,
        json!({"resident": {"name": "Albert Moss", "address": "4 Canal Row"}}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_owned();
    act_ok(
        &app,
        &a,
        &id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2025-01-06"}),
    )
    .await;
    let letter = letters_of(&app, &a, &id).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler | Role::Mrc => {
                Expect::Allowed
            }
            Role::Contractor => Expect::NotFound,
            _ => Expect::Forbidden,
        },
        |t| app.request(Method::GET, &path(&a, &format!("/{id}/letters")), Some(t)),
    )
    .await;
    let team = [Role::LandlordAdmin, Role::ComplaintsOfficer];
    check_access(&a, &b, &platform, &team, |t| {
        app.request(Method::GET, &letters_url(&a, "?delivery=post"), Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &team, |t| {
        app.request(
            Method::POST,
            &letters_url(&a, &format!("/{letter}/posted")),
            Some(t),
        )
        .json(&json!({}))
    })
    .await;
    let admins = [Role::LandlordAdmin];
    check_access(&a, &b, &platform, &admins, |t| {
        app.request(Method::GET, &templates_url(&a, ""), Some(t))
    })
    .await;
    check_access(&a, &b, &platform, &admins, |t| {
        app.request(Method::PUT, &templates_url(&a, "/extension"), Some(t))
            .json(&json!({"subject": "More time: {{ reference }}"}))
    })
    .await;
    check_access(&a, &b, &platform, &admins, |t| {
        app.request(Method::DELETE, &templates_url(&a, "/extension"), Some(t))
    })
    .await;

    // Another landlord's letter is not found, even by its own complaints team.
    let theirs = intake(&app, &b, json!({})).await;
    let theirs = letters_of(&app, &b, theirs["id"].as_str().unwrap()).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_problem(
        app.post(
            &letters_url(&a, &format!("/{theirs}/posted")),
            Some(&a.admin().token),
            &json!({}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let listed = expect_status(
        app.get(&letters_url(&a, ""), &a.admin().token).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != theirs.as_str())
    );
    // The MRC's reading of a case's letters is audited.
    let log = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/{}/audit?kind=complaint.letters.read",
                a.slug
            ),
            &a.admin().token,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(log["items"].as_array().unwrap().len(), 1);
}

/// A letter as the resident reads it: its date line, and the day it says the action took
/// effect.
fn long(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string().to_lowercase()
}

/// docs/rules.md, "Backdated actions": an action recorded with an earlier day asks whether its
/// letter already went by other means. If it did, the letter is recorded as sent that day and
/// nothing is emailed or waits to be posted; if not, it goes now, dated today, and says when
/// the action took effect and what that means for the next deadline.
async fn a_backdated_action_asks_whether_its_letter_already_went(app: TestApp) {
    let mut inbox = Inbox::start(&app).await;
    let l = app.landlord("alpha").await;
    inbox.skip().await;
    let officer = &l.user(Role::ComplaintsOfficer).token;
    let today = redress_api::time::today();
    let c = intake(&app, &l, json!({})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    inbox.next().await;

    // Not saying is refused, naming the field, and changes nothing.
    let mut ack = acknowledgement("2025-01-08");
    ack.as_object_mut().unwrap().remove("letter_already_sent");
    let p = expect_problem(
        act(&app, &l, officer, &id, "acknowledge", ack.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["letter_already_sent"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("took effect on 2025-01-08, before today"),
        "{p}"
    );
    inbox.nothing().await;
    assert_eq!(letters_of(&app, &l, &id).await.len(), 1);

    // It already went: recorded as sent on that day, dated that day, nothing emailed.
    ack["letter_already_sent"] = json!(true);
    let acked = act_ok(&app, &l, &id, "acknowledge", ack).await;
    assert_eq!(acked["status"], "stage1_open");
    inbox.nothing().await;
    let letters = letters_of(&app, &l, &id).await;
    let sent = &letters[1];
    assert_eq!(sent["kind"], "acknowledgement");
    assert_eq!(sent["sent_earlier_on"], "2025-01-08");
    assert_eq!(sent["outbox_id"], Value::Null);
    assert_eq!(sent["outstanding"], false);
    let record = expect_status(
        app.get(&path(&l, &format!("/{id}/correspondence")), officer)
            .await,
        StatusCode::OK,
    )
    .await;
    let kept = record["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == sent["correspondence_id"])
        .unwrap();
    assert_eq!(kept["on"], "2025-01-08");
    assert_eq!(kept["channel"], "other", "it went however staff sent it");
    assert!(
        kept["body"]
            .as_str()
            .unwrap()
            .contains("Date: 8 January 2025")
    );
    let p = expect_problem(
        app.post(
            &letters_url(&l, &format!("/{}/posted", sent["id"].as_str().unwrap())),
            Some(officer),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("by other means on 2025-01-08"),
        "{p}"
    );

    // It did not go: it goes now, dated today, saying when the extension took effect and
    // what that means for the deadline.
    act_ok(
        &app,
        &l,
        &id,
        "extend",
        json!({"working_days": 5, "reason": "We are waiting for the heating contractor's report.",
               "on": "2025-01-20", "letter_already_sent": false}),
    )
    .await;
    let text = read(&inbox.next().await);
    has(&text, &format!("Date: {}", long(today)));
    assert!(!text.contains("date: 20 january 2025"), "{text}");
    has(
        &text,
        "We did this on 20 January 2025, before the date of this letter, and it took effect that day.",
    );
    has(&text, "Our stage 1 response is now due by 29 January 2025.");

    // A day's own action asks nothing and says nothing of another day.
    let responded = act_ok(
        &app,
        &l,
        &id,
        "respond",
        json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
               "remedies": [], "outstanding_actions": []}),
    )
    .await;
    assert_eq!(responded["status"], "stage1_responded");
    let text = read(&inbox.next().await);
    has(&text, &format!("Date: {}", long(today)));
    assert!(!text.contains("before the date of this letter"), "{text}");

    // An acknowledgement sent now counts its response from the day it took effect.
    let c = intake(&app, &l, json!({})).await;
    let second = c["id"].as_str().unwrap().to_owned();
    inbox.next().await;
    act_ok(
        &app,
        &l,
        &second,
        "acknowledge",
        acknowledgement("2025-01-08"),
    )
    .await;
    let text = read(&inbox.next().await);
    has(
        &text,
        "We did this on 8 January 2025, before the date of this letter, and it took effect that day. Our stage 1 response is due by 22 January 2025, counted from that day.",
    );
}
