//! A shutdown that ends, and ends well: asked to stop, the server lets the requests in flight
//! finish, closes idle connections at once, and at the shutdown deadline closes whatever is still
//! open (a half-sent request, a body that stops, a stream that never ends), then returns.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use axum::response::sse::{Event, Sse};
use capstone::Config;
use course_testkit::fail;
use local_postgres::TestDatabase;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::sockets::{connect, until_closed};
use crate::support::{config, stoppable};

/// Limits a test can watch: shutdown waits `deadline` for what is open, the header read timeout
/// is long enough never to be the one that closes a connection here, and there is no drain.
fn stopping_within(deadline: Duration) -> Config {
    Config {
        header_read_timeout: Duration::from_secs(60),
        shutdown_timeout: deadline,
        drain: Duration::ZERO,
        ..config()
    }
}

/// The server is the package's binary, in a process of its own, so that SIGTERM reaches only it.

#[tokio::test]
async fn ex5_10_sigterm_lets_the_request_in_flight_finish() {
    let db = TestDatabase::create(&capstone::db::MIGRATOR)
        .await
        .expect("a database");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a port")
        .port();
    let mut child = Command::new(crate::server_binary::SERVER_BINARY)
        .env("DATABASE_URL", db.url())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("METRICS_ADDR", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts");
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent = "POST /api/users with half of its body, SIGTERM, then the rest of the body";
    if !up {
        let _ = child.kill();
        fail(
            "5.10",
            sent,
            "the server to start",
            "nothing listening after 10 s",
        );
    }
    let body = json!({ "user": { "username": "jake", "email": "jake@example.com", "password": "password123" } }).to_string();
    let (head, tail) = body.split_at(body.len() / 2);
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", port)).expect("a connection");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    write!(socket, "POST /api/users HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{head}", body.len()).expect("sent");
    std::thread::sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    std::thread::sleep(Duration::from_millis(300));
    let _ = socket.write_all(tail.as_bytes());
    let mut answer = String::new();
    let _ = socket.read_to_string(&mut answer);
    let exited = (0..50).find_map(|_| {
        std::thread::sleep(Duration::from_millis(100));
        child.try_wait().ok().flatten()
    });
    if exited.is_none() {
        let _ = child.kill();
    }
    if !answer.starts_with("HTTP/1.1 201") || !exited.is_some_and(|status| status.success()) {
        fail(
            "5.10",
            sent,
            "201 for the request in flight, then the server exiting cleanly",
            &format!(
                "{:?}, and the server {}",
                answer.lines().next().unwrap_or("no answer"),
                match exited {
                    Some(status) => format!("exited with {status}"),
                    None => "still running after 5 s".to_owned(),
                }
            ),
        );
    }
}

/// A kept-alive connection with no request on it is asked to close as soon as the server stops: it
/// has nothing to finish, so it must not hold the shutdown until the deadline (here 10 s).
#[tokio::test]
async fn ex5_10_an_idle_connection_does_not_hold_the_shutdown() {
    let mut app = stoppable("5.10", &stopping_within(Duration::from_secs(10)), |_| {
        axum::Router::new()
    })
    .await;
    let mut idle = connect(app.addr).await;
    let _ = idle
        .write_all(b"GET /health/live HTTP/1.1\r\nhost: x\r\n\r\n")
        .await;
    let (answer, _) = until_closed(&mut idle, Duration::from_millis(500)).await;
    let sent = "GET /health/live on a kept-alive connection, then the server asked to stop (SHUTDOWN_TIMEOUT_SECS=10)";
    if !answer.starts_with("HTTP/1.1 200") {
        fail(
            "5.10",
            sent,
            "a 200 before the stop",
            answer.lines().next().unwrap_or("no answer"),
        );
    }
    match app.stop(Duration::from_secs(15)).await {
        Some(after) if after < Duration::from_secs(2) => {}
        stopped => fail(
            "5.10",
            sent,
            "the server stopped within a second or so: the idle connection was asked to close, and did",
            &match stopped {
                Some(after) => format!(
                    "stopped after {after:?}, at the deadline: the idle connection was waited for, not asked to close"
                ),
                None => "still running after 15 s".to_owned(),
            },
        ),
    }
    let (_, closed) = until_closed(&mut idle, Duration::from_secs(1)).await;
    if closed.is_none() {
        fail(
            "5.10",
            sent,
            "the idle connection closed",
            "still open after the server stopped",
        );
    }
}

/// What never finishes by itself (a request head half sent, a body that stops, an event stream)
/// is given the shutdown deadline (1 s) and then closed, so that the server returns.
#[tokio::test]
async fn ex5_10_what_never_finishes_is_closed_at_the_deadline() {
    use tokio_stream::StreamExt;

    let mut app = stoppable("5.10", &stopping_within(Duration::from_secs(1)), |_| {
        axum::Router::new().route(
            "/ticks",
            axum::routing::get(|| async {
                let ticks = tokio::time::interval(Duration::from_millis(100));
                Sse::new(
                    tokio_stream::wrappers::IntervalStream::new(ticks)
                        .map(|_| Ok::<_, std::convert::Infallible>(Event::default().data("tick"))),
                )
            }),
        )
    })
    .await;
    let mut half_head = connect(app.addr).await;
    let _ = half_head
        .write_all(b"GET /api/tags HTTP/1.1\r\nhost: x\r\nx-more: ")
        .await;
    let mut half_body = connect(app.addr).await;
    let _ = half_body
        .write_all(b"POST /api/users/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"user\":")
        .await;
    let mut stream = connect(app.addr).await;
    let _ = stream
        .write_all(b"GET /ticks HTTP/1.1\r\nhost: x\r\n\r\n")
        .await;
    let (first, _) = until_closed(&mut stream, Duration::from_millis(500)).await;
    let sent = "a request head half sent, a body half sent and an event stream open, then the server asked to stop (SHUTDOWN_TIMEOUT_SECS=1)";
    if !first.starts_with("HTTP/1.1 200") {
        fail(
            "5.10",
            sent,
            "the stream open (200) before the stop",
            first.lines().next().unwrap_or("no answer"),
        );
    }
    match app.stop(Duration::from_secs(10)).await {
        Some(after) if after >= Duration::from_millis(900) && after < Duration::from_secs(3) => {}
        stopped => fail(
            "5.10",
            sent,
            "the server stopped about 1 s after it was asked: what was open had until the deadline, then was closed",
            &match stopped {
                Some(after) => format!("stopped after {after:?}"),
                None => "still running after 10 s: nothing closes what never finishes".to_owned(),
            },
        ),
    }
    for (socket, what) in [
        (&mut half_head, "half-sent head"),
        (&mut half_body, "half-sent body"),
        (&mut stream, "event stream"),
    ] {
        if until_closed(socket, Duration::from_secs(1))
            .await
            .1
            .is_none()
        {
            fail(
                "5.10",
                sent,
                format!("the {what}'s connection closed"),
                "still open after the server stopped",
            );
        }
    }
}
