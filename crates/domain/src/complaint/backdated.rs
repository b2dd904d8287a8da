//! The letter of an action recorded with an earlier effective date (docs/rules.md,
//! "Backdated actions"). Staff often record on a later day what they did by phone, by letter
//! or in person. The resident must not receive a second letter for something they already
//! have, nor a letter dated in the past: so a backdated action asks whether its letter
//! already went out by other means.
//!
//! - It did: the letter is recorded as sent on the action's day, and nothing is emailed.
//! - It did not: the letter goes now, dated today, and says on which day the action took
//!   effect, since the next deadline counts from that day.

use super::machine::{Refusal, field};
use chrono::NaiveDate;

/// What becomes of an action's letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterTiming {
    /// The action is today's: its letter goes now.
    Now,
    /// The action took effect on an earlier day and its letter goes now, dated today, saying
    /// when it took effect.
    NowFor { took_effect_on: NaiveDate },
    /// The letter already went to the resident by other means on this day: it is recorded
    /// as sent then, and nothing is emailed or waits to be posted.
    AlreadySent { on: NaiveDate },
}

impl LetterTiming {
    /// The day the letter bears.
    pub fn dated(self, today: NaiveDate) -> NaiveDate {
        match self {
            LetterTiming::Now | LetterTiming::NowFor { .. } => today,
            LetterTiming::AlreadySent { on } => on,
        }
    }
}

/// Settles what becomes of the letter of an action taking effect `on`, given the answer to
/// "did its letter already go out by other means?". The answer is required when the action
/// is backdated.
pub fn letter_timing(
    on: NaiveDate,
    today: NaiveDate,
    already_sent: Option<bool>,
) -> Result<LetterTiming, Refusal> {
    match already_sent {
        Some(true) => Ok(LetterTiming::AlreadySent { on }),
        Some(false) | None if on >= today => Ok(LetterTiming::Now),
        Some(false) => Ok(LetterTiming::NowFor { took_effect_on: on }),
        None => Err(field(
            "letter_already_sent",
            format!(
                "this took effect on {on}, before today: say whether its letter already went to the \
                 resident by other means (true: it is recorded as sent on {on} and nothing is \
                 emailed; false: it goes now, dated today, and says when this took effect)"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn todays_action_sends_its_letter_now() {
        let today = d("2026-03-10");
        assert_eq!(letter_timing(today, today, None), Ok(LetterTiming::Now));
        assert_eq!(
            letter_timing(today, today, Some(false)),
            Ok(LetterTiming::Now)
        );
        assert_eq!(LetterTiming::Now.dated(today), today);
    }

    #[test]
    fn a_backdated_action_must_say_whether_its_letter_went() {
        let today = d("2026-03-10");
        let Err(Refusal::Field { field, message }) = letter_timing(d("2026-03-06"), today, None)
        else {
            panic!("refused");
        };
        assert_eq!(field, "letter_already_sent");
        assert!(message.contains("2026-03-06"), "{message}");
    }

    #[test]
    fn a_letter_sent_by_other_means_is_dated_its_day_and_one_sent_now_today() {
        let today = d("2026-03-10");
        let on = d("2026-03-06");
        let sent = letter_timing(on, today, Some(true)).unwrap();
        assert_eq!(sent, LetterTiming::AlreadySent { on });
        assert_eq!(sent.dated(today), on);
        let now = letter_timing(on, today, Some(false)).unwrap();
        assert_eq!(now, LetterTiming::NowFor { took_effect_on: on });
        assert_eq!(
            now.dated(today),
            today,
            "no letter sent today carries a past date"
        );
    }
}
