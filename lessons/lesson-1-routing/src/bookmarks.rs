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
    todo!("exercise 1.2: route /bookmarks to list and create, /bookmarks/{{id}} to show and remove")
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
    let _ = (state, filter, pagination);
    todo!("exercise 1.6: filter, sort and paginate the stored bookmarks")
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
    let _ = (state, new);
    todo!("exercise 1.8: store the new bookmark and answer 201 Created with a Location")
    // END EXERCISE 1.8
}
// ANCHOR_END: create

// ANCHOR: show
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Bookmark>, ApiError> {
    // BEGIN EXERCISE 1.4
    let _ = (state, id);
    todo!("exercise 1.4: answer the bookmark with this id, or a 404")
    // END EXERCISE 1.4
}

pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    // BEGIN EXERCISE 1.4
    let _ = (state, id);
    todo!("exercise 1.4: remove the bookmark with this id and answer 204, or a 404")
    // END EXERCISE 1.4
}
// ANCHOR_END: show
