//! Conduit with its live routes: `cargo run -p lesson-6` serves both on the configuration
//! Lesson 5's server reads (`DATABASE_URL`, `BIND_ADDR`, …); without `DATABASE_URL`, on the
//! course's PostgreSQL.

use std::process::ExitCode;

use capstone::config::Config;
use capstone::server::{Application, shutdown_signal};
use capstone::telemetry;
use realtime::{Connections, Events, Live, Settings};

/// Announcements a live client may fall behind by before it is let go.
const CAPACITY: usize = 256;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let mut config = Config::from_env()?;
    if config.database_url.is_none() {
        config.database_url = Some(
            tokio::task::spawn_blocking(local_postgres::server_url)
                .await??
                .into(),
        );
    }
    let logs = telemetry::subscriber(config.log_format, telemetry::filter(), std::io::stdout);
    tracing::subscriber::set_global_default(logs)?;
    let pool = capstone::db::connect(&config).await?;
    let events = Events::new(CAPACITY);
    let mut state = None;
    let application = Application::with_routes(&config, pool, |app_state| {
        state = Some(app_state.clone());
        let settings = Settings::default();
        realtime::routes(Live {
            state: app_state.clone(),
            events: events.clone(),
            settings,
            connections: Connections::new(settings.connections_per_user),
        })
    })
    .await?;
    if let Some(state) = state {
        events.listen(state).await?;
    }
    // Live connections never end by themselves: closed when the server is asked to stop, they
    // let the graceful shutdown finish.
    application
        .run_until(async move {
            shutdown_signal().await;
            events.close();
        })
        .await
}
