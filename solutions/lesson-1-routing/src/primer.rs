//! Small working examples of what the exercises use, on a job of their own (a tea shop), compiled
//! with the lesson so that the book shows code that builds: each comes before the exercise that
//! needs the same API. None of it is part of the bookmarks API.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

// ANCHOR: into_response
/// What the teapot answers. Each variant becomes a whole response: a status, headers, a body.
pub enum Brew {
    Ready(String),
    Teapot,
}

impl IntoResponse for Brew {
    fn into_response(self) -> Response {
        match self {
            Self::Ready(tea) => (
                StatusCode::OK,
                [(header::CACHE_CONTROL, "no-store")],
                Json(json!({ "tea": tea })),
            )
                .into_response(),
            Self::Teapot => (
                StatusCode::IM_A_TEAPOT,
                Json(json!({ "error": "I am a teapot" })),
            )
                .into_response(),
        }
    }
}
// ANCHOR_END: into_response

// ANCHOR: from_request_parts
/// The client's `User-Agent`, or a 400 when it sent none. It reads only the request's parts, so a
/// handler may take it in any position, beside any number of others of its kind.
pub struct UserAgent(pub String);

impl<S: Send + Sync> FromRequestParts<S> for UserAgent {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(|agent| Self(agent.to_owned()))
            .ok_or((
                StatusCode::BAD_REQUEST,
                "say who you are: a User-Agent header",
            ))
    }
}
// ANCHOR_END: from_request_parts

// ANCHOR: from_request
/// The body as text, trimmed, refused when empty. It consumes the body, so it is `FromRequest` and
/// comes last in a handler's arguments. It runs another extractor (`String`) and adds its rule.
pub struct Order(pub String);

impl<S: Send + Sync> FromRequest<S> for Order {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let text = String::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let order = text.trim();
        if order.is_empty() {
            return Err((StatusCode::UNPROCESSABLE_ENTITY, "order something").into_response());
        }
        Ok(Self(order.to_owned()))
    }
}
// ANCHOR_END: from_request

// ANCHOR: routes
/// The shop: handlers that use the pieces above, nested under `/tea`, and a fallback for every
/// other path.
pub fn tea_shop() -> Router {
    let tea = Router::new()
        .route("/", get(|| async { Brew::Teapot }))
        .route(
            "/order",
            post(
                |UserAgent(agent): UserAgent, Order(order): Order| async move {
                    Brew::Ready(format!("{order}, for {agent}"))
                },
            ),
        );
    Router::new()
        .nest("/tea", tea)
        .fallback(|| async { (StatusCode::NOT_FOUND, "no such page in the tea shop") })
}
// ANCHOR_END: routes
