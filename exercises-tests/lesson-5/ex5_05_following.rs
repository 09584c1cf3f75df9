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
