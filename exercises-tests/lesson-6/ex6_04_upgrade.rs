use course_testkit::fail;

use crate::support::{connect, site, token};

const SENT: &str = "GET /api/live (a WebSocket handshake)";

/// Fails unless the handshake with `token` is refused with a 401 whose JSON names the token as
/// `problem` ("is missing", "is invalid").
async fn expect_refused(token: Option<&str>, problem: &str) {
    let site = site().await;
    match connect(&site.first.server, token).await {
        Err((401, body)) if body.contains("token") => {}
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
