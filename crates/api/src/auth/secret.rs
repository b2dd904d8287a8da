//! Random secrets handed to people (refresh tokens, invitation tokens, links) and their
//! stored hashes: the store's, so that the API and the store hash alike.

pub use redress_store::seal::{hash_token, new_token};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_their_hashes_differ_from_them() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_ne!(hash_token(&a), a);
        assert_eq!(hash_token(&a), hash_token(&a));
    }
}
