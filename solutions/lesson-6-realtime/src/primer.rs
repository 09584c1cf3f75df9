//! The smallest working forms of the two APIs this lesson uses, compiled with it so that the book
//! shows code that builds. They are not among Conduit's routes; serve them in a router of your own
//! to try them (`curl -N` reads an event stream).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, StreamExt};
use futures_util::{SinkExt, Stream};
use sqlx::PgPool;
use sqlx::postgres::PgListener;

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

// ANCHOR: optional_header
/// The API version a client asks for in an `Api-Version` header: 1 when it sends none, a `400`
/// when it sends something that is not a version. An absent header and a garbled one are
/// different things: reading garbage as "absent" would answer a question the client did not ask.
pub fn api_version(headers: &HeaderMap) -> Result<u16, (StatusCode, String)> {
    let Some(value) = headers.get("api-version") else {
        return Ok(1);
    };
    value
        .to_str()
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| {
            let problem = "Api-Version must be a whole number, such as 2";
            (StatusCode::BAD_REQUEST, problem.to_owned())
        })
}
// ANCHOR_END: optional_header

// ANCHOR: ticker
/// For `upgrade.on_upgrade(ticker)`: a count, one a second, while the client's text messages are
/// answered with their length, until the client closes. Split, the socket is two values, so one
/// loop can wait on both at once: `select!` runs the branch whose future is ready first and drops
/// the other, to be made again on the next turn (`next()` and `tick()` lose nothing by that).
pub async fn ticker(socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let mut every_second = tokio::time::interval(Duration::from_secs(1));
    let mut count = 0_u64;
    loop {
        let reply = tokio::select! {
            message = stream.next() => match message {
                Some(Ok(Message::Text(text))) => format!("{} characters", text.chars().count()),
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => continue,
            },
            _ = every_second.tick() => {
                count += 1;
                count.to_string()
            }
        };
        if sink.send(Message::text(reply)).await.is_err() {
            return;
        }
    }
    let _ = sink.close().await;
}
// ANCHOR_END: ticker

// ANCHOR: close_frame
/// The last message to a client that sent more than `limit` bytes in one message: a close frame
/// with code 1009 (*message too big*), which a client library reports to its code, and a reason
/// for the human reading its logs (at most 123 bytes, the protocol's limit).
pub fn too_big(limit: usize) -> Message {
    Message::Close(Some(CloseFrame {
        code: close_code::SIZE,
        reason: format!("messages are limited to {limit} bytes").into(),
    }))
}
// ANCHOR_END: close_frame

// ANCHOR: first_notice
/// Waits (at most `patience`) for the next notification on `channel`, say a job queue's `jobs`,
/// and returns its payload. The `LISTEN` belongs to the listener's own connection, outside the
/// pool: a pooled connection goes back to the pool after each query and would stop hearing.
/// Another session's `SELECT pg_notify('jobs', 'job 7')` (or `NOTIFY jobs, 'job 7'`) is heard once
/// its transaction commits.
pub async fn first_notice(
    pool: &PgPool,
    channel: &str,
    patience: Duration,
) -> anyhow::Result<Option<String>> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(channel).await?;
    match tokio::time::timeout(patience, listener.recv()).await {
        Ok(notification) => Ok(Some(notification?.payload().to_owned())),
        Err(_) => Ok(None),
    }
}
// ANCHOR_END: first_notice
