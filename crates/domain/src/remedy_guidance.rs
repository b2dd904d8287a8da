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

#[cfg(test)]
mod tests {
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
