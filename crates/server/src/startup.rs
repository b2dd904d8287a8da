//! Builds the application from settings; used by `main` and by the tests alike.

use crate::config::Settings;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpRequest, HttpResponse, HttpServer, ResponseError, web};
use anyhow::Context;
use base64::Engine;
use rand::RngCore;
use redress_api::AppState;
use redress_api::auth::client::{ForwardedHeader, TrustedProxies};
use redress_api::auth::jwt::AccessTokens;
use redress_api::auth::password::{HashCost, hash_now};
use redress_api::auth::throttle::{Throttle, ThrottleLimits};
use redress_api::logging::RedactedRootSpan;
use redress_api::routes::public::PublicRateLimit;
use redress_domain::calendar::BankHolidays;
use redress_notify::staff_mail::StaffMail;
use redress_notify::{FileDropMailer, Mailer, OutboxWorker, Scheduler, SmtpMailer};
use redress_store::DatabaseConnection;
use redress_store::attachments::AttachmentStore;
use secrecy::ExposeSecret;
use secrecy::SecretString;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tracing_actix_web::TracingLogger;

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
    worker: Option<OutboxWorker>,
    poll: Duration,
    scheduler: Option<(Scheduler, Duration)>,
    public_rate: PublicRateLimit,
    /// `/metrics` on a listen address of its own, when one is configured.
    metrics_server: Option<Server>,
    metrics_port: Option<u16>,
}

/// The name authenticator apps show beside the account: Redress and the portal's host, so
/// that two deployments are told apart.
fn mfa_issuer(public_url: &str) -> String {
    match url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
    {
        Some(host) => format!("Redress ({host})"),
        None => "Redress".to_owned(),
    }
}

/// Connects to the database named in the settings (creating the SQLite folder if needed).
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = settings.database_url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(parent) = std::path::Path::new(file).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
    }
    redress_store::db::connect_with(&settings.database_url, settings.database_max_connections)
        .await
        .context("connecting to the database")
}

/// Applies the migrations: as the tables' owner when `migration_database_url` is set, then
/// granting the server's role its rights; otherwise on `db` itself. Then says whether
/// row-level security binds the server (`redress_row_level_security` is 1 when it does).
pub async fn migrate(settings: &Settings, db: &DatabaseConnection) -> anyhow::Result<()> {
    match &settings.migration_database_url {
        Some(url) => {
            let owner = redress_store::db::connect_with(url, Some(1))
                .await
                .context("connecting with migration_database_url")?;
            redress_store::db::migrate(&owner)
                .await
                .context("applying migrations")?;
            redress_store::db::grant_to_server(&owner, db)
                .await
                .context("granting the server's role its rights")?;
            owner.close().await.ok();
        }
        None => redress_store::db::migrate(db)
            .await
            .context("applying migrations")?,
    }
    let enforced = match redress_store::db::row_security(db).await? {
        Ok(()) => true,
        Err(why) => {
            if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
                tracing::warn!(
                    "{why}; connect as a role of its own and set migration_database_url to the \
                     owner's (deploy/README.md, \"Database roles\")"
                );
            }
            false
        }
    };
    metrics::gauge!("redress_row_level_security").set(if enforced { 1.0 } else { 0.0 });
    Ok(())
}

/// The outbox worker the settings ask for: it gives a message up as failed after
/// `email_max_attempts` failed attempts.
pub fn outbox_worker(
    settings: &Settings,
    db: DatabaseConnection,
    mailer: Arc<dyn Mailer>,
) -> anyhow::Result<OutboxWorker> {
    Ok(OutboxWorker::new(db, mailer, data_key(settings)?)
        .with_max_attempts(settings.email_max_attempts)
        .with_lease_seconds(settings.email_lease_seconds))
}

/// The mailer the settings ask for: SMTP when a URL is given, else the file drop.
pub fn mailer(settings: &Settings) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match &settings.smtp_url {
        Some(url) => Arc::new(SmtpMailer::new(url, &settings.mail_from)?),
        None => Arc::new(FileDropMailer::new(
            settings.data_dir.join("mail"),
            &settings.mail_from,
        )?),
    })
}

/// Where attachments are kept: the configured URL, else `<data_dir>/attachments`.
pub fn attachment_store(settings: &Settings) -> anyhow::Result<AttachmentStore> {
    let store = match &settings.attachments_url {
        Some(url) => AttachmentStore::from_url(url),
        None => AttachmentStore::local(settings.data_dir.join("attachments")),
    }
    .context("setting up the attachment store")?;
    tracing::info!(location = store.location(), "attachments are kept here");
    Ok(store)
}

/// A secret from the settings, else the one kept in `<data_dir>/<file>`, else a new one
/// written there, readable and writable by its owner only.
fn secret(
    configured: Option<&SecretString>,
    settings: &Settings,
    file: &str,
    name: &str,
) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = configured {
        let s = secret.expose_secret();
        anyhow::ensure!(s.len() >= 32, "{name} must be at least 32 characters");
        return Ok(s.as_bytes().to_vec());
    }
    let path = settings.data_dir.join(file);
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        owner_only(&path)?;
        return Ok(existing.trim().as_bytes().to_vec());
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("creating {}", settings.data_dir.display()))?;
    write_owner_only(&path, &secret)?;
    tracing::info!(path = %path.display(), "generated a secret: {name}");
    Ok(secret.into_bytes())
}

/// Writes a file that only its owner may read or write (created so from the start).
fn write_owner_only(path: &std::path::Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(contents.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    owner_only(path)
}

/// Makes a secret file readable by its owner only (one written by an older version may not
/// have been).
fn owner_only(path: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    let _ = path;
    Ok(())
}

fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    secret(
        settings.jwt_secret.as_ref(),
        settings,
        "jwt-secret",
        "REDRESS_JWT_SECRET",
    )
}

/// The UK time each day's scheduled emails start from.
pub fn scheduler_starts_at(settings: &Settings) -> anyhow::Result<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(settings.scheduler_starts_at.trim(), "%H:%M").with_context(
        || {
            format!(
                "scheduler_starts_at must be a UK time as HH:MM, not `{}`",
                settings.scheduler_starts_at
            )
        },
    )
}

/// The scheduler of reminders and digests, as configured.
pub fn scheduler(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<Scheduler> {
    let starts_at = scheduler_starts_at(settings)?;
    Ok(Scheduler::new(
        db,
        bank_holidays(settings)?,
        Arc::new(StaffMail::new()?),
        &settings.public_url,
        data_key(settings)?,
    )
    .starting_at(starts_at))
}

/// The key that seals secrets at rest (TOTP secrets, links only their recipient may see).
pub fn data_key(settings: &Settings) -> anyhow::Result<redress_store::seal::DataKey> {
    let secret = secret(
        settings.data_secret.as_ref(),
        settings,
        "data-secret",
        "REDRESS_DATA_SECRET",
    )?;
    Ok(redress_store::seal::DataKey::from_secret(&secret))
}

/// The limits on guessing, from the settings.
pub fn throttle(settings: &Settings) -> Throttle {
    Throttle::new(ThrottleLimits {
        window: chrono::Duration::minutes(settings.limit_window_minutes.max(1)),
        address_failures: settings.limit_address_failures.max(1),
        account_failures_before_delay: settings.limit_account_failures_before_delay,
        first_delay: Duration::from_millis(settings.limit_first_delay_ms),
        max_delay: Duration::from_millis(settings.limit_max_delay_ms),
        public_complaints_per_hour: settings.public_complaints_per_hour.max(1),
    })
}

/// The proxies whose forwarding headers are believed.
pub fn trusted_proxies(settings: &Settings) -> anyhow::Result<TrustedProxies> {
    let header: ForwardedHeader = settings
        .forwarded_header
        .parse()
        .map_err(|e: String| anyhow::anyhow!("REDRESS_FORWARDED_HEADER: {e}"))?;
    TrustedProxies::parse(&settings.trusted_proxies, header)
        .map_err(|e| anyhow::anyhow!("REDRESS_TRUSTED_PROXIES: {e}"))
}

/// The bank holidays the settings name: the deployment's file, else the shipped data.
pub fn bank_holidays(settings: &Settings) -> anyhow::Result<BankHolidays> {
    match &settings.bank_holidays_file {
        Some(path) => {
            let json = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            BankHolidays::from_json(&json)
                .map_err(|e| anyhow::anyhow!("bank holidays in {}: {e}", path.display()))
        }
        None => BankHolidays::england_and_wales()
            .map_err(|e| anyhow::anyhow!("the shipped bank holidays: {e}")),
    }
}

async fn track_metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let method = req.method().to_string();
    let start = Instant::now();
    let res = next.call(req).await?;
    metrics::counter!(
        "redress_http_requests_total",
        "method" => method,
        "status" => res.status().as_u16().to_string()
    )
    .increment(1);
    metrics::histogram!("redress_http_request_duration_seconds")
        .record(start.elapsed().as_secs_f64());
    Ok(res)
}

/// The content security policy of every response: the browser loads and runs nothing but
/// the portal's own files, and no other site may frame a page.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
                   form-action 'self'; frame-ancestors 'none'";

/// The API documentation (Swagger UI, served from the binary) sets styles on its elements.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                        img-src 'self' data:; font-src 'self'; connect-src 'self'; \
                        object-src 'none'; base-uri 'self'; form-action 'self'; \
                        frame-ancestors 'none'";

/// What every response carries: a content security policy with `frame-ancestors 'none'`, no
/// sniffing of content types, no referrer (case URLs name complaints), and, when the portal
/// is reached over https, HSTS.
async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api = is_api(req.path());
    let docs = req.path().starts_with("/api/docs");
    let assets = req.path().starts_with("/assets/");
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.public_url.starts_with("https://"));
    let mut res = next.call(req).await?;
    let success = res.status().is_success();
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    // A document that sets its own, stricter policy keeps it (each has frame-ancestors too).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(if docs { DOCS_CSP } else { CSP }),
        );
    }
    headers.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !api {
        // Built assets carry a hash in their names; everything else is checked each time.
        let cache = if assets && success {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static(cache),
        );
    }
    Ok(res)
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The web portal: the files of `web_dir` at `/`, and `index.html` for every other path
/// outside `/api` so that the portal's own routes (`/l/{slug}/complaints/{id}`...) load it.
/// Without a built portal, `/` says how to build one.
///
/// The portal's files go compressed to browsers that accept it (the residents' complaint form
/// loads about a third of its script's size). The API's answers are not compressed: they carry
/// tokens and what a caller sent, which compression could let an eavesdropper guess (BREACH).
fn web_portal(web_dir: &std::path::Path) -> impl actix_web::dev::HttpServiceFactory + use<> {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(web_dir = %web_dir.display(), "the web portal is not built; / explains how to build it");
        return web::scope("")
            .wrap(actix_web::middleware::Compress::default())
            .default_service(web::to(portal_not_built));
    }
    let fallback = actix_web::dev::fn_service(move |req: ServiceRequest| {
        let index = index.clone();
        async move {
            let (req, _) = req.into_parts();
            let res = portal_page(&req, &index).await;
            Ok(ServiceResponse::new(req, res))
        }
    });
    web::scope("")
        .wrap(actix_web::middleware::Compress::default())
        .service(
            actix_files::Files::new("/", web_dir)
                .index_file("index.html")
                .default_handler(fallback),
        )
}

/// `index.html` for a client-side route; 404 for the API and for missing files.
async fn portal_page(req: &HttpRequest, index: &std::path::Path) -> HttpResponse {
    let file_like = req
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if is_api(req.path()) || file_like || !matches!(*req.method(), Method::GET | Method::HEAD) {
        return redress_api::error::ApiError::NotFound.error_response();
    }
    let index = index.to_path_buf();
    match web::block(move || actix_files::NamedFile::open(index)).await {
        Ok(Ok(file)) => file.use_etag(true).into_response(req),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "reading the web portal's index.html");
            redress_api::error::ApiError::NotFound.error_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "reading the web portal's index.html");
            redress_api::error::ApiError::NotFound.error_response()
        }
    }
}

async fn portal_not_built(req: HttpRequest) -> HttpResponse {
    if is_api(req.path()) || req.path() != "/" {
        return redress_api::error::ApiError::NotFound.error_response();
    }
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(NOT_BUILT)
}

const NOT_BUILT: &str = "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<title>Redress: the web portal is not built</title></head><body>\
<h1>The web portal is not built</h1>\
<p>The API is running under <a href=\"/api/docs/\">/api/v1</a>. To use the portal, build it \
and restart the server:</p>\
<pre>cd frontend\nnpm ci\nnpm run build</pre>\
<p>or run <code>./scripts/demo.sh</code>, which builds it and starts the demo. The server \
serves the folder named by <code>REDRESS_WEB_DIR</code> (<code>frontend/dist</code> by \
default).</p></body></html>\n";

/// Waits for the process to be asked to stop: SIGTERM or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

impl Application {
    /// Connects, migrates, and binds the server (not yet running). The mailer is the one the
    /// settings ask for unless one is given.
    pub async fn build(
        settings: Settings,
        mailer_override: Option<Arc<dyn Mailer>>,
    ) -> anyhow::Result<Application> {
        // The recorder first: migrating reports whether row-level security binds the server.
        let metrics = crate::telemetry::metrics_handle();
        let db = connect(&settings).await?;
        migrate(&settings, &db).await?;
        let hash_cost = HashCost {
            memory_kib: settings.argon2_memory_kib,
            iterations: settings.argon2_iterations,
            parallelism: 1,
        };
        let public_rate =
            PublicRateLimit::new(settings.public_rate_per_second, settings.public_burst)
                .context("public_rate_per_second and public_burst must be at least 1")?;
        let state = web::Data::new(AppState {
            db: db.clone(),
            access_tokens: AccessTokens::new(
                &jwt_secret(&settings)?,
                chrono::Duration::minutes(settings.access_token_minutes),
            ),
            refresh_ttl: chrono::Duration::days(settings.refresh_token_days),
            invitation_ttl: chrono::Duration::days(settings.invitation_days),
            hash_cost,
            dummy_hash: hash_now("an unguessable dummy password", hash_cost)?,
            throttle: throttle(&settings),
            trusted_proxies: trusted_proxies(&settings)?,
            require_mfa: settings.require_mfa,
            mfa_issuer: mfa_issuer(&settings.public_url),
            data_key: data_key(&settings)?,
            // An empty token would let a request without one through: it means none.
            metrics_token: settings
                .metrics_token
                .clone()
                .filter(|t| !t.expose_secret().trim().is_empty()),
            bank_holidays: bank_holidays(&settings)?,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            render_metrics: Arc::new(move || {
                metrics.as_ref().map(|h| h.render()).unwrap_or_default()
            }),
            attachments: attachment_store(&settings)?,
            attachment_max_bytes: settings.attachment_max_bytes,
            templates: redress_notify::templates::Templates::new()
                .context("loading the letter templates")?,
            public_rate: public_rate.clone(),
            rules: Default::default(),
        });
        let listener = TcpListener::bind(&settings.listen)
            .with_context(|| format!("listening on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let web_dir = settings.web_dir.clone();
        let mut metrics_port = None;
        let metrics_server = match &settings.metrics_listen {
            Some(address) => {
                let metrics_state = state.clone();
                let listener = TcpListener::bind(address)
                    .with_context(|| format!("listening on {address} for /metrics"))?;
                metrics_port = Some(listener.local_addr()?.port());
                Some(
                    HttpServer::new(move || {
                        actix_web::App::new()
                            .app_data(metrics_state.clone())
                            .configure(redress_api::routes::ops::metrics_app)
                    })
                    .workers(1)
                    .listen(listener)?
                    .run(),
                )
            }
            None => None,
        };
        let server = HttpServer::new(move || {
            redress_api::app(state.clone())
                .service(web_portal(&web_dir))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(track_metrics))
                .wrap(from_fn(redress_api::logging::request_id))
                .wrap(TracingLogger::<RedactedRootSpan>::new())
        })
        .listen(listener)?
        .run();
        let worker = if settings.run_worker {
            let mailer = match mailer_override {
                Some(m) => m,
                None => mailer(&settings)?,
            };
            Some(outbox_worker(&settings, db.clone(), mailer)?)
        } else {
            None
        };
        let scheduler = if settings.run_scheduler {
            Some((
                scheduler(&settings, db.clone())?,
                Duration::from_secs(settings.scheduler_poll_seconds.max(1)),
            ))
        } else {
            None
        };
        Ok(Application {
            port,
            server,
            db,
            worker,
            scheduler,
            poll: Duration::from_secs(settings.worker_poll_seconds.max(1)),
            public_rate,
            metrics_server,
            metrics_port,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of `/metrics`'s own listen address, when one is configured.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves until the process is asked to stop, with the outbox worker beside the server.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let stop = Arc::new(stop);
        // Asked to stop (SIGTERM, Ctrl-C), the worker and the scheduler stop at once, after
        // the batch in hand, while the server finishes the requests it has.
        let on_signal = {
            let stop = stop.clone();
            tokio::spawn(async move {
                stop_signal().await;
                let _ = stop.send(true);
            })
        };
        let worker = self
            .worker
            .map(|w| tokio::spawn(w.run_until_stopped(self.poll, stopped.clone())));
        let public_rate = self.public_rate;
        let mut forget = stopped.clone();
        let db = self.db.clone();
        let forgetting = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                tokio::select! {
                    _ = every.tick() => {
                        public_rate.forget_idle_clients();
                        // Limits whose window has passed, and unsubscribe links a year old.
                        if let Err(e) = redress_store::limits::prune(&db).await {
                            tracing::warn!(error = %e, "pruning the limits");
                        }
                        if let Err(e) = redress_store::subscriptions::prune_unsubscribe_tokens(
                            &redress_store::Scoped::all_landlords(&db, redress_store::Purpose::Housekeeping),
                        ).await {
                            tracing::warn!(error = %e, "pruning unsubscribe links");
                        }
                    }
                    _ = forget.changed() => break,
                }
            }
        });
        let metrics_handle = self.metrics_server.as_ref().map(|s| s.handle());
        let metrics = self.metrics_server.map(tokio::spawn);
        let scheduler = self
            .scheduler
            .map(|(s, every)| tokio::spawn(s.run_until_stopped(every, stopped)));
        let result = self.server.await;
        let _ = stop.send(true);
        if let Some(h) = metrics_handle {
            h.stop(true).await;
        }
        if let Some(m) = metrics {
            let _ = m.await;
        }
        for handle in [worker, scheduler].into_iter().flatten() {
            let _ = handle.await;
        }
        let _ = forgetting.await;
        on_signal.abort();
        result.context("the HTTP server failed")
    }
}
