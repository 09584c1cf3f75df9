use std::time::Duration;

use axum::http::StatusCode;
use course_testkit::{Req, fail, fetch};
use realtime::Settings;

use crate::support::{
    EventStream, PATIENCE, Received, comment_through, made_up_comment, site, site_with,
};

#[tokio::test]
async fn ex6_02_a_new_comment_arrives_as_an_event() {
    let site = site().await;
    let jake = site.sign_up("6.2", "jake").await;
    let watched = site.publish("6.2", &jake, "Watched").await;
    let other = site.publish("6.2", &jake, "Elsewhere").await;
    let path = format!("/api/articles/{watched}/comments/live");
    let mut stream = EventStream::open("6.2", &site.first.server, &path, None).await;

    let posted = site.comment("6.2", &jake, &watched, "First!").await;
    let (id, data) = stream.expect_comment("First!").await;
    let expected_id = posted["id"].to_string();
    if id != expected_id || data["author"]["username"] != "jake" {
        fail(
            "6.2",
            stream.sent(),
            format!(
                "id: {} and the comment, its author jake, as data",
                posted["id"]
            ),
            &format!("id: {id}\ndata: {data}"),
        );
    }
    site.comment("6.2", &jake, &other, "Not here").await;
    site.comment("6.2", &jake, &watched, "Second").await;
    // The comment on the other article was skipped: the next event is the second one here.
    stream.expect_comment("Second").await;
}

#[tokio::test]
async fn ex6_02_an_unknown_article_is_a_404() {
    let site = site().await;
    let reply = fetch(
        "6.2",
        &site.first.server,
        Req::get("/api/articles/no-such-article/comments/live")
            .header("accept", "text/event-stream"),
    )
    .await;
    reply.expect_status(StatusCode::NOT_FOUND);
    if reply.json()["errors"]["article"].is_null() {
        reply.fail("404 with {\"errors\": {\"article\": [\"not found\"]}}");
    }
}

#[tokio::test]
async fn ex6_02_an_idle_stream_is_kept_alive() {
    let settings = Settings {
        keep_alive: Duration::from_millis(100),
        ..Settings::default()
    };
    let site = site_with(settings, 256).await;
    let jake = site.sign_up("6.2", "jake").await;
    let slug = site.publish("6.2", &jake, "Quiet").await;
    let path = format!("/api/articles/{slug}/comments/live");
    let mut stream = EventStream::open("6.2", &site.first.server, &path, None).await;
    let received = stream.next(Duration::from_secs(2)).await;
    if received != Received::KeepAlive {
        fail(
            "6.2",
            stream.sent(),
            "a keep-alive comment (`:`) within 2 s, the keep-alive interval being 100 ms",
            &format!("{received:?}"),
        );
    }
}

#[tokio::test]
async fn ex6_02_a_client_that_falls_behind_is_let_go() {
    let site = site_with(Settings::default(), 4).await;
    let jake = site.sign_up("6.2", "jake").await;
    let slug = site.publish("6.2", &jake, "Busy").await;
    let path = format!("/api/articles/{slug}/comments/live");
    let mut stream = EventStream::open("6.2", &site.first.server, &path, None).await;
    // Twenty announcements at once into a buffer of four: this client cannot keep up.
    for id in 1..=20 {
        site.first.live.events.publish(made_up_comment(id, &slug));
    }
    stream
        .expect_end(
            PATIENCE,
            "the stream to end once the client lagged (its browser reconnects with Last-Event-ID)",
        )
        .await;
}

#[tokio::test]
async fn ex6_02_streams_end_when_the_server_stops() {
    let site = site().await;
    let jake = site.sign_up("6.2", "jake").await;
    let slug = site.publish("6.2", &jake, "Stopping").await;
    let path = format!("/api/articles/{slug}/comments/live");
    let mut stream = EventStream::open("6.2", &site.first.server, &path, None).await;
    site.first.live.events.close();
    stream
        .expect_end(
            PATIENCE,
            "the stream to end when the server is stopping (`Events::closed`)",
        )
        .await;
}

#[tokio::test]
async fn ex6_02_a_comment_written_through_another_instance_arrives() {
    let site = site().await;
    let other = site.another_instance().await;
    let jake = site.sign_up("6.2", "jake").await;
    let slug = site.publish("6.2", &jake, "Everywhere").await;
    let path = format!("/api/articles/{slug}/comments/live");
    let mut stream = EventStream::open("6.2", &site.first.server, &path, None).await;
    comment_through("6.2", &other.server, &jake, &slug, "Written elsewhere").await;
    stream.expect_comment("Written elsewhere").await;
}
