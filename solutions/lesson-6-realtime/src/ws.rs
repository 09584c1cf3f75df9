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
    use axum::http::StatusCode;

    let token = credentials.token.ok_or(AppError::MissingToken)?;
    let user = capstone::auth::AuthUser::from_token(&live.state, &token)
        .await?
        .id;
    // No `Retry-After`: a place comes free when one of the user's own connections closes, a time
    // the server cannot know.
    let admission = live
        .connections
        .admit(user)
        .ok_or_else(|| AppError::Rejected {
            status: StatusCode::TOO_MANY_REQUESTS,
            message: format!(
                "at most {} live connections at once; close one first",
                live.settings.connections_per_user
            ),
        })?;
    // The admission moves into the callback: held while the session runs, and dropped with the
    // callback if the upgrade never completes.
    Ok(limits(upgrade).on_upgrade(move |socket| async move {
        session(socket, live, user).await;
        drop(admission);
    }))
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
    use futures_util::{SinkExt, StreamExt};
    use tokio::sync::broadcast::error::RecvError;

    tracing::info!(user, "live session opened");
    let (mut sink, mut stream) = socket.split();
    let mut announcements = live.events.subscribe();
    let mut subscribed = HashSet::new();
    let period = live.settings.ping_interval;
    let mut ticks = tokio::time::interval_at(Instant::now() + period, period);
    let mut heard = Instant::now();
    let closed = live.events.closed();
    tokio::pin!(closed);
    // Whether to end with the closing handshake: not with a client that took nothing in time.
    let mut handshake = true;
    loop {
        let outgoing = tokio::select! {
            incoming = stream.next() => {
                // The client is gone (no more messages, or a broken connection).
                let Some(Ok(message)) = incoming else { break };
                heard = Instant::now();
                match message {
                    Message::Text(text) => Some(answer(&live, &mut subscribed, &text).await),
                    // The library has already queued the closing handshake's reply; the sink
                    // sends it when it is closed below.
                    Message::Close(_) => break,
                    // Pings are answered by the library; any message counts as a sign of life.
                    _ => None,
                }
            }
            announced = announcements.recv() => match announced {
                Ok(event) if subscribed.contains(&event.article) => {
                    serde_json::to_string(&*event).ok().map(|text| Message::Text(text.into()))
                }
                Ok(_) => None,
                Err(RecvError::Lagged(missed)) => {
                    written(&live.settings, sink.send(lagged(missed))).await;
                    break;
                }
                Err(RecvError::Closed) => break,
            },
            _ = ticks.tick() => match heartbeat(heard, period) {
                Some(ping) => Some(ping),
                None => break,
            },
            () = &mut closed => {
                written(&live.settings, sink.send(going_away())).await;
                break;
            }
        };
        if let Some(message) = outgoing
            && !written(&live.settings, sink.send(message)).await
        {
            handshake = false;
            break;
        }
    }
    if handshake {
        written(&live.settings, sink.close()).await;
    }
    tracing::info!(user, "live session closed");
    // END EXERCISE 6.5
}

/// The answer to a client's request (a text message).
pub async fn answer(live: &Live, subscribed: &mut HashSet<String>, text: &str) -> Message {
    // BEGIN EXERCISE 6.5
    use capstone::routes::comments::article_id;
    use serde_json::json;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Request {
        Subscribe(String),
        Unsubscribe(String),
    }

    let answer = match serde_json::from_str(text) {
        Ok(Request::Subscribe(slug)) if subscribed.len() >= MAX_SUBSCRIPTIONS => {
            json!({ "error": format!("{slug}: at most {MAX_SUBSCRIPTIONS} articles at once") })
        }
        Ok(Request::Subscribe(slug)) => match article_id(&live.state, &slug).await {
            Ok(_) => {
                subscribed.insert(slug.clone());
                json!({ "subscribed": slug })
            }
            Err(AppError::NotFound(_)) => json!({ "error": format!("{slug}: no such article") }),
            Err(_) => json!({ "error": format!("{slug}: cannot subscribe now; try again") }),
        },
        Ok(Request::Unsubscribe(slug)) => {
            subscribed.remove(&slug);
            json!({ "unsubscribed": slug })
        }
        Err(error) => json!({ "error": format!("not a request: {error}") }),
    };
    Message::Text(answer.to_string().into())
    // END EXERCISE 6.5
}

/// The upgrade, with the limits of what a client may send. axum's defaults (64 MiB a message,
/// 16 MiB a frame) suit no protocol in particular.
pub fn limits(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    // BEGIN EXERCISE 6.6
    const MAX_REQUEST_BYTES: usize = 4 * 1024;

    // The largest request is `{"subscribe": "some-slug"}` with the slug of a 200-character title,
    // every character sent as a JSON escape (12 bytes for one outside the BMP): under 2.5 KB. A
    // message is read whole before it is parsed, so the limit is what one client can make the
    // server hold; past it the library refuses the message and the session ends.
    upgrade
        .max_message_size(MAX_REQUEST_BYTES)
        .max_frame_size(MAX_REQUEST_BYTES)
    // END EXERCISE 6.6
}

/// The last message to a client that fell `missed` announcements behind.
pub fn lagged(missed: u64) -> Message {
    // BEGIN EXERCISE 6.6
    use axum::extract::ws::{CloseFrame, close_code};

    Message::Close(Some(CloseFrame {
        code: close_code::AGAIN,
        reason: format!("too slow: {missed} comments missed; reconnect and reload").into(),
    }))
    // END EXERCISE 6.6
}

/// The last message to every client when the server stops.
pub fn going_away() -> Message {
    // BEGIN EXERCISE 6.6
    use axum::extract::ws::{CloseFrame, close_code};

    Message::Close(Some(CloseFrame {
        code: close_code::AWAY,
        reason: "the server is restarting; reconnect".into(),
    }))
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
    // As long as a silent client is given (`heartbeat`): one that has taken nothing for two ping
    // periods has not read the pings either. A reading client's backlog fits in the socket's
    // buffers, so its writes finish at once even on a slow network.
    let patience = settings.ping_interval * 2;
    match tokio::time::timeout(patience, write).await {
        Ok(result) => result.is_ok(),
        Err(_) => {
            tracing::info!(?patience, "a live client took nothing in time: let go");
            false
        }
    }
    // END EXERCISE 6.6
}

/// At each tick: a ping for a client heard from within the last two periods (its pong will count
/// as heard), nothing for one that has been silent longer: it is gone, or its network is, and
/// without this its connection would stay open for as long as the server runs.
pub fn heartbeat(heard: Instant, period: Duration) -> Option<Message> {
    // BEGIN EXERCISE 6.5
    (heard.elapsed() < period * 2).then(|| Message::Ping(Default::default()))
    // END EXERCISE 6.5
}
