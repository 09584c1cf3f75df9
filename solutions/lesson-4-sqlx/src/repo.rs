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
    let bookmark = sqlx::query_as!(
        Bookmark,
        "INSERT INTO bookmarks (owner_id, url, title) VALUES ($1, $2, $3)
         RETURNING id, owner_id, url, title",
        new.owner_id,
        new.url,
        new.title,
    )
    .fetch_one(db)
    .await?;
    Ok(bookmark)
    // END EXERCISE 4.3
}

/// `DbError::NotFound` when there is no such bookmark.
pub async fn find(db: impl PgExecutor<'_>, id: i64) -> Result<Bookmark, DbError> {
    // BEGIN EXERCISE 4.3
    let bookmark = sqlx::query_as!(
        Bookmark,
        "SELECT id, owner_id, url, title FROM bookmarks WHERE id = $1",
        id,
    )
    .fetch_one(db)
    .await?;
    Ok(bookmark)
    // END EXERCISE 4.3
}
// ANCHOR_END: insert_find

// ANCHOR: create_with_tags
/// The bookmark and its tags (sorted by name, as every query of this lesson returns them), all or
/// nothing: a bad tag leaves no bookmark behind.
pub async fn create_with_tags(pool: &PgPool, new: &NewBookmark) -> Result<TaggedBookmark, DbError> {
    // BEGIN EXERCISE 4.5
    let mut tx = pool.begin().await?;
    let bookmark = insert(&mut *tx, new).await?;
    sqlx::query!(
        "INSERT INTO tags (bookmark_id, name) SELECT $1, unnest($2::text[])",
        bookmark.id,
        &new.tags,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut tags = new.tags.clone();
    tags.sort();
    Ok(TaggedBookmark { bookmark, tags })
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
    let items = sqlx::query_as!(
        Bookmark,
        "SELECT id, owner_id, url, title FROM bookmarks ORDER BY id LIMIT $1 OFFSET $2",
        limit,
        offset,
    )
    .fetch_all(pool)
    .await?;
    let total = sqlx::query_scalar!(r#"SELECT count(*) AS "count!" FROM bookmarks"#)
        .fetch_one(pool)
        .await?;
    Ok(Page { items, total })
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
    let items = sqlx::query_as!(
        Bookmark,
        "SELECT id, owner_id, url, title FROM bookmarks
         WHERE $1::BIGINT IS NULL OR id < $1
         ORDER BY id DESC LIMIT $2",
        before,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(items)
    // END EXERCISE 4.8
}
// ANCHOR_END: after

// ANCHOR: with_tags
/// The newest `limit` bookmarks with their tags in two queries, however many bookmarks: one for
/// the bookmarks, one for the tags of all of them (`= ANY($1)`). One query per bookmark for its
/// tags (the "N+1" pattern) would be `limit + 1` round trips.
pub async fn with_tags(pool: &PgPool, limit: i64) -> Result<Vec<TaggedBookmark>, DbError> {
    // BEGIN EXERCISE 4.9
    let bookmarks = after(pool, None, limit).await?;
    let ids: Vec<i64> = bookmarks.iter().map(|b| b.id).collect();
    let tags = sqlx::query!(
        "SELECT bookmark_id, name FROM tags WHERE bookmark_id = ANY($1) ORDER BY name",
        &ids,
    )
    .fetch_all(pool)
    .await?;
    Ok(bookmarks
        .into_iter()
        .map(|bookmark| TaggedBookmark {
            tags: tags
                .iter()
                .filter(|tag| tag.bookmark_id == bookmark.id)
                .map(|tag| tag.name.clone())
                .collect(),
            bookmark,
        })
        .collect())
    // END EXERCISE 4.9
}
// ANCHOR_END: with_tags
