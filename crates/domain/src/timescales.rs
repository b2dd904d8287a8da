//! The Code's timescales (docs/rules.md, "Timescales") and a scheme's own, which may be
//! shorter, never longer.

use serde::{Deserialize, Serialize};

/// Working-day timescales of a complaint scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timescales {
    /// Code 6.2: stage 1 acknowledged, defined and logged within 5 working days of receipt.
    pub stage1_acknowledge: u32,
    /// Code 6.3: stage 1 response within 10 working days of the acknowledgement.
    pub stage1_response: u32,
    /// Code 6.4: a stage 1 extension of at most 10 working days without a recorded good reason.
    pub stage1_extension: u32,
    /// Code 6.11: stage 2 acknowledged, defined and logged within 5 working days of the request.
    pub stage2_acknowledge: u32,
    /// Code 6.14: stage 2 final response within 20 working days of the acknowledgement.
    pub stage2_response: u32,
    /// Code 6.15: a stage 2 extension of at most 20 working days without a recorded good reason.
    pub stage2_extension: u32,
}

impl Timescales {
    /// The Complaint Handling Code's defaults (Code 6.2–6.4, 6.11, 6.14, 6.15).
    pub const CODE: Timescales = Timescales {
        stage1_acknowledge: 5,
        stage1_response: 10,
        stage1_extension: 10,
        stage2_acknowledge: 5,
        stage2_response: 20,
        stage2_extension: 20,
    };

    fn fields(&self) -> [(&'static str, u32); 6] {
        [
            ("stage1_acknowledge", self.stage1_acknowledge),
            ("stage1_response", self.stage1_response),
            ("stage1_extension", self.stage1_extension),
            ("stage2_acknowledge", self.stage2_acknowledge),
            ("stage2_response", self.stage2_response),
            ("stage2_extension", self.stage2_extension),
        ]
    }

    /// A landlord may set shorter timescales than the Code, never longer, and never zero.
    /// Returns one error per offending field.
    pub fn validate(&self) -> Result<(), Vec<TimescaleError>> {
        let errors: Vec<TimescaleError> = self
            .fields()
            .into_iter()
            .zip(Timescales::CODE.fields())
            .filter_map(|((field, value), (_, code))| {
                if value == 0 {
                    Some(TimescaleError {
                        field,
                        message: "must be at least 1 working day".to_owned(),
                    })
                } else if value > code {
                    Some(TimescaleError {
                        field,
                        message: format!(
                            "{value} working days is longer than the Code allows ({code}); a landlord may set shorter timescales, never longer"
                        ),
                    })
                } else {
                    None
                }
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Default for Timescales {
    fn default() -> Self {
        Timescales::CODE
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimescaleError {
    pub field: &'static str,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_own_timescales_are_valid() {
        assert_eq!(Timescales::CODE.validate(), Ok(()));
    }

    #[test]
    fn shorter_timescales_are_allowed() {
        let t = Timescales {
            stage1_acknowledge: 3,
            stage2_response: 15,
            ..Timescales::CODE
        };
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn a_timescale_longer_than_the_code_is_refused_naming_the_field() {
        let t = Timescales {
            stage1_response: 15,
            ..Timescales::CODE
        };
        let errors = t.validate().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "stage1_response");
        assert!(
            errors[0]
                .message
                .contains("longer than the Code allows (10)")
        );
    }

    #[test]
    fn a_zero_timescale_is_refused() {
        let t = Timescales {
            stage2_acknowledge: 0,
            ..Timescales::CODE
        };
        assert_eq!(t.validate().unwrap_err()[0].field, "stage2_acknowledge");
    }
}
