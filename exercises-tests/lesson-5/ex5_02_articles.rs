use axum::http::StatusCode;
use course_testkit::{Reply, Req, fetch};

use crate::support::{conduit, signed_in};

fn expect_slugs(reply: &Reply, expected: &[&str]) {
    reply.expect_status(StatusCode::OK);
    let body = reply.json();
    let slugs: Vec<&str> = body["articles"]
        .as_array()
        .map(|articles| articles.iter().filter_map(|a| a["slug"].as_str()).collect())
        .unwrap_or_default();
    if slugs != expected || body["articlesCount"] != expected.len() {
        reply.fail(format!(
            "the articles {expected:?}, newest first, and their count"
        ));
    }
}

#[tokio::test]
async fn ex5_02_lists_filter_by_tag_author_and_favorite() {
    let app = conduit("5.2").await;
    let jake = app.register("5.2", "jake").await;
    let anna = app.register("5.2", "anna").await;
    app.publish("5.2", &jake, "Jake on rust", &["rust"]).await;
    app.publish("5.2", &anna, "Anna on rust", &["rust", "web"])
        .await;
    app.publish("5.2", &anna, "Anna on web", &["web"]).await;
    expect_slugs(
        &fetch("5.2", &app.server, Req::get("/api/articles")).await,
        &["anna-on-web", "anna-on-rust", "jake-on-rust"],
    );
    expect_slugs(
        &fetch("5.2", &app.server, Req::get("/api/articles?tag=rust")).await,
        &["anna-on-rust", "jake-on-rust"],
    );
    expect_slugs(
        &fetch("5.2", &app.server, Req::get("/api/articles?author=jake")).await,
        &["jake-on-rust"],
    );
    // Anna's favorite, written as 5.5's endpoint will write it.
    app.sql(
        "INSERT INTO favorites (user_id, article_id)
         SELECT u.id, a.id FROM users u, articles a
         WHERE u.username = 'anna' AND a.slug = 'jake-on-rust'",
    )
    .await;
    let reply = fetch(
        "5.2",
        &app.server,
        signed_in(Req::get("/api/articles?author=jake"), &anna),
    )
    .await;
    reply.expect_status(StatusCode::OK);
    let article = &reply.json()["articles"][0];
    if article["favoritesCount"] != 1 || article["favorited"] != true {
        reply.fail("jake's article favorited by its viewer, anna, with favoritesCount 1");
    }
    expect_slugs(
        &fetch("5.2", &app.server, Req::get("/api/articles?favorited=anna")).await,
        &["jake-on-rust"],
    );
}

#[tokio::test]
async fn ex5_02_the_feed_has_the_followed_authors_only() {
    let app = conduit("5.2").await;
    let jake = app.register("5.2", "jake").await;
    let anna = app.register("5.2", "anna").await;
    let bob = app.register("5.2", "bob").await;
    app.publish("5.2", &anna, "By anna", &[]).await;
    app.publish("5.2", &bob, "By bob", &[]).await;
    // Jake follows anna, written as 5.5's endpoint will write it.
    app.sql(
        "INSERT INTO follows (follower_id, followed_id)
         SELECT j.id, a.id FROM users j, users a WHERE j.username = 'jake' AND a.username = 'anna'",
    )
    .await;
    let reply = fetch(
        "5.2",
        &app.server,
        signed_in(Req::get("/api/articles/feed"), &jake),
    )
    .await;
    expect_slugs(&reply, &["by-anna"]);
    if reply.json()["articles"][0]["author"]["following"] != true {
        reply.fail("the author shown as followed by the viewer");
    }
}
