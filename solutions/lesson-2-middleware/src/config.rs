//! The knobs of the middleware stack, in one place so a deployment can set them.

use std::time::Duration;

use axum::http::HeaderValue;

use crate::api_key::ApiKey;
use crate::load::LoadLimits;

#[derive(Debug, Clone)]
pub struct Config {
    /// The key a client must send in `x-api-key` to change anything.
    pub api_key: ApiKey,
    /// How long a request may take, body included, before it is answered 408.
    pub timeout: Duration,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    pub load: LoadLimits,
    /// The browser origins allowed to call the API.
    pub cors_origins: Vec<HeaderValue>,
}

impl Default for Config {
    /// Values for local use: a known key, generous limits, the local front-end's origin.
    fn default() -> Self {
        Self {
            api_key: ApiKey::new("local-development-key"),
            timeout: Duration::from_secs(10),
            body_limit: 64 * 1024,
            load: LoadLimits::default(),
            cors_origins: vec![HeaderValue::from_static("http://localhost:5173")],
        }
    }
}
