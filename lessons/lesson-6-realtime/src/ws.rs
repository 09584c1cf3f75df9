//! `GET /api/live?token=…`: a WebSocket for signed-in readers. A client subscribes to the
//! articles it shows (`{"subscribe": "slug"}`, `{"unsubscribe": "slug"}`, each answered) and is
//! sent each new comment on them as `{"article": "slug", "comment": {…}}`. One connection carries
//! any number of articles, both ways; an event stream carries one, one way.

use std::collections::HashSet;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use capstone::AppError;
use serde::Deserialize;
use tokio::time::Instant;

use crate::{Live, Settings};

/// A client may follow this many articles on one connection: each costs a little memory and a
/// lookup per announcement, and a client that asks for more is not showing them all.
pub const MAX_SUBSCRIPTIONS: usize = 100;

/// The query string of the upgrade request. A browser's `WebSocket` cannot set an
/// `Authorization` header, so the access token comes in the URL (the request log records the
/// path only, never the query).
#[derive(Debug, Deserialize)]
pub struct Credentials {
    pub token: Option<String>,
}

/// `GET /api/live?token=…`: 401 without a valid access token, and a refusal for a user who holds
/// `Settings::connections_per_user` open already, before anything is upgraded; otherwise the
/// switch to the WebSocket protocol, within the [`limits`] of what a client may send, and a
/// [`session`], which keeps the user's place ([`crate::connections`]) for as long as it lasts.
pub async fn connect(
    State(live): State<Live>,
    Query(credentials): Query<Credentials>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, AppError> {
    // BEGIN EXERCISE 6.4
    let _ = (live, credentials, upgrade);
    todo!(
        "exercise 6.4: 401 without a valid access token; a refusal past the user's limit; else upgrade to a session that keeps its place"
    )
    // END EXERCISE 6.4
}

/// One client's connection, until it closes it, breaks, falls behind, goes silent, or the server
/// stops. The socket is split: the stream half reads the client's requests, the sink half writes
/// answers and announcements, and one loop waits on whichever comes first. A write waits for the
/// client to take it (back-pressure): a client that reads slowly holds up only its own loop; if it
/// falls behind by more than the announcements' buffer, [`lagged`] says so, and one that takes
/// nothing at all is let go ([`written`]).
pub async fn session(socket: WebSocket, live: Live, user: i64) {
    // BEGIN EXERCISE 6.5
    let _ = (socket, live, user);
    todo!(
        "exercise 6.5: split the socket; answer requests and send announcements until the client leaves"
    )
    // END EXERCISE 6.5
}

/// The answer to a client's request (a text message).
pub async fn answer(live: &Live, subscribed: &mut HashSet<String>, text: &str) -> Message {
    // BEGIN EXERCISE 6.5
    let _ = (live, subscribed, text);
    todo!("exercise 6.5: subscribe or unsubscribe, and say so; an error message for anything else")
    // END EXERCISE 6.5
}

/// The upgrade, with the limits of what a client may send. axum's defaults (64 MiB a message,
/// 16 MiB a frame) suit no protocol in particular.
pub fn limits(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    // BEGIN EXERCISE 6.6
    // Exercise 6.6: how large a message a client may send. Until then, the library's defaults.
    upgrade
    // END EXERCISE 6.6
}

/// The last message to a client that fell `missed` announcements behind.
pub fn lagged(missed: u64) -> Message {
    // BEGIN EXERCISE 6.6
    let _ = missed;
    todo!("exercise 6.6: a close frame that tells a lagging client to come back later")
    // END EXERCISE 6.6
}

/// The last message to every client when the server stops.
pub fn going_away() -> Message {
    // BEGIN EXERCISE 6.6
    todo!("exercise 6.6: a close frame that tells every client the server is going away")
    // END EXERCISE 6.6
}

/// A write to the client (`sink.send(..)`, `sink.close()`): `false` once it failed, or the client
/// has not taken it in time, and the session should end. A write waits for the client to take it,
/// and a client that stops reading (a frozen tab, a phone asleep, or one that means harm) would
/// hold its session in the write for as long as the server runs, and with it the heartbeat that
/// would find the client out and the server's call to stop.
pub async fn written<F>(settings: &Settings, write: F) -> bool
where
    F: Future<Output = Result<(), axum::Error>>,
{
    // BEGIN EXERCISE 6.6
    // Exercise 6.6: how long a client may take to take what it is sent. Until then, for ever.
    let _ = settings;
    write.await.is_ok()
    // END EXERCISE 6.6
}

/// At each tick: a ping for a client heard from within the last two periods (its pong will count
/// as heard), nothing for one that has been silent longer: it is gone, or its network is, and
/// without this its connection would stay open for as long as the server runs.
pub fn heartbeat(heard: Instant, period: Duration) -> Option<Message> {
    // BEGIN EXERCISE 6.5
    let _ = (heard, period);
    todo!(
        "exercise 6.5: a ping while the client has been heard from lately; nothing once it has gone silent"
    )
    // END EXERCISE 6.5
}
