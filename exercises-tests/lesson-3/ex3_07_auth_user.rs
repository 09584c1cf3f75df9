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

/// Every kind of bad token exercise 3.6 refuses, sent as a client would: each is a 401 that tells
/// the client its token is invalid.
#[tokio::test]
async fn ex3_07_refused_tokens_are_401_with_invalid_token() {
    use auth::token::unix_now;
    use jsonwebtoken::Algorithm;

    use crate::support::{config, sign_with};

    let state = state();
    let alice = add_user(&state, "alice@example.com", Role::User).await;
    let mut expired = claims(alice.id, "user");
    expired["iat"] = json!(unix_now() - 120);
    expired["exp"] = json!(unix_now() - 30);
    let mut other_audience = claims(alice.id, "user");
    other_audience["aud"] = json!("another-service");
    let valid = sign(&claims(alice.id, "user"));
    let tampered = {
        let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
        let admin = sign(&claims(alice.id, "admin"));
        parts[1] = admin.split('.').nth(1).unwrap_or_default().to_owned();
        parts.join(".")
    };
    let unsigned = {
        use base64::Engine;
        let encode = |value: serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
        };
        format!(
            "{}.{}.",
            encode(json!({ "alg": "none", "typ": "JWT" })),
            encode(claims(alice.id, "admin"))
        )
    };
    let tokens = [
        ("expired", sign(&expired)),
        ("for another audience", sign(&other_audience)),
        ("with a swapped payload", tampered),
        ("unsigned (alg none)", unsigned),
        (
            "signed with another key",
            sign_with(
                Algorithm::HS256,
                b"not-the-secret",
                &claims(alice.id, "user"),
            ),
        ),
        (
            "signed with HS512",
            sign_with(
                Algorithm::HS512,
                &config().jwt_secret,
                &claims(alice.id, "user"),
            ),
        ),
    ];
    for (_, token) in tokens {
        let reply = send("3.7", app(&state), bearer(Req::get("/me"), &token)).await;
        reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
        reply.expect_header("www-authenticate", "Bearer error=\"invalid_token\"");
    }
}
