//! HTTP spoken over a raw socket, for what no HTTP client will do: send headers a byte at a time,
//! connect and say nothing, stop half-way through a body. Included by the capstone's tests and by
//! Lesson 5's exercise tests.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

pub async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("a connection")
}

/// Reads what the server sends until it closes the connection, or `patience` runs out: the text,
/// and when it closed (`None`: still open).
pub async fn until_closed(
    socket: &mut TcpStream,
    patience: Duration,
) -> (String, Option<Duration>) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    while started.elapsed() < patience {
        let left = patience.saturating_sub(started.elapsed());
        match tokio::time::timeout(left, socket.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => {
                return (
                    String::from_utf8_lossy(&received).into_owned(),
                    Some(started.elapsed()),
                );
            }
            Ok(Ok(read)) => received.extend_from_slice(&buffer[..read]),
            Err(_) => break,
        }
    }
    (String::from_utf8_lossy(&received).into_owned(), None)
}
