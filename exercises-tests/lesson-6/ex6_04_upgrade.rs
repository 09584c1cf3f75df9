use course_testkit::fail;
use realtime::{Connections, Settings};

use crate::support::{connect, site, site_with, token};

const SENT: &str = "GET /api/live (a WebSocket handshake)";

/// Fails unless the handshake with `token` is refused with a 401 whose JSON names the token as
/// `problem` ("is missing", "is invalid").
async fn expect_refused(token: Option<&str>, problem: &str) {
    let site = site().await;
    match connect(&site.first.server, token).await {
        Err((401, body)) if body.contains("token") && body.contains(problem) => {}
        Ok(_) => fail("6.4", SENT, "401, and no upgrade", "101: upgraded"),
        Err((status, body)) => fail(
            "6.4",
            SENT,
            format!("401 with {{\"errors\": {{\"token\": [\"{problem}\"]}}}}"),
            &format!("{status}: {body}"),
        ),
    }
}

#[tokio::test]
async fn ex6_04_no_token_is_refused_before_the_upgrade() {
    expect_refused(None, "is missing").await;
}

#[tokio::test]
async fn ex6_04_a_bad_token_is_refused_before_the_upgrade() {
    expect_refused(Some("not.a.token"), "is invalid").await;
}

#[tokio::test]
async fn ex6_04_a_signed_in_reader_is_upgraded() {
    let site = site().await;
    let jake = site.sign_up("6.4", "jake").await;
    if let Err((status, body)) = connect(&site.first.server, Some(&token(&jake))).await {
        fail(
            "6.4",
            "GET /api/live?token=<jake's access token> (a WebSocket handshake)",
            "101 Switching Protocols",
            &format!("{status}: {body}"),
        );
    }
}

#[tokio::test]
async fn ex6_04_a_place_is_given_back_when_its_admission_is_dropped() {
    let connections = Connections::new(2);
    let shared = connections.clone();
    let mut held = vec![connections.admit(1), shared.admit(1)];
    let sent = "Connections::new(2): admit(1), admit(1) on a clone";
    if held.iter().any(Option::is_none) {
        fail("6.4", sent, "two admissions", "a refusal");
    }
    if connections.admit(1).is_some() || shared.admit(1).is_some() {
        fail(
            "6.4",
            &format!("{sent}, then admit(1) again"),
            "None: user 1 holds its two places (on either clone: they share one count)",
            "a third admission",
        );
    }
    let other = connections.admit(2);
    if other.is_none() {
        fail(
            "6.4",
            &format!("{sent}, then admit(2)"),
            "an admission: the limit is each user's, not the instance's",
            "None",
        );
    }
    held.truncate(1);
    let dropped_one = format!("{sent}, then one of user 1's admissions dropped, and admit(1)");
    let Some(_again) = connections.admit(1) else {
        fail(
            "6.4",
            &dropped_one,
            "an admission: dropping one gives its place back",
            "None",
        );
    };
    if connections.admit(1).is_some() {
        fail(
            "6.4",
            &format!("{dropped_one}, then admit(1) once more"),
            "None: user 1 holds two places again (one kept all along, one given back and retaken)",
            "a third admission: dropping one gave back more than its own place",
        );
    }
}

#[tokio::test]
async fn ex6_04_a_reader_at_the_limit_is_refused_before_the_upgrade() {
    let settings = Settings {
        connections_per_user: 2,
        ..Settings::default()
    };
    let site = site_with(settings, 256).await;
    let jake = site.sign_up("6.4", "jake").await;
    let alice = site.sign_up("6.4", "alice").await;
    let id = site.user_id("jake").await;
    let connections = &site.first.live.connections;
    let mut held: Vec<_> = (0..2).filter_map(|_| connections.admit(id)).collect();
    let sent = "GET /api/live?token=<jake's> (a WebSocket handshake), jake holding his 2 places";
    let expected = "429 in the API's JSON ({\"errors\": {…}}), and no upgrade";
    match connect(&site.first.server, Some(&token(&jake))).await {
        Err((429, body)) if body.contains("\"errors\"") => {}
        Ok(_) => fail("6.4", sent, expected, "101: upgraded"),
        Err((status, body)) => fail("6.4", sent, expected, &format!("{status}: {body}")),
    }
    if let Err((status, body)) = connect(&site.first.server, Some(&token(&alice))).await {
        fail(
            "6.4",
            "the same handshake for alice, who holds none",
            "101 Switching Protocols: the limit is each user's",
            &format!("{status}: {body}"),
        );
    }
    held.pop();
    if let Err((status, body)) = connect(&site.first.server, Some(&token(&jake))).await {
        fail(
            "6.4",
            "jake's handshake again, one of his places given back",
            "101 Switching Protocols",
            &format!("{status}: {body}"),
        );
    }
}
