use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use realtime::Settings;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use course_testkit::fail;

use crate::support::{
    PATIENCE, QUIET, connect, expect_json, next_message, open_socket, send, site, site_with,
    subscribe, token,
};

/// Fails unless `comment` is the announcement of a comment with `body` on `slug`.
fn expect_announcement(announced: &Value, slug: &str, body: &str) {
    if announced["article"] != slug || announced["comment"]["body"] != body {
        fail(
            "6.5",
            "a comment posted on a subscribed article",
            format!("{{\"article\": \"{slug}\", \"comment\": {{…, \"body\": \"{body}\"}}}}"),
            &announced.to_string(),
        );
    }
}

#[tokio::test]
async fn ex6_05_a_subscriber_is_sent_the_comments_of_its_articles_only() {
    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let watched = site.publish("6.5", &jake, "Watched").await;
    let other = site.publish("6.5", &jake, "Elsewhere").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    subscribe("6.5", &mut socket, &watched).await;

    site.comment("6.5", &jake, &other, "Not for you").await;
    site.comment("6.5", &jake, &watched, "For you").await;
    let announced = expect_json("6.5", &mut socket, "(a comment)", "an announcement").await;
    expect_announcement(&announced, &watched, "For you");
}

#[tokio::test]
async fn ex6_05_every_subscriber_is_sent_each_comment() {
    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let anna = site.sign_up("6.5", "anna").await;
    let slug = site.publish("6.5", &jake, "Shared").await;
    let mut first = open_socket("6.5", &site.first.server, &jake).await;
    let mut second = open_socket("6.5", &site.first.server, &anna).await;
    subscribe("6.5", &mut first, &slug).await;
    subscribe("6.5", &mut second, &slug).await;
    site.comment("6.5", &anna, &slug, "Hello both").await;
    for socket in [&mut first, &mut second] {
        let announced = expect_json("6.5", socket, "(a comment)", "an announcement").await;
        expect_announcement(&announced, &slug, "Hello both");
    }
}

#[tokio::test]
async fn ex6_05_unsubscribing_stops_the_announcements() {
    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let first = site.publish("6.5", &jake, "Left").await;
    let second = site.publish("6.5", &jake, "Kept").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    subscribe("6.5", &mut socket, &first).await;
    subscribe("6.5", &mut socket, &second).await;
    let request = json!({ "unsubscribe": first });
    send(&mut socket, request.clone()).await;
    let answer = expect_json("6.5", &mut socket, &request.to_string(), "an answer").await;
    if answer != json!({ "unsubscribed": first }) {
        fail(
            "6.5",
            &request.to_string(),
            json!({ "unsubscribed": first }),
            &answer.to_string(),
        );
    }
    site.comment("6.5", &jake, &first, "Unheard").await;
    site.comment("6.5", &jake, &second, "Heard").await;
    let announced = expect_json("6.5", &mut socket, "(comments)", "an announcement").await;
    expect_announcement(&announced, &second, "Heard");
}

#[tokio::test]
async fn ex6_05_a_bad_request_gets_an_error_and_the_session_goes_on() {
    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let slug = site.publish("6.5", &jake, "Still here").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    for request in [
        "hello".to_owned(),
        json!({ "subscribe": "no-such-article" }).to_string(),
    ] {
        let _ = socket.send(Message::text(request.clone())).await;
        let answer = expect_json("6.5", &mut socket, &request, "{\"error\": \"…\"}").await;
        if !answer["error"].is_string() {
            fail("6.5", &request, "{\"error\": \"…\"}", &answer.to_string());
        }
    }
    subscribe("6.5", &mut socket, &slug).await;
}

#[tokio::test]
async fn ex6_05_pings_are_answered_and_a_close_is_returned() {
    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    let _ = socket.send(Message::Ping("are you there".into())).await;
    match next_message(&mut socket, PATIENCE).await {
        Some(Message::Pong(payload)) if payload.as_ref() == b"are you there" => {}
        other => fail(
            "6.5",
            "a ping, \"are you there\"",
            "a pong with the same payload",
            &format!("{other:?}"),
        ),
    }
    let goodbye = CloseFrame {
        code: CloseCode::Normal,
        reason: "bye".into(),
    };
    let _ = socket.send(Message::Close(Some(goodbye))).await;
    match next_message(&mut socket, PATIENCE).await {
        Some(Message::Close(_)) => {}
        other => fail(
            "6.5",
            "a close frame (1000, \"bye\")",
            "a close frame back: the closing handshake",
            &format!("{other:?}"),
        ),
    }
    if let Some(message) = next_message(&mut socket, QUIET).await {
        fail(
            "6.5",
            "a close frame",
            "the connection to end after the closing handshake",
            &format!("{message:?}"),
        );
    }
}

/// One connection cannot follow more than `MAX_SUBSCRIPTIONS` articles: a set any client could
/// grow without bound is a memory leak with a network interface.
#[tokio::test]
async fn ex6_05_a_client_cannot_follow_unbounded_articles() {
    use realtime::ws::{MAX_SUBSCRIPTIONS, answer};

    let site = site().await;
    let jake = site.sign_up("6.5", "jake").await;
    let slug = site.publish("6.5", &jake, "One too many").await;
    let mut subscribed: std::collections::HashSet<String> = (0..MAX_SUBSCRIPTIONS)
        .map(|n| format!("article-{n}"))
        .collect();
    let request = json!({ "subscribe": slug }).to_string();
    let answered = answer(&site.first.live, &mut subscribed, &request).await;
    let text = match &answered {
        axum::extract::ws::Message::Text(text) => text.to_string(),
        other => format!("{other:?}"),
    };
    let error = serde_json::from_str::<Value>(&text).unwrap_or_default()["error"].is_string();
    if !error || subscribed.len() != MAX_SUBSCRIPTIONS {
        fail(
            "6.5",
            &format!("{request}, from a client already following {MAX_SUBSCRIPTIONS} articles"),
            "{\"error\": \"…\"}, and no new subscription",
            &format!("{text}, following {}", subscribed.len()),
        );
    }
}

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

#[tokio::test]
async fn ex6_05_a_session_holds_its_place_until_it_ends() {
    let settings = Settings {
        connections_per_user: 1,
        ..Settings::default()
    };
    let site = site_with(settings, 256).await;
    let jake = site.sign_up("6.5", "jake").await;
    let slug = site.publish("6.5", &jake, "Held").await;
    let mut socket = open_socket("6.5", &site.first.server, &jake).await;
    subscribe("6.5", &mut socket, &slug).await;
    let again = connect(&site.first.server, Some(&token(&jake))).await;
    if !matches!(again, Err((429, _))) {
        let answer = match again {
            Ok(_) => "101: upgraded".to_owned(),
            Err((status, body)) => format!("{status}: {body}"),
        };
        fail(
            "6.5",
            "a second handshake of jake's while his one session runs (1 connection per user)",
            "429: a running session holds its user's place for as long as it runs",
            &answer,
        );
    }

    let _ = socket.close(None).await;
    while next_message(&mut socket, PATIENCE).await.is_some() {}
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while let Err((status, body)) = connect(&site.first.server, Some(&token(&jake))).await {
        if tokio::time::Instant::now() >= deadline {
            fail(
                "6.5",
                "jake's handshake after his session was closed",
                "101 within 5 s: a session that ends gives its place back",
                &format!("{status}: {body}"),
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
