//! Serving, and stopping well: on SIGTERM or Ctrl-C the server stops accepting connections,
//! finishes the requests in flight, then closes the pool.

use std::net::SocketAddr;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::AppState;

// ANCHOR: run
/// Connects, migrates, and serves on `listener` until a shutdown signal.
pub async fn run(config: Config, listener: TcpListener) -> anyhow::Result<()> {
    let pool = crate::db::connect(&config).await?;
    let state = AppState::new(pool.clone(), &config);
    tracing::info!(address = %listener.local_addr()?, "listening");
    // The client's address, for the per-client rate limit on the auth routes.
    let app = crate::app(state, &config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}
// ANCHOR_END: run

/// Resolves on Ctrl-C (a terminal) or SIGTERM (what Docker, Kubernetes and systemd send to stop
/// a process), whichever comes first.
async fn shutdown_signal() {
    // BEGIN EXERCISE 5.10
    todo!("exercise 5.10: wait for Ctrl-C or SIGTERM")
    // END EXERCISE 5.10
}
