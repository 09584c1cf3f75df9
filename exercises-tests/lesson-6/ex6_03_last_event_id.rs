use axum::http::StatusCode;
use course_testkit::{Req, fetch};

use crate::support::{EventStream, made_up_comment, site};

#[tokio::test]
async fn ex6_03_a_reconnecting_client_gets_what_it_missed_then_what_is_new() {
    let site = site().await;
    let jake = site.sign_up("6.3", "jake").await;
    let slug = site.publish("6.3", &jake, "Resumed").await;
    let seen = site.comment("6.3", &jake, &slug, "Seen before").await;
    site.comment("6.3", &jake, &slug, "Missed one").await;
    site.comment("6.3", &jake, &slug, "Missed two").await;

    let path = format!("/api/articles/{slug}/comments/live");
    let last = seen["id"].to_string();
    let mut stream = EventStream::open("6.3", &site.first.server, &path, Some(&last)).await;
    stream.expect_comment("Missed one").await;
    stream.expect_comment("Missed two").await;
    site.comment("6.3", &jake, &slug, "New").await;
    stream.expect_comment("New").await;
    stream
        .expect_quiet("nothing more: each comment once, none of them again")
        .await;
}

#[tokio::test]
async fn ex6_03_a_client_that_saw_everything_gets_only_what_is_new() {
    let site = site().await;
    let jake = site.sign_up("6.3", "jake").await;
    let slug = site.publish("6.3", &jake, "Up to date").await;
    let newest = site.comment("6.3", &jake, &slug, "Already seen").await;
    let path = format!("/api/articles/{slug}/comments/live");
    let last = newest["id"].to_string();
    let mut stream = EventStream::open("6.3", &site.first.server, &path, Some(&last)).await;
    stream
        .expect_quiet("nothing replayed: the client saw the newest comment")
        .await;
    site.comment("6.3", &jake, &slug, "Fresh").await;
    stream.expect_comment("Fresh").await;
}

#[tokio::test]
async fn ex6_03_a_last_event_id_that_is_no_id_is_a_400() {
    let site = site().await;
    let jake = site.sign_up("6.3", "jake").await;
    let slug = site.publish("6.3", &jake, "Garbled").await;
    for garbled in ["yesterday", "-1"] {
        let request = Req::get(&format!("/api/articles/{slug}/comments/live"))
            .header("accept", "text/event-stream")
            .header("last-event-id", garbled);
        let reply = fetch("6.3", &site.first.server, request).await;
        reply.expect_status(StatusCode::BAD_REQUEST);
        if !reply.json()["errors"].is_object() {
            reply.fail("400 with the API's JSON error body");
        }
    }
}

/// An announcement of a comment the client already has (its id at or below the last one it saw)
/// is not sent again: the replay and the live stream overlap by design, and each comment is sent
/// once.
#[tokio::test]
async fn ex6_03_an_announcement_the_client_already_has_is_not_sent_again() {
    let site = site().await;
    let jake = site.sign_up("6.3", "jake").await;
    let slug = site.publish("6.3", &jake, "Overlap").await;
    let newest = site.comment("6.3", &jake, &slug, "Seen").await;
    let seen = newest["id"].as_i64().unwrap_or_default();
    let path = format!("/api/articles/{slug}/comments/live");
    let mut stream =
        EventStream::open("6.3", &site.first.server, &path, Some(&seen.to_string())).await;
    site.first.live.events.publish(made_up_comment(seen, &slug));
    site.first
        .live
        .events
        .publish(made_up_comment(seen + 1000, &slug));
    let expected = format!("comment {}", seen + 1000);
    stream.expect_comment(&expected).await;
}
