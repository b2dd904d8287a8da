//! `spawn_app()`: the real application on port 0 with a fresh database (SQLite always;
//! PostgreSQL when `REDRESS_TEST_POSTGRES_URL` is set, and required when `CI=true`), plus
//! typed helpers for the requests tests make again and again.

use redress_api::auth::password::{HashCost, hash_now};
use redress_domain::roles::Role;
use redress_server::config::Settings;
use redress_server::startup::Application;
use redress_store::DatabaseConnection;
use redress_store::seal::DataKey;
use reqwest::{Method, RequestBuilder, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

pub const PASSWORD: &str = "a long test passphrase";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    /// The tables' owner on PostgreSQL (not bound by row-level security), for a test to look
    /// behind the server's back; the server's own pool on SQLite.
    pub db: DatabaseConnection,
    /// The server's own pool: on PostgreSQL, a role bound by row-level security. The worker
    /// and scheduler the tests run use it, as the server's do.
    pub server_db: DatabaseConnection,
    pub client: reqwest::Client,
    pub backend: Backend,
    /// The key the app seals secret links and TOTP secrets with.
    pub data_key: DataKey,
    /// The settings the app was built with (its database URL among them).
    pub settings: Settings,
    /// The TOTP secret of each account that set up a second factor through the helpers.
    pub authenticators: Arc<Mutex<HashMap<String, String>>>,
    /// What the app was given to keep its data in: removed when the app and every replica
    /// of it are gone.
    _data: Arc<TestData>,
}

/// A test app's PostgreSQL database and data folder, dropped and removed when the last app
/// using them is dropped, so that a run leaves nothing behind.
struct TestData {
    postgres: Option<String>,
    data_dir: Option<std::path::PathBuf>,
}

impl Drop for TestData {
    fn drop(&mut self) {
        if let Some(dir) = &self.data_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(url) = self.postgres.take() {
            // Off the test's runtime, which may be shutting down: a thread of its own.
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(drop_postgres_database(&url));
                }
            })
            .join();
        }
    }
}

/// The code an authenticator app with this secret shows now.
pub fn totp_code(secret: &str) -> String {
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).expect("a base32 secret"))
        .build()
        .expect("a TOTP")
        .generate_current()
        .to_string()
}

/// A code for the next 30-second step (a code is accepted once, so a second sign-in within
/// one step uses the next).
pub fn next_totp_code(secret: &str) -> String {
    let now = u64::try_from(chrono::Utc::now().timestamp()).expect("after 1970");
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).expect("a base32 secret"))
        .build()
        .expect("a TOTP")
        .generate(now + 30)
        .to_string()
}

/// The data secret of every test app.
pub const DATA_SECRET: &str = "a test data secret that is long enough to use";

/// Every test runs once per database: `db_tests!(a, b)` makes `a::sqlite`, `a::postgres`...
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::helpers::postgres_url().is_some() {
                        super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await).await
                    }
                }
            }
        )*
    };
}
pub(crate) use db_tests;

/// The PostgreSQL server the tests may use. With `CI=true` it must be given: a missing
/// server is a failure, never a skip.
pub fn postgres_url() -> Option<String> {
    match std::env::var("REDRESS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "CI=true requires REDRESS_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)"
                );
            }
            None
        }
    }
}

/// A fresh, empty PostgreSQL database; its URL.
pub async fn fresh_postgres_database() -> String {
    let admin_url = postgres_url().expect("REDRESS_TEST_POSTGRES_URL");
    let name = format!("redress_test_{}", Uuid::new_v4().simple());
    let admin = Database::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create the test database");
    admin.close().await.ok();
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base.to_owned())
        .expect("a database URL with a path");
    format!("{base}/{name}")
}

/// The role the server connects as in the PostgreSQL tests: it neither owns the tables nor
/// bypasses row-level security (the tables' owner, the admin URL's role, migrates).
pub const SERVER_ROLE: &str = "redress_server_test";

/// `url` as the server's role ([`SERVER_ROLE`]), which is created once in the cluster.
pub async fn as_server_role(url: &str) -> String {
    let admin_url = postgres_url().expect("REDRESS_TEST_POSTGRES_URL");
    let admin = Database::connect(&admin_url)
        .await
        .expect("reach PostgreSQL");
    // Roles are the cluster's: tests starting at once take turns to create it.
    admin
        .execute_unprepared(&format!(
            "BEGIN; SELECT pg_advisory_xact_lock(7265647265737332); \
             DO $$ BEGIN \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{SERVER_ROLE}') THEN \
                 CREATE ROLE {SERVER_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; \
               END IF; \
             END $$; COMMIT;"
        ))
        .await
        .expect("create the server's role");
    admin.close().await.ok();
    let mut parsed = reqwest::Url::parse(url).expect("a database URL");
    parsed.set_username(SERVER_ROLE).expect("a URL with a user");
    parsed.set_password(None).expect("a URL with a password");
    parsed.to_string()
}

/// Drops a database made by [`fresh_postgres_database`].
pub async fn drop_postgres_database(url: &str) {
    let admin_url = postgres_url().expect("REDRESS_TEST_POSTGRES_URL");
    let name = url
        .rsplit_once('/')
        .map(|(_, n)| n)
        .expect("a database URL with a path");
    let admin = Database::connect(&admin_url)
        .await
        .expect("reach PostgreSQL");
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .expect("drop the test database");
    admin.close().await.ok();
}

pub fn test_settings() -> Settings {
    Settings {
        listen: "127.0.0.1:0".into(),
        data_dir: std::env::temp_dir().join(format!("redress-test-{}", Uuid::new_v4())),
        jwt_secret: Some("a test secret that is long enough to sign with".into()),
        data_secret: Some(DATA_SECRET.into()),
        // Most tests sign admins in with a password alone; the MFA tests turn this on.
        require_mfa: false,
        // Limits as in production, but with delays short enough for a test to wait out.
        limit_first_delay_ms: 5,
        limit_max_delay_ms: 40,
        argon2_memory_kib: HashCost::TESTING.memory_kib,
        argon2_iterations: HashCost::TESTING.iterations,
        run_worker: false,
        run_scheduler: false,
        public_url: "http://portal.test".into(),
        ..Settings::default()
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, test_settings()).await
}

pub async fn spawn_app_with(backend: Backend, mut settings: Settings) -> TestApp {
    // A roll-up rebuild reads two complaints at a time here, so that the suite's few
    // complaints go through its chunks (5,000 at a time in production).
    redress_store::rollup::set_rebuild_chunk(2);
    settings.database_url = match backend {
        Backend::Sqlite => format!(
            "sqlite://{}?mode=rwc",
            settings.data_dir.join("redress.db").display()
        ),
        Backend::Postgres => {
            // The server connects as a role bound by row-level security; the owner migrates.
            let owner = fresh_postgres_database().await;
            settings.migration_database_url = Some(owner.clone());
            as_server_role(&owner).await
        }
    };
    let app = Application::build(settings.clone(), None)
        .await
        .expect("the application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = owner_connection(&app, &settings).await;
    let server_db = app.db().clone();
    tokio::spawn(app.run_until_stopped());
    let data = Arc::new(TestData {
        postgres: settings.migration_database_url.clone(),
        data_dir: Some(settings.data_dir.clone()),
    });
    TestApp {
        address,
        db,
        server_db,
        _data: data,
        data_key: DataKey::from_secret(DATA_SECRET.as_bytes()),
        settings,
        authenticators: Arc::default(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        backend,
    }
}

/// A second server on the same database as `app` (another replica behind a proxy), with the
/// same settings.
pub async fn spawn_replica(app: &TestApp) -> TestApp {
    spawn_alongside(
        app,
        Settings {
            listen: "127.0.0.1:0".into(),
            ..app.settings.clone()
        },
    )
    .await
}

/// Another server with `settings` (its own database, say), sharing the test app's keys.
pub async fn spawn_alongside(app: &TestApp, settings: Settings) -> TestApp {
    let replica = Application::build(settings.clone(), None)
        .await
        .expect("the replica builds");
    let address = format!("http://127.0.0.1:{}", replica.port());
    let db = owner_connection(&replica, &settings).await;
    let server_db = replica.db().clone();
    tokio::spawn(replica.run_until_stopped());
    // A replica shares the app's database and folder; anything else is the caller's to clear.
    let data = if settings.database_url == app.settings.database_url {
        app._data.clone()
    } else {
        Arc::new(TestData {
            postgres: None,
            data_dir: None,
        })
    };
    TestApp {
        address,
        db,
        server_db,
        _data: data,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        backend: app.backend,
        data_key: app.data_key.clone(),
        settings,
        authenticators: app.authenticators.clone(),
    }
}

/// What a test reads and writes the database with, behind the server's back: the tables'
/// owner on PostgreSQL (not bound by row-level security), the server's own pool on SQLite.
async fn owner_connection(app: &Application, settings: &Settings) -> DatabaseConnection {
    match &settings.migration_database_url {
        Some(owner) => Database::connect(owner.as_str())
            .await
            .expect("connect as the owner"),
        None => app.db().clone(),
    }
}

/// A signed-in user of a test landlord.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Uuid,
    pub email: String,
    pub token: String,
    pub refresh_token: String,
}

/// A landlord with one signed-in user for every membership role.
#[derive(Debug, Clone)]
pub struct Landlord {
    pub slug: String,
    pub users: BTreeMap<&'static str, TestUser>,
    pub contractor_id: Uuid,
}

impl Landlord {
    pub fn user(&self, role: Role) -> &TestUser {
        self.users
            .get(role.as_str())
            .unwrap_or_else(|| panic!("no {role} user"))
    }
    pub fn admin(&self) -> &TestUser {
        self.user(Role::LandlordAdmin)
    }
}

impl TestApp {
    /// Runs one SQL statement behind the server's back (as the tables' owner), with `$1`,
    /// `$2`... as placeholders on both databases: for a test to set what no API may (a date in
    /// the past, a stored value to check).
    pub async fn sql(&self, sql: &str, values: Vec<sea_orm::Value>) -> u64 {
        self.db
            .execute_raw(self.statement(sql, values))
            .await
            .unwrap()
            .rows_affected()
    }

    /// The first column of the first row a query answers, as text.
    pub async fn sql_text(&self, sql: &str, values: Vec<sea_orm::Value>) -> Option<String> {
        self.db
            .query_one_raw(self.statement(sql, values))
            .await
            .unwrap()
            .and_then(|row| row.try_get_by_index::<Option<String>>(0).unwrap())
    }

    fn statement(&self, sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
        let sql = match self.backend {
            Backend::Postgres => sql.to_owned(),
            Backend::Sqlite => {
                let mut out = sql.to_owned();
                for n in (1..=values.len()).rev() {
                    out = out.replace(&format!("${n}"), "?");
                }
                out
            }
        };
        sea_orm::Statement::from_sql_and_values(self.db.get_database_backend(), sql, values)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let r = self.client.request(method, self.url(path));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.request(Method::GET, path, Some(token))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
        self.request(Method::POST, path, token)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.request(Method::PATCH, path, Some(token))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Signs in; where a second factor is asked for, sets one up (the first time) or gives a
    /// code from the one set up before.
    pub async fn login_ok(&self, email: &str, password: &str) -> TestUser {
        let resp = self.login(email, password).await;
        let status = resp.status();
        let body = if status == StatusCode::ACCEPTED {
            let challenge = expect_status(resp, StatusCode::ACCEPTED).await;
            self.second_factor(email, &challenge).await
        } else {
            expect_status(resp, StatusCode::OK).await
        };
        TestUser {
            id: body["user"]["id"]
                .as_str()
                .expect("id")
                .parse()
                .expect("uuid"),
            email: email.to_owned(),
            token: body["access_token"].as_str().expect("token").to_owned(),
            refresh_token: body["refresh_token"].as_str().expect("refresh").to_owned(),
        }
    }

    /// The second step of signing in, through the helpers' authenticators: the session.
    pub async fn second_factor(&self, email: &str, challenge: &Value) -> Value {
        let token = challenge["challenge_token"].as_str().expect("challenge");
        if challenge["status"] == "mfa_enrolment_required" {
            let enrolment = expect_status(
                self.post(
                    "/api/v1/auth/mfa/enrol",
                    None,
                    &json!({"challenge_token": token}),
                )
                .await,
                StatusCode::OK,
            )
            .await;
            let secret = enrolment["secret"].as_str().expect("secret").to_owned();
            let done = expect_status(
                self.post(
                    "/api/v1/auth/mfa/enrol/confirm",
                    None,
                    &json!({"challenge_token": token, "code": totp_code(&secret)}),
                )
                .await,
                StatusCode::OK,
            )
            .await;
            self.authenticators
                .lock()
                .expect("authenticators")
                .insert(email.to_owned(), secret);
            return done["session"].clone();
        }
        let secret = self
            .authenticators
            .lock()
            .expect("authenticators")
            .get(email)
            .cloned()
            .expect("an authenticator set up by the helpers");
        // Each code works once: this step's may have been used, so try the next step's too.
        for code in [totp_code(&secret), next_totp_code(&secret)] {
            let resp = self
                .post(
                    "/api/v1/auth/mfa/verify",
                    None,
                    &json!({"challenge_token": token, "code": code}),
                )
                .await;
            if resp.status() == StatusCode::OK {
                return expect_status(resp, StatusCode::OK).await;
            }
        }
        panic!("no code from the authenticator of {email} was accepted");
    }

    /// Bootstraps a platform admin as `redress admin create-platform-admin` does, and signs in.
    pub async fn platform_admin(&self) -> TestUser {
        let email = format!("platform-{}@redress.test", Uuid::new_v4().simple());
        let hash = hash_now(PASSWORD, HashCost::TESTING).expect("hash");
        redress_store::users::upsert_platform_admin(&self.db, &email, "Platform admin", hash)
            .await
            .expect("platform admin");
        self.login_ok(&email, PASSWORD).await
    }

    /// Accepts an invitation token with the test password and signs in.
    pub async fn accept(&self, token: &str, email: &str, name: &str) -> TestUser {
        let resp = self
            .post(
                &format!("/api/v1/invitations/{token}/accept"),
                None,
                &json!({"name": name, "password": PASSWORD}),
            )
            .await;
        expect_status(resp, StatusCode::OK).await;
        self.login_ok(email, PASSWORD).await
    }

    /// Exchanges a refresh token for a new pair.
    pub async fn refresh(&self, refresh_token: &str) -> reqwest::Response {
        self.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": refresh_token}),
        )
        .await
    }

    /// Accepts an invitation as an existing account, signed in, with no body.
    pub async fn accept_signed_in(&self, token: &str, user: &TestUser) -> Value {
        let resp = self
            .request(
                Method::POST,
                &format!("/api/v1/invitations/{token}/accept"),
                Some(&user.token),
            )
            .send()
            .await
            .expect("request sent");
        expect_status(resp, StatusCode::OK).await
    }

    /// Onboards a landlord through the API (platform admin creates it; its admin accepts the
    /// invitation, adds a contractor and invites one user for every other role).
    pub async fn landlord(&self, slug: &str) -> Landlord {
        let platform = self.platform_admin().await;
        let admin_email = format!("admin@{slug}.test");
        let resp = self
            .post(
                "/api/v1/landlords",
                Some(&platform.token),
                &json!({"name": format!("{slug} homes"), "slug": slug, "kind": "housing_association",
                        "homes": 1000, "admin_email": admin_email}),
            )
            .await;
        let created = expect_status(resp, StatusCode::CREATED).await;
        let token = created["invitation"]["accept_token"]
            .as_str()
            .expect("token");
        let admin = self.accept(token, &admin_email, "Ada Admin").await;
        let resp = self
            .post(
                &format!("/api/v1/landlords/{slug}/contractors"),
                Some(&admin.token),
                &json!({"name": "Fixit Ltd", "email": format!("jobs@fixit-{slug}.test")}),
            )
            .await;
        let contractor = expect_status(resp, StatusCode::CREATED).await;
        let contractor_id: Uuid = contractor["id"]
            .as_str()
            .expect("id")
            .parse()
            .expect("uuid");
        let mut users = BTreeMap::new();
        for role in Role::MEMBERSHIP {
            if role == Role::LandlordAdmin {
                continue;
            }
            let email = format!("{}@{slug}.test", role.as_str().replace('_', "-"));
            let mut body = json!({"email": email, "role": role.as_str()});
            if role == Role::Contractor {
                body["contractor_id"] = json!(contractor_id);
            }
            let resp = self
                .post(
                    &format!("/api/v1/landlords/{slug}/invitations"),
                    Some(&admin.token),
                    &body,
                )
                .await;
            let inv = expect_status(resp, StatusCode::CREATED).await;
            let user = self
                .accept(
                    inv["accept_token"].as_str().expect("token"),
                    &email,
                    role.as_str(),
                )
                .await;
            users.insert(role.as_str(), user);
        }
        users.insert(Role::LandlordAdmin.as_str(), admin);
        Landlord {
            slug: slug.to_owned(),
            users,
            contractor_id,
        }
    }
}

/// Asserts that a session has ended: its access token and its refresh token are refused.
pub async fn assert_signed_out(app: &TestApp, user: &TestUser) {
    expect_problem(
        app.get("/api/v1/me", &user.token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    expect_problem(
        app.refresh(&user.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

/// Asserts the status and returns the JSON body (or `null` when there is none).
pub async fn expect_status(resp: reqwest::Response, status: StatusCode) -> Value {
    let actual = resp.status();
    let url = resp.url().to_string();
    let text = resp.text().await.unwrap_or_default();
    assert_eq!(actual, status, "{url} answered {actual}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

/// Asserts a problem+json answer with this status, and returns it.
pub async fn expect_problem(resp: reqwest::Response, status: StatusCode) -> Value {
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = expect_status(resp, status).await;
    assert_eq!(ct, "application/problem+json", "content type of {body}");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    body
}

/// The fields a 422 named.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// What a role of the landlord should get from a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Gets through: anything but 401, 403 or 404.
    Allowed,
    Forbidden,
    /// Cannot see the record at all.
    NotFound,
}

/// Runs a request as every role of landlord `a`, as every user of landlord `b` (404), as a
/// platform admin, who is a member of neither (404), and with a bad token (401). `expect`
/// says what each role of `a` gets. `make` builds the request for a token.
pub async fn check_roles<F, E>(a: &Landlord, b: &Landlord, platform: &TestUser, expect: E, make: F)
where
    F: Fn(&str) -> RequestBuilder,
    E: Fn(Role) -> Expect,
{
    for (role, user) in &a.users {
        let resp = make(&user.token).send().await.expect("sent");
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        let role: Role = role.parse().expect("role");
        match expect(role) {
            Expect::Allowed => assert!(
                ![
                    StatusCode::UNAUTHORIZED,
                    StatusCode::FORBIDDEN,
                    StatusCode::NOT_FOUND
                ]
                .contains(&status),
                "{role} should be allowed but got {status}: {text}"
            ),
            Expect::Forbidden => {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role} should get 403: {text}"
                )
            }
            Expect::NotFound => {
                assert_eq!(
                    status,
                    StatusCode::NOT_FOUND,
                    "{role} should get 404: {text}"
                )
            }
        }
    }
    for (role, user) in &b.users {
        let resp = make(&user.token).send().await.expect("sent");
        assert_eq!(
            resp.status(),
            StatusCode::NOT_FOUND,
            "another landlord's {role} must get 404"
        );
    }
    let resp = make(&platform.token).send().await.expect("sent");
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "a platform admin sees no landlord's content"
    );
    let resp = make("not-a-token").send().await.expect("sent");
    assert_eq!(
        resp.status(),
        StatusCode::UNAUTHORIZED,
        "a bad token gets 401"
    );
}

/// [`check_roles`] where the roles in `allowed` get through and every other role gets 403.
pub async fn check_access<F>(
    a: &Landlord,
    b: &Landlord,
    platform: &TestUser,
    allowed: &[Role],
    make: F,
) where
    F: Fn(&str) -> RequestBuilder,
{
    check_roles(
        a,
        b,
        platform,
        |role| {
            if allowed.contains(&role) {
                Expect::Allowed
            } else {
                Expect::Forbidden
            }
        },
        make,
    )
    .await
}

/// Logs a complaint for the resident and allocates it to the landlord's contractor
/// organisation (after which the contractor's users may read the resident's needs). Returns
/// the complaint's id.
pub async fn contractor_case_for(app: &TestApp, l: &Landlord, resident_id: &str) -> String {
    let c = crate::complaints::intake(
        app,
        l,
        json!({"resident": null, "resident_id": resident_id}),
    )
    .await;
    let id = c["id"].as_str().expect("id").to_owned();
    crate::complaints::act_ok(
        app,
        l,
        &id,
        "allocate",
        json!({"contractor_id": l.contractor_id}),
    )
    .await;
    id
}
