use axum::http::StatusCode;
use course_testkit::{Req, fetch};
use serde_json::json;

use crate::support::{conduit, token};

#[tokio::test]
async fn ex5_06_the_token_scheme_identifies_the_user() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let reply = fetch(
        "5.6",
        &app.server,
        Req::get("/api/user").header("authorization", &token(&jake)),
    )
    .await;
    reply.expect_status(StatusCode::OK);
    if reply.json()["user"]["token"] != jake["token"] {
        reply.fail("the current user, with the token it was asked with");
    }
}

#[tokio::test]
async fn ex5_06_a_missing_token_is_missing_and_a_bad_one_invalid() {
    let app = conduit("5.6").await;
    let cases = [
        (None, "is missing"),
        (Some("Token not.a.jwt"), "is invalid"),
        (Some("Basic amFrZTpqYWtl"), "is invalid"),
    ];
    for (header, problem) in cases {
        let mut request = Req::get("/api/user");
        if let Some(value) = header {
            request = request.header("authorization", value);
        }
        fetch("5.6", &app.server, request)
            .await
            .expect_status(StatusCode::UNAUTHORIZED)
            .expect_json(&json!({ "errors": { "token": [problem] } }));
    }
}
