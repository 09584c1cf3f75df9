//! The smallest working forms of the two APIs this lesson uses, compiled with it so that the book
//! shows code that builds. They are not among Conduit's routes; serve them in a router of your own
//! to try them (`curl -N` reads an event stream).

use std::convert::Infallible;

use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use futures_util::stream::{self, StreamExt};

// ANCHOR: countdown
/// Three events, `tick` 3, 2 and 1, then the end of the response.
pub async fn countdown() -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let ticks =
        stream::iter([3, 2, 1]).map(|n| Ok(Event::default().event("tick").data(n.to_string())));
    Sse::new(ticks).keep_alive(KeepAlive::default())
}
// ANCHOR_END: countdown

// ANCHOR: echo
/// Every message the client sends, sent back, until it closes.
pub async fn echo(upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(|mut socket| async move {
        while let Some(Ok(message)) = socket.recv().await {
            if socket.send(message).await.is_err() {
                break;
            }
        }
    })
}
// ANCHOR_END: echo
