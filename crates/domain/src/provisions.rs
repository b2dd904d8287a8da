//! The provisions of the Housing Ombudsman's Complaint Handling Code, by edition, with the
//! project's own short summary of each requirement (not the Code's wording), so that
//! self-assessments, reports and screens can name and describe every provision. The
//! summaries are a plain-English guide, not a substitute for the Code: a landlord who wants
//! the official wording beside a provision pastes it in elsewhere.
//!
//! Numbers are the Code's own ("6.3"); the 2024 edition runs from 1.2 to 9.8. Numbers sort in
//! the Code's order with [`order`] ("6.10" comes after "6.9"), not as strings.

use std::cmp::Ordering;

/// An edition of the Code. A later edition is added beside this one, so that assessments
/// made against an earlier edition keep their provisions.
pub const EDITION_2024: &str = "hoc-2024";

/// A numbered section of the Code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// The section's number, 1 to 9 in the 2024 edition.
    pub number: u8,
    /// The section's title as the Code's self-assessment form heads it.
    pub title: &'static str,
}

/// One numbered provision of the Code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provision {
    /// The Code's number, e.g. "6.3".
    pub number: &'static str,
    /// The section it belongs to (the part of `number` before the dot).
    pub section: u8,
    /// Our own short summary of what the provision requires.
    pub summary: &'static str,
}

/// The sections of an edition, in order; None for an unknown edition.
pub fn sections(edition: &str) -> Option<&'static [Section]> {
    match edition {
        EDITION_2024 => Some(&SECTIONS_2024),
        _ => None,
    }
}

/// The provisions of an edition, in the Code's order; None for an unknown edition.
pub fn provisions(edition: &str) -> Option<&'static [Provision]> {
    match edition {
        EDITION_2024 => Some(&PROVISIONS_2024),
        _ => None,
    }
}

/// One provision of an edition, by its exact number ("6.3", not "6.03").
pub fn provision(edition: &str, number: &str) -> Option<&'static Provision> {
    provisions(edition)?.iter().find(|p| p.number == number)
}

/// The editions known, oldest first (today only EDITION_2024).
pub fn editions() -> &'static [&'static str] {
    &EDITIONS
}

/// The Code's order of two provision numbers ("6.10" after "6.9"): compare section then
/// item numerically. Returns None if either is not of the form N.M.
pub fn order(a: &str, b: &str) -> Option<Ordering> {
    Some(parse(a)?.cmp(&parse(b)?))
}

/// Splits "N.M" into its two numbers; None unless both parts are non-empty ASCII digits.
fn parse(number: &str) -> Option<(u32, u32)> {
    let (section, item) = number.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(section) || !digits(item) {
        return None;
    }
    Some((section.parse().ok()?, item.parse().ok()?))
}

static EDITIONS: [&str; 1] = [EDITION_2024];

static SECTIONS_2024: [Section; 9] = [
    Section {
        number: 1,
        title: "Definition of a complaint",
    },
    Section {
        number: 2,
        title: "Exclusions",
    },
    Section {
        number: 3,
        title: "Accessibility and Awareness",
    },
    Section {
        number: 4,
        title: "Complaint Handling Staff",
    },
    Section {
        number: 5,
        title: "The Complaint Handling Process",
    },
    Section {
        number: 6,
        title: "Complaints Stages",
    },
    Section {
        number: 7,
        title: "Putting things right",
    },
    Section {
        number: 8,
        title: "Self-assessment, reporting and compliance",
    },
    Section {
        number: 9,
        title: "Scrutiny & oversight: continuous learning and improvement",
    },
];

const fn item(number: &'static str, section: u8, summary: &'static str) -> Provision {
    Provision {
        number,
        section,
        summary,
    }
}

static PROVISIONS_2024: [Provision; 72] = [
    // Section 1: Definition of a complaint
    item(
        "1.2",
        1,
        "The landlord must use the Code's broad definition of a complaint: dissatisfaction, voiced \
         in any way, with the service, acts or failures to act of the landlord, its staff or \
         anyone working for it, that affects one or more residents.",
    ),
    item(
        "1.3",
        1,
        "Residents need not call it a complaint: whenever someone voices dissatisfaction they must \
         be offered the option of complaining, and complaints brought by a representative or other \
         third party follow the normal policy.",
    ),
    item(
        "1.4",
        1,
        "The policy must tell service requests (asking the landlord to act to fix something) apart \
         from complaints; such requests are not complaints, yet they must still be logged, \
         monitored and reviewed at regular intervals.",
    ),
    item(
        "1.5",
        1,
        "If a resident is unhappy with how their service request was answered, a complaint must be \
         opened even while the request is still being dealt with, and work on the request must \
         carry on.",
    ),
    item(
        "1.6",
        1,
        "Dissatisfaction given in a survey is not a complaint, but where possible the respondent \
         should be told how to complain; whenever the landlord asks for wider feedback it must \
         also explain how to complain.",
    ),
    // Section 2: Exclusions
    item(
        "2.1",
        2,
        "A complaint must be accepted unless there is a valid reason to refuse it; each is judged \
         on its own merits and the landlord must be able to evidence why it refused one.",
    ),
    item(
        "2.2",
        2,
        "The policy must list, fairly and reasonably, when a matter will not be taken on or \
         escalated, e.g. the issue arose over 12 months ago, a court claim has been filed, or it \
         was already dealt with under the complaints policy.",
    ),
    item(
        "2.3",
        2,
        "Complaints made within 12 months of the issue, or of the resident learning of it, must be \
         accepted unless another exclusion applies; for older ones the landlord must consider \
         using discretion where there is good reason.",
    ),
    item(
        "2.4",
        2,
        "A resident whose complaint is refused must be told why it does not suit the process and \
         that they can take the refusal to the Ombudsman, who may direct the landlord to take the \
         complaint on.",
    ),
    item(
        "2.5",
        2,
        "No blanket exclusions: the individual circumstances of each complaint must be weighed \
         before it is excluded.",
    ),
    // Section 3: Accessibility and awareness
    item(
        "3.1",
        3,
        "Complaining must be easy, through a choice of channels; with its Equality Act 2010 duties \
         in mind, the landlord must plan ahead for the support and reasonable adjustments \
         residents may need to use the process.",
    ),
    item(
        "3.2",
        3,
        "Residents may complain by any means and to anyone on the staff; every staff member must \
         know the process and be able to route a complaint to the right person.",
    ),
    item(
        "3.3",
        3,
        "Many complaints are not to be treated as a bad sign, as they can show an accessible and \
         well-known process; few complaints may mean residents find it hard to complain.",
    ),
    item(
        "3.4",
        3,
        "The complaints policy must be clear, accessible to every resident and on the landlord's \
         website, explaining the two stages, what happens at each and how long responses take.",
    ),
    item(
        "3.5",
        3,
        "The policy must say how the landlord makes it known, including information about the \
         Ombudsman and the Code.",
    ),
    item(
        "3.6",
        3,
        "Residents may have a representative handle their complaint for them, and may bring \
         someone to, or be represented at, meetings with the landlord.",
    ),
    item(
        "3.7",
        3,
        "Residents must be told of their right to use the Ombudsman service and how to involve the \
         Ombudsman in their complaint.",
    ),
    // Section 4: Complaint handling staff
    item(
        "4.1",
        4,
        "A named person or team (the 'complaints officer', possibly alongside other duties) must \
         own complaint handling, including dealing with the Ombudsman and making sure the \
         governing body hears about complaints.",
    ),
    item(
        "4.2",
        4,
        "The complaints officer must be able to reach staff at every level to resolve complaints \
         quickly, and have the authority and autonomy to settle disputes promptly and fairly.",
    ),
    item(
        "4.3",
        4,
        "Complaint handling and learning from complaints must be a priority: relevant staff are \
         trained in why complaint handling matters, and complaints are resourced as a core \
         service.",
    ),
    // Section 5: The complaint handling process
    item(
        "5.1",
        5,
        "One complaints policy must cover every complaint within the Code, and no resident may be \
         treated differently for having complained.",
    ),
    item(
        "5.2",
        5,
        "Issues should be settled early and locally, but with no extra named stages such as a \
         'stage 0' or an 'informal complaint'.",
    ),
    item(
        "5.3",
        5,
        "The process may never have more than two stages, since more would drag it out and hold up \
         access to the Ombudsman.",
    ),
    item(
        "5.4",
        5,
        "If a third party (a contractor, an independent adjudicator) answers complaints at any \
         stage, it does so within the two-stage process; residents must never face two complaints \
         processes.",
    ),
    item(
        "5.5",
        5,
        "The landlord is answerable for any third party that handles its complaints doing so in \
         line with the Code.",
    ),
    item(
        "5.6",
        5,
        "On logging at stage 1 or escalation to stage 2, the landlord records what it understands \
         the complaint to be and what outcomes the resident wants (the 'complaint definition'), \
         and asks the resident to clarify anything unclear.",
    ),
    item(
        "5.7",
        5,
        "When acknowledging at either stage, the landlord must say which parts of the complaint it \
         is and is not responsible for, and clear up any parts where that is uncertain.",
    ),
    item(
        "5.8",
        5,
        "At every stage handlers judge the complaint on its merits, independently and with an open \
         mind, let the resident put their side fairly, deal with real or apparent conflicts of \
         interest and weigh all relevant evidence carefully.",
    ),
    item(
        "5.9",
        5,
        "If a response will go beyond the Code's timescales, the landlord and resident must agree \
         how often the resident will get progress updates.",
    ),
    item(
        "5.10",
        5,
        "Make reasonable adjustments where the Equality Act 2010 calls for them, record those \
         agreed and any disability the resident discloses, and actively review agreed adjustments.",
    ),
    item(
        "5.11",
        5,
        "Escalation through all stages may only be refused for valid reasons, which must be \
         clearly explained and consistent with section 2 of the Code.",
    ),
    item(
        "5.12",
        5,
        "Keep a full record of each complaint and its outcome at each stage: the original \
         complaint and when it arrived, every exchange with the resident and with others, and \
         supporting documents such as reports or surveys.",
    ),
    item(
        "5.13",
        5,
        "Processes must let a complaint be put right at any stage, with suitable remedies \
         available without the resident having to escalate.",
    ),
    item(
        "5.14",
        5,
        "Have a policy and procedure for managing unacceptable behaviour by residents or their \
         representatives; evidence the reasons for any restriction and review restrictions \
         regularly.",
    ),
    item(
        "5.15",
        5,
        "Any limits put on contact because of unacceptable behaviour must be proportionate and \
         show regard for the Equality Act 2010.",
    ),
    // Section 6: Complaint stages. Stage 1.
    item(
        "6.1",
        6,
        "Have a way to sort complaints that can be answered quickly from those needing fuller \
         investigation, taking account of complexity and any vulnerability or risk to the \
         resident; most stage 1 complaints can be settled promptly with an explanation, apology or \
         fix.",
    ),
    item(
        "6.2",
        6,
        "Stage 1: the complaint is acknowledged, defined and logged within 5 working days of being \
         received.",
    ),
    item(
        "6.3",
        6,
        "Stage 1: a full response is sent within 10 working days of the acknowledgement.",
    ),
    item(
        "6.4",
        6,
        "Stage 1: decide from the complaint's complexity whether more time is needed and tell the \
         resident when to expect the response; an extension is at most 10 working days unless \
         there is good reason, and its reasons are clearly explained.",
    ),
    item(
        "6.5",
        6,
        "Stage 1: a resident told of an extension must also be given the Ombudsman's contact \
         details.",
    ),
    item(
        "6.6",
        6,
        "Stage 1: send the response once the answer is known, without waiting for the work it \
         calls for to finish; outstanding actions are still tracked, done promptly and the \
         resident kept updated.",
    ),
    item(
        "6.7",
        6,
        "Stage 1: the response covers every point in the complaint definition and gives clear \
         reasons for each decision, referring where relevant to policy, law and good practice.",
    ),
    item(
        "6.8",
        6,
        "Stage 1: related new issues raised before the response is sent are included in it; if the \
         response has gone, the issues are unrelated, or including them would unduly delay it, \
         they are logged as a new complaint.",
    ),
    item(
        "6.9",
        6,
        "Stage 1: at the end, tell the resident in writing and in plain language the stage, the \
         complaint definition, the decision and its reasons, any remedy, any outstanding actions, \
         and how to escalate to stage 2.",
    ),
    // Section 6: Complaint stages. Stage 2.
    item(
        "6.10",
        6,
        "Any part of a complaint the resident is still unhappy with after stage 1 must go on to \
         stage 2, which is the landlord's final response.",
    ),
    item(
        "6.11",
        6,
        "Stage 2: the escalation request is acknowledged, defined and logged within 5 working days \
         of being received.",
    ),
    item(
        "6.12",
        6,
        "Stage 2: residents need not give reasons for escalating, but the landlord should make \
         reasonable efforts to understand why they are still unhappy.",
    ),
    item(
        "6.13",
        6,
        "Stage 2: the complaint is considered by someone other than the person who considered it \
         at stage 1.",
    ),
    item(
        "6.14",
        6,
        "Stage 2: the final response is sent within 20 working days of the acknowledgement.",
    ),
    item(
        "6.15",
        6,
        "Stage 2: decide from the complaint's complexity whether more time is needed and tell the \
         resident when to expect the response; an extension is at most 20 working days unless \
         there is good reason, and its reasons are clearly explained.",
    ),
    item(
        "6.16",
        6,
        "Stage 2: a resident told of an extension must also be given the Ombudsman's contact \
         details.",
    ),
    item(
        "6.17",
        6,
        "Stage 2: send the response once the answer is known, without waiting for the work it \
         calls for to finish; outstanding actions are still tracked, done promptly and the \
         resident kept updated.",
    ),
    item(
        "6.18",
        6,
        "Stage 2: the response covers every point in the complaint definition and gives clear \
         reasons for each decision, referring where relevant to policy, law and good practice.",
    ),
    item(
        "6.19",
        6,
        "Stage 2: at the end, tell the resident in writing and in plain language the stage, the \
         complaint definition, the decision and its reasons, any remedy, any outstanding actions, \
         and how to take the matter to the Ombudsman.",
    ),
    item(
        "6.20",
        6,
        "Stage 2 is the landlord's last word, so it must draw in every member of staff needed to \
         give that response.",
    ),
    // Section 7: Putting things right
    item(
        "7.1",
        7,
        "Where something went wrong the landlord must say so and set out what it has done or will \
         do to put it right, e.g. an apology, explanation, changed decision, corrected record, \
         financial remedy or changed policy or practice.",
    ),
    item(
        "7.2",
        7,
        "A remedy must reflect how the fault found affected the resident.",
    ),
    item(
        "7.3",
        7,
        "A remedy offer must say clearly what will be done and by when, agreed with the resident \
         where appropriate, and the remedy must be carried through to completion.",
    ),
    item(
        "7.4",
        7,
        "Remedies are decided taking account of the Ombudsman's guidance on remedies.",
    ),
    // Section 8: Self-assessment, reporting and compliance
    item(
        "8.1",
        8,
        "Produce a yearly complaints performance and service improvement report: the Code \
         self-assessment, analysis of performance (including kinds of complaint refused), any \
         Ombudsman non-compliance findings, improvements made, and relevant Ombudsman reports.",
    ),
    item(
        "8.2",
        8,
        "The yearly report goes to the governing body (or equivalent) and is published in the \
         complaints part of the landlord's website together with the governing body's response.",
    ),
    item(
        "8.3",
        8,
        "Carry out a fresh self-assessment after a significant restructure, merger or change of \
         procedures.",
    ),
    item(
        "8.4",
        8,
        "After an investigation the Ombudsman may ask the landlord to revisit and update its \
         self-assessment.",
    ),
    item(
        "8.5",
        8,
        "If exceptional events such as a cyber incident stop the landlord complying, it must tell \
         the Ombudsman, inform affected residents, publish the fact on its website and give a date \
         for complying again.",
    ),
    // Section 9: Scrutiny & oversight: continuous learning and improvement
    item(
        "9.1",
        9,
        "Look past the single complaint and consider what service improvements its lessons could \
         bring.",
    ),
    item(
        "9.2",
        9,
        "As part of a positive complaint handling culture, use complaints as intelligence to spot \
         problems and improve how services are delivered.",
    ),
    item(
        "9.3",
        9,
        "Be accountable and open by reporting the wider lessons and improvements that complaints \
         bring to stakeholders, e.g. residents' panels, staff and relevant committees.",
    ),
    item(
        "9.4",
        9,
        "Appoint a suitably senior lead accountable for complaint handling, who reviews themes and \
         trends to find systemic issues, serious risks and policies or procedures needing change.",
    ),
    item(
        "9.5",
        9,
        "Give one member of the governing body (or its equivalent) lead responsibility for \
         complaints, known as the Member Responsible for Complaints (MRC), to foster a positive \
         complaint handling culture.",
    ),
    item(
        "9.6",
        9,
        "The MRC makes sure the governing body regularly gets complaints information that gives \
         insight into performance, and must have the information and staff needed to do so and to \
         report findings.",
    ),
    item(
        "9.7",
        9,
        "The MRC and governing body get at least: regular figures on complaint volumes, \
         categories, outcomes and handling performance; reviews of issues and trends; Ombudsman \
         outcomes and progress on severe maladministration orders; and the yearly report.",
    ),
    item(
        "9.8",
        9,
        "Relevant staff and third parties have a standard complaint handling objective: work \
         together across teams to resolve complaints, share responsibility for shortfalls instead \
         of blaming others, and meet relevant professional bodies' standards.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::Path;

    fn catalogue() -> &'static [Provision] {
        provisions(EDITION_2024).unwrap()
    }

    #[test]
    fn numbers_are_unique() {
        let mut seen = HashSet::new();
        for p in catalogue() {
            assert!(seen.insert(p.number), "{} appears twice", p.number);
        }
    }

    #[test]
    fn numbers_are_in_code_order() {
        for pair in catalogue().windows(2) {
            assert_eq!(
                order(pair[0].number, pair[1].number),
                Some(Ordering::Less),
                "{} should come before {}",
                pair[0].number,
                pair[1].number
            );
        }
    }

    #[test]
    fn every_provision_belongs_to_an_existing_section() {
        let sections = sections(EDITION_2024).unwrap();
        for p in catalogue() {
            let (before_dot, _) = p.number.split_once('.').unwrap();
            assert_eq!(before_dot.parse::<u8>().unwrap(), p.section, "{}", p.number);
            assert!(
                sections.iter().any(|s| s.number == p.section),
                "{} names missing section {}",
                p.number,
                p.section
            );
        }
    }

    #[test]
    fn sections_run_one_to_nine_and_each_has_provisions() {
        let sections = sections(EDITION_2024).unwrap();
        let numbers: Vec<u8> = sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, (1..=9).collect::<Vec<u8>>());
        for s in sections {
            assert!(!s.title.trim().is_empty());
            assert!(
                catalogue().iter().any(|p| p.section == s.number),
                "section {} has no provisions",
                s.number
            );
        }
    }

    #[test]
    fn summaries_are_present_and_short() {
        for p in catalogue() {
            assert!(!p.summary.trim().is_empty(), "{} has no summary", p.number);
            assert!(
                p.summary.chars().count() < 400,
                "{} summary is {} characters",
                p.number,
                p.summary.chars().count()
            );
        }
    }

    #[test]
    fn catalogue_runs_from_1_2_to_9_8() {
        assert_eq!(catalogue().first().map(|p| p.number), Some("1.2"));
        assert_eq!(catalogue().last().map(|p| p.number), Some("9.8"));
    }

    #[test]
    fn catalogue_holds_the_provisions_other_code_relies_on() {
        for number in [
            "6.2", "6.3", "6.4", "6.11", "6.13", "6.14", "6.15", "5.10", "5.14", "7.3", "9.1",
            "1.4", "2.1",
        ] {
            let p = provision(EDITION_2024, number);
            assert!(p.is_some(), "{number} is missing");
            assert_eq!(p.map(|p| p.number), Some(number));
        }
    }

    #[test]
    fn order_compares_numerically() {
        assert_eq!(order("6.10", "6.9"), Some(Ordering::Greater));
        assert_eq!(order("6.9", "6.10"), Some(Ordering::Less));
        assert_eq!(order("5.15", "6.1"), Some(Ordering::Less));
        assert_eq!(order("6.3", "6.3"), Some(Ordering::Equal));
        for bad in ["", "6", "6.", ".3", "6.3.1", "a.b", "+6.3", "6.-3", " 6.3"] {
            assert_eq!(order(bad, "6.3"), None, "{bad:?}");
            assert_eq!(order("6.3", bad), None, "{bad:?}");
        }
    }

    #[test]
    fn unknown_edition_gives_none() {
        assert_eq!(sections("hoc-2020"), None);
        assert_eq!(provisions("hoc-2020"), None);
        assert_eq!(provision("hoc-2020", "6.3"), None);
        assert_eq!(provision(EDITION_2024, "6.99"), None);
        assert_eq!(editions(), &[EDITION_2024]);
        for edition in editions() {
            assert!(sections(edition).is_some() && provisions(edition).is_some());
        }
    }

    /// The first cell of a seed row with its HTML tags and surrounding space removed.
    fn first_cell(line: &str) -> String {
        let cell = line.split('\t').next().unwrap_or("");
        let mut text = String::new();
        let mut in_tag = false;
        for c in cell.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.trim().to_owned()
    }

    /// The published self-assessments in the shared seeds, where present, number only
    /// provisions that the catalogue holds. Skipped when the seeds folder is absent.
    #[test]
    fn seed_self_assessments_name_only_catalogued_provisions() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let (mut files, mut found) = (0, 0);
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                let cell = first_cell(line);
                if parse(&cell).is_none() {
                    continue;
                }
                found += 1;
                assert!(
                    provision(EDITION_2024, &cell).is_some(),
                    "{} names provision {cell}, which is not in the catalogue",
                    path.display()
                );
            }
        }
        assert!(
            files == 0 || found > 0,
            "no provision numbers read from {}",
            dir.display()
        );
    }
}
