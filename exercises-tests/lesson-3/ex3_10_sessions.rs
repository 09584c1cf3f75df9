use std::time::Duration;

use auth::AppState;
use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Reply, Req, send};
use serde_json::json;

use crate::support::{PASSWORD, add_user, app, config, state};

async fn log_in(state: &AppState) -> Reply {
    add_user(state, "alice@example.com", Role::User).await;
    let body = json!({ "email": "alice@example.com", "password": PASSWORD });
    send("3.10", app(state), Req::post("/session/login").json(&body)).await
}

/// The `name=value` part of the reply's `set-cookie`, after checking its attributes.
fn session_cookie(reply: &Reply) -> String {
    let expected =
        "set-cookie: session=<id>; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=<ttl>";
    let cookie = reply
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| reply.fail(expected))
        .to_owned();
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    let has = |wanted: &str| attributes.iter().any(|a| a.eq_ignore_ascii_case(wanted));
    let ok = cookie.starts_with("session=")
        && has("HttpOnly")
        && has("Secure")
        && has("SameSite=Lax")
        && has("Path=/")
        && attributes.iter().any(|a| a.starts_with("Max-Age="));
    if !ok {
        reply.fail(expected);
    }
    attributes[0].to_owned()
}

#[tokio::test]
async fn ex3_10_login_sets_a_locked_down_cookie_that_identifies_the_user() {
    let state = state();
    let reply = log_in(&state).await;
    reply.expect_status(StatusCode::NO_CONTENT);
    let cookie = session_cookie(&reply);
    let reply = send(
        "3.10",
        app(&state),
        Req::get("/session/me").header("cookie", &cookie),
    )
    .await;
    reply.expect_status(StatusCode::OK);
    if reply.json()["email"] != "alice@example.com" {
        reply.fail("the profile of alice@example.com, the session's user");
    }
}

#[tokio::test]
async fn ex3_10_no_or_unknown_cookie_is_401() {
    let state = state();
    let reply = send("3.10", app(&state), Req::get("/session/me")).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let request = Req::get("/session/me").header("cookie", "session=forged");
    let reply = send("3.10", app(&state), request).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn ex3_10_logout_ends_the_session_on_the_server() {
    let state = state();
    let cookie = session_cookie(&log_in(&state).await);
    let request = Req::post("/session/logout").header("cookie", &cookie);
    let reply = send("3.10", app(&state), request).await;
    reply.expect_status(StatusCode::NO_CONTENT);
    let reply = send(
        "3.10",
        app(&state),
        Req::get("/session/me").header("cookie", &cookie),
    )
    .await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn ex3_10_an_expired_session_is_401() {
    let mut short = config();
    short.session_ttl = Duration::ZERO;
    let state = AppState::in_memory(short);
    let cookie = session_cookie(&log_in(&state).await);
    let reply = send(
        "3.10",
        app(&state),
        Req::get("/session/me").header("cookie", &cookie),
    )
    .await;
    if reply.status() != StatusCode::UNAUTHORIZED {
        reply.fail(
            "401 for a session whose time to live is 0 s: it expired the moment it was made \
             (its expiry is at or before now)",
        );
    }
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

/// The server keeps the session for the configured time, and no longer: its expiry is now plus
/// the session's time to live (a session that never expires is a stolen cookie that works forever).
#[tokio::test]
async fn ex3_10_the_stored_session_expires_after_its_time_to_live() {
    let state = state();
    let reply = log_in(&state).await;
    reply.expect_status(StatusCode::NO_CONTENT);
    let cookie = session_cookie(&reply);
    let id = cookie.trim_start_matches("session=");
    let stored = state
        .store
        .session(&auth::token::digest(id))
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| reply.fail("a session stored under the digest of the cookie's id"));
    let expected = auth::token::unix_now() + config().session_ttl.as_secs();
    if stored.expires_at.abs_diff(expected) > 5 {
        reply.fail(format!(
            "a stored session expiring in {} s (the session TTL), not at {} (now is {})",
            config().session_ttl.as_secs(),
            stored.expires_at,
            auth::token::unix_now()
        ));
    }
}

/// A write that carries the session cookie is refused when another site's page sent it (a forged
/// request), even from a sibling subdomain; from the API's own origin it goes through. (The check
/// is given, in `csrf.rs`; it needs a session to protect, which is this exercise's.)
#[tokio::test]
async fn ex3_10_a_write_from_another_site_cannot_use_the_session() {
    let state = state();
    let cookie = session_cookie(&log_in(&state).await);
    let forged = Req::post("/session/logout")
        .header("cookie", &cookie)
        .header("host", "api.example.com")
        .header("origin", "https://evil.example");
    let reply = send("3.10", app(&state), forged).await;
    reply.expect_error(StatusCode::FORBIDDEN, "forbidden");
    let sibling = Req::post("/session/logout")
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-site");
    let reply = send("3.10", app(&state), sibling).await;
    reply.expect_error(StatusCode::FORBIDDEN, "forbidden");
    let reply = send(
        "3.10",
        app(&state),
        Req::get("/session/me").header("cookie", &cookie),
    )
    .await;
    reply.expect_status(StatusCode::OK);
    let own = Req::post("/session/logout")
        .header("cookie", &cookie)
        .header("host", "api.example.com")
        .header("origin", "https://api.example.com");
    let reply = send("3.10", app(&state), own).await;
    reply.expect_status(StatusCode::NO_CONTENT);
}
