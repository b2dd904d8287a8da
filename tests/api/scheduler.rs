//! Reminders and digests (Code 5.9, 5.10, 9.6, 9.7): the scheduler that `redress serve` runs,
//! driven here day by day and delivered over real SMTP to a sink the test starts.

use crate::complaints::{acknowledgement, act_ok, intake, path};
use crate::helpers::*;
use crate::smtp_sink::{ReceivedMail, SmtpSink};
use chrono::{NaiveDate, TimeZone, Utc};
use redress_domain::calendar::BankHolidays;
use redress_domain::roles::Role;
use redress_notify::staff_mail::StaffMail;
use redress_notify::{Mailer, OutboxWorker, Scheduler, SmtpMailer};
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

db_tests!(
    reminders_fire_on_the_right_working_day_across_a_bank_holiday,
    two_schedulers_send_one_digest_per_recipient_per_period,
    a_missed_day_is_caught_up_without_duplicates,
    the_performance_digest_has_the_figures_and_no_personal_data,
    a_digest_can_be_unsubscribed_from_its_link,
    subscriptions_are_chosen_within_what_the_role_receives,
    subscriptions_roles_and_isolation,
    keeping_the_resident_informed_is_reminded_when_an_update_falls_due,
    keep_informed_roles_isolation_and_rules,
    reviews_and_outstanding_actions_are_reminded,
    the_digests_carry_the_early_warning,
);

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn scheduler(app: &TestApp) -> Scheduler {
    Scheduler::new(
        app.server_db.clone(),
        BankHolidays::england_and_wales().unwrap(),
        Arc::new(StaffMail::new().unwrap()),
        "http://portal.test",
        app.data_key.clone(),
    )
}

pub(crate) struct Mail {
    sink: SmtpSink,
    worker: OutboxWorker,
}

impl Mail {
    pub(crate) async fn start(app: &TestApp) -> Mail {
        let sink = SmtpSink::start().await.unwrap();
        let mailer: Arc<dyn Mailer> =
            Arc::new(SmtpMailer::new(&sink.url(), "Redress <no-reply@redress.test>").unwrap());
        let worker = OutboxWorker::new(app.server_db.clone(), mailer, app.data_key.clone());
        let mail = Mail { sink, worker };
        mail.deliver().await;
        mail
    }

    /// Delivers everything queued and returns what has arrived so far.
    async fn deliver(&self) -> Vec<ReceivedMail> {
        let mut n = 0;
        loop {
            let sent = self.worker.try_execute_task().await.unwrap();
            if sent == 0 {
                break;
            }
            n += sent;
        }
        let all = self.sink.messages();
        if n > 0 {
            return self
                .sink
                .wait_for(all.len().max(n), Duration::from_secs(10))
                .await
                .unwrap();
        }
        all
    }

    /// Messages to `to` whose subject starts with `subject`, since `from` messages.
    pub(crate) async fn to(&self, to: &str, subject: &str) -> Vec<ReceivedMail> {
        self.deliver()
            .await
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r == to))
            .filter(|m| m.header("Subject").unwrap_or_default().starts_with(subject))
            .collect()
    }
}

async fn reminders_fire_on_the_right_working_day_across_a_bank_holiday(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    // Received Friday 19 December 2025: acknowledgement due in 5 working days, skipping
    // Christmas Day and Boxing Day, on Tuesday 30 December.
    let c = intake(&app, &l, json!({"received_on": "2025-12-19"})).await;
    assert_eq!(c["stage1"]["ack_due"], "2025-12-30");
    let officer = l.user(Role::ComplaintsOfficer).email.clone();
    let s = scheduler(&app);
    let reminders = async |m: &Mail| m.to(&officer, "Complaint reminders").await;

    s.run_day(d("2025-12-23")).await.unwrap();
    assert!(
        reminders(&mail).await.is_empty(),
        "three working days before: nothing yet"
    );

    // Two working days before 30 December is 24 December (not the 29th).
    s.run_day(d("2025-12-24")).await.unwrap();
    let got = reminders(&mail).await;
    assert_eq!(got.len(), 1);
    let text = got[0].body_text();
    assert!(text.contains(c["reference"].as_str().unwrap()), "{text}");
    assert!(text.contains("stage 1 acknowledgement"), "{text}");
    assert!(
        text.contains("due 30 December 2025 (in 2 working days)"),
        "{text}"
    );
    assert!(
        got[0]
            .header("Subject")
            .unwrap()
            .contains("Wednesday 24 December 2025"),
        "{:?}",
        got[0].header("Subject")
    );

    // A bank holiday sends nothing; the 29th has nothing new.
    s.run_day(d("2025-12-25")).await.unwrap();
    s.run_day(d("2025-12-26")).await.unwrap();
    s.run_day(d("2025-12-29")).await.unwrap();
    assert_eq!(reminders(&mail).await.len(), 1);

    s.run_day(d("2025-12-30")).await.unwrap();
    let got = reminders(&mail).await;
    assert_eq!(got.len(), 2);
    assert!(got[1].body_text().contains("due today"));

    s.run_day(d("2025-12-31")).await.unwrap();
    let got = reminders(&mail).await;
    assert_eq!(got.len(), 3);
    let text = got[2].body_text();
    assert!(
        text.contains("was due 30 December 2025 (1 working day ago)"),
        "{text}"
    );
    // Only once overdue for the same deadline.
    s.run_day(d("2026-01-02")).await.unwrap();
    assert_eq!(reminders(&mail).await.len(), 3);

    // The handler hears too once the case is allocated to them; a case handler who is not
    // the handler does not.
    let handler = l.user(Role::CaseHandler);
    let c2 = intake(&app, &l, json!({"received_on": "2025-12-19"})).await;
    act_ok(
        &app,
        &l,
        c2["id"].as_str().unwrap(),
        "allocate",
        json!({"handler_id": handler.id}),
    )
    .await;
    s.run_day(d("2026-01-05")).await.unwrap();
    let got = mail.to(&handler.email, "Complaint reminders").await;
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .body_text()
            .contains(c2["reference"].as_str().unwrap())
    );
    assert!(
        !got[0]
            .body_text()
            .contains(c["reference"].as_str().unwrap())
    );
}

async fn two_schedulers_send_one_digest_per_recipient_per_period(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    intake(&app, &l, json!({"received_on": "2026-11-02"})).await;
    // Two processes, each with its own scheduler, on one database, on Monday 23 November.
    let (a, b) = (scheduler(&app), scheduler(&app));
    let monday = d("2026-11-23");
    let (ra, rb) = tokio::join!(a.run_day(monday), b.run_day(monday));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // Complaints officer and landlord admin take the weekly digest by default; the MRC and
    // the governing body the quarterly performance digest.
    assert_eq!(ra.weekly_digests + rb.weekly_digests, 2, "{ra:?} {rb:?}");
    assert_eq!(
        ra.performance_digests + rb.performance_digests,
        2,
        "{ra:?} {rb:?}"
    );
    for role in [Role::ComplaintsOfficer, Role::LandlordAdmin] {
        let got = mail
            .to(&l.user(role).email, "Complaints this week at")
            .await;
        assert_eq!(got.len(), 1, "{role:?}");
    }
    for role in [Role::Mrc, Role::GoverningBody] {
        let got = mail.to(&l.user(role).email, "Complaint handling at").await;
        assert_eq!(got.len(), 1, "{role:?}");
        assert!(
            got[0]
                .header("Subject")
                .unwrap()
                .ends_with("July to September 2026")
        );
    }
    for role in [Role::CaseHandler, Role::Contractor, Role::PanelMember] {
        let email = &l.user(role).email;
        let all = mail.deliver().await;
        assert!(
            !all.iter().any(|m| m.rcpt_to.contains(email)
                && m.header("Subject")
                    .unwrap()
                    .starts_with("Complaints this week")),
            "{role:?}"
        );
    }

    // Ticks at the same minute: one claims the day, the other has nothing to do.
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 7, 5, 0).unwrap();
    let (ta, tb) = tokio::join!(a.tick(now), b.tick(now));
    let ran = [ta.unwrap(), tb.unwrap()]
        .into_iter()
        .filter(Option::is_some)
        .count();
    assert_eq!(ran, 1);
    // The digests of the week were already sent on Monday.
    let weekly = mail
        .to(
            &l.user(Role::ComplaintsOfficer).email,
            "Complaints this week at",
        )
        .await;
    assert_eq!(weekly.len(), 1);
}

async fn a_missed_day_is_caught_up_without_duplicates(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    let s = scheduler(&app);
    // Before 07:00 UK time nothing runs (07:00 GMT in winter).
    let early = Utc.with_ymd_and_hms(2026, 11, 24, 6, 59, 0).unwrap();
    assert_eq!(s.tick(early).await.unwrap(), None);
    // The server was down on Monday 23 November: Tuesday's run sends the week's digest.
    let tuesday = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    let report = s.tick(tuesday).await.unwrap().unwrap();
    assert_eq!(report.weekly_digests, 2);
    // Again the same day, or by a restarted process on Wednesday: nothing more this week.
    assert_eq!(s.tick(tuesday).await.unwrap(), None);
    let restarted = scheduler(&app);
    let wednesday = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let report = restarted.tick(wednesday).await.unwrap().unwrap();
    assert_eq!(report.weekly_digests, 0);
    let officer = &l.user(Role::ComplaintsOfficer).email;
    assert_eq!(mail.to(officer, "Complaints this week at").await.len(), 1);
    // The next week brings the next digest.
    restarted.run_day(d("2026-11-30")).await.unwrap();
    assert_eq!(mail.to(officer, "Complaints this week at").await.len(), 2);
}

async fn the_performance_digest_has_the_figures_and_no_personal_data(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    // In October 2026: two complaints received, one acknowledged in time and one late.
    let a = intake(
        &app,
        &l,
        json!({"received_on": "2026-10-01", "resident": {"name": "Zanele Okonkwo-Smith", "email": "zanele@example.org"}}),
    )
    .await;
    let b = intake(
        &app,
        &l,
        json!({"received_on": "2026-10-05", "category": "noise"}),
    )
    .await;
    act_ok(
        &app,
        &l,
        a["id"].as_str().unwrap(),
        "acknowledge",
        acknowledgement("2026-10-06"),
    )
    .await;
    act_ok(
        &app,
        &l,
        b["id"].as_str().unwrap(),
        "acknowledge",
        acknowledgement("2026-10-20"),
    )
    .await;
    // Learning drawn from one of them, implemented in November (Code 9.1-9.3).
    let learning = app
        .post(
            &format!("/api/v1/landlords/{}/learning", l.slug),
            Some(&l.user(Role::ComplaintsOfficer).token),
            &json!({"complaint_ids": [a["id"]], "service_area": "repairs",
                    "what_went_wrong": "Appointments were missed.",
                    "lesson": "Confirm appointments the day before.",
                    "improvement": "Text reminders the day before every repair appointment.",
                    "status": "implemented", "implemented_on": "2026-11-20"}),
        )
        .await;
    expect_status(learning, StatusCode::CREATED).await;
    let mrc = l.user(Role::Mrc);
    let put = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/landlords/{}/subscriptions", l.slug),
            Some(&mrc.token),
        )
        .json(&json!({"performance_digest": "monthly"}))
        .send()
        .await
        .unwrap();
    expect_status(put, StatusCode::OK).await;
    // Tuesday 1 December 2026 is the first working day of the month.
    scheduler(&app).run_day(d("2026-12-01")).await.unwrap();
    let got = mail.to(&mrc.email, "Complaint handling at").await;
    assert_eq!(got.len(), 1);
    assert!(got[0].header("Subject").unwrap().ends_with("November 2026"));
    // October's figures, a month later, for a monthly subscriber joining now: the previous
    // month is November, with nothing received.
    let text = got[0].body_text();
    assert!(text.contains("Stage 1: 0"), "{text}");
    // The quarterly digest of the governing body covers October: both complaints.
    let gb = l.user(Role::GoverningBody);
    scheduler(&app).run_day(d("2027-01-04")).await.unwrap();
    let got = mail.to(&gb.email, "Complaint handling at").await;
    assert_eq!(
        got.len(),
        2,
        "the July–September digest went in December's run too"
    );
    let text = got[1].body_text();
    assert!(
        got[1]
            .header("Subject")
            .unwrap()
            .ends_with("October to December 2026")
    );
    assert!(text.contains("Stage 1: 2"), "{text}");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    assert!(lines.iter().any(|l| l.starts_with("Stage 2: 0")), "{text}");
    assert!(
        lines.iter().any(|l| *l
            == "By working days open: 0-5: 0, 6-10: 0, 11-20: 0, 21-40: 0, over 40: 0"
            || l.starts_with("By working days open: 0-5:")),
        "{text}"
    );
    assert!(
        text.contains("Stage 1 acknowledged within the timescale: 50.0% (1 of 2)"),
        "{text}"
    );
    assert!(text.contains("repairs: 1"), "{text}");
    assert!(text.contains("noise: 1"), "{text}");
    assert!(
        text.contains(
            "Identified in the period: 1, implemented in the period: 1, not yet implemented at its end: 0"
        ),
        "{text}"
    );
    for personal in [
        "Zanele",
        "Okonkwo",
        "zanele@example.org",
        "Mary Jones",
        "mary@example.org",
    ] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    // Two charts drawn on the server, shown inline in the HTML (multipart/related beside
    // it), each with its alt text and its figures as a table; the plain text has the table.
    let parts = got[1].parts();
    let mimes: Vec<String> = parts.iter().map(|p| p.mime()).collect();
    assert_eq!(mimes, ["text/plain", "text/html", "image/png", "image/png"]);
    let html = String::from_utf8(parts[1].body.clone()).unwrap();
    for (image, cid) in parts[2..].iter().zip(["timeliness-trend", "by-category"]) {
        assert_eq!(image.within, ["multipart/alternative", "multipart/related"]);
        assert_eq!(
            image.header("Content-ID"),
            Some(format!("<{cid}>").as_str())
        );
        assert!(
            image
                .header("Content-Disposition")
                .unwrap()
                .starts_with("inline")
        );
        assert!(html.contains(&format!(r#"src="cid:{cid}""#)), "{html}");
        // A PNG of 600 by 300 CSS pixels, drawn at twice that.
        let png = &image.body;
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        assert_eq!((be(&png[16..20]), be(&png[20..24])), (1200, 600));
    }
    assert!(
        html.contains(r#"alt="Bar chart of complaints received in October to December 2026 by category, the largest first: noise 1, repairs 1."#),
        "{html}"
    );
    assert!(
        html.contains("Line chart of the share of responses sent within the Code"),
        "{html}"
    );
    assert!(
        html.contains(
            "6 periods from Jul–Sep 2025 to Oct–Dec 2026. Stage 1: no responses in these periods"
        ),
        "{html}"
    );
    assert!(html.contains(r#"<th scope="col" style="text-align: left; padding: 4px 16px 4px 0;">Stage 1 responses in time</th>"#), "{html}");
    assert!(
        html.contains(
            r#"font-weight: normal;">Noise</th><td style="padding: 4px 16px 4px 0;">1</td>"#
        ),
        "{html}"
    );
    assert!(
        text.contains("Oct–Dec 2026 — stage 1 responses in time: no responses; stage 2 responses in time: no responses"),
        "{text}"
    );
}

async fn a_digest_can_be_unsubscribed_from_its_link(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    let officer = l.user(Role::ComplaintsOfficer);
    scheduler(&app).run_day(d("2026-11-23")).await.unwrap();
    let got = mail.to(&officer.email, "Complaints this week at").await;
    assert_eq!(got.len(), 1);
    let header = got[0].header("List-Unsubscribe").unwrap();
    assert_eq!(
        got[0].header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );
    let url = header.trim_matches(|c| c == '<' || c == '>');
    assert!(
        url.starts_with("http://portal.test/api/v1/unsubscribe/"),
        "{url}"
    );
    assert!(
        got[0].body_text().contains(url),
        "the link is in the body too"
    );
    let local = url.replace("http://portal.test", &app.address);
    // The token is kept only as a hash.
    let token = url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // The stored message (which a landlord admin may read in the outbox) never shows it.
    let stored = redress_store::outbox::recent(&app.db, 500).await.unwrap();
    assert!(
        stored
            .iter()
            .any(|m| m.to == officer.email
                && m.text.contains(redress_store::outbox::LINK_PLACEHOLDER))
    );
    assert!(stored.iter().all(|m| !m.text.contains(&token)));
    for (table, column) in [
        ("unsubscribe_tokens", "token_hash"),
        ("subscriptions", "unsubscribe_token"),
    ] {
        let sql = format!(
            "SELECT count(*) FROM {table} WHERE {column} = {}",
            match app.backend {
                Backend::Postgres => "$1",
                Backend::Sqlite => "?",
            }
        );
        let row = sea_orm::ConnectionTrait::query_one_raw(
            &app.db,
            sea_orm::Statement::from_sql_and_values(
                sea_orm::ConnectionTrait::get_database_backend(&app.db),
                &sql,
                [token.clone().into()],
            ),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), 0, "{table}");
    }
    // Opening the link only asks.
    let page = app.client.get(&local).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("<form method=\"post\""));
    let subs = format!("/api/v1/landlords/{}/subscriptions", l.slug);
    let now = expect_status(app.get(&subs, &officer.token).await, StatusCode::OK).await;
    assert_eq!(now["weekly_digest"], true);
    // One click (RFC 8058) turns it off without signing in.
    let done = app
        .client
        .post(&local)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let now = expect_status(app.get(&subs, &officer.token).await, StatusCode::OK).await;
    assert_eq!(now["weekly_digest"], false);
    assert_eq!(
        now["deadline_reminders"], true,
        "only the digest is turned off"
    );
    scheduler(&app).run_day(d("2026-11-30")).await.unwrap();
    assert_eq!(
        mail.to(&officer.email, "Complaints this week at")
            .await
            .len(),
        1
    );
    // A made-up token finds nothing; a bad digest name is refused.
    let bad = app
        .client
        .post(app.url("/api/v1/unsubscribe/nonsense?digest=weekly"))
        .send()
        .await
        .unwrap();
    expect_problem(bad, StatusCode::NOT_FOUND).await;
    let bad = app
        .client
        .post(app.url("/api/v1/unsubscribe/nonsense?digest=daily"))
        .send()
        .await
        .unwrap();
    let p = expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&p), ["digest"]);
}

async fn put_subscriptions(
    app: &TestApp,
    l: &Landlord,
    token: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    app.request(
        reqwest::Method::PUT,
        &format!("/api/v1/landlords/{}/subscriptions", l.slug),
        Some(token),
    )
    .json(&body)
    .send()
    .await
    .unwrap()
}

async fn subscriptions_are_chosen_within_what_the_role_receives(app: TestApp) {
    let l = app.landlord("alpha").await;
    let subs = format!("/api/v1/landlords/{}/subscriptions", l.slug);
    let mrc = l.user(Role::Mrc);
    let got = expect_status(app.get(&subs, &mrc.token).await, StatusCode::OK).await;
    assert_eq!(
        got["performance_digest"], "quarterly",
        "Code 9.7 by default"
    );
    assert_eq!(got["weekly_digest"], false);
    assert_eq!(got["available"]["weekly_digest"], false);
    let p = expect_problem(
        put_subscriptions(&app, &l, &mrc.token, json!({"weekly_digest": true})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["weekly_digest"]);
    let p = expect_problem(
        put_subscriptions(&app, &l, &mrc.token, json!({"performance_digest": "daily"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["performance_digest"]);
    // Nothing changed.
    let got = expect_status(app.get(&subs, &mrc.token).await, StatusCode::OK).await;
    assert_eq!(got["performance_digest"], "quarterly");
    let got = expect_status(
        put_subscriptions(
            &app,
            &l,
            &mrc.token,
            json!({"performance_digest": "monthly"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["performance_digest"], "monthly");
    let handler = l.user(Role::CaseHandler);
    let p = expect_problem(
        put_subscriptions(
            &app,
            &l,
            &handler.token,
            json!({"review_reminders": true, "performance_digest": "monthly"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["performance_digest", "review_reminders"]);
    let got = expect_status(
        put_subscriptions(
            &app,
            &l,
            &handler.token,
            json!({"weekly_digest": true, "deadline_reminders": false}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["weekly_digest"], true);
    assert_eq!(got["deadline_reminders"], false);
    // Another landlord's choices are their own: the same user's view elsewhere is untouched.
    let got = expect_status(app.get(&subs, &handler.token).await, StatusCode::OK).await;
    assert_eq!(got["weekly_digest"], true);
}

async fn subscriptions_roles_and_isolation(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let allowed = |role: Role| {
        if role == Role::PanelMember {
            Expect::Forbidden
        } else {
            Expect::Allowed
        }
    };
    check_roles(&a, &b, &platform, allowed, |t| {
        app.request(
            reqwest::Method::GET,
            &format!("/api/v1/landlords/{}/subscriptions", a.slug),
            Some(t),
        )
    })
    .await;
    check_roles(&a, &b, &platform, allowed, |t| {
        app.request(
            reqwest::Method::PUT,
            &format!("/api/v1/landlords/{}/subscriptions", a.slug),
            Some(t),
        )
        .json(&json!({}))
    })
    .await;
}

async fn keeping_the_resident_informed_is_reminded_when_an_update_falls_due(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    let handler = l.user(Role::CaseHandler);
    let c = intake(&app, &l, json!({"received_on": "2026-11-02"})).await;
    let id = c["id"].as_str().unwrap();
    act_ok(
        &app,
        &l,
        id,
        "allocate",
        json!({"handler_id": handler.id, "on": "2026-11-02"}),
    )
    .await;
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2026-11-03")).await;
    // Agreed with the resident: updates at least every 5 working days.
    let set = app
        .post(
            &path(&l, &format!("/{id}/keep-informed")),
            Some(&handler.token),
            &json!({"every_working_days": 5, "on": "2026-11-04"}),
        )
        .await;
    let k = expect_status(set, StatusCode::OK).await;
    assert_eq!(k["every_working_days"], 5);
    assert_eq!(k["agreed_on"], "2026-11-04");
    // The interval runs from the latest letter or call to the resident.
    let letters = expect_status(
        app.get(&path(&l, &format!("/{id}/correspondence")), &handler.token)
            .await,
        StatusCode::OK,
    )
    .await;
    let latest_out = letters["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["direction"] == "out")
        .filter_map(|c| c["on"].as_str())
        .max()
        .unwrap_or("2026-11-04")
        .max("2026-11-04")
        .to_owned();
    assert_eq!(k["last_contact_on"], latest_out.as_str());
    let timeline = expect_status(
        app.get(&path(&l, &format!("/{id}/timeline")), &handler.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "keep_informed_agreed"),
        "{timeline}"
    );
    let s = scheduler(&app);
    let keep = async |m: &Mail| {
        m.to(&handler.email, "Complaint reminders")
            .await
            .into_iter()
            .filter(|x| x.body_text().contains("update the resident"))
            .count()
    };
    let due_day = d(k["next_update_due"].as_str().unwrap());
    let calendar = redress_domain::calendar::WorkingCalendar::new(
        &BankHolidays::england_and_wales().unwrap(),
        vec![],
    );
    assert_eq!(calendar.working_days_between(d(&latest_out), due_day), 5);
    let day_before = (1..7)
        .map(|n| due_day - chrono::Days::new(n))
        .find(|d| calendar.is_working_day(*d))
        .unwrap();
    s.run_day(day_before).await.unwrap();
    assert_eq!(keep(&mail).await, 0, "not before it falls due");
    s.run_day(due_day).await.unwrap();
    assert_eq!(keep(&mail).await, 1, "on the day");
    s.run_day(due_day).await.unwrap();
    assert_eq!(keep(&mail).await, 1, "once");
    let day_after = calendar.due(due_day, 1);
    s.run_day(day_after).await.unwrap();
    assert_eq!(keep(&mail).await, 2, "and once more when overdue");
    s.run_day(calendar.due(due_day, 2)).await.unwrap();
    assert_eq!(keep(&mail).await, 2);
    // Ending the agreement ends the reminders.
    let gone = app
        .request(
            reqwest::Method::DELETE,
            &path(&l, &format!("/{id}/keep-informed")),
            Some(&handler.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let none = expect_status(
        app.get(&path(&l, &format!("/{id}/keep-informed")), &handler.token)
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(none.is_null());
}

async fn keep_informed_roles_isolation_and_rules(app: TestApp) {
    let a = app.landlord("alpha").await;
    let b = app.landlord("beta").await;
    let platform = app.platform_admin().await;
    let c = intake(&app, &a, json!({"received_on": "2026-11-02"})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let url = path(&a, &format!("/{id}/keep-informed"));
    let p = expect_problem(
        app.post(
            &url,
            Some(&a.user(Role::ComplaintsOfficer).token),
            &json!({"every_working_days": 0}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["every_working_days"]);
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer => Expect::Allowed,
            Role::Mrc | Role::GoverningBody | Role::PanelMember => Expect::Forbidden,
            // Handlers and contractors see only the cases allocated to them.
            _ => Expect::NotFound,
        },
        |t| {
            app.request(reqwest::Method::POST, &url, Some(t))
                .json(&json!({"every_working_days": 5}))
        },
    )
    .await;
    check_roles(
        &a,
        &b,
        &platform,
        |role| match role {
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::Mrc => Expect::Allowed,
            Role::GoverningBody | Role::PanelMember => Expect::Forbidden,
            _ => Expect::NotFound,
        },
        |t| app.request(reqwest::Method::GET, &url, Some(t)),
    )
    .await;
    // Closed complaints take no new interval.
    act_ok(
        &app,
        &a,
        &id,
        "not-accept",
        json!({"reason": "other_process", "explanation": "This is an insurance claim."}),
    )
    .await;
    let p = expect_problem(
        app.post(
            &url,
            Some(&a.user(Role::ComplaintsOfficer).token),
            &json!({"every_working_days": 5}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("Code 5.9"), "{p}");
    let gone = app
        .request(
            reqwest::Method::DELETE,
            &url,
            Some(&a.user(Role::ComplaintsOfficer).token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
}

async fn reviews_and_outstanding_actions_are_reminded(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    let officer = l.user(Role::ComplaintsOfficer);
    let c = intake(&app, &l, json!({"received_on": "2026-11-02"})).await;
    let id = c["id"].as_str().unwrap();
    let resident = c["resident_id"].as_str().unwrap();
    act_ok(&app, &l, id, "acknowledge", acknowledgement("2026-11-03")).await;
    act_ok(
        &app,
        &l,
        id,
        "respond",
        json!({"decision": "upheld", "reasons": "The engineer missed two appointments.",
               "remedies": [{"kind": "financial", "description": "Compensation for the missed appointments",
                             "amount_pence": 5000, "due_on": "2026-11-20"}],
               "outstanding_actions": [{"description": "Replace the boiler", "owner": "Repairs team",
                                        "due_on": "2026-11-27"}],
               "on": "2026-11-10", "letter_already_sent": false}),
    )
    .await;
    let adj = app
        .post(
            &format!(
                "/api/v1/landlords/{}/residents/{resident}/adjustments",
                l.slug
            ),
            Some(&officer.token),
            &json!({"description": "Large print letters", "category": "communication_format",
                    "agreed_on": "2026-05-01", "next_review_on": "2026-11-26"}),
        )
        .await;
    expect_status(adj, StatusCode::CREATED).await;
    // Wednesday 25 November: the remedy is overdue, the action and the review due soon.
    scheduler(&app).run_day(d("2026-11-25")).await.unwrap();
    let got = mail.to(&officer.email, "Complaint reminders").await;
    assert_eq!(got.len(), 1);
    let text = got[0].body_text();
    assert!(
        text.contains("remedy — Compensation for the missed appointments"),
        "{text}"
    );
    assert!(text.contains("was due 20 November 2026"), "{text}");
    assert!(
        text.contains("outstanding action — Replace the boiler (owner: Repairs team)"),
        "{text}"
    );
    assert!(
        text.contains("due 27 November 2026 (in 2 working days)"),
        "{text}"
    );
    assert!(
        text.contains("review of the resident's reasonable adjustment"),
        "{text}"
    );
    // Review reminders go to landlord admins and officers, not to case handlers.
    let admin = mail.to(&l.admin().email, "Complaint reminders").await;
    assert!(admin[0].body_text().contains("reasonable adjustment"));
    let handler = mail
        .to(&l.user(Role::CaseHandler).email, "Complaint reminders")
        .await;
    assert!(handler.is_empty());
}

async fn the_digests_carry_the_early_warning(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = Mail::start(&app).await;
    // Six damp complaints from one block in November, and a resident's third complaint.
    let mut refs = Vec::new();
    for n in 0..6 {
        let c = intake(
            &app,
            &l,
            json!({"resident": {"name": format!("Oak resident {n}"),
                                "address": format!("Flat {n}, Oak House, London N1 1AA")},
                   "category": "damp_and_mould", "received_on": format!("2026-11-0{}", n + 2)}),
        )
        .await;
        refs.push(c["reference"].as_str().unwrap().to_owned());
    }
    // The same action overdue on two cases, its words naming the resident.
    for on in ["2026-09-01", "2026-09-02"] {
        let c = intake(&app, &l, json!({"received_on": on})).await;
        let id = c["id"].as_str().unwrap();
        act_ok(&app, &l, id, "acknowledge", acknowledgement("2026-09-03")).await;
        act_ok(
            &app,
            &l,
            id,
            "respond",
            json!({"decision": "upheld", "reasons": "The repair was late.", "remedies": [],
                   "outstanding_actions": [{"description": "Call Mrs Patel about the boiler",
                                            "owner": "Repairs", "due_on": "2026-10-01"}],
                   "on": "2026-09-10", "letter_already_sent": true}),
        )
        .await;
    }
    let first = intake(&app, &l, json!({"received_on": "2026-03-02"})).await;
    for on in ["2026-06-01", "2026-11-02"] {
        intake(
            &app,
            &l,
            json!({"resident": null, "resident_id": first["resident_id"], "received_on": on}),
        )
        .await;
    }
    // A target of 90% for stage 1 acknowledgements, and one acknowledged late in August.
    expect_status(
        app.patch(
            &format!("/api/v1/landlords/{}/settings", l.slug),
            &l.admin().token,
            &json!({"performance_targets": {"stage1_acknowledged_in_time": 90}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let late = intake(&app, &l, json!({"received_on": "2026-08-03"})).await;
    act_ok(
        &app,
        &l,
        late["id"].as_str().unwrap(),
        "acknowledge",
        acknowledgement("2026-08-20"),
    )
    .await;
    // The sector's published figure for 2025 to 2026.
    let ops = app.platform_admin().await;
    let recorded = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/platform/sector-figures/2025",
            Some(&ops.token),
        )
        .json(&json!({"figures": {"stage1_acknowledged_in_time": 84.2},
                      "source": "Housing Ombudsman, annual complaints review"}))
        .send()
        .await
        .unwrap();
    expect_status(recorded, StatusCode::OK).await;
    // The landlord keeps its own copy of 2024 to 2025 (its peer group's benchmark): the
    // period's year is 2026, so the platform's 2025 record is the latest and still shown.
    let own = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/landlords/{}/sector-figures/2024", l.slug),
            Some(&l.admin().token),
        )
        .json(&json!({"figures": {"stage1_acknowledged_in_time": 91.0},
                      "source": "Our benchmarking club"}))
        .send()
        .await
        .unwrap();
    expect_status(own, StatusCode::OK).await;
    // Monday 23 November: the day's run finds them, then sends the digests.
    scheduler(&app).run_day(d("2026-11-23")).await.unwrap();
    let weekly = mail
        .to(
            &l.user(Role::ComplaintsOfficer).email,
            "Complaints this week at",
        )
        .await;
    assert_eq!(weekly.len(), 1);
    let text = weekly[0].body_text();
    assert!(text.contains("EARLY WARNING (Code 9.4, 9.5)"), "{text}");
    assert!(
        text.contains(
            "Complaints from homes at Oak House rose to 6 in the 28 days to 23 November 2026"
        ),
        "{text}"
    );
    assert!(text.contains(&refs[0]), "{text}");
    assert!(text.contains("Mary Jones has made 3 complaints"), "{text}");
    assert!(
        text.contains("http://portal.test/l/alpha/early-warning"),
        "{text}"
    );
    // The MRC's digest opens with them, naming nobody and listing no case.
    let mrc = mail
        .to(&l.user(Role::Mrc).email, "Complaint handling at")
        .await;
    assert_eq!(mrc.len(), 1);
    let text = mrc[0].body_text();
    let attention = text
        .find("NEEDS YOUR ATTENTION")
        .expect("an attention section");
    assert!(attention < text.find("RECEIVED").unwrap(), "{text}");
    assert!(
        text.contains("Complaints from homes at Oak House rose to 6"),
        "{text}"
    );
    assert!(
        text.contains("A resident has made 3 complaints in the last 12 months."),
        "{text}"
    );
    assert!(!text.contains("Mary Jones"), "{text}");
    assert!(
        text.contains("The same outstanding action is overdue on 2 complaints."),
        "{text}"
    );
    assert!(!text.contains("Mrs Patel"), "{text}");
    assert!(
        text.contains("Stage 1 complaints acknowledged in time were 66.7% (2 of 3), below the landlord's target of 90%."),
        "{text}"
    );
    // Each figure beside the previous quarter's and the sector's, with the sector's source.
    assert!(
        text.contains("Stage 1 acknowledged within the timescale: 66.7% (2 of 3); previous quarter: none in the period; the sector: 84.2%"),
        "{text}"
    );
    assert!(
        text.contains(
            "The sector's figures: Housing Ombudsman, annual complaints review, for 2025 to 2026."
        ),
        "{text}"
    );
    assert!(!text.contains(&refs[0]), "{text}");
    // The governing body's digest carries the figures only.
    let gb = mail
        .to(&l.user(Role::GoverningBody).email, "Complaint handling at")
        .await;
    assert!(!gb[0].body_text().contains("NEEDS YOUR ATTENTION"));
    // With its own copy of 2025 to 2026, the landlord's next digest cites that instead.
    let own = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/landlords/{}/sector-figures/2025", l.slug),
            Some(&l.admin().token),
        )
        .json(&json!({"figures": {"stage1_acknowledged_in_time": 88.8},
                      "source": "Our benchmarking club, 2025 to 2026"}))
        .send()
        .await
        .unwrap();
    expect_status(own, StatusCode::OK).await;
    scheduler(&app).run_day(d("2027-01-04")).await.unwrap();
    let got = mail
        .to(&l.user(Role::Mrc).email, "Complaint handling at")
        .await;
    assert_eq!(got.len(), 2);
    let text = got[1].body_text();
    assert!(text.contains("; the sector: 88.8%"), "{text}");
    assert!(
        text.contains("The sector's figures: Our benchmarking club, 2025 to 2026, for 2025 to 2026, as alpha homes recorded them."),
        "{text}"
    );
}
