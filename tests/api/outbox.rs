//! The outbox: invitation emails reach a real SMTP server, failures are retried with
//! backoff, and two workers never send the same message.

use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use redress_notify::{Mailer, OutboxWorker, SmtpMailer};
use redress_store::outbox;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

db_tests!(
    an_invitation_is_delivered_over_smtp_and_read_back,
    an_smtp_outage_delays_mail_and_loses_none,
    two_workers_never_send_the_same_message,
    the_file_drop_writes_eml_files_when_no_smtp_server_is_configured,
    a_worker_asked_to_stop_finishes_its_batch_and_holds_no_message,
);

pub(crate) fn smtp(sink: &SmtpSink) -> Arc<dyn Mailer> {
    Arc::new(SmtpMailer::new(&sink.url(), "Redress <no-reply@redress.test>").unwrap())
}

pub(crate) async fn invite(app: &TestApp, l: &Landlord, email: &str) -> String {
    let inv = expect_status(
        app.post(
            &format!("/api/v1/landlords/{}/invitations", l.slug),
            Some(&l.admin().token),
            &json!({"email": email, "role": "complaints_officer"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    inv["accept_token"].as_str().unwrap().to_owned()
}

pub(crate) async fn drain(worker: &OutboxWorker) -> usize {
    let mut total = 0;
    loop {
        let n = worker.try_execute_task().await.unwrap();
        if n == 0 {
            return total;
        }
        total += n;
    }
}

async fn an_invitation_is_delivered_over_smtp_and_read_back(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let l = app.landlord("alpha").await;
    drain(&worker).await;
    let before = sink.messages().len();
    let token = invite(&app, &l, "olu.officer@alpha.test").await;
    assert_eq!(drain(&worker).await, 1);
    let mails = sink
        .wait_for(before + 1, Duration::from_secs(10))
        .await
        .unwrap();
    let mail = mails.last().unwrap();
    assert_eq!(mail.rcpt_to, ["olu.officer@alpha.test"]);
    assert_eq!(
        mail.header("Subject").unwrap(),
        "You are invited to alpha homes's complaints portal"
    );
    let body = mail.body_text();
    assert!(
        body.contains(&format!("http://portal.test/invitations/{token}")),
        "{body}"
    );
    assert!(body.contains("as a complaints officer"), "{body}");
    let sent = outbox::recent(&app.db, 1).await.unwrap();
    assert_eq!(sent[0].status, "sent");
    // The Message-ID is the outbox row's: a resend after an interrupted delivery carries the
    // same one, so the receiving side can recognise it.
    assert_eq!(
        mail.header("Message-ID").unwrap(),
        format!("<{}@redress.test>", sent[0].id)
    );
    // Nothing is sent twice.
    assert_eq!(drain(&worker).await, 0);
    assert_eq!(sink.messages().len(), before + 1);
}

async fn an_smtp_outage_delays_mail_and_loses_none(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let l = app.landlord("alpha").await;
    drain(&worker).await;
    let before = sink.messages().len();
    sink.set_failing(true);
    invite(&app, &l, "late.mail@alpha.test").await;
    assert_eq!(drain(&worker).await, 0);
    let queued = outbox::recent(&app.db, 1).await.unwrap();
    assert_eq!(queued[0].status, "pending");
    assert_eq!(queued[0].attempts, 1);
    assert!(queued[0].last_error.is_some());
    // Monitoring sees one message waiting since it was queued, and no dead letter.
    let health = outbox::health(&app.db).await.unwrap();
    assert_eq!((health.pending, health.dead), (1, 0));
    assert_eq!(health.oldest_pending_since, Some(queued[0].created_at));
    // Backing off: not tried again straight away.
    sink.set_failing(false);
    assert_eq!(drain(&worker).await, 0);
    // Once due again, it goes, once.
    outbox::make_all_due(&app.db).await.unwrap();
    assert_eq!(drain(&worker).await, 1);
    let mails = sink
        .wait_for(before + 1, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(mails.last().unwrap().rcpt_to, ["late.mail@alpha.test"]);
    let sent = outbox::recent(&app.db, 1).await.unwrap();
    assert_eq!((sent[0].status.as_str(), sent[0].attempts), ("sent", 2));
    assert_eq!(
        outbox::health(&app.db).await.unwrap().oldest_pending_since,
        None
    );
}

async fn two_workers_never_send_the_same_message(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let l = app.landlord("alpha").await;
    for i in 0..30 {
        invite(&app, &l, &format!("person{i}@alpha.test")).await;
    }
    let queued = outbox::pending_count(&app.db).await.unwrap() as usize;
    let a = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let b = OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    let (na, nb) = tokio::join!(
        tokio::spawn(async move { drain(&a).await }),
        tokio::spawn(async move { drain(&b).await })
    );
    assert_eq!(na.unwrap() + nb.unwrap(), queued);
    let mails = sink
        .wait_for(queued, Duration::from_secs(20))
        .await
        .unwrap();
    let mut recipients: Vec<String> = mails.iter().flat_map(|m| m.rcpt_to.clone()).collect();
    let total = recipients.len();
    recipients.sort();
    recipients.dedup();
    assert_eq!(total, recipients.len(), "a message was delivered twice");
    assert_eq!(total, queued);
    assert_eq!(outbox::pending_count(&app.db).await.unwrap(), 0);
}

async fn the_file_drop_writes_eml_files_when_no_smtp_server_is_configured(app: TestApp) {
    let settings = test_settings();
    let mail_dir = settings.data_dir.join("mail");
    let mailer = redress_server::startup::mailer(&settings).unwrap();
    assert_eq!(mailer.kind(), "file");
    let worker = OutboxWorker::new(app.server_db.clone(), mailer, app.data_key.clone());
    let l = app.landlord("alpha").await;
    let delivered = drain(&worker).await;
    assert!(delivered >= 7, "the fixture's invitations were delivered");
    let files: Vec<_> = std::fs::read_dir(&mail_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), delivered);
    assert!(files.iter().all(|p| p.extension().unwrap() == "eml"));
    let any = std::fs::read_to_string(&files[0]).unwrap();
    assert!(any.contains("Subject:"));
    let _ = l;
}

/// A graceful stop (the process's SIGTERM): the worker finishes the batch it holds and stops,
/// holding no message under a lease; the next worker sends the rest, and nothing goes twice.
async fn a_worker_asked_to_stop_finishes_its_batch_and_holds_no_message(app: TestApp) {
    use sea_orm::{FromQueryResult, JsonValue, Statement};
    let sink = SmtpSink::start().await.unwrap();
    let l = app.landlord("alpha").await;
    let worker = || OutboxWorker::new(app.server_db.clone(), smtp(&sink), app.data_key.clone());
    drain(&worker()).await;
    let before = sink.messages().len();
    for i in 0..120 {
        invite(&app, &l, &format!("stopping{i}@alpha.test")).await;
    }
    let queued = outbox::pending_count(&app.db).await.unwrap() as usize;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(worker().run_until_stopped(Duration::from_secs(1), stopped));
    sink.wait_for(before + 1, Duration::from_secs(10))
        .await
        .unwrap();
    stop.send(true).unwrap();
    running.await.unwrap();
    // It stopped with the backlog still there, rather than sending it all first.
    let sent_first = sink.messages().len() - before;
    assert!(
        sent_first < queued,
        "{sent_first} of {queued} sent before stopping"
    );
    let held = JsonValue::find_by_statement(Statement::from_string(
        app.db.get_database_backend(),
        "SELECT status FROM outbox WHERE status = 'pending' AND claimed_until IS NOT NULL",
    ))
    .all(&app.db)
    .await
    .unwrap();
    assert!(
        held.is_empty(),
        "a stopped worker holds no message: {held:?}"
    );

    drain(&worker()).await;
    let mails = sink
        .wait_for(before + queued, Duration::from_secs(20))
        .await
        .unwrap();
    let mut recipients: Vec<String> = mails[before..]
        .iter()
        .flat_map(|m| m.rcpt_to.clone())
        .collect();
    recipients.sort();
    let total = recipients.len();
    recipients.dedup();
    assert_eq!(total, queued, "every message went");
    assert_eq!(recipients.len(), total, "none twice");
    assert_eq!(outbox::pending_count(&app.db).await.unwrap(), 0);
}
