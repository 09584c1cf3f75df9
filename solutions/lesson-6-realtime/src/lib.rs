//! Conduit, live: new comments reach readers as they are written, over server-sent events (one
//! article's comments, to a browser's `EventSource`) and over a WebSocket (any articles a client
//! subscribes to, on one connection).
//!
//! [`events`] hears of every new comment from PostgreSQL and hands it to this instance's live
//! clients; [`sse`] and [`ws`] are the two ways out. The routes are served by Conduit itself,
//! inside its middleware stack ([`capstone::app_with`]).

pub mod connections;
pub mod events;
pub mod primer;
pub mod sse;
pub mod watch;
pub mod ws;

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use capstone::AppState;

pub use connections::Connections;
pub use events::Events;

/// What the live routes share: Conduit's state (its pool and its token keys), the announcements,
/// their settings, and the WebSockets open on this instance.
#[derive(Clone)]
pub struct Live {
    pub state: AppState,
    pub events: Events,
    pub settings: Settings,
    pub connections: Connections,
}

/// How often the live routes speak when there is nothing to say, and how many WebSockets one user
/// may hold open. Tests shorten and lower them.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Between two keep-alive comments on an idle event stream: proxies close a connection that
    /// stays silent too long (often after 60 s).
    pub keep_alive: Duration,
    /// Between two pings on a WebSocket; a client that has sent nothing for two of them is gone.
    pub ping_interval: Duration,
    /// WebSockets one user may hold open at once on an instance: a tab each, on a few devices.
    pub connections_per_user: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            keep_alive: Duration::from_secs(15),
            ping_interval: Duration::from_secs(30),
            connections_per_user: 8,
        }
    }
}

// ANCHOR: routes
/// The live routes, for [`capstone::app_with`], and the page to watch them ([`watch`]).
pub fn routes(live: Live) -> Router {
    Router::new()
        .route("/api/articles/{slug}/comments/live", get(sse::comments))
        .route("/api/live", get(ws::connect))
        .route("/watch", get(watch::page))
        .route("/watch.js", get(watch::script))
        .with_state(live)
}
// ANCHOR_END: routes
