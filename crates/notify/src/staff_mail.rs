//! The templates of emails to a landlord's staff and governing body: daily reminders, the
//! weekly digest and the performance digest (Code 5.9, 9.6, 9.7). Unlike residents' letters
//! these carry no wording a landlord must own, so they are not overridable; they share the
//! letters' template engine settings (minijinja, HTML escaped by the `.html` in the name).

use crate::templates::Rendered;
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "staff_base.html.j2",
        include_str!("../templates/staff_base.html.j2"),
    ),
    (
        "staff_base.txt.j2",
        include_str!("../templates/staff_base.txt.j2"),
    ),
    (
        "reminders.subject.j2",
        include_str!("../templates/reminders.subject.j2"),
    ),
    (
        "reminders.txt.j2",
        include_str!("../templates/reminders.txt.j2"),
    ),
    (
        "reminders.html.j2",
        include_str!("../templates/reminders.html.j2"),
    ),
    (
        "weekly_digest.subject.j2",
        include_str!("../templates/weekly_digest.subject.j2"),
    ),
    (
        "weekly_digest.txt.j2",
        include_str!("../templates/weekly_digest.txt.j2"),
    ),
    (
        "weekly_digest.html.j2",
        include_str!("../templates/weekly_digest.html.j2"),
    ),
    (
        "performance_digest.subject.j2",
        include_str!("../templates/performance_digest.subject.j2"),
    ),
    (
        "performance_digest.txt.j2",
        include_str!("../templates/performance_digest.txt.j2"),
    ),
    (
        "performance_digest.html.j2",
        include_str!("../templates/performance_digest.html.j2"),
    ),
];

/// The staff email kinds: `reminders`, `weekly_digest`, `performance_digest`.
pub struct StaffMail {
    env: Environment<'static>,
}

impl StaffMail {
    pub fn new() -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_syntax(
            SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()?,
        );
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| anyhow::anyhow!("the template {name}: {e}"))?;
        }
        Ok(StaffMail { env })
    }

    pub fn render(&self, kind: &str, ctx: &impl Serialize) -> anyhow::Result<Rendered> {
        let ctx = minijinja::Value::from(minijinja::value::Serde(ctx));
        let part = |suffix: &str| {
            self.env
                .get_template(&format!("{kind}.{suffix}.j2"))
                .and_then(|t| t.render(&ctx))
                .map_err(|e| anyhow::anyhow!("rendering {kind}.{suffix}: {e:#}"))
        };
        Ok(Rendered {
            subject: part("subject")?
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            text: part("txt")?,
            html: part("html")?,
        })
    }
}
