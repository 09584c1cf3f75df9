use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Req, send};
use serde_json::json;

use crate::support::{PASSWORD, add_user, app, state};

fn login(email: &str, password: &str) -> Req {
    Req::post("/auth/login").json(&json!({ "email": email, "password": password }))
}

#[tokio::test]
async fn ex3_04_the_right_credentials_get_a_token_pair() {
    let state = state();
    add_user(&state, "alice@example.com", Role::User).await;
    let reply = send("3.4", app(&state), login("Alice@Example.com ", PASSWORD)).await;
    reply.expect_status(StatusCode::OK);
    reply.snapshot_settings().bind(|| {
        insta::assert_json_snapshot!("ex3_04_token_pair", reply.json(), {
            ".access_token" => "[jwt]",
            ".refresh_token" => "[token]",
        });
    });
}

#[tokio::test]
async fn ex3_04_unknown_email_and_wrong_password_look_the_same() {
    let state = state();
    add_user(&state, "alice@example.com", Role::User).await;
    let wrong_password = send("3.4", app(&state), login("alice@example.com", "guess")).await;
    let message = wrong_password.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let unknown_email = send("3.4", app(&state), login("bob@example.com", PASSWORD)).await;
    unknown_email.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    if unknown_email.body() != wrong_password.body() {
        unknown_email.fail(format!(
            "the very same body as for a wrong password: {message:?}"
        ));
    }
}

#[tokio::test]
async fn ex3_04_an_unknown_email_still_costs_a_verification() {
    let state = state();
    let reply = send("3.4", app(&state), login("nobody@example.com", PASSWORD)).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    if state.passwords.verifications() != 1 {
        reply.fail(format!(
            "one password verification (against the dummy hash), so the failure takes as long as a wrong password; there were {}",
            state.passwords.verifications()
        ));
    }
}
