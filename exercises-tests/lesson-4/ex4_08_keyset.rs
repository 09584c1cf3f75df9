use std::collections::BTreeSet;

use axum::http::StatusCode;
use course_testkit::{Req, send};

use crate::support::{add_bookmarks, add_user, app, database, item_ids};

/// Walks the feed four at a time while new bookmarks keep arriving between pages: every bookmark
/// that existed at the start is seen exactly once.
#[tokio::test]
async fn ex4_08_keyset_pages_neither_repeat_nor_skip_under_inserts() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    let original: BTreeSet<i64> = add_bookmarks(db.pool(), owner, 10)
        .await
        .into_iter()
        .collect();
    let newcomer = add_user(db.pool(), "bob@example.com").await;

    let mut seen = Vec::new();
    let mut uri = "/bookmarks/feed?limit=4".to_owned();
    for _ in 0..5 {
        let reply = send("4.8", app(db.pool()), Req::get(&uri)).await;
        reply.expect_status(StatusCode::OK);
        let body = reply.json();
        seen.extend(item_ids(&body));
        add_bookmarks(db.pool(), newcomer, 2).await;
        match body["next"].as_i64() {
            Some(cursor) => uri = format!("/bookmarks/feed?limit=4&before={cursor}"),
            None => break,
        }
    }
    let expected: Vec<i64> = original.iter().rev().copied().collect();
    if seen != expected {
        course_testkit::fail(
            "4.8",
            "GET /bookmarks/feed?limit=4, then ?before=<next> until next is null, inserting 2 bookmarks between pages",
            format!("the original ids newest first, each once: {expected:?}"),
            &format!("{seen:?}"),
        );
    }
}
