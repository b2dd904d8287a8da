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
use redress_api::auth::jwt::AccessTokens;
use redress_api::auth::password::{HashCost, hash_now};
use redress_api::auth::throttle::LoginThrottle;
use redress_api::routes::public::PublicRateLimit;
use redress_domain::calendar::BankHolidays;
use redress_notify::staff_mail::StaffMail;
use redress_notify::{FileDropMailer, Mailer, OutboxWorker, Scheduler, SmtpMailer};
use redress_store::DatabaseConnection;
use redress_store::attachments::AttachmentStore;
use secrecy::ExposeSecret;
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
    redress_store::db::connect(&settings.database_url)
        .await
        .context("connecting to the database")
}

/// The outbox worker the settings ask for: it gives a message up as failed after
/// `email_max_attempts` failed attempts.
pub fn outbox_worker(
    settings: &Settings,
    db: DatabaseConnection,
    mailer: Arc<dyn Mailer>,
) -> OutboxWorker {
    OutboxWorker::new(db, mailer).with_max_attempts(settings.email_max_attempts)
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

fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &settings.jwt_secret {
        let s = secret.expose_secret();
        anyhow::ensure!(
            s.len() >= 32,
            "REDRESS_JWT_SECRET must be at least 32 characters"
        );
        return Ok(s.as_bytes().to_vec());
    }
    let path = settings.data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("creating {}", settings.data_dir.display()))?;
    std::fs::write(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a token-signing secret");
    Ok(secret.into_bytes())
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

/// What every page of the portal carries: a Content-Security-Policy that lets the browser
/// load and run nothing but the portal's own files, no sniffing of content types, and no
/// referrer (case URLs name complaints). The API's own documentation pages are left alone.
async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api = is_api(req.path());
    let assets = req.path().starts_with("/assets/");
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
    if !api {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
                 form-action 'self'; frame-ancestors 'none'",
            ),
        );
        headers.insert(
            header::X_FRAME_OPTIONS,
            header::HeaderValue::from_static("DENY"),
        );
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
fn web_portal(web_dir: &std::path::Path) -> actix_web::Scope {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(web_dir = %web_dir.display(), "the web portal is not built; / explains how to build it");
        return web::scope("").default_service(web::to(portal_not_built));
    }
    let fallback = actix_web::dev::fn_service(move |req: ServiceRequest| {
        let index = index.clone();
        async move {
            let (req, _) = req.into_parts();
            let res = portal_page(&req, &index).await;
            Ok(ServiceResponse::new(req, res))
        }
    });
    web::scope("").service(
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

impl Application {
    /// Connects, migrates, and binds the server (not yet running). The mailer is the one the
    /// settings ask for unless one is given.
    pub async fn build(
        settings: Settings,
        mailer_override: Option<Arc<dyn Mailer>>,
    ) -> anyhow::Result<Application> {
        let db = connect(&settings).await?;
        redress_store::db::migrate(&db)
            .await
            .context("applying migrations")?;
        let hash_cost = HashCost {
            memory_kib: settings.argon2_memory_kib,
            iterations: settings.argon2_iterations,
            parallelism: 1,
        };
        let metrics = crate::telemetry::metrics_handle();
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
            throttle: LoginThrottle::default(),
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
        });
        let listener = TcpListener::bind(&settings.listen)
            .with_context(|| format!("listening on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let web_dir = settings.web_dir.clone();
        let server = HttpServer::new(move || {
            redress_api::app(state.clone())
                .service(web_portal(&web_dir))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(track_metrics))
                .wrap(TracingLogger::default())
        })
        .listen(listener)?
        .run();
        let worker = if settings.run_worker {
            let mailer = match mailer_override {
                Some(m) => m,
                None => mailer(&settings)?,
            };
            Some(outbox_worker(&settings, db.clone(), mailer))
        } else {
            None
        };
        let scheduler = if settings.run_scheduler {
            Some((
                Scheduler::new(
                    db.clone(),
                    bank_holidays(&settings)?,
                    Arc::new(StaffMail::new()?),
                    &settings.public_url,
                ),
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
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Serves until the process is asked to stop, with the outbox worker beside the server.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let (stop, stopped) = watch::channel(false);
        let worker = self
            .worker
            .map(|w| tokio::spawn(w.run_until_stopped(self.poll, stopped.clone())));
        let public_rate = self.public_rate;
        let mut forget = stopped.clone();
        let forgetting = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                tokio::select! {
                    _ = every.tick() => public_rate.forget_idle_clients(),
                    _ = forget.changed() => break,
                }
            }
        });
        let scheduler = self
            .scheduler
            .map(|(s, every)| tokio::spawn(s.run_until_stopped(every, stopped)));
        let result = self.server.await;
        let _ = stop.send(true);
        for handle in [worker, scheduler].into_iter().flatten() {
            let _ = handle.await;
        }
        let _ = forgetting.await;
        result.context("the HTTP server failed")
    }
}
