use std::time::Duration;

use futures_util::SinkExt;
use realtime::Settings;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode, Data, OpCode};

use course_testkit::fail;

use crate::support::{
    PATIENCE, connect, expect_json, handshake, made_up_comment, next_message, open_socket,
    send_text, site, site_with, subscribe, token, upgraded,
};

/// Reads until a close frame, skipping pings and announcements; fails with `expected` if the
/// connection ends without one.
async fn expect_close(
    socket: &mut crate::support::Socket,
    sent: &str,
    expected: &str,
) -> (CloseCode, String) {
    loop {
        match next_message(socket, PATIENCE).await {
            Some(Message::Close(Some(frame))) => return (frame.code, frame.reason.to_string()),
            Some(Message::Close(None)) => fail("6.6", sent, expected, "a close frame with no code"),
            Some(_) => continue,
            None => fail(
                "6.6",
                sent,
                expected,
                "no close frame (or the connection just ended)",
            ),
        }
    }
}

#[tokio::test]
async fn ex6_06_a_client_that_falls_behind_is_told_to_come_back_later() {
    let site = site_with(Settings::default(), 4).await;
    let jake = site.sign_up("6.6", "jake").await;
    let slug = site.publish("6.6", &jake, "Busy").await;
    let mut socket = open_socket("6.6", &site.first.server, &jake).await;
    subscribe("6.6", &mut socket, &slug).await;
    for id in 1..=20 {
        site.first.live.events.publish(made_up_comment(id, &slug));
    }
    let sent = "twenty announcements at once, into a buffer of four";
    let expected = "a close frame whose code says to try again later, and whose reason says how many were missed";
    let (code, reason) = expect_close(&mut socket, sent, expected).await;
    if code != CloseCode::Again || !reason.chars().any(|c| c.is_ascii_digit()) {
        fail("6.6", sent, expected, &format!("{code}: {reason:?}"));
    }
}

#[tokio::test]
async fn ex6_06_every_client_is_told_when_the_server_stops() {
    let site = site().await;
    let jake = site.sign_up("6.6", "jake").await;
    let mut socket = open_socket("6.6", &site.first.server, &jake).await;
    site.first.live.events.close();
    let sent = "(the server stopping)";
    let expected = "a close frame whose code says the server is going away, or restarting";
    let (code, reason) = expect_close(&mut socket, sent, expected).await;
    if !matches!(code, CloseCode::Away | CloseCode::Restart) {
        fail("6.6", sent, expected, &format!("{code}: {reason:?}"));
    }
}

#[tokio::test]
async fn ex6_06_a_client_cannot_make_the_server_read_a_huge_message() {
    let site = site().await;
    let jake = site.sign_up("6.6", "jake").await;
    let slug = site.publish("6.6", &jake, "Guarded").await;
    let mut socket = open_socket("6.6", &site.first.server, &jake).await;
    subscribe("6.6", &mut socket, &slug).await;

    // A request as large as an honest one can come to: it must still be answered.
    let long = json!({ "subscribe": "a".repeat(2400) }).to_string();
    send_text(&mut socket, long).await;
    let sent = "{\"subscribe\": \"aaaa…\"}, a request of 2.4 KB (a long slug, no such article)";
    let expected = "an answer ({\"error\": …}): a request this size is an honest one";
    let answer = expect_json("6.6", &mut socket, sent, expected).await;
    if answer.get("error").is_none() {
        fail("6.6", sent, expected, &answer.to_string());
    }

    // 1 MiB, sent as a thousand frames of 1 KiB each: a limit on frames alone lets it through.
    let huge = json!({ "subscribe": "a".repeat(1 << 20) })
        .to_string()
        .into_bytes();
    let mut pieces = huge.chunks(1024).enumerate().peekable();
    while let Some((index, piece)) = pieces.next() {
        let opcode = if index == 0 {
            OpCode::Data(Data::Text)
        } else {
            OpCode::Data(Data::Continue)
        };
        let frame = Frame::message(piece.to_vec(), opcode, pieces.peek().is_none());
        if socket.send(Message::Frame(frame)).await.is_err() {
            break;
        }
    }
    let sent = "{\"subscribe\": \"aaaa…\"}, a request of 1 MiB in frames of 1 KiB";
    let expected =
        "the session ended (a close frame, or the connection closed), the message unread";
    loop {
        match next_message(&mut socket, PATIENCE).await {
            Some(Message::Text(text)) => {
                let start: String = text.chars().take(60).collect();
                fail(
                    "6.6",
                    sent,
                    expected,
                    &format!("an answer, after reading it all: {start}…"),
                );
            }
            Some(Message::Close(_)) | None => break,
            Some(_) => continue,
        }
    }
}

#[tokio::test]
async fn ex6_06_a_client_that_stops_reading_is_let_go() {
    let settings = Settings {
        ping_interval: Duration::from_millis(500),
        connections_per_user: 1,
        ..Settings::default()
    };
    let site = site_with(settings, 256).await;
    let jake = site.sign_up("6.6", "jake").await;
    let slug = site.publish("6.6", &jake, "Long").await;
    // A receive buffer as small as the system allows (which also keeps it from growing), so that
    // a client that reads nothing fills it at once.
    let tcp = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
    tcp.set_recv_buffer_size(4096)
        .expect("a small receive buffer");
    let stream = tcp
        .connect(site.first.server.addr())
        .await
        .expect("a connection to the test's server");
    let mut socket = upgraded(
        "6.6",
        handshake(&site.first.server, Some(&token(&jake)), stream).await,
    );
    subscribe("6.6", &mut socket, &slug).await;

    // 16 MiB of comments, more than the buffers of both ends of a connection hold; from here on
    // the client reads nothing (the socket stays open, unread, until the test ends).
    for id in 1..=128 {
        let mut event = made_up_comment(id, &slug);
        event.comment.body = "x".repeat(128 * 1024);
        site.first.live.events.publish(event);
    }
    let sent = "128 comments of 128 KiB each to jake's session, whose client then reads nothing (1 connection per user; pings every 500 ms)";
    let expected = "jake's place given back within 5 s (a handshake of his answered 101): a client that takes nothing is let go, as one that says nothing is";
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while let Err((status, body)) = connect(&site.first.server, Some(&token(&jake))).await {
        if tokio::time::Instant::now() >= deadline {
            fail(
                "6.6",
                sent,
                expected,
                &format!("{status}: {body} (his session still waits to write)"),
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(socket);
}

#[tokio::test]
async fn ex6_06_written_says_whether_the_session_goes_on() {
    use realtime::ws::written;

    let settings = Settings {
        ping_interval: Duration::from_millis(100),
        ..Settings::default()
    };
    let expected = "true for a write that finished, false for one that failed, false (within 5 s) for one the client never takes";
    let taken = written(&settings, std::future::ready(Ok(()))).await;
    let broken = written(
        &settings,
        std::future::ready(Err(axum::Error::new("connection reset"))),
    )
    .await;
    let never = tokio::time::timeout(PATIENCE, written(&settings, std::future::pending())).await;
    if !taken || broken || never != Ok(false) {
        let never = never.map_or("still waiting after 5 s".to_owned(), |it| it.to_string());
        fail(
            "6.6",
            "written(..) with pings every 100 ms: a write taken at once; one that failed; one never taken",
            expected,
            &format!("{taken}; {broken}; {never}"),
        );
    }
}
