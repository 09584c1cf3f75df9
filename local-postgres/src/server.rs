//! Finding, creating and starting the local server.

use std::fmt;
use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

/// Why there is no database to use, in words that say what to do about it.
#[derive(Debug, Clone)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

fn error(message: impl Into<String>) -> Error {
    Error(message.into())
}

const HOW_TO_INSTALL: &str = "\
The course starts a throwaway PostgreSQL from the installed server binaries (initdb, pg_ctl),
and found none. Either
  - install them: `sudo apt-get install postgresql` (Debian, Ubuntu), `brew install postgresql@16`
    (macOS), or point PG_BIN at the folder that holds initdb; or
  - run a server yourself and set DATABASE_URL, for example with the repository's
    docker-compose.yml: `docker compose up -d db` then
    `export DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres`.";

/// The URL of a server this process may create databases on: `DATABASE_URL` if set, else the
/// local server, started if it is not running. Blocking; the answer is computed once per process.
pub fn server_url() -> Result<String, Error> {
    static URL: OnceLock<Result<String, Error>> = OnceLock::new();
    URL.get_or_init(|| match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Ok(url),
        _ => LocalServer::new().and_then(|server| server.ensure_running()),
    })
    .clone()
}

struct LocalServer {
    /// `target/local-postgres`: the lock, the port, the log and the data folder.
    dir: PathBuf,
    bin: PathBuf,
    /// As root, commands run as this system user.
    run_as: Option<&'static str>,
}

impl LocalServer {
    fn new() -> Result<Self, Error> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or_else(|| error("local-postgres is not inside the course workspace"))?;
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target"));
        let run_as = is_root().then_some("postgres");
        Ok(Self {
            dir: target.join("local-postgres"),
            bin: find_binaries()?,
            run_as,
        })
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn ensure_running(&self) -> Result<String, Error> {
        fs::create_dir_all(&self.dir)
            .map_err(|e| error(format!("cannot create {}: {e}", self.dir.display())))?;
        // Held until this function returns: one process at a time creates or starts the server.
        let lock = File::create(self.dir.join("lock"))
            .map_err(|e| error(format!("cannot create the lock file: {e}")))?;
        lock.lock()
            .map_err(|e| error(format!("cannot lock {}: {e}", self.dir.display())))?;

        if !self.data().join("PG_VERSION").exists() {
            self.init()?;
        }
        let port = self.port()?;
        if !accepts_connections(port) {
            self.start()?;
        }
        Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
    }

    fn port(&self) -> Result<u16, Error> {
        let text = fs::read_to_string(self.dir.join("port"))
            .map_err(|e| error(format!("cannot read the local server's port: {e}")))?;
        text.trim().parse().map_err(|_| {
            error(format!(
                "{} holds no port number",
                self.dir.join("port").display()
            ))
        })
    }

    /// A new cluster: trust authentication on 127.0.0.1 only, a free port, settings for speed
    /// over durability (it is a throwaway), and room for many parallel test pools.
    fn init(&self) -> Result<(), Error> {
        let data = self.data();
        let _ = fs::remove_dir_all(&data);
        fs::create_dir_all(&data)
            .map_err(|e| error(format!("cannot create {}: {e}", data.display())))?;
        self.hand_over(&self.dir)?;
        self.run(
            Command::new(self.bin.join("initdb"))
                .arg("--pgdata")
                .arg(&data)
                .args([
                    "--username=postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                ])
                .arg("--no-sync"),
            "initdb",
        )?;
        let port = free_port()?;
        let settings = format!(
            "\n# Set by local-postgres for the course's tests.\n\
             listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = ''\n\
             max_connections = 300\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        );
        let conf = data.join("postgresql.conf");
        let mut text = fs::read_to_string(&conf)
            .map_err(|e| error(format!("cannot read {}: {e}", conf.display())))?;
        text.push_str(&settings);
        fs::write(&conf, text)
            .map_err(|e| error(format!("cannot write {}: {e}", conf.display())))?;
        fs::write(self.dir.join("port"), port.to_string())
            .map_err(|e| error(format!("cannot record the port: {e}")))?;
        self.hand_over(&self.dir)
    }

    fn start(&self) -> Result<(), Error> {
        let log = self.dir.join("server.log");
        self.run(
            Command::new(self.bin.join("pg_ctl"))
                .arg("--pgdata")
                .arg(self.data())
                .arg("--log")
                .arg(&log)
                .args(["--wait", "--timeout=60", "start"]),
            "pg_ctl start",
        )
        .map_err(|e| error(format!("{e}\nThe server's log is {}", log.display())))
    }

    /// As root, gives the folder to the `postgres` user, which runs the server.
    fn hand_over(&self, dir: &Path) -> Result<(), Error> {
        let Some(user) = self.run_as else {
            return Ok(());
        };
        let status = Command::new("chown")
            .arg("-R")
            .arg(format!("{user}:"))
            .arg(dir)
            .status()
            .map_err(|e| error(format!("cannot run chown: {e}")))?;
        if !status.success() {
            return Err(error(format!(
                "cannot give {} to the `{user}` user. PostgreSQL refuses to run as root; run as a \
                 normal user, or create the user (`apt-get install postgresql` does)",
                dir.display()
            )));
        }
        Ok(())
    }

    fn run(&self, command: &mut Command, what: &str) -> Result<(), Error> {
        let mut command = match self.run_as {
            Some(user) => {
                let mut wrapped = Command::new("runuser");
                wrapped
                    .args(["-u", user, "--"])
                    .arg(command.get_program())
                    .args(command.get_args());
                wrapped
            }
            None => std::mem::replace(command, Command::new("true")),
        };
        let output = command
            .output()
            .map_err(|e| error(format!("cannot run {what}: {e}")))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(error(format!(
                "{what} failed:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )))
        }
    }
}

/// `PG_BIN`, then the folder of `initdb` on the PATH, then the usual install places, newest
/// version first.
fn find_binaries() -> Result<PathBuf, Error> {
    let has_initdb = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("PG_BIN").map(PathBuf::from) {
        return if has_initdb(&dir) {
            Ok(dir)
        } else {
            Err(error(format!(
                "PG_BIN is set to {}, which has no initdb and pg_ctl",
                dir.display()
            )))
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("initdb"))
        .find(|initdb| initdb.is_file())
        .and_then(|initdb| fs::canonicalize(initdb).ok())
        .and_then(|initdb| initdb.parent().map(Path::to_path_buf));
    let mut installed: Vec<PathBuf> =
        ["/usr/lib/postgresql", "/opt/homebrew/opt", "/usr/local/opt"]
            .iter()
            .filter_map(|root| fs::read_dir(root).ok())
            .flatten()
            .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
            .filter(|dir| has_initdb(dir))
            .collect();
    installed.sort_by_key(|dir| std::cmp::Reverse(version_of(dir)));
    on_path
        .into_iter()
        .chain(installed)
        .chain([PathBuf::from("/usr/local/pgsql/bin")])
        .find(|dir| has_initdb(dir))
        .ok_or_else(|| error(HOW_TO_INSTALL))
}

/// `/usr/lib/postgresql/15/bin` is version 15; unparsable names sort first.
fn version_of(bin: &Path) -> u32 {
    bin.parent()
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .and_then(|name| {
            name.trim_start_matches(|c: char| !c.is_ascii_digit())
                .split('.')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn free_port() -> Result<u16, Error> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| error(format!("no free port on 127.0.0.1: {e}")))
}

fn accepts_connections(port: u16) -> bool {
    TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(1)).is_ok()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}
