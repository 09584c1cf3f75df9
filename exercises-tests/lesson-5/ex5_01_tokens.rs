//! A token outlives what it proves. Signed and unexpired, it still names an account that may have
//! been deleted and a session that may have been ended since; each is a 401 with Conduit's error
//! body (`{"errors": {"token": [...]}}`), never a 200 and never a 500 from a foreign key.

use axum::http::StatusCode;
use course_testkit::{Reply, Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

async fn me(app: &Conduit, user: &Value) -> Reply {
    fetch("5.1", &app.server, signed_in(Req::get("/api/user"), user)).await
}

/// A 401 whose body names the token as the problem, with the header that says which scheme.
fn expect_refused(reply: &Reply) {
    reply.expect_status(StatusCode::UNAUTHORIZED);
    if reply.json()["errors"]["token"].is_null() {
        reply.fail("status 401 with body {\"errors\": {\"token\": [...]}}");
    }
    reply.expect_header("www-authenticate", "Token");
}

#[tokio::test]
async fn ex5_01_a_valid_token_is_its_caller() {
    let app = conduit("5.1").await;
    let jake = app.register("5.1", "jake").await;
    let reply = me(&app, &jake).await;
    reply.expect_status(StatusCode::OK);
    if reply.json()["user"]["username"] != "jake" {
        reply.fail("jake's own account");
    }
}

#[tokio::test]
async fn ex5_01_a_forged_token_is_a_401() {
    let app = conduit("5.1").await;
    let jake = app.register("5.1", "jake").await;
    let token = jake["token"].as_str().unwrap_or_default();
    // The same claims under another signature: the last characters of a JWT are its signature.
    let (claims, signature) = token.rsplit_once('.').unwrap_or((token, ""));
    let forged = format!("{claims}.{}", signature.chars().rev().collect::<String>());
    let reply = me(&app, &json!({ "token": forged })).await;
    expect_refused(&reply);
}

#[tokio::test]
async fn ex5_01_a_deleted_accounts_token_is_a_401_on_reads_and_writes() {
    let app = conduit("5.1").await;
    let jake = app.register("5.1", "jake").await;
    app.sql("DELETE FROM users WHERE username = 'jake'").await;
    expect_refused(&me(&app, &jake).await);
    let article = json!({ "article": { "title": "Ghost", "description": "d", "body": "b" } });
    let write = fetch(
        "5.1",
        &app.server,
        signed_in(Req::post("/api/articles"), &jake).json(&article),
    )
    .await;
    expect_refused(&write);
}

#[tokio::test]
async fn ex5_01_a_logout_ends_its_sessions_tokens_and_only_those() {
    let app = conduit("5.1").await;
    let jake = app.register("5.1", "jake").await;
    let elsewhere = app
        .log_in("5.1", "jake@example.com", "password123")
        .await
        .json()["user"]
        .clone();
    let logout = json!({ "refreshToken": jake["refreshToken"] });
    fetch(
        "5.1",
        &app.server,
        Req::post("/api/users/logout").json(&logout),
    )
    .await
    .expect_status(StatusCode::NO_CONTENT);
    expect_refused(&me(&app, &jake).await);
    let other = me(&app, &elsewhere).await;
    if other.status() != StatusCode::OK {
        other.fail("status 200: a logout ends one session (this laptop), not the account's others");
    }
}
