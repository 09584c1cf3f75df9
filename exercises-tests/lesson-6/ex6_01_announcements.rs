use std::sync::Arc;

use realtime::events::CommentEvent;
use tokio::sync::broadcast::Receiver;

use course_testkit::fail;

use crate::support::{PATIENCE, QUIET, comment_through, site};

/// The next announcement `receiver` is handed, within [`PATIENCE`]; fails with what was sent and
/// expected otherwise.
async fn next_announcement(
    receiver: &mut Receiver<Arc<CommentEvent>>,
    sent: &str,
    expected: &str,
) -> Arc<CommentEvent> {
    match tokio::time::timeout(PATIENCE, receiver.recv()).await {
        Ok(Ok(event)) => event,
        Ok(Err(error)) => fail(
            "6.1",
            sent,
            expected,
            &format!("the announcements failed: {error}"),
        ),
        Err(_) => fail("6.1", sent, expected, "no announcement within 5 s"),
    }
}

fn expect_comment(event: &CommentEvent, sent: &str, slug: &str, body: &str) {
    if event.article != slug || event.comment.body != body {
        fail(
            "6.1",
            sent,
            format!("the comment {body:?} announced on {slug:?}"),
            &format!("{:?} announced on {:?}", event.comment.body, event.article),
        );
    }
}

#[tokio::test]
async fn ex6_01_a_comment_is_announced_on_the_instance_that_wrote_it() {
    let site = site().await;
    let jake = site.sign_up("6.1", "jake").await;
    let slug = site.publish("6.1", &jake, "Heard").await;
    let mut announced = site.first.live.events.subscribe();
    site.comment("6.1", &jake, &slug, "First!").await;
    let sent =
        format!("POST /api/articles/{slug}/comments {{\"comment\": {{\"body\": \"First!\"}}}}");
    let event = next_announcement(&mut announced, &sent, "the new comment, announced").await;
    expect_comment(&event, &sent, &slug, "First!");
}

#[tokio::test]
async fn ex6_01_a_comment_written_through_one_instance_is_announced_on_another() {
    let site = site().await;
    let other = site.another_instance().await;
    let jake = site.sign_up("6.1", "jake").await;
    let slug = site.publish("6.1", &jake, "Everywhere").await;
    let mut announced_here = site.first.live.events.subscribe();
    let mut announced_there = other.live.events.subscribe();
    comment_through("6.1", &other.server, &jake, &slug, "From the other side").await;
    let sent = format!(
        "POST /api/articles/{slug}/comments through the second instance (two on one database)"
    );
    for (instance, announced) in [
        ("the second", &mut announced_there),
        ("the first", &mut announced_here),
    ] {
        let expected = format!("the comment announced on {instance} instance too");
        let event = next_announcement(announced, &sent, &expected).await;
        expect_comment(&event, &sent, &slug, "From the other side");
    }
}

#[tokio::test]
async fn ex6_01_each_comment_is_announced_once_in_order() {
    let site = site().await;
    let jake = site.sign_up("6.1", "jake").await;
    let slug = site.publish("6.1", &jake, "Counted").await;
    let mut announced = site.first.live.events.subscribe();
    let sent = "two comments, one after the other";
    for body in ["one", "two"] {
        site.comment("6.1", &jake, &slug, body).await;
    }
    for body in ["one", "two"] {
        let event =
            next_announcement(&mut announced, sent, "each comment announced, in order").await;
        expect_comment(&event, sent, &slug, body);
    }
    if let Ok(extra) = tokio::time::timeout(QUIET, announced.recv()).await {
        fail(
            "6.1",
            sent,
            "two announcements, no more",
            &format!(
                "a third: {:?}",
                extra.map(|event| event.comment.body.clone())
            ),
        );
    }
}
