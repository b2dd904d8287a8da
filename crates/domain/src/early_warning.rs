//! Early warning (Code 9.4, 9.5): plain rules that find what is rising before the Ombudsman
//! has to say it. Counts, rates and stated thresholds, never a model, and each signal says in a
//! sentence what rose, against what, over which period, with its cases.

use crate::values::long_date;
use chrono::{Duration, NaiveDate};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The recent window a theme is counted over.
pub const WINDOW_DAYS: i64 = 28;
/// The baseline: the windows of this many days before the recent one.
pub const BASELINE_DAYS: i64 = 168;
/// A theme is flagged with at least this many complaints in the window...
pub const THEME_MINIMUM: usize = 5;
/// ...and at least this many times its baseline average per window.
pub const THEME_FACTOR: f64 = 2.0;
/// A resident with this many complaints received in the last year is a repeat complainant.
pub const REPEAT_MINIMUM: usize = 3;
pub const REPEAT_DAYS: i64 = 365;
/// The same outstanding action overdue on at least this many cases.
pub const SAME_ACTION_MINIMUM: usize = 2;
/// A self-assessment answer "yes" is questioned when the figure is below this (or below the
/// landlord's own target for it, where set).
pub const DRIFT_THRESHOLD: f64 = 80.0;

/// What a theme is counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dimension {
    Category,
    ServiceArea,
    Contractor,
    BlockOrStreet,
    PostcodeDistrict,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Category,
        Dimension::ServiceArea,
        Dimension::Contractor,
        Dimension::BlockOrStreet,
        Dimension::PostcodeDistrict,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Category => "category",
            Dimension::ServiceArea => "service_area",
            Dimension::Contractor => "contractor",
            Dimension::BlockOrStreet => "block_or_street",
            Dimension::PostcodeDistrict => "postcode_district",
        }
    }

    /// How a sentence names the group: "about repairs", "at Tower House".
    fn phrase(self, value: &str) -> String {
        match self {
            Dimension::Category => format!("about {}", value.replace('_', " ")),
            Dimension::ServiceArea => format!("in the service area {value}"),
            Dimension::Contractor => format!("handled by the contractor {value}"),
            Dimension::BlockOrStreet => format!("from homes at {value}"),
            Dimension::PostcodeDistrict => format!("from the postcode district {value}"),
        }
    }
}

/// A complaint as the theme rules see it.
#[derive(Debug, Clone)]
pub struct Received {
    pub complaint_id: Uuid,
    pub reference: String,
    pub received_on: NaiveDate,
    pub resident_id: Uuid,
    pub category: String,
    pub service_area: Option<String>,
    pub contractor: Option<String>,
    pub address: Option<String>,
}

impl Received {
    fn value(&self, d: Dimension) -> Option<String> {
        match d {
            Dimension::Category => Some(self.category.clone()),
            Dimension::ServiceArea => self.service_area.clone().filter(|s| !s.trim().is_empty()),
            Dimension::Contractor => self.contractor.clone(),
            Dimension::BlockOrStreet => self.address.as_deref().and_then(block_or_street),
            Dimension::PostcodeDistrict => self.address.as_deref().and_then(postcode_district),
        }
    }
}

/// What a signal found: a key that stays the same while the same thing is found (so the
/// daily run updates it rather than adding another), a sentence, and its cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// `theme`, `repeat_complainant`, `overdue_action`, `possible_complaint` or
    /// `self_assessment_drift`.
    pub kind: &'static str,
    pub key: String,
    pub sentence: String,
    /// The rule that matched, with its threshold.
    pub rule: String,
    /// Complaints behind it, by id and reference.
    pub cases: Vec<(Uuid, String)>,
    /// A service request behind it (a possible complaint).
    pub service_request: Option<(Uuid, String)>,
}

/// The block or street of an address: its first part that is not only a flat or house
/// number, without a leading house number. "Flat 3, Tower House, 12 Tower Road" → "Tower
/// House"; "12 Tower Road, London" → "Tower Road".
pub fn block_or_street(address: &str) -> Option<String> {
    let is_number_only = |p: &str| {
        let words: Vec<&str> = p.split_whitespace().collect();
        match words.as_slice() {
            [n] => n.chars().next().is_some_and(|c| c.is_ascii_digit()),
            [w, n] => {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "flat" | "apartment" | "apt" | "unit" | "room" | "no" | "no."
                ) && n.chars().next().is_some_and(|c| c.is_ascii_digit())
            }
            _ => false,
        }
    };
    address
        .split([',', '\n'])
        .map(str::trim)
        .find(|p| !p.is_empty() && !is_number_only(p))
        .map(|p| {
            let mut words = p.split_whitespace().peekable();
            if words
                .peek()
                .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
            {
                words.next();
            }
            words.collect::<Vec<_>>().join(" ")
        })
        .filter(|s| !s.is_empty() && postcode_district(s).as_deref() != Some(s.as_str()))
}

/// The postcode district (the outward code) of a UK postcode at the end of an address:
/// "…, London E1 6AN" → "E1".
pub fn postcode_district(address: &str) -> Option<String> {
    let words: Vec<String> = address
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let n = words.len();
    if n < 2 {
        return None;
    }
    let (outward, inward) = (&words[n - 2], &words[n - 1]);
    let inward_ok = inward.len() == 3
        && inward.chars().next().is_some_and(|c| c.is_ascii_digit())
        && inward.chars().skip(1).all(|c| c.is_ascii_alphabetic());
    let outward_ok = (2..=4).contains(&outward.len())
        && outward
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && outward.chars().any(|c| c.is_ascii_digit())
        && outward.chars().all(|c| c.is_ascii_alphanumeric());
    (inward_ok && outward_ok).then(|| outward.clone())
}

/// Themes rising above their own baseline: for each dimension and value, the complaints
/// received in the `WINDOW_DAYS` to `today` against the average per window over the
/// `BASELINE_DAYS` before; flagged at `THEME_MINIMUM` or more and at least `THEME_FACTOR`
/// times that average.
pub fn themes(complaints: &[Received], today: NaiveDate) -> Vec<Finding> {
    let window_start = today - Duration::days(WINDOW_DAYS - 1);
    let baseline_start = window_start - Duration::days(BASELINE_DAYS);
    let windows = BASELINE_DAYS as f64 / WINDOW_DAYS as f64;
    let mut out = Vec::new();
    for d in Dimension::ALL {
        let mut groups: BTreeMap<String, (Vec<&Received>, usize)> = BTreeMap::new();
        for c in complaints {
            let Some(v) = c.value(d) else { continue };
            let g = groups.entry(v).or_default();
            if c.received_on >= window_start && c.received_on <= today {
                g.0.push(c);
            } else if c.received_on >= baseline_start && c.received_on < window_start {
                g.1 += 1;
            }
        }
        for (value, (recent, before)) in groups {
            let average = before as f64 / windows;
            if recent.len() < THEME_MINIMUM || (recent.len() as f64) < THEME_FACTOR * average {
                continue;
            }
            let cases: Vec<(Uuid, String)> = recent
                .iter()
                .map(|c| (c.complaint_id, c.reference.clone()))
                .collect();
            out.push(Finding {
                kind: "theme",
                key: format!("theme:{}:{}", d.as_str(), value.to_lowercase()),
                sentence: format!(
                    "Complaints {} rose to {} in the {} days to {}, against an average of {:.1} in each {} days of the {} weeks before.",
                    d.phrase(&value),
                    recent.len(),
                    WINDOW_DAYS,
                    long_date(today),
                    average,
                    WINDOW_DAYS,
                    BASELINE_DAYS / 7
                ),
                rule: format!(
                    "At least {THEME_MINIMUM} complaints in {WINDOW_DAYS} days and at least {THEME_FACTOR} times the average of the {} weeks before (by {}).",
                    BASELINE_DAYS / 7,
                    d.as_str().replace('_', " ")
                ),
                cases,
                service_request: None,
            });
        }
    }
    out
}

/// Residents with `REPEAT_MINIMUM` or more complaints received in the `REPEAT_DAYS` to
/// `today`. `names` gives each resident's name.
pub fn repeat_complainants(
    complaints: &[Received],
    names: &BTreeMap<Uuid, String>,
    today: NaiveDate,
) -> Vec<Finding> {
    let since = today - Duration::days(REPEAT_DAYS - 1);
    let mut by: BTreeMap<Uuid, Vec<&Received>> = BTreeMap::new();
    for c in complaints
        .iter()
        .filter(|c| c.received_on >= since && c.received_on <= today)
    {
        by.entry(c.resident_id).or_default().push(c);
    }
    by.into_iter()
        .filter(|(_, cs)| cs.len() >= REPEAT_MINIMUM)
        .map(|(resident, cs)| {
            let name = names
                .get(&resident)
                .cloned()
                .unwrap_or_else(|| "A resident".to_owned());
            Finding {
                kind: "repeat_complainant",
                key: format!("repeat_complainant:{resident}"),
                sentence: format!(
                    "{name} has made {} complaints in the 12 months to {}.",
                    cs.len(),
                    long_date(today)
                ),
                rule: format!(
                    "{REPEAT_MINIMUM} or more complaints from one resident in 12 months."
                ),
                cases: cs
                    .iter()
                    .map(|c| (c.complaint_id, c.reference.clone()))
                    .collect(),
                service_request: None,
            }
        })
        .collect()
}

/// An outstanding action past its date and not completed.
#[derive(Debug, Clone)]
pub struct OverdueAction {
    pub complaint_id: Uuid,
    pub reference: String,
    pub description: String,
    pub due_on: NaiveDate,
}

/// The same outstanding action overdue on `SAME_ACTION_MINIMUM` or more cases (the same
/// words, ignoring case, spacing and a full stop).
pub fn same_overdue_action(actions: &[OverdueAction], today: NaiveDate) -> Vec<Finding> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches('.')
            .to_lowercase()
    };
    let mut by: BTreeMap<String, Vec<&OverdueAction>> = BTreeMap::new();
    for a in actions.iter().filter(|a| a.due_on < today) {
        by.entry(norm(&a.description)).or_default().push(a);
    }
    by.into_iter()
        .filter_map(|(key, acts)| {
            let mut cases: Vec<(Uuid, String)> = acts
                .iter()
                .map(|a| (a.complaint_id, a.reference.clone()))
                .collect();
            cases.dedup_by_key(|c| c.0);
            (cases.len() >= SAME_ACTION_MINIMUM).then(|| {
                let oldest = acts.iter().map(|a| a.due_on).min().unwrap_or(today);
                Finding {
                    kind: "overdue_action",
                    key: format!("overdue_action:{key}"),
                    sentence: format!(
                        "The outstanding action \"{}\" is overdue on {} complaints, the oldest due on {}.",
                        acts[0].description.trim(),
                        cases.len(),
                        long_date(oldest)
                    ),
                    rule: format!(
                        "The same outstanding action overdue on {SAME_ACTION_MINIMUM} or more complaints."
                    ),
                    cases,
                    service_request: None,
                }
            })
        })
        .collect()
}

/// Words and phrases that show dissatisfaction (Code 1.3, 1.5: a complaint need not use the
/// word "complaint").
pub const DISSATISFACTION: &[&str] = &[
    "complain",
    "complaint",
    "not happy",
    "unhappy",
    "dissatisfied",
    "not satisfied",
    "fed up",
    "disgusted",
    "disgraceful",
    "appalling",
    "unacceptable",
    "ridiculous",
    "still waiting",
    "still not",
    "nobody came",
    "no one came",
    "no-one came",
    "again and again",
    "third time",
    "several times",
    "ignored",
    "compensation",
    "ombudsman",
    "solicitor",
    "councillor",
];

/// The dissatisfaction words in a text, in the list's order.
pub fn dissatisfaction_words(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut found: Vec<&'static str> = DISSATISFACTION
        .iter()
        .copied()
        .filter(|w| lower.contains(w))
        .collect();
    // "complaint" says no more than "complain".
    if found.contains(&"complaint") {
        found.retain(|w| *w != "complain");
    }
    found
}

/// A service request still being handled whose words express dissatisfaction: a possible
/// complaint.
pub fn possible_complaint(
    id: Uuid,
    reference: &str,
    description: &str,
    reported_on: NaiveDate,
) -> Option<Finding> {
    let words = dissatisfaction_words(description);
    (!words.is_empty()).then(|| Finding {
        kind: "possible_complaint",
        key: format!("possible_complaint:{id}"),
        sentence: format!(
            "Service request {reference}, reported on {}, uses words of dissatisfaction ({}): it may be a complaint.",
            long_date(reported_on),
            words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        rule: "A service request that expresses dissatisfaction is a complaint, whether or not it uses the word (Code 1.3, 1.5).".into(),
        cases: Vec::new(),
        service_request: Some((id, reference.to_owned())),
    })
}

/// A provision whose figure the records give, for the self-assessment check.
pub const DRIFT_PROVISIONS: [(&str, &str, &str); 4] = [
    (
        "6.2",
        "stage1_acknowledged_in_time",
        "stage 1 complaints acknowledged in time",
    ),
    (
        "6.3",
        "stage1_responded_in_time",
        "stage 1 responses sent in time",
    ),
    (
        "6.11",
        "stage2_acknowledged_in_time",
        "stage 2 escalations acknowledged in time",
    ),
    (
        "6.14",
        "stage2_responded_in_time",
        "stage 2 responses sent in time",
    ),
];

/// A provision answered "yes" whose figure from the records is below the threshold (the
/// landlord's target for it, or `DRIFT_THRESHOLD`).
pub fn drift(
    provision: &str,
    what: &str,
    year: i32,
    percent: f64,
    threshold: f64,
    to: NaiveDate,
) -> Option<Finding> {
    (percent < threshold).then(|| Finding {
        kind: "self_assessment_drift",
        key: format!("self_assessment_drift:{year}:{provision}"),
        sentence: format!(
            "Provision {provision} is answered \"yes\" in the {year} self-assessment, but {percent:.1}% of {what} in the 12 months to {} (below {threshold:.0}%).",
            long_date(to)
        ),
        rule: format!(
            "A provision answered \"yes\" whose figure from the records is below {threshold:.0}% (the landlord's target, or {DRIFT_THRESHOLD:.0}% where none is set)."
        ),
        cases: Vec::new(),
        service_request: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn complaint(n: u32, on: &str, category: &str, address: &str) -> Received {
        Received {
            complaint_id: Uuid::from_u128(u128::from(n)),
            reference: format!("ALP-{n:06}"),
            received_on: d(on),
            resident_id: Uuid::from_u128(1_000 + u128::from(n)),
            category: category.into(),
            service_area: None,
            contractor: None,
            address: Some(address.into()),
        }
    }

    #[test]
    fn blocks_streets_and_postcode_districts_are_read_from_addresses() {
        assert_eq!(
            block_or_street("Flat 3, Tower House, 12 Tower Road, London E1 6AN").as_deref(),
            Some("Tower House")
        );
        assert_eq!(
            block_or_street("12 Tower Road, London").as_deref(),
            Some("Tower Road")
        );
        assert_eq!(block_or_street("3").as_deref(), None);
        assert_eq!(
            postcode_district("Flat 3, Tower House, London E1 6AN").as_deref(),
            Some("E1")
        );
        assert_eq!(
            postcode_district("2 High St, Leeds, ls11 5tx").as_deref(),
            Some("LS11")
        );
        assert_eq!(postcode_district("Tower House, London"), None);
    }

    #[test]
    fn ten_damp_complaints_in_one_block_are_flagged_and_four_are_not() {
        let today = d("2026-12-07");
        let mut cs = Vec::new();
        for n in 0..10 {
            cs.push(complaint(
                n,
                &format!("2026-11-{:02}", 10 + n),
                "damp_and_mould",
                &format!("Flat {n}, Tower House, 12 Tower Road, London E1 6AN"),
            ));
        }
        for n in 10..14 {
            cs.push(complaint(
                n,
                "2026-11-20",
                "damp_and_mould",
                &format!("Flat {n}, Elm Court, Leeds LS11 5TX"),
            ));
        }
        // A steady trickle before: one a month about Tower House.
        for (n, on) in [(20, "2026-07-01"), (21, "2026-08-01"), (22, "2026-09-01")] {
            cs.push(complaint(
                n,
                on,
                "repairs",
                "Flat 9, Tower House, London E1 6AN",
            ));
        }
        let found = themes(&cs, today);
        let block: Vec<&Finding> = found
            .iter()
            .filter(|f| f.key.starts_with("theme:block_or_street:"))
            .collect();
        assert_eq!(block.len(), 1, "{found:#?}");
        assert_eq!(block[0].key, "theme:block_or_street:tower house");
        assert_eq!(block[0].cases.len(), 10);
        assert_eq!(
            block[0].sentence,
            "Complaints from homes at Tower House rose to 10 in the 28 days to 7 December 2026, against an average of 0.5 in each 28 days of the 24 weeks before."
        );
        assert!(!found.iter().any(|f| f.key.contains("elm court")));
        // The category rose across both blocks: 14 damp complaints against none before.
        assert!(
            found
                .iter()
                .any(|f| f.key == "theme:category:damp_and_mould")
        );
        assert!(found.iter().any(|f| f.key == "theme:postcode_district:e1"));
        assert!(
            !found
                .iter()
                .any(|f| f.key == "theme:postcode_district:ls11")
        );
    }

    #[test]
    fn a_theme_at_its_usual_level_is_not_flagged() {
        let today = d("2026-12-07");
        // Six a month, every month: six in the window against an average of six.
        let mut cs = Vec::new();
        let mut n = 0;
        for month in 6..=11 {
            for day in 1..=6 {
                cs.push(complaint(
                    n,
                    &format!("2026-{month:02}-{:02}", day + 10),
                    "repairs",
                    "1 Oak Road, London N1 1AA",
                ));
                n += 1;
            }
        }
        assert!(themes(&cs, today).is_empty());
    }

    #[test]
    fn repeat_complainants_overdue_actions_and_words_of_dissatisfaction() {
        let today = d("2026-12-07");
        let resident = Uuid::from_u128(7);
        let mut cs: Vec<Received> = (0..3)
            .map(|n| {
                let mut c = complaint(n, "2026-06-01", "repairs", "1 Oak Road");
                c.resident_id = resident;
                c
            })
            .collect();
        cs.push(complaint(9, "2026-06-01", "repairs", "1 Oak Road"));
        let names = BTreeMap::from([(resident, "Mary Jones".to_owned())]);
        let found = repeat_complainants(&cs, &names, today);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].sentence,
            "Mary Jones has made 3 complaints in the 12 months to 7 December 2026."
        );

        let action = |n: u128, text: &str, due: &str| OverdueAction {
            complaint_id: Uuid::from_u128(n),
            reference: format!("ALP-{n}"),
            description: text.into(),
            due_on: d(due),
        };
        let found = same_overdue_action(
            &[
                action(1, "Replace the boiler.", "2026-11-01"),
                action(2, "replace  the boiler", "2026-11-20"),
                action(3, "Fit a new fan", "2026-11-20"),
                action(4, "Replace the boiler", "2026-12-20"),
            ],
            today,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cases.len(), 2);
        assert!(
            found[0]
                .sentence
                .contains("overdue on 2 complaints, the oldest due on 1 November 2026")
        );

        assert_eq!(
            dissatisfaction_words("Still waiting. Nobody came AGAIN, I am fed up"),
            ["fed up", "still waiting", "nobody came"]
        );
        assert!(possible_complaint(Uuid::nil(), "SR-1", "The tap drips.", today).is_none());
        let f = possible_complaint(Uuid::nil(), "SR-1", "I want to complain", today).unwrap();
        assert!(f.sentence.contains("(\"complain\")"), "{}", f.sentence);
    }

    #[test]
    fn a_yes_answer_below_the_threshold_is_drift() {
        let f = drift(
            "6.3",
            "stage 1 responses sent in time",
            2025,
            49.0,
            80.0,
            d("2026-12-07"),
        )
        .unwrap();
        assert_eq!(
            f.sentence,
            "Provision 6.3 is answered \"yes\" in the 2025 self-assessment, but 49.0% of stage 1 responses sent in time in the 12 months to 7 December 2026 (below 80%)."
        );
        assert!(drift("6.3", "x", 2025, 85.0, 80.0, d("2026-12-07")).is_none());
    }
}
