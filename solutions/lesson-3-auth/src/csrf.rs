//! Cross-site request forgery, refused. A browser sends a site's cookies with every request to it,
//! whichever page made the request: a page on another site can submit a form, or `fetch` with
//! credentials, to `/session/logout` or any other write, and the session cookie goes along.
//! `SameSite=Lax` on the cookie (see `session`) stops cross-site form POSTs in current browsers;
//! this layer is the second line, for older browsers and for sibling subdomains that count as the
//! same site: a write that carries the session cookie must come from the API's own origin.
//!
//! Browsers say where a request comes from, in headers a page cannot set: `Sec-Fetch-Site`
//! (`same-origin`, `same-site`, `cross-site`, or `none` for one the user typed), and `Origin` on
//! every POST. Bearer-token requests need none of this: a page cannot make another site's browser
//! send a token it does not have.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;

use crate::error::AuthError;
use crate::session::COOKIE;

// ANCHOR: same_origin
/// For `route_layer(from_fn(same_origin))` on the cookie-session routes: reads pass, a write with
/// no session cookie passes (it cannot act as anyone), and a write with one must come from this
/// origin, or it is a 403.
pub async fn same_origin(request: Request, next: Next) -> Result<Response, AuthError> {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let has_session = CookieJar::from_headers(request.headers())
        .get(COOKIE)
        .is_some();
    if safe || !has_session || from_this_origin(request.headers()) {
        Ok(next.run(request).await)
    } else {
        Err(AuthError::CrossSite)
    }
}

/// `Sec-Fetch-Site` when the browser sends it; else `Origin` against `Host`; a request with
/// neither did not come from a browser page (every browser that lacks the first sends the second
/// on a POST), so no page forged it.
fn from_this_origin(headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match (header(ORIGIN.as_str()), header(HOST.as_str())) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority == host),
        (Some(_), None) => false,
    }
}
// ANCHOR_END: same_origin
