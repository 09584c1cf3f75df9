//! What production needs beyond the spec: health checks, JSON errors everywhere, request ids,
//! security headers, limits, compression, CORS, rate limits, metrics and statelessness. (Readiness
//! with the database down and the graceful shutdown are tested by Lesson 5's exercise tests, which
//! run against this crate too.)

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use capstone::Config;
use capstone::rate_limit::RateLimiter;
use common::{TestApp, config, database};
use course_testkit::Req;
use serde_json::{Value, json};
use tower::ServiceExt;

#[tokio::test]
async fn liveness_and_readiness() {
    let app = TestApp::start().await;
    let (status, body) = app.call(Method::GET, "/health/live", None, None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "status": "ok" })));
    let (status, body) = app.call(Method::GET, "/health/ready", None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn unknown_routes_methods_and_bad_input_answer_json() {
    let app = TestApp::start().await;
    let (status, body) = app.call(Method::GET, "/api/nothing", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({ "errors": { "route": ["not found"] } }));
    let (status, body) = app.call(Method::PATCH, "/api/articles", None, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(body["errors"]["body"].is_array(), "{body}");

    for (content_type, payload, expected) in [
        (
            "application/json",
            "{\"user\": ",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("text/plain", "hello", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "application/json",
            "{\"user\": {\"email\": 42}}",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let response = app
            .send(Req::post("/api/users").raw_body(content_type, payload))
            .await;
        assert_eq!(response.status(), expected, "{payload}");
        let body: Value = response.json();
        assert!(body["errors"]["body"].is_array(), "{body}");
    }
}

/// What schemathesis found: out-of-range paging, numbers too large for their type and text
/// PostgreSQL cannot store are the client's mistakes, 422, never a 500.
#[tokio::test]
async fn odd_parameters_are_422_not_500() {
    let app = TestApp::start().await;
    for path in [
        "/api/articles?limit=0",
        "/api/articles?offset=-1",
        "/api/articles?limit=24948350795082421501952",
        "/api/articles?author=a%00b",
        "/api/articles/some-slug/comments/-239092468734286561280",
    ] {
        let method = if path.contains("/comments/") {
            Method::DELETE
        } else {
            Method::GET
        };
        let (status, body) = app.call(method, path, None, None).await;
        let expected = if path.contains("/comments/") {
            [StatusCode::UNPROCESSABLE_ENTITY, StatusCode::UNAUTHORIZED]
        } else {
            [StatusCode::UNPROCESSABLE_ENTITY; 2]
        };
        assert!(expected.contains(&status), "{path}: {status} {body}");
        assert!(body["errors"].is_object(), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_json_413() {
    let app = TestApp::start().await;
    let huge = json!({ "user": { "username": "x".repeat(20_000), "email": "a@b.c", "password": "password123" } });
    let response = app.send(Req::post("/api/users").json(&huge)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json();
    assert!(body["errors"]["body"].is_array(), "{body}");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = TestApp::start().await;
    let response = app.send(Req::get("/api/tags")).await;
    let headers = response.headers();
    let id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("an x-request-id");
    assert_eq!(
        uuid::Uuid::parse_str(id).map(|id| id.get_version_num()),
        Ok(7)
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    let response = app
        .send(Req::get("/api/tags").header("x-request-id", "from-the-client"))
        .await;
    assert_eq!(response.headers()["x-request-id"], "from-the-client");
}

#[tokio::test]
async fn large_responses_are_gzipped_and_cors_admits_configured_origins() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    for n in 0..5 {
        app.publish(
            &jake,
            &format!("A long enough article number {n}"),
            &["compression"],
        )
        .await;
    }
    let response = app
        .send(Req::get("/api/articles").header("accept-encoding", "gzip"))
        .await;
    assert_eq!(response.headers()["content-encoding"], "gzip");
    // A body under 1 KiB (here about 70 bytes) is sent as it is: compressing it would cost more
    // than it saves.
    let small = app
        .send(Req::get("/api/profiles/jake").header("accept-encoding", "gzip"))
        .await;
    assert_eq!(small.status(), StatusCode::OK);
    assert!(
        !small.headers().contains_key("content-encoding"),
        "{:?}",
        small.headers()
    );

    let preflight = |origin: &str| {
        app.send(
            Req::new(Method::OPTIONS, "/api/articles")
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                ),
        )
    };
    let allowed = preflight("http://localhost:5173").await;
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let refused = preflight("https://evil.example").await;
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

/// Two instances on one database: a token one issues works on the other, and what one writes the
/// other reads. Nothing lives in a single process.
#[tokio::test]
async fn two_instances_share_nothing_but_the_database() {
    let first = TestApp::start().await;
    let second_instance = first.another_instance(&config()).await;
    let second = second_instance.addr;
    let token = first.register("jake").await;
    first.publish(&token, "Written on the first", &[]).await;
    let response = course_testkit::request(
        second,
        Req::get("/api/user").header("authorization", &format!("Token {token}")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let article = course_testkit::request(second, Req::get("/api/articles/written-on-the-first"))
        .await
        .json();
    assert_eq!(article["article"]["author"]["username"], "jake");
}

/// What a refresh token's rotation, reuse detection and logout decide is in the database, so it
/// holds whichever instance a client's next request reaches.
#[tokio::test]
async fn refresh_reuse_and_logout_hold_across_instances() {
    let app = TestApp::start().await;
    let second_instance = app.another_instance(&config()).await;
    let (first, second) = (app.addr, second_instance.addr);
    let post = |instance, path: &'static str, body: Value| {
        app.call_on(instance, Method::POST, path, None, Some(body))
    };
    let refresh_token = |body: &Value| {
        body["user"]["refreshToken"]
            .as_str()
            .expect("a refresh token")
            .to_owned()
    };
    let refresh = |token: &str| json!({ "refreshToken": token });
    let user = json!({ "user": { "username": "jake", "email": "jake@example.com", "password": "password123" } });
    let (_, registered) = post(first, "/api/users", user).await;
    let spent = refresh_token(&registered);
    let (status, rotated) = post(second, "/api/users/refresh", refresh(&spent)).await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let newest = refresh_token(&rotated);
    let (status, _) = post(first, "/api/users/refresh", refresh(&spent)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the first instance knows it was spent"
    );
    let (status, _) = post(second, "/api/users/refresh", refresh(&newest)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the reuse on the first revoked the family on the second"
    );

    let login = json!({ "user": { "email": "jake@example.com", "password": "password123" } });
    let (_, logged_in) = post(second, "/api/users/login", login).await;
    let session = refresh_token(&logged_in);
    let (status, _) = post(first, "/api/users/logout", refresh(&session)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = post(second, "/api/users/refresh", refresh(&session)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a logout on one ends the login on both"
    );
}

#[tokio::test]
async fn the_auth_rate_limit_holds_across_instances() {
    let limited = Config {
        auth_rate_limit: 3,
        ..config()
    };
    let app = TestApp::start_with(&limited).await;
    let other = app.another_instance(&limited).await;
    let instances = [app.addr, other.addr];
    let login = json!({ "user": { "email": "nobody@example.com", "password": "guess-guess" } });
    let mut statuses = Vec::new();
    for attempt in 0..6 {
        let (status, _) = app
            .call_on(
                instances[attempt % 2],
                Method::POST,
                "/api/users/login",
                None,
                Some(login.clone()),
            )
            .await;
        statuses.push(status);
    }
    let (refused, tried) = (StatusCode::TOO_MANY_REQUESTS, StatusCode::UNAUTHORIZED);
    assert_eq!(statuses, [tried, tried, tried, refused, refused, refused]);
}

#[tokio::test]
async fn the_auth_routes_are_rate_limited_per_client() {
    let limited = Config {
        auth_rate_limit: 3,
        ..config()
    };
    let app = TestApp::start_with(&limited).await;
    let login = json!({ "user": { "email": "nobody@example.com", "password": "guess-guess" } });
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let response = app.send(Req::post("/api/users/login").json(&login)).await;
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .ok()
                .and_then(|s| s.parse().ok())
                .expect("a Retry-After in seconds");
            assert!((1..=60).contains(&retry_after));
            let body: Value = response.json();
            assert!(body["errors"]["body"].is_array(), "{body}");
        }
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let (status, _) = app.call(Method::GET, "/api/tags", None, None).await;
    assert_eq!(status, StatusCode::OK, "other routes are not limited");
}

#[tokio::test]
async fn the_rate_limiter_gives_each_client_the_limit_per_window() {
    let db = database().await;
    let limiter = RateLimiter::new(db.pool().clone(), 2, Duration::from_secs(60));
    let (alice, bob) = (
        Some(IpAddr::from([10, 0, 0, 1])),
        Some(IpAddr::from([10, 0, 0, 2])),
    );
    for _ in 0..2 {
        assert_eq!(limiter.check(alice).await.expect("counted"), Ok(()));
    }
    let wait = limiter
        .check(alice)
        .await
        .expect("counted")
        .expect_err("a third request in the minute is refused");
    assert!(
        wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
        "a refused client is told when its oldest attempt leaves the window: {wait:?}"
    );
    assert_eq!(
        limiter.check(bob).await.expect("counted"),
        Ok(()),
        "each client has a window of its own"
    );
}

/// Now and then a check also deletes the clients whose attempts have all left the window, which
/// keeps the table small; it must never delete a client with an attempt still in the window, or a
/// refused client could come back at once.
#[tokio::test]
async fn the_rate_limiter_sweeps_ended_windows_and_only_those() {
    let db = database().await;
    let pool = db.pool();
    sqlx::query(
        "INSERT INTO rate_limits (client, attempts, admitted)
         VALUES ('10.9.9.9', ARRAY[now() - interval '61 seconds'], true)",
    )
    .execute(pool)
    .await
    .expect("an ended window");
    let limiter = RateLimiter::new(pool.clone(), 1, Duration::from_secs(60));
    let alice = Some(IpAddr::from([10, 0, 0, 1]));
    assert_eq!(limiter.check(alice).await.expect("counted"), Ok(()));
    assert!(limiter.check(alice).await.expect("counted").is_err());
    for n in 0..1_000_u32 {
        let client = Some(IpAddr::from(Ipv4Addr::from((11 << 24) + n)));
        let _ = limiter.check(client).await.expect("counted");
    }
    let clients: Vec<String> = sqlx::query_scalar("SELECT client FROM rate_limits")
        .fetch_all(pool)
        .await
        .expect("the windows");
    assert!(
        !clients.iter().any(|client| client == "10.9.9.9"),
        "the ended window was swept"
    );
    assert!(
        limiter.check(alice).await.expect("counted").is_err(),
        "alice's window is still running after the sweep"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_report_the_pool() {
    let app = TestApp::start().await;
    app.call(Method::GET, "/api/articles/some-slug", None, None)
        .await;
    let text = course_testkit::request(app.metrics, Req::get("/metrics"))
        .await
        .text();
    assert!(
        text.lines()
            .any(|line| line.starts_with("http_requests_total{")
                && line.contains("route=\"/api/articles/{slug}\"")
                && line.contains("status=\"404\"")),
        "requests are counted by route pattern and status:\n{text}"
    );
    assert!(
        text.contains("http_request_duration_seconds_bucket{"),
        "latency is a histogram:\n{text}"
    );
    assert!(
        text.contains("db_pool_connections{state=\"idle\"}"),
        "{text}"
    );
    let public = app.send(Req::get("/metrics")).await;
    assert_eq!(
        public.status(),
        StatusCode::NOT_FOUND,
        "the public port does not serve the metrics"
    );
}

/// The configuration `pairs` make, as the README's table would be read against: its `Debug`,
/// which shows every setting but the secrets (or the error, if they make none).
fn configured(pairs: &[(&str, &str)]) -> String {
    let config = Config::from_vars(pairs.iter().copied());
    format!("{config:?}")
}

/// The README's configuration table is what people read before they deploy: every default it
/// gives as a value (in backticks), set explicitly, leaves the configuration as it was, in
/// development and in production. A row this cannot read fails, so the table stays checkable.
#[test]
fn the_readme_gives_the_defaults_the_code_has() {
    let production = [("APP_ENV", "production"), ("JWT_SECRET", &*"k".repeat(32))];
    let mut checked = 0;
    let rows = include_str!("../../README.md")
        .lines()
        .filter(|line| line.starts_with("| `") && line.matches(" | ").count() >= 2);
    for row in rows {
        let cells: Vec<&str> = row.split(" | ").collect();
        let names = backticked(cells[0]);
        let parts: Vec<&str> = cells[1].split(", ").collect();
        let per_name: Vec<(&str, Vec<&str>)> = if names.len() == parts.len() {
            names
                .iter()
                .zip(&parts)
                .map(|(name, part)| (*name, vec![*part]))
                .collect()
        } else if names.len() == 1 {
            vec![(names[0], parts)]
        } else {
            panic!("README row not readable as variables and their defaults: {row}")
        };
        for (name, parts) in per_name {
            for (base, in_production) in [(&[][..], false), (&production[..], true)] {
                let Some(value) = default_in(&parts, in_production) else {
                    continue;
                };
                if name == "APP_ENV" && in_production {
                    continue;
                }
                let set: Vec<(&str, &str)> = base.iter().copied().chain([(name, value)]).collect();
                let (default, explicit) = (configured(base), configured(&set));
                assert_eq!(
                    default, explicit,
                    "README: {name} defaults to {value} (production: {in_production})"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 25,
        "only {checked} defaults read from the README's table"
    );
}

/// The README's table names every variable `Settings` reads, and nothing else: the struct is the
/// one list of them, and the conformance run's list is checked against this table in turn.
#[test]
fn the_readme_names_every_setting_and_no_other() {
    let mut named: Vec<String> = include_str!("../../README.md")
        .lines()
        .filter(|line| line.starts_with("| `") && line.matches(" | ").count() >= 2)
        .filter_map(|row| row.split(" | ").next())
        .flat_map(|cell| backticked(cell).into_iter().map(str::to_owned))
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    let mut read: Vec<String> =
        serde_aux::serde_introspection::serde_introspect::<capstone::config::Settings>()
            .iter()
            .map(|field| field.to_uppercase())
            .collect();
    named.sort();
    read.sort();
    assert_eq!(
        named, read,
        "the README's settings (left) against Settings' fields (right)"
    );
}

/// The values between backticks in `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The default a cell's parts give in one environment: `` `x` `` in both, `` `x` in
/// production `` (or `` in development ``) in one, `` `x` (`y` in production) `` in each; none
/// where the cell says it in words ("half the cores").
fn default_in<'a>(parts: &[&'a str], in_production: bool) -> Option<&'a str> {
    let (here, there) = if in_production {
        ("in production", "in development")
    } else {
        ("in development", "in production")
    };
    parts
        .iter()
        .find_map(|part| match backticked(part).as_slice() {
            [usual, special] if part.contains(&format!("`{special}` {here}")) => Some(*special),
            [usual, _] => Some(*usual),
            [value] if part.starts_with('`') && !part.contains(there) => Some(*value),
            _ => None,
        })
}

#[test]
fn a_bad_configuration_stops_the_binary_with_a_clear_message() {
    let output = std::process::Command::new(common::server_binary::SERVER_BINARY)
        .env("DB_MAX_CONNECTIONS", "lots")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        "configuration error: DB_MAX_CONNECTIONS: `lots` is not valid here (invalid digit found in string)"
    );
    let _ = Config::from_settings(Default::default()).expect("and the defaults are valid");
}

/// The server has no database of its own to fall back on: a start without `DATABASE_URL` stops
/// at once, naming it, in production as in development.
#[test]
fn a_start_without_a_database_url_stops_naming_it() {
    for environment in ["production", "development"] {
        let output = std::process::Command::new(common::server_binary::SERVER_BINARY)
            .env_remove("DATABASE_URL")
            .env("APP_ENV", environment)
            .env("JWT_SECRET", "k".repeat(32))
            .output()
            .expect("the binary runs");
        assert!(!output.status.success(), "{environment}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            stderr.trim(),
            "configuration error: DATABASE_URL: is required: \
             postgres://user:password@host:port/database",
            "{environment}"
        );
    }
}

/// A client that stops sending its body is cut off by the body timeout: 408 in the API's error
/// shape, with a request id. (A request the server is slow to answer is a 503: see
/// `tests/hardening.rs`.)
#[tokio::test]
async fn a_stalled_body_times_out_with_a_json_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let quick = Config {
        header_read_timeout: std::time::Duration::from_millis(300),
        ..config()
    };
    let server = TestApp::start_with(&quick).await;
    let addr = server.addr;
    let mut socket = tokio::net::TcpStream::connect(addr)
        .await
        .expect("a connection");
    socket
        .write_all(b"POST /api/users HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"user\":")
        .await
        .expect("half a request is sent");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        socket.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(read.is_ok(), "the server answered within 2 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("x-request-id") && answer.contains("{\"errors\":{\"body\":["),
        "{answer}"
    );
}

/// A panic in a handler is a JSON 500 that says nothing of the panic, and the server goes on.
#[tokio::test]
async fn a_panic_is_a_json_500_that_reveals_nothing() {
    use axum::routing::get;

    let router = axum::Router::new()
        .route(
            "/boom",
            get(|| async {
                if true {
                    panic!("secret: the database password is hunter2");
                }
                "unreachable"
            }),
        )
        .route("/fine", get(|| async { "fine" }));
    let app = capstone::middleware::stack(router, &config());
    let get = |path: &str| {
        let request = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .expect("a request");
        app.clone().oneshot(request)
    };
    let response = get("/boom").await.expect("an answer");
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers().contains_key("x-request-id"));
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .expect("a body");
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body, json!({ "errors": { "body": ["internal error"] } }));
    let response = get("/fine").await.expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
}

/// With the database out of reach, the API answers 503 with `Retry-After` as soon as the pool
/// gives up waiting for a connection (its acquire timeout), never a 500: the request was fine.
#[tokio::test]
async fn an_unreachable_database_is_a_503_with_retry_after() {
    let dead = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(300))
        .connect_lazy("postgres://postgres@127.0.0.1:1/nothing")
        .expect("a lazy pool needs no server");
    let config = Config {
        bind: ([127, 0, 0, 1], 0).into(),
        metrics_bind: None,
        ..config()
    };
    let application = capstone::Application::with_pool(&config, dead)
        .await
        .expect("the application starts without its database");
    let addr = application.address();
    let server = tokio::spawn(application.run_until(std::future::pending()));
    for (method, path) in [
        (Method::GET, "/api/tags"),
        (Method::GET, "/api/articles"),
        (Method::POST, "/api/users/login"),
    ] {
        let started = std::time::Instant::now();
        let login = json!({ "user": { "email": "a@b.c", "password": "password123" } });
        let response =
            course_testkit::request(addr, Req::new(method.clone(), path).json(&login)).await;
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{method} {path} answered within the acquire timeout"
        );
        assert_eq!(
            response.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "{method} {path}"
        );
        assert_eq!(
            response.headers().get("retry-after").map(|v| v.as_bytes()),
            Some(&b"5"[..]),
            "{method} {path}"
        );
        let body: Value = response.json();
        assert_eq!(
            body,
            json!({ "errors": { "body": ["the service is unavailable; try again in 5 s"] } }),
            "{method} {path}"
        );
    }
    server.abort();
}

/// Asked to stop, the server turns not ready at once and goes on serving for the drain period (a
/// load balancer's time to notice), then stops. A client that, like a balancer, stops sending once
/// readiness fails loses no request.
#[tokio::test]
async fn stopping_drains_before_it_closes() {
    let db = database().await;
    let drain = std::time::Duration::from_millis(800);
    let config = Config {
        bind: ([127, 0, 0, 1], 0).into(),
        metrics_bind: None,
        database_url: Some(db.url().into()),
        drain,
        ..config()
    };
    let application = capstone::Application::build(&config)
        .await
        .expect("the application starts");
    let addr = application.address();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client");
    let get = |path: &str| client.get(format!("http://{addr}{path}")).send();
    assert_eq!(
        get("/health/ready").await.expect("ready").status(),
        StatusCode::OK
    );

    let asked = std::time::Instant::now();
    stop.send(()).expect("the server listens for the stop");
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let ready = get("/health/ready")
        .await
        .expect("an answer while draining");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        ready.json::<Value>().await.expect("JSON"),
        json!({ "status": "draining" })
    );
    let mut served = 0;
    while asked.elapsed() < drain / 2 {
        let answer = get("/api/tags").await.expect("served while draining");
        assert_eq!(answer.status(), StatusCode::OK);
        served += 1;
    }
    assert!(served > 0, "requests were served during the drain");

    tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .expect("the server stops after the drain")
        .expect("its task ends")
        .expect("it stops cleanly");
    assert!(
        asked.elapsed() >= drain,
        "the server served the whole drain period first"
    );
    assert!(
        get("/health/live").await.is_err(),
        "nothing listens once it stopped"
    );
}
