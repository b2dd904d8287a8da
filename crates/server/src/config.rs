//! Layered configuration: defaults < config file < `REDRESS_*` environment < command-line
//! flags. Passed by value, never global, so tests can build any configuration.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// `sqlite://data/redress.db?mode=rwc` (the default) or `postgres://user@host/db`.
    pub database_url: String,
    /// The most database connections each process holds (16 on PostgreSQL, 8 on SQLite when
    /// unset). Replicas × this must stay under PostgreSQL's `max_connections`.
    pub database_max_connections: Option<u32>,
    /// PostgreSQL only: the owner of the tables, which applies migrations and grants the
    /// server's own role (`database_url`) what it needs. The server's role then neither owns
    /// the tables nor bypasses row-level security, so the policies hold (deploy/README.md,
    /// "Database roles"). Unset: migrations run as `database_url`'s role.
    #[serde(skip_serializing)]
    pub migration_database_url: Option<String>,
    /// Address to listen on.
    pub listen: String,
    /// Where SQLite, dropped emails and attachments live by default.
    pub data_dir: PathBuf,
    /// `smtp://host:port` (plain), `smtp://user:pass@host:587?tls=required`, `smtps://host`.
    /// Without it, emails are written as `.eml` files to `<data_dir>/mail`.
    pub smtp_url: Option<String>,
    /// The sender of every email.
    pub mail_from: String,
    /// The secret that signs access tokens (at least 32 characters). Without it, one is
    /// generated and kept in `<data_dir>/jwt-secret`.
    #[serde(skip_serializing)]
    pub jwt_secret: Option<SecretString>,
    /// The secret from which the data key is derived (at least 32 characters): it seals
    /// TOTP secrets and the links only their recipient may see. Without it, one is generated
    /// and kept in `<data_dir>/data-secret`. Every replica needs the same one; changing it
    /// makes enrolled authenticators and unsent secret links unreadable.
    #[serde(skip_serializing)]
    pub data_secret: Option<SecretString>,
    /// The address people use to reach the portal, for links in emails.
    pub public_url: String,
    /// Admins (and every user of a landlord that asks it) must sign in with a second factor
    /// (on by default). Turn off only where sign-in is already protected upstream.
    pub require_mfa: bool,
    /// The proxies whose forwarding header is believed for the client's address: CIDRs or
    /// addresses, comma-separated (`10.0.0.0/8, 127.0.0.1`). Empty: none, the connection's
    /// own address is the client's.
    pub trusted_proxies: String,
    /// The header the trusted proxies set: `x-forwarded-for` (default) or `forwarded`.
    pub forwarded_header: String,
    /// Where `/metrics` is served: on its own listen address (e.g. `127.0.0.1:9100`) when set,
    /// and then not on the main one...
    pub metrics_listen: Option<String>,
    /// ...or on the main address to requests bearing this token
    /// (`Authorization: Bearer <token>`). With neither, `/metrics` is not served.
    #[serde(skip_serializing)]
    pub metrics_token: Option<SecretString>,
    /// Failures of one kind from one address, in `limit_window_minutes`, before that address
    /// is refused (sign-in, invitations, resets, MFA codes, tracking links).
    pub limit_address_failures: u32,
    pub limit_window_minutes: i64,
    /// Failures against one account before each further attempt waits...
    pub limit_account_failures_before_delay: u32,
    /// ...first this long, doubling with each failure...
    pub limit_first_delay_ms: u64,
    /// ...up to this.
    pub limit_max_delay_ms: u64,
    /// Complaints the residents' form takes from one address in an hour.
    pub public_complaints_per_hour: u32,
    /// `pretty` for people, `json` for log collectors (production).
    pub log_format: String,
    /// An OpenTelemetry collector's OTLP/HTTP receiver (`http://collector:4318`): `serve`
    /// sends a trace of every request to `<url>/v1/traces`. Off when unset.
    pub otlp_endpoint: Option<String>,
    /// A bank-holiday file in the GOV.UK feed's shape, replacing the shipped one.
    pub bank_holidays_file: Option<PathBuf>,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    pub invitation_days: i64,
    /// argon2id cost; the defaults are OWASP's minimum for argon2id.
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    /// Run the outbox worker inside `serve` (on by default).
    pub run_worker: bool,
    pub worker_poll_seconds: u64,
    /// Failed delivery attempts before a message is given up and kept as a dead letter for a
    /// landlord admin to retry (12 by default: about five hours of doubling backoff).
    pub email_max_attempts: u32,
    /// How long a worker holds the messages it is sending (300 s; 10 to 86,400): a message
    /// whose process died mid-send is sent by another once this has passed. It must exceed
    /// the time a batch of 20 takes, or a slow batch is sent twice.
    pub email_lease_seconds: u64,
    /// Run the scheduler inside `serve` (on by default): daily reminders and the weekly and
    /// performance digests, from `scheduler_starts_at` UK time. Safe to run in every process.
    pub run_scheduler: bool,
    /// How often the scheduler looks at the clock.
    pub scheduler_poll_seconds: u64,
    /// The UK time (HH:MM) from which each day's reminders and digests go (07:00).
    pub scheduler_starts_at: String,
    /// Where attachments' bytes are kept: `file:///absolute/folder`, a folder path, or
    /// `s3://bucket/prefix` (credentials, region and endpoint from the `AWS_*` variables).
    /// Without it, `<data_dir>/attachments`.
    pub attachments_url: Option<String>,
    /// The largest attachment accepted, in bytes (20 MiB by default).
    pub attachment_max_bytes: u64,
    /// The built web portal (`npm run build` in `frontend/`), served at `/`.
    pub web_dir: PathBuf,
    /// The public routes (`/api/v1/public`, no sign-in) allow each client address this many
    /// requests a second on average (1 by default)...
    pub public_rate_per_second: u32,
    /// ...in bursts of up to this many (60 by default); beyond that they answer 429.
    pub public_burst: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: "sqlite://data/redress.db?mode=rwc".into(),
            database_max_connections: None,
            migration_database_url: None,
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            smtp_url: None,
            mail_from: "Redress <no-reply@redress.localhost>".into(),
            jwt_secret: None,
            data_secret: None,
            public_url: "http://127.0.0.1:8080".into(),
            require_mfa: true,
            trusted_proxies: String::new(),
            forwarded_header: "x-forwarded-for".into(),
            metrics_listen: None,
            metrics_token: None,
            limit_address_failures: 20,
            limit_window_minutes: 15,
            limit_account_failures_before_delay: 3,
            limit_first_delay_ms: 1_000,
            limit_max_delay_ms: 30_000,
            public_complaints_per_hour: 20,
            log_format: "pretty".into(),
            otlp_endpoint: None,
            bank_holidays_file: None,
            access_token_minutes: 15,
            refresh_token_days: 30,
            invitation_days: 14,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            run_worker: true,
            worker_poll_seconds: 5,
            email_max_attempts: 12,
            email_lease_seconds: 300,
            run_scheduler: true,
            scheduler_poll_seconds: 60,
            scheduler_starts_at: "07:00".into(),
            attachments_url: None,
            attachment_max_bytes: 20 * 1024 * 1024,
            web_dir: PathBuf::from("frontend/dist"),
            public_rate_per_second: 1,
            public_burst: 60,
        }
    }
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smtp_url: Option<String>,
}

impl Settings {
    /// Reads defaults, then the file (if any), then `REDRESS_*` variables, then `overrides`.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Settings> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = file {
            if !path.exists() {
                anyhow::bail!("the configuration file {} does not exist", path.display());
            }
            figment = figment.merge(Toml::file(path));
        }
        let settings: Settings = figment
            .merge(Env::prefixed("REDRESS_"))
            .merge(Serialized::globals(overrides))
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_embedded_sqlite_portal_on_port_8080() {
        let s = Settings::default();
        assert_eq!(s.listen, "127.0.0.1:8080");
        assert!(s.database_url.starts_with("sqlite://data/"));
        assert!(s.smtp_url.is_none());
        assert_eq!(s.email_max_attempts, 12);
        assert_eq!(s.web_dir, PathBuf::from("frontend/dist"));
        assert!(
            s.require_mfa,
            "a second factor is required unless turned off"
        );
        assert!(s.metrics_listen.is_none() && s.metrics_token.is_none());
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn the_mfa_requirement_can_be_turned_off_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("REDRESS_REQUIRE_MFA", "false");
            jail.set_env("REDRESS_TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.1");
            let s = Settings::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert!(!s.require_mfa);
            assert_eq!(s.trusted_proxies, "10.0.0.0/8,127.0.0.1");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn the_environment_overrides_the_file_and_flags_override_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "redress.toml",
                "listen = \"127.0.0.1:9000\"\nlog_format = \"json\"\n",
            )?;
            let s = Settings::load(Some(Path::new("redress.toml")), &Overrides::default())
                .map_err(|e| e.to_string())?;
            assert_eq!(s.listen, "127.0.0.1:9000");
            assert_eq!(s.log_format, "json");
            jail.set_env("REDRESS_LISTEN", "127.0.0.1:9100");
            let s = Settings::load(Some(Path::new("redress.toml")), &Overrides::default())
                .map_err(|e| e.to_string())?;
            assert_eq!(s.listen, "127.0.0.1:9100");
            let s = Settings::load(
                Some(Path::new("redress.toml")),
                &Overrides {
                    listen: Some("127.0.0.1:9200".into()),
                    ..Overrides::default()
                },
            )
            .map_err(|e| e.to_string())?;
            assert_eq!(s.listen, "127.0.0.1:9200");
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn the_email_attempt_limit_comes_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("REDRESS_EMAIL_MAX_ATTEMPTS", "3");
            let s = Settings::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(s.email_max_attempts, 3);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn the_schedulers_start_time_is_a_uk_time_of_day() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("REDRESS_SCHEDULER_STARTS_AT", "06:30");
            let s = Settings::load(None, &Overrides::default()).unwrap();
            assert_eq!(
                crate::startup::scheduler_starts_at(&s).unwrap(),
                chrono::NaiveTime::from_hms_opt(6, 30, 0).unwrap()
            );
            jail.set_env("REDRESS_SCHEDULER_STARTS_AT", "7am");
            let s = Settings::load(None, &Overrides::default()).unwrap();
            let e = crate::startup::scheduler_starts_at(&s).unwrap_err();
            assert!(e.to_string().contains("HH:MM"), "{e}");
            Ok(())
        });
    }
}
