//! The landlord's day: dates are reckoned in Europe/London.

use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// Today's date in England.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&London).date_naive()
}

/// The financial year (1 April to 31 March) that `d` falls in, by its starting year.
pub fn financial_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}
