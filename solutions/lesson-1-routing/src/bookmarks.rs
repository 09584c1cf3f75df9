//! The bookmarks resource: its routes and handlers.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, StatusCode};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::extract::{Json, Pagination, Path, Query, ValidatedJson};
use crate::model::{Bookmark, NewBookmark};
use crate::state::AppState;

// ANCHOR: router
/// The routes relative to where the router is mounted; [`crate::app`] nests them under `/api/v1`.
pub fn router() -> Router<AppState> {
    // BEGIN EXERCISE 1.2
    Router::new()
        .route("/bookmarks", axum::routing::get(list).post(create))
        .route("/bookmarks/{id}", axum::routing::get(show).delete(remove))
    // END EXERCISE 1.2
}
// ANCHOR_END: router

// ANCHOR: list_filter
/// `GET /bookmarks?tag=rust&q=axum&sort=title`. Every parameter may be left out.
#[derive(Debug, Deserialize)]
pub struct ListFilter {
    pub tag: Option<String>,
    /// A case-insensitive part of the title.
    pub q: Option<String>,
    #[serde(default)]
    pub sort: Sort,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// The highest id first.
    #[default]
    Newest,
    /// The lowest id first.
    Oldest,
    /// By title as a reader sorts them, ignoring case ("apple" before "Banana"); equal titles by
    /// id.
    Title,
}

/// One page of a list, with what a client needs to ask for the next one.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
}
// ANCHOR_END: list_filter

// ANCHOR: list
pub async fn list(
    State(state): State<AppState>,
    Query(filter): Query<ListFilter>,
    pagination: Pagination,
) -> Json<Page<Bookmark>> {
    // BEGIN EXERCISE 1.6
    let store = state.store.read().await;
    let needle = filter.q.map(|q| q.to_lowercase());
    let mut matching: Vec<&Bookmark> = store
        .all()
        .filter(|b| filter.tag.as_ref().is_none_or(|tag| b.tags.contains(tag)))
        .filter(|b| {
            needle
                .as_ref()
                .is_none_or(|needle| b.title.to_lowercase().contains(needle))
        })
        .collect();
    match filter.sort {
        Sort::Newest => matching.sort_by_key(|b| std::cmp::Reverse(b.id)),
        Sort::Oldest => matching.sort_by_key(|b| b.id),
        Sort::Title => matching.sort_by_cached_key(|b| (b.title.to_lowercase(), b.id)),
    }
    let total = matching.len();
    let items = matching
        .into_iter()
        .skip(pagination.offset())
        .take(pagination.per_page as usize)
        .cloned()
        .collect();
    Json(Page {
        items,
        page: pagination.page,
        per_page: pagination.per_page,
        total,
    })
    // END EXERCISE 1.6
}
// ANCHOR_END: list

// ANCHOR: create
/// `201 Created`, a `Location` naming the new resource, and the resource itself.
///
/// `debug_handler` checks at compile time that this is a handler, and says in words what is
/// wrong when it is not (see the book's troubleshooting page).
#[axum::debug_handler]
pub async fn create(
    State(state): State<AppState>,
    ValidatedJson(new): ValidatedJson<NewBookmark>,
) -> Result<(StatusCode, [(HeaderName, String); 1], Json<Bookmark>), ApiError> {
    // BEGIN EXERCISE 1.8
    let mut store = state.store.write().await;
    if let Some(existing) = store.find_by_url(&new.url) {
        return Err(ApiError::Conflict(format!(
            "{} is already saved as bookmark {}",
            new.url, existing.id
        )));
    }
    let bookmark = store.insert(new);
    let location = format!("/api/v1/bookmarks/{}", bookmark.id);
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::LOCATION, location)],
        Json(bookmark),
    ))
    // END EXERCISE 1.8
}
// ANCHOR_END: create

// ANCHOR: show
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Bookmark>, ApiError> {
    // BEGIN EXERCISE 1.4
    let store = state.store.read().await;
    let bookmark = store
        .get(id)
        .ok_or_else(|| ApiError::NotFound(format!("bookmark {id} does not exist")))?;
    Ok(Json(bookmark.clone()))
    // END EXERCISE 1.4
}

pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    // BEGIN EXERCISE 1.4
    let mut store = state.store.write().await;
    store
        .remove(id)
        .ok_or_else(|| ApiError::NotFound(format!("bookmark {id} does not exist")))?;
    Ok(StatusCode::NO_CONTENT)
    // END EXERCISE 1.4
}
// ANCHOR_END: show
