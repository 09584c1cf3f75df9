use course_testkit::fail;

use crate::support::{connect, site, token};

const SENT: &str = "GET /api/live (a WebSocket handshake)";

#[tokio::test]
async fn ex6_03_no_token_is_refused_before_the_upgrade() {
    let site = site().await;
    match connect(&site.first.server, None).await {
        Err((401, body)) if body.contains("token") => {}
        Ok(_) => fail("6.3", SENT, "401, and no upgrade", "101: upgraded"),
        Err((status, body)) => fail(
            "6.3",
            SENT,
            "401 with {\"errors\": {\"token\": [\"is missing\"]}}",
            &format!("{status}: {body}"),
        ),
    }
}

#[tokio::test]
async fn ex6_03_a_bad_token_is_refused_before_the_upgrade() {
    let site = site().await;
    match connect(&site.first.server, Some("not.a.token")).await {
        Err((401, body)) if body.contains("token") => {}
        Ok(_) => fail("6.3", SENT, "401, and no upgrade", "101: upgraded"),
        Err((status, body)) => fail(
            "6.3",
            SENT,
            "401 with {\"errors\": {\"token\": [\"is invalid\"]}}",
            &format!("{status}: {body}"),
        ),
    }
}

#[tokio::test]
async fn ex6_03_a_signed_in_reader_is_upgraded() {
    let site = site().await;
    let jake = site.sign_up("6.3", "jake").await;
    if let Err((status, body)) = connect(&site.first.server, Some(&token(&jake))).await {
        fail(
            "6.3",
            "GET /api/live?token=<jake's access token> (a WebSocket handshake)",
            "101 Switching Protocols",
            &format!("{status}: {body}"),
        );
    }
}
