//! `capstone`: reads its configuration, sets up logging, serves.

use std::process::ExitCode;

use capstone::config::Config;
use capstone::server::Application;
use capstone::telemetry;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env().and_then(|config| {
        config.database_url()?;
        Ok(config)
    }) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let logs = telemetry::subscriber(config.log_format, telemetry::filter(), std::io::stdout);
    if let Err(error) = tracing::subscriber::set_global_default(logs) {
        eprintln!("cannot set up logging: {error}");
        return ExitCode::FAILURE;
    }
    let served = match Application::build(&config).await {
        Ok(application) => application.run().await,
        Err(error) => Err(error),
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "the server failed");
            ExitCode::FAILURE
        }
    }
}
