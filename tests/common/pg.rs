//! A real PostgreSQL server of the test's own (the centre, docs/CENTRAL.md): a private cluster
//! made with `initdb` in a temporary folder, listening on 127.0.0.1 on a free port, stopped when
//! dropped. Run as the `postgres` user when the tests run as root (`initdb` refuses root). Where
//! PostgreSQL is not installed the tests that need it skip, saying so (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    as_postgres: bool,
}

/// The folder holding `initdb` and `pg_ctl`: on the PATH, else Debian's /usr/lib/postgresql/N/bin.
fn pg_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
    });
    on_path.or_else(|| {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|p| p.join("initdb").is_file())
            .collect();
        found.sort();
        found.pop()
    })
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

impl PgServer {
    /// A fresh server, or `None` (with the reason printed) where PostgreSQL is not installed.
    pub fn start(test: &str) -> Option<PgServer> {
        let Some(bin) = pg_bin() else {
            // CI installs PostgreSQL and says so: there, a missing server is a failure.
            assert!(
                std::env::var_os("ZHIFA_REQUIRE_PG").is_none(),
                "{test}: PostgreSQL (initdb, pg_ctl) is required (ZHIFA_REQUIRE_PG) but not found"
            );
            eprintln!("skipping {test}: PostgreSQL (initdb, pg_ctl) is not installed here; .ci/run installs it");
            return None;
        };
        let dir = tempfile::Builder::new().prefix("zhifa-pg").tempdir().expect("tmp");
        let as_postgres = is_root();
        if as_postgres {
            let status = Command::new("chown")
                .args(["postgres:postgres", dir.path().to_str().expect("utf-8")])
                .status()
                .expect("chown");
            assert!(status.success(), "chown the cluster's folder to postgres");
        }
        let server = PgServer { dir, bin, port: free_port(), as_postgres };
        let data = server.data();
        let out = server.run(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"],
        );
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        server.start_again();
        Some(server)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        command.args(args).current_dir(self.dir.path()).output().expect("run a PostgreSQL program")
    }

    /// Starts the (stopped) server, waiting until it accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").to_string_lossy().into_owned();
        let out =
            self.run("pg_ctl", &["-D", &self.data(), "-o", &options, "-l", &log, "-w", "start"]);
        assert!(out.status.success(), "pg_ctl start: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Stops the server at once, as a crash or a power cut would.
    pub fn stop_now(&self) {
        let out = self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
        assert!(out.status.success(), "pg_ctl stop: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// A new, empty database on the server; its URL.
    pub fn database(&self, name: &str) -> String {
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("connect as postgres");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
        self.url(name)
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// From now on the server speaks TLS with this certificate and key (PEM), and accepts TCP
    /// connections over TLS only (`hostssl` in pg_hba.conf): a plain one is refused. Restarts it.
    pub fn require_tls(&self, cert_pem: &str, key_pem: &str) {
        let data = PathBuf::from(self.data());
        let files = [
            ("server.crt", cert_pem.to_string()),
            ("server.key", key_pem.to_string()),
            ("pg_hba.conf", "local all all trust\nhostssl all all 127.0.0.1/32 trust\n".into()),
        ];
        for (name, text) in &files {
            let path = data.join(name);
            std::fs::write(&path, text).expect("write");
            // The server refuses a key others may read.
            std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .expect("chmod");
            if self.as_postgres {
                let status = Command::new("chown")
                    .args(["postgres:postgres", path.to_str().expect("utf-8")])
                    .status()
                    .expect("chown");
                assert!(status.success(), "chown {name}");
            }
        }
        let conf = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).expect("postgresql.conf");
        text.push_str("\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
        std::fs::write(&conf, text).expect("write postgresql.conf");
        self.stop_now();
        self.start_again();
    }
}

/// How many events a station's database holds.
pub fn local_events(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("raw");
    conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0)).expect("count")
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self.run("pg_ctl", &["-D", &self.data(), "-m", "immediate", "stop"]);
    }
}
