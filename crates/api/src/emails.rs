//! Emails the API queues in the outbox about people's accounts. Plain text with an HTML
//! alternative. A link that works as a credential (accepting an invitation, resetting a
//! password, confirming an address) is sealed: the stored message carries a placeholder and
//! the worker puts the link in as it sends (see `redress_store::outbox::LINK_PLACEHOLDER`).

use crate::error::ApiError;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use redress_domain::roles::Role;
use redress_store::OutgoingEmail;
use redress_store::outbox::LINK_PLACEHOLDER;
use redress_store::seal::DataKey;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&London)
        .format("%-d %B %Y at %H:%M")
        .to_string()
}

/// A message of paragraphs, with at most one link, which is sealed.
struct Message<'a> {
    to: &'a str,
    subject: String,
    before: Vec<String>,
    link: Option<(&'a str, &'a str)>,
    after: Vec<String>,
}

impl Message<'_> {
    fn build(self, key: &DataKey) -> Result<OutgoingEmail, ApiError> {
        let mut text = String::from("Hello,\n\n");
        let mut html = String::from(
            "<!doctype html><html lang=\"en\"><body style=\"font-family: Arial, sans-serif; \
             font-size: 19px; line-height: 1.4\"><p>Hello,</p>",
        );
        for p in &self.before {
            text.push_str(p);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", escape(p)));
        }
        let mut sealed_link = None;
        if let Some((label, url)) = self.link {
            text.push_str(&format!("{label}:\n{LINK_PLACEHOLDER}\n\n"));
            html.push_str(&format!(
                "<p><a href=\"{LINK_PLACEHOLDER}\">{}</a></p>",
                escape(label)
            ));
            sealed_link = Some(
                redress_store::outbox::seal_link(key, url, self.to)
                    .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?,
            );
        }
        for p in &self.after {
            text.push_str(p);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", escape(p)));
        }
        html.push_str("</body></html>");
        Ok(OutgoingEmail {
            outbox_id: None,
            to: self.to.to_owned(),
            subject: self.subject,
            text,
            html: Some(html),
            sealed_link,
            ..Default::default()
        })
    }
}

/// The invitation to join a landlord on Redress, with the link that accepts it.
pub fn invitation(
    key: &DataKey,
    to: &str,
    landlord_name: &str,
    role: Role,
    accept_url: &str,
    expires_at: DateTime<Utc>,
) -> Result<OutgoingEmail, ApiError> {
    Message {
        to,
        subject: format!("You are invited to {landlord_name}'s complaints portal"),
        before: vec![format!(
            "{landlord_name} has invited you to its complaints portal, Redress, as {}.",
            role.phrase()
        )],
        link: Some(("Accept the invitation", accept_url)),
        after: vec![
            "If you already have an account on Redress with this email address, you will be \
             asked to sign in with it to accept. Otherwise you will choose your name and a \
             password."
                .to_owned(),
            format!(
                "The invitation expires on {} (UK time). If you were not expecting it, you can \
                 ignore this email.",
                when(expires_at)
            ),
        ],
    }
    .build(key)
}

/// The link that sets a new password.
pub fn password_reset(
    key: &DataKey,
    to: &str,
    reset_url: &str,
    expires_at: DateTime<Utc>,
) -> Result<OutgoingEmail, ApiError> {
    Message {
        to,
        subject: "Reset your Redress password".to_owned(),
        before: vec![
            "Someone asked to reset the password of your Redress account. If it was you, use \
             this link to choose a new one. Setting it signs you out everywhere."
                .to_owned(),
        ],
        link: Some(("Choose a new password", reset_url)),
        after: vec![format!(
            "The link works once, until {} (UK time). If you did not ask for it, ignore this \
             email: your password stays as it is.",
            when(expires_at)
        )],
    }
    .build(key)
}

/// Tells the account's owner that its password was changed.
pub fn password_changed(key: &DataKey, to: &str) -> Result<OutgoingEmail, ApiError> {
    Message {
        to,
        subject: "Your Redress password was changed".to_owned(),
        before: vec![
            "The password of your Redress account has just been changed, and every session \
             of the account has been signed out."
                .to_owned(),
            "If this was not you, reset your password from the sign-in page at once and tell \
             your landlord's Redress admin."
                .to_owned(),
        ],
        link: None,
        after: vec![],
    }
    .build(key)
}

/// Asks the new address to confirm that it is the account's.
pub fn email_change_confirmation(
    key: &DataKey,
    to: &str,
    confirm_url: &str,
    expires_at: DateTime<Utc>,
) -> Result<OutgoingEmail, ApiError> {
    Message {
        to,
        subject: "Confirm your new email address for Redress".to_owned(),
        before: vec![
            "You asked to use this email address for your Redress account. Confirm it with \
             this link; until you do, the account keeps its old address."
                .to_owned(),
        ],
        link: Some(("Confirm this email address", confirm_url)),
        after: vec![format!(
            "The link works once, until {} (UK time). If you did not ask for this, ignore \
             this email.",
            when(expires_at)
        )],
    }
    .build(key)
}

/// Tells the old address that a change of address was asked for, or made.
pub fn email_change_notice(
    key: &DataKey,
    to: &str,
    new_email: &str,
    done: bool,
) -> Result<OutgoingEmail, ApiError> {
    let first = if done {
        format!("The email address of your Redress account is now {new_email}.")
    } else {
        format!(
            "Someone signed in to your Redress account asked to change its email address to \
             {new_email}. It changes only once that address confirms it."
        )
    };
    Message {
        to,
        subject: "The email address of your Redress account".to_owned(),
        before: vec![
            first,
            "If this was not you, reset your password from the sign-in page at once and tell \
             your landlord's Redress admin."
                .to_owned(),
        ],
        link: None,
        after: vec![],
    }
    .build(key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key() -> DataKey {
        DataKey::from_secret(b"a data secret long enough for the tests")
    }

    #[test]
    fn an_invitation_names_the_landlord_and_the_role_and_seals_its_link() {
        let k = key();
        let e = invitation(
            &k,
            "ann@example.org",
            "Camden <Council>",
            Role::ComplaintsOfficer,
            "http://x/invitations/abc",
            Utc::now(),
        )
        .unwrap();
        assert!(e.subject.contains("Camden <Council>"));
        assert!(e.text.contains("a complaints officer"));
        assert!(!e.text.contains("http://x/invitations/abc"));
        assert!(e.text.contains(LINK_PLACEHOLDER));
        let html = e.html.unwrap();
        assert!(html.contains("Camden &lt;Council&gt;"));
        assert!(html.contains(LINK_PLACEHOLDER));
        assert_eq!(
            redress_store::outbox::open_link(&k, &e.sealed_link.unwrap(), "ann@example.org")
                .unwrap(),
            "http://x/invitations/abc"
        );
    }

    #[test]
    fn a_notice_has_no_link() {
        let e = password_changed(&key(), "ann@example.org").unwrap();
        assert!(e.sealed_link.is_none());
        assert!(!e.text.contains(LINK_PLACEHOLDER));
    }
}
