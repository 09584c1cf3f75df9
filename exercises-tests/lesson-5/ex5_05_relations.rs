//! Following a user and favoriting an article: two relations, each a row that exists at most once.
//! Each is idempotent (the second follow or favorite changes nothing and is no error), each
//! answers with what the caller now sees, and each refuses what makes no sense: following
//! yourself, a stranger, an article that does not exist.

use axum::http::{Method, StatusCode};
use course_testkit::{Reply, Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

/// `method` on `/api/profiles/{username}/follow` as `who`.
async fn follow(app: &Conduit, method: Method, who: &Value, username: &str) -> Reply {
    let request = Req::new(method, &format!("/api/profiles/{username}/follow"));
    fetch("5.5", &app.server, signed_in(request, who)).await
}

fn profile(username: &str, following: bool) -> Value {
    json!({ "profile": {
        "username": username, "bio": null, "image": null, "following": following } })
}

#[tokio::test]
async fn ex5_05_following_shows_in_the_profile_its_follower_sees() {
    let app = conduit("5.5").await;
    let jake = app.register("5.5", "jake").await;
    let anna = app.register("5.5", "anna").await;
    follow(&app, Method::POST, &jake, "anna")
        .await
        .expect_status(StatusCode::OK)
        .expect_json(&profile("anna", true));
    let seen_by = |who: Option<&Value>, username: &str| {
        let mut request = Req::get(&format!("/api/profiles/{username}"));
        if let Some(who) = who {
            request = signed_in(request, who);
        }
        request
    };
    fetch("5.5", &app.server, seen_by(Some(&jake), "anna"))
        .await
        .expect_status(StatusCode::OK)
        .expect_json(&profile("anna", true));
    // Following goes one way, and only its follower sees it.
    fetch("5.5", &app.server, seen_by(Some(&anna), "jake"))
        .await
        .expect_status(StatusCode::OK)
        .expect_json(&profile("jake", false));
    fetch("5.5", &app.server, seen_by(None, "anna"))
        .await
        .expect_status(StatusCode::OK)
        .expect_json(&profile("anna", false));
}

/// Following someone already followed, or unfollowing someone not followed, changes nothing and
/// is not an error: a client that retries after a lost answer gets the same result.
#[tokio::test]
async fn ex5_05_following_and_unfollowing_twice_changes_nothing_more() {
    let app = conduit("5.5").await;
    let jake = app.register("5.5", "jake").await;
    app.register("5.5", "anna").await;
    for _ in 0..2 {
        follow(&app, Method::POST, &jake, "anna")
            .await
            .expect_status(StatusCode::OK)
            .expect_json(&profile("anna", true));
    }
    for _ in 0..2 {
        follow(&app, Method::DELETE, &jake, "anna")
            .await
            .expect_status(StatusCode::OK)
            .expect_json(&profile("anna", false));
    }
}

#[tokio::test]
async fn ex5_05_nobody_follows_themselves_or_a_stranger() {
    let app = conduit("5.5").await;
    let jake = app.register("5.5", "jake").await;
    follow(&app, Method::POST, &jake, "jake")
        .await
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .expect_json(&json!({ "errors": { "username": ["can't follow yourself"] } }));
    for method in [Method::POST, Method::DELETE] {
        follow(&app, method, &jake, "nobody")
            .await
            .expect_status(StatusCode::NOT_FOUND)
            .expect_json(&json!({ "errors": { "profile": ["not found"] } }));
    }
}

/// `POST` (favorite) or `DELETE` (unfavorite) on the article at `slug`, as `who`.
async fn favorite(app: &Conduit, method: Method, who: &Value, slug: &str) -> Reply {
    let request = Req::new(method, &format!("/api/articles/{slug}/favorite"));
    fetch("5.5", &app.server, signed_in(request, who)).await
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
async fn ex5_05_favoriting_twice_counts_once() {
    let app = conduit("5.5").await;
    let jake = app.register("5.5", "jake").await;
    let anna = app.register("5.5", "anna").await;
    let slug = app.publish("5.5", &jake, "Worth a star", &[]).await;
    expect_favorites(&favorite(&app, Method::POST, &anna, &slug).await, true, 1);
    expect_favorites(&favorite(&app, Method::POST, &anna, &slug).await, true, 1);
    expect_favorites(&favorite(&app, Method::POST, &jake, &slug).await, true, 2);
    // As a signed-out reader sees it, in the list (reading one article is 5.6's).
    let seen = fetch("5.5", &app.server, Req::get("/api/articles?author=jake")).await;
    seen.expect_status(StatusCode::OK);
    let article = &seen.json()["articles"][0];
    if article["favorited"] != false || article["favoritesCount"] != 2 {
        seen.fail("jake's article with \"favorited\": false and \"favoritesCount\": 2");
    }
}

#[tokio::test]
async fn ex5_05_unfavoriting_takes_back_only_your_own() {
    let app = conduit("5.5").await;
    let jake = app.register("5.5", "jake").await;
    let anna = app.register("5.5", "anna").await;
    let slug = app.publish("5.5", &jake, "Worth a star", &[]).await;
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
async fn ex5_05_a_favorite_lists_under_its_user() {
    let app = conduit("5.5").await;
    let jake = app.register("5.5", "jake").await;
    let anna = app.register("5.5", "anna").await;
    let starred = app.publish("5.5", &jake, "Starred", &[]).await;
    app.publish("5.5", &jake, "Not starred", &[]).await;
    favorite(&app, Method::POST, &anna, &starred)
        .await
        .expect_status(StatusCode::OK);
    let listed = fetch("5.5", &app.server, Req::get("/api/articles?favorited=anna")).await;
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
async fn ex5_05_an_unknown_article_is_a_404() {
    let app = conduit("5.5").await;
    let anna = app.register("5.5", "anna").await;
    for method in [Method::POST, Method::DELETE] {
        favorite(&app, method, &anna, "nothing-here")
            .await
            .expect_status(StatusCode::NOT_FOUND)
            .expect_json(&json!({ "errors": { "article": ["not found"] } }));
    }
}
