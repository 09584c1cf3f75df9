//! Conduit with its live routes over a fresh database, and the clients the tests read it with: an
//! event-stream reader (what a browser's `EventSource` does) and a WebSocket client, both over
//! real sockets.

use std::time::Duration;

use capstone::db::MIGRATOR;
use capstone::{Application, Config};
use course_testkit::{Req, TestServer, fail, fetch};
use futures_util::{SinkExt, StreamExt};
use local_postgres::TestDatabase;
use realtime::{Connections, Events, Live, Settings};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

/// How long a test waits for something that should arrive.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// How long a test waits for something that should not arrive.
pub const QUIET: Duration = Duration::from_millis(300);

/// One instance of Conduit with its live routes.
pub struct Instance {
    pub server: TestServer,
    /// Its live routes' state: a test publishes and closes through `live.events`.
    pub live: Live,
}

/// The first instance and its database.
pub struct Site {
    pub first: Instance,
    /// Held so the database lives as long as the servers; dropped, it is dropped.
    database: TestDatabase,
}

/// Conduit with the live routes on a free port over a fresh database.
pub async fn site() -> Site {
    site_with(Settings::default(), 256).await
}

pub async fn site_with(settings: Settings, capacity: usize) -> Site {
    let database = TestDatabase::create(&MIGRATOR)
        .await
        .unwrap_or_else(|error| {
            panic!("\n\nLesson 6's tests need PostgreSQL, and none could be had:\n{error}\n")
        });
    let first = instance(database.pool().clone(), settings, capacity).await;
    Site { first, database }
}

/// An instance over `pool`, started as `cargo run -p lesson-6` starts it
/// (`Application::with_routes`), on a free port: its own state, announcements (listening) and
/// server.
async fn instance(pool: sqlx::PgPool, settings: Settings, capacity: usize) -> Instance {
    let any_port = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let config = Config {
        bind: any_port,
        metrics_bind: None,
        ..Config::from_settings(Default::default()).expect("the default configuration is valid")
    };
    let events = Events::new(capacity);
    let mut live = None;
    let application = Application::with_routes(&config, pool, |state| {
        let made = Live {
            state: state.clone(),
            events: events.clone(),
            settings,
            connections: Connections::new(settings.connections_per_user),
        };
        live = Some(made.clone());
        realtime::routes(made)
    })
    .await
    .unwrap_or_else(|error| panic!("\n\nConduit did not start: {error:#}\n"));
    let live = live.expect("the live routes are made with the application");
    live.events
        .listen(live.state.clone())
        .await
        .expect("the instance listens for announcements");
    let server = TestServer::spawn(application.address(), async move {
        let _ = application.run_until(std::future::pending()).await;
    });
    Instance { server, live }
}

impl Site {
    /// A second instance on the same database, as a load balancer would have it.
    pub async fn another_instance(&self) -> Instance {
        let settings = self.first.live.settings;
        instance(self.database.pool().clone(), settings, 256).await
    }

    /// Registers `name`; returns the answer's user object (with its `token`).
    pub async fn sign_up(&self, id: &str, name: &str) -> Value {
        let body = json!({ "user": {
            "username": name, "email": format!("{name}@example.com"), "password": "password123" } });
        let reply = fetch(id, &self.first.server, Req::post("/api/users").json(&body)).await;
        reply.expect_status(axum::http::StatusCode::CREATED);
        reply.json()["user"].clone()
    }

    /// The id of the user named `name`, as the database has it (a RealWorld answer never shows it).
    pub async fn user_id(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(name)
            .fetch_one(self.database.pool())
            .await
            .unwrap_or_else(|error| panic!("\n\nno user {name:?} in the database: {error}\n"))
    }

    /// Publishes an article titled `title` by `author`; returns its slug.
    pub async fn publish(&self, id: &str, author: &Value, title: &str) -> String {
        let body = json!({ "article": { "title": title, "description": "d", "body": "b" } });
        let request = signed_in(Req::post("/api/articles"), author).json(&body);
        let reply = fetch(id, &self.first.server, request).await;
        reply.expect_status(axum::http::StatusCode::CREATED);
        reply.json()["article"]["slug"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Posts `body` as a comment by `author` on `slug`, through the first instance; returns it.
    pub async fn comment(&self, id: &str, author: &Value, slug: &str, body: &str) -> Value {
        comment_through(id, &self.first.server, author, slug, body).await
    }
}

/// Posts a comment through `server`; returns the comment object.
pub async fn comment_through(
    id: &str,
    server: &TestServer,
    author: &Value,
    slug: &str,
    body: &str,
) -> Value {
    let request = signed_in(Req::post(&format!("/api/articles/{slug}/comments")), author)
        .json(&json!({ "comment": { "body": body } }));
    let reply = fetch(id, server, request).await;
    reply.expect_status(axum::http::StatusCode::CREATED);
    reply.json()["comment"].clone()
}

pub fn signed_in(request: Req, user: &Value) -> Req {
    request.header("authorization", &format!("Token {}", token(user)))
}

pub fn token(user: &Value) -> String {
    user["token"].as_str().unwrap_or_default().to_owned()
}

/// A comment as the live routes announce it, made up: for tests that publish many at once,
/// faster than any database could write them.
pub fn made_up_comment(id: i64, article: &str) -> realtime::events::CommentEvent {
    let now = chrono::Utc::now();
    realtime::events::CommentEvent {
        article: article.to_owned(),
        comment: capstone::routes::comments::Comment {
            id,
            created_at: now,
            updated_at: now,
            body: format!("comment {id}"),
            author: capstone::routes::profiles::Profile::new("ghost".to_owned(), None, None, false),
        },
    }
}

/// What an event stream delivered next.
#[derive(Debug, PartialEq)]
pub enum Received {
    /// An event: its `event:`, `id:` and `data:` fields.
    Event {
        event: String,
        id: String,
        data: String,
    },
    /// Only comment lines (`:`): a keep-alive.
    KeepAlive,
    /// The server ended the response.
    Ended,
    /// Nothing within the time allowed.
    Nothing,
}

/// An open event stream, read as a browser's `EventSource` reads it.
pub struct EventStream {
    id: &'static str,
    sent: String,
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    /// `GET path` with `Accept: text/event-stream` (and `Last-Event-ID` when given); fails the
    /// test unless the answer is a 200 event stream.
    pub async fn open(
        id: &'static str,
        server: &TestServer,
        path: &str,
        last_event_id: Option<&str>,
    ) -> Self {
        let mut sent = format!("GET {path} (accept: text/event-stream");
        let mut request = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("a client")
            .get(server.url(path))
            .header("accept", "text/event-stream");
        if let Some(last) = last_event_id {
            sent.push_str(&format!(", last-event-id: {last}"));
            request = request.header("last-event-id", last);
        }
        sent.push(')');
        let response = match tokio::time::timeout(PATIENCE, request.send()).await {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => fail(id, &sent, "an answer", &format!("no answer: {error}")),
            Err(_) => fail(id, &sent, "an answer's head", "nothing within 5 s"),
        };
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if response.status() != 200 || !content_type.starts_with("text/event-stream") {
            let status = response.status();
            let body = tokio::time::timeout(PATIENCE, response.text())
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or_default();
            fail(
                id,
                &sent,
                "200 with content-type text/event-stream",
                &format!("{status} with content-type {content_type:?}: {body}"),
            );
        }
        Self {
            id,
            sent,
            response,
            buffer: String::new(),
        }
    }

    /// The next event, keep-alive or end, waiting at most `within`.
    pub async fn next(&mut self, within: Duration) -> Received {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                return parse(&block);
            }
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return Received::Nothing,
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Ok(None) | Err(_)) => return Received::Ended,
            }
        }
    }

    /// The next thing that is not a keep-alive, which must be a `comment` event with the body
    /// `body`; returns the event's id and its data as JSON.
    pub async fn expect_comment(&mut self, body: &str) -> (String, Value) {
        let expected =
            format!("an event `comment` with an id and the comment as data, its body {body:?}");
        loop {
            match self.next(PATIENCE).await {
                Received::KeepAlive => continue,
                Received::Event { event, id, data } => {
                    let json: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
                    if event != "comment" || id.is_empty() || json["body"] != body {
                        fail(
                            self.id,
                            &self.sent,
                            expected,
                            &format!("event: {event}\nid: {id}\ndata: {data}"),
                        );
                    }
                    return (id, json);
                }
                other => fail(self.id, &self.sent, expected, &format!("{other:?}")),
            }
        }
    }

    /// Fails the test unless nothing but keep-alives arrive for a moment.
    pub async fn expect_quiet(&mut self, why: &str) {
        loop {
            match self.next(QUIET).await {
                Received::KeepAlive => continue,
                Received::Nothing => return,
                other => fail(self.id, &self.sent, why, &format!("{other:?}")),
            }
        }
    }

    /// Fails the test unless the server ends the stream within `within` (events before the end
    /// are fine).
    pub async fn expect_end(&mut self, within: Duration, why: &str) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Received::Ended => return,
                Received::Nothing => fail(self.id, &self.sent, why, "the stream went on"),
                _ => continue,
            }
        }
    }

    pub fn sent(&self) -> &str {
        &self.sent
    }
}

fn parse(block: &str) -> Received {
    let (mut event, mut id, mut data) = (String::new(), String::new(), Vec::new());
    let mut fields = false;
    for line in block.lines() {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match name {
            "" => {}
            "event" => (event, fields) = (value.to_owned(), true),
            "id" => (id, fields) = (value.to_owned(), true),
            "data" => {
                data.push(value.to_owned());
                fields = true;
            }
            _ => fields = true,
        }
    }
    if fields {
        Received::Event {
            event,
            id,
            data: data.join("\n"),
        }
    } else {
        Received::KeepAlive
    }
}

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The WebSocket handshake to `/api/live`, with `token` in the query when given: the socket, or
/// the status and body the server refused it with.
pub async fn connect(server: &TestServer, token: Option<&str>) -> Result<Socket, (u16, String)> {
    match tokio::net::TcpStream::connect(server.addr()).await {
        Ok(stream) => handshake(server, token, stream).await,
        Err(error) => Err((0, format!("no connection: {error}"))),
    }
}

/// [`connect`]'s handshake, over a connection to `server` the caller made (with socket options
/// of its own).
pub async fn handshake(
    server: &TestServer,
    token: Option<&str>,
    stream: tokio::net::TcpStream,
) -> Result<Socket, (u16, String)> {
    let query = token
        .map(|token| format!("?token={token}"))
        .unwrap_or_default();
    let url = format!("ws://{}/api/live{query}", server.addr());
    let stream = tokio_tungstenite::MaybeTlsStream::Plain(stream);
    match tokio::time::timeout(PATIENCE, tokio_tungstenite::client_async(url, stream)).await {
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(response))) => {
            let body = response
                .body()
                .as_deref()
                .map(|body| String::from_utf8_lossy(body).into_owned())
                .unwrap_or_default();
            Err((response.status().as_u16(), body))
        }
        Ok(Err(error)) => Err((0, format!("the handshake failed: {error}"))),
        Err(_) => Err((0, "no handshake within 5 s".to_owned())),
    }
}

/// A signed-in reader's socket, as exercise `id`'s test: fails the test if the handshake does.
pub async fn open_socket(id: &str, server: &TestServer, user: &Value) -> Socket {
    upgraded(id, connect(server, Some(&token(user))).await)
}

/// The socket, or the test failed with the handshake's answer.
pub fn upgraded(id: &str, handshake: Result<Socket, (u16, String)>) -> Socket {
    handshake.unwrap_or_else(|(status, body)| {
        fail(
            id,
            "GET /api/live?token=… (a WebSocket handshake)",
            "101 Switching Protocols",
            &format!("{status}: {body}"),
        )
    })
}

/// Sends `request` as a text message.
pub async fn send(socket: &mut Socket, request: Value) {
    send_text(socket, request.to_string()).await;
}

/// Sends `text` as a text message, as it is.
pub async fn send_text(socket: &mut Socket, text: String) {
    let _ = socket.send(Message::text(text)).await;
}

/// The next message, `None` when the connection ended or nothing came within `within`.
pub async fn next_message(socket: &mut Socket, within: Duration) -> Option<Message> {
    match tokio::time::timeout(within, socket.next()).await {
        Ok(Some(Ok(message))) => Some(message),
        _ => None,
    }
}

/// The next text message as JSON, skipping pings and pongs; fails the test with `expected` if
/// none comes.
pub async fn expect_json(id: &str, socket: &mut Socket, sent: &str, expected: &str) -> Value {
    loop {
        match next_message(socket, PATIENCE).await {
            Some(Message::Ping(_) | Message::Pong(_)) => continue,
            Some(Message::Text(text)) => {
                return serde_json::from_str(&text).unwrap_or_else(|_| {
                    fail(
                        id,
                        sent,
                        expected,
                        &format!("a text that is not JSON: {text}"),
                    )
                });
            }
            Some(other) => fail(id, sent, expected, &format!("{other:?}")),
            None => fail(id, sent, expected, "nothing (or the connection ended)"),
        }
    }
}

/// Subscribes to `slug` and checks the acknowledgement.
pub async fn subscribe(id: &str, socket: &mut Socket, slug: &str) {
    let request = json!({ "subscribe": slug });
    send(socket, request.clone()).await;
    let expected = format!("{}", json!({ "subscribed": slug }));
    let answer = expect_json(id, socket, &request.to_string(), &expected).await;
    if answer != json!({ "subscribed": slug }) {
        fail(id, &request.to_string(), expected, &answer.to_string());
    }
}
