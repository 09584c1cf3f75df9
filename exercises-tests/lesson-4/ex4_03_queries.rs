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

/// The exercise is to let the compiler check the queries: `sqlx::query(..)` and `query_as(..)`
/// run the same SQL, but nothing checks it until it fails at run time. No test of behaviour can
/// tell the two apart, so this one reads the code of the exercise.
#[test]
fn ex4_03_the_queries_are_checked_when_they_compile() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/repo.rs");
    let source = std::fs::read_to_string(file)
        .unwrap_or_else(|error| fail("4.3", "reading src/repo.rs", "the file", &error.to_string()));
    let regions: Vec<&str> = source
        .split("// BEGIN EXERCISE 4.3")
        .skip(1)
        .filter_map(|rest| rest.split("// END EXERCISE 4.3").next())
        .collect();
    let unchecked = ["sqlx::query(", "sqlx::query_as(", "sqlx::query_scalar("];
    for region in &regions {
        let checked = region.contains("query_as!(") || region.contains("query!(");
        if !checked || unchecked.iter().any(|call| region.contains(call)) {
            fail(
                "4.3",
                "reading exercise 4.3's code in src/repo.rs",
                "the checked macros, `sqlx::query_as!` (or `query!`), in both functions",
                "a query the compiler does not check (or none)",
            );
        }
    }
    if regions.len() != 2 {
        fail(
            "4.3",
            "reading src/repo.rs",
            "two regions of exercise 4.3 (insert and find)",
            &format!("{} regions", regions.len()),
        );
    }
}
