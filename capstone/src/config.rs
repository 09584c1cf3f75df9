//! Configuration from the environment (and a `.env` file), read once at start, typed and
//! validated: a bad value stops the server with a message naming the variable, instead of a
//! surprise at the first request that needs it.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::HeaderValue;

/// `Debug` is written by hand (below) so that the secrets never reach a log line or a panic message.
#[derive(Clone)]
pub struct Config {
    /// The database (`DATABASE_URL`), required to start (see [`Config::database_url`]). Optional
    /// here so that a test can build a configuration first and name its own database after.
    pub database_url: Option<String>,
    /// Where the API listens (`BIND_ADDR`): only this machine by default; `0.0.0.0:8080` in a
    /// container, so that the world outside it can reach the port.
    pub bind: SocketAddr,
    /// Where `/metrics` is served: a listener of its own, so the public port (the one the load
    /// balancer forwards) never shows the service's internals. `None` (`METRICS_ADDR=off`): no
    /// metrics endpoint.
    pub metrics_bind: Option<SocketAddr>,
    /// The key that signs and checks access tokens (`JWT_SECRET`, see [`Config::from_lookup`]):
    /// whoever holds it can sign in as anyone.
    pub jwt_secret: Vec<u8>,
    /// How long an access token is accepted (`TOKEN_TTL_SECS`, a day by default); after it, the
    /// client trades its refresh token for a new one.
    pub token_ttl: Duration,
    /// How long a refresh token may be used (`REFRESH_TTL_SECS`, 30 days by default): how long a
    /// client stays signed in without sending the password again.
    pub refresh_ttl: Duration,
    /// Requests a minute from one client address to login, registration, refresh and logout. In
    /// production 20 by default, which slows password guessing to a crawl; in development 1,000,
    /// so that a RealWorld test suite or a front end's sign-up loop, all from one address, is not
    /// refused part-way.
    pub auth_rate_limit: u32,
    /// How many password hashes may be computed at once, and how long a login or registration
    /// waits for its turn before a 503. Half the cores by default (at least one), so that a flood
    /// of logins leaves the other half to every other request.
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
    /// How long the server goes on serving, not ready, after it is asked to stop: the time a load
    /// balancer needs to stop sending it requests. 5 s in production, none in development.
    pub drain: Duration,
    /// After the drain: how long open connections get to finish before they are closed (see
    /// [`crate::serve::Limits::shutdown_timeout`]).
    pub shutdown_timeout: Duration,
    /// How long a client may take to send request headers, and so how long an idle kept-alive
    /// connection stays open; also the longest pause inside a request body (see
    /// [`crate::serve::Limits::header_read_timeout`]).
    pub header_read_timeout: Duration,
    /// The most bytes of request line and headers; a larger request is answered 431.
    pub max_header_bytes: usize,
    /// Connections open at once; keep it under the process's file limit (`ulimit -n`).
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

impl std::fmt::Debug for Config {
    /// Every setting but the secrets: the signing key is never shown, and the database URL only
    /// without its password. A field added later stays out until it is added here, so a new
    /// secret cannot leak by default.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field(
                "database_url",
                &self.database_url.as_deref().map(without_password),
            )
            .field("bind", &self.bind)
            .field("metrics_bind", &self.metrics_bind)
            .field("jwt_secret", &"[redacted]")
            .field("token_ttl", &self.token_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .field("auth_rate_limit", &self.auth_rate_limit)
            .field(
                "password_hashing_concurrency",
                &self.password_hashing_concurrency,
            )
            .field("password_hashing_wait", &self.password_hashing_wait)
            .field("db_max_connections", &self.db_max_connections)
            .field("db_acquire_timeout", &self.db_acquire_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("drain", &self.drain)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("header_read_timeout", &self.header_read_timeout)
            .field("max_header_bytes", &self.max_header_bytes)
            .field("max_connections", &self.max_connections)
            .field("body_limit", &self.body_limit)
            .field("cors_origins", &self.cors_origins)
            .field("log_format", &self.log_format)
            .finish_non_exhaustive()
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:[redacted]@host/db`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "[redacted]".to_owned();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:[redacted]@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Who reads the logs: a machine (a log pipeline indexing each field) or a person at a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line, for a log pipeline.
    Json,
    /// Coloured lines, for a terminal.
    Pretty,
}

/// A setting the server cannot start with, shown as the message it stops with:
/// ``DB_MAX_CONNECTIONS: `many` is not a whole number``.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    /// The environment variable to fix.
    pub variable: &'static str,
    /// What is wrong with its value, in words for whoever set it.
    pub problem: String,
}

/// Development's signing key: public, so a server started with it refuses to run in production.
const DEVELOPMENT_SECRET: &str = "conduit-development-secret-do-not-deploy";

impl Config {
    /// Reads `.env` (if there is one) and then the environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The same, from any source of variables: how the tests check the validation.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let production = is_production(&get)?;
        let jwt_secret = signing_key(&get, production)?;
        let cors_origins = get("CORS_ORIGINS")
            .unwrap_or_else(|| {
                "http://localhost:5173,http://localhost:4200,http://localhost:3000".to_owned()
            })
            .split(',')
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                HeaderValue::from_str(origin).map_err(|_| ConfigError {
                    variable: "CORS_ORIGINS",
                    problem: format!("`{origin}` is not a valid origin"),
                })
            })
            .collect::<Result<_, _>>()?;
        let log_format = match get("LOG_FORMAT").as_deref() {
            Some("json") => LogFormat::Json,
            Some("pretty") => LogFormat::Pretty,
            None if production => LogFormat::Json,
            None => LogFormat::Pretty,
            Some(other) => {
                return Err(ConfigError {
                    variable: "LOG_FORMAT",
                    problem: format!("`{other}` is neither `json` nor `pretty`"),
                });
            }
        };
        Ok(Self {
            database_url: get("DATABASE_URL").filter(|url| !url.trim().is_empty()),
            bind: parse(
                &get,
                "BIND_ADDR",
                "127.0.0.1:8080",
                "an address like 0.0.0.0:8080",
            )?,
            metrics_bind: match get("METRICS_ADDR").as_deref().map(str::trim) {
                Some("off") => None,
                _ => Some(parse(
                    &get,
                    "METRICS_ADDR",
                    "127.0.0.1:9100",
                    "an address like 0.0.0.0:9100, or `off`",
                )?),
            },
            jwt_secret,
            token_ttl: lifetime(&get, "TOKEN_TTL_SECS", "86400")?,
            refresh_ttl: lifetime(&get, "REFRESH_TTL_SECS", "2592000")?,
            auth_rate_limit: parse(
                &get,
                "AUTH_RATE_LIMIT_PER_MINUTE",
                if production { "20" } else { "1000" },
                "a whole number",
            )?,
            password_hashing_concurrency: parse(
                &get,
                "PASSWORD_HASHING_CONCURRENCY",
                &half_the_cores().to_string(),
                "a whole number",
            )?,
            password_hashing_wait: Duration::from_millis(parse(
                &get,
                "PASSWORD_HASHING_WAIT_MS",
                "2000",
                "a number of milliseconds",
            )?),
            db_max_connections: parse(&get, "DB_MAX_CONNECTIONS", "10", "a whole number")?,
            db_acquire_timeout: Duration::from_secs(parse(
                &get,
                "DB_ACQUIRE_TIMEOUT_SECS",
                "3",
                "a number of seconds",
            )?),
            request_timeout: Duration::from_secs(parse(
                &get,
                "REQUEST_TIMEOUT_SECS",
                "10",
                "a number of seconds",
            )?),
            drain: Duration::from_secs(parse(
                &get,
                "SHUTDOWN_DRAIN_SECS",
                if production { "5" } else { "0" },
                "a number of seconds",
            )?),
            shutdown_timeout: Duration::from_secs(parse(
                &get,
                "SHUTDOWN_TIMEOUT_SECS",
                "15",
                "a number of seconds",
            )?),
            header_read_timeout: Duration::from_secs(parse(
                &get,
                "HEADER_READ_TIMEOUT_SECS",
                "5",
                "a number of seconds",
            )?),
            max_header_bytes: header_limit(&get)?,
            max_connections: parse(&get, "MAX_CONNECTIONS", "1000", "a whole number")?,
            body_limit: parse(&get, "BODY_LIMIT_BYTES", "1048576", "a number of bytes")?,
            cors_origins,
            log_format,
        })
    }
}

impl Config {
    /// `DATABASE_URL`, or the error a start without it stops with. The server has no database
    /// of its own to fall back on: whoever starts it says which one.
    pub fn database_url(&self) -> Result<&str, ConfigError> {
        self.database_url.as_deref().ok_or_else(|| ConfigError {
            variable: "DATABASE_URL",
            problem: "is required: postgres://user:password@host:port/database".to_owned(),
        })
    }
}

/// `APP_ENV`: `production`, or `development` (the default). Anything else is refused, so a typo
/// such as `prod` cannot quietly mean development.
fn is_production(get: &impl Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
    // BEGIN EXERCISE 5.8
    match get("APP_ENV").as_deref() {
        None | Some("development") => Ok(false),
        Some("production") => Ok(true),
        Some(other) => Err(ConfigError {
            variable: "APP_ENV",
            problem: format!("`{other}` is neither `development` nor `production`"),
        }),
    }
    // END EXERCISE 5.8
}

/// `JWT_SECRET`, the key that signs and checks access tokens: whoever has it can sign in as
/// anyone. At least 32 bytes (HS256's 256 bits; 32 ASCII characters, fewer if some take more than
/// a byte); in production required, and never the development key, which anyone can read in this
/// repository. In development it defaults to that key, so the server runs with no setup.
fn signing_key(
    get: &impl Fn(&str) -> Option<String>,
    production: bool,
) -> Result<Vec<u8>, ConfigError> {
    // BEGIN EXERCISE 5.8
    let refuse = |problem: &str| ConfigError {
        variable: "JWT_SECRET",
        problem: problem.to_owned(),
    };
    match get("JWT_SECRET") {
        Some(secret) if secret.len() < 32 => Err(refuse("must be at least 32 bytes (256 bits)")),
        Some(secret) if production && secret == DEVELOPMENT_SECRET => Err(refuse(
            "is the development key, which anyone can read: set a key of your own",
        )),
        Some(secret) => Ok(secret.into_bytes()),
        None if production => Err(refuse("is required when APP_ENV=production")),
        None => Ok(DEVELOPMENT_SECRET.as_bytes().to_vec()),
    }
    // END EXERCISE 5.8
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: &str,
    expected: &str,
) -> Result<T, ConfigError> {
    let text = get(variable).unwrap_or_else(|| default.to_owned());
    text.trim().parse().map_err(|_| ConfigError {
        variable,
        problem: format!("`{text}` is not {expected}"),
    })
}

/// `MAX_HEADER_BYTES`: 32 KiB by default, from 1 KiB (a request line and a token need some room)
/// to 1 MiB.
fn header_limit(get: &impl Fn(&str) -> Option<String>) -> Result<usize, ConfigError> {
    let bytes: usize = parse(get, "MAX_HEADER_BYTES", "32768", "a number of bytes")?;
    if !(1024..=1024 * 1024).contains(&bytes) {
        return Err(ConfigError {
            variable: "MAX_HEADER_BYTES",
            problem: format!("{bytes} is not between 1024 and 1048576"),
        });
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
fn lifetime(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: &str,
) -> Result<Duration, ConfigError> {
    let seconds: u64 = parse(get, variable, default, "a number of seconds")?;
    let lifetime = Duration::from_secs(seconds);
    if lifetime.is_zero() || lifetime > LONGEST_LIFETIME {
        return Err(ConfigError {
            variable,
            problem: format!(
                "{seconds} seconds is not between 1 second and ten years ({} seconds)",
                LONGEST_LIFETIME.as_secs()
            ),
        });
    }
    Ok(lifetime)
}
// ANCHOR_END: lifetime

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        })
    }

    #[test]
    fn defaults_suit_local_use() {
        let config = from(&[]).expect("no variables is a valid development setup");
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.log_format, LogFormat::Pretty);
        assert!(config.database_url.is_none());
        assert_eq!(config.metrics_bind, Some(([127, 0, 0, 1], 9100).into()));
        assert_eq!(from(&[("METRICS_ADDR", "off")]).unwrap().metrics_bind, None);
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let error = from(&[("DB_MAX_CONNECTIONS", "many")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "DB_MAX_CONNECTIONS: `many` is not a whole number"
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
        assert!(
            shown.contains("postgres://app:[redacted]@db:5432/conduit"),
            "{shown}"
        );
        assert!(shown.contains("body_limit: 1048576"), "{shown}");
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
