use axum::http::StatusCode;
use course_testkit::{Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

/// Posts `body` as a comment by `author` on the article at `slug`.
async fn comment(app: &Conduit, author: &Value, slug: &str, body: &str) -> course_testkit::Reply {
    let request = signed_in(Req::post(&format!("/api/articles/{slug}/comments")), author)
        .json(&json!({ "comment": { "body": body } }));
    fetch("5.7", &app.server, request).await
}

#[tokio::test]
async fn ex5_07_a_comment_is_posted_by_the_caller_and_listed() {
    let app = conduit("5.7").await;
    let jake = app.register("5.7", "jake").await;
    let anna = app.register("5.7", "anna").await;
    let slug = app.publish("5.7", &jake, "Comment on me", &[]).await;

    let first = comment(&app, &anna, &slug, "Thank you so much!").await;
    first.expect_status(StatusCode::CREATED);
    let posted = first.json()["comment"].clone();
    let shape_is_right = posted["id"].is_i64()
        && posted["body"] == "Thank you so much!"
        && posted["createdAt"].is_string()
        && posted["updatedAt"].is_string()
        && posted["author"]
            == json!({ "username": "anna", "bio": null, "image": null, "following": false });
    if !shape_is_right {
        first.fail(
            "201 with {\"comment\": {id, createdAt, updatedAt, body, author}}, \
             the author being the caller's profile",
        );
    }
    comment(&app, &jake, &slug, "You are welcome.")
        .await
        .expect_status(StatusCode::CREATED);

    let listed = fetch(
        "5.7",
        &app.server,
        Req::get(&format!("/api/articles/{slug}/comments")),
    )
    .await;
    listed.expect_status(StatusCode::OK);
    let bodies: Vec<Value> = listed.json()["comments"]
        .as_array()
        .map(|comments| comments.iter().map(|c| c["body"].clone()).collect())
        .unwrap_or_default();
    if bodies != [json!("Thank you so much!"), json!("You are welcome.")] {
        listed.fail("both comments, oldest first");
    }
}

#[tokio::test]
async fn ex5_07_a_blank_comment_or_a_missing_article_is_refused() {
    let app = conduit("5.7").await;
    let jake = app.register("5.7", "jake").await;
    let slug = app.publish("5.7", &jake, "Comment on me", &[]).await;
    comment(&app, &jake, &slug, "  ")
        .await
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .expect_json(&json!({ "errors": { "body": ["can't be blank"] } }));
    comment(&app, &jake, "nothing-here", "Hello")
        .await
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "article": ["not found"] } }));
}

#[tokio::test]
async fn ex5_07_only_its_author_deletes_a_comment() {
    let app = conduit("5.7").await;
    let jake = app.register("5.7", "jake").await;
    let anna = app.register("5.7", "anna").await;
    let slug = app.publish("5.7", &jake, "Comment on me", &[]).await;
    let posted = comment(&app, &anna, &slug, "Mine").await;
    posted.expect_status(StatusCode::CREATED);
    let id = posted.json()["comment"]["id"].as_i64().unwrap_or_default();
    let delete = |who: &Value, path: String| signed_in(Req::delete(&path), who);
    let path = format!("/api/articles/{slug}/comments/{id}");

    // The article's author is not the comment's: only the comment's author may delete it.
    fetch("5.7", &app.server, delete(&jake, path.clone()))
        .await
        .expect_status(StatusCode::FORBIDDEN)
        .expect_json(&json!({ "errors": { "comment": ["forbidden"] } }));
    fetch("5.7", &app.server, delete(&anna, path.clone()))
        .await
        .expect_status(StatusCode::NO_CONTENT);
    fetch("5.7", &app.server, delete(&anna, path))
        .await
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "comment": ["not found"] } }));
    fetch(
        "5.7",
        &app.server,
        delete(&anna, format!("/api/articles/nothing-here/comments/{id}")),
    )
    .await
    .expect_status(StatusCode::NOT_FOUND)
    .expect_json(&json!({ "errors": { "article": ["not found"] } }));

    let listed = fetch(
        "5.7",
        &app.server,
        Req::get(&format!("/api/articles/{slug}/comments")),
    )
    .await;
    listed.expect_status(StatusCode::OK);
    if listed.json()["comments"] != json!([]) {
        listed.fail("no comments left: the deleted one is gone from the list");
    }
}
