//! Fixtures shared by the lesson's tests.

use axum::Router;
use routing::AppState;
use routing::model::NewBookmark;

/// A state holding three bookmarks, ids 1 to 3 in this order.
pub async fn seeded_state() -> AppState {
    let state = AppState::default();
    {
        let mut store = state.store.write().await;
        for (url, title, tags) in [
            (
                "https://docs.rs/axum",
                "axum documentation",
                vec!["rust", "web"],
            ),
            (
                "https://tokio.rs",
                "Tokio: an async runtime",
                vec!["rust", "async"],
            ),
            ("https://www.postgresql.org", "PostgreSQL", vec!["database"]),
        ] {
            store.insert(NewBookmark {
                url: url.to_owned(),
                title: title.to_owned(),
                tags: tags.into_iter().map(str::to_owned).collect(),
            });
        }
    }
    state
}

/// The bookmarks router on its own, without the `/api/v1` prefix `app` adds.
pub fn bookmarks(state: AppState) -> impl FnOnce() -> Router + Send + 'static {
    move || routing::bookmarks::router().with_state(state)
}

/// The whole application.
pub fn app(state: AppState) -> impl FnOnce() -> Router + Send + 'static {
    move || routing::app(state)
}
