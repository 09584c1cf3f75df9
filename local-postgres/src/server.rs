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

pub(crate) fn error(message: impl Into<String>) -> Error {
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
        _ => LocalServer::new().and_then(|server| {
            let url = server.ensure_running()?;
            let _ = PID_FILE.set(server.data().join("postmaster.pid"));
            Ok(url)
        }),
    })
    .clone()
}

/// Stops this checkout's local server, if it runs; whether it did. (`DATABASE_URL` servers are
/// not ours to stop.) Its data stays: the next [`server_url`] starts it again.
pub fn stop_local_server() -> Result<bool, Error> {
    LocalServer::new()?.stop()
}

static PID_FILE: OnceLock<PathBuf> = OnceLock::new();

/// The running local server's `postmaster.pid`, which disappears when it stops; `None` when
/// [`server_url`] has not started one (or `DATABASE_URL` names another server).
pub(crate) fn pid_file() -> Option<PathBuf> {
    PID_FILE.get().cloned()
}

struct LocalServer {
    /// `target/local-postgres`: the lock.
    dir: PathBuf,
    /// The data folder, the server's port and its log: `dir` itself, unless the server's user
    /// cannot reach it (see [`RunAs::reachable_cluster`]). The port is kept beside the data it
    /// belongs to, so a cluster and its port are never found apart.
    cluster: PathBuf,
    bin: PathBuf,
    /// As root, the commands run as the `postgres` user through `runuser`.
    run_as: Option<RunAs>,
}

/// How root runs the server: PostgreSQL refuses to run as root.
struct RunAs {
    user: &'static str,
    runuser: PathBuf,
}

impl LocalServer {
    fn new() -> Result<Self, Error> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or_else(|| error("local-postgres is not inside the course workspace"))?;
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target"));
        let dir = target.join("local-postgres");
        let bin = find_binaries()?;
        if !is_root() {
            return Ok(Self {
                cluster: dir.clone(),
                dir,
                bin,
                run_as: None,
            });
        }
        let run_as = RunAs::postgres()?;
        fs::create_dir_all(&dir)
            .map_err(|e| error(format!("cannot create {}: {e}", dir.display())))?;
        let cluster = run_as.reachable_cluster(&dir)?;
        Ok(Self {
            dir,
            cluster,
            bin,
            run_as: Some(run_as),
        })
    }

    fn data(&self) -> PathBuf {
        self.cluster.join("data")
    }

    fn ensure_running(&self) -> Result<String, Error> {
        fs::create_dir_all(&self.dir)
            .map_err(|e| error(format!("cannot create {}: {e}", self.dir.display())))?;
        // Held until this function returns: one process at a time creates or starts the server.
        let lock = File::create(self.dir.join("lock"))
            .map_err(|e| error(format!("cannot create the lock file: {e}")))?;
        lock.lock()
            .map_err(|e| error(format!("cannot lock {}: {e}", self.dir.display())))?;

        if !self.data().join("PG_VERSION").exists() || !self.port_file().exists() {
            // A cluster whose port nobody recorded (an older layout, or a half-made one) is of no
            // use: stop any server still running on it, and make a new one (if it will not stop,
            // `init` fails on the folder and says so).
            let _ = self.stop();
            self.init()?;
        }
        let port = self.port()?;
        if !accepts_connections(port) {
            self.start()?;
        }
        Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
    }

    fn port_file(&self) -> PathBuf {
        self.cluster.join("port")
    }

    /// Best effort: there may be no server, or no data folder at all.
    /// Stops the server if it runs (fast: open sessions are ended); whether it was running.
    fn stop(&self) -> Result<bool, Error> {
        let running = self.data().join("postmaster.pid").exists();
        if running {
            self.run(
                Command::new(self.bin.join("pg_ctl"))
                    .arg("--pgdata")
                    .arg(self.data())
                    .args(["--mode=fast", "--wait", "stop"]),
                "pg_ctl stop",
            )?;
        }
        Ok(running)
    }

    fn port(&self) -> Result<u16, Error> {
        let text = fs::read_to_string(self.port_file())
            .map_err(|e| error(format!("cannot read the local server's port: {e}")))?;
        text.trim().parse().map_err(|_| {
            error(format!(
                "{} holds no port number",
                self.port_file().display()
            ))
        })
    }

    /// A new cluster: trust authentication on 127.0.0.1 only, a free port, settings for speed
    /// over durability (it is a throwaway), and room for many parallel test pools.
    fn init(&self) -> Result<(), Error> {
        let data = self.data();
        let _ = fs::remove_dir_all(&data);
        // initdb creates the data folder, as the user that runs the server.
        self.hand_over(&self.cluster)?;
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
        fs::write(self.port_file(), port.to_string())
            .map_err(|e| error(format!("cannot record the port: {e}")))
    }

    fn start(&self) -> Result<(), Error> {
        let log = self.cluster.join("server.log");
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

    /// As root, gives the folder (not what is in it) to the `postgres` user, which runs the
    /// server.
    fn hand_over(&self, dir: &Path) -> Result<(), Error> {
        match &self.run_as {
            Some(run_as) => run_as.own(dir),
            None => Ok(()),
        }
    }

    fn run(&self, command: &mut Command, what: &str) -> Result<(), Error> {
        let mut command = match &self.run_as {
            Some(run_as) => run_as.wrap(command),
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

impl RunAs {
    /// The `postgres` user and `runuser`, or what is missing, said plainly.
    fn postgres() -> Result<Self, Error> {
        let user = "postgres";
        // `runuser` lives in /usr/sbin, which a non-login root shell may not have on its PATH.
        let runuser = search_path("runuser", &["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
            .ok_or_else(|| {
                error(
                    "PostgreSQL refuses to run as root, so as root the course runs it as the \
                     `postgres` user with `runuser`, which is neither on the PATH nor in /usr/sbin \
                     or /sbin. Install util-linux, run as a normal user, or set DATABASE_URL.",
                )
            })?;
        let known = Command::new("id")
            .args(["-u", user])
            .output()
            .is_ok_and(|output| output.status.success());
        if !known {
            return Err(error(format!(
                "PostgreSQL refuses to run as root, so as root the course runs it as the `{user}` \
                 user, and this machine has no such user. Create it (`apt-get install postgresql` \
                 does, or `useradd --system {user}`), run as a normal user, or set DATABASE_URL."
            )));
        }
        Ok(Self { user, runuser })
    }

    fn wrap(&self, command: &Command) -> Command {
        let mut wrapped = Command::new(&self.runuser);
        wrapped
            .args(["-u", self.user, "--"])
            .arg(command.get_program())
            .args(command.get_args());
        wrapped
    }

    /// Whether the user can write in `dir`, which needs every folder above it to let them in.
    fn can_write(&self, dir: &Path) -> bool {
        self.wrap(Command::new("test").arg("-w").arg(dir))
            .status()
            .is_ok_and(|status| status.success())
    }

    fn own(&self, dir: &Path) -> Result<(), Error> {
        let status = Command::new("chown")
            .arg(format!("{}:", self.user))
            .arg(dir)
            .status()
            .map_err(|e| error(format!("cannot run chown: {e}")))?;
        if !status.success() {
            return Err(error(format!(
                "cannot give {} to the `{}` user, which runs the server",
                dir.display(),
                self.user
            )));
        }
        Ok(())
    }

    /// Where the cluster can live: `dir` when the server's user can reach it, as it can in a
    /// clone under /home or /srv. A clone in a private folder (root's home is mode 0700) is out
    /// of its reach, and opening that folder to others is not ours to do; then the cluster lives
    /// in the system's temporary folder instead, named for this checkout so that two checkouts
    /// keep two servers.
    fn reachable_cluster(&self, dir: &Path) -> Result<PathBuf, Error> {
        self.own(dir)?;
        if self.can_write(dir) {
            return Ok(dir.to_path_buf());
        }
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(dir, &mut hasher);
        let cluster = std::env::temp_dir().join(format!(
            "course-postgres-{:016x}",
            std::hash::Hasher::finish(&hasher)
        ));
        fs::create_dir_all(&cluster)
            .map_err(|e| error(format!("cannot create {}: {e}", cluster.display())))?;
        self.own(&cluster)?;
        if self.can_write(&cluster) {
            return Ok(cluster);
        }
        Err(error(format!(
            "PostgreSQL runs as the `{user}` user here (it refuses to run as root), and `{user}` \
             can reach neither {} (a folder above it is private) nor {}. Clone the course where \
             other users can enter, point TMPDIR at a folder `{user}` can write, or set \
             DATABASE_URL.",
            dir.display(),
            cluster.display(),
            user = self.user,
        )))
    }
}

/// `name` in a folder of the PATH, else in one of `also`.
fn search_path(name: &str, also: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(also.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
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
