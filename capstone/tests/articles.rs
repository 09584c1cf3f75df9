//! Articles, the feed, favorites, comments and tags, as the RealWorld spec has them.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{Value, json};

fn slugs(body: &Value) -> Vec<&str> {
    body["articles"]
        .as_array()
        .map(|articles| articles.iter().filter_map(|a| a["slug"].as_str()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_article_is_created_read_updated_and_deleted_by_its_author() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let other = app.register("other").await;
    let body = json!({ "article": {
        "title": "How to train your dragon", "description": "Ever wonder how?",
        "body": "You have to believe", "tagList": ["reactjs", "angularjs", "dragons"] } });
    let (status, created) = app
        .call(Method::POST, "/api/articles", Some(&jake), Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let article = &created["article"];
    assert_eq!(article["slug"], "how-to-train-your-dragon");
    assert_eq!(
        article["tagList"],
        json!(["angularjs", "dragons", "reactjs"])
    );
    assert_eq!(article["favorited"], false);
    assert_eq!(article["favoritesCount"], 0);
    assert_eq!(article["author"]["username"], "jake");
    assert!(
        article["createdAt"]
            .as_str()
            .is_some_and(|t| t.contains('T')),
        "{created}"
    );

    let (status, read) = app
        .call(
            Method::GET,
            "/api/articles/how-to-train-your-dragon",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["article"]["body"], "You have to believe");

    let change = json!({ "article": { "title": "Did you train your dragon?" } });
    let (status, body) = app
        .call(
            Method::PUT,
            "/api/articles/how-to-train-your-dragon",
            Some(&other),
            Some(change.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = app
        .call(
            Method::PUT,
            "/api/articles/how-to-train-your-dragon",
            Some(&jake),
            Some(change),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["article"]["slug"], "did-you-train-your-dragon",
        "a new title, a new slug"
    );
    assert_eq!(body["article"]["description"], "Ever wonder how?");

    let (status, _) = app
        .call(
            Method::DELETE,
            "/api/articles/did-you-train-your-dragon",
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .call(
            Method::DELETE,
            "/api/articles/did-you-train-your-dragon",
            Some(&jake),
            None,
        )
        .await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, _) = app
        .call(
            Method::GET,
            "/api/articles/did-you-train-your-dragon",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn creating_needs_a_token_and_every_field() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let article = json!({ "article": { "title": "T", "description": "D", "body": "B" } });
    let (status, _) = app
        .call(Method::POST, "/api/articles", None, Some(article))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = app
        .call(
            Method::POST,
            "/api/articles",
            Some(&jake),
            Some(json!({ "article": { "title": "T", "description": "D", "body": " " } })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body, json!({ "errors": { "body": ["can't be blank"] } }));
}

#[tokio::test]
async fn a_title_already_used_gets_a_slug_of_its_own() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let first = app.publish(&jake, "Same title", &[]).await;
    let second = app.publish(&jake, "Same Title", &[]).await;
    assert_eq!(first, "same-title");
    assert!(
        second.starts_with("same-title-") && second.len() > first.len() + 1,
        "a second article with the title gets the title's slug and a suffix, not {second}"
    );
    let third = app.publish(&jake, "Another one", &[]).await;
    let retitle = |title: &str| json!({ "article": { "title": title } });
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/articles/{third}"),
            Some(&jake),
            Some(retitle("Same title")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let renamed = body["article"]["slug"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        renamed != first && renamed != second && renamed.starts_with("same-title-"),
        "a new title taken by others gets a slug of its own, not {renamed}"
    );
    let (status, body) = app
        .call(
            Method::PUT,
            &format!("/api/articles/{renamed}"),
            Some(&jake),
            Some(retitle("Same title")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["article"]["slug"], renamed,
        "the same title sent again keeps the slug"
    );
}

#[tokio::test]
async fn lists_filter_paginate_and_count() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let celeb = app.register("celeb").await;
    app.publish(&jake, "First by jake", &["rust"]).await;
    app.publish(&celeb, "First by celeb", &["rust", "web"])
        .await;
    app.publish(&celeb, "Second by celeb", &["web"]).await;

    let (_, all) = app.call(Method::GET, "/api/articles", None, None).await;
    assert_eq!(all["articlesCount"], 3);
    assert_eq!(
        slugs(&all),
        ["second-by-celeb", "first-by-celeb", "first-by-jake"],
        "newest first"
    );
    assert!(
        all["articles"][0].get("body").is_none(),
        "lists leave the body out: {all}"
    );

    let (_, tagged) = app
        .call(Method::GET, "/api/articles?tag=rust", None, None)
        .await;
    assert_eq!(slugs(&tagged), ["first-by-celeb", "first-by-jake"]);
    let (_, by_author) = app
        .call(
            Method::GET,
            "/api/articles?author=celeb&limit=1&offset=1",
            None,
            None,
        )
        .await;
    assert_eq!(slugs(&by_author), ["first-by-celeb"]);
    assert_eq!(
        by_author["articlesCount"], 2,
        "the count ignores limit and offset"
    );

    let (status, body) = app
        .call(
            Method::POST,
            "/api/articles/first-by-jake/favorite",
            Some(&celeb),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["article"]["favorited"].clone(),
            body["article"]["favoritesCount"].clone()
        ),
        (json!(true), json!(1))
    );
    let (_, favorited) = app
        .call(Method::GET, "/api/articles?favorited=celeb", None, None)
        .await;
    assert_eq!(slugs(&favorited), ["first-by-jake"]);
    let (_, body) = app
        .call(
            Method::DELETE,
            "/api/articles/first-by-jake/favorite",
            Some(&celeb),
            None,
        )
        .await;
    assert_eq!(body["article"]["favoritesCount"], 0);

    let (_, tags) = app.call(Method::GET, "/api/tags", None, None).await;
    let mut tags: Vec<&str> = tags["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    tags.sort_unstable();
    assert_eq!(tags, ["rust", "web"]);
}

#[tokio::test]
async fn the_feed_shows_followed_authors_only() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let celeb = app.register("celeb").await;
    let stranger = app.register("stranger").await;
    app.publish(&celeb, "Celeb writes", &[]).await;
    app.publish(&stranger, "Stranger writes", &[]).await;
    app.call(
        Method::POST,
        "/api/profiles/celeb/follow",
        Some(&jake),
        None,
    )
    .await;
    let (status, feed) = app
        .call(Method::GET, "/api/articles/feed", Some(&jake), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{feed}");
    assert_eq!(slugs(&feed), ["celeb-writes"]);
    assert_eq!(feed["articlesCount"], 1);
    assert_eq!(feed["articles"][0]["author"]["following"], true);
    let (status, _) = app
        .call(Method::GET, "/api/articles/feed", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn comments_are_added_listed_and_deleted_by_their_author() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let other = app.register("other").await;
    let slug = app.publish(&jake, "Comment on me", &[]).await;
    let path = format!("/api/articles/{slug}/comments");
    let (status, created) = app
        .call(
            Method::POST,
            &path,
            Some(&other),
            Some(json!({ "comment": { "body": "Thank you so much!" } })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["comment"]["author"]["username"], "other");
    let id = created["comment"]["id"].as_i64().expect("an id");

    let (status, list) = app.call(Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["comments"].as_array().map(Vec::len), Some(1));

    let (status, _) = app
        .call(Method::DELETE, &format!("{path}/{id}"), Some(&jake), None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the comment's author may delete it"
    );
    let (status, _) = app
        .call(Method::DELETE, &format!("{path}/{id}"), Some(&other), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = app.call(Method::GET, &path, None, None).await;
    assert_eq!(list["comments"], json!([]));
    let (status, _) = app
        .call(
            Method::GET,
            "/api/articles/nothing-here/comments",
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// `/api/tags` and the `articlesCount` of the front page and of a tag read counts the database
/// keeps as articles are written (migration 0003): they follow every create, retag and delete.
#[tokio::test]
async fn kept_counts_follow_every_write() {
    let app = TestApp::start().await;
    let jake = app.register("jake").await;
    let counted = |path: &'static str| {
        let app = &app;
        async move {
            let (status, body) = app.call(Method::GET, path, None, None).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let dragons = app.publish(&jake, "Dragons", &["rust", "dragons"]).await;
    app.publish(&jake, "Rust", &["rust"]).await;
    assert_eq!(
        counted("/api/tags").await["tags"],
        json!(["rust", "dragons"])
    );
    assert_eq!(counted("/api/articles").await["articlesCount"], 2);
    assert_eq!(counted("/api/articles?tag=rust").await["articlesCount"], 2);

    let retag = json!({ "article": { "tagList": ["dragons", "wings"] } });
    let path = format!("/api/articles/{dragons}");
    let (status, body) = app.call(Method::PUT, &path, Some(&jake), Some(retag)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(counted("/api/articles?tag=rust").await["articlesCount"], 1);
    assert_eq!(counted("/api/articles?tag=wings").await["articlesCount"], 1);

    let (status, _) = app.call(Method::DELETE, &path, Some(&jake), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        counted("/api/tags").await["tags"],
        json!(["rust"]),
        "a tag no article has is gone"
    );
    assert_eq!(counted("/api/articles").await["articlesCount"], 1);
    assert_eq!(
        counted("/api/articles?tag=dragons").await["articlesCount"],
        0
    );
}
