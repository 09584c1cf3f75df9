//! Request ids: one per request, set by tower-http's `SetRequestIdLayer` when the client sent none,
//! echoed back by `PropagateRequestIdLayer`, and carried by every log line of the request.

use axum::http::Request;
use tower_http::request_id::{MakeRequestId, RequestId};

// ANCHOR: make_request_id
/// UUIDv7 ids: unique without coordination between servers, and ordered by time, so sorting logs
/// by request id sorts them by arrival.
#[derive(Debug, Clone, Copy, Default)]
pub struct MakeRequestUuidV7;

impl MakeRequestId for MakeRequestUuidV7 {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        // BEGIN EXERCISE 2.5
        use axum::http::HeaderValue;
        use uuid::Uuid;

        let id = Uuid::now_v7().to_string();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
        // END EXERCISE 2.5
    }
}
// ANCHOR_END: make_request_id
