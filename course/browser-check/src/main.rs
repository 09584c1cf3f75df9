//! Lesson 6's watch page (`/watch`), checked in a real browser: the reference server on a fresh
//! database, the page in headless Chromium driven over the DevTools protocol. It checks what a
//! learner would see: both transports connect, and a comment posted through the API, then one
//! posted from the page's own form, appear over the event stream and over the WebSocket.
//!
//! `cargo course maintain watch-page` builds the server and runs this with its path. Chromium is
//! Debian's `chromium` (or the program `CHROMIUM` names); CI installs it when missing, and a
//! learner's `cargo test` never needs it.

mod devtools;
mod processes;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use devtools::{Browser, Page};
use processes::{Chromium, Server};

/// How long the page has for what should happen at once over a local connection.
const PATIENCE: Duration = Duration::from_secs(10);

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("watch page: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let binary: PathBuf = std::env::args_os()
        .nth(1)
        .context("usage: course-browser-check PATH-OF-THE-LESSON-6-SERVER")?
        .into();
    let database =
        tokio::task::spawn_blocking(|| local_postgres::fresh_database("watch_page")).await??;
    let server = Server::start(&binary, &database).await?;
    let api = Api::new(server.url());
    let token = api.sign_up().await?;
    let slug = api.publish(&token).await?;
    println!("Server {} with an article {slug:?}", server.url());

    let chromium = Chromium::start().await?;
    let mut browser = Browser::connect(chromium.devtools()).await?;
    let page_url = format!("{}/watch?slug={slug}&token={token}", server.url());
    let page = browser.open(&page_url).await?;
    let check = Check {
        browser: &mut browser,
        page: &page,
    };
    check.run(&api, &token, &slug).await
}

struct Check<'a> {
    browser: &'a mut Browser,
    page: &'a Page,
}

impl Check<'_> {
    async fn run(mut self, api: &Api, token: &str, slug: &str) -> anyhow::Result<()> {
        self.expect(
            "both transports connect: the EventSource open, the WebSocket subscribed",
            "document.body.dataset.sse === 'open' && document.body.dataset.ws === 'subscribed'",
        )
        .await?;

        api.comment(token, slug, "Posted through the API").await?;
        self.expect_on_both("Posted through the API").await?;

        self.browser
            .evaluate(
                self.page,
                "document.getElementById('body').value = 'Posted from the page'; \
                 document.getElementById('send').requestSubmit(); true",
            )
            .await?;
        self.expect_on_both("Posted from the page").await?;
        println!("The watch page works over both transports.");
        Ok(())
    }

    async fn expect_on_both(&mut self, body: &str) -> anyhow::Result<()> {
        for (list, transport) in [("sse", "the event stream"), ("ws", "the WebSocket")] {
            let condition = format!(
                "[...document.querySelectorAll('#{list} li')].some(item => item.textContent.endsWith({}))",
                json!(body)
            );
            self.expect(&format!("{body:?} shown from {transport}"), &condition)
                .await?;
        }
        Ok(())
    }

    async fn expect(&mut self, what: &str, condition: &str) -> anyhow::Result<()> {
        if self
            .browser
            .wait_for(self.page, condition, PATIENCE)
            .await?
        {
            println!("  ok  {what}");
            return Ok(());
        }
        let text = self
            .browser
            .evaluate(self.page, "document.body.innerText")
            .await
            .unwrap_or_default();
        bail!(
            "{what}: not within {} s. The page shows:\n{}",
            PATIENCE.as_secs(),
            text.as_str().unwrap_or_default()
        )
    }
}

/// Conduit's API, to set the scene: a user and an article, and comments from outside the page.
struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    fn new(base: &str) -> Self {
        Self {
            client: reqwest::Client::new(),
            base: base.to_owned(),
        }
    }

    async fn sign_up(&self) -> anyhow::Result<String> {
        let user = json!({ "user": {
            "username": "watcher", "email": "watcher@example.com", "password": "password123" } });
        let answer = self.post("/api/users", None, &user).await?;
        answer["user"]["token"]
            .as_str()
            .map(str::to_owned)
            .context("the sign-up's answer has no token")
    }

    async fn publish(&self, token: &str) -> anyhow::Result<String> {
        let article = json!({ "article": {
            "title": "Watched live", "description": "d", "body": "b" } });
        let answer = self.post("/api/articles", Some(token), &article).await?;
        answer["article"]["slug"]
            .as_str()
            .map(str::to_owned)
            .context("the article's answer has no slug")
    }

    async fn comment(&self, token: &str, slug: &str, body: &str) -> anyhow::Result<()> {
        let comment = json!({ "comment": { "body": body } });
        let path = format!("/api/articles/{slug}/comments");
        self.post(&path, Some(token), &comment).await.map(drop)
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> anyhow::Result<Value> {
        let mut request = self.client.post(format!("{}{path}", self.base)).json(body);
        if let Some(token) = token {
            request = request.header("authorization", format!("Token {token}"));
        }
        let answer = request.send().await?;
        let status = answer.status();
        let text = answer.text().await?;
        if !status.is_success() {
            bail!("POST {path} answered {status}: {text}");
        }
        Ok(serde_json::from_str(&text)?)
    }
}
