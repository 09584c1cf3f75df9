//! Slow, silent and oversized clients, over a raw socket (an HTTP client is too polite to misbehave
//! like this): each is cut off by a limit of the connection, before any handler runs.

use std::time::{Duration, Instant};

use capstone::Config;
use course_testkit::fail;
use tokio::io::AsyncWriteExt;

use crate::sockets::{connect, until_closed};
use crate::support::{conduit, conduit_with, config};

/// The tests' configuration with a header read timeout short enough to watch: 1 s.
fn impatient() -> Config {
    Config {
        header_read_timeout: Duration::from_secs(1),
        ..config()
    }
}

/// "Slowloris": a request head sent a byte every 100 ms would take 8 s, and one such client per
/// connection the server has is all it takes to hold every one of them.
#[tokio::test]
async fn ex5_07_headers_sent_a_byte_at_a_time_are_cut_off() {
    let app = conduit_with("5.7", &impatient()).await;
    let mut socket = connect(app.server.addr()).await;
    let request = format!(
        "GET /health/live HTTP/1.1\r\nhost: x\r\nx-slow: {}\r\n\r\n",
        "a".repeat(40)
    );
    let started = Instant::now();
    let mut closed_after = None;
    for byte in request.bytes() {
        if socket.write_all(&[byte]).await.is_err() {
            closed_after = Some(started.elapsed());
            break;
        }
        if let (_, Some(_)) = until_closed(&mut socket, Duration::from_millis(100)).await {
            closed_after = Some(started.elapsed());
            break;
        }
    }
    let sent = "a request head of 80 bytes, one byte every 100 ms, with HEADER_READ_TIMEOUT_SECS=1";
    match closed_after {
        Some(after) if after < Duration::from_secs(3) => {}
        Some(after) => fail(
            "5.7",
            sent,
            "the connection closed about 1 s after the first byte",
            &format!("closed after {after:?}"),
        ),
        None => fail(
            "5.7",
            sent,
            "the connection closed about 1 s after the first byte, without an answer",
            "the whole head was taken, 8 s after its first byte: nothing limits how long a client may take",
        ),
    }
}

/// A client that connects and says nothing, and one kept alive after its answer and then silent,
/// hold a connection each for as long as the server lets them.
#[tokio::test]
async fn ex5_07_silent_and_idle_connections_are_closed() {
    let app = conduit_with("5.7", &impatient()).await;

    let mut silent = connect(app.server.addr()).await;
    let (answer, closed) = until_closed(&mut silent, Duration::from_secs(5)).await;
    let sent = "a connection, and then nothing, with HEADER_READ_TIMEOUT_SECS=1";
    match closed {
        Some(after) if after < Duration::from_secs(3) && answer.is_empty() => {}
        Some(after) => fail(
            "5.7",
            sent,
            "closed within about 1 s, with nothing sent",
            &format!("{answer:?}, closed after {after:?}"),
        ),
        None => fail(
            "5.7",
            sent,
            "closed within about 1 s",
            "still open after 5 s",
        ),
    }

    let mut idle = connect(app.server.addr()).await;
    let _ = idle
        .write_all(b"GET /health/live HTTP/1.1\r\nhost: x\r\n\r\n")
        .await;
    let (answer, closed) = until_closed(&mut idle, Duration::from_secs(5)).await;
    let sent = "GET /health/live on a kept-alive connection, and then nothing";
    match closed {
        Some(after) if after < Duration::from_secs(3) && answer.starts_with("HTTP/1.1 200") => {}
        _ => fail(
            "5.7",
            sent,
            "a 200, then the idle connection closed within about 1 s: waiting for the next request's head is waiting for headers too",
            &format!(
                "{:?}, {}",
                answer.lines().next().unwrap_or("no answer"),
                match closed {
                    Some(after) => format!("closed after {after:?}"),
                    None => "still open after 5 s".to_owned(),
                }
            ),
        ),
    }
}

/// A request head may be 32 KiB (`MAX_HEADER_BYTES`), not the 400 KB or so hyper takes by default:
/// past it, a 431 (Request Header Fields Too Large), which hyper sends before axum sees anything.
#[tokio::test]
async fn ex5_07_headers_over_the_limit_are_a_431() {
    let app = conduit("5.7").await;
    for (padding, status) in [(20_000, "200"), (100_000, "431")] {
        let request = format!(
            "GET /health/live HTTP/1.1\r\nhost: x\r\nx-padding: {}\r\nconnection: close\r\n\r\n",
            "a".repeat(padding)
        );
        let mut socket = connect(app.server.addr()).await;
        let _ = socket.write_all(request.as_bytes()).await;
        let (answer, _) = until_closed(&mut socket, Duration::from_secs(5)).await;
        if !answer.starts_with(&format!("HTTP/1.1 {status}")) {
            fail(
                "5.7",
                &format!(
                    "GET /health/live with {padding} bytes of headers (MAX_HEADER_BYTES=32768)"
                ),
                format!("HTTP/1.1 {status}"),
                answer.lines().next().unwrap_or("no answer"),
            );
        }
    }
}
