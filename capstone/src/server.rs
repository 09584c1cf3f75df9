//! Serving, and stopping well: on SIGTERM or Ctrl-C the server stops accepting connections,
//! finishes the requests in flight, then closes the pool.

use std::sync::Arc;

use tokio::net::TcpListener;

use crate::auth::Keys;
use crate::config::Config;
use crate::state::AppState;

/// Connects, migrates, and serves on `listener` until a shutdown signal.
pub async fn run(config: Config, listener: TcpListener) -> anyhow::Result<()> {
    let pool = crate::db::connect(&config).await?;
    let state = AppState {
        pool: pool.clone(),
        keys: Arc::new(Keys::new(&config.jwt_secret, config.token_ttl)),
    };
    tracing::info!(address = %listener.local_addr()?, "listening");
    axum::serve(listener, crate::app(state, &config))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
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
}
