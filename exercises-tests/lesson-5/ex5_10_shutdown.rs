//! SIGTERM while a request is in flight: the request completes, then the server stops. The server
//! is the package's binary, in a process of its own, so the signal reaches only it.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use course_testkit::fail;
use local_postgres::TestDatabase;
use serde_json::json;

#[tokio::test]
async fn ex5_10_sigterm_lets_the_request_in_flight_finish() {
    let db = TestDatabase::create(&capstone::db::MIGRATOR)
        .await
        .expect("a database");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a port")
        .port();
    let mut child = Command::new(crate::server_binary::SERVER_BINARY)
        .env("DATABASE_URL", db.url())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("METRICS_ADDR", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts");
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent = "POST /api/users with half of its body, SIGTERM, then the rest of the body";
    if !up {
        let _ = child.kill();
        fail(
            "5.10",
            sent,
            "the server to start",
            "nothing listening after 10 s",
        );
    }
    let body = json!({ "user": { "username": "jake", "email": "jake@example.com", "password": "password123" } }).to_string();
    let (head, tail) = body.split_at(body.len() / 2);
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", port)).expect("a connection");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    write!(socket, "POST /api/users HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{head}", body.len()).expect("sent");
    std::thread::sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    std::thread::sleep(Duration::from_millis(300));
    let _ = socket.write_all(tail.as_bytes());
    let mut answer = String::new();
    let _ = socket.read_to_string(&mut answer);
    let exited = (0..50).find_map(|_| {
        std::thread::sleep(Duration::from_millis(100));
        child.try_wait().ok().flatten()
    });
    if exited.is_none() {
        let _ = child.kill();
    }
    if !answer.starts_with("HTTP/1.1 201") || !exited.is_some_and(|status| status.success()) {
        fail(
            "5.10",
            sent,
            "201 for the request in flight, then the server exiting cleanly",
            &format!(
                "{:?}, and the server {}",
                answer.lines().next().unwrap_or("no answer"),
                match exited {
                    Some(status) => format!("exited with {status}"),
                    None => "still running after 5 s".to_owned(),
                }
            ),
        );
    }
}
