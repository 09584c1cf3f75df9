use axum::http::StatusCode;
use capstone::AppError;
use course_testkit::{Req, attempt_async, fail, fetch};
use local_postgres::TestDatabase;
use serde_json::json;

use crate::support::conduit;

#[tokio::test]
async fn ex5_04_a_taken_username_and_email_are_409s_naming_the_field() {
    let app = conduit("5.4").await;
    app.register("5.4", "jake").await;
    for (user, field) in [
        (
            json!({ "username": "jake", "email": "other@example.com", "password": "password123" }),
            "username",
        ),
        (
            json!({ "username": "other", "email": "jake@example.com", "password": "password123" }),
            "email",
        ),
    ] {
        let reply = fetch(
            "5.4",
            &app.server,
            Req::post("/api/users").json(&json!({ "user": user })),
        )
        .await;
        reply
            .expect_status(StatusCode::CONFLICT)
            .expect_json(&json!({ "errors": { field: ["has already been taken"] } }));
    }
}

/// Two articles racing for one new slug both find it free; the unique index stops the second, and
/// its violation must read as the title being taken, not as a 500.
#[tokio::test]
async fn ex5_04_a_slug_taken_in_a_race_is_a_taken_title() {
    let db = TestDatabase::create(&capstone::db::MIGRATOR)
        .await
        .unwrap_or_else(|error| panic!("Lesson 5's tests need PostgreSQL: {error}"));
    let author: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash) VALUES ('jake', 'jake@x.io', 'x') RETURNING id",
    )
    .fetch_one(db.pool())
    .await
    .expect("a user");
    let insert = "INSERT INTO articles (slug, author_id, title, description, body)
                  VALUES ('dragons', $1, 'Dragons', 'd', 'b')";
    sqlx::query(insert)
        .bind(author)
        .execute(db.pool())
        .await
        .expect("the first article");
    let error = sqlx::query(insert)
        .bind(author)
        .execute(db.pool())
        .await
        .expect_err("the unique index refuses a second `dragons`");
    let call = "AppError::from(<the unique violation of articles_slug_key>)";
    let converted = attempt_async("5.4", call, "Taken(\"title\")", async move {
        AppError::from(error)
    })
    .await;
    if !matches!(converted, AppError::Taken("title")) {
        fail("5.4", call, "Taken(\"title\")", &format!("{converted:?}"));
    }
}

/// PostgreSQL cannot store a NUL character in text: the client sent something impossible, a 422.
#[tokio::test]
async fn ex5_04_text_with_a_nul_character_is_a_422() {
    let app = conduit("5.4").await;
    let user = json!({ "user": {
        "username": "ja\u{0}ke", "email": "jake@example.com", "password": "password123" } });
    let reply = fetch("5.4", &app.server, Req::post("/api/users").json(&user)).await;
    reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
}
