//! Which layer sees a request first, and which sees its response first: the onion, recorded.

use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// A shared log of what each layer saw, in order.
#[derive(Debug, Clone, Default)]
pub struct Trail(Arc<Mutex<Vec<String>>>);

impl Trail {
    pub fn push(&self, entry: impl Into<String>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry.into());
    }

    pub fn entries(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

// ANCHOR: record
/// For `from_fn_with_state((trail, "name"), record)`: writes `"name >"` when the request passes
/// on its way in and `"name <"` when the response passes on its way out.
pub async fn record(
    State((trail, name)): State<(Trail, &'static str)>,
    request: Request,
    next: Next,
) -> Response {
    // BEGIN EXERCISE 2.4
    trail.push(format!("{name} >"));
    let response = next.run(request).await;
    trail.push(format!("{name} <"));
    response
    // END EXERCISE 2.4
}
// ANCHOR_END: record

// ANCHOR: predictions
/// Your prediction, made before the tests show it: the trail a `GET /` leaves when its route is
/// wrapped as `.layer(ServiceBuilder::new().layer(first).layer(second))`, `first` and `second`
/// being `record` layers named so, and the handler pushing `"handler"`. Five entries, like
/// `"first >"`.
pub fn service_builder_trail() -> [&'static str; 5] {
    // BEGIN EXERCISE 2.4
    ["first >", "second >", "handler", "second <", "first <"]
    // END EXERCISE 2.4
}

/// The same two layers added by two calls instead: `.layer(first).layer(second)` on the router.
pub fn router_layers_trail() -> [&'static str; 5] {
    // BEGIN EXERCISE 2.4
    ["second >", "first >", "handler", "first <", "second <"]
    // END EXERCISE 2.4
}
// ANCHOR_END: predictions
