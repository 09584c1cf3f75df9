//! `GET /watch`: a page to watch the live routes at work in a browser, with nothing to install or
//! build. It follows one article's comments over an `EventSource` and a WebSocket side by side, and
//! posts comments through the API; open it on two instances of one database and a comment posted
//! on one appears on both. Everything it loads comes from this server, no CDN: its
//! `Content-Security-Policy` allows nothing else.

use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::IntoResponse;

/// Only this server's own script, and connections back to it (`'self'` covers its WebSocket).
const POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
                      style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'";

/// The page.
pub async fn page() -> impl IntoResponse {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY)),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        include_str!("watch.html"),
    )
}

/// Its script.
pub async fn script() -> impl IntoResponse {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        include_str!("watch.js"),
    )
}
