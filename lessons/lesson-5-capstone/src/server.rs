//! Starting and stopping: [`Application`] is the one way Conduit starts, in `main` and in every
//! test, so a test runs what production runs. On SIGTERM or Ctrl-C the server stops accepting
//! connections, finishes the requests in flight (until a deadline), then closes the pool.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::serve::{Limits, serve};
use crate::state::AppState;

// ANCHOR: run
/// Conduit, ready to serve: connected and migrated, its routes built, its port bound. Binding
/// before serving is what lets a test ask for port 0 and learn the port the system chose.
pub struct Application {
    listener: TcpListener,
    address: SocketAddr,
    router: Router,
    /// The metrics' own listener, unless they are off.
    metrics: Option<(TcpListener, SocketAddr)>,
    pool: PgPool,
    /// Shared with readiness: set when the server is asked to stop.
    draining: Arc<AtomicBool>,
    drain: Duration,
    limits: Limits,
}

impl Application {
    /// Connects to the configured database (migrating it), then [`Application::with_pool`].
    pub async fn build(config: &Config) -> anyhow::Result<Self> {
        let pool = crate::db::connect(config).await?;
        Self::with_pool(config, pool).await
    }

    /// The application over a pool the caller made: how a test puts a database that is down, or
    /// that never answers, behind the real application.
    pub async fn with_pool(config: &Config, pool: PgPool) -> anyhow::Result<Self> {
        Self::with_routes(config, pool, |_| Router::new()).await
    }

    /// [`Application::with_pool`], with the routes `extra` makes from the state served beside
    /// Conduit's (see [`crate::app_with`]): how Lesson 6 serves its live routes.
    pub async fn with_routes(
        config: &Config,
        pool: PgPool,
        extra: impl FnOnce(&AppState) -> Router,
    ) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let address = listener.local_addr()?;
        let metrics = match config.metrics_bind {
            Some(bind) => {
                let listener = TcpListener::bind(bind)
                    .await
                    .with_context(|| format!("cannot listen on {bind} for the metrics"))?;
                let address = listener.local_addr()?;
                Some((listener, address))
            }
            None => None,
        };
        let state = AppState::new(pool.clone(), config)?;
        let draining = state.draining.clone();
        let extra = extra(&state);
        let router = crate::app_with(state, config, extra);
        Ok(Self {
            listener,
            address,
            router,
            metrics,
            pool,
            draining,
            drain: config.drain,
            limits: Limits {
                header_read_timeout: config.header_read_timeout,
                max_header_bytes: config.max_header_bytes,
                max_connections: config.max_connections,
                shutdown_timeout: config.shutdown_timeout,
            },
        })
    }

    /// Where it listens (with the port the system chose, when the configuration asked for 0).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Where `/metrics` is served, unless the metrics are off.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(|(_, address)| *address)
    }

    /// Serves until SIGTERM or Ctrl-C.
    pub async fn run(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` resolves; then drains: readiness answers 503 at once, so the load
    /// balancer stops sending requests, while the server goes on serving for the drain period (the
    /// time the balancer takes to notice). Then it stops accepting connections, gives the requests
    /// in flight until the shutdown timeout to finish, closes what is left (see
    /// [`crate::serve::serve`]) and the pool. Stopping without the drain would close connections
    /// the balancer is still sending requests on; without the timeout, one client that never
    /// finishes its request would keep the process alive.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(address = %self.address, "listening");
        let (draining, drain) = (self.draining.clone(), self.drain);
        let shutdown = async move {
            shutdown.await;
            draining.store(true, Ordering::Relaxed);
            if !drain.is_zero() {
                tracing::info!(
                    seconds = drain.as_secs_f64(),
                    "draining: not ready, still serving"
                );
                tokio::time::sleep(drain).await;
            }
        };
        let public = serve(self.listener, self.router, self.limits, shutdown);
        match self.metrics {
            // The metrics are served as long as the API is, and stop with it.
            Some((listener, address)) => {
                tracing::info!(%address, "serving metrics");
                let metrics = axum::serve(listener, crate::metrics::router(self.pool.clone()));
                tokio::select! {
                    () = public => {}
                    served = metrics.into_future() => {
                        served?;
                        anyhow::bail!("the metrics listener stopped");
                    }
                }
            }
            None => public.await,
        }
        self.pool.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}
// ANCHOR_END: run

/// Resolves on Ctrl-C (a terminal) or SIGTERM (what Docker, Kubernetes and systemd send to stop
/// a process), whichever comes first.
pub async fn shutdown_signal() {
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
    tracing::info!("asked to stop");
}
