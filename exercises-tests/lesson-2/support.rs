//! Fixtures shared by the lesson's tests.

use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use middleware::api_key::ApiKey;
use middleware::load::LoadLimits;
use middleware::{AppState, Config};
use routing::model::NewBookmark;
use tokio::sync::Notify;

pub const API_KEY: &str = "test-key";
pub const ALLOWED_ORIGIN: &str = "https://app.example";

/// Small limits, so the tests can reach them quickly.
pub fn config() -> Config {
    Config {
        api_key: ApiKey::new(API_KEY),
        timeout: Duration::from_millis(200),
        body_limit: 1024,
        load: LoadLimits::default(),
        cors_origins: vec![HeaderValue::from_static(ALLOWED_ORIGIN)],
    }
}

/// A state holding `count` bookmarks.
pub async fn state_with_bookmarks(count: u64) -> AppState {
    let state = AppState::default();
    {
        let mut store = state.store.write().await;
        for n in 1..=count {
            store.insert(NewBookmark {
                url: format!("https://example.com/articles/{n}"),
                title: format!("Article number {n}"),
                tags: vec!["reading".to_owned()],
            });
        }
    }
    state
}

/// Lets a test hold a handler in flight: the handler says it has `entered`, then waits (at most a
/// second) for the test to `release` it.
#[derive(Clone, Default)]
pub struct Gate {
    entered: Arc<Notify>,
    release: Arc<Notify>,
}

impl Gate {
    /// Called by the handler.
    pub async fn pass(&self) {
        self.entered.notify_one();
        let _ = tokio::time::timeout(Duration::from_secs(1), self.release.notified()).await;
    }

    /// Waits until a handler is inside; false if none came within a second.
    pub async fn wait_entered(&self) -> bool {
        tokio::time::timeout(Duration::from_secs(1), self.entered.notified())
            .await
            .is_ok()
    }

    pub fn release(&self) {
        self.release.notify_one();
    }
}
