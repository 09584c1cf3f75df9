use axum::http::StatusCode;
use course_testkit::{Req, fetch};
use serde_json::json;

use crate::support::conduit;

fn login(email: &str, password: &str) -> Req {
    Req::post("/api/users/login").json(&json!({ "user": { "email": email, "password": password } }))
}

#[tokio::test]
async fn ex5_04_the_right_password_logs_in() {
    let app = conduit("5.4").await;
    app.register("5.4", "jake").await;
    let reply = fetch("5.4", &app.server, login("jake@example.com", "password123")).await;
    reply.expect_status(StatusCode::OK);
    if reply.json()["user"]["username"] != "jake" {
        reply.fail("the user jake, with a token");
    }
}

#[tokio::test]
async fn ex5_04_unknown_email_and_wrong_password_look_the_same() {
    let app = conduit("5.4").await;
    app.register("5.4", "jake").await;
    let wrong = fetch(
        "5.4",
        &app.server,
        login("jake@example.com", "not-the-password"),
    )
    .await;
    wrong.expect_status(StatusCode::UNAUTHORIZED);
    let unknown = fetch(
        "5.4",
        &app.server,
        login("nobody@example.com", "password123"),
    )
    .await;
    unknown.expect_status(StatusCode::UNAUTHORIZED);
    if unknown.body() != wrong.body() {
        unknown.fail(format!(
            "the same body as for a wrong password: {}",
            wrong.text()
        ));
    }
}
