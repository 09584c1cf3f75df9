use axum::http::StatusCode;
use course_testkit::{Req, fail, fetch};
use serde_json::json;

use crate::support::conduit;

fn login(email: &str, password: &str) -> Req {
    Req::post("/api/users/login").json(&json!({ "user": { "email": email, "password": password } }))
}

#[tokio::test]
async fn ex5_05_the_right_password_logs_in() {
    let app = conduit("5.5").await;
    app.register("5.5", "jake").await;
    let reply = fetch("5.5", &app.server, login("jake@example.com", "password123")).await;
    reply.expect_status(StatusCode::OK);
    if reply.json()["user"]["username"] != "jake" {
        reply.fail("the user jake, with a token");
    }
}

#[tokio::test]
async fn ex5_05_unknown_email_and_wrong_password_look_the_same() {
    let app = conduit("5.5").await;
    app.register("5.5", "jake").await;
    let wrong = fetch(
        "5.5",
        &app.server,
        login("jake@example.com", "not-the-password"),
    )
    .await;
    wrong.expect_status(StatusCode::UNAUTHORIZED);
    let unknown = fetch(
        "5.5",
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

type Order = std::sync::Arc<std::sync::Mutex<Vec<&'static str>>>;

fn record(order: &Order, what: &'static str) {
    order
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(what);
}

/// An unknown email costs a verification too, on the blocking pool: on a one-thread runtime, a task
/// spawned after the verification started gets to run while it happens. An early `Ok(false)`
/// would finish first, and tell an attacker by its speed that the email has no account.
#[tokio::test(flavor = "current_thread")]
async fn ex5_05_an_unknown_email_still_costs_a_verification_off_the_runtime() {
    let order = Order::default();
    let call =
        "passwords.verify(\"password123\", None) beside another task on a one-thread runtime";
    let passwords = std::sync::Arc::new(
        capstone::auth::Passwords::new(1, std::time::Duration::from_secs(5))
            .expect("the dummy hash is made"),
    );
    let expected =
        "Ok(false), after the other task: a verification against a dummy hash on the blocking pool";
    // Spawned in this order, the verification runs first; it finishes first only if it never
    // leaves the runtime's one thread.
    let verifying = tokio::spawn({
        let order = order.clone();
        let passwords = passwords.clone();
        async move {
            let verified = passwords.verify("password123".to_owned(), None).await;
            record(&order, "verify");
            verified
        }
    });
    let other = tokio::spawn({
        let order = order.clone();
        async move { record(&order, "other") }
    });
    let verified = match verifying.await {
        Ok(verified) => verified,
        Err(error) => fail("5.5", call, expected, &error.to_string()),
    };
    let _ = other.await;
    let order = order
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    if !matches!(verified, Ok(false)) || order != ["other", "verify"] {
        fail(
            "5.5",
            call,
            expected,
            &format!("{verified:?}, in the order {order:?}"),
        );
    }
}

/// Verifications take their turn: with one permit taken and no wait allowed, the next one is told
/// to come back (503 with `Retry-After`) instead of piling onto the cores.
#[tokio::test]
async fn ex5_05_verifications_wait_their_turn() {
    let call = "passwords.verify(..) while the only permit is busy, with no wait allowed";
    let expected = "Err(Unavailable { retry_after: 1 }): verify goes through self.run";
    let passwords = std::sync::Arc::new(
        capstone::auth::Passwords::new(1, std::time::Duration::ZERO)
            .expect("the dummy hash is made"),
    );
    let busy = tokio::spawn({
        let passwords = passwords.clone();
        async move { passwords.hash("a long password to hash".to_owned()).await }
    });
    tokio::task::yield_now().await;
    let refused = passwords.verify("password123".to_owned(), None).await;
    let _ = busy.await;
    if !matches!(
        refused,
        Err(capstone::AppError::Unavailable { retry_after: 1 })
    ) {
        fail("5.5", call, expected, &format!("{refused:?}"));
    }
}
