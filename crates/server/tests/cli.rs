#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The command line: bootstrapping a platform admin with the password on standard input, and
//! printing the OpenAPI document.

use std::io::Write;
use std::process::{Command, Stdio};

fn redress(args: &[&str], data: &std::path::Path, stdin: &str) -> std::process::Output {
    let db = format!("sqlite://{}?mode=rwc", data.join("redress.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .env("REDRESS_DATABASE_URL", &db)
        .env("REDRESS_DATA_DIR", data)
        .env("REDRESS_ARGON2_MEMORY_KIB", "1024")
        .env("REDRESS_ARGON2_ITERATIONS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `redress serve` on a free port of loopback, with a JSON log in `<data>/server.log`; waits
/// until it answers.
fn serve(data: &std::path::Path, env: &[(&str, &str)]) -> (std::process::Child, u16) {
    std::fs::create_dir_all(data).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let db = format!("sqlite://{}?mode=rwc", data.join("redress.db").display());
    let child = Command::new(env!("CARGO_BIN_EXE_redress"))
        .arg("serve")
        .env("REDRESS_DATABASE_URL", &db)
        .env("REDRESS_DATA_DIR", data)
        .env("REDRESS_LISTEN", format!("127.0.0.1:{port}"))
        .env("REDRESS_RUN_SCHEDULER", "false")
        .env("REDRESS_LOG_FORMAT", "json")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(data.join("server.log")).unwrap())
        .spawn()
        .unwrap();
    for _ in 0..400 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    (child, port)
}

#[test]
fn healthcheck_says_whether_the_server_is_ready() {
    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let (mut child, port) = serve(&data, &[]);
    let address = format!("127.0.0.1:{port}");
    let up = redress(&["healthcheck", "--address", &address], &data, "");
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert!(String::from_utf8_lossy(&up.stdout).contains("ready"));
    child.kill().unwrap();
    child.wait().unwrap();
    let down = redress(&["healthcheck", "--address", &address], &data, "");
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).contains("nothing answers"));
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn create_platform_admin_reads_the_password_from_standard_input() {
    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let out = redress(
        &[
            "admin",
            "create-platform-admin",
            "--email",
            "Ops@Example.org",
        ],
        &data,
        "a long operator passphrase\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("ops@example.org is a platform admin"),
        "{stdout}"
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = redress_store::db::connect(&format!(
            "sqlite://{}?mode=rwc",
            data.join("redress.db").display()
        ))
        .await
        .unwrap();
        let user = redress_store::users::find_by_email(&db, "ops@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(user.is_platform_admin);
        let hash = user.password_hash.unwrap();
        assert!(hash.starts_with("$argon2id$"));
    });
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn create_platform_admin_refuses_a_weak_password() {
    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let out = redress(
        &[
            "admin",
            "create-platform-admin",
            "--email",
            "ops@example.org",
        ],
        &data,
        "short\n",
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("must be at least 12 characters"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn a_backup_of_a_database_that_is_not_there_is_refused() {
    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let to = data.join("backup");
    let out = redress(&["backup", "--to", to.to_str().unwrap()], &data, "");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("there is no database"), "{stderr}");
    assert!(
        !data.join("redress.db").exists(),
        "no empty database was made"
    );
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn openapi_prints_the_document() {
    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let out = redress(&["openapi"], &data, "");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["info"]["title"], "Redress API");
    assert!(doc["paths"]["/api/v1/auth/login"].is_object());
}

/// Secrets that travel in paths (invitation tokens, tracking links, unsubscribe links) never
/// reach the server's log, however verbose it is.
#[test]
fn tokens_in_paths_never_reach_the_log() {
    use std::io::Read;
    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let log = data.join("server.log");
    let (mut child, port) = serve(&data, &[("RUST_LOG", "debug")]);
    let secret = "Sup3rSecretTokenThatMustNotBeLogged";
    let mut ids = Vec::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for (method, path) in [
            ("GET", format!("/api/v1/invitations/{secret}")),
            ("POST", format!("/api/v1/invitations/{secret}/accept")),
            ("GET", format!("/api/v1/public/nowhere/track/{secret}")),
            (
                "POST",
                format!("/api/v1/public/nowhere/track/{secret}/escalate"),
            ),
            ("GET", format!("/api/v1/unsubscribe/{secret}?digest=weekly")),
            ("GET", format!("/invitations/{secret}")),
            ("GET", format!("/p/nowhere/track/{secret}")),
        ] {
            let r = client
                .request(method.parse().unwrap(), format!("{base}{path}"))
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            assert!(r.status().as_u16() < 500, "{path}: {}", r.status());
            ids.push(
                r.headers()
                    .get("x-request-id")
                    .expect("a request id")
                    .to_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let mut text = String::new();
    std::fs::File::open(&log)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert!(
        text.contains("[redacted]"),
        "the requests were logged, redacted: {text}"
    );
    assert!(!text.contains(secret), "a token reached the log:\n{text}");
    // Each request's log line carries the id its response gave.
    for id in ids {
        assert!(
            text.contains(&format!("\"request_id\":\"{id}\"")),
            "{id} is not in the log:\n{text}"
        );
    }
    let _ = std::fs::remove_dir_all(data);
}

/// With an OTLP endpoint, `serve` sends a trace of each request to `<endpoint>/v1/traces`
/// (OTLP/HTTP, protobuf), and the spans still waiting when it is stopped go before it exits.
#[test]
fn traces_go_to_the_otlp_endpoint() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::sync::{Arc, Mutex};
    // A receiver that records each request's path, content type and body.
    let receiver = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", receiver.local_addr().unwrap());
    /// A request's path, content type and body.
    type Received = Vec<(String, String, Vec<u8>)>;
    let received: Arc<Mutex<Received>> = Arc::default();
    let log = received.clone();
    std::thread::spawn(move || {
        for stream in receiver.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let (mut length, mut content_type) = (0usize, String::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end().to_owned();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((&line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "content-type" => content_type = value.trim().to_owned(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .to_owned();
            log.lock().unwrap().push((path, content_type, body));
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n",
            );
        }
    });

    let data = std::env::temp_dir().join(format!("redress-cli-{}", uuid::Uuid::new_v4()));
    let (child, port) = serve(&data, &[("REDRESS_OTLP_ENDPOINT", endpoint.as_str())]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        for _ in 0..3 {
            let r = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/no-such-thing"))
                .await
                .unwrap();
            assert_eq!(r.status(), 404);
        }
        // A secret in a path, and a value that a refusal would quote.
        let r = reqwest::get(format!(
            "http://127.0.0.1:{port}/api/v1/invitations/TraceSecretTokenNeverExported"
        ))
        .await
        .unwrap();
        assert!(r.status().is_client_error());
        let r = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(r#"{"email": "quoted.person@example.org", "password": 7}"#)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error());
    });
    // A graceful stop (SIGTERM) sends what is waiting.
    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "serve exits cleanly on SIGTERM");
    let got = received.lock().unwrap();
    assert!(!got.is_empty(), "no traces arrived");
    for (path, content_type, _) in got.iter() {
        assert_eq!(path, "/v1/traces");
        assert_eq!(content_type, "application/x-protobuf");
    }
    let bodies: Vec<u8> = got.iter().flat_map(|(_, _, b)| b.clone()).collect();
    let contains = |needle: &[u8]| bodies.windows(needle.len()).any(|w| w == needle);
    assert!(contains(b"HTTP request"), "the request span is exported");
    assert!(contains(b"/api/v1/no-such-thing"), "with its target");
    assert!(contains(b"redress"), "from the service `redress`");
    assert!(
        contains(b"[redacted]"),
        "the secret path is exported redacted"
    );
    assert!(
        !contains(b"TraceSecretTokenNeverExported"),
        "no token in a trace"
    );
    assert!(!contains(b"quoted.person"), "nothing a refusal quotes");
    let _ = std::fs::remove_dir_all(data);
}
