use auth::accounts::{Credentials, authenticate};
use auth::store::Role;
use axum::http::StatusCode;
use course_testkit::{Req, attempt_async, fail, send};
use serde_json::json;

use crate::support::{PASSWORD, add_user, app, state};

fn login(email: &str, password: &str) -> Req {
    Req::post("/auth/login").json(&json!({ "email": email, "password": password }))
}

/// `authenticate` on its own: answering the login with tokens is exercise 3.5's work.
#[tokio::test]
async fn ex3_04_the_right_credentials_find_their_user() {
    let state = state();
    let alice = add_user(&state, "alice@example.com", Role::User).await;
    let call =
        "authenticate(&state, Credentials { email: \"Alice@Example.com \", password: <alice's> })";
    let credentials = Credentials {
        email: "Alice@Example.com ".to_owned(),
        password: PASSWORD.to_owned(),
    };
    let found = {
        let state = state.clone();
        attempt_async("3.4", call, "Ok(alice)", async move {
            authenticate(&state, credentials).await
        })
        .await
    };
    match found {
        Ok(user) if user.id == alice.id => {}
        Ok(user) => fail("3.4", call, "Ok(alice)", &format!("Ok({})", user.email)),
        Err(error) => fail("3.4", call, "Ok(alice)", &format!("Err({error})")),
    }
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
