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
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use sha2::{Digest, Sha256};

    let body = serde_json::to_vec(value).map_err(anyhow::Error::from)?;
    // Weak (`W/`): the tag stands for this JSON, which the compression layer may send gzipped, as
    // other bytes; a strong tag would promise the same bytes. 16 bytes of SHA-256 are plenty to
    // tell versions of one article apart.
    let opaque = format!(
        "\"{}\"",
        URL_SAFE_NO_PAD.encode(&Sha256::digest(&body)[..16])
    );
    // `*` (any version), or a list of tags of which one is ours, compared weakly (RFC 9110,
    // 13.1.2: `W/"x"` matches `"x"`). Splitting at commas may cut a foreign tag that holds one;
    // no piece of it can equal ours, which holds none.
    let held = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| {
            candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == opaque
        });
    let validators = [
        (
            header::ETAG,
            HeaderValue::try_from(format!("W/{opaque}")).map_err(anyhow::Error::from)?,
        ),
        (header::VARY, HeaderValue::from_static("authorization")),
    ];
    if held {
        return Ok((StatusCode::NOT_MODIFIED, validators).into_response());
    }
    let json = [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )];
    Ok((validators, json, body).into_response())
    // END EXERCISE 5.6
}
// ANCHOR_END: json_or_not_modified
