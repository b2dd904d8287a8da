use uuid::Uuid;

/// The landlord a piece of work is done for. Every repository function that touches a
/// tenant-owned table takes one and filters by it (docs/roles.md, "Another landlord's
/// records").
///
/// There are two ways to get one: [`crate::memberships::authorize_session`], which checks the signed-in
/// user's active membership of the landlord (the API's auth extractor calls it), and
/// [`TenantScope::for_system_task`], for the server's own work that no request drives
/// (seeding demo data, scheduled jobs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantScope {
    landlord_id: Uuid,
}

impl TenantScope {
    pub(crate) fn new(landlord_id: Uuid) -> Self {
        Self { landlord_id }
    }

    /// A scope for work the server does on its own behalf. Never build one from request data.
    pub fn for_system_task(landlord_id: Uuid) -> Self {
        Self { landlord_id }
    }

    pub fn landlord_id(&self) -> Uuid {
        self.landlord_id
    }
}
