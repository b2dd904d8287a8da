//! The annual submission to the Ombudsman (docs/rules.md, "The annual submission"): its date
//! from the landlord's size or a re-submission, its documents, who may see and change it, and
//! the reminders 8, 4 and 1 weeks before.

use crate::helpers::*;
use chrono::NaiveDate;
use redress_domain::figures::financial_year_of;
use redress_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

db_tests!(the_annual_submission_has_its_date_its_documents_and_its_reminders);

async fn the_annual_submission_has_its_date_its_documents_and_its_reminders(app: TestApp) {
    let l = app.landlord("alpha").await;
    let mail = crate::scheduler::Mail::start(&app).await;
    let year = financial_year_of(chrono::Utc::now().date_naive()) - 1;
    let url = format!("/api/v1/landlords/{}/annual-submission", l.slug);
    let mrc = l.user(Role::Mrc).token.clone();

    // 1,000 homes: six months after the year ends, which is 30 September.
    let s = expect_status(app.get(&url, &mrc).await, StatusCode::OK).await;
    assert_eq!(s["year"], year);
    assert_eq!(s["due_on"], format!("{}-09-30", year + 1));
    assert!(s["basis"].as_str().unwrap().contains("six months"), "{s}");
    assert_eq!(s["resubmission"], Value::Null);
    assert_eq!(s["ready"], false);
    let kinds: Vec<&str> = s["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "self_assessment",
            "annual_report",
            "governing_body_response"
        ]
    );
    assert!(
        s["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["ready"] == false)
    );
    // A year not ended, or not a year: refused by the field.
    for y in [format!("{}", year + 1), "soon".to_owned()] {
        let p = expect_problem(
            app.get(&format!("{url}?year={y}"), &mrc).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), ["year"]);
    }

    // The Ombudsman asks for a re-submission after a merger: only the landlord admin records it.
    let resubmit = format!("{url}/{year}/resubmission");
    let body = json!({"due_on": format!("{}-02-05", year + 2),
                      "reason": "The merger with Eastside Homes in November"});
    expect_problem(
        app.post(
            &resubmit,
            Some(&l.user(Role::ComplaintsOfficer).token),
            &body,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let admin = l.admin().token.clone();
    let p = expect_problem(
        app.post(&resubmit, Some(&admin), &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["reason", "due_on"]);
    let p = expect_problem(
        app.post(
            &resubmit,
            Some(&admin),
            &json!({"due_on": "2020-01-01", "reason": "A merger"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["due_on"]);
    let s = expect_status(
        app.post(&resubmit, Some(&admin), &body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(s["due_on"], format!("{}-02-05", year + 2));
    assert!(
        s["basis"].as_str().unwrap().contains("re-submission"),
        "{s}"
    );
    assert_eq!(
        s["resubmission"]["reason"],
        "The merger with Eastside Homes in November"
    );
    let audited = expect_status(
        app.get(
            &format!(
                "/api/v1/landlords/{}/audit?kind=annual_submission.resubmission",
                l.slug
            ),
            &admin,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audited["items"].as_array().unwrap().len(), 1);

    // Four weeks before the new date, the admin and the MRC are reminded (once: the next
    // day's run does not repeat it); a case handler not.
    for day in [8, 11] {
        crate::scheduler::scheduler(&app)
            .run_day(NaiveDate::from_ymd_opt(year + 2, 1, day).unwrap())
            .await
            .unwrap();
    }
    for who in [Role::LandlordAdmin, Role::Mrc] {
        let got = mail.to(&l.user(who).email, "Complaint reminders").await;
        assert_eq!(got.len(), 1, "{who:?}");
        let text = got[0].body_text();
        assert!(
            text.contains(&format!("Annual submission {year} to {}", year + 1)),
            "{text}"
        );
        assert!(text.contains("(in 4 weeks)"), "{text}");
    }
    let handler = mail
        .to(&l.user(Role::CaseHandler).email, "Complaint reminders")
        .await;
    assert!(handler.is_empty());

    // Another landlord's submission is not there; the residents' panel may not read it.
    let b = app.landlord("bravo").await;
    expect_problem(
        app.get(&url, &b.user(Role::Mrc).token).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect_problem(
        app.get(&url, &l.user(Role::PanelMember).token).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}
