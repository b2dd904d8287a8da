//! Guidance on financial remedies: the Housing Ombudsman's bands of financial redress, shipped
//! as defaults with their source, which each landlord may edit to its own copy, and the checks
//! a landlord's copy must pass. The portal shows them, with the landlord's own compensation
//! policy and what it offered before, when a response offers a financial remedy.

use serde::{Deserialize, Serialize};

/// Where the shipped bands come from.
pub const SOURCE: &str = "Housing Ombudsman Service, Guidance on remedies, \
\"Guidance on calculating financial redress\"";

/// The revision of the guidance the shipped bands were taken from.
pub const SOURCE_DATE: &str = "April 2024";

/// One band of financial redress: from an amount (inclusive) up to the next band's start, in
/// pence, with what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyBand {
    pub from_pence: u64,
    /// The band's top (exclusive: the next band starts there); none for the last band.
    pub to_pence: Option<u64>,
    pub description: String,
}

/// The Ombudsman's bands, as shipped.
pub fn default_bands() -> Vec<RemedyBand> {
    let band = |from: u64, to: Option<u64>, description: &str| RemedyBand {
        from_pence: from * 100,
        to_pence: to.map(|t| t * 100),
        description: description.to_owned(),
    };
    vec![
        band(
            1,
            Some(100),
            "Minor failure: a failure that had little effect on the resident",
        ),
        band(
            100,
            Some(600),
            "A failure that adversely affected the resident, which the landlord did not put right",
        ),
        band(
            600,
            Some(1_000),
            "A failure that had a significant impact on the resident",
        ),
        band(
            1_000,
            None,
            "Serious detriment to the resident, or severe maladministration",
        ),
    ]
}

/// The band an amount falls in, by its index.
pub fn band_of(bands: &[RemedyBand], pence: u64) -> Option<usize> {
    bands
        .iter()
        .position(|b| pence >= b.from_pence && b.to_pence.is_none_or(|t| pence < t))
}

/// What is wrong with a landlord's copy of the bands, by the field it is about
/// (`remedy_bands[i].from_pence` and so on); none when it may be saved. The bands start at
/// a penny or more, each ends where the next begins, and only the last is open-ended.
pub fn bands_problem(bands: &[RemedyBand]) -> Option<(String, String)> {
    if bands.is_empty() {
        return Some(("remedy_bands".into(), "give at least one band".into()));
    }
    if bands.len() > 10 {
        return Some(("remedy_bands".into(), "give at most 10 bands".into()));
    }
    for (i, b) in bands.iter().enumerate() {
        let field = |f: &str| format!("remedy_bands[{i}].{f}");
        let d = b.description.trim();
        if d.is_empty() || d.chars().count() > 300 {
            return Some((
                field("description"),
                "must say what the band is for, in at most 300 characters".into(),
            ));
        }
        if i == 0 && b.from_pence == 0 {
            return Some((field("from_pence"), "must be at least 1 penny".into()));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|p| bands.get(p))
            && prev.to_pence != Some(b.from_pence)
        {
            return Some((
                field("from_pence"),
                "must start where the band before it ends".into(),
            ));
        }
        match b.to_pence {
            Some(to) if to <= b.from_pence => {
                return Some((
                    field("to_pence"),
                    "must be more than where the band starts".into(),
                ));
            }
            None if i + 1 < bands.len() => {
                return Some((
                    field("to_pence"),
                    "only the last band may be open-ended".into(),
                ));
            }
            _ => {}
        }
    }
    None
}

/// The middle of the amounts offered (the mean of the two middle ones for an even count).
pub fn median(amounts: &mut [u64]) -> Option<u64> {
    amounts.sort_unstable();
    let n = amounts.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => amounts.get(n / 2).copied(),
        _ => Some((amounts.get(n / 2 - 1)? + amounts.get(n / 2)?) / 2),
    }
}

vocabulary! {
    /// What a part of a financial award is for. The Ombudsman's remedies guidance looks at
    /// each failing separately: the service failure complained of (the repair, say), the
    /// handling of the complaint, the resident's time and trouble, distress and inconvenience.
    Failing {
        Service = "service",
        ComplaintHandling = "complaint_handling",
        TimeAndTrouble = "time_and_trouble",
        DistressAndInconvenience = "distress_and_inconvenience",
        Other = "other",
    }
}

impl Failing {
    /// Completes "£200 for ...".
    pub fn in_words(self) -> &'static str {
        match self {
            Failing::Service => "the service failure",
            Failing::ComplaintHandling => "complaint handling",
            Failing::TimeAndTrouble => "time and trouble",
            Failing::DistressAndInconvenience => "distress and inconvenience",
            Failing::Other => "other failings",
        }
    }
}

/// One part of a financial award: how much of it is for which failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyPart {
    pub failing: Failing,
    pub amount_pence: i64,
}

/// What is wrong with an award's parts, if anything: they must add up to the award, and name
/// each failing once.
pub fn parts_problem(amount_pence: i64, parts: &[RemedyPart]) -> Option<String> {
    let mut seen = Vec::new();
    for p in parts {
        if seen.contains(&p.failing) {
            return Some(format!(
                "name each failing once: {} is named twice",
                p.failing.as_str()
            ));
        }
        seen.push(p.failing);
    }
    let total: i64 = parts.iter().map(|p| p.amount_pence).sum();
    (!parts.is_empty() && total != amount_pence).then(|| {
        format!(
            "must add up to the award: they come to {}, the award is {}",
            crate::values::pounds(total),
            crate::values::pounds(amount_pence)
        )
    })
}

/// An award in words, with its parts when it has more than one: "£700.00 (£500.00 for the
/// service failure and £200.00 for complaint handling)".
pub fn award_in_words(amount_pence: i64, parts: &[RemedyPart]) -> String {
    let total = crate::values::pounds(amount_pence);
    if parts.len() < 2 {
        return total;
    }
    let each: Vec<String> = parts
        .iter()
        .map(|p| {
            format!(
                "{} for {}",
                crate::values::pounds(p.amount_pence),
                p.failing.in_words()
            )
        })
        .collect();
    let (last, rest) = each
        .split_last()
        .map(|(l, r)| (l.clone(), r.join(", ")))
        .unwrap_or_default();
    format!("{total} ({rest} and {last})")
}

/// How many awards fell in each band, and what they came to (pence), band by band. An award
/// below the first band (under a penny) is in none.
pub fn tally_by_band(bands: &[RemedyBand], awards: &[i64]) -> Vec<(u64, i64)> {
    let mut out = vec![(0u64, 0i64); bands.len()];
    for &a in awards {
        let Ok(pence) = u64::try_from(a) else {
            continue;
        };
        if let Some(i) = band_of(bands, pence)
            && let Some(slot) = out.get_mut(i)
        {
            slot.0 += 1;
            slot.1 += a;
        }
    }
    out
}

/// What the awards' parts came to by failing, in the list's order (failings with none left
/// out): how many awards had a part for it, and the parts' total; then how many awards were
/// not split, and what they came to.
pub fn tally_by_failing(awards: &[(i64, Vec<RemedyPart>)]) -> (Vec<(Failing, u64, i64)>, u64, i64) {
    let mut by: Vec<(Failing, u64, i64)> = Failing::ALL.iter().map(|f| (*f, 0, 0)).collect();
    let (mut unsplit, mut unsplit_pence) = (0u64, 0i64);
    for (amount, parts) in awards {
        if parts.is_empty() {
            unsplit += 1;
            unsplit_pence += amount;
        }
        for p in parts {
            if let Some(slot) = by.iter_mut().find(|(f, _, _)| *f == p.failing) {
                slot.1 += 1;
                slot.2 += p.amount_pence;
            }
        }
    }
    by.retain(|(_, n, _)| *n > 0);
    (by, unsplit, unsplit_pence)
}

#[cfg(test)]
mod tests {

    #[test]
    fn awards_are_counted_by_band_and_by_failing() {
        let bands = default_bands();
        // £50, £150, £700 (split), £1,200.
        let part = |failing, amount_pence| RemedyPart {
            failing,
            amount_pence,
        };
        let awards = vec![
            (5_000, vec![]),
            (15_000, vec![]),
            (
                70_000,
                vec![
                    part(Failing::Service, 50_000),
                    part(Failing::ComplaintHandling, 20_000),
                ],
            ),
            (120_000, vec![part(Failing::Service, 120_000)]),
        ];
        let amounts: Vec<i64> = awards.iter().map(|(a, _)| *a).collect();
        assert_eq!(
            tally_by_band(&bands, &amounts),
            vec![(1, 5_000), (1, 15_000), (1, 70_000), (1, 120_000)]
        );
        assert_eq!(tally_by_band(&bands, &[0, -5]), vec![(0, 0); 4]);
        let (by, unsplit, unsplit_pence) = tally_by_failing(&awards);
        assert_eq!(
            by,
            vec![
                (Failing::Service, 2, 170_000),
                (Failing::ComplaintHandling, 1, 20_000)
            ]
        );
        assert_eq!((unsplit, unsplit_pence), (2, 20_000));
    }

    #[test]
    fn an_award_is_split_into_parts_that_add_up() {
        let part = |failing, amount_pence| RemedyPart {
            failing,
            amount_pence,
        };
        let parts = [
            part(Failing::Service, 50_000),
            part(Failing::ComplaintHandling, 20_000),
        ];
        assert_eq!(parts_problem(70_000, &parts), None);
        assert_eq!(parts_problem(70_000, &[]), None);
        assert_eq!(
            parts_problem(60_000, &parts).as_deref(),
            Some("must add up to the award: they come to £700.00, the award is £600.00")
        );
        assert!(
            parts_problem(100_000, &[parts[0], parts[0]])
                .is_some_and(|p| p.contains("service is named twice"))
        );
        assert_eq!(
            award_in_words(70_000, &parts),
            "£700.00 (£500.00 for the service failure and £200.00 for complaint handling)"
        );
        assert_eq!(award_in_words(70_000, &parts[..1]), "£700.00");
        let three = [
            parts[0],
            parts[1],
            part(Failing::DistressAndInconvenience, 10_000),
        ];
        assert_eq!(
            award_in_words(80_000, &three),
            "£800.00 (£500.00 for the service failure, £200.00 for complaint handling and £100.00 for distress and inconvenience)"
        );
    }

    use super::*;

    #[test]
    fn the_shipped_bands_place_each_amount_once() {
        let b = default_bands();
        assert_eq!(bands_problem(&b), None);
        assert_eq!(band_of(&b, 5_000), Some(0));
        assert_eq!(band_of(&b, 10_000), Some(1));
        assert_eq!(band_of(&b, 59_999), Some(1));
        assert_eq!(band_of(&b, 60_000), Some(2));
        assert_eq!(band_of(&b, 250_000), Some(3));
        assert_eq!(band_of(&b, 0), None);
    }

    #[test]
    fn a_landlords_copy_must_run_on_without_gaps() {
        let mut b = default_bands();
        b[2].from_pence = 70_000;
        assert_eq!(
            bands_problem(&b).map(|p| p.0),
            Some("remedy_bands[2].from_pence".to_owned())
        );
        let mut b = default_bands();
        b[1].to_pence = None;
        assert_eq!(
            bands_problem(&b).map(|p| p.0),
            Some("remedy_bands[1].to_pence".to_owned())
        );
        let mut b = default_bands();
        b[0].description = " ".into();
        assert!(bands_problem(&b).is_some());
        assert!(bands_problem(&[]).is_some());
    }

    #[test]
    fn the_median_of_what_was_offered() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [300, 100, 200]), Some(200));
        assert_eq!(median(&mut [400, 100, 200, 300]), Some(250));
    }
}
