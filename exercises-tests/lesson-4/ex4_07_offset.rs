use axum::http::StatusCode;
use course_testkit::{Req, send};

use crate::support::{add_bookmarks, add_user, app, database, item_ids};

#[tokio::test]
async fn ex4_07_offset_pages_and_the_total() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    let ids = add_bookmarks(db.pool(), owner, 5).await;
    let reply = send(
        "4.7",
        app(db.pool()),
        Req::get("/bookmarks?limit=2&offset=2"),
    )
    .await;
    reply.expect_status(StatusCode::OK);
    let body = reply.json();
    let got = item_ids(&body);
    if got != ids[2..4] || body["total"] != 5 {
        reply.fail(format!(
            "items with the ids {:?} (the 3rd and 4th oldest) and \"total\": 5",
            &ids[2..4]
        ));
    }
}
