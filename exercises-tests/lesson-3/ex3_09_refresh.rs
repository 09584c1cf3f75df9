use std::time::Duration;

use auth::AppState;
use auth::refresh::issue_tokens;
use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Reply, Req, attempt_async, fail, send};
use serde_json::json;

use crate::support::{add_user, app, config, state};

/// A user with a fresh login's refresh token, made with the given `issue_tokens`.
async fn logged_in(state: &AppState) -> String {
    let alice = add_user(state, "alice@example.com", Role::User).await;
    let state = state.clone();
    let login = async move { issue_tokens(&state, &alice, None).await };
    let what = "issue_tokens(..) for a login (it signs an access token: exercise 3.5)";
    match attempt_async("3.9", what, "a token pair", login).await {
        Ok(pair) => pair.refresh_token,
        Err(error) => fail("3.9", what, "a token pair", &format!("Err({error})")),
    }
}

async fn refresh(state: &AppState, token: &str) -> Reply {
    let request = Req::post("/auth/refresh").json(&json!({ "refresh_token": token }));
    send("3.9", app(state), request).await
}

fn new_refresh_token(reply: &Reply) -> String {
    reply.expect_status(StatusCode::OK);
    let body = reply.json();
    match (
        body["access_token"].as_str(),
        body["refresh_token"].as_str(),
    ) {
        (Some(_), Some(token)) => token.to_owned(),
        _ => reply.fail("a new token pair: access_token and refresh_token"),
    }
}

#[tokio::test]
async fn ex3_09_a_refresh_token_buys_a_new_pair_once() {
    let state = state();
    let first = logged_in(&state).await;
    let reply = refresh(&state, &first).await;
    let second = new_refresh_token(&reply);
    if second == first {
        reply.fail("a refresh token different from the one just spent");
    }
    new_refresh_token(&refresh(&state, &second).await);
}

#[tokio::test]
async fn ex3_09_reusing_a_spent_token_revokes_the_whole_family() {
    let state = state();
    let first = logged_in(&state).await;
    let second = new_refresh_token(&refresh(&state, &first).await);

    let reuse = refresh(&state, &first).await;
    reuse.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");

    let after = refresh(&state, &second).await;
    if after.status() != StatusCode::UNAUTHORIZED {
        after.fail(
            "401: the newest token of the family was revoked when its spent ancestor was reused",
        );
    }
}

#[tokio::test]
async fn ex3_09_unknown_and_expired_tokens_are_refused() {
    let state = state();
    refresh(&state, "made-up-token")
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");

    let mut short = config();
    short.refresh_ttl = Duration::ZERO;
    let state = AppState::in_memory(short);
    let token = logged_in(&state).await;
    let reply = refresh(&state, &token).await;
    if reply.status() != StatusCode::UNAUTHORIZED {
        reply.fail(
            "401 for a refresh token whose time to live is 0 s: it expired the moment it was \
             issued (its `expires_at` is at or before now)",
        );
    }
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn ex3_09_logout_revokes_the_login() {
    let state = state();
    let first = logged_in(&state).await;
    let second = new_refresh_token(&refresh(&state, &first).await);
    let request = Req::post("/auth/logout").json(&json!({ "refresh_token": second }));
    let reply = send("3.9", app(&state), request).await;
    reply.expect_status(StatusCode::NO_CONTENT);
    let after = refresh(&state, &second).await;
    if after.status() != StatusCode::UNAUTHORIZED {
        after.fail("401 for a refresh token whose login was logged out");
    }
}
