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
    use axum::response::IntoResponse;
    use axum::response::sse::{KeepAlive, Sse};
    use capstone::routes::comments::article_id;
    use futures_util::StreamExt;

    article_id(&live.state, &slug).await?;
    // Subscribed before the missed comments are read: a comment written in between is then in
    // both (and sent once), where the other way round it would be in neither.
    let receiver = live.events.subscribe();
    let (missed, seen) = missed(&live, &slug, &headers).await?;
    let replayed = futures_util::stream::iter(missed.iter().map(event).map(Ok).collect::<Vec<_>>());
    let announced = announced(receiver, slug, seen).take_until(live.events.closed());
    let stream: EventStream = Box::pin(replayed.chain(announced));
    let keep_alive = KeepAlive::new().interval(live.settings.keep_alive);
    Ok(Sse::new(stream).keep_alive(keep_alive).into_response())
    // END EXERCISE 6.2
}

/// A comment as an event: `event: comment`, its id as the event's id (what the browser sends back
/// as `Last-Event-ID`), the comment as JSON data.
pub fn event(comment: &Comment) -> Event {
    // BEGIN EXERCISE 6.2
    Event::default()
        .event("comment")
        .id(comment.id.to_string())
        .json_data(comment)
        .unwrap_or_else(|_| Event::default().comment("a comment that cannot be written as JSON"))
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
    use futures_util::StreamExt;
    use std::future::ready;
    use tokio_stream::wrappers::BroadcastStream;

    let events = BroadcastStream::new(receiver)
        .take_while(|received| ready(received.is_ok()))
        .filter_map(move |received| {
            ready(match received {
                Ok(announced) if announced.article == slug && announced.comment.id > seen => {
                    Some(Ok(event(&announced.comment)))
                }
                _ => None,
            })
        });
    Box::pin(events)
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
    use axum::http::StatusCode;
    use capstone::routes::comments::fetch;

    let last: i64 = last
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .filter(|id| *id >= 0)
        .ok_or_else(|| AppError::Rejected {
            status: StatusCode::BAD_REQUEST,
            message: "Last-Event-ID must be the id of an event this stream sent".to_owned(),
        })?;
    let mut comments = fetch(&live.state, None, slug, None).await?;
    comments.retain(|comment| comment.id > last);
    let seen = comments
        .iter()
        .map(|comment| comment.id)
        .fold(last, i64::max);
    Ok((comments, seen))
    // END EXERCISE 6.3
}
