//! Emails the API queues in the outbox. Plain text with an HTML alternative.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use redress_domain::roles::Role;
use redress_store::OutgoingEmail;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The invitation to join a landlord on Redress, with the link that accepts it.
pub fn invitation(
    to: &str,
    landlord_name: &str,
    role: Role,
    accept_url: &str,
    expires_at: DateTime<Utc>,
) -> OutgoingEmail {
    let expires = expires_at
        .with_timezone(&London)
        .format("%-d %B %Y at %H:%M")
        .to_string();
    let role = role.phrase();
    let subject = format!("You are invited to {landlord_name}'s complaints portal");
    let text = format!(
        "Hello,\n\n\
         {landlord_name} has invited you to its complaints portal, Redress, as {role}.\n\n\
         To accept, set your name and password here:\n{accept_url}\n\n\
         The invitation expires on {expires} (UK time). If you were not expecting it, you can ignore this email.\n"
    );
    let html = format!(
        "<!doctype html><html lang=\"en\"><body style=\"font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4\">\
         <p>Hello,</p>\
         <p>{landlord} has invited you to its complaints portal, Redress, as {role}.</p>\
         <p><a href=\"{url}\">Accept the invitation and set your password</a></p>\
         <p>The invitation expires on {expires} (UK time). If you were not expecting it, you can ignore this email.</p>\
         </body></html>",
        landlord = escape(landlord_name),
        role = escape(role),
        url = escape(accept_url),
    );
    OutgoingEmail {
        to: to.to_owned(),
        subject,
        text,
        html: Some(html),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_names_the_landlord_the_role_and_the_link() {
        let e = invitation(
            "ann@example.org",
            "Camden <Council>",
            Role::ComplaintsOfficer,
            "http://x/invitations/abc",
            Utc::now(),
        );
        assert!(e.subject.contains("Camden <Council>"));
        assert!(e.text.contains("a complaints officer"));
        assert!(e.text.contains("http://x/invitations/abc"));
        let html = e.html.unwrap();
        assert!(html.contains("Camden &lt;Council&gt;"));
    }
}
