//! End-to-end tests: a real server on `127.0.0.1:0` and a real HTTP client. Timeouts, limits,
//! compression and panics behave differently behind a socket than in `oneshot`, so the tests of
//! those run here.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::response::{Builder, Parts};

use crate::{Reply, Req, exercise, install_panic_hook};

/// A server that lives as long as this value: dropping it stops the server.
pub struct TestServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Serves `app` on a free port of 127.0.0.1, telling handlers the client's address
    /// (`ConnectInfo<SocketAddr>`) as `axum::serve` does in production set-ups.
    pub async fn start(app: Router) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        Self::spawn(addr, async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, service)
                .await
                .expect("the test server runs");
        })
    }

    /// A server already listening on `addr`, served by `serving` (an application's own serve
    /// loop, say), stopped when this value is dropped.
    pub fn spawn(addr: SocketAddr, serving: impl Future<Output = ()> + Send + 'static) -> Self {
        Self {
            addr,
            task: tokio::spawn(serving),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Sends `request` to `server` over HTTP, as a test of exercise `id`. The client neither follows
/// redirects nor decompresses, so the test sees the response exactly as the server sent it; it
/// gives up after two seconds so a hung server fails the test instead of hanging it.
pub async fn fetch(id: &str, server: &TestServer, request: Req) -> Reply {
    let exercise = exercise(id);
    install_panic_hook();
    let (sent, outcome) = over_http(server.addr(), request, Duration::from_secs(2)).await;
    Reply::new(Some(exercise), sent, outcome)
}

/// Sends `request` to the server at `address` over HTTP, as a test of finished code (the
/// capstone's own tests): the same client and the same [`Reply`] as [`fetch`], whose failures
/// report what was sent, expected and received. It gives up after ten seconds.
pub async fn request(address: SocketAddr, request: Req) -> Reply {
    let (sent, outcome) = over_http(address, request, Duration::from_secs(10)).await;
    Reply::new(None, sent, outcome)
}

/// `request` sent to `address`; what was sent, in words, and the response or why there is none.
async fn over_http(
    address: SocketAddr,
    request: Req,
    timeout: Duration,
) -> (String, Result<(Parts, Bytes), String>) {
    let sent = request.to_string();
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .build()
        .expect("a plain HTTP client builds");
    let base = format!("http://{address}");
    let outcome = match request.into_reqwest(&client, &base).send().await {
        Ok(response) => {
            let mut builder = Builder::new().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let (parts, ()) = builder
                .body(())
                .expect("a response's own parts are valid")
                .into_parts();
            match response.bytes().await {
                Ok(body) => Ok((parts, body)),
                Err(error) => Err(format!("the response body broke off: {error}")),
            }
        }
        Err(error) => Err(format!("no response: {}", with_causes(&error))),
    };
    (sent, outcome)
}

/// "error sending request: connection closed before message completed": reqwest's own message
/// hides the cause, which is what a learner needs.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
