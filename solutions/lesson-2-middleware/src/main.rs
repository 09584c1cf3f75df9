//! Serves the lesson's API on http://127.0.0.1:3000, logging a line per request: tower-http's
//! `TraceLayer` logs each response at `DEBUG`, so the default filter lets `tower_http`'s debug
//! lines through (`RUST_LOG` replaces it).

use middleware::{AppState, Config, app};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=debug")),
        )
        .init();
    let config = Config::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(AppState::default(), &config)).await
}
