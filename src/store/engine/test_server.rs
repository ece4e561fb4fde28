//! A throw-away PostgreSQL server for the tests (the lib's and the
//! integration tests', hence compiled in the library): each test asks for a
//! new, empty database on it with [`fresh_database`].
//!
//! The first call of a test process starts the cluster: `initdb` into a
//! temporary folder, `postgres` on a free port of 127.0.0.1 with its socket
//! in that folder, trust for everyone on the loopback (test data only), and
//! durability off (the cluster dies with the run). Run as root (CI), the
//! server runs as a throw-away system user, `sagsbord-pgtest`, since
//! PostgreSQL refuses to run as root. It stops, and its folder goes, when
//! the test process ends however it ends: a small `sh` wrapper holds a pipe
//! from the test process and, when the pipe closes, stops `postgres` and
//! removes the folder.
//!
//! With `SAGSBORD_TEST_PG` set to a connection string, the tests use that
//! server instead and create their databases on it (named
//! `sagsbord_test_…`, left there for a look afterwards).
//!
//! A test that needs PostgreSQL and cannot have it fails, saying why: it
//! is never skipped.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::{env, fs};

use postgres::{Client, NoTls};

/// A connection string to a server of the user's own, used instead.
pub const SERVER_VARIABLE: &str = "SAGSBORD_TEST_PG";
/// The system user a root test run starts the server as.
const SERVICE_USER: &str = "sagsbord-pgtest";
/// How long a loaded machine may take to start the server.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The connection string of a new, empty database: `host=… port=… user=…
/// dbname=…` (or the user's URL with the database's name as its path).
/// Panics with what is missing when no server can be had.
pub fn fresh_database() -> String {
    let server = match SERVER.get_or_init(Server::start) {
        Ok(server) => server,
        Err(why) => panic!("this test needs PostgreSQL: {why}"),
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let name = format!("sagsbord_test_{}_{}_{}", std::process::id(), nanos, NEXT.fetch_add(1, Ordering::Relaxed));
    let mut client = server.admin.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = client.batch_execute(&format!("CREATE DATABASE {name}")) {
        panic!("this test needs PostgreSQL: CREATE DATABASE {name} failed on {}: {e}", server.connection);
    }
    with_database(&server.connection, &name)
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

struct Server {
    /// The connection string the databases are created through.
    connection: String,
    admin: Mutex<Client>,
    /// The wrapper's pipe (a throw-away cluster's): never written, it
    /// closes when the process ends, which stops the cluster.
    _lifeline: Option<ChildStdin>,
}

impl Server {
    fn start() -> Result<Server, String> {
        if let Ok(connection) = env::var(SERVER_VARIABLE) {
            let admin = Client::connect(&connection, NoTls)
                .map_err(|e| format!("{SERVER_VARIABLE}={connection} cannot be reached: {e}"))?;
            return Ok(Server { connection, admin: Mutex::new(admin), _lifeline: None });
        }
        let bin = binaries()?;
        // A free port may be taken between asking and binding: try again.
        let mut last = String::new();
        for _ in 0..3 {
            match Server::start_cluster(&bin) {
                Ok(server) => return Ok(server),
                Err(why) => last = why,
            }
        }
        Err(last)
    }

    fn start_cluster(bin: &Path) -> Result<Server, String> {
        let owner = service_user()?;
        let dir = tempfile::Builder::new()
            .prefix("sagsbord-pg")
            .tempdir()
            .map_err(|e| format!("no temporary folder for the cluster: {e}"))?
            // The wrapper removes it, also when this process is killed.
            .keep();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
                .map_err(|e| format!("cannot give {} to {SERVICE_USER}: {e}", dir.display()))?;
        }
        let data = dir.join("data");
        let initdb = as_owner(Command::new(bin.join("initdb")), owner, &dir)
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bin.join("initdb").display()))?;
        if !initdb.status.success() {
            let _ = fs::remove_dir_all(&dir);
            return Err(format!("initdb failed: {}", String::from_utf8_lossy(&initdb.stderr)));
        }
        let port = free_port()?;
        // Its own process group, so a Ctrl-C meant for the tests reaches
        // the wrapper only as the pipe's closing.
        let mut wrapper = as_owner(Command::new("sh"), owner, &dir)
            .process_group(0)
            .arg("-c")
            .arg(
                r#""$PG_SERVER" -D "$PG_DIR/data" -k "$PG_DIR" -h 127.0.0.1 -p "$PG_PORT" \
                    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
                    >"$PG_DIR/log" 2>&1 </dev/null &
                pid=$!
                read -r _
                kill -INT "$pid" 2>/dev/null
                wait "$pid"
                rm -rf "$PG_DIR""#,
            )
            .env("PG_SERVER", bin.join("postgres"))
            .env("PG_DIR", &dir)
            .env("PG_PORT", port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start postgres: {e}"))?;
        let lifeline = wrapper.stdin.take();
        let connection = format!("host=127.0.0.1 port={port} user=postgres");
        let started = Instant::now();
        loop {
            match Client::connect(&with_database(&connection, "postgres"), NoTls) {
                Ok(admin) => return Ok(Server { connection, admin: Mutex::new(admin), _lifeline: lifeline }),
                Err(e) => {
                    let exited = wrapper.try_wait().ok().flatten().is_some();
                    let log = fs::read_to_string(dir.join("log")).unwrap_or_default();
                    // A refusal while it starts up is no failure.
                    let postgres_died = log.lines().any(|l| l.contains("FATAL") && !l.contains("starting up"));
                    if exited || postgres_died || started.elapsed() > START_TIMEOUT {
                        // Closing the pipe stops what runs and removes the folder.
                        drop(lifeline);
                        let _ = wrapper.wait();
                        return Err(format!("postgres did not start on port {port}: {e}\n{log}"));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
}

/// The folder holding `initdb` and `postgres`: the PATH's, else the newest
/// of Debian's `/usr/lib/postgresql/<version>/bin`.
fn binaries() -> Result<PathBuf, String> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(dir) = env::var_os("PATH").and_then(|path| env::split_paths(&path).find(|dir| has_both(dir))) {
        return Ok(dir);
    }
    let newest = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version: u32 = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin)| has_both(bin))
        .max();
    newest.map(|(_, bin)| bin).ok_or_else(|| {
        format!(
            "no initdb and postgres in PATH nor in /usr/lib/postgresql/*/bin; install PostgreSQL \
             (apt-get install postgresql) or set {SERVER_VARIABLE} to a server's connection string"
        )
    })
}

/// The uid and gid to run the server as: none when not root, else the
/// throw-away system user, created when missing.
fn service_user() -> Result<Option<(u32, u32)>, String> {
    if !nix::unistd::geteuid().is_root() {
        return Ok(None);
    }
    let find = || nix::unistd::User::from_name(SERVICE_USER).ok().flatten();
    if find().is_none() {
        let added = Command::new("useradd")
            .args(["--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", SERVICE_USER])
            .output()
            .map_err(|e| format!("cannot run useradd for {SERVICE_USER}: {e}"))?;
        // 9: another test process added it at the same moment.
        if !added.status.success() && added.status.code() != Some(9) {
            return Err(format!(
                "PostgreSQL will not run as root, and useradd {SERVICE_USER} failed: {}",
                String::from_utf8_lossy(&added.stderr)
            ));
        }
    }
    let user = find().ok_or_else(|| format!("{SERVICE_USER} was added but cannot be found"))?;
    Ok(Some((user.uid.as_raw(), user.gid.as_raw())))
}

/// `command` run in `dir` as the cluster's owner.
fn as_owner(mut command: Command, owner: Option<(u32, u32)>, dir: &Path) -> Command {
    if let Some((uid, gid)) = owner {
        command.uid(uid).gid(gid);
    }
    command.current_dir(dir);
    command
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port on 127.0.0.1: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// `connection` with `database` as its database.
fn with_database(connection: &str, database: &str) -> String {
    for scheme in ["postgresql://", "postgres://"] {
        if let Some(rest) = connection.strip_prefix(scheme) {
            let (address, query) = rest.split_once('?').map_or((rest, None), |(a, q)| (a, Some(q)));
            let host = address.split_once('/').map_or(address, |(host, _)| host);
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return format!("{scheme}{host}/{database}{query}");
        }
    }
    // In key=value form the last value of a key counts.
    format!("{connection} dbname={database}")
}

/// `connection` as the login role `user` instead (the cluster trusts
/// every role on the loopback; a server of the user's own must too, for
/// the tests that connect as a centre's counsellor).
pub fn as_user(connection: &str, user: &str) -> String {
    for scheme in ["postgresql://", "postgres://"] {
        if let Some(rest) = connection.strip_prefix(scheme) {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(end);
            let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
            let encoded: String = user
                .bytes()
                .map(|b| match b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    true => char::from(b).to_string(),
                    false => format!("%{b:02X}"),
                })
                .collect();
            return format!("{scheme}{encoded}@{host}{tail}");
        }
    }
    // In key=value form the last value of a key counts.
    format!("{connection} user='{}'", user.replace('\\', "\\\\").replace('\'', "\\'"))
}

#[cfg(test)]
mod tests {
    use super::{as_user, with_database};

    #[test]
    fn a_database_is_named_in_either_form_of_connection_string() {
        assert_eq!(with_database("host=db user=a", "t1"), "host=db user=a dbname=t1");
        assert_eq!(
            with_database("postgresql://a@db:5433/main?sslmode=disable", "t1"),
            "postgresql://a@db:5433/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://a@db", "t1"), "postgres://a@db/t1");
    }

    #[test]
    fn a_login_role_is_named_in_either_form_of_connection_string() {
        assert_eq!(as_user("host=db user=a dbname=t1", "o'b"), "host=db user=a dbname=t1 user='o\\'b'");
        assert_eq!(
            as_user("postgresql://a:pw@db:5433/t1?sslmode=disable", "Nord anna"),
            "postgresql://Nord%20anna@db:5433/t1?sslmode=disable"
        );
        assert_eq!(as_user("postgres://db", "anna"), "postgres://anna@db");
    }
}
