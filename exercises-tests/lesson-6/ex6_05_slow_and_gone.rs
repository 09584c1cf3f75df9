use std::time::Duration;

use futures_util::StreamExt;
use realtime::Settings;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use course_testkit::fail;

use crate::support::{
    PATIENCE, made_up_comment, next_message, open_socket, site, site_with, subscribe,
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
            Some(Message::Close(None)) => fail("6.5", sent, expected, "a close frame with no code"),
            Some(_) => continue,
            None => fail(
                "6.5",
                sent,
                expected,
                "no close frame (or the connection just ended)",
            ),
        }
    }
}

#[tokio::test]
async fn ex6_05_a_client_that_falls_behind_is_told_to_come_back_later() {
    let site = site_with(Settings::default(), 4).await;
    let jake = site.sign_up("6.5", "jake").await;
    let slug = site.publish("6.5", &jake, "Busy").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    subscribe("6.5", &mut socket, &slug).await;
    for id in 1..=20 {
        site.first.live.events.publish(made_up_comment(id, &slug));
    }
    let sent = "twenty announcements at once, into a buffer of four";
    let expected = "a close frame 1013 (try again later) whose reason says how many were missed";
    let (code, reason) = expect_close(&mut socket, sent, expected).await;
    if code != CloseCode::Again || !reason.chars().any(|c| c.is_ascii_digit()) {
        fail("6.5", sent, expected, &format!("{code}: {reason:?}"));
    }
}

#[tokio::test]
async fn ex6_05_every_client_is_told_when_the_server_stops() {
    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    site.first.live.events.close();
    let sent = "(the server stopping)";
    let expected = "a close frame 1001 (going away)";
    let (code, reason) = expect_close(&mut socket, sent, expected).await;
    if code != CloseCode::Away {
        fail("6.5", sent, expected, &format!("{code}: {reason:?}"));
    }
}

// survivor: replace < with <= in heartbeat: the two differ only when the silence lasts exactly two intervals to the nanosecond, which no clock-driven test can arrange and no client can tell apart.
#[tokio::test]
async fn ex6_05_a_silent_client_is_let_go_and_a_live_one_kept() {
    let settings = Settings {
        ping_interval: Duration::from_millis(100),
        ..Settings::default()
    };
    let site = site_with(settings, 256).await;
    let jake = site.sign_up("6.5", "jake").await;
    let slug = site.publish("6.5", &jake, "Heartbeat").await;

    // This one reads, so its client library answers every ping with a pong.
    let mut live = open_socket("6.5", &site.first.server, &jake).await;
    let mut pinged = false;
    let started = tokio::time::Instant::now();
    let until = started + Duration::from_millis(600);
    while tokio::time::Instant::now() < until {
        let message = tokio::time::timeout(Duration::from_millis(50), live.next()).await;
        let message = match message {
            Ok(Some(Ok(message))) => Some(message),
            Ok(_) => fail(
                "6.5",
                "(a client answering every ping for 600 ms, pings every 100 ms)",
                "to stay connected: its pongs count as heard",
                &format!(
                    "the server dropped the connection after {} ms: is the heartbeat too strict?",
                    started.elapsed().as_millis()
                ),
            ),
            Err(_) => None,
        };
        match message {
            Some(Message::Ping(_)) => pinged = true,
            Some(Message::Close(frame)) => fail(
                "6.5",
                "(a client answering every ping for 600 ms, pings every 100 ms)",
                "to stay connected: its pongs count as heard",
                &format!("a close frame ({frame:?}): is the heartbeat too strict?"),
            ),
            _ => {}
        }
    }
    if !pinged {
        fail(
            "6.5",
            "(a client waiting 600 ms, pings every 100 ms)",
            "pings from the server",
            "none",
        );
    }
    subscribe("6.5", &mut live, &slug).await;

    // This one reads nothing, so it answers nothing: after two intervals it is gone.
    let mut silent = open_socket("6.5", &site.first.server, &jake).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let ended = tokio::time::timeout(PATIENCE, async {
        while next_message(&mut silent, PATIENCE).await.is_some() {}
    })
    .await;
    if ended.is_err() {
        fail(
            "6.5",
            "(a client that answers no ping, pings every 100 ms)",
            "the server to end the connection once it has been silent for two intervals",
            "the connection stayed open",
        );
    }
}
