//! `GET /api/articles/{slug}/comments/live`: an article's new comments as server-sent events, the
//! stream a browser's `EventSource` reads. One HTTP response that never ends: each comment is an
//! event with an `id`, and a browser that loses the connection reconnects by itself, sending the
//! last id it saw as `Last-Event-ID`, so that nothing written in between is lost.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::response::sse::Event;
use capstone::AppError;
use capstone::routes::comments::Comment;
use futures_util::Stream;
use tokio::sync::broadcast;

use crate::Live;
use crate::events::CommentEvent;

/// The events of one response, boxed: its type names no closure, and a response has one box.
pub type EventStream = Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>>;

/// `GET /api/articles/{slug}/comments/live`: 404 for an unknown article, else the comments written
/// from now on (after those the client missed, when it says what it saw last), with a keep-alive
/// comment whenever the stream has been idle for `settings.keep_alive`.
pub async fn comments(
    State(live): State<Live>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    // BEGIN EXERCISE 6.2
    let _ = (live, slug, headers);
    todo!(
        "exercise 6.2: 404 for an unknown article; else subscribe, then stream the missed comments and the announced ones, with keep-alive"
    )
    // END EXERCISE 6.2
}

/// A comment as an event: `event: comment`, its id as the event's id (what the browser sends back
/// as `Last-Event-ID`), the comment as JSON data.
pub fn event(comment: &Comment) -> Event {
    // BEGIN EXERCISE 6.2
    let _ = comment;
    todo!(
        "exercise 6.2: a comment as an event named `comment`, with its id and the comment as JSON data"
    )
    // END EXERCISE 6.2
}

/// The announcements of comments on `slug` with an id above `seen`, as events. It ends when the
/// client falls so far behind that announcements were dropped for it: its browser reconnects
/// with `Last-Event-ID` and gets what it missed from the table, where keeping the stream going
/// would skip them silently.
pub fn announced(
    receiver: broadcast::Receiver<Arc<CommentEvent>>,
    slug: String,
    seen: i64,
) -> EventStream {
    // BEGIN EXERCISE 6.2
    let _ = (receiver, slug, seen);
    todo!(
        "exercise 6.2: the announcements of comments on `slug` above `seen`, as events, ending when the client lags"
    )
    // END EXERCISE 6.2
}

/// What a reconnecting client missed: with `Last-Event-ID: N`, the article's comments with an id
/// above N, and the highest id it will then have seen; without the header, nothing and 0.
pub async fn missed(
    live: &Live,
    slug: &str,
    headers: &HeaderMap,
) -> Result<(Vec<Comment>, i64), AppError> {
    let Some(last) = headers.get("last-event-id") else {
        return Ok((Vec::new(), 0));
    };
    // BEGIN EXERCISE 6.3
    let _ = (live, slug, last);
    todo!(
        "exercise 6.3: the article's comments after `Last-Event-ID`, and the highest id the client will have seen"
    )
    // END EXERCISE 6.3
}
