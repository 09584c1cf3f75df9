//! The accept loop, written out instead of `axum::serve`, for the limits a server on the open
//! internet needs and `axum::serve` does not set: how long a client may take to send its request
//! headers, how large they may be, how many connections are open at once, what happens when
//! `accept` fails, and how long shutdown may take. It is axum's own `serve-with-hyper` example
//! with those limits added.
//!
//! Each connection is served by hyper's HTTP/1.1 connection, not its automatic HTTP/1-or-2 one:
//! that one reads the first bytes to tell the versions apart before any timer runs, so a client
//! that connects and sends nothing would hold its socket for ever. HTTP/2 is the load balancer's
//! business, at the edge, where TLS is.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tower::Service;

// ANCHOR: limits
/// What one client may hold of the server, and how long shutdown may wait for clients.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a connection may take to send a request's headers, counted from when the server
    /// starts waiting for them: the first request's, and each next one's on a kept-alive
    /// connection, so it is also how long an idle connection stays open. A client sending a byte
    /// at a time ("slowloris"), or nothing at all, is cut off after it.
    pub header_read_timeout: Duration,
    /// The most bytes of request line and headers; more is answered 431 by hyper.
    pub max_header_bytes: usize,
    /// Connections open at once, upgraded ones (WebSockets) included. Past it the server stops
    /// accepting, and new connections wait in the kernel's backlog until one closes, instead of
    /// each taking a file descriptor.
    pub max_connections: usize,
    /// After shutdown is asked for: how long the connections still open may take to finish their
    /// requests before they are closed, whatever they are doing.
    pub shutdown_timeout: Duration,
}
// ANCHOR_END: limits

/// The first and the longest pause after `accept` fails for want of a resource.
const ACCEPT_BACKOFF: (Duration, Duration) = (Duration::from_millis(10), Duration::from_secs(1));

// ANCHOR: serve
/// Serves `router` on `listener` until `shutdown` resolves; then stops accepting and ends the
/// connections still open within [`Limits::shutdown_timeout`], so that the
/// process never needs a SIGKILL.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let http = http1(&limits);
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut backoff = ACCEPT_BACKOFF.0;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = permits.clone().acquire_owned() => permit,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, client)) => {
                backoff = ACCEPT_BACKOFF.0;
                // Finished connections leave their results here until collected.
                while connections.try_join_next().is_some() {}
                let stream = Counted {
                    stream,
                    _place: permit,
                };
                connections.spawn(connection(
                    http.clone(),
                    stream,
                    client,
                    router.clone(),
                    stopping.clone(),
                ));
            }
            // The client gave up between connecting and being accepted: nothing to do.
            Err(error) if is_connection_error(&error) => {}
            // Out of file descriptors or memory (EMFILE, ENFILE, ENOBUFS): they come back as
            // connections close, so wait, longer each time, rather than fail or spin.
            Err(error) => {
                tracing::warn!(%error, pause_ms = backoff.as_millis(), "cannot accept; pausing");
                tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(ACCEPT_BACKOFF.1);
            }
        }
    }
    drop(listener);
    close(&mut connections, stop, limits.shutdown_timeout).await;
}
// ANCHOR_END: serve

/// hyper's HTTP/1.1 connection, as every connection is served: with the limits a client must
/// keep to (see [`Limits`]). hyper's defaults trust the client: they never time out a request head
/// and take up to about 400 KB of headers.
fn http1(limits: &Limits) -> http1::Builder {
    // BEGIN EXERCISE 5.7
    use hyper_util::rt::TokioTimer;

    let mut http = http1::Builder::new();
    // hyper keeps no clock of its own: without a timer, a timeout is never armed.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(limits.max_header_bytes);
    http
    // END EXERCISE 5.7
}

/// After the accept loop has stopped: the connections still open end, the last of them at
/// `deadline`, so that the process can exit. `stop` is what every connection watches (see
/// [`connection`]).
async fn close(connections: &mut JoinSet<()>, stop: watch::Sender<bool>, deadline: Duration) {
    // BEGIN EXERCISE 5.10
    let _ = stop.send(true);
    let open = connections.len();
    let finished = tokio::time::timeout(deadline, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            open = connections.len(),
            of = open,
            seconds = deadline.as_secs_f64(),
            "connections still open at the shutdown deadline; closing them"
        );
        connections.shutdown().await;
    }
    // END EXERCISE 5.10
}

// ANCHOR: connection
/// One connection, until it closes, or until it has ended as shutdown asks (`stopping` turns true
/// when the server stops accepting).
async fn connection(
    http: http1::Builder,
    stream: Counted,
    client: SocketAddr,
    router: Router,
    mut stopping: watch::Receiver<bool>,
) {
    // The client's address, for the per-client rate limit on the auth routes.
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(client));
        router.clone().call(request)
    });
    let connection = http
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    let served = {
        // BEGIN EXERCISE 5.10
        let mut connection = std::pin::pin!(connection);
        let stop = async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        tokio::select! {
            served = connection.as_mut() => served,
            // hyper's own graceful shutdown: an idle connection closes now, a busy one once its
            // answer is sent.
            () = stop => {
                connection.as_mut().graceful_shutdown();
                connection.await
            }
        }
        // END EXERCISE 5.10
    };
    if let Err(error) = served {
        tracing::debug!(%error, %client, "connection ended with an error");
    }
}
// ANCHOR_END: connection

/// An accepted socket with its place among [`Limits::max_connections`], given back when the
/// socket is closed, whoever holds it then. The place cannot be held by the connection's task:
/// when a request is upgraded (a WebSocket), hyper hands this socket to the upgrade and that task
/// ends, while the socket stays open for as long as the WebSocket lasts.
struct Counted {
    stream: TcpStream,
    _place: OwnedSemaphorePermit,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Errors of one connection that `accept` reports, after which the next accept works at once.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
