use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Req, send};
use serde_json::json;

use crate::support::{add_user, app, claims, sign, state};

fn bearer(request: Req, token: &str) -> Req {
    request.header("authorization", &format!("Bearer {token}"))
}

#[tokio::test]
async fn ex3_07_a_valid_token_identifies_the_caller() {
    let state = state();
    let alice = add_user(&state, "alice@example.com", Role::User).await;
    let request = bearer(Req::get("/me"), &sign(&claims(alice.id, "user")));
    let reply = send("3.7", app(&state), request).await;
    reply.expect_status(StatusCode::OK).expect_json(&json!({
        "id": alice.id, "email": "alice@example.com", "role": "user"
    }));
}

#[tokio::test]
async fn ex3_07_no_token_is_401_with_a_bearer_challenge() {
    let state = state();
    let reply = send("3.7", app(&state), Req::get("/me")).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    reply.expect_header("www-authenticate", "Bearer");
}

#[tokio::test]
async fn ex3_07_a_bad_token_is_401_invalid_token() {
    let state = state();
    for header in ["Bearer not.a.jwt", "Basic YWxpY2U6c2VjcmV0"] {
        let request = Req::get("/me").header("authorization", header);
        let reply = send("3.7", app(&state), request).await;
        reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
        if !reply.headers().contains_key("www-authenticate") {
            reply.fail("a www-authenticate header saying which scheme to use");
        }
    }
}

#[tokio::test]
async fn ex3_07_the_optional_extractor_allows_anonymous_callers() {
    let state = state();
    let reply = send("3.7", app(&state), Req::get("/greeting")).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "greeting": "hello, stranger" }));
    let request = bearer(Req::get("/greeting"), &sign(&claims(42, "user")));
    let reply = send("3.7", app(&state), request).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "greeting": "hello, user 42" }));
}

#[tokio::test]
async fn ex3_07_the_optional_extractor_still_refuses_a_bad_token() {
    let state = state();
    let request = bearer(Req::get("/greeting"), "expired.or.forged");
    let reply = send("3.7", app(&state), request).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    reply.expect_header("www-authenticate", "Bearer error=\"invalid_token\"");
}
