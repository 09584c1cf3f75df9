//! The capstone under load, measured: `cargo course bench` runs this in release mode.
//!
//! One process, one pool, one PostgreSQL database seeded to a realistic size
//! (`capstone/tests/seed.sql`: 10,000 articles, 1,000 users, their tags, favorites, follows and
//! comments). The same routes are served two ways at once, each on a port of its own: bare (the
//! routes and their state, nothing around them) and as `capstone::app` (the full stack). A load
//! generator on a thread of its own (HTTP/1.1 with keep-alive, a fixed number of connections each
//! sending its next request as soon as the last is answered, like `wrk`, whose per-request
//! latencies it keeps) drives each in turn.
//!
//! It prints (and writes to `target/bench/results.md`) the throughput and latency of the main
//! endpoints bare and full, and whether a flood of logins starves reads; then checks them against
//! the budget the book states, and exits with an error when one is missed. What each layer costs
//! is counted in instructions by the `instructions` program beside this one: under load, times on
//! two cores move by more than a layer costs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::Method;
use capstone::{AppState, Config};
use local_postgres::TestDatabase;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Connections that read (`wrk -c32`) and that log in, in the flood.
const READERS: usize = 32;
const LOGINS: usize = 8;

/// Bare and full are compared in this many rounds of each, alternating; the login flood is
/// measured in as many rounds (reads alone, then reads beside logins). Each bound of the budget is
/// the median of the rounds: the machine's speed drifts over a run by more than the stack costs.
const ROUNDS: usize = 5;

/// What to ask for: one request, sent over and over.
#[derive(Clone)]
struct Target {
    name: &'static str,
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<String>,
}

impl Target {
    fn get(name: &'static str, path: &str) -> Self {
        Self {
            name,
            method: Method::GET,
            path: path.to_owned(),
            token: None,
            body: None,
        }
    }

    fn post(name: &'static str, path: &str, body: &str) -> Self {
        Self {
            method: Method::POST,
            body: Some(body.to_owned()),
            ..Self::get(name, path)
        }
    }

    /// The request as it goes on the wire, written once and sent again and again.
    fn wire(&self) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\nhost: bench\r\n", self.method, self.path);
        if let Some(token) = &self.token {
            head.push_str(&format!("authorization: Token {token}\r\n"));
        }
        let body = self.body.as_deref().unwrap_or_default();
        if !body.is_empty() {
            head.push_str("content-type: application/json\r\n");
        }
        head.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
        head.into_bytes()
    }
}

/// What a run measured.
#[derive(Debug, Default, Clone)]
struct Run {
    answered: u64,
    /// Answers that were not 2xx, and connections that failed.
    failed: u64,
    seconds: f64,
    /// Every answered request's latency, in microseconds, sorted.
    latencies: Vec<u32>,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.answered as f64 / self.seconds
    }

    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies.len() - 1) as f64).round() as usize;
        Duration::from_micros(u64::from(self.latencies[rank]))
    }

    /// Runs made one after another, as one: their times add up.
    fn merge_rounds(runs: Vec<Run>) -> Run {
        let seconds = runs.iter().map(|run| run.seconds).sum();
        Run::merge(runs, seconds)
    }

    fn merge(runs: Vec<Run>, seconds: f64) -> Run {
        let mut merged = Run {
            seconds,
            ..Run::default()
        };
        for run in runs {
            merged.answered += run.answered;
            merged.failed += run.failed;
            merged.latencies.extend(run.latencies);
        }
        merged.latencies.sort_unstable();
        merged
    }
}

/// `target` bare and full in [`ROUNDS`] alternating runs sharing `seconds`; the ratio is the
/// median of the rounds' ratios.
async fn compare(
    target: &Target,
    bare: SocketAddr,
    full: SocketAddr,
    connections: usize,
    seconds: Duration,
) -> Compared {
    let rounds = alternate(
        target,
        [bare, full],
        connections,
        ROUNDS,
        seconds / ROUNDS as u32,
    )
    .await;
    let mut ratios: Vec<f64> = rounds
        .iter()
        .map(|[without, with]| with.per_second() / without.per_second().max(f64::MIN_POSITIVE))
        .collect();
    ratios.sort_by(f64::total_cmp);
    let (bares, fulls): (Vec<Run>, Vec<Run>) = rounds
        .into_iter()
        .map(|[without, with]| (without, with))
        .unzip();
    Compared {
        name: target.name,
        bare: Run::merge_rounds(bares),
        full: Run::merge_rounds(fulls),
        ratio: ratios[ROUNDS / 2],
    }
}

/// `target` on each of two servers in turn, `rounds` times, `each` long a run: the machine's speed
/// drifts over a benchmark by more than the stack costs, and alternating makes the drift fall on
/// both alike. Callers take the median of what they compare across the rounds.
async fn alternate(
    target: &Target,
    servers: [SocketAddr; 2],
    connections: usize,
    rounds: usize,
    each: Duration,
) -> Vec<[Run; 2]> {
    let mut runs = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let first = load(servers[0], target, connections, each).await;
        let second = load(servers[1], target, connections, each).await;
        runs.push([first, second]);
    }
    runs
}

/// `connections` clients on one connection each, sending `target` to `address` for `duration`.
async fn load(address: SocketAddr, target: &Target, connections: usize, duration: Duration) -> Run {
    let started = Instant::now();
    let end = started + duration;
    // Collected before any is awaited: a lazy iterator would start each client only when the one
    // before it had finished, one connection at a time (as this benchmark did until its test).
    let clients: Vec<_> = (0..connections)
        .map(|_| {
            let target = target.clone();
            tokio::spawn(async move { client(address, &target, end).await })
        })
        .collect();
    let mut runs = Vec::with_capacity(connections);
    for client in clients {
        runs.push(client.await.unwrap_or_default());
    }
    Run::merge(runs, started.elapsed().as_secs_f64())
}

/// One keep-alive connection, one request at a time until `end`. The client is HTTP/1.1 written
/// by hand (a request's bytes prepared once, an answer read as far as its length says), so that
/// the load generator costs little beside the server it measures.
async fn client(address: SocketAddr, target: &Target, end: Instant) -> Run {
    let mut run = Run::default();
    let Ok(mut stream) = TcpStream::connect(address).await else {
        run.failed += 1;
        return run;
    };
    let _ = stream.set_nodelay(true);
    let request = target.wire();
    let mut buffer = Vec::with_capacity(16 * 1024);
    while Instant::now() < end {
        let sent = Instant::now();
        if stream.write_all(&request).await.is_err() {
            run.failed += 1;
            break;
        }
        let Ok(status) = read_response(&mut stream, &mut buffer).await else {
            run.failed += 1;
            break;
        };
        run.latencies
            .push(u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX));
        run.answered += 1;
        if !(200..300).contains(&status) {
            run.failed += 1;
        }
    }
    run
}

/// Reads one answer from `stream`, through `buffer` (which keeps whatever follows it); its status.
async fn read_response(
    stream: &mut (impl AsyncRead + Unpin),
    buffer: &mut Vec<u8>,
) -> std::io::Result<u16> {
    let head_end = loop {
        if let Some(at) = find(buffer, b"\r\n\r\n", 0) {
            break at + 4;
        }
        read_more(stream, buffer).await?;
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let status = head
        .get(9..12)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| malformed("no status line"))?;
    let length = head.lines().find_map(|line| {
        let length = line.strip_prefix("content-length:")?;
        length.trim().parse::<usize>().ok()
    });
    let end = match length {
        Some(length) => head_end + length,
        None if head.contains("transfer-encoding: chunked") => {
            chunked_end(stream, buffer, head_end).await?
        }
        None => return Err(malformed("an answer with neither a length nor chunks")),
    };
    while buffer.len() < end {
        read_more(stream, buffer).await?;
    }
    buffer.drain(..end);
    Ok(status)
}

/// Where a chunked body that starts at `start` ends: after its chunk of length 0 and its CRLF.
async fn chunked_end(
    stream: &mut (impl AsyncRead + Unpin),
    buffer: &mut Vec<u8>,
    mut start: usize,
) -> std::io::Result<usize> {
    loop {
        let line_end = loop {
            if let Some(at) = find(buffer, b"\r\n", start) {
                break at;
            }
            read_more(stream, buffer).await?;
        };
        let size = std::str::from_utf8(&buffer[start..line_end])
            .ok()
            .and_then(|line| usize::from_str_radix(line.split(';').next()?.trim(), 16).ok())
            .ok_or_else(|| malformed("a chunk size"))?;
        start = line_end + 2 + size + 2;
        if size == 0 {
            return Ok(start);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| at + from)
}

async fn read_more(
    stream: &mut (impl AsyncRead + Unpin),
    buffer: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut chunk = [0; 16 * 1024];
    match stream.read(&mut chunk).await? {
        0 => Err(std::io::ErrorKind::UnexpectedEof.into()),
        read => {
            buffer.extend_from_slice(&chunk[..read]);
            Ok(())
        }
    }
}

fn malformed(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

/// Serves `router` on a free port of 127.0.0.1, on the current runtime; returns the address.
async fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("its address");
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    address
}

/// How long each run lasts: `--seconds N` (5 by default).
fn seconds_per_run() -> anyhow::Result<Duration> {
    let mut arguments = std::env::args().skip(1);
    let mut seconds = 5;
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--seconds" => {
                seconds = arguments
                    .next()
                    .and_then(|value| value.parse().ok())
                    .filter(|value| *value > 0)
                    .ok_or_else(|| anyhow::anyhow!("--seconds takes a whole number above 0"))?;
            }
            other => anyhow::bail!("unknown argument {other:?} (only --seconds N)"),
        }
    }
    Ok(Duration::from_secs(seconds))
}

/// The data, the state and a signed-in reader who follows 50 authors.
struct Setup {
    /// Held so that the database lives as long as the run; dropped, it is dropped.
    _database: TestDatabase,
    state: AppState,
    config: Config,
    token: String,
    /// The server's version, as it reports it.
    postgres: String,
}

async fn setup() -> anyhow::Result<Setup> {
    let database = capstone_bench::seeded_database().await?;
    // Production's settings, but for the rate limit on logins: the benchmark is one client address
    // logging in thousands of times a minute on purpose. The pool is production's too, sized by
    // the configuration (`DB_MAX_CONNECTIONS`), not the small one tests share.
    let config = Config::from_vars([
        ("AUTH_RATE_LIMIT_PER_MINUTE", u32::MAX.to_string()),
        ("DATABASE_URL", database.url()),
    ])?;
    let pool = capstone::db::connect(&config).await?;
    let state = AppState::new(pool, &config)?;
    let full = serve(capstone::app(state.clone(), &config)).await;
    let registration = Target::post("sign-up", "/api/users", READER);
    let token = sign_in(full, &registration).await?;
    sqlx::raw_sql(
        "INSERT INTO follows (follower_id, followed_id)
         SELECT r.id, u.id FROM users r, users u
         WHERE r.username = 'reader' AND u.username LIKE 'user-%' AND u.id % 20 = 0",
    )
    .execute(database.pool())
    .await?;
    // `15.14 (Debian 15.14-1.pgdg120+1)`: the number, for the report's header.
    let version: String = sqlx::query_scalar("SELECT current_setting('server_version')")
        .fetch_one(database.pool())
        .await?;
    let postgres = version
        .split_whitespace()
        .next()
        .unwrap_or("(version unknown)")
        .to_owned();
    Ok(Setup {
        _database: database,
        state,
        config,
        token,
        postgres,
    })
}

/// The reader, as signed up and as logging in.
const READER: &str =
    r#"{"user":{"username":"reader","email":"reader@example.com","password":"reader-password"}}"#;
const READER_LOGIN: &str =
    r#"{"user":{"email":"reader@example.com","password":"reader-password"}}"#;

/// The access token in the answer to `target` (a sign-up), through `reqwest`.
async fn sign_in(address: SocketAddr, target: &Target) -> anyhow::Result<String> {
    let answer = reqwest::Client::new()
        .post(format!("http://{address}{}", target.path))
        .header("content-type", "application/json")
        .body(target.body.clone().unwrap_or_default())
        .send()
        .await?;
    let status = answer.status();
    let json: serde_json::Value = answer.json().await?;
    anyhow::ensure!(status.is_success(), "{}: {status} {json}", target.name);
    json["user"]["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("{}: no token in {json}", target.name))
}

/// One endpoint, bare and full: every round of each merged, and the median of their ratios.
struct Compared {
    name: &'static str,
    bare: Run,
    full: Run,
    ratio: f64,
}

/// `/api/tags` alone, then beside a flood of logins, in [`ROUNDS`] rounds: every round merged,
/// and the median of the rounds' p99 ratios.
struct Flood {
    alone: Run,
    reads: Run,
    logins: Run,
    p99_ratio: f64,
}

impl Flood {
    fn from_rounds(rounds: Vec<[Run; 3]>) -> Self {
        let mut ratios: Vec<f64> = rounds
            .iter()
            .map(|[alone, reads, _]| {
                reads.percentile(99.0).as_secs_f64()
                    / alone.percentile(99.0).as_secs_f64().max(1e-9)
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        let p99_ratio = ratios[ratios.len() / 2];
        let (mut alone, mut reads, mut logins) = (Vec::new(), Vec::new(), Vec::new());
        for [a, r, l] in rounds {
            alone.push(a);
            reads.push(r);
            logins.push(l);
        }
        Self {
            alone: Run::merge_rounds(alone),
            reads: Run::merge_rounds(reads),
            logins: Run::merge_rounds(logins),
            p99_ratio,
        }
    }
}

/// The budget the book states, each bound with what was measured: the data endpoints keep at
/// least 0.90 of the bare routes' throughput with the full stack, and a login flood at most
/// doubles `/api/tags`' p99. `/health/live` is reported, not budgeted: on a route that does
/// nothing, any stack is most of the cost.
fn budget(compared: &[Compared], flood: &Flood) -> Vec<(String, bool)> {
    let ratio = |name: &str| {
        compared
            .iter()
            .find(|c| c.name == name)
            .map_or(0.0, |c| c.ratio)
    };
    let mut checks: Vec<(String, bool)> = ["/api/tags", "the article list"]
        .into_iter()
        .map(|name| {
            let measured = ratio(name);
            let check = format!(
                "{name}: the full stack at {measured:.3}x the bare routes (budget: at least 0.90x)"
            );
            (check, measured >= 0.90)
        })
        .collect();
    checks.push((
        format!(
            "/api/tags p99 under a login flood: {:.3}x alone (budget: at most 2x)",
            flood.p99_ratio
        ),
        flood.p99_ratio <= 2.0,
    ));
    checks
}

fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn report(
    postgres: &str,
    seconds: Duration,
    compared: &[Compared],
    flood: &Flood,
    checks: &[(String, bool)],
) -> String {
    let mut out = String::new();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    out.push_str(&format!(
        "Measured {} on {cores} cores ({cpu}), release build, {} s per endpoint bare and as much full, in {ROUNDS} alternating rounds (the ratio is the rounds' median), {READERS} connections ({LOGINS} for login), one PostgreSQL {postgres} on the same machine.\n\n",
        chrono::Utc::now().format("%Y-%m-%d"), seconds.as_secs()
    ));
    out.push_str("| endpoint | bare req/s | bare p50 | bare p99 | full req/s | full p50 | full p99 | full / bare |\n|---|---|---|---|---|---|---|---|\n");
    for c in compared {
        out.push_str(&format!(
            "| {} | {:.0} | {} | {} | {:.0} | {} | {} | {:.2}x |\n",
            c.name,
            c.bare.per_second(),
            millis(c.bare.percentile(50.0)),
            millis(c.bare.percentile(99.0)),
            c.full.per_second(),
            millis(c.full.percentile(50.0)),
            millis(c.full.percentile(99.0)),
            c.ratio
        ));
    }
    out.push_str(&format!(
        "\nLogin flood, {ROUNDS} rounds ({LOGINS} connections logging in, {:.0} logins/s answered, {} refused): `/api/tags` {:.0} req/s (alone {:.0}), p99 {} (alone {}), the rounds' median p99 ratio {:.2}x.\n\n",
        flood.logins.per_second(), flood.logins.failed,
        flood.reads.per_second(), flood.alone.per_second(), millis(flood.reads.percentile(99.0)), millis(flood.alone.percentile(99.0)), flood.p99_ratio,
    ));
    for (check, ok) in checks {
        out.push_str(&format!(
            "- {} {check}\n",
            if *ok {
                "within budget:"
            } else {
                "OVER BUDGET:"
            }
        ));
    }
    out
}

fn main() -> anyhow::Result<()> {
    let seconds = seconds_per_run()?;
    capstone_bench::log_as_production_does()?;
    // The server on every core, as in production; the load generator on one thread of its own.
    let server = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    eprintln!("seeding 10,000 articles…");
    let setup = server.block_on(setup())?;
    let (state, config) = (&setup.state, &setup.config);
    let bare_routes =
        capstone::routes::router(state.auth_limiter.clone()).with_state(state.clone());
    let (bare, full) = server.block_on(async {
        let bare = serve(bare_routes).await;
        let full = serve(capstone::app(state.clone(), config)).await;
        (bare, full)
    });

    let feed = Target {
        token: Some(setup.token.clone()),
        ..Target::get("the feed", "/api/articles/feed?limit=20")
    };
    let login = Target::post("login", "/api/users/login", READER_LOGIN);
    let targets = [
        Target::get("/health/live", "/health/live"),
        Target::get("/api/tags", "/api/tags"),
        Target::get("the article list", "/api/articles?limit=20"),
        Target::get("articles by tag", "/api/articles?tag=tag-7&limit=20"),
        feed,
        Target::get("one article", "/api/articles/article-4242"),
        login.clone(),
    ];
    let (compared, flood) = client.block_on(async {
        let mut compared = Vec::new();
        for target in &targets {
            let connections = if target.name == "login" {
                LOGINS
            } else {
                READERS
            };
            eprintln!("{}…", target.name);
            load(full, target, connections, Duration::from_secs(1)).await;
            compared.push(compare(target, bare, full, connections, seconds).await);
        }
        eprintln!("a login flood…");
        let tags = &targets[1];
        let each = seconds / ROUNDS as u32;
        let mut rounds = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let alone = load(full, tags, READERS, each).await;
            let (reads, logins) = tokio::join!(
                load(full, tags, READERS, each),
                load(full, &login, LOGINS, each)
            );
            rounds.push([alone, reads, logins]);
        }
        (compared, Flood::from_rounds(rounds))
    });

    let checks = budget(&compared, &flood);
    let text = report(&setup.postgres, seconds, &compared, &flood, &checks);
    println!("{text}");
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join("results.md"), &text)?;
    println!("Written to {}", folder.join("results.md").display());
    drop(setup);
    let missed = checks.iter().filter(|(_, ok)| !ok).count();
    anyhow::ensure!(missed == 0, "{missed} of the budget's bounds missed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers written by `server`, read back one at a time.
    async fn statuses(server: &[u8], answers: usize) -> Vec<u16> {
        let (mut client, mut other) = tokio::io::duplex(64);
        let written = server.to_vec();
        tokio::spawn(async move { other.write_all(&written).await });
        let mut buffer = Vec::new();
        let mut read = Vec::new();
        for _ in 0..answers {
            read.push(
                read_response(&mut client, &mut buffer)
                    .await
                    .expect("an answer"),
            );
        }
        assert!(buffer.is_empty(), "nothing left over: {buffer:?}");
        read
    }

    #[tokio::test]
    async fn answers_are_read_by_their_length_or_their_chunks() {
        let sized = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello\
                      HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(statuses(sized, 2).await, [200, 404]);
        let chunked = b"HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n\
                        4\r\nwiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n\
                        HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\nno";
        assert_eq!(statuses(chunked, 2).await, [201, 503]);
    }

    /// The load is `connections` requests at a time, each on its connection: a server whose
    /// answers take 20 ms sees them all at once.
    #[tokio::test]
    async fn the_connections_send_at_the_same_time() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        #[derive(Default)]
        struct InFlight {
            now: AtomicUsize,
            most: AtomicUsize,
        }
        let in_flight = Arc::new(InFlight::default());
        let counted = in_flight.clone();
        let router = Router::new().route(
            "/slow",
            axum::routing::get(move || {
                let counted = counted.clone();
                async move {
                    let now = counted.now.fetch_add(1, Ordering::SeqCst) + 1;
                    counted.most.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    counted.now.fetch_sub(1, Ordering::SeqCst);
                }
            }),
        );
        let address = serve(router).await;
        let run = load(
            address,
            &Target::get("slow", "/slow"),
            4,
            Duration::from_millis(300),
        )
        .await;
        assert_eq!(in_flight.most.load(Ordering::SeqCst), 4, "requests at once");
        assert_eq!(run.failed, 0);
        assert!(
            run.answered >= 4 * 10,
            "each connection answered about 15 times: {}",
            run.answered
        );
    }

    fn run(per_second: u64, p99_micros: u32) -> Run {
        Run {
            answered: per_second,
            failed: 0,
            seconds: 1.0,
            latencies: vec![p99_micros / 2, p99_micros],
        }
    }

    #[test]
    fn the_budget_holds_each_bound_and_says_which_is_missed() {
        let compared = |name, bare, full| Compared {
            name,
            bare: run(bare, 100),
            full: run(full, 100),
            ratio: full as f64 / bare as f64,
        };
        let measured = [
            compared("/health/live", 1000, 100),
            compared("/api/tags", 1000, 899),
            compared("the article list", 1000, 900),
        ];
        // The median round doubles the p99, within the bound; the worst round alone would miss it.
        let flood = Flood::from_rounds(vec![
            [run(1000, 1000), run(500, 1500), run(30, 40_000)],
            [run(1000, 1000), run(500, 2000), run(30, 40_000)],
            [run(1000, 1000), run(500, 9000), run(30, 40_000)],
        ]);
        assert_eq!(flood.p99_ratio, 2.0);
        let missed: Vec<String> = budget(&measured, &flood)
            .into_iter()
            .filter(|(_, ok)| !ok)
            .map(|(check, _)| check)
            .collect();
        assert_eq!(
            missed,
            ["/api/tags: the full stack at 0.899x the bare routes (budget: at least 0.90x)"]
        );
        let worse = Flood::from_rounds(vec![
            [run(1000, 1000), run(500, 2001), run(30, 40_000)],
            [run(1000, 1000), run(500, 2100), run(30, 40_000)],
            [run(1000, 1000), run(500, 1000), run(30, 40_000)],
        ]);
        let missed = budget(&measured, &worse);
        assert_eq!(missed.iter().filter(|(_, ok)| !ok).count(), 2, "{missed:?}");
    }
}
