//! Keyset paging by id: ids are UUIDv7, so id order is creation order.

use uuid::Uuid;

#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: u64,
    /// The last id of the previous page.
    pub after: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The id to continue after, when there is more.
    pub next: Option<Uuid>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in id order.
    pub(crate) fn from_rows(mut rows: Vec<T>, req: PageRequest, id: impl Fn(&T) -> Uuid) -> Self {
        let limit = usize::try_from(req.limit).unwrap_or(usize::MAX);
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(&id)
        } else {
            None
        };
        Page { items: rows, next }
    }
}
