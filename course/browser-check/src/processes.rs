//! The two programs the check runs, each stopped when its value is dropped, whether the check
//! passed or not.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, BufReader};

/// Lesson 6's server on a free port of this machine, over `database`.
pub struct Server {
    child: Child,
    url: String,
}

impl Server {
    pub async fn start(binary: &Path, database: &str) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = Command::new(binary)
            .env("DATABASE_URL", database)
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("METRICS_ADDR", "off")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let ready = format!("{}/health/ready", server.url);
        for _ in 0..100 {
            if let Ok(answer) = reqwest::get(&ready).await
                && answer.status().is_success()
            {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        bail!("{} was not ready within 20 s", binary.display())
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Headless Chromium with its DevTools on a port it chose, and a profile of its own.
pub struct Chromium {
    child: tokio::process::Child,
    devtools: String,
    profile: std::path::PathBuf,
}

impl Chromium {
    pub async fn start() -> anyhow::Result<Self> {
        let program = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
        let profile =
            std::env::temp_dir().join(format!("course-watch-page-{}", std::process::id()));
        let mut child = tokio::process::Command::new(&program)
            .args([
                "--headless=new",
                // The sandbox needs user namespaces, which a container (or root) often lacks.
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                "about:blank",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| {
                format!(
                    "cannot start {program}: install Debian's chromium (apt-get install chromium) \
                     or name a Chromium with CHROMIUM"
                )
            })?;
        let stderr = child.stderr.take().context("no stderr")?;
        let mut lines = BufReader::new(stderr).lines();
        let found = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return Ok(url.trim().to_owned());
                }
            }
            bail!("{program} ended without opening its DevTools")
        })
        .await
        .context("Chromium did not open its DevTools within 30 s")??;
        // Keep reading its stderr, so that Chromium never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self {
            child,
            devtools: found,
            profile,
        })
    }

    pub fn devtools(&self) -> &str {
        &self.devtools
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
