use axum::http::StatusCode;
use course_testkit::{Req, fetch};
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
