use sea_orm::{DbErr, SqlErr};

/// What went wrong in the store, in terms the API maps to one status each.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Absent, or another landlord's: the two are never told apart.
    #[error("not found")]
    NotFound,
    /// The change conflicts with what is already recorded.
    #[error("{0}")]
    Conflict(String),
    /// A value that refers to something that does not exist for this landlord.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => {
                tracing::debug!(%detail, "unique constraint violated");
                StoreError::Conflict("a record with the same unique value already exists".into())
            }
            _ => StoreError::Db(err),
        }
    }
}

/// A stored value the store cannot read back (an unknown status, malformed JSON): the one
/// error every module reports it with, naming the column.
pub(crate) fn corrupt(what: &str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored {what} is not valid: {err}")))
}

impl StoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
