//! Favorites: a user marks an article, idempotently; the article shows how many have, and whether
//! its viewer has; `?favorited=` lists what a user favorited.

use axum::http::{Method, StatusCode};
use course_testkit::{Reply, Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

/// `POST` (favorite) or `DELETE` (unfavorite) on the article at `slug`, as `who`.
async fn favorite(app: &Conduit, method: Method, who: &Value, slug: &str) -> Reply {
    let request = Req::new(method, &format!("/api/articles/{slug}/favorite"));
    fetch("5.6", &app.server, signed_in(request, who)).await
}

/// `reply` is the article, `favorited` by its viewer or not, favorited by `count` users.
fn expect_favorites(reply: &Reply, favorited: bool, count: u64) {
    reply.expect_status(StatusCode::OK);
    let article = &reply.json()["article"];
    if article["favorited"] != favorited || article["favoritesCount"] != count {
        reply.fail(format!(
            "the article with \"favorited\": {favorited} and \"favoritesCount\": {count}"
        ));
    }
}

#[tokio::test]
async fn ex5_06_favoriting_twice_counts_once() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let anna = app.register("5.6", "anna").await;
    let slug = app.publish("5.6", &jake, "Worth a star", &[]).await;
    expect_favorites(&favorite(&app, Method::POST, &anna, &slug).await, true, 1);
    expect_favorites(&favorite(&app, Method::POST, &anna, &slug).await, true, 1);
    expect_favorites(&favorite(&app, Method::POST, &jake, &slug).await, true, 2);
    let seen = fetch(
        "5.6",
        &app.server,
        Req::get(&format!("/api/articles/{slug}")),
    )
    .await;
    expect_favorites(&seen, false, 2);
}

#[tokio::test]
async fn ex5_06_unfavoriting_takes_back_only_your_own() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let anna = app.register("5.6", "anna").await;
    let slug = app.publish("5.6", &jake, "Worth a star", &[]).await;
    favorite(&app, Method::POST, &anna, &slug)
        .await
        .expect_status(StatusCode::OK);
    favorite(&app, Method::POST, &jake, &slug)
        .await
        .expect_status(StatusCode::OK);
    expect_favorites(
        &favorite(&app, Method::DELETE, &anna, &slug).await,
        false,
        1,
    );
    expect_favorites(
        &favorite(&app, Method::DELETE, &anna, &slug).await,
        false,
        1,
    );
}

#[tokio::test]
async fn ex5_06_a_favorite_lists_under_its_user() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let anna = app.register("5.6", "anna").await;
    let starred = app.publish("5.6", &jake, "Starred", &[]).await;
    app.publish("5.6", &jake, "Not starred", &[]).await;
    favorite(&app, Method::POST, &anna, &starred)
        .await
        .expect_status(StatusCode::OK);
    let listed = fetch("5.6", &app.server, Req::get("/api/articles?favorited=anna")).await;
    listed.expect_status(StatusCode::OK);
    if listed.json()["articles"]
        .as_array()
        .map(|a| a.iter().map(|a| a["slug"].clone()).collect::<Vec<_>>())
        != Some(vec![json!(starred)])
    {
        listed.fail(format!("only {starred:?}, the article anna favorited"));
    }
}

#[tokio::test]
async fn ex5_06_an_unknown_article_is_a_404() {
    let app = conduit("5.6").await;
    let anna = app.register("5.6", "anna").await;
    for method in [Method::POST, Method::DELETE] {
        favorite(&app, method, &anna, "nothing-here")
            .await
            .expect_status(StatusCode::NOT_FOUND)
            .expect_json(&json!({ "errors": { "article": ["not found"] } }));
    }
}
