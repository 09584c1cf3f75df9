//! What the open internet sends a server, and what an unlucky operator meets, each tried against
//! the application started as `main` starts it, with short limits so that each runs in seconds.
//! Where an HTTP client cannot misbehave the way an attacker does (send headers a byte at a time,
//! connect and say nothing, stop half-way through a body), the test speaks HTTP over a raw socket.
//! The book's "Hardening" section is the checklist these prove, one test per threat; the threats
//! to the connection itself (slow, silent and oversized request heads, a shutdown that never
//! ends) are proven by Lesson 5's exercise tests 5.7 and 5.10, which the capstone runs too.

mod common;

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use capstone::Config;
use capstone::rate_limit::RateLimiter;
use common::sockets::{connect, until_closed};
use common::{TestApp, config, database, server_binary::SERVER_BINARY};
use course_testkit::Req;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

/// The test configuration with limits short enough to watch: a client gets 1 s for its headers,
/// and shutdown waits 1 s for what is still open.
fn hardened() -> Config {
    Config {
        header_read_timeout: Duration::from_secs(1),
        shutdown_timeout: Duration::from_secs(1),
        ..config()
    }
}

/// A client for what the transport does (a request that waits for a connection slot, a stream
/// that never ends), beside the course's client (`TestApp::send`), which reads whole answers
/// within a timeout of its own.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client")
}

/// 2. Past the connection cap the server stops accepting; the silent connections holding the
///    slots are closed by the header read timeout, and the waiting client is then served.
#[tokio::test]
async fn past_the_connection_cap_new_clients_wait_and_are_served() {
    let capped = Config {
        max_connections: 2,
        ..hardened()
    };
    let server = TestApp::start_with(&capped).await;
    let _silent = [connect(server.addr).await, connect(server.addr).await];
    let started = Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        client()
            .get(format!("http://{}/health/live", server.addr))
            .send(),
    )
    .await
    .expect("the third client is served within 10 s")
    .expect("an answer");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "the third client waited for a slot (the cap is 2): served after {:?}",
        started.elapsed()
    );
}

/// 2b. An upgraded connection (a WebSocket) holds its place under the cap for as long as its
///     socket is open, not only until the upgrade: a client waits until it closes.
#[tokio::test]
async fn an_upgraded_connection_holds_its_place_under_the_cap() {
    use axum::extract::ws::WebSocketUpgrade;
    use capstone::serve::{Limits, serve};
    use tokio::io::AsyncReadExt;

    let router = axum::Router::new()
        .route(
            "/live",
            axum::routing::get(|upgrade: WebSocketUpgrade| async move {
                upgrade.on_upgrade(|mut socket| async move {
                    while let Some(Ok(_)) = socket.recv().await {}
                })
            }),
        )
        .route("/health/live", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("its address");
    let limits = Limits {
        header_read_timeout: Duration::from_secs(1),
        max_header_bytes: 32 * 1024,
        max_connections: 1,
        shutdown_timeout: Duration::from_secs(1),
    };
    tokio::spawn(serve(listener, router, limits, std::future::pending()));

    let mut websocket = connect(addr).await;
    websocket
        .write_all(
            b"GET /live HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\
              Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        )
        .await
        .expect("the handshake is sent");
    let mut head = [0; 12];
    tokio::time::timeout(Duration::from_secs(5), websocket.read_exact(&mut head))
        .await
        .expect("an answer to the handshake within 5 s")
        .expect("the answer's first bytes");
    assert_eq!(&head, b"HTTP/1.1 101", "the handshake is answered 101");

    let waiting = client().get(format!("http://{addr}/health/live")).send();
    tokio::pin!(waiting);
    assert!(
        tokio::time::timeout(Duration::from_millis(1500), &mut waiting)
            .await
            .is_err(),
        "a request was served while an open WebSocket held the only place (the cap is 1)"
    );
    drop(websocket);
    let answer = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the waiting client is served within 5 s of the WebSocket closing")
        .expect("an answer");
    assert_eq!(answer.status(), StatusCode::OK);
}

/// The server binary, started with `settings` on `db` at a free port, its logs discarded; killed
/// when dropped, if it still runs.
struct Process {
    child: Child,
    addr: SocketAddr,
}

impl Process {
    /// `limit_files`: the process's limit on open files (`ulimit -n`), if any.
    fn start(db_url: &str, settings: &[(&str, &str)], limit_files: Option<u32>) -> Self {
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let mut command = match limit_files {
            Some(limit) => {
                let mut command = Command::new("sh");
                command
                    .arg("-c")
                    .arg(format!("ulimit -n {limit} && exec \"$0\""))
                    .arg(SERVER_BINARY);
                command
            }
            None => Command::new(SERVER_BINARY),
        };
        command
            .env("DATABASE_URL", db_url)
            .env("BIND_ADDR", addr.to_string())
            .env("METRICS_ADDR", "off")
            .env("DB_MAX_CONNECTIONS", "2")
            .envs(settings.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = command.spawn().expect("the server binary starts");
        let process = Self { child, addr };
        process.wait_until_live();
        process
    }

    fn wait_until_live(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if std::net::TcpStream::connect(self.addr).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the server binary did not listen on {} in 30 s", self.addr);
    }

    /// Its exit status, if it exits within `patience`.
    fn exited_within(&mut self, patience: Duration) -> Option<std::process::ExitStatus> {
        let started = Instant::now();
        while started.elapsed() < patience {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// 2. Out of file descriptors: with a limit of 128 open files and 300 silent connections,
///    `accept` fails (EMFILE). The server pauses instead of spinning or dying, the header read
///    timeout frees descriptors, and a real client is served.
#[tokio::test]
async fn out_of_file_descriptors_the_server_recovers_by_itself() {
    let db = database().await;
    let mut server = Process::start(&db.url(), &[("HEADER_READ_TIMEOUT_SECS", "1")], Some(128));
    let mut silent = Vec::new();
    for _ in 0..300 {
        silent.push(connect(server.addr).await);
    }
    let answer = tokio::time::timeout(
        Duration::from_secs(15),
        client()
            .get(format!("http://{}/health/live", server.addr))
            .send(),
    )
    .await
    .expect("served within 15 s while 300 silent connections came and went")
    .expect("an answer");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        server.exited_within(Duration::ZERO).is_none(),
        "the server still runs"
    );
}

/// 4. A valid token whose account was deleted is a 401 on every route that reads a token, never
///    a 500 from a foreign key.
#[tokio::test]
async fn a_deleted_accounts_token_is_a_401_everywhere() {
    let app = TestApp::start().await;
    let gone = app.register("gone").await;
    let bob = app.register("bob").await;
    let slug = app.publish(&bob, "Still here", &[]).await;
    sqlx::query("DELETE FROM users WHERE username = 'gone'")
        .execute(app.db.pool())
        .await
        .expect("the account is deleted");

    let article = json!({ "article": { "title": "t", "description": "d", "body": "b" } });
    let comment = json!({ "comment": { "body": "hi" } });
    let requests = [
        (Method::GET, "/api/user".to_owned(), None),
        (
            Method::PUT,
            "/api/user".to_owned(),
            Some(json!({ "user": { "bio": "x" } })),
        ),
        (Method::POST, "/api/articles".to_owned(), Some(article)),
        (Method::GET, "/api/articles".to_owned(), None),
        (Method::GET, "/api/articles/feed".to_owned(), None),
        (Method::POST, format!("/api/articles/{slug}/favorite"), None),
        (
            Method::POST,
            format!("/api/articles/{slug}/comments"),
            Some(comment),
        ),
        (Method::POST, "/api/profiles/bob/follow".to_owned(), None),
    ];
    for (method, path, body) in requests {
        let (status, answer) = app.call(method.clone(), &path, Some(&gone), body).await;
        assert_eq!(
            (status, &answer),
            (
                StatusCode::UNAUTHORIZED,
                &json!({ "errors": { "token": ["is invalid"] } })
            ),
            "{method} {path} with a deleted account's token"
        );
    }
}

/// 5. A request that runs out of time because the database stalled (a table locked by another
///    session) is the server's fault: 503 with `Retry-After` and a JSON body, not a 408.
#[tokio::test]
async fn a_stalled_database_is_a_503_with_retry_after() {
    let quick = Config {
        request_timeout: Duration::from_millis(500),
        ..config()
    };
    let server = TestApp::start_with(&quick).await;
    let mut locker = server.db.pool().begin().await.expect("a transaction");
    sqlx::query("LOCK TABLE tag_counts IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *locker)
        .await
        .expect("the table is locked");

    let answer = server.send(Req::get("/api/tags")).await;
    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        answer.headers().contains_key("retry-after"),
        "{:?}",
        answer.headers()
    );
    let body: Value = answer.json();
    assert!(body["errors"]["body"][0].is_string(), "{body}");
    locker.rollback().await.expect("the lock is released");
}

/// 6. A body over the limit is a 413 when it comes in chunks, with no `Content-Length` to refuse
///    it by, as when it says its length up front.
#[tokio::test]
async fn a_chunked_body_over_the_limit_is_a_json_413() {
    let app = TestApp::start().await;
    let mut socket = connect(app.addr).await;
    socket
        .write_all(b"POST /api/users HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        .await
        .expect("the headers");
    // Four times the test configuration's 16 KiB limit, in 8 KiB chunks; the server may stop
    // reading part-way, so a write that fails is expected.
    let chunk = format!("2000\r\n{}\r\n", "a".repeat(0x2000));
    for _ in 0..8 {
        if socket.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let (answer, _) = until_closed(&mut socket, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("{\"errors\":{\"body\":["), "{answer}");
}

/// 7. Every input field has a bound (`routes/bounds.rs`); one character over it is a 422 that
///    names the field, and a title far too long for its index is one too, not a 500.
#[tokio::test]
async fn every_field_over_its_bound_is_a_422_naming_it() {
    let roomy = Config {
        body_limit: 1 << 20,
        ..config()
    };
    let app = TestApp::start_with(&roomy).await;
    let token = app.register("bounded").await;
    let slug = app.publish(&token, "Bounded", &[]).await;
    let long = |n: usize| "x".repeat(n);
    let user = |field: &str, value: String| {
        let mut user = json!({ "username": "someone", "email": "someone@example.com", "password": "password123" });
        user[field] = json!(value);
        json!({ "user": user })
    };
    let article = |field: &str, value: Value| {
        let mut article = json!({ "title": "A title", "description": "d", "body": "b" });
        article[field] = value;
        json!({ "article": article })
    };
    let cases = [
        (
            "username",
            Method::POST,
            "/api/users".to_owned(),
            user("username", long(65)),
        ),
        (
            "email",
            Method::POST,
            "/api/users".to_owned(),
            user("email", format!("{}@example.com", long(250))),
        ),
        (
            "password",
            Method::POST,
            "/api/users".to_owned(),
            user("password", long(129)),
        ),
        (
            "bio",
            Method::PUT,
            "/api/user".to_owned(),
            json!({ "user": { "bio": long(2_001) } }),
        ),
        (
            "image",
            Method::PUT,
            "/api/user".to_owned(),
            json!({ "user": { "image": long(2_049) } }),
        ),
        (
            "title",
            Method::POST,
            "/api/articles".to_owned(),
            article("title", json!(long(201))),
        ),
        (
            "title",
            Method::POST,
            "/api/articles".to_owned(),
            article("title", json!(long(200_000))),
        ),
        (
            "description",
            Method::POST,
            "/api/articles".to_owned(),
            article("description", json!(long(501))),
        ),
        (
            "body",
            Method::POST,
            "/api/articles".to_owned(),
            article("body", json!(long(100_001))),
        ),
        (
            "tagList",
            Method::POST,
            "/api/articles".to_owned(),
            article("tagList", json!([long(41)])),
        ),
        (
            "tagList",
            Method::POST,
            "/api/articles".to_owned(),
            article(
                "tagList",
                json!((0..20_000).map(|n| n.to_string()).collect::<Vec<_>>()),
            ),
        ),
        (
            "tagList",
            Method::PUT,
            format!("/api/articles/{slug}"),
            json!({ "article": { "tagList": (0..21).map(|n| n.to_string()).collect::<Vec<_>>() } }),
        ),
        (
            "body",
            Method::POST,
            format!("/api/articles/{slug}/comments"),
            json!({ "comment": { "body": long(100_001) } }),
        ),
    ];
    for (field, method, path, body) in cases {
        let (status, answer) = app
            .call(method.clone(), &path, Some(&token), Some(body))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {path}: {answer}"
        );
        let problem = answer["errors"][field][0].as_str().unwrap_or_default();
        assert!(
            problem.starts_with("is too long") || problem.starts_with("has too many"),
            "{method} {path}: the error names {field}: {answer}"
        );
    }
}

/// 8. A client's request id is kept only when short and made of safe characters; otherwise a fresh
///    one replaces it, in the answer and in the logs.
#[tokio::test]
async fn only_a_short_safe_client_request_id_is_kept() {
    let app = TestApp::start().await;
    let app = &app;
    let id_for = |sent: String| async move {
        let answer = app
            .send(Req::get("/health/live").header("x-request-id", &sent))
            .await;
        answer.headers()["x-request-id"]
            .to_str()
            .expect("a text id")
            .to_owned()
    };
    let kept = "client-trace_1.2".to_owned();
    assert_eq!(id_for(kept.clone()).await, kept);
    for unsafe_id in [
        "a".repeat(10_000),
        "a".repeat(65),
        "id with spaces".to_owned(),
        "x\"}{\"admin\":true".to_owned(),
    ] {
        let given = id_for(unsafe_id.clone()).await;
        assert_ne!(given, unsafe_id);
        assert!(
            uuid::Uuid::parse_str(&given).is_ok(),
            "a fresh id replaces {:.20}…: {given}",
            unsafe_id
        );
    }
}

/// 9. The login limit holds in any window, wherever it starts: with 3 a second, one attempt and
///    then, 0.7 s later, attempts every 20 ms never get 4 through within a second. Fixed windows
///    would let 2 through at 0.7 s, at the end of the first window, and 3 more at 1 s, at the start
///    of the next: 5 in 0.3 s.
#[tokio::test]
async fn the_login_limit_cannot_be_doubled_at_a_window_edge() {
    let db = database().await;
    let window = Duration::from_secs(1);
    let limiter = RateLimiter::new(db.pool().clone(), 3, window);
    let client = Some(std::net::IpAddr::from([10, 1, 2, 3]));
    let started = Instant::now();
    assert_eq!(limiter.check(client).await.expect("counted"), Ok(()));
    let mut allowed = vec![started.elapsed()];
    tokio::time::sleep(Duration::from_millis(700)).await;
    while started.elapsed() < Duration::from_millis(2_700) {
        if limiter.check(client).await.expect("counted").is_ok() {
            allowed.push(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(allowed.len() >= 6, "some attempts got through: {allowed:?}");
    // The times are the client's, a round trip after the database's: a little is left for that.
    let measured = window - Duration::from_millis(100);
    for (i, first) in allowed.iter().enumerate() {
        let within = allowed[i..]
            .iter()
            .take_while(|at| **at - *first < measured)
            .count();
        assert!(
            within <= 3,
            "{within} attempts allowed within {measured:?} from {first:?}: {allowed:?}"
        );
    }
}

/// 10. Logout ends access: the session's access token is refused from then on (as it is when a
///     reused refresh token revokes the session), and another session goes on.
#[tokio::test]
async fn logout_ends_the_access_token_of_its_session() {
    let app = TestApp::start().await;
    app.register("leaving").await;
    let login = json!({ "user": { "email": "leaving@example.com", "password": "password123" } });
    let sign_in = || app.call(Method::POST, "/api/users/login", None, Some(login.clone()));
    let (_, first) = sign_in().await;
    let (_, second) = sign_in().await;
    let token = |session: &Value| {
        session["user"]["token"]
            .as_str()
            .expect("a token")
            .to_owned()
    };
    let (status, _) = app
        .call(Method::GET, "/api/user", Some(&token(&first)), None)
        .await;
    assert_eq!(status, StatusCode::OK);

    let logout = json!({ "refreshToken": first["user"]["refreshToken"] });
    let (status, _) = app
        .call(Method::POST, "/api/users/logout", None, Some(logout))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, answer) = app
        .call(Method::GET, "/api/user", Some(&token(&first)), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{answer}");
    assert_eq!(answer, json!({ "errors": { "token": ["is invalid"] } }));
    let (status, _) = app
        .call(Method::GET, "/api/user", Some(&token(&second)), None)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the other session is still signed in"
    );

    let refresh = json!({ "refreshToken": second["user"]["refreshToken"] });
    for _ in 0..2 {
        app.call(
            Method::POST,
            "/api/users/refresh",
            None,
            Some(refresh.clone()),
        )
        .await;
    }
    let (status, _) = app
        .call(Method::GET, "/api/user", Some(&token(&second)), None)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a reused refresh token ends its session's access too"
    );
}

/// hyper also answers a request line it cannot parse, before axum sees it: a 400 with no body, and
/// the connection closed.
#[tokio::test]
async fn a_malformed_request_line_is_a_400() {
    let app = TestApp::start().await;
    let mut socket = connect(app.addr).await;
    socket
        .write_all(b"NOT AN HTTP REQUEST\r\n\r\n")
        .await
        .expect("sent");
    let (answer, closed) = until_closed(&mut socket, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(closed.is_some(), "and the connection is closed");
}
