//! Conditional GET on an article: every answer carries an `ETag`; a client that sends it back as
//! `If-None-Match` gets a 304 without a body while the answer it would get is the same, and a 200
//! with a new tag as soon as anything in that answer changed, for that viewer.

use axum::http::StatusCode;
use course_testkit::{Reply, Req, fetch};
use serde_json::{Value, json};

use crate::support::{Conduit, conduit, signed_in};

/// `GET /api/articles/{slug}`, as `viewer` (`None`: signed out), with `If-None-Match` if given.
async fn read(app: &Conduit, viewer: Option<&Value>, slug: &str, held: Option<&str>) -> Reply {
    let mut request = Req::get(&format!("/api/articles/{slug}"));
    if let Some(viewer) = viewer {
        request = signed_in(request, viewer);
    }
    if let Some(held) = held {
        request = request.header("if-none-match", held);
    }
    fetch("5.6", &app.server, request).await
}

/// The answer's entity tag: a quoted string, as HTTP writes them (`"…"`, or `W/"…"` if weak).
fn tag(reply: &Reply) -> String {
    let tag = reply
        .headers()
        .get("etag")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let quoted = tag.strip_prefix("W/").unwrap_or(tag);
    if quoted.len() < 3 || !quoted.starts_with('"') || !quoted.ends_with('"') {
        reply.fail("an `ETag` header holding a quoted tag, such as \"3q2-7w\"");
    }
    tag.to_owned()
}

/// `reply` is a 200 with an article whose tag differs from `old`; returns its tag.
fn changed(reply: &Reply, old: &str, because: &str) -> String {
    reply.expect_status(StatusCode::OK);
    let new = tag(reply);
    if new == old {
        reply.fail(format!(
            "a new tag, not the old one ({old}): {because}, so the answer the tag stands for changed"
        ));
    }
    new
}

#[tokio::test]
async fn ex5_06_a_client_holding_the_articles_tag_gets_a_304_without_a_body() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let slug = app.publish("5.6", &jake, "Cache me", &[]).await;

    let first = read(&app, None, &slug, None).await;
    first.expect_status(StatusCode::OK);
    if first.json()["article"]["slug"] != json!(slug) {
        first.fail("the article, as before this exercise");
    }
    let held = tag(&first);
    let vary = first
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("authorization"));
    if !vary {
        first.fail(
            "`Vary: Authorization`: the answer depends on the token (favorited, following), and \
             a cache that ignored it would show one reader's answer to another",
        );
    }
    let again = read(&app, None, &slug, None).await;
    again.expect_status(StatusCode::OK);
    if tag(&again) != held {
        again.fail(format!(
            "the same tag as the first time ({held}): nothing changed in between"
        ));
    }

    let not_modified = read(&app, None, &slug, Some(&held)).await;
    not_modified.expect_status(StatusCode::NOT_MODIFIED);
    if !not_modified.body().is_empty() || tag(&not_modified) != held {
        not_modified.fail(format!(
            "a 304 with no body and the tag the client holds ({held}), so it knows which copy to reuse"
        ));
    }
}

/// The tag stands for the whole answer this viewer gets, not for the article's row: a favorite by
/// someone else changes `favoritesCount`, and a follow changes `following`, without touching the
/// article's `updatedAt`.
#[tokio::test]
async fn ex5_06_any_change_to_the_answer_changes_the_tag() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let anna = app.register("5.6", "anna").await;
    let bob = app.register("5.6", "bob").await;
    let slug = app.publish("5.6", &jake, "Cache me", &[]).await;
    let path = format!("/api/articles/{slug}");

    let held = tag(read(&app, Some(&anna), &slug, None)
        .await
        .expect_status(StatusCode::OK));

    let edit = json!({ "article": { "body": "A better body" } });
    fetch(
        "5.6",
        &app.server,
        signed_in(Req::put(&path), &jake).json(&edit),
    )
    .await
    .expect_status(StatusCode::OK);
    let held = changed(
        &read(&app, Some(&anna), &slug, Some(&held)).await,
        &held,
        "its author changed the body",
    );

    let favorite = signed_in(Req::post(&format!("{path}/favorite")), &bob);
    fetch("5.6", &app.server, favorite)
        .await
        .expect_status(StatusCode::OK);
    let held = changed(
        &read(&app, Some(&anna), &slug, Some(&held)).await,
        &held,
        "bob favorited it (favoritesCount is 1 now)",
    );

    let follow = signed_in(Req::post("/api/profiles/jake/follow"), &anna);
    fetch("5.6", &app.server, follow)
        .await
        .expect_status(StatusCode::OK);
    changed(
        &read(&app, Some(&anna), &slug, Some(&held)).await,
        &held,
        "anna followed its author (author.following is true for her now)",
    );
}

/// Two viewers who see the article differently hold different tags: one's tag is not a 304 for
/// the other.
#[tokio::test]
async fn ex5_06_each_viewer_holds_the_tag_of_what_they_see() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let anna = app.register("5.6", "anna").await;
    let slug = app.publish("5.6", &jake, "Cache me", &[]).await;
    let favorite = signed_in(Req::post(&format!("/api/articles/{slug}/favorite")), &anna);
    fetch("5.6", &app.server, favorite)
        .await
        .expect_status(StatusCode::OK);

    let annas = tag(read(&app, Some(&anna), &slug, None)
        .await
        .expect_status(StatusCode::OK));
    read(&app, Some(&anna), &slug, Some(&annas))
        .await
        .expect_status(StatusCode::NOT_MODIFIED);
    changed(
        &read(&app, None, &slug, Some(&annas)).await,
        &annas,
        "a signed-out reader sees \"favorited\": false where anna sees true",
    );
}

/// `If-None-Match` is a list of tags, any of which may be weak (`W/"…"`, compared by its value),
/// or `*` for "any version": each names the version the server has. Only the article's own 404
/// wins over `*`, since there is no version to hold.
#[tokio::test]
async fn ex5_06_if_none_match_may_list_tags_weaken_them_or_be_a_star() {
    let app = conduit("5.6").await;
    let jake = app.register("5.6", "jake").await;
    let slug = app.publish("5.6", &jake, "Cache me", &[]).await;
    let held = tag(read(&app, None, &slug, None)
        .await
        .expect_status(StatusCode::OK));
    let strong = held.strip_prefix("W/").unwrap_or(&held);

    for header in [
        format!("\"an-old-one\", {strong}"),
        format!("W/{strong}"),
        "*".to_owned(),
    ] {
        read(&app, None, &slug, Some(&header))
            .await
            .expect_status(StatusCode::NOT_MODIFIED);
    }
    read(&app, None, &slug, Some("\"an-old-one\""))
        .await
        .expect_status(StatusCode::OK);
    read(&app, None, "nothing-here", Some("*"))
        .await
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "article": ["not found"] } }));
}
