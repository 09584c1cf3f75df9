//! What the capstone's stack costs a request, counted in instructions: `cargo course bench
//! --instructions` runs this in release mode.
//!
//! Times on a 2-core machine under load move by more than a layer costs from one run to the next;
//! the number of instructions a request executes does not. So each layer is measured alone around
//! the bare routes (and the full application as it is served) by sending `GET /health/live`
//! through `tower::ServiceExt::oneshot`, in a process run under valgrind's callgrind, which counts
//! every instruction executed inside one function, [`measured_requests`]: [`REQUESTS`] requests
//! after [`WARM_UP`] that were not counted, so neither the start-up nor the first requests'
//! one-off work is. The count over the requests is the cost of one; less the bare routes' count,
//! it is what the layer adds.
//!
//! `/health/live` touches no database, so nothing outside the process does work the count would
//! miss: what is counted is the stack's own code, production's logging included (written nowhere,
//! as in the load benchmark: without a subscriber, `tracing` skips the spans and the stack would
//! look cheaper than it is).
//!
//! The figures are committed in `bench/instructions.md`, the table the book shows; `--check` fails
//! when the stack, or one of its layers, has grown more than [`TOLERANCE`] over it, and `--write`
//! replaces it after a change that is meant to cost more (or less).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::http::Request;
use capstone::middleware;
use capstone::{AppState, Config};
use http_body_util::BodyExt;
use tower::util::{MapRequestLayer, MapResponseLayer};
use tower::{ServiceBuilder, ServiceExt};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

/// Requests counted per variant.
const REQUESTS: u64 = 1_000;

/// How much a committed figure may grow before `--check` fails: a tenth, and for the layers that
/// cost little, at least [`SLACK`] instructions (a few hundred is a hash map's seed or an
/// allocation's size class, not a regression).
const TOLERANCE: f64 = 1.10;
const SLACK: u64 = 300;

/// One way of serving the routes: its name in the table, and the router it makes.
struct Variant {
    name: &'static str,
    make: fn(Router, &AppState, &Config) -> Router,
}

/// The bare routes; an empty layer, which measures what `Router::layer` itself costs (it wraps
/// every route in a service of its own, once per call, which the stack's one `ServiceBuilder`
/// pays once); each layer of `capstone::middleware::stack` alone (made from the same public
/// pieces, in the stack's order), the metrics' middleware, and the whole application. A layer
/// added to the stack and not here shows as the application costing more than its layers.
const VARIANTS: &[Variant] = &[
    Variant {
        name: "bare routes",
        make: |routes, _, _| routes,
    },
    Variant {
        name: "an empty layer",
        make: |routes, _, _| routes.layer(tower::layer::util::Identity::new()),
    },
    Variant {
        name: "drop unsafe request ids",
        make: |routes, _, _| routes.layer(MapRequestLayer::new(middleware::drop_unsafe_request_id)),
    },
    Variant {
        name: "set request id",
        make: |routes, _, _| {
            routes.layer(SetRequestIdLayer::x_request_id(
                middleware::MakeRequestUuidV7,
            ))
        },
    },
    Variant {
        name: "trace (the request's span)",
        make: |routes, _, _| {
            routes.layer(TraceLayer::new_for_http().make_span_with(middleware::request_span))
        },
    },
    Variant {
        name: "propagate request id",
        make: |routes, _, _| routes.layer(PropagateRequestIdLayer::x_request_id()),
    },
    Variant {
        name: "security headers",
        make: |routes, _, _| routes.layer(MapResponseLayer::new(middleware::security_headers)),
    },
    Variant {
        name: "CORS",
        make: |routes, _, config| routes.layer(middleware::cors(config)),
    },
    Variant {
        name: "catch panics",
        make: |routes, _, _| routes.layer(CatchPanicLayer::custom(middleware::panic_response)),
    },
    Variant {
        name: "compression",
        make: |routes, _, _| routes.layer(middleware::compression()),
    },
    Variant {
        name: "JSON error bodies",
        make: |routes, _, _| {
            routes.layer(axum::middleware::map_response(
                middleware::json_error_bodies,
            ))
        },
    },
    Variant {
        name: "request timeout",
        make: |routes, _, config| {
            routes.layer(
                ServiceBuilder::new()
                    .layer(HandleErrorLayer::new(middleware::timed_out))
                    .timeout(config.request_timeout),
            )
        },
    },
    Variant {
        name: "body limit",
        make: |routes, _, config| routes.layer(RequestBodyLimitLayer::new(config.body_limit)),
    },
    Variant {
        name: "body timeout",
        make: |routes, _, config| {
            routes.layer(RequestBodyTimeoutLayer::new(config.header_read_timeout))
        },
    },
    Variant {
        name: "metrics",
        make: |routes, _, _| routes.layer(axum::middleware::from_fn(capstone::metrics::track)),
    },
    Variant {
        name: "the whole application",
        make: |_, state, config| capstone::app(state.clone(), config),
    },
];

/// The figures' file, committed beside this program.
fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("instructions.md")
}

fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    match arguments.as_slice() {
        ["--measure", variant, requests] => measure(variant.parse()?, requests.parse()?),
        [] => count(Mode::Print),
        ["--check"] => count(Mode::Check),
        ["--write"] => count(Mode::Write),
        ["--route", path] => on_seeded_database(path),
        _ => bail!("usage: instructions [--check | --write | --route /api/tags]"),
    }
}

/// What the children are sent: `GET` this path, on this database. Unset, `/health/live` on a pool
/// that never connects.
const PATH_VARIABLE: &str = "INSTRUCTIONS_PATH";
const DATABASE_VARIABLE: &str = "INSTRUCTIONS_DATABASE_URL";

/// `--route PATH`: the same count on a route that reads the database, over the load benchmark's
/// seeded data. Printed, never checked: what PostgreSQL answers, and when, moves the count by a
/// little from run to run.
fn on_seeded_database(path: &str) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let database = runtime.block_on(capstone_bench::seeded_database())?;
    let children_env = [
        (PATH_VARIABLE, path.to_owned()),
        (DATABASE_VARIABLE, database.url()),
    ];
    let counted = count_with(Mode::Print, &children_env);
    drop(database);
    counted
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Print,
    Check,
    Write,
}

/// Runs every variant under callgrind, prints the table, and checks or writes it.
fn count(mode: Mode) -> anyhow::Result<()> {
    count_with(mode, &[])
}

/// [`count`], with `env` set for the children.
fn count_with(mode: Mode, env: &[(&str, String)]) -> anyhow::Result<()> {
    let program = std::env::current_exe()?;
    let scratch = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&scratch)?;
    let mut measured = Vec::new();
    for (index, variant) in VARIANTS.iter().enumerate() {
        eprintln!("{}…", variant.name);
        let per_request = callgrind(&program, &scratch, index, REQUESTS, env)? / REQUESTS;
        measured.push((variant.name.to_owned(), per_request));
    }
    let route = env
        .iter()
        .find(|(name, _)| *name == PATH_VARIABLE)
        .map_or("/health/live", |(_, path)| path.as_str());
    let table = table(route, &measured);
    println!("{table}");
    std::fs::write(scratch.join("instructions.md"), &table)?;
    match mode {
        Mode::Print => Ok(()),
        Mode::Write => {
            std::fs::write(committed_path(), &table)?;
            println!("Written to {}", committed_path().display());
            Ok(())
        }
        Mode::Check => {
            let committed = std::fs::read_to_string(committed_path())
                .with_context(|| format!("cannot read {}", committed_path().display()))?;
            let grown = grown(&parse(&committed)?, &parse(&table)?);
            if grown.is_empty() {
                println!("Within {TOLERANCE}x of the committed figures.");
                Ok(())
            } else {
                for line in &grown {
                    eprintln!("{line}");
                }
                bail!(
                    "the stack costs more than the committed figures allow ({}): if that is \
                     meant, say why in the commit and run `cargo course bench --instructions \
                     --write`",
                    committed_path().display()
                )
            }
        }
    }
}

/// The instructions one run of `variant` with `requests` executed, counted by callgrind.
fn callgrind(
    program: &Path,
    scratch: &Path,
    variant: usize,
    requests: u64,
    env: &[(&str, String)],
) -> anyhow::Result<u64> {
    let out = scratch.join(format!("callgrind.{variant}.{requests}.out"));
    let run = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--quiet",
            "--toggle-collect=*measured_requests*",
            // One file per thread: only the requests' thread is read, not the metrics' upkeep.
            "--separate-threads=yes",
        ])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(program)
        .args(["--measure", &variant.to_string(), &requests.to_string()])
        .envs(env.iter().map(|(name, value)| (name, value)))
        .output()
        .context("cannot run valgrind: install it (Debian: apt-get install valgrind)")?;
    if !run.status.success() {
        bail!(
            "callgrind failed on {}: {}",
            VARIANTS[variant].name,
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let main_thread = PathBuf::from(format!("{}-01", out.display()));
    let data = std::fs::read_to_string(&main_thread)
        .with_context(|| format!("cannot read {}", main_thread.display()))?;
    for entry in std::fs::read_dir(scratch)?.flatten() {
        let name = entry.file_name();
        if name
            .to_string_lossy()
            .starts_with(&format!("callgrind.{variant}."))
        {
            std::fs::remove_file(entry.path())?;
        }
    }
    totals(&data).with_context(|| format!("no totals in {}", main_thread.display()))
}

/// The `totals:` (or, in older releases, `summary:`) line of a callgrind output file.
fn totals(data: &str) -> Option<u64> {
    data.lines()
        .find_map(|line| {
            line.strip_prefix("totals:")
                .or_else(|| line.strip_prefix("summary:"))
        })
        .and_then(|count| count.split_whitespace().next())
        .and_then(|count| count.parse().ok())
}

/// The child: [`WARM_UP`] requests to `variant`, then `requests` more in
/// [`measured_requests`], the only function whose instructions callgrind counts.
fn measure(variant: usize, requests: u64) -> anyhow::Result<()> {
    let variant = VARIANTS.get(variant).context("no such variant")?;
    capstone_bench::log_as_production_does()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let router = runtime.block_on(async {
        let config = Config::from_settings(Default::default())?;
        // Unless a route that reads it is counted, a pool that never connects: `/health/live`
        // does not use it.
        let url = std::env::var(DATABASE_VARIABLE)
            .unwrap_or_else(|_| "postgres://nobody@127.0.0.1:1/nothing".to_owned());
        let pool = sqlx::postgres::PgPoolOptions::new().connect_lazy(&url)?;
        let state = AppState::new(pool, &config)?;
        let routes = capstone::routes::router(state.auth_limiter.clone()).with_state(state.clone());
        anyhow::Ok((variant.make)(routes, &state, &config))
    })?;
    runtime.block_on(send(&router, WARM_UP))?;
    measured_requests(&runtime, &router, requests)
}

/// Requests before the counted ones: the first requests' one-off work (thread-locals, lazy
/// statics, the metrics' first series, the allocator's first pages) is not a request's cost.
const WARM_UP: u64 = 100;

/// What callgrind counts (`--toggle-collect`): the start-up, the dummy password hash and the
/// warm-up are outside it.
#[inline(never)]
fn measured_requests(
    runtime: &tokio::runtime::Runtime,
    router: &Router,
    requests: u64,
) -> anyhow::Result<()> {
    runtime.block_on(send(router, requests))
}

/// `requests` requests, one at a time, each answer read to its end.
async fn send(router: &Router, requests: u64) -> anyhow::Result<()> {
    let path = std::env::var(PATH_VARIABLE).unwrap_or_else(|_| "/health/live".to_owned());
    for _ in 0..requests {
        let request = Request::get(path.as_str())
            .header("accept-encoding", "gzip")
            .body(Body::empty())?;
        let response = router.clone().oneshot(request).await?;
        anyhow::ensure!(response.status().is_success(), "{}", response.status());
        response.into_body().collect().await?;
    }
    Ok(())
}

/// The Markdown table the book shows and `--check` reads back: each variant's count, what it adds
/// to the bare routes, and for a layer what it costs of its own (less the empty layer's count).
fn table(route: &str, measured: &[(String, u64)]) -> String {
    let count = |index: usize| measured.get(index).map_or(0, |(_, count)| *count);
    let (bare, empty) = (count(0), count(1));
    let mut out = format!(
        "`GET {route}` through `oneshot`, release build, counted by callgrind ({REQUESTS} \
         requests after {WARM_UP}).\n\n\
         | variant | instructions per request | added to the bare routes | the layer's own |\n\
         |---|---|---|---|\n"
    );
    let mut own_total = 0;
    for (index, (name, count)) in measured.iter().enumerate() {
        let layer = (2..measured.len() - 1).contains(&index);
        let own = if layer {
            own_total += count.saturating_sub(empty);
            count.saturating_sub(empty).to_string()
        } else {
            "".to_owned()
        };
        out.push_str(&format!(
            "| {name} | {count} | {} | {own} |\n",
            count.saturating_sub(bare)
        ));
    }
    out.push_str(&format!(
        "\nThe layers' own costs add up to {own_total}; with one empty layer's for the stack's \
         `Router::layer`, {}.\n",
        own_total + empty.saturating_sub(bare)
    ));
    out
}

/// The rows of a table written by [`table`]: each variant's name and what it adds.
fn parse(table: &str) -> anyhow::Result<Vec<(String, u64)>> {
    let rows: Vec<(String, u64)> = table
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            match cells.as_slice() {
                [name, _, added, _] => added.parse().ok().map(|added| ((*name).to_owned(), added)),
                _ => None,
            }
        })
        .collect();
    anyhow::ensure!(!rows.is_empty(), "no figures in the table");
    Ok(rows)
}

/// Each variant that adds more than the committed figure allows, said in a line.
fn grown(committed: &[(String, u64)], measured: &[(String, u64)]) -> Vec<String> {
    measured
        .iter()
        .filter_map(|(name, now)| {
            let Some((_, before)) = committed.iter().find(|(committed, _)| committed == name)
            else {
                return Some(format!("{name}: not in the committed figures"));
            };
            let allowed = ((*before as f64 * TOLERANCE) as u64).max(before + SLACK);
            (*now > allowed).then(|| {
                format!(
                    "{name}: {now} instructions a request, committed {before} (allowed {allowed})"
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_totals_are_read_from_callgrinds_output() {
        let data = "version: 1\ncmd: x\nevents: Ir\nfn=(1) main\n0 42\ntotals: 123456\n";
        assert_eq!(totals(data), Some(123456));
        assert_eq!(totals("summary: 77\n"), Some(77));
        assert_eq!(totals("events: Ir\n"), None);
    }

    #[test]
    fn the_table_reads_back_and_a_tenth_more_fails() {
        let committed = vec![
            ("bare routes".to_owned(), 10_000),
            ("trace (the request's span)".to_owned(), 19_000),
            ("security headers".to_owned(), 10_100),
            ("the whole application".to_owned(), 50_000),
        ];
        let read = parse(&table("/health/live", &committed)).unwrap();
        assert_eq!(read[1], ("trace (the request's span)".to_owned(), 9_000));
        assert_eq!(read[3], ("the whole application".to_owned(), 40_000));

        let within = vec![
            ("bare routes".to_owned(), 0),
            ("trace (the request's span)".to_owned(), 9_900),
            ("security headers".to_owned(), 400),
            ("the whole application".to_owned(), 44_000),
        ];
        assert!(
            grown(&read, &within).is_empty(),
            "{:?}",
            grown(&read, &within)
        );
        let over = vec![
            ("trace (the request's span)".to_owned(), 9_901),
            ("security headers".to_owned(), 401),
            ("the whole application".to_owned(), 44_001),
            ("a new layer".to_owned(), 1),
        ];
        assert_eq!(grown(&read, &over).len(), 4, "{:?}", grown(&read, &over));
    }
}
