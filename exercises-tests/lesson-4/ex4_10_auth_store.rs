use std::sync::Arc;

use auth::store::{AuthStore, RefreshToken};
use axum::http::StatusCode;
use course_testkit::{Req, attempt_async, fail, send};
use database::auth_store::PgAuthStore;
use serde_json::json;

use crate::support::{add_user, database};

#[tokio::test]
async fn ex4_10_using_a_refresh_token_returns_it_as_it_was_and_marks_it() {
    let db = database().await;
    let user = add_user(db.pool(), "alice@example.com").await;
    let store = Arc::new(PgAuthStore::new(db.pool().clone()));
    store
        .save_refresh_token(RefreshToken {
            hash: "h1".to_owned(),
            user_id: user.unsigned_abs(),
            family: "f1".to_owned(),
            expires_at: 4_000_000_000,
            used: false,
            revoked: false,
        })
        .await
        .expect("the token is saved");

    let mut seen = Vec::new();
    for _ in 0..2 {
        let store = store.clone();
        let call = "store.use_refresh_token(\"h1\")";
        let found = attempt_async("4.10", call, "the token as it was", async move {
            store.use_refresh_token("h1").await
        })
        .await;
        seen.push(found.ok().flatten().map(|token| token.used));
    }
    let unknown = store.use_refresh_token("nope").await;
    if seen != [Some(false), Some(true)] || !matches!(unknown, Ok(None)) {
        fail(
            "4.10",
            "use_refresh_token(\"h1\") twice, then use_refresh_token(\"nope\")",
            "the token unused, then the token used, then Ok(None)",
            &format!("used: {seen:?}, then {unknown:?}"),
        );
    }
}

/// Lesson 3's refresh flow, unchanged, on PostgreSQL: reuse of a spent token revokes the family.
#[tokio::test]
async fn ex4_10_lesson_3_runs_on_postgres() {
    let db = database().await;
    let store = Arc::new(PgAuthStore::new(db.pool().clone()));
    let state = auth::AppState::new(auth::AuthConfig::for_development(), store);
    let app = |state: &auth::AppState| {
        let state = state.clone();
        move || auth::app(state)
    };
    let credentials = json!({ "email": "alice@example.com", "password": "a long enough password" });
    send(
        "4.10",
        app(&state),
        Req::post("/auth/register").json(&credentials),
    )
    .await
    .expect_status(StatusCode::CREATED);
    let login = send(
        "4.10",
        app(&state),
        Req::post("/auth/login").json(&credentials),
    )
    .await;
    login.expect_status(StatusCode::OK);
    let first = login.json()["refresh_token"].clone();

    let refresh = |token: &serde_json::Value| {
        Req::post("/auth/refresh").json(&json!({ "refresh_token": token }))
    };
    let rotated = send("4.10", app(&state), refresh(&first)).await;
    rotated.expect_status(StatusCode::OK);
    let second = rotated.json()["refresh_token"].clone();

    send("4.10", app(&state), refresh(&first))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let after = send("4.10", app(&state), refresh(&second)).await;
    if after.status() != StatusCode::UNAUTHORIZED {
        after.fail("401: reusing the spent token revoked its family, this token included");
    }
}
