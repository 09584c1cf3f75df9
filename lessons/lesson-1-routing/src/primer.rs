//! Small working examples of what the exercises use, on a job of their own (a tea shop), compiled
//! with the lesson so that the book shows code that builds: each comes before the exercise that
//! needs the same API. None of it is part of the bookmarks API.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::{Mutex, RwLock};

/// A tea on the menu.
#[derive(Debug, Serialize)]
pub struct Tea {
    pub id: u32,
    pub name: &'static str,
    /// How long it steeps, in minutes.
    pub minutes: u32,
}

/// The shop's teas, fixed when the program is built: a `static` needs no state to reach it.
pub static TEAS: [Tea; 3] = [
    Tea {
        id: 1,
        name: "sencha",
        minutes: 2,
    },
    Tea {
        id: 2,
        name: "assam",
        minutes: 4,
    },
    Tea {
        id: 3,
        name: "rooibos",
        minutes: 6,
    },
];

// ANCHOR: menu
/// What `GET /tea/menu` answers. Deriving `Serialize` is all `Json` needs to write it.
#[derive(Debug, Serialize)]
pub struct Menu {
    pub shop: &'static str,
    pub teas: &'static [Tea],
}

/// A handler that needs nothing from the request takes no arguments. Returning `Json` is the
/// whole of answering JSON: it serialises the value and sets `content-type: application/json`.
pub async fn menu() -> Json<Menu> {
    Json(Menu {
        shop: "The Leaky Teapot",
        teas: &TEAS,
    })
}
// ANCHOR_END: menu

// ANCHOR: method_routing
/// Today's special, if the shop has one.
#[derive(Clone, Default)]
pub struct Special(Arc<RwLock<Option<String>>>);

/// One path, one handler per method: `get(..).put(..).delete(..)` chains them into a single method
/// router. A request with any other method (`POST /special`) is answered `405 Method Not Allowed`
/// with an `Allow` header that axum writes from the chain; `GET` brings `HEAD` along.
pub fn special() -> Router {
    Router::new()
        .route(
            "/special",
            get(read_special).put(set_special).delete(clear_special),
        )
        .with_state(Special::default())
}
// ANCHOR_END: method_routing

/// The special, or `null` when there is none.
pub async fn read_special(State(special): State<Special>) -> Json<Option<String>> {
    Json(special.0.read().await.clone())
}

/// Makes the body's text the special; `Order` refuses an empty one. `204 No Content`: there is
/// nothing to answer but success.
pub async fn set_special(State(special): State<Special>, Order(tea): Order) -> StatusCode {
    *special.0.write().await = Some(tea);
    StatusCode::NO_CONTENT
}

/// Takes the special off the board; doing it twice is no error, the board is as asked.
pub async fn clear_special(State(special): State<Special>) -> StatusCode {
    *special.0.write().await = None;
    StatusCode::NO_CONTENT
}

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

// ANCHOR: menu_item
/// `GET /tea/menu/{id}`. `Path<u32>` parses the `{id}` segment before the handler runs (a segment
/// that is no number never reaches it), so the handler only decides whether the menu has that tea.
/// `Err` is a response as much as `Ok` is: here a `404` whose message names the id asked for.
pub async fn menu_item(Path(id): Path<u32>) -> Result<Json<&'static Tea>, (StatusCode, String)> {
    TEAS.iter()
        .find(|tea| tea.id == id)
        .map(Json)
        .ok_or_else(|| {
            (
                StatusCode::NOT_FOUND,
                format!("tea {id} is not on the menu"),
            )
        })
}
// ANCHOR_END: menu_item

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

// ANCHOR: extractor_on_extractor
/// How strong to brew, from `?strength=` (1 to 5, 3 when it is not given). It runs another
/// extractor first, axum's `Query`, whose refusal (`?strength=lots`) goes back as it was, then
/// adds a rule of its own: a number out of range is a `400` that says what would do.
pub struct Strength(pub u8);

#[derive(Deserialize)]
pub struct StrengthParam {
    pub strength: Option<u8>,
}

impl<S: Send + Sync> FromRequestParts<S> for Strength {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Query(param) = Query::<StrengthParam>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match param.strength.unwrap_or(3) {
            strength @ 1..=5 => Ok(Self(strength)),
            other => Err((
                StatusCode::BAD_REQUEST,
                format!("strength must be 1 to 5, not {other}"),
            )
                .into_response()),
        }
    }
}
// ANCHOR_END: extractor_on_extractor

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

// ANCHOR: open_ticket
/// The orders taken at the counter, in the order they came: ticket `n` is the `n`th, from 1.
#[derive(Clone, Default)]
pub struct Tickets(Arc<Mutex<Vec<String>>>);

#[derive(Debug, Serialize)]
pub struct Ticket {
    pub number: usize,
    pub order: String,
}

/// `POST /tea/tickets`: `201 Created`, a `Location` where the new ticket can be read, and the
/// ticket. A tuple is a response when each part is one: the status first, then headers (an array of
/// name and value pairs), then the body. The `Location` is the path a client sends, `/tea`
/// included: the handler's router is nested under that prefix, but the header leaves the shop whole.
pub async fn open_ticket(
    State(tickets): State<Tickets>,
    Order(order): Order,
) -> (StatusCode, [(HeaderName, String); 1], Json<Ticket>) {
    let number = {
        let mut orders = tickets.0.lock().await;
        orders.push(order.clone());
        orders.len()
    };
    (
        StatusCode::CREATED,
        [(header::LOCATION, format!("/tea/tickets/{number}"))],
        Json(Ticket { number, order }),
    )
}
// ANCHOR_END: open_ticket

/// `GET /tea/tickets/{number}`, where [`open_ticket`]'s `Location` points.
pub async fn ticket(
    State(tickets): State<Tickets>,
    Path(number): Path<usize>,
) -> Result<Json<Ticket>, (StatusCode, String)> {
    let orders = tickets.0.lock().await;
    number
        .checked_sub(1)
        .and_then(|index| orders.get(index))
        .map(|order| {
            Json(Ticket {
                number,
                order: order.clone(),
            })
        })
        .ok_or_else(|| (StatusCode::NOT_FOUND, format!("no ticket {number}")))
}

// ANCHOR: rejection
/// A cup as a client orders it, in JSON: `{"tea": "assam", "milk": true}`.
#[derive(Debug, Deserialize)]
pub struct Cup {
    pub tea: String,
    #[serde(default)]
    pub milk: bool,
}

/// `POST /tea/cups`. Taking `Result<Json<Cup>, JsonRejection>` rather than `Json<Cup>` hands the
/// rejection to the handler instead of letting axum answer it in plain text. A rejection knows its
/// status (`400` for malformed JSON, `415` for a wrong content type, `422` for JSON of the wrong
/// shape) and explains itself in `body_text()`, so the shop can answer it in a shape of its own.
pub async fn pour(cup: Result<Json<Cup>, JsonRejection>) -> Response {
    match cup {
        Ok(Json(Cup { tea, milk: true })) => {
            Brew::Ready(format!("{tea} with milk")).into_response()
        }
        Ok(Json(Cup { tea, milk: false })) => Brew::Ready(tea).into_response(),
        Err(rejection) => (
            rejection.status(),
            Json(json!({ "complaint": rejection.body_text() })),
        )
            .into_response(),
    }
}
// ANCHOR_END: rejection

// ANCHOR: routes
/// The shop: handlers that use the pieces above, nested under `/tea`, the special's own router
/// merged beside them, and a fallback for every other path.
pub fn tea_shop() -> Router {
    let tea =
        Router::new()
            .route("/", get(|| async { Brew::Teapot }))
            .route("/menu", get(menu))
            .route("/menu/{id}", get(menu_item))
            .route(
                "/order",
                post(
                    |UserAgent(agent): UserAgent, Order(order): Order| async move {
                        Brew::Ready(format!("{order}, for {agent}"))
                    },
                ),
            )
            .route("/cups", post(pour))
            .route(
                "/pot",
                get(|Strength(strength): Strength| async move {
                    format!("a pot at strength {strength}")
                }),
            )
            .route("/tickets", post(open_ticket))
            .route("/tickets/{number}", get(ticket))
            .with_state(Tickets::default());
    Router::new()
        .nest("/tea", tea)
        .merge(special())
        .fallback(|| async { (StatusCode::NOT_FOUND, "no such page in the tea shop") })
}
// ANCHOR_END: routes
