//! Cursor paging: `?limit=&cursor=` in, `{items, next_cursor}` out (docs/api.md, "Lists and
//! paging").

use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// At most 200; 50 when absent.
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn request(&self) -> Result<redress_store::page::PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::invalid("limit", "must be between 1 and 200"));
        }
        let after = match &self.cursor {
            None => None,
            Some(c) => Some(
                Uuid::parse_str(c)
                    .map_err(|_| ApiError::invalid("cursor", "is not a cursor this API gave"))?,
            ),
        };
        Ok(redress_store::page::PageRequest { limit, after })
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> Page<T> {
    pub fn from_store<S>(page: redress_store::page::Page<S>, f: impl Fn(S) -> T) -> Self {
        Page {
            items: page.items.into_iter().map(f).collect(),
            next_cursor: page.next.map(|id| id.to_string()),
        }
    }
}
