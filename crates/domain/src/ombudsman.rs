//! The Ombudsmen a complaint scheme can name, with the contact blocks that letters carry
//! (Code 2.4, 3.7, 6.5, 6.16, 6.19: residents must be told how to reach the Ombudsman), and the
//! rules for recording a referral to the Ombudsman, its determination, and the orders and
//! recommendations that follow (Code 9.7c; docs/rules.md, "The Ombudsman").

use crate::complaint::{Determination, Refusal, Status, field, rule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Housing complaints go to the Housing Ombudsman.
pub const HOUSING_OMBUDSMAN: &str = "Housing Ombudsman Service";
pub const HOUSING_OMBUDSMAN_CONTACT: &str = "Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET. \
Telephone: 0300 111 3000. Email: info@housing-ombudsman.org.uk. Website: www.housing-ombudsman.org.uk";

/// A council's other services go to the Local Government and Social Care Ombudsman.
pub const LGSCO: &str = "Local Government and Social Care Ombudsman";
pub const LGSCO_CONTACT: &str = "Local Government and Social Care Ombudsman, PO Box 4771, Coventry, CV4 0EH. \
Telephone: 0300 061 0614. Website: www.lgo.org.uk";

/// Whether the Ombudsman ordered something or recommended it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    Order,
    Recommendation,
}

impl OrderKind {
    pub const ALL: &'static [OrderKind] = &[OrderKind::Order, OrderKind::Recommendation];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::Order => "order",
            OrderKind::Recommendation => "recommendation",
        }
    }

    /// Parses the wire name; the error lists the allowed values.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| "must be one of order, recommendation".to_owned())
    }
}

/// The landlord's compliance with an order or recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Open,
    Complied,
    NotComplied,
}

impl OrderStatus {
    pub const ALL: &'static [OrderStatus] = &[
        OrderStatus::Open,
        OrderStatus::Complied,
        OrderStatus::NotComplied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Complied => "complied",
            OrderStatus::NotComplied => "not_complied",
        }
    }

    /// Parses the wire name; the error lists the allowed values.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| "must be one of open, complied, not_complied".to_owned())
    }
}

/// A referral already recorded, as the rules look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referred<'a> {
    pub ombudsman_name: &'a str,
    pub referred_on: NaiveDate,
    /// The Ombudsman's reference.
    pub reference: &'a str,
}

/// Where the landlord's process is over, or was refused: the Ombudsman can take the
/// complaint (including one the landlord refused to accept or to escalate).
pub const PROCESS_OVER: &[Status] = &[Status::Stage2Responded, Status::Closed, Status::NotAccepted];

/// Whether the resident's referral to the Ombudsman can be recorded: once per complaint, after
/// the landlord's process, and dated between the complaint's receipt and today.
pub fn check_referral(
    ombudsman_name: &str,
    status: Status,
    existing: Option<&Referred<'_>>,
    received_on: NaiveDate,
    referred_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if let Some(r) = existing {
        return Err(rule(format!(
            "this complaint was already referred to the {} on {} (reference {}); a complaint is referred once: record the determination, orders and recommendations on that referral",
            r.ombudsman_name, r.referred_on, r.reference
        )));
    }
    if !PROCESS_OVER.contains(&status) {
        return Err(rule(format!(
            "the landlord's complaints process must be completed first: the {ombudsman_name} normally considers a complaint after it has exhausted the landlord's procedure. A complaint can be referred once its stage 2 response is sent, once it is closed, or when the landlord did not accept it; this one is {status}"
        )));
    }
    if referred_on > today {
        return Err(field(
            "referred_on",
            format!("must not be in the future (today is {today})"),
        ));
    }
    if referred_on < received_on {
        return Err(field(
            "referred_on",
            format!("must not be before the complaint was received ({received_on})"),
        ));
    }
    Ok(())
}

/// Whether a determination can be dated `determined_on`: not before the referral, not in the
/// future.
pub fn check_determined_on(
    referred_on: NaiveDate,
    determined_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if determined_on > today {
        return Err(field(
            "determined_on",
            format!("must not be in the future (today is {today})"),
        ));
    }
    if determined_on < referred_on {
        return Err(field(
            "determined_on",
            format!(
                "must not be before the complaint was referred to the Ombudsman ({referred_on})"
            ),
        ));
    }
    Ok(())
}

/// Whether orders and recommendations of these kinds go with the determination. They come
/// with a determination; a complaint outside the Ombudsman's jurisdiction or withdrawn has no
/// findings and so none; an order follows a finding of service failure or maladministration,
/// while with no maladministration found the Ombudsman can still recommend.
pub fn check_orders(
    determination: Option<Determination>,
    kinds: impl IntoIterator<Item = OrderKind>,
) -> Result<(), Refusal> {
    let kinds: Vec<OrderKind> = kinds.into_iter().collect();
    if kinds.is_empty() {
        return Ok(());
    }
    match determination {
        None => Err(rule(
            "orders and recommendations come with the Ombudsman's determination: record the determination (with determined_on) first, or with them",
        )),
        Some(d @ (Determination::OutsideJurisdiction | Determination::Withdrawn)) => {
            Err(rule(format!(
                "a complaint determined {d} has no findings, so it has no orders or recommendations"
            )))
        }
        Some(Determination::NoMaladministration) if kinds.contains(&OrderKind::Order) => Err(rule(
            "an order follows a finding of service failure or maladministration; where no maladministration was found the Ombudsman can only recommend: record it as a recommendation",
        )),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const HOS: &str = "Housing Ombudsman Service";

    fn referral() -> Referred<'static> {
        Referred {
            ombudsman_name: HOS,
            referred_on: d("2025-03-10"),
            reference: "202512345",
        }
    }

    fn refer(status: Status, existing: Option<&Referred<'_>>, on: &str) -> Result<(), Refusal> {
        check_referral(
            HOS,
            status,
            existing,
            d("2025-01-06"),
            d(on),
            d("2025-06-01"),
        )
    }

    #[test]
    fn a_complaint_is_referred_once_the_landlords_process_is_over() {
        for s in [Status::Stage2Responded, Status::Closed, Status::NotAccepted] {
            assert_eq!(refer(s, None, "2025-03-10"), Ok(()), "{s}");
        }
        for s in [
            Status::Received,
            Status::Stage1Open,
            Status::Stage1Responded,
            Status::Stage2Requested,
            Status::Stage2Open,
        ] {
            let Err(Refusal::Rule(msg)) = refer(s, None, "2025-03-10") else {
                panic!("{s} must be refused");
            };
            assert!(
                msg.contains("the Housing Ombudsman Service normally considers a complaint after it has exhausted the landlord's procedure"),
                "{msg}"
            );
            assert!(msg.ends_with(&format!("this one is {s}")), "{msg}");
        }
    }

    #[test]
    fn a_complaint_is_referred_only_once() {
        let r = referral();
        let Err(Refusal::Rule(msg)) = refer(Status::Closed, Some(&r), "2025-03-10") else {
            panic!("a second referral must be refused");
        };
        assert!(msg.contains("already referred"), "{msg}");
        assert!(msg.contains("202512345"), "{msg}");
    }

    #[test]
    fn the_referral_date_lies_between_receipt_and_today() {
        assert!(matches!(
            refer(Status::Closed, None, "2025-06-02"),
            Err(Refusal::Field { field: "referred_on", message }) if message.contains("future")
        ));
        assert!(matches!(
            refer(Status::Closed, None, "2025-01-05"),
            Err(Refusal::Field { field: "referred_on", message }) if message.contains("received (2025-01-06)")
        ));
        assert_eq!(refer(Status::Closed, None, "2025-01-06"), Ok(()));
    }

    #[test]
    fn a_determination_follows_the_referral_and_is_not_in_the_future() {
        let today = d("2025-06-01");
        assert!(check_determined_on(d("2025-03-10"), d("2025-03-09"), today).is_err());
        assert!(check_determined_on(d("2025-03-10"), d("2025-06-02"), today).is_err());
        assert_eq!(
            check_determined_on(d("2025-03-10"), d("2025-03-10"), today),
            Ok(())
        );
    }

    #[test]
    fn orders_go_with_a_finding_and_recommendations_with_any_investigated_complaint() {
        use Determination::*;
        use OrderKind::*;
        assert_eq!(check_orders(None, []), Ok(()));
        assert!(matches!(
            check_orders(None, [Recommendation]),
            Err(Refusal::Rule(_))
        ));
        for d in [ServiceFailure, Maladministration, SevereMaladministration] {
            assert_eq!(check_orders(Some(d), [Order, Recommendation]), Ok(()));
        }
        assert_eq!(
            check_orders(Some(NoMaladministration), [Recommendation]),
            Ok(())
        );
        let Err(Refusal::Rule(msg)) = check_orders(Some(NoMaladministration), [Order]) else {
            panic!("no order without a finding");
        };
        assert!(msg.contains("recommendation"), "{msg}");
        for d in [OutsideJurisdiction, Withdrawn] {
            assert!(matches!(
                check_orders(Some(d), [Recommendation]),
                Err(Refusal::Rule(m)) if m.contains(d.as_str())
            ));
        }
    }
}
