use axum::http::StatusCode;
use course_testkit::{Reply, Req, send};

use crate::support::{bookmarks, seeded_state};

async fn list(uri: &str) -> Reply {
    let reply = send("1.6", bookmarks(seeded_state().await), Req::get(uri)).await;
    reply.expect_status(StatusCode::OK);
    reply
}

/// The ids of the page's items, checked against what the query asks for.
fn expect_ids(reply: &Reply, expected: &[u64]) {
    let body = reply.json();
    let ids: Option<Vec<u64>> = body["items"].as_array().map(|items| {
        items
            .iter()
            .filter_map(|item| item["id"].as_u64())
            .collect()
    });
    if ids.as_deref() != Some(expected) {
        reply.fail(format!("items with the ids {expected:?}, in that order"));
    }
}

#[tokio::test]
async fn ex1_06_lists_newest_first_with_paging_fields() {
    let reply = list("/bookmarks").await;
    reply.expect_snapshot(|| insta::assert_json_snapshot!("ex1_06_default_listing", reply.json()));
}

#[tokio::test]
async fn ex1_06_filters_by_tag() {
    expect_ids(&list("/bookmarks?tag=rust").await, &[2, 1]);
}

#[tokio::test]
async fn ex1_06_searches_titles_ignoring_case() {
    expect_ids(&list("/bookmarks?q=TOKIO").await, &[2]);
}

#[tokio::test]
async fn ex1_06_sorts_by_title_or_oldest() {
    expect_ids(&list("/bookmarks?sort=title").await, &[1, 3, 2]);
    expect_ids(&list("/bookmarks?sort=oldest").await, &[1, 2, 3]);
}

#[tokio::test]
async fn ex1_06_pages_count_every_match() {
    let reply = list("/bookmarks?sort=oldest&per_page=2&page=2").await;
    expect_ids(&reply, &[3]);
    if reply.json()["total"] != 3 {
        reply.fail("\"total\": 3, the number of matches on all pages");
    }
}
