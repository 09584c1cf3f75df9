//! `?page=2&per_page=50`, checked once here instead of in every handler that lists things.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

// ANCHOR: pagination
/// Which slice of a list the client asked for. Pages start at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pagination {
    pub page: u32,
    pub per_page: u32,
}

impl Pagination {
    pub const DEFAULT_PER_PAGE: u32 = 20;
    pub const MAX_PER_PAGE: u32 = 100;

    /// How many items the pages before this one hold.
    pub fn offset(&self) -> usize {
        (self.page as usize - 1) * self.per_page as usize
    }
}

/// The query string as sent: either value may be missing.
#[derive(Debug, Deserialize)]
pub struct PageParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}
// ANCHOR_END: pagination

// ANCHOR: from_request_parts
/// `FromRequestParts` because it reads only the URI: it can sit anywhere in a handler's arguments,
/// before the body extractor.
impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // BEGIN EXERCISE 1.5
        let _ = (parts, state);
        todo!(
            "exercise 1.5: read page and per_page from the query string, with defaults and bounds"
        )
        // END EXERCISE 1.5
    }
}
// ANCHOR_END: from_request_parts
