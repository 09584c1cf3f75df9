use axum::http::StatusCode;
use course_testkit::{Req, send};
use serde_json::json;

use crate::support::{add_user, app, count, database};

#[tokio::test]
async fn ex4_05_a_bookmark_and_its_tags_are_created_together() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    let body = json!({
        "owner_id": owner, "url": "https://docs.rs/sqlx", "title": "SQLx", "tags": ["sql", "rust"]
    });
    let reply = send("4.5", app(db.pool()), Req::post("/bookmarks").json(&body)).await;
    reply.expect_status(StatusCode::CREATED);
    reply.expect_snapshot(|| {
        insta::assert_json_snapshot!("ex4_05_created", reply.json(), {
            ".id" => "[id]", ".owner_id" => "[id]",
        });
    });
    if count(db.pool(), "tags").await != 2 {
        reply.fail("the two tags stored in the tags table");
    }
}

#[tokio::test]
async fn ex4_05_a_bad_tag_rolls_the_bookmark_back() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    let body = json!({
        "owner_id": owner, "url": "https://docs.rs/sqlx", "title": "SQLx",
        "tags": ["rust", "Not A Tag!"]
    });
    let reply = send("4.5", app(db.pool()), Req::post("/bookmarks").json(&body)).await;
    reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable_entity");
    let (bookmarks, tags) = (
        count(db.pool(), "bookmarks").await,
        count(db.pool(), "tags").await,
    );
    if (bookmarks, tags) != (0, 0) {
        reply.fail(format!(
            "nothing written: the transaction rolled back; found {bookmarks} bookmarks and {tags} tags"
        ));
    }
}
