//! Where live clients' comments come from. PostgreSQL announces each new comment on the channel
//! `comments` (migration `0005_comment_events`), whichever instance wrote it; each instance
//! LISTENs on one connection of its own, reads the comment, and hands it to its own live clients
//! through a broadcast channel. So a reader connected to one instance sees a comment written
//! through another: nothing is shared between instances but the database, as in Lesson 5.

use std::sync::Arc;

use capstone::AppState;
use capstone::routes::comments::Comment;
use serde::Serialize;
use tokio::sync::{broadcast, watch};

/// The channel PostgreSQL announces new comments on.
pub const CHANNEL: &str = "comments";

/// A new comment on the article at `article`, as a signed-out reader sees it: one announcement
/// goes to every reader, so it cannot say whether each of them follows the author.
#[derive(Debug, Serialize)]
pub struct CommentEvent {
    pub article: String,
    pub comment: Comment,
}

/// The announcements, for every live client of this instance.
#[derive(Clone)]
pub struct Events {
    sender: broadcast::Sender<Arc<CommentEvent>>,
    closing: Arc<watch::Sender<bool>>,
}

impl Events {
    /// `capacity` is how far a client may fall behind: every client reads the one buffer of the
    /// last `capacity` announcements at its own pace, so a slow client costs no memory of its
    /// own; one that falls further behind is told it lagged (and is let go, see [`crate::sse`]
    /// and [`crate::ws`]).
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        Self {
            sender,
            closing: Arc::new(watch::Sender::new(false)),
        }
    }

    /// Every announcement from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<CommentEvent>> {
        self.sender.subscribe()
    }

    /// Hands `event` to every live client (none listening is not an error).
    pub fn publish(&self, event: CommentEvent) {
        let _ = self.sender.send(Arc::new(event));
    }

    /// The server is stopping: event streams end and WebSockets are closed. A graceful shutdown
    /// waits for every connection to finish, and a live connection never finishes by itself;
    /// closed, its client reconnects, to an instance that is not stopping.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`Events::close`] has been called (at once if it already was). The future
    /// owns what it waits on (it borrows nothing from `self`), so it can end a stream that a
    /// response carries away, or a session's loop.
    pub fn closed(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closed| *closed).await;
        }
    }

    // ANCHOR: listen
    /// LISTENs for new comments on a connection of its own, then returns: from then on a task
    /// publishes each one, until [`Events::close`]. A notification is delivered only when the
    /// transaction that wrote the comment commits, so no client hears of a comment that does not
    /// exist. If the connection breaks, the task reconnects; what was announced in between is
    /// lost here, and a client that reconnects with `Last-Event-ID` gets it from the table.
    pub async fn listen(&self, state: AppState) -> anyhow::Result<()> {
        // BEGIN EXERCISE 6.1
        use sqlx::postgres::PgListener;
        use std::time::Duration;

        let mut listener = PgListener::connect_with(&state.pool).await?;
        listener.listen(CHANNEL).await?;
        let events = self.clone();
        tokio::spawn(async move {
            let closed = events.closed();
            tokio::pin!(closed);
            loop {
                let received = tokio::select! {
                    received = listener.recv() => received,
                    () = &mut closed => return,
                };
                match received {
                    Ok(notification) => events.announce(&state, notification.payload()).await,
                    Err(error) => {
                        tracing::warn!(%error, "lost the comment announcements; reconnecting");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(())
        // END EXERCISE 6.1
    }
    // ANCHOR_END: listen

    /// Reads the comment a notification names and publishes it. The payload carries only ids
    /// (a notification holds at most 8,000 bytes; a comment's body may not fit).
    pub async fn announce(&self, state: &AppState, payload: &str) {
        // BEGIN EXERCISE 6.1
        use capstone::routes::comments::fetch;
        use serde::Deserialize;

        #[derive(Deserialize)]
        struct Announcement {
            id: i64,
            slug: String,
        }
        let Ok(Announcement { id, slug }) = serde_json::from_str(payload) else {
            tracing::warn!(payload, "an announcement that is not a comment's");
            return;
        };
        match fetch(state, None, &slug, Some(id)).await {
            Ok(mut found) => {
                // Deleted since it was written: nothing to announce.
                if let Some(comment) = found.pop() {
                    self.publish(CommentEvent {
                        article: slug,
                        comment,
                    });
                }
            }
            Err(error) => tracing::warn!(?error, id, "cannot read an announced comment"),
        }
        // END EXERCISE 6.1
    }
}
