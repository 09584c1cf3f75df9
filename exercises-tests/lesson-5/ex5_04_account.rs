//! `PUT /api/user`: a field left out stays as it is, `null` clears what may be cleared and is
//! refused for what may not, and a new name, address or password is checked as at sign-up.

use axum::http::StatusCode;
use course_testkit::{Reply, Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

async fn update(app: &Conduit, user: &Value, changes: Value) -> Reply {
    let request = signed_in(Req::put("/api/user"), user).json(&json!({ "user": changes }));
    fetch("5.4", &app.server, request).await
}

fn expect_user(reply: &Reply, field: &str, expected: Value, why: &str) {
    reply.expect_status(StatusCode::OK);
    if reply.json()["user"][field] != expected {
        reply.fail(format!("`{field}` {expected}: {why}"));
    }
}

#[tokio::test]
async fn ex5_04_only_the_fields_sent_change() {
    let app = conduit("5.4").await;
    let jake = app.register("5.4", "jake").await;
    let reply = update(
        &app,
        &jake,
        json!({ "bio": "I like to skateboard", "image": "https://img.example/jake.png" }),
    )
    .await;
    expect_user(&reply, "bio", json!("I like to skateboard"), "as sent");
    expect_user(
        &reply,
        "image",
        json!("https://img.example/jake.png"),
        "as sent",
    );
    expect_user(&reply, "username", json!("jake"), "not sent, so unchanged");
    expect_user(
        &reply,
        "email",
        json!("jake@example.com"),
        "not sent, so unchanged",
    );
    expect_user(
        &reply,
        "token",
        jake["token"].clone(),
        "the token the request came with",
    );
    let reply = update(&app, &jake, json!({ "email": " Jake@New.example " })).await;
    expect_user(
        &reply,
        "email",
        json!("jake@new.example"),
        "trimmed and lowercase, as at sign-up",
    );
    expect_user(
        &reply,
        "bio",
        json!("I like to skateboard"),
        "not sent, so unchanged",
    );
}

#[tokio::test]
async fn ex5_04_null_or_blank_clears_the_bio_and_the_image() {
    let app = conduit("5.4").await;
    let jake = app.register("5.4", "jake").await;
    update(&app, &jake, json!({ "bio": "b", "image": "i" }))
        .await
        .expect_status(StatusCode::OK);
    let reply = update(&app, &jake, json!({ "bio": null })).await;
    expect_user(&reply, "bio", Value::Null, "`null` clears it");
    expect_user(&reply, "image", json!("i"), "not sent, so unchanged");
    let reply = update(&app, &jake, json!({ "image": "  " })).await;
    expect_user(
        &reply,
        "image",
        Value::Null,
        "a blank string clears it as `null` does",
    );
}

#[tokio::test]
async fn ex5_04_what_may_not_be_cleared_is_checked_as_at_sign_up() {
    let app = conduit("5.4").await;
    let jake = app.register("5.4", "jake").await;
    for (changes, field, problem) in [
        (json!({ "email": null }), "email", "can't be blank"),
        (json!({ "username": null }), "username", "can't be blank"),
        (json!({ "password": null }), "password", "can't be blank"),
        (json!({ "username": " " }), "username", "can't be blank"),
        (json!({ "email": "jake" }), "email", "is invalid"),
        (
            json!({ "password": "seven77" }),
            "password",
            "is too short (minimum is 8 characters)",
        ),
    ] {
        update(&app, &jake, changes)
            .await
            .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
            .expect_json(&json!({ "errors": { field: [problem] } }));
    }
}

#[tokio::test]
async fn ex5_04_a_new_password_logs_in_and_the_old_one_no_longer_does() {
    let app = conduit("5.4").await;
    let jake = app.register("5.4", "jake").await;
    update(&app, &jake, json!({ "password": "a-new-password" }))
        .await
        .expect_status(StatusCode::OK);
    for (password, status) in [
        ("a-new-password", StatusCode::OK),
        ("password123", StatusCode::UNAUTHORIZED),
    ] {
        app.log_in("5.4", "jake@example.com", password)
            .await
            .expect_status(status);
    }
}

#[tokio::test]
async fn ex5_04_a_username_or_email_in_use_is_a_409_naming_the_field() {
    let app = conduit("5.4").await;
    app.register("5.4", "jake").await;
    let anna = app.register("5.4", "anna").await;
    for (changes, field) in [
        (json!({ "username": "jake" }), "username"),
        (json!({ "email": "JAKE@example.com" }), "email"),
    ] {
        update(&app, &anna, changes)
            .await
            .expect_status(StatusCode::CONFLICT)
            .expect_json(&json!({ "errors": { field: ["has already been taken"] } }));
    }
    let reply = update(
        &app,
        &anna,
        json!({ "username": "anna", "email": "anna@example.com" }),
    )
    .await;
    expect_user(
        &reply,
        "username",
        json!("anna"),
        "her own name is no conflict",
    );
}
