//! Signing up: the fields checked, the password stored as a hash, the account signed in, and a
//! name or an address already in use answered as such.

use axum::http::StatusCode;
use course_testkit::{Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

async fn sign_up(app: &Conduit, user: Value) -> course_testkit::Reply {
    let request = Req::post("/api/users").json(&json!({ "user": user }));
    fetch("5.1", &app.server, request).await
}

#[tokio::test]
async fn ex5_01_signing_up_answers_201_with_the_user_signed_in() {
    let app = conduit("5.1").await;
    let reply = sign_up(
        &app,
        json!({ "username": " jake ", "email": " Jake@Example.COM ", "password": "jakejakejake" }),
    )
    .await;
    reply.expect_status(StatusCode::CREATED);
    let user = reply.json()["user"].clone();
    let shown = (
        &user["username"],
        &user["email"],
        &user["bio"],
        &user["image"],
    );
    if shown
        != (
            &json!("jake"),
            &json!("jake@example.com"),
            &Value::Null,
            &Value::Null,
        )
    {
        reply.fail(
            "the user as stored: the username trimmed, the email trimmed and lowercase, \
             bio and image null",
        );
    }
    if !user["refreshToken"].is_string() {
        reply.fail("a `refreshToken` beside the token (crate::sessions::sign_in)");
    }
    fetch("5.1", &app.server, signed_in(Req::get("/api/user"), &user))
        .await
        .expect_status(StatusCode::OK);
    let refresh = json!({ "refreshToken": user["refreshToken"] });
    fetch(
        "5.1",
        &app.server,
        Req::post("/api/users/refresh").json(&refresh),
    )
    .await
    .expect_status(StatusCode::OK);
}

/// The login (given) verifies against the stored hash: it works with the password signed up with
/// (whatever the case of the email), and with no other.
#[tokio::test]
async fn ex5_01_the_password_signed_up_with_logs_in() {
    let app = conduit("5.1").await;
    app.register("5.1", "jake").await;
    for (email, password, status) in [
        ("jake@example.com", "password123", StatusCode::OK),
        ("JAKE@example.com", "password123", StatusCode::OK),
        ("jake@example.com", "password124", StatusCode::UNAUTHORIZED),
    ] {
        app.log_in("5.1", email, password)
            .await
            .expect_status(status);
    }
}

#[tokio::test]
async fn ex5_01_invalid_fields_are_422s_naming_the_field() {
    let app = conduit("5.1").await;
    for (user, field, problem) in [
        (
            json!({ "username": " ", "email": "a@b.c", "password": "password123" }),
            "username",
            "can't be blank",
        ),
        (
            json!({ "username": "a", "email": "not-an-email", "password": "password123" }),
            "email",
            "is invalid",
        ),
        (
            json!({ "username": "a", "email": "a@b.c", "password": "" }),
            "password",
            "can't be blank",
        ),
        (
            json!({ "username": "a", "email": "a@b.c", "password": "seven77" }),
            "password",
            "is too short (minimum is 8 characters)",
        ),
    ] {
        sign_up(&app, user)
            .await
            .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
            .expect_json(&json!({ "errors": { field: [problem] } }));
    }
}

/// Only the unique constraint is right when two sign-ups race; its violation is the field taken.
#[tokio::test]
async fn ex5_01_a_taken_username_or_email_is_a_409_naming_the_field() {
    let app = conduit("5.1").await;
    app.register("5.1", "jake").await;
    for (user, field) in [
        (
            json!({ "username": "jake", "email": "other@example.com", "password": "password123" }),
            "username",
        ),
        (
            json!({ "username": "other", "email": "Jake@Example.com", "password": "password123" }),
            "email",
        ),
    ] {
        sign_up(&app, user)
            .await
            .expect_status(StatusCode::CONFLICT)
            .expect_json(&json!({ "errors": { field: ["has already been taken"] } }));
    }
}
