//! Every query of the bookmarks API. `query_as!` and `query!` send each statement to the database
//! at compile time (or read `.sqlx/` offline), so a typo in a column, a wrong parameter type or a
//! nullable column read into a non-`Option` is a compile error, not a 500.

use serde::{Deserialize, Serialize};
use sqlx::{PgExecutor, PgPool};

use crate::error::DbError;

// ANCHOR: types
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bookmark {
    pub id: i64,
    pub owner_id: i64,
    pub url: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaggedBookmark {
    #[serde(flatten)]
    pub bookmark: Bookmark,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct NewBookmark {
    pub owner_id: i64,
    pub url: String,
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
}
// ANCHOR_END: types

// ANCHOR: insert_find
/// Takes any executor: a pool, a pooled connection, or a transaction (as `&mut *tx`).
pub async fn insert(db: impl PgExecutor<'_>, new: &NewBookmark) -> Result<Bookmark, DbError> {
    // BEGIN EXERCISE 4.3
    let _ = (db, new);
    todo!("exercise 4.3: INSERT the bookmark with query_as!, RETURNING the row")
    // END EXERCISE 4.3
}

/// `DbError::NotFound` when there is no such bookmark.
pub async fn find(db: impl PgExecutor<'_>, id: i64) -> Result<Bookmark, DbError> {
    // BEGIN EXERCISE 4.3
    let _ = (db, id);
    todo!("exercise 4.3: SELECT the bookmark with this id with query_as!")
    // END EXERCISE 4.3
}
// ANCHOR_END: insert_find

// ANCHOR: create_with_tags
/// The bookmark and its tags (sorted by name, as every query of this lesson returns them), all or
/// nothing: a bad tag leaves no bookmark behind.
pub async fn create_with_tags(pool: &PgPool, new: &NewBookmark) -> Result<TaggedBookmark, DbError> {
    // BEGIN EXERCISE 4.5
    let _ = (pool, new);
    todo!("exercise 4.5: insert the bookmark and its tags in one transaction")
    // END EXERCISE 4.5
}
// ANCHOR_END: create_with_tags

// ANCHOR: page
#[derive(Debug, Serialize)]
pub struct Page {
    pub items: Vec<Bookmark>,
    pub total: i64,
}

/// Oldest first, `limit` rows after skipping `offset`. Simple, and fine for the first pages; deep
/// offsets make the database read and discard every skipped row.
pub async fn page(pool: &PgPool, limit: i64, offset: i64) -> Result<Page, DbError> {
    // BEGIN EXERCISE 4.7
    let _ = (pool, limit, offset);
    todo!("exercise 4.7: one page by LIMIT and OFFSET, and the total count")
    // END EXERCISE 4.7
}
// ANCHOR_END: page

// ANCHOR: after
/// Newest first, the `limit` rows older than the `before` cursor (the last id of the previous
/// page; `None` for the first page). New rows arriving between two pages cannot shift the
/// next page, since it starts from a row, not from a count; and the index on `id` finds the start
/// at once however deep the page.
pub async fn after(
    pool: &PgPool,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Bookmark>, DbError> {
    // BEGIN EXERCISE 4.8
    let _ = (pool, before, limit);
    todo!("exercise 4.8: the page of rows older than the cursor, newest first")
    // END EXERCISE 4.8
}
// ANCHOR_END: after

// ANCHOR: with_tags
/// The newest `limit` bookmarks with their tags in two queries, however many bookmarks: one for
/// the bookmarks, one for the tags of all of them (`= ANY($1)`). One query per bookmark for its
/// tags (the "N+1" pattern) would be `limit + 1` round trips.
pub async fn with_tags(pool: &PgPool, limit: i64) -> Result<Vec<TaggedBookmark>, DbError> {
    // BEGIN EXERCISE 4.9
    let _ = (pool, limit);
    todo!("exercise 4.9: the bookmarks, then the tags of all of them in one query")
    // END EXERCISE 4.9
}
// ANCHOR_END: with_tags
