//! A load balancer as small as a test needs: each request goes to the next backend in turn, so
//! that a client's consecutive requests (sign up, then read, then write) land on different
//! instances. Each client connection carries one request (`Connection: close` both ways), which is
//! what makes the rotation per request rather than per connection.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};

/// The balancer, listening until the process ends; `sent` counts requests per backend.
pub struct RoundRobin {
    pub address: SocketAddr,
    sent: Arc<Vec<AtomicUsize>>,
}

impl RoundRobin {
    pub fn start(backends: Vec<SocketAddr>) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").context("no free port on 127.0.0.1")?;
        let address = listener.local_addr()?;
        let sent: Arc<Vec<AtomicUsize>> =
            Arc::new(backends.iter().map(|_| AtomicUsize::new(0)).collect());
        let counters = Arc::clone(&sent);
        let next = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let turn = next.fetch_add(1, Ordering::Relaxed) % backends.len();
                let backend = backends[turn];
                let counters = Arc::clone(&counters);
                std::thread::spawn(move || forward(client, backend, &counters[turn]));
            }
        });
        Ok(Self { address, sent })
    }

    /// Requests forwarded to each backend so far, in the order the backends were given.
    pub fn sent(&self) -> Vec<usize> {
        self.sent
            .iter()
            .map(|count| count.load(Ordering::SeqCst))
            .collect()
    }
}

/// Reads one request from `client`, sends it to `backend` with `Connection: close`, counts it in
/// `sent`, and copies the answer back until the backend closes. Counted before the answer goes
/// back, so a client that has its answer finds its request counted.
fn forward(client: TcpStream, backend: SocketAddr, sent: &AtomicUsize) -> anyhow::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            bail!("the client closed before the end of its request's head");
        }
        if line == "\r\n" {
            break;
        }
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match name.as_str() {
            "connection" | "keep-alive" => continue,
            "content-length" => {
                length = line
                    .split_once(':')
                    .and_then(|(_, value)| value.trim().parse().ok())
                    .context("a Content-Length that is not a number")?;
            }
            "transfer-encoding" => bail!("chunked requests are not forwarded"),
            _ => {}
        }
        head.push_str(&line);
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;

    let mut upstream = TcpStream::connect(backend)
        .with_context(|| format!("backend {backend} is not listening"))?;
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&body)?;
    sent.fetch_add(1, Ordering::SeqCst);
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    let mut client = reader.into_inner();
    client.write_all(&answer)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend that answers every request with its own name and the body it was sent.
    fn backend(name: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().expect("its address");
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
                let mut request = String::new();
                while reader.read_line(&mut request).is_ok_and(|read| read > 2) {}
                let mut body = [0; 5];
                let _ = reader.read_exact(&mut body);
                let text = format!("{name}:{}", String::from_utf8_lossy(&body));
                let close = request.contains("Connection: close\r\n") as u8;
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nX-Closed: {close}\r\n\r\n{text}",
                    text.len()
                );
            }
        });
        address
    }

    fn post(address: SocketAddr) -> String {
        let mut stream = TcpStream::connect(address).expect("the balancer listens");
        stream
            .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nhello")
            .expect("the request is sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("an answer");
        answer
    }

    #[test]
    fn each_request_goes_to_the_next_backend_with_its_body() {
        let balancer = RoundRobin::start(vec![backend("a"), backend("b")]).expect("it starts");
        let answers: Vec<String> = (0..4).map(|_| post(balancer.address)).collect();
        for (answer, name) in answers.iter().zip(["a", "b", "a", "b"]) {
            assert!(answer.ends_with(&format!("{name}:hello")), "{answer}");
            assert!(answer.contains("X-Closed: 1"), "{answer}");
        }
        assert_eq!(balancer.sent(), [2, 2]);
    }
}
