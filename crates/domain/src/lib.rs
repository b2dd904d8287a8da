//! The rules of the Housing Ombudsman's Complaint Handling Code that need no IO:
//! the working-day calendar and deadlines, roles, timescales and validated values.
//! Nothing here touches a database, the network or the clock.

/// Defines a string-backed enum with `as_str`, `parse` (naming the allowed values) and `ALL`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the wire name; the error lists the allowed values.
            pub fn parse(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "must be one of {}",
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod annual_report;
pub mod attachments;
pub mod calendar;
pub mod complaint;
pub mod early_warning;
pub mod figures;
pub mod learning;
pub mod ombudsman;
pub mod provisions;
pub mod readability;
pub mod remedy_guidance;
pub mod restrictions;
pub mod roles;
pub mod self_assessment;
pub mod timescales;
pub mod values;
