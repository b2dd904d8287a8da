//! The learning log (Code 9.1–9.3): what the landlord learnt from complaints and what it
//! changed, and the anonymised public summary ("you said, we did") that a complaints officer
//! writes and approves before an entry is shown to the residents' panel and the public.
//!
//! The anonymisation check here is the server's last line of defence: it refuses a summary
//! that contains the name, email address, phone number or property reference of anyone
//! behind the linked complaints, and any email address or UK phone number at all. It reports
//! which kind of personal data it found, never the data itself.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How far an improvement has got (docs/rules.md, "Learning from complaints").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LearningStatus {
    Identified,
    InProgress,
    Implemented,
}

impl LearningStatus {
    pub const ALL: [LearningStatus; 3] = [
        LearningStatus::Identified,
        LearningStatus::InProgress,
        LearningStatus::Implemented,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LearningStatus::Identified => "identified",
            LearningStatus::InProgress => "in_progress",
            LearningStatus::Implemented => "implemented",
        }
    }

    /// Parses the wire name; the error lists the allowed values.
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| "must be one of identified, in_progress, implemented".to_owned())
    }
}

impl fmt::Display for LearningStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The date an entry's improvement was implemented, given its status.
///
/// `given` is what the request said: `None` when it said nothing, `Some(None)` when it
/// cleared the date. `current` is the date already recorded (none for a new entry).
/// An implemented entry has a date, not in the future; any other status has none, and
/// moving an entry away from `implemented` without naming a date clears the old one.
pub fn implemented_on(
    status: LearningStatus,
    given: Option<Option<NaiveDate>>,
    current: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, String> {
    if status != LearningStatus::Implemented {
        return match given {
            Some(Some(_)) => Err("can be given only when the status is implemented".to_owned()),
            Some(None) | None => Ok(None),
        };
    }
    let date = match given {
        Some(date) => date,
        None => current,
    };
    match date {
        None => Err("is required when the status is implemented".to_owned()),
        Some(d) if d > today => Err(format!("must not be in the future (today is {today})")),
        Some(d) => Ok(Some(d)),
    }
}

/// Whose details a linked complaint holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Whose {
    Resident,
    /// Someone acting for the resident (Code 3.6).
    Representative,
}

/// The personal details of someone behind a linked complaint, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub whose: Whose,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The resident's property reference; representatives have none.
    pub property_ref: Option<String>,
}

/// A kind of personal data found in a public summary. Only the kind is ever reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonalData {
    ResidentName,
    ResidentEmail,
    ResidentPhone,
    PropertyReference,
    RepresentativeName,
    RepresentativeEmail,
    RepresentativePhone,
    /// Any email address, whoever's it is.
    EmailAddress,
    /// Anything that looks like a UK phone number.
    PhoneNumber,
}

impl PersonalData {
    /// The kind in words, for the refusal message.
    pub fn describe(self) -> &'static str {
        match self {
            PersonalData::ResidentName => "the name of a linked complaint's resident",
            PersonalData::ResidentEmail => "the email address of a linked complaint's resident",
            PersonalData::ResidentPhone => "the phone number of a linked complaint's resident",
            PersonalData::PropertyReference => {
                "the property reference of a linked complaint's resident"
            }
            PersonalData::RepresentativeName => "the name of a linked complaint's representative",
            PersonalData::RepresentativeEmail => {
                "the email address of a linked complaint's representative"
            }
            PersonalData::RepresentativePhone => {
                "the phone number of a linked complaint's representative"
            }
            PersonalData::EmailAddress => "an email address",
            PersonalData::PhoneNumber => "a phone number",
        }
    }
}

/// Forms of address that are not part of anyone's name for this check.
const HONORIFICS: [&str; 10] = [
    "mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "rev", "prof", "sir",
];

/// The shortest name part looked for on its own: shorter ones ("Al", "Li") are found only as
/// part of the full name, or every "an" and "to" would look like a name.
const NAME_PART_MIN_CHARS: usize = 3;

/// Every kind of personal data in `summary`, in the order of [`PersonalData`]'s variants;
/// empty when the summary is anonymised (Code 9.3).
///
/// * names: the full name, and each part of it of three letters or more, as whole words in
///   any case;
/// * email addresses: the people's own, in any case, and any other address;
/// * phone numbers: the people's own compared digit by digit (spaces, brackets, hyphens and
///   `+44` or a leading `0` make no difference), and anything that looks like a UK number;
/// * property references: as whole words in any case, with or without their punctuation.
pub fn personal_data_in(summary: &str, people: &[Person]) -> Vec<PersonalData> {
    let words = words(summary);
    let lowered = summary.to_lowercase();
    let runs = digit_runs(summary);
    let mut found = Vec::new();
    for person in people {
        let (name, email, phone) = match person.whose {
            Whose::Resident => (
                PersonalData::ResidentName,
                PersonalData::ResidentEmail,
                PersonalData::ResidentPhone,
            ),
            Whose::Representative => (
                PersonalData::RepresentativeName,
                PersonalData::RepresentativeEmail,
                PersonalData::RepresentativePhone,
            ),
        };
        if contains_name(&words, &person.name) {
            found.push(name);
        }
        if person
            .email
            .as_deref()
            .map(|e| e.trim().to_lowercase())
            .is_some_and(|e| !e.is_empty() && lowered.contains(&e))
        {
            found.push(email);
        }
        if person
            .phone
            .as_deref()
            .is_some_and(|p| contains_phone(&runs, p))
        {
            found.push(phone);
        }
        if person
            .property_ref
            .as_deref()
            .is_some_and(|r| contains_reference(&words, r))
        {
            found.push(PersonalData::PropertyReference);
        }
    }
    let specific_email = found.iter().any(|f| {
        matches!(
            f,
            PersonalData::ResidentEmail | PersonalData::RepresentativeEmail
        )
    });
    if !specific_email && contains_email_address(summary) {
        found.push(PersonalData::EmailAddress);
    }
    let specific_phone = found.iter().any(|f| {
        matches!(
            f,
            PersonalData::ResidentPhone | PersonalData::RepresentativePhone
        )
    });
    if !specific_phone && runs.iter().any(|r| r.has_uk_phone_number()) {
        found.push(PersonalData::PhoneNumber);
    }
    let order = |f: &PersonalData| *f as u8;
    found.sort_by_key(order);
    found.dedup();
    found
}

/// Why a summary with personal data is refused: the kinds found, never the data itself.
pub fn refusal(found: &[PersonalData]) -> String {
    let kinds: Vec<&str> = found.iter().map(|f| f.describe()).collect();
    let listed = match kinds.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!(
        "must be anonymised before it is published (Code 9.3): it contains {listed}; take it out"
    )
}

/// The summary's words, lower-cased: runs of letters and digits.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn contains_sequence(words: &[String], seq: &[String]) -> bool {
    !seq.is_empty() && words.windows(seq.len()).any(|w| w == seq)
}

fn contains_name(words: &[String], name: &str) -> bool {
    let parts = self::words(name);
    contains_sequence(words, &parts)
        || parts.iter().any(|p| {
            p.chars().count() >= NAME_PART_MIN_CHARS
                && !HONORIFICS.contains(&p.as_str())
                && words.contains(p)
        })
}

fn contains_reference(words: &[String], reference: &str) -> bool {
    let parts = self::words(reference);
    let joined = parts.concat();
    contains_sequence(words, &parts) || (!joined.is_empty() && words.contains(&joined))
}

fn is_email_local(c: char) -> bool {
    c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn is_email_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// Whether anything in `s` reads as an email address: `local@domain.tld`.
fn contains_email_address(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        if *c != '@' {
            return false;
        }
        let local = chars[..i]
            .iter()
            .rev()
            .take_while(|c| is_email_local(**c))
            .count();
        let domain: String = chars[i + 1..]
            .iter()
            .take_while(|c| is_email_domain(**c))
            .collect();
        let domain = domain.trim_end_matches(['.', '-']);
        local > 0
            && domain
                .split_once('.')
                .is_some_and(|(host, rest)| !host.is_empty() && !rest.is_empty())
    })
}

/// Digits written together, perhaps with spaces, brackets or hyphens between groups: how
/// people write phone numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DigitRun {
    /// The groups of digits in order, each with whether a `+` came just before it.
    groups: Vec<(bool, String)>,
}

fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '-' | '(' | ')')
}

fn digit_runs(s: &str) -> Vec<DigitRun> {
    let mut runs = Vec::new();
    let mut groups: Vec<(bool, String)> = Vec::new();
    let mut plus = false;
    let mut current = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            current.push(c);
            continue;
        }
        if !current.is_empty() {
            groups.push((plus, std::mem::take(&mut current)));
            plus = false;
        }
        if c == '+' {
            plus = true;
        } else if !is_phone_separator(c) {
            plus = false;
            if !groups.is_empty() {
                runs.push(DigitRun {
                    groups: std::mem::take(&mut groups),
                });
            }
        }
    }
    if !current.is_empty() {
        groups.push((plus, current));
    }
    if !groups.is_empty() {
        runs.push(DigitRun { groups });
    }
    runs
}

/// A UK number without its international or trunk prefix: `+44 (0)20 7946 0000`,
/// `0044 20 7946 0000` and `020 7946 0000` are all `2079460000`.
fn national_number(digits: &str) -> &str {
    let rest = if let Some(rest) = digits.strip_prefix("0044") {
        rest
    } else if digits.len() >= 11 && digits.starts_with("44") {
        &digits[2..]
    } else {
        digits
    };
    rest.strip_prefix('0').unwrap_or(rest)
}

/// The shortest number compared on its own: shorter ones would match any figure.
const PHONE_MIN_DIGITS: usize = 6;

fn contains_phone(runs: &[DigitRun], phone: &str) -> bool {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let wanted = national_number(&digits);
    wanted.len() >= PHONE_MIN_DIGITS
        && runs.iter().any(|r| {
            let all: String = r.groups.iter().map(|(_, g)| g.as_str()).collect();
            all.contains(wanted)
        })
}

impl DigitRun {
    /// Whether some groups in a row read as a UK phone number: `0` and 9 or 10 more digits
    /// (`020 7946 0000`, `07700 900123`, `(0161) 496 0000`), or the same after `+44` or
    /// `0044`. A number starts with a group of at least three digits (`020`, `0161`,
    /// `07700`) or an international prefix, so dates such as `2025-01-06` are not numbers.
    fn has_uk_phone_number(&self) -> bool {
        (0..self.groups.len()).any(|start| {
            let (plus, first) = &self.groups[start];
            let international = (*plus && first.starts_with("44")) || first.starts_with("0044");
            if !international && (first.len() < 3 || !first.starts_with('0')) {
                return false;
            }
            let mut digits = String::new();
            self.groups[start..].iter().any(|(_, g)| {
                digits.push_str(g);
                let national = if international {
                    let rest = digits.strip_prefix("0044").unwrap_or(&digits);
                    let rest = rest.strip_prefix("44").unwrap_or(rest);
                    // `+44 (0)20 ...`: the trunk 0 in brackets is not dialled.
                    rest.strip_prefix('0').unwrap_or(rest)
                } else {
                    &digits[1..]
                };
                (9..=10).contains(&national.len()) && !national.starts_with('0')
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn mary() -> Person {
        Person {
            whose: Whose::Resident,
            name: "Mary Jones".into(),
            email: Some("MJ1950@Example.org".into()),
            phone: Some("07700 900123".into()),
            property_ref: Some("FL-12".into()),
        }
    }

    fn councillor() -> Person {
        Person {
            whose: Whose::Representative,
            name: "Cllr Ahmed".into(),
            email: Some("ahmed@council.test".into()),
            phone: Some("+44 20 7946 0018".into()),
            property_ref: None,
        }
    }

    fn found(summary: &str) -> Vec<PersonalData> {
        personal_data_in(summary, &[mary(), councillor()])
    }

    const CLEAN: &str = "You told us repairs to heating took too long. We now send an \
        engineer within 24 hours and call back within 2 working days.";

    #[test]
    fn a_summary_without_personal_data_passes() {
        assert_eq!(found(CLEAN), []);
    }

    #[test]
    fn the_resident_s_full_name_is_found_in_any_case() {
        assert_eq!(
            found("We apologised to MARY JONES."),
            [PersonalData::ResidentName]
        );
    }

    #[test]
    fn each_part_of_a_name_is_found_as_a_whole_word() {
        assert_eq!(found("Mary said"), [PersonalData::ResidentName]);
        assert_eq!(found("the jones family"), [PersonalData::ResidentName]);
        assert_eq!(found("Jonestown and Maryland"), []);
    }

    #[test]
    fn short_name_parts_count_only_as_part_of_the_full_name() {
        let al = Person {
            whose: Whose::Resident,
            name: "Al Li".into(),
            email: None,
            phone: None,
            property_ref: None,
        };
        assert_eq!(
            personal_data_in("we looked at all of it", std::slice::from_ref(&al)),
            []
        );
        assert_eq!(
            personal_data_in("as al li said", &[al]),
            [PersonalData::ResidentName]
        );
    }

    #[test]
    fn a_form_of_address_is_not_a_name() {
        assert_eq!(found("a local Cllr raised it"), []);
        assert_eq!(found("Ahmed raised it"), [PersonalData::RepresentativeName]);
    }

    #[test]
    fn the_resident_s_email_is_found_in_any_case() {
        assert_eq!(
            found("write to mj1950@EXAMPLE.org"),
            [PersonalData::ResidentEmail]
        );
    }

    #[test]
    fn any_email_address_is_found() {
        assert_eq!(
            found("contact someone.else@mail.example.com"),
            [PersonalData::EmailAddress]
        );
        assert_eq!(found("we were @ the estate. at 5pm"), []);
    }

    #[test]
    fn the_resident_s_phone_is_found_digit_by_digit() {
        for text in [
            "call 07700900123",
            "call 07700 900 123",
            "call 0 7 7 0 0 9 0 0 1 2 3",
            "call +44 7700 900123",
            "call (07700) 900-123",
        ] {
            assert_eq!(found(text), [PersonalData::ResidentPhone], "{text}");
        }
    }

    #[test]
    fn the_representative_s_phone_in_national_form_is_found() {
        assert_eq!(
            found("ring 020 7946 0018"),
            [PersonalData::RepresentativePhone]
        );
    }

    #[test]
    fn any_uk_phone_number_is_found() {
        for text in [
            "call 0161 496 0000",
            "call (0161) 496 0000",
            "call 07700 900999",
            "call +44 (0)20 7946 0999",
            "call 0044 20 7946 0999",
            "call 0800 123 4567",
        ] {
            assert_eq!(found(text), [PersonalData::PhoneNumber], "{text}");
        }
    }

    #[test]
    fn figures_dates_and_years_are_not_phone_numbers() {
        for text in [
            "412 of 415 complaints (99.3%) in 2024",
            "from 2025-01-06 2025-02-03 onwards",
            "between 1 April 2024 and 31 March 2025, 1200 homes",
            "reference NB-000123 and 10 working days",
            "a budget of 150000 pounds",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn a_property_reference_is_found_with_or_without_its_punctuation() {
        for text in ["at fl-12", "at FL 12", "at FL12", "(FL/12)"] {
            assert_eq!(found(text), [PersonalData::PropertyReference], "{text}");
        }
        assert_eq!(found("floor 12"), []);
    }

    #[test]
    fn the_representative_s_details_are_reported_as_the_representative_s() {
        assert_eq!(
            found("Ahmed (ahmed@council.test)"),
            [
                PersonalData::RepresentativeName,
                PersonalData::RepresentativeEmail
            ]
        );
    }

    #[test]
    fn every_kind_found_is_reported_once_in_a_fixed_order() {
        assert_eq!(
            found("FL-12: Mary, Mary Jones, mj1950@example.org, a@b.org, 01632 960000"),
            [
                PersonalData::ResidentName,
                PersonalData::ResidentEmail,
                PersonalData::PropertyReference,
                PersonalData::PhoneNumber,
            ]
        );
    }

    #[test]
    fn the_refusal_names_the_kind_of_data_and_never_the_data() {
        let summary = "Mary Jones on 07700 900123";
        let message = refusal(&found(summary));
        assert!(message.contains("the name of a linked complaint's resident"));
        assert!(message.contains("the phone number of a linked complaint's resident"));
        assert!(message.contains("Code 9.3"));
        for secret in ["Mary", "Jones", "07700", "900123"] {
            assert!(!message.contains(secret), "{message}");
        }
    }

    #[test]
    fn an_implemented_entry_needs_a_date_that_has_come() {
        let today = day("2025-06-10");
        let implemented = LearningStatus::Implemented;
        assert_eq!(
            implemented_on(implemented, Some(Some(day("2025-06-01"))), None, today),
            Ok(Some(day("2025-06-01")))
        );
        assert!(implemented_on(implemented, None, None, today).is_err());
        assert!(implemented_on(implemented, Some(None), Some(day("2025-06-01")), today).is_err());
        assert!(implemented_on(implemented, Some(Some(day("2025-06-11"))), None, today).is_err());
        assert_eq!(
            implemented_on(implemented, None, Some(day("2025-06-01")), today),
            Ok(Some(day("2025-06-01"))),
            "an entry already implemented keeps its date"
        );
    }

    #[test]
    fn other_statuses_have_no_implementation_date() {
        let today = day("2025-06-10");
        for status in [LearningStatus::Identified, LearningStatus::InProgress] {
            assert!(implemented_on(status, Some(Some(day("2025-06-01"))), None, today).is_err());
            assert_eq!(
                implemented_on(status, None, Some(day("2025-06-01")), today),
                Ok(None),
                "moving away from implemented clears the date"
            );
            assert_eq!(implemented_on(status, Some(None), None, today), Ok(None));
        }
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for s in LearningStatus::ALL {
            assert_eq!(LearningStatus::parse(s.as_str()), Ok(s));
        }
        assert!(
            LearningStatus::parse("done")
                .unwrap_err()
                .contains("in_progress")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn the_resident_s_phone_is_found_however_it_is_spaced(
                digits in "7[0-9]{9}",
                cuts in proptest::collection::vec(any::<bool>(), 10),
                national in any::<bool>(),
            ) {
                let person = Person {
                    whose: Whose::Resident,
                    name: "Mary Jones".into(),
                    email: None,
                    phone: Some(format!("0{digits}")),
                    property_ref: None,
                };
                let mut written = String::from(if national { "0" } else { "+44 " });
                for (d, cut) in digits.chars().zip(&cuts) {
                    written.push(d);
                    if *cut {
                        written.push(' ');
                    }
                }
                let summary = format!("Call {written} today.");
                prop_assert_eq!(
                    personal_data_in(&summary, &[person]),
                    vec![PersonalData::ResidentPhone]
                );
            }

            #[test]
            fn the_resident_s_name_is_found_in_any_case(
                first in "[A-Z][a-z]{2,8}",
                last in "[A-Z][a-z]{2,8}",
                upper in any::<bool>(),
            ) {
                let name = format!("{first} {last}");
                let person = Person {
                    whose: Whose::Resident,
                    name: name.clone(),
                    email: None,
                    phone: None,
                    property_ref: None,
                };
                let written = if upper { name.to_uppercase() } else { name.to_lowercase() };
                let summary = format!("We spoke to {written}.");
                prop_assert_eq!(
                    personal_data_in(&summary, &[person]),
                    vec![PersonalData::ResidentName]
                );
            }
        }
    }
}
