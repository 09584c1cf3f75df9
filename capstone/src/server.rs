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
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
    // END EXERCISE 5.10
}
