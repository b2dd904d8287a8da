//! The landlord's day: dates are reckoned in Europe/London.

use chrono::{NaiveDate, Utc};
use chrono_tz::Europe::London;

/// Today's date in England.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&London).date_naive()
}

pub use redress_domain::figures::financial_year_of;
