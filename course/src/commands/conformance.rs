//! `conformance`: RealWorld's own API test suite against the capstone.
//!
//! The suite is RealWorld's Hurl files, read where they are kept (never copied into the course):
//! `REALWORLD_SUITE` when set, else `../shared/realworld/hurl` beside the checkout. The capstone
//! is built and started as `cargo course serve` starts it, with no settings, on a database created
//! empty for the run. The suite then runs twice: on the fresh database, and again on the data the
//! first run left, as a server that has been up for a while would see it (the suite's `uid`
//! variable keeps each run's names apart). A third run goes through a round-robin balancer to two
//! instances on that database, so that each request lands on the other instance than the one
//! before: a token issued by one is checked by the other, an article written on one is read on
//! the other. Every request of every file counts; the command fails unless all of them pass every
//! time.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};

use super::round_robin::RoundRobin;

/// RealWorld's suite as the README counts it: a folder that holds less would pass with less.
const SUITE_FILES: usize = 13;
const SUITE_REQUESTS: usize = 154;

/// The Hurl release the suite is written for, and how to install it.
const INSTALL_HURL: &str = "cargo install --locked hurl@8.0.1";

pub fn conformance(root: &Path) -> anyhow::Result<()> {
    let files = suite(root)?;
    write_realworld_contract(root, &files)?;
    require_hurl()?;
    require_schemathesis()?;
    let binary = build_capstone(root)?;
    let database = local_postgres::fresh_database("conformance")?;
    let address = free_address()?;
    let log = root.join("target").join("conformance");
    std::fs::create_dir_all(&log).with_context(|| format!("cannot create {}", log.display()))?;
    let mut server = Server::start(&binary, &database, address, &log.join("server.log"))?;
    server
        .wait_until_ready(address)
        .with_context(|| format!("see {}", log.join("server.log").display()))?;

    let mut failed = false;
    let mut second = None;
    let mut balancer = None;
    for (round, on) in [
        (1, "a fresh database"),
        (2, "the same database, holding run 1's data"),
        (
            3,
            "two instances of the same database, each request to the next in turn",
        ),
    ] {
        let host = if round < 3 {
            format!("http://{address}")
        } else {
            let other = free_address()?;
            let server_log = log.join("server-2.log");
            let mut started = Server::start(&binary, &database, other, &server_log)?;
            started
                .wait_until_ready(other)
                .with_context(|| format!("see {}", server_log.display()))?;
            second = Some(started);
            let started = RoundRobin::start(vec![address, other])?;
            let host = format!("http://{}", started.address);
            balancer = Some(started);
            host
        };
        let uid = format!("{}r{round}", unix_seconds());
        let report = log.join(format!("report-{round}"));
        let results = run_suite(&files, &host, &uid, &report)?;
        let (passed, total) = results
            .iter()
            .fold((0, 0), |(p, t), file| (p + file.passed, t + file.total));
        println!("\nRun {round}, on {on}:");
        for file in &results {
            let mark = if file.passed == file.total {
                "ok"
            } else {
                "FAIL"
            };
            println!(
                "  {mark:4} {:26} {:3}/{}",
                file.name, file.passed, file.total
            );
            for failure in &file.failures {
                println!("         {failure}");
            }
        }
        println!("  RealWorld API suite: {passed}/{total} requests pass");
        failed |= passed < total;
    }
    if let Some(balancer) = &balancer {
        let sent = balancer.sent();
        println!("  requests per instance in run 3: {sent:?}");
        let (fewest, most) = (
            sent.iter().min().copied().unwrap_or(0),
            sent.iter().max().copied().unwrap_or(0),
        );
        if fewest == 0 || most - fewest > 1 {
            bail!("run 3's requests were not shared in turn between the instances: {sent:?}");
        }
    }
    drop((second, balancer));
    let properties = run_schemathesis(address, &log)?;
    drop(server);
    if failed {
        bail!(
            "the capstone does not pass RealWorld's suite; the server's log is {}",
            log.join("server.log").display()
        );
    }
    if !properties {
        bail!(
            "schemathesis found responses that break the served document (above; its report is \
             in {})",
            log.join("schemathesis").display()
        );
    }
    Ok(())
}

/// RealWorld's OpenAPI document (`openapi.yml`, beside the suite's folder), reduced to the
/// contract the capstone's `tests/openapi.rs` holds the served document to, written to
/// `capstone/tests/realworld-contract.json`: `cargo test` checks it with no copy of the spec, and
/// a spec that changed shows as a changed file (which CI refuses).
fn write_realworld_contract(root: &Path, suite: &[PathBuf]) -> anyhow::Result<()> {
    let spec_path = suite
        .first()
        .and_then(|file| file.parent()?.parent())
        .map(|dir| dir.join("openapi.yml"))
        .context("no suite folder")?;
    let text = std::fs::read_to_string(&spec_path).with_context(|| {
        format!(
            "RealWorld's OpenAPI document is not at {} (beside the suite's folder)",
            spec_path.display()
        )
    })?;
    let spec: serde_json::Value = yaml_serde::from_str(&text)
        .with_context(|| format!("{} is not YAML", spec_path.display()))?;
    let contract = openapi_contract::contract(&spec, "/api");
    let out = root.join("capstone/tests/realworld-contract.json");
    std::fs::write(
        &out,
        format!("{}\n", serde_json::to_string_pretty(&contract)?),
    )
    .with_context(|| format!("cannot write {}", out.display()))
}

/// Property-based requests driven by the document the capstone serves (schemathesis): every
/// operation, with generated valid and invalid input, as a signed-in user. A request passes when
/// the server does not fail (no 5xx) and its answer is one the document allows: a listed status,
/// the declared content type and a body of the declared schema. Returns whether all passed.
fn run_schemathesis(address: SocketAddr, log: &Path) -> anyhow::Result<bool> {
    let token = sign_up(address)?;
    let report = log.join("schemathesis");
    println!("\nschemathesis, driven by http://{address}/api/openapi.json:");
    std::fs::create_dir_all(&report)
        .with_context(|| format!("cannot create {}", report.display()))?;
    let status = Command::new("st")
        // It keeps its example database in `.schemathesis/` of the folder it runs in: the report's,
        // not the checkout.
        .current_dir(&report)
        .args([
            "--no-color",
            "run",
            &format!("http://{address}/api/openapi.json"),
        ])
        .args(["--url", &format!("http://{address}")])
        .args(["--header", &format!("Authorization: Token {token}")])
        .args(SCHEMATHESIS_CHECKS)
        .args(["--max-examples", "25", "--seed", "1", "--workers", "2"])
        .arg("--generation-deterministic")
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .status()
        .context("cannot run schemathesis (`st`)")?;
    Ok(status.success())
}

/// What schemathesis checks: a server that does not fail, and answers the document allows.
/// Left out: the checks that hold the server to more than its document says (that invalid input is
/// refused, that a deleted resource is gone), which RealWorld's suite and the capstone's tests
/// check where the spec says what should happen.
const SCHEMATHESIS_CHECKS: &[&str] = &[
    "--checks",
    "not_a_server_error,status_code_conformance,content_type_conformance,\
     response_schema_conformance,response_headers_conformance",
];

/// The one-line install of schemathesis, from PyPI.
const INSTALL_SCHEMATHESIS: &str = "python3 -m venv ~/.local/schemathesis && \
     ~/.local/schemathesis/bin/pip install schemathesis, then put ~/.local/schemathesis/bin on \
     the PATH";

/// Fails early, with the install command, when `st` (schemathesis) is not on the PATH.
fn require_schemathesis() -> anyhow::Result<()> {
    let found = Command::new("st")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        bail!("schemathesis (`st`) is not on the PATH; install it: {INSTALL_SCHEMATHESIS}");
    }
    Ok(())
}

/// Registers a user of its own on the running capstone and returns its access token, for the
/// operations that need one.
fn sign_up(address: SocketAddr) -> anyhow::Result<String> {
    let name = format!("schemathesis{}", unix_seconds());
    let body = serde_json::json!({
        "user": {"username": name, "email": format!("{name}@example.com"), "password": "a password of some length"}
    })
    .to_string();
    let mut stream = TcpStream::connect(address)?;
    write!(
        stream,
        "POST /api/users HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let json = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .context("no answer to the sign-up")?;
    let user: serde_json::Value =
        serde_json::from_str(json).with_context(|| format!("the sign-up answered {answer}"))?;
    user["user"]["token"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("the sign-up answered {answer}"))
}

/// The suite's `.hurl` files, in name order.
fn suite(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let dir = std::env::var_os("REALWORLD_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            root.join("..")
                .join("shared")
                .join("realworld")
                .join("hurl")
        });
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| {
            format!(
                "RealWorld's Hurl suite is not at {}; set REALWORLD_SUITE to the folder that holds \
                 its .hurl files",
                dir.display()
            )
        })?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "hurl"))
        .collect();
    files.sort();
    let mut requests = 0;
    for file in &files {
        let source = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        requests += requests_in(&source);
    }
    if (files.len(), requests) != (SUITE_FILES, SUITE_REQUESTS) {
        bail!(
            "{} holds {} .hurl files with {requests} requests; RealWorld's suite, which the README \
             promises passes whole, is {SUITE_FILES} files with {SUITE_REQUESTS}: is this its folder, \
             unchanged?",
            dir.display(),
            files.len()
        );
    }
    Ok(files)
}

/// Fails early, with the install command, when `hurl` is not on the PATH.
fn require_hurl() -> anyhow::Result<()> {
    let found = Command::new("hurl")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !found {
        bail!("`hurl` is not on the PATH; install it with `{INSTALL_HURL}` (about 5 minutes)");
    }
    Ok(())
}

/// `cargo build -p capstone`, and the path of the binary it built.
fn build_capstone(root: &Path) -> anyhow::Result<PathBuf> {
    eprintln!("Building the capstone…");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "build",
            "--quiet",
            "--package",
            "capstone",
            "--bin",
            "capstone",
        ])
        .arg("--message-format=json")
        .env("SQLX_OFFLINE", "true")
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!("the capstone does not build");
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "capstone")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .context("cargo built the capstone but named no executable")
}

/// The capstone, running until dropped.
struct Server(Child);

impl Server {
    fn start(
        binary: &Path,
        database: &str,
        address: SocketAddr,
        log: &Path,
    ) -> anyhow::Result<Self> {
        let log = std::fs::File::create(log)
            .with_context(|| format!("cannot create {}", log.display()))?;
        let mut command = Command::new(binary);
        // The capstone's defaults, whatever this shell has set: the suite must pass out of the box.
        let settings = capstone_settings();
        for (name, _) in std::env::vars() {
            if settings.contains(&name.as_str()) {
                command.env_remove(name);
            }
        }
        let child = command
            .env("DATABASE_URL", database)
            .env("BIND_ADDR", address.to_string())
            .env("METRICS_ADDR", "127.0.0.1:0")
            .env("LOG_FORMAT", "json")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        Ok(Self(child))
    }

    /// Polls `/health/ready` until it answers 200 (the migrations run first), or the process
    /// ends.
    fn wait_until_ready(&mut self, address: SocketAddr) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = self.0.try_wait()? {
                bail!("the capstone stopped before it was ready ({status})");
            }
            if status_of(address, "/health/ready") == Some(200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("the capstone was not ready after 60 s")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The variables the capstone reads: the names in the README's table of settings (which a test
/// of the capstone holds to the fields of its `Settings`, the one list in its code), and
/// `RUST_LOG`, which its log filter reads.
fn capstone_settings() -> Vec<&'static str> {
    include_str!("../../../README.md")
        .lines()
        .filter(|line| line.starts_with("| `") && line.matches(" | ").count() >= 2)
        .filter_map(|row| row.split(" | ").next())
        .flat_map(|cell| cell.split('`').skip(1).step_by(2))
        .filter(|name| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .chain(["RUST_LOG"])
        .collect()
}

/// The status code of `GET path` over HTTP/1.0, or `None` when nothing sensible answers.
fn status_of(address: SocketAddr, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(1)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").ok()?;
    let mut head = [0; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

fn free_address() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port on 127.0.0.1")?;
    Ok(listener.local_addr()?)
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// One file's result: requests that passed, requests in all, and what failed.
struct FileResult {
    name: String,
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

/// Runs every file with `--continue-on-error`, so that a failure early in a file does not hide
/// the requests after it, and reads hurl's JSON report. A request passes when it was sent and all
/// of its asserts held; a file hurl could not run at all counts all of its requests as failed.
fn run_suite(
    files: &[PathBuf],
    host: &str,
    uid: &str,
    report: &Path,
) -> anyhow::Result<Vec<FileResult>> {
    let _ = std::fs::remove_dir_all(report);
    let output = Command::new("hurl")
        .args(["--test", "--jobs", "1", "--continue-on-error"])
        .arg("--variable")
        .arg(format!("host={host}"))
        .arg("--variable")
        .arg(format!("uid={uid}"))
        .arg("--report-json")
        .arg(report)
        .args(files)
        .output()
        .context("cannot run hurl")?;
    std::fs::write(report.with_extension("log"), &output.stderr)?;
    let json = report.join("report.json");
    let text = std::fs::read_to_string(&json).with_context(|| {
        format!(
            "hurl wrote no report ({}):\n{}",
            json.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let reported: Vec<serde_json::Value> =
        serde_json::from_str(&text).context("hurl's report is not the JSON expected")?;
    files
        .iter()
        .map(|file| {
            let source = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let name = file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entries = reported
                .iter()
                .find(|result| {
                    result["filename"]
                        .as_str()
                        .is_some_and(|reported| Path::new(reported) == file.as_path())
                })
                .and_then(|result| result["entries"].as_array())
                .map(Vec::as_slice)
                .unwrap_or_default();
            Ok(file_result(name, requests_in(&source), entries))
        })
        .collect()
}

fn file_result(name: String, requests: usize, entries: &[serde_json::Value]) -> FileResult {
    let mut failures = Vec::new();
    let mut passed = 0;
    for entry in entries {
        let line = entry["line"].as_u64().unwrap_or(0);
        let sent = entry["calls"]
            .as_array()
            .is_some_and(|calls| !calls.is_empty());
        let failed: Vec<&str> = entry["asserts"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|assert| assert["success"] != true)
            .map(|assert| assert["message"].as_str().unwrap_or("an assert failed"))
            .collect();
        // A 5xx is a failure even where the suite asserts nothing about it: bad input must get
        // a 4xx that says what is wrong.
        let server_error = entry["calls"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|call| call["response"]["status"].as_u64())
            .find(|status| *status >= 500);
        match (sent, failed.first(), server_error) {
            (false, _, _) => failures.push(format!(
                "line {line}: not sent (a variable an earlier request should have captured is unset)"
            )),
            (true, Some(message), _) => {
                failures.push(format!("line {line}: {}", summary(message)));
            }
            (true, None, Some(status)) => {
                failures.push(format!("line {line}: answered {status}, a server error"));
            }
            (true, None, None) => passed += 1,
        }
    }
    if entries.is_empty() {
        failures.push("hurl could not run this file; see its log".to_owned());
    }
    FileResult {
        name,
        passed,
        total: requests.max(entries.len()),
        failures,
    }
}

/// hurl's assert message in one line: what was asserted, what was expected and what came.
fn summary(message: &str) -> String {
    let mut parts = vec![message.lines().next().unwrap_or_default().trim().to_owned()];
    parts.extend(message.lines().filter_map(|line| {
        let text = line
            .rsplit_once('|')?
            .1
            .trim()
            .trim_start_matches('^')
            .trim();
        (text.starts_with("actual") || text.starts_with("expected")).then(|| text.to_owned())
    }));
    parts.join("; ")
}

/// The requests of a Hurl file: the lines that start with an HTTP method.
fn requests_in(source: &str) -> usize {
    const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
    source
        .lines()
        .filter(|line| {
            line.split_once(' ')
                .is_some_and(|(method, _)| METHODS.contains(&method))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The run clears what the README's table names, so the table must read as a list of them.
    #[test]
    fn the_capstone_settings_are_read_from_the_readme() {
        let settings = capstone_settings();
        for name in [
            "DATABASE_URL",
            "JWT_SECRET",
            "DB_MAX_CONNECTIONS",
            "LOG_FORMAT",
            "RUST_LOG",
        ] {
            assert!(settings.contains(&name), "{name} in {settings:?}");
        }
        assert!(settings.len() >= 20, "{settings:?}");
        assert!(!settings.contains(&"PATH"), "{settings:?}");
    }

    #[test]
    fn a_request_passes_only_when_sent_with_every_assert_holding() {
        let entries = [
            json!({ "line": 1, "calls": [{}], "asserts": [{ "success": true }] }),
            json!({ "line": 4, "calls": [{}], "asserts": [
                { "success": true },
                { "success": false, "message": "Assert status code\n --> a.hurl:5:6\n 5 | HTTP 200\n   |      ^^^ actual value is <404>\n" },
            ] }),
            json!({ "line": 9, "calls": [], "asserts": [] }),
            json!({ "line": 12, "calls": [{ "response": { "status": 500 } }], "asserts": [] }),
        ];
        let result = file_result("a.hurl".to_owned(), 4, &entries);
        assert_eq!((result.passed, result.total), (1, 4));
        assert_eq!(
            result.failures[0],
            "line 4: Assert status code; actual value is <404>"
        );
        assert!(result.failures[1].starts_with("line 9: not sent"));
        assert_eq!(result.failures[2], "line 12: answered 500, a server error");
    }

    #[test]
    fn a_failed_query_assert_says_what_was_expected_and_what_came() {
        let message = "Assert failure\n  --> x.hurl:79:0\n   |\n79 | jsonpath \"$.errors\" == \"x\"\n   |   actual:   none\n   |   expected: string <x>\n   |\n";
        assert_eq!(
            summary(message),
            "Assert failure; actual:   none; expected: string <x>"
        );
    }

    #[test]
    fn a_file_hurl_could_not_run_fails_all_its_requests() {
        let result = file_result("b.hurl".to_owned(), 2, &[]);
        assert_eq!((result.passed, result.total), (0, 2));
    }

    #[test]
    fn requests_are_counted_by_their_method_lines() {
        let source = "# a comment\nGET {{host}}/a\nHTTP 200\n\nPOST {{host}}/b\n{\n  \"GET\": 1\n}\nHTTP 201\n";
        assert_eq!(requests_in(source), 2);
    }
}
