//! The few DevTools protocol calls the check needs, over the browser's WebSocket: open a page,
//! attach to it, and evaluate JavaScript in it. Replies are matched to calls by id; the events
//! the browser sends meanwhile are skipped.

use std::time::Duration;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

pub struct Browser {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

/// A page of the browser, attached: what [`Browser::evaluate`] runs in.
pub struct Page {
    session: String,
}

impl Browser {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let (socket, _) = connect_async(url)
            .await
            .with_context(|| format!("cannot reach the browser's DevTools at {url}"))?;
        Ok(Self { socket, next_id: 0 })
    }

    /// A new tab at `url`.
    pub async fn open(&mut self, url: &str) -> anyhow::Result<Page> {
        let target = self
            .call(None, "Target.createTarget", json!({ "url": url }))
            .await?;
        let target = target["targetId"].as_str().context("no targetId")?;
        let attached = self
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target, "flatten": true }),
            )
            .await?;
        let session = attached["sessionId"].as_str().context("no sessionId")?;
        Ok(Page {
            session: session.to_owned(),
        })
    }

    /// The value of `expression` in `page` (JSON-serialisable values only).
    pub async fn evaluate(&mut self, page: &Page, expression: &str) -> anyhow::Result<Value> {
        match self.run(page, expression).await? {
            Ok(value) => Ok(value),
            Err(thrown) => bail!("the page threw: {thrown}"),
        }
    }

    /// Evaluates `condition` every 100 ms until it is `true`; false if `patience` ran out first.
    ///
    /// A condition that throws counts as not yet true: a tab opened at an address has, for a
    /// moment, a document whose `body` is still `null` (seen as a CI failure, "Cannot read
    /// properties of null"). If it is still throwing when patience runs out, that is the error.
    pub async fn wait_for(
        &mut self,
        page: &Page,
        condition: &str,
        patience: Duration,
    ) -> anyhow::Result<bool> {
        let deadline = tokio::time::Instant::now() + patience;
        let mut thrown = None;
        while tokio::time::Instant::now() < deadline {
            match self.run(page, condition).await? {
                Ok(Value::Bool(true)) => return Ok(true),
                Ok(_) => thrown = None,
                Err(exception) => thrown = Some(exception),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        match thrown {
            Some(exception) => bail!("the page threw until the end: {exception}"),
            None => Ok(false),
        }
    }

    /// `Runtime.evaluate`: the value, or what the page threw.
    async fn run(&mut self, page: &Page, expression: &str) -> anyhow::Result<Result<Value, Value>> {
        let mut result = self
            .call(
                Some(&page.session),
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .await?;
        Ok(match result.get_mut("exceptionDetails") {
            Some(thrown) => Err(match thrown["exception"]["description"].take() {
                Value::Null => thrown.take(),
                description => description,
            }),
            None => Ok(result["result"]["value"].take()),
        })
    }

    async fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> anyhow::Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut call = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            call["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(call.to_string()))
            .await
            .with_context(|| format!("cannot send {method}"))?;
        let reply = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(message) = self.socket.next().await {
                let Message::Text(text) = message? else {
                    continue;
                };
                let reply: Value = serde_json::from_str(&text)?;
                if reply["id"] == json!(id) {
                    return Ok(reply);
                }
            }
            bail!("the browser closed its DevTools connection")
        })
        .await
        .with_context(|| format!("no reply to {method} within 10 s"))??;
        if let Some(error) = reply.get("error") {
            bail!("{method}: {error}");
        }
        Ok(reply["result"].clone())
    }
}
