//! Conditional GET: an answer's entity tag, and `304 Not Modified` for a client that already
//! holds that answer.
//!
//! A client that has read an article keeps it with its `ETag`, and next time asks
//! `If-None-Match: <that tag>`. When the article would read the same, the server says so in a
//! 304 without a body: the client reuses its copy, and the bytes of the body are not sent again.
//! The tag has to change whenever the answer would, and the answer depends on who asks (`favorited`
//! and `following` are the viewer's), so the tag is a digest of the bytes this viewer would get,
//! and `Vary: Authorization` tells caches that another token may get another answer.

use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use crate::error::AppError;

// ANCHOR: json_or_not_modified
/// `value` as JSON, with its entity tag; or, when the request's `If-None-Match` already names that
/// tag, a 304 with the tag and no body.
pub fn json_or_not_modified<T: Serialize>(
    request: &HeaderMap,
    value: &T,
) -> Result<Response, AppError> {
    // BEGIN EXERCISE 5.6
    let _ = (request, value);
    todo!(
        "exercise 5.6: the value as JSON with its ETag, or a 304 when If-None-Match names that tag"
    )
    // END EXERCISE 5.6
}
// ANCHOR_END: json_or_not_modified
