use course_testkit::{attempt_async, fail};
use database::repo::{self, Bookmark, NewBookmark};

use crate::support::{add_user, database};

#[tokio::test]
async fn ex4_03_insert_returns_the_stored_row_and_find_reads_it_back() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    let new = NewBookmark {
        owner_id: owner,
        url: "https://docs.rs/sqlx".to_owned(),
        title: "SQLx".to_owned(),
        tags: Vec::new(),
    };
    let pool = db.pool().clone();
    let inserted = attempt_async(
        "4.3",
        "repo::insert(&pool, &new)",
        "the inserted row",
        async move { repo::insert(&pool, &new).await },
    )
    .await;
    let inserted = match inserted {
        Ok(bookmark) if bookmark.id > 0 && bookmark.url == "https://docs.rs/sqlx" => bookmark,
        other => fail(
            "4.3",
            "repo::insert(&pool, &new)",
            "Ok(Bookmark) with the new id and the values sent",
            &format!("{other:?}"),
        ),
    };
    let pool = db.pool().clone();
    let id = inserted.id;
    let found = attempt_async("4.3", "repo::find(&pool, id)", "the same row", async move {
        repo::find(&pool, id).await
    })
    .await;
    if found.as_ref().ok() != Some(&inserted) {
        fail(
            "4.3",
            &format!("repo::find(&pool, {id})"),
            format!("Ok({inserted:?})"),
            &format!("{found:?}"),
        );
    }
    let Bookmark { owner_id, .. } = inserted;
    assert_eq!(owner_id, owner);
}
