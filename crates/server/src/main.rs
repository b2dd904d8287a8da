//! `redress`: serve, migrate, demo, openapi, admin.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use redress_api::auth::password::{HashCost, hash_now};
use redress_domain::values::{EmailAddress, NewPassword};
use redress_server::config::{Overrides, Settings};
use redress_server::startup::{Application, connect};
use redress_server::{demo, telemetry};
use std::io::BufRead;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "redress",
    version,
    about = "Complaint handling under the Housing Ombudsman's Complaint Handling Code"
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct GlobalArgs {
    /// A TOML configuration file (values in it are overridden by REDRESS_* variables).
    #[arg(long, global = true, env = "REDRESS_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://data/redress.db?mode=rwc or postgres://user@host/db.
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, global = true)]
    listen: Option<String>,
    /// Folder for SQLite, dropped emails and attachments.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// SMTP server URL; without it emails are written to <data_dir>/mail as .eml files.
    #[arg(long, global = true)]
    smtp_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the portal, with the outbox worker.
    Serve,
    /// Apply migrations and exit.
    Migrate,
    /// Seed the demo landlords and users into ./data, print the logins, and serve.
    Demo,
    /// Print the OpenAPI document.
    Openapi,
    /// Exit 0 when the server on this machine answers `/readyz` with 200, 1 otherwise (for a
    /// container's HEALTHCHECK).
    Healthcheck {
        /// The server's address; by default the listen address, reached on loopback.
        #[arg(long)]
        address: Option<String>,
        #[arg(long, default_value_t = 5)]
        timeout_seconds: u64,
    },
    /// Generate landlords and synthetic complaints, for benchmarks.
    Generate {
        /// How many landlords (`gen-1`, `gen-2`...).
        #[arg(long, default_value_t = 10)]
        landlords: usize,
        /// How many complaints in all, spread over the landlords and the last two years.
        #[arg(long, default_value_t = 10_000)]
        complaints: usize,
        /// Generate the first landlord's history and copy it to the others (PostgreSQL only;
        /// fast enough for a million complaints).
        #[arg(long)]
        copy: bool,
    },
    /// Time the weekly digests (BENCHMARKS.md): give every landlord `--subscribers` weekly
    /// digest readers, build and queue the digests for the week of `--day`, then hand them to
    /// the configured mailer (`REDRESS_SMTP_URL` for SMTP).
    BenchDigests {
        #[arg(long, default_value_t = 10)]
        subscribers: usize,
        /// A day in the week to send for (YYYY-MM-DD), a working day.
        #[arg(long)]
        day: chrono::NaiveDate,
    },
    /// Queue one day's reminders and digests now, as the scheduler does each day from its
    /// start time. Safe to repeat and to run in several processes at once: what was sent for
    /// that day is not sent again.
    RunDay {
        /// The day (YYYY-MM-DD); today when absent.
        #[arg(long)]
        day: Option<chrono::NaiveDate>,
    },
    /// Back up the embedded SQLite database (a consistent copy, while serving) and the
    /// attachments into a new folder. PostgreSQL: pg_dump, then --attachments-only.
    Backup {
        /// The folder to write (it must not exist, or be empty).
        #[arg(long)]
        to: PathBuf,
        #[arg(long)]
        attachments_only: bool,
    },
    /// Restore a backup folder into the configured SQLite file (which must not exist yet) and
    /// attachment store, with the server stopped. PostgreSQL: pg_restore, then
    /// --attachments-only.
    Restore {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        attachments_only: bool,
    },
    /// Copy every row of the SQLite database into an empty PostgreSQL database (migrated
    /// first), in one transaction; then point REDRESS_DATABASE_URL at PostgreSQL. Stop the
    /// server first. Attachments stay where they are.
    CopyToPostgres {
        /// postgres://user@host/db, empty.
        #[arg(long)]
        to: String,
    },
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform admin (or make an existing user one). The password is read from
    /// standard input.
    CreatePlatformAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Platform admin")]
        name: String,
    },
}

fn settings(global: &GlobalArgs) -> anyhow::Result<Settings> {
    Settings::load(
        global.config.as_deref(),
        &Overrides {
            database_url: global.database_url.clone(),
            listen: global.listen.clone(),
            data_dir: global.data_dir.clone(),
            smtp_url: global.smtp_url.clone(),
        },
    )
}

/// The database for the operator's own commands (demo data, generated data, benchmarks),
/// migrated: as the tables' owner when `migration_database_url` is set, since they write for
/// many landlords at once; otherwise the server's connection.
async fn operator_connection(
    settings: &Settings,
) -> anyhow::Result<redress_store::DatabaseConnection> {
    let db = migrated(settings).await?;
    match &settings.migration_database_url {
        Some(url) => {
            db.close().await.ok();
            redress_store::db::connect_with(url, settings.database_max_connections)
                .await
                .context("connecting with migration_database_url")
        }
        None => Ok(db),
    }
}

/// The database, connected and migrated.
async fn migrated(settings: &Settings) -> anyhow::Result<redress_store::DatabaseConnection> {
    let db = connect(settings).await?;
    redress_server::startup::migrate(settings, &db).await?;
    Ok(db)
}

fn cost(settings: &Settings) -> HashCost {
    HashCost {
        memory_kib: settings.argon2_memory_kib,
        iterations: settings.argon2_iterations,
        parallelism: 1,
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => {
            let doc = redress_api::openapi();
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).context("serialising the OpenAPI document")?
            );
            Ok(())
        }
        Command::Healthcheck {
            address,
            timeout_seconds,
        } => {
            let listen = match address {
                Some(a) => a,
                None => settings(&cli.global)?.listen,
            };
            let address = redress_server::health::local_address(&listen)?;
            redress_server::health::check(
                address,
                std::time::Duration::from_secs(timeout_seconds.max(1)),
            )?;
            println!("{address}: ready");
            Ok(())
        }
        Command::Migrate => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            migrated(&settings).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Serve => {
            let settings = settings(&cli.global)?;
            let _telemetry =
                telemetry::init(&settings.log_format, settings.otlp_endpoint.as_deref())?;
            let listen = settings.listen.clone();
            let app = Application::build(settings, None).await?;
            tracing::info!(%listen, port = app.port(), "serving");
            app.run_until_stopped().await
        }
        Command::Demo => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let cost = cost(&settings);
            let url = format!("http://{}", settings.listen);
            let holidays = redress_server::startup::bank_holidays(&settings)?;
            let require_mfa = settings.require_mfa;
            let owner = match &settings.migration_database_url {
                Some(url) => Some(redress_store::db::connect_with(url, None).await?),
                None => None,
            };
            let app = Application::build(settings, None).await?;
            eprintln!(
                "Preparing the demo data (the first run generates two years of complaints)..."
            );
            let seed_db = owner.as_ref().unwrap_or(app.db());
            let logins = demo::seed(seed_db, cost, &holidays, demo::Volume(1.0)).await?;
            if let Some(owner) = owner {
                owner.close().await.ok();
            }
            println!("{}", demo::banner(&url, &logins, require_mfa));
            app.run_until_stopped().await
        }
        Command::Generate {
            landlords,
            complaints,
            copy,
        } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let holidays = redress_server::startup::bank_holidays(&settings)?;
            let db = operator_connection(&settings).await?;
            let hash = hash_now(demo::DEMO_PASSWORD, cost(&settings))?;
            let started = std::time::Instant::now();
            let summary = redress_server::synthetic::generate_landlords(
                &db, &hash, &holidays, landlords, complaints, copy,
            )
            .await?;
            println!(
                "generated {} complaints across {landlords} landlords in {:.1} s ({summary:?}); logins: officer@gen-N.example.org, password {}",
                summary.complaints,
                started.elapsed().as_secs_f64(),
                demo::DEMO_PASSWORD
            );
            Ok(())
        }
        Command::BenchDigests { subscribers, day } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let mailer = redress_server::startup::mailer(&settings)?;
            let db = operator_connection(&settings).await?;
            let hash = hash_now(demo::DEMO_PASSWORD, cost(&settings))?;
            let r = redress_server::bench::weekly_digests(
                &db,
                redress_server::startup::scheduler(&settings, db.clone())?,
                redress_server::startup::outbox_worker(&settings, db.clone(), mailer.clone())?,
                &hash,
                subscribers,
                day,
            )
            .await?;
            println!(
                "weekly digests for the week of {day}: {} landlords, {} subscribers; built and queued {} in {:.2} s; handed {} to {} in {:.2} s; total {:.2} s",
                r.landlords,
                r.subscribers,
                r.queued,
                r.build_seconds,
                r.delivered,
                mailer.kind(),
                r.deliver_seconds,
                r.build_seconds + r.deliver_seconds
            );
            Ok(())
        }
        Command::RunDay { day } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let db = migrated(&settings).await?;
            let day = day.unwrap_or_else(redress_api::time::today);
            let r = redress_server::startup::scheduler(&settings, db)?
                .run_day(day)
                .await?;
            println!(
                "{day}: queued {} reminders, {} weekly digests, {} performance digests; {} landlords failed",
                r.reminders, r.weekly_digests, r.performance_digests, r.failed_landlords
            );
            if r.failed_landlords > 0 {
                anyhow::bail!(
                    "{} landlords' emails could not all be queued",
                    r.failed_landlords
                );
            }
            Ok(())
        }
        Command::Backup {
            to,
            attachments_only,
        } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            // Connecting would create a missing SQLite file: back up only one that exists.
            if let Some(file) = redress_server::backup::sqlite_file(&settings.database_url) {
                anyhow::ensure!(file.exists(), "there is no database at {}", file.display());
            }
            let db = connect(&settings).await?;
            let r = redress_server::backup::backup(&settings, &db, &to, attachments_only).await?;
            println!(
                "backed up {}{} attachments into {}",
                r.database
                    .map(|d| format!("the database ({}) and ", d.display()))
                    .unwrap_or_default(),
                r.attachments,
                to.display()
            );
            Ok(())
        }
        Command::Restore {
            from,
            attachments_only,
        } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let r = redress_server::backup::restore(&settings, &from, attachments_only).await?;
            println!(
                "restored {}{} attachments from {}",
                r.database
                    .map(|d| format!("the database into {} and ", d.display()))
                    .unwrap_or_default(),
                r.attachments,
                from.display()
            );
            Ok(())
        }
        Command::CopyToPostgres { to } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let source = connect(&settings).await?;
            let target = redress_store::db::connect(&to)
                .await
                .context("connecting to the PostgreSQL database")?;
            let report = redress_server::copy::copy_to_postgres(&source, &target).await?;
            let rows: u64 = report.iter().map(|(_, n)| n).sum();
            println!(
                "copied {rows} rows in {} tables into PostgreSQL; set REDRESS_DATABASE_URL to it",
                report.len()
            );
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::CreatePlatformAdmin { email, name },
        } => {
            let settings = settings(&cli.global)?;
            telemetry::init_logging(&settings.log_format);
            let email = EmailAddress::parse(&email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
            eprintln!("Password for {email} (read from standard input):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            let password = NewPassword::parse(line.trim_end_matches(['\r', '\n']))
                .map_err(|e| anyhow::anyhow!("the password {e}"))?;
            let hash = hash_now(password.expose(), cost(&settings))?;
            let db = migrated(&settings).await?;
            let user =
                redress_store::users::upsert_platform_admin(&db, email.as_str(), &name, hash)
                    .await?;
            println!("{} is a platform admin (user id {})", user.email, user.id);
            Ok(())
        }
    }
}
