use axum::http::StatusCode;
use course_testkit::{Reply, Req, fetch};
use serde_json::json;

use crate::support::conduit;

fn refresh(token: &str) -> Req {
    Req::post("/api/users/refresh").json(&json!({ "refreshToken": token }))
}

fn new_refresh_token(reply: &Reply) -> String {
    reply.expect_status(StatusCode::OK);
    reply.json()["user"]["refreshToken"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| reply.fail("the user with a new token and refreshToken"))
}

#[tokio::test]
async fn ex5_08_refresh_tokens_rotate() {
    let app = conduit("5.8").await;
    let jake = app.register("5.8", "jake").await;
    let first = jake["refreshToken"].as_str().unwrap_or_default().to_owned();
    let second = new_refresh_token(&fetch("5.8", &app.server, refresh(&first)).await);
    let reply = fetch("5.8", &app.server, refresh(&second)).await;
    new_refresh_token(&reply);
}

#[tokio::test]
async fn ex5_08_a_reused_token_revokes_its_family() {
    let app = conduit("5.8").await;
    let jake = app.register("5.8", "jake").await;
    let first = jake["refreshToken"].as_str().unwrap_or_default().to_owned();
    let second = new_refresh_token(&fetch("5.8", &app.server, refresh(&first)).await);
    fetch("5.8", &app.server, refresh(&first))
        .await
        .expect_status(StatusCode::UNAUTHORIZED);
    let reply = fetch("5.8", &app.server, refresh(&second)).await;
    if reply.status() != StatusCode::UNAUTHORIZED {
        reply.fail("401: the reuse of the spent token revoked this one, its descendant");
    }
}
