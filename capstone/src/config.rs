//! Configuration from the environment (and a `.env` file), read once at start, typed and
//! validated: a bad value stops the server with a message naming the variable, instead of a
//! surprise at the first request that needs it.
//!
//! Two structs, as data: [`Settings`] is the environment as it is set, one optional field per
//! variable, read by `envy` (the field `db_max_connections` is `DB_MAX_CONNECTIONS`); [`Config`]
//! is what the server runs with, every default applied (some depend on `APP_ENV`) and every rule
//! checked that a type cannot state. Secrets are `SecretString`s, whose `Debug` shows nothing, so
//! a `Config` can be logged whole.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The environment as it is set: every variable the server reads, by the name of its field in
/// capitals, and nothing else. Unset is `None`; what that means is [`Config::from_settings`]'s
/// to say. The README's table of settings lists exactly these (a test compares them).
#[derive(Debug, Default, Deserialize)]
#[allow(missing_docs)] // Each is documented where it is used: on the `Config` field it becomes.
pub struct Settings {
    pub app_env: Option<String>,
    pub database_url: Option<SecretString>,
    pub bind_addr: Option<SocketAddr>,
    pub metrics_addr: Option<String>,
    pub jwt_secret: Option<SecretString>,
    pub token_ttl_secs: Option<u64>,
    pub refresh_ttl_secs: Option<u64>,
    pub auth_rate_limit_per_minute: Option<u32>,
    pub password_hashing_concurrency: Option<usize>,
    pub password_hashing_wait_ms: Option<u64>,
    pub db_max_connections: Option<u32>,
    pub db_acquire_timeout_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    pub body_limit_bytes: Option<usize>,
    pub shutdown_drain_secs: Option<u64>,
    pub shutdown_timeout_secs: Option<u64>,
    pub header_read_timeout_secs: Option<u64>,
    pub max_header_bytes: Option<usize>,
    pub max_connections: Option<usize>,
    pub cors_origins: Option<Vec<String>>,
    pub log_format: Option<LogFormat>,
}

/// What the server runs with. `Debug` is derived: the two secrets are `SecretString`s, shown as
/// `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database (`DATABASE_URL`), required to start (see [`Config::database_url`]). Optional
    /// here so that a test can build a configuration first and name its own database after.
    pub database_url: Option<SecretString>,
    /// Where the API listens (`BIND_ADDR`): only this machine by default; `0.0.0.0:8080` in a
    /// container, so that the world outside it can reach the port.
    pub bind: SocketAddr,
    /// Where `/metrics` is served (`METRICS_ADDR`, `127.0.0.1:9100` by default): a listener of its
    /// own, so the public port (the one the load balancer forwards) never shows the service's
    /// internals. `None` (`METRICS_ADDR=off`): no metrics endpoint.
    pub metrics_bind: Option<SocketAddr>,
    /// The key that signs and checks access tokens (`JWT_SECRET`, see `signing_key`): whoever
    /// holds it can sign in as anyone.
    pub jwt_secret: SecretString,
    /// How long an access token is accepted (`TOKEN_TTL_SECS`, a day by default); after it, the
    /// client trades its refresh token for a new one.
    pub token_ttl: Duration,
    /// How long a refresh token may be used (`REFRESH_TTL_SECS`, 30 days by default): how long a
    /// client stays signed in without sending the password again.
    pub refresh_ttl: Duration,
    /// Requests a minute from one client address to login, registration, refresh and logout
    /// (`AUTH_RATE_LIMIT_PER_MINUTE`). In production 20 by default, which slows password guessing
    /// to a crawl; in development 1,000, so that a RealWorld test suite or a front end's sign-up
    /// loop, all from one address, is not refused part-way.
    pub auth_rate_limit: u32,
    /// How many password hashes may be computed at once (`PASSWORD_HASHING_CONCURRENCY`). Half
    /// the cores by default (at least one), so that a flood of logins leaves the other half to
    /// every other request.
    pub password_hashing_concurrency: usize,
    /// How long a login or registration waits for its turn to hash (`PASSWORD_HASHING_WAIT_MS`,
    /// 2 s by default) before it is answered 503 with `Retry-After`.
    pub password_hashing_wait: Duration,
    /// The most connections this instance opens to PostgreSQL (`DB_MAX_CONNECTIONS`, 10 by
    /// default). Every instance takes its share of the server's `max_connections`, so the
    /// instances together must stay under it.
    pub db_max_connections: u32,
    /// How long a query waits for a free connection (`DB_ACQUIRE_TIMEOUT_SECS`, 3 s by default)
    /// before its request is answered 503: a busy pool fails fast instead of queueing without end.
    pub db_acquire_timeout: Duration,
    /// The most time a request may take (`REQUEST_TIMEOUT_SECS`, 10 s by default) before it is
    /// answered 503 (see [`crate::middleware`]).
    pub request_timeout: Duration,
    /// How long the server goes on serving, not ready, after it is asked to stop
    /// (`SHUTDOWN_DRAIN_SECS`): the time a load balancer needs to stop sending it requests. 5 s in
    /// production, none in development.
    pub drain: Duration,
    /// After the drain: how long open connections get to finish before they are closed
    /// (`SHUTDOWN_TIMEOUT_SECS`, 15 s by default; see [`crate::serve::Limits::shutdown_timeout`]).
    pub shutdown_timeout: Duration,
    /// How long a client may take to send request headers (`HEADER_READ_TIMEOUT_SECS`, 5 s by
    /// default), and so how long an idle kept-alive connection stays open; also the longest pause
    /// inside a request body (see [`crate::serve::Limits::header_read_timeout`]).
    pub header_read_timeout: Duration,
    /// The most bytes of request line and headers (`MAX_HEADER_BYTES`, 32 KiB by default, from
    /// 1 KiB to 1 MiB); a larger request is answered 431.
    pub max_header_bytes: usize,
    /// Connections open at once (`MAX_CONNECTIONS`, 1,000 by default); keep it under the
    /// process's file limit (`ulimit -n`).
    pub max_connections: usize,
    /// The most bytes of a request body (`BODY_LIMIT_BYTES`, 1 MiB by default); a larger one is
    /// answered 413. Each field has a bound of its own besides (see [`crate::routes::bounds`]).
    pub body_limit: usize,
    /// The origins whose pages a browser lets call the API (`CORS_ORIGINS`, comma-separated). By
    /// default the local development servers of the usual RealWorld front ends.
    pub cors_origins: Vec<HeaderValue>,
    /// How log lines are written (`LOG_FORMAT`): JSON by default in production, coloured lines in
    /// development.
    pub log_format: LogFormat,
}

/// Who reads the logs: a machine (a log pipeline indexing each field) or a person at a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line, for a log pipeline (`LOG_FORMAT=json`).
    Json,
    /// Coloured lines, for a terminal (`LOG_FORMAT=pretty`).
    Pretty,
}

/// A setting the server cannot start with, shown as the message it stops with:
/// ``DB_MAX_CONNECTIONS: `many` is not valid here (invalid digit found in string)``.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    /// The environment variable to fix.
    pub variable: String,
    /// What is wrong with its value, in words for whoever set it.
    pub problem: String,
}

impl ConfigError {
    fn new(variable: &str, problem: impl Into<String>) -> Self {
        Self {
            variable: variable.to_owned(),
            problem: problem.into(),
        }
    }
}

/// Development's signing key: public, so a server started with it refuses to run in production.
const DEVELOPMENT_SECRET: &str = "conduit-development-secret-do-not-deploy";

impl Settings {
    /// The settings among `variables` (name and value pairs; the others are ignored). A value of
    /// the wrong type is refused naming its variable: envy's error says what failed, and the
    /// variable that fails alone is the one to name.
    pub fn from_vars<I>(variables: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = (String, String)>,
    {
        let variables: Vec<(String, String)> = variables.into_iter().collect();
        envy::from_iter(variables.iter().cloned()).map_err(|error| {
            let culprit = variables
                .iter()
                .find(|pair| envy::from_iter::<_, Settings>([(*pair).clone()]).is_err());
            let reason = error.to_string();
            // envy ends its own messages with where the value came from, which the variable says.
            let reason = reason
                .split(" while parsing value")
                .next()
                .unwrap_or(&reason);
            match culprit {
                Some((name, value)) => {
                    ConfigError::new(name, format!("`{value}` is not valid here ({reason})"))
                }
                None => ConfigError::new("the environment", reason),
            }
        })
    }
}

impl Config {
    /// Reads `.env` (if there is one) and then the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_vars(std::env::vars())
    }

    /// The same, from any list of variables: how the tests set up a configuration.
    pub fn from_vars<I, K, V>(variables: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let variables = variables
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()));
        Self::from_settings(Settings::from_vars(variables)?)
    }

    /// Every default applied and every rule checked.
    pub fn from_settings(settings: Settings) -> Result<Self, ConfigError> {
        let production = is_production(settings.app_env.as_deref())?;
        let jwt_secret = signing_key(settings.jwt_secret, production)?;
        let seconds =
            |value: Option<u64>, default: u64| Duration::from_secs(value.unwrap_or(default));
        Ok(Self {
            database_url: settings
                .database_url
                .filter(|url| !url.expose_secret().trim().is_empty()),
            bind: settings
                .bind_addr
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            metrics_bind: metrics_bind(settings.metrics_addr.as_deref())?,
            jwt_secret,
            token_ttl: lifetime("TOKEN_TTL_SECS", settings.token_ttl_secs.unwrap_or(86_400))?,
            refresh_ttl: lifetime(
                "REFRESH_TTL_SECS",
                settings.refresh_ttl_secs.unwrap_or(30 * 86_400),
            )?,
            auth_rate_limit: settings
                .auth_rate_limit_per_minute
                .unwrap_or(if production { 20 } else { 1000 }),
            password_hashing_concurrency: settings
                .password_hashing_concurrency
                .unwrap_or_else(half_the_cores),
            password_hashing_wait: Duration::from_millis(
                settings.password_hashing_wait_ms.unwrap_or(2000),
            ),
            db_max_connections: settings.db_max_connections.unwrap_or(10),
            db_acquire_timeout: seconds(settings.db_acquire_timeout_secs, 3),
            request_timeout: seconds(settings.request_timeout_secs, 10),
            drain: seconds(settings.shutdown_drain_secs, if production { 5 } else { 0 }),
            shutdown_timeout: seconds(settings.shutdown_timeout_secs, 15),
            header_read_timeout: seconds(settings.header_read_timeout_secs, 5),
            max_header_bytes: header_limit(settings.max_header_bytes.unwrap_or(32 * 1024))?,
            max_connections: settings.max_connections.unwrap_or(1000),
            body_limit: settings.body_limit_bytes.unwrap_or(1024 * 1024),
            cors_origins: cors_origins(settings.cors_origins)?,
            log_format: settings.log_format.unwrap_or(if production {
                LogFormat::Json
            } else {
                LogFormat::Pretty
            }),
        })
    }

    /// `DATABASE_URL`, or the error a start without it stops with. The server has no database
    /// of its own to fall back on: whoever starts it says which one.
    pub fn database_url(&self) -> Result<&str, ConfigError> {
        self.database_url
            .as_ref()
            .map(ExposeSecret::expose_secret)
            .ok_or_else(|| {
                ConfigError::new(
                    "DATABASE_URL",
                    "is required: postgres://user:password@host:port/database",
                )
            })
    }
}

/// `METRICS_ADDR`: an address, or `off` for no metrics endpoint.
fn metrics_bind(value: Option<&str>) -> Result<Option<SocketAddr>, ConfigError> {
    match value.map(str::trim) {
        None => Ok(Some(SocketAddr::from(([127, 0, 0, 1], 9100)))),
        Some("off") => Ok(None),
        Some(address) => address.parse().map(Some).map_err(|_| {
            ConfigError::new(
                "METRICS_ADDR",
                format!("`{address}` is not an address like 0.0.0.0:9100, or `off`"),
            )
        }),
    }
}

/// `CORS_ORIGINS`, each a header value; by default the usual front ends' development servers.
fn cors_origins(origins: Option<Vec<String>>) -> Result<Vec<HeaderValue>, ConfigError> {
    let origins = origins.unwrap_or_else(|| {
        [
            "http://localhost:5173",
            "http://localhost:4200",
            "http://localhost:3000",
        ]
        .map(str::to_owned)
        .to_vec()
    });
    origins
        .iter()
        .map(|origin| origin.trim())
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            HeaderValue::from_str(origin).map_err(|_| {
                ConfigError::new("CORS_ORIGINS", format!("`{origin}` is not a valid origin"))
            })
        })
        .collect()
}

/// `APP_ENV`: `production`, or `development` (the default). Anything else is refused, so a typo
/// such as `prod` cannot quietly mean development.
fn is_production(app_env: Option<&str>) -> Result<bool, ConfigError> {
    // BEGIN EXERCISE 5.8
    match app_env {
        None | Some("development") => Ok(false),
        Some("production") => Ok(true),
        Some(other) => Err(ConfigError::new(
            "APP_ENV",
            format!("`{other}` is neither `development` nor `production`"),
        )),
    }
    // END EXERCISE 5.8
}

/// `JWT_SECRET`, the key that signs and checks access tokens: whoever has it can sign in as
/// anyone. In development it defaults to [`DEVELOPMENT_SECRET`], so the server runs with no setup.
fn signing_key(
    secret: Option<SecretString>,
    production: bool,
) -> Result<SecretString, ConfigError> {
    // BEGIN EXERCISE 5.8
    let refuse = |problem: &str| ConfigError::new("JWT_SECRET", problem);
    match secret {
        Some(secret) if secret.expose_secret().len() < 32 => {
            Err(refuse("must be at least 32 bytes (256 bits)"))
        }
        Some(secret) if production && secret.expose_secret() == DEVELOPMENT_SECRET => Err(refuse(
            "is the development key, which anyone can read: set a key of your own",
        )),
        Some(secret) => Ok(secret),
        None if production => Err(refuse("is required when APP_ENV=production")),
        None => Ok(DEVELOPMENT_SECRET.into()),
    }
    // END EXERCISE 5.8
}

/// `MAX_HEADER_BYTES`: from 1 KiB (a request line and a token need some room) to 1 MiB.
fn header_limit(bytes: usize) -> Result<usize, ConfigError> {
    if !(1024..=1024 * 1024).contains(&bytes) {
        return Err(ConfigError::new(
            "MAX_HEADER_BYTES",
            format!("{bytes} is not between 1024 and 1048576"),
        ));
    }
    Ok(bytes)
}

/// Half of the cores this process may use, at least one.
fn half_the_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| (cores.get() / 2).max(1))
}

/// The longest a token may live: ten years. A longer one is a typo (or a unit mistake), and one
/// long enough would overflow the expiry date computed from it at the first login.
const LONGEST_LIFETIME: Duration = Duration::from_secs(10 * 365 * 24 * 60 * 60);

// ANCHOR: lifetime
/// A token lifetime in whole seconds, from one second to [`LONGEST_LIFETIME`].
fn lifetime(variable: &str, seconds: u64) -> Result<Duration, ConfigError> {
    let lifetime = Duration::from_secs(seconds);
    if lifetime.is_zero() || lifetime > LONGEST_LIFETIME {
        return Err(ConfigError::new(
            variable,
            format!(
                "{seconds} seconds is not between 1 second and ten years ({} seconds)",
                LONGEST_LIFETIME.as_secs()
            ),
        ));
    }
    Ok(lifetime)
}
// ANCHOR_END: lifetime

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_vars(pairs.iter().copied())
    }

    #[test]
    fn defaults_suit_local_use() {
        let config = from(&[]).expect("no variables is a valid development setup");
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.log_format, LogFormat::Pretty);
        assert!(config.database_url.is_none());
        assert_eq!(config.metrics_bind, Some(([127, 0, 0, 1], 9100).into()));
        assert_eq!(from(&[("METRICS_ADDR", "off")]).unwrap().metrics_bind, None);
        assert_eq!(config.cors_origins.len(), 3);
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let error = from(&[
            ("BIND_ADDR", "127.0.0.1:8080"),
            ("DB_MAX_CONNECTIONS", "many"),
        ])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "DB_MAX_CONNECTIONS: `many` is not valid here (invalid digit found in string)"
        );
        let error = from(&[("BIND_ADDR", "everywhere")]).unwrap_err();
        assert_eq!(error.variable, "BIND_ADDR");
        assert!(
            error.problem.starts_with("`everywhere` is not valid here"),
            "{error}"
        );
        let error = from(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(error.variable, "LOG_FORMAT");
        assert!(error.problem.contains("`json`"), "{error}");
    }

    #[test]
    fn lists_are_comma_separated() {
        let config = from(&[("CORS_ORIGINS", "https://a.example, https://b.example")]).unwrap();
        assert_eq!(
            config.cors_origins,
            ["https://a.example", "https://b.example"]
        );
    }

    #[test]
    fn debug_shows_no_secret() {
        let config = from(&[
            ("JWT_SECRET", "a-signing-key-nobody-may-see-0123456789"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/conduit"),
        ])
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("nobody-may-see"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("body_limit: 1048576"), "{shown}");
        assert_eq!(
            config.database_url().unwrap(),
            "postgres://app:hunter2@db:5432/conduit"
        );
    }

    #[test]
    fn token_lifetimes_are_bounded() {
        for (variable, value) in [
            ("TOKEN_TTL_SECS", "0"),
            ("REFRESH_TTL_SECS", "18446744073709551615"),
        ] {
            let error = from(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable);
            assert!(error.problem.contains("ten years"), "{error}");
        }
        let config = from(&[("REFRESH_TTL_SECS", "60")]).unwrap();
        assert_eq!(config.refresh_ttl, Duration::from_secs(60));
    }

    #[test]
    fn production_limits_the_auth_routes_harder_than_development() {
        let development = from(&[]).unwrap();
        assert_eq!(development.auth_rate_limit, 1000);
        let production =
            from(&[("APP_ENV", "production"), ("JWT_SECRET", &"k".repeat(32))]).unwrap();
        assert_eq!(production.auth_rate_limit, 20);
        let chosen = from(&[("AUTH_RATE_LIMIT_PER_MINUTE", "5")]).unwrap();
        assert_eq!(chosen.auth_rate_limit, 5);
    }
}
