//! The shared server (README, "The shared server"), with real Unix users:
//! `setup-shared` run by root into a throw-away install folder, then the
//! installed setgid copy run as throw-away users through `setpriv` (real
//! uid and gid, no supplementary groups), as a counsellor logs in over SSH.
//!
//! Creating users needs root, as CI has. Without root these tests say so
//! and pass, unless `SAGSBORD_REQUIRE_ROOT_TESTS=1` (set by .ci/run), when
//! they fail: CI must never skip them quietly. The users, their groups and
//! the shared group are removed again when a test ends, failed or not.

use std::collections::hash_map::RandomState;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use nix::unistd::{User, geteuid};
use sagsbord::store::current_user;
use serde_json::Value;
use tempfile::TempDir;

use crate::common::{BIN, Run, Tui, fixture, open_db};

/// Whether this run may create users; fails when it must and cannot.
fn running_as_root() -> bool {
    if geteuid().is_root() {
        return true;
    }
    assert!(
        std::env::var("SAGSBORD_REQUIRE_ROOT_TESTS").as_deref() != Ok("1"),
        "SAGSBORD_REQUIRE_ROOT_TESTS=1, but the shared-server tests need root to create throw-away users"
    );
    eprintln!("shared-server test skipped: it needs root to create throw-away Unix users");
    false
}

/// A fresh name: `sbt` and six random letters or digits.
fn throw_away_name() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    let mut n = hasher.finish();
    let mut name = String::from("sbt");
    for _ in 0..6 {
        name.push(char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[(n % 36) as usize]));
        n /= 36;
    }
    name
}

/// useradd and groupadd lock /etc/passwd and /etc/group: tests in this
/// binary take turns, and a lock held by another program is waited out.
static ACCOUNTS: Mutex<()> = Mutex::new(());

fn account_tool(program: &str, args: &[&str]) -> Output {
    let _turn = ACCOUNTS.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = Command::new(program).args(args).output().expect("run an account tool");
    // 10 is "cannot lock /etc/passwd" (useradd, userdel, groupadd, groupdel).
    for _ in 0..20 {
        if out.status.code() != Some(10) {
            break;
        }
        thread::sleep(Duration::from_millis(100));
        out = Command::new(program).args(args).output().expect("run an account tool");
    }
    out
}

/// A throw-away user with a group of its own and a private home folder.
struct Person {
    name: String,
    uid: u32,
    gid: u32,
    home: PathBuf,
}

/// A shared server in a temporary folder: the group, the users, the
/// installed copy of the binary and its data folder. Dropping it removes
/// the accounts (the folder goes with the TempDir).
struct Server {
    dir: TempDir,
    group: String,
    users: Vec<String>,
    installed: PathBuf,
    folder: PathBuf,
}

impl Server {
    /// Runs `setup-shared` as root into a new temporary folder.
    fn set_up() -> Server {
        let dir = tempfile::Builder::new().prefix("sbt").tempdir().expect("temporary folder");
        // tempfile makes 0700 folders: the users must pass through this one.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
        let server = Server {
            group: throw_away_name(),
            users: Vec::new(),
            installed: bin.join("sagsbord"),
            folder: dir.path().join("data"),
            dir,
        };
        let run = root_run(&[
            "setup-shared",
            "--group",
            &server.group,
            "--dir",
            &server.folder.display().to_string(),
            "--install",
            &server.installed.display().to_string(),
        ]);
        // Taken over before the check, so a failed setup still removes a
        // group it created.
        let run = run.ok();
        assert!(run.stdout.contains("er oprettet"), "{}", run.stdout);
        // Root made the database, so root is its team leader, and root
        // may always manage the users: the administrator's way in.
        let users = server.as_root(&["user", "list"]).ok();
        assert!(users.stdout.lines().any(|l| l.starts_with("root ") && l.contains("teamleder")), "{}", users.stdout);
        server
    }

    /// The installed sagsbord as root, the administrator of the server.
    fn as_root(&self, args: &[&str]) -> Run {
        Run::of(
            Command::new(&self.installed)
                .args(args)
                .env_remove("SAGSBORD_DB")
                .stdin(Stdio::null())
                .output()
                .expect("run sagsbord as root"),
        )
    }

    fn database(&self) -> PathBuf {
        self.folder.join("sagsbord.db")
    }

    /// A new Unix user, not in the shared group, registered by root as a
    /// user of sagsbord with `role` (`sagsbord user add`); with `None`
    /// only created, so sagsbord refuses them.
    fn person(&mut self, role: Option<&str>) -> Person {
        let name = throw_away_name();
        let out = account_tool("useradd", &["--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", &name]);
        assert!(out.status.success(), "useradd: {}", String::from_utf8_lossy(&out.stderr));
        self.users.push(name.clone());
        let user = User::from_name(&name).unwrap().expect("the new user");
        let home = self.dir.path().join(&name);
        fs::create_dir(&home).unwrap();
        std::os::unix::fs::chown(&home, Some(user.uid.as_raw()), Some(user.gid.as_raw())).unwrap();
        fs::set_permissions(&home, fs::Permissions::from_mode(0o700)).unwrap();
        if let Some(role) = role {
            self.as_root(&["user", "add", &name, "--role", role]).ok();
        }
        Person { name, uid: user.uid.as_raw(), gid: user.gid.as_raw(), home }
    }

    /// The installed sagsbord as `who`, in their home folder.
    fn sagsbord(&self, who: &Person, args: &[&str]) -> Run {
        self.sagsbord_with(who, args, &[])
    }

    fn sagsbord_with(&self, who: &Person, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut all = vec![self.installed.display().to_string()];
        all.extend(args.iter().map(ToString::to_string));
        as_user(who, &all, env)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        for user in &self.users {
            account_tool("userdel", &[user]);
            // userdel removes a user's own group on most systems; not all.
            account_tool("groupdel", &[user]);
        }
        account_tool("groupdel", &[&self.group]);
    }
}

/// The words that run a program as `who`: their uid and gid, no other
/// groups, as a login gives them.
fn setpriv(who: &Person) -> Vec<String> {
    ["setpriv", "--reuid", &who.uid.to_string(), "--regid", &who.gid.to_string(), "--clear-groups", "--"]
        .map(String::from)
        .to_vec()
}

fn as_user(who: &Person, command: &[String], env: &[(&str, &str)]) -> Run {
    let wrapper = setpriv(who);
    let out = Command::new(&wrapper[0])
        .args(&wrapper[1..])
        .args(command)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", &who.home)
        .env("USER", &who.name)
        .env("LOGNAME", &who.name)
        .envs(env.iter().copied())
        .current_dir(&who.home)
        .stdin(Stdio::null())
        .output()
        .expect("run as a throw-away user");
    Run::of(out)
}

/// The freshly built binary, as root (the administrator).
fn root_run(args: &[&str]) -> Run {
    Run::of(Command::new(BIN).args(args).env_remove("SAGSBORD_DB").stdin(Stdio::null()).output().expect("run sagsbord"))
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().mode() & 0o7777
}

#[test]
fn setup_shared_leaves_the_data_to_the_group_and_the_setgid_binary_alone() {
    if !running_as_root() {
        return;
    }
    let server = Server::set_up();
    let group = nix::unistd::Group::from_name(&server.group).unwrap().expect("the group was created").gid.as_raw();
    for (path, expected) in [(&server.folder, 0o2770), (&server.database(), 0o660), (&server.installed, 0o2755)] {
        let meta = fs::metadata(path).unwrap();
        assert_eq!((meta.uid(), meta.gid(), mode(path)), (0, group, expected), "{}", path.display());
    }
    let record = server.installed.with_file_name("sagsbord-shared.toml");
    assert_eq!((fs::metadata(&record).unwrap().uid(), mode(&record)), (0, 0o644));
    // Run again, it repairs rather than fails: the database is kept.
    fs::set_permissions(&server.folder, fs::Permissions::from_mode(0o2775)).unwrap();
    let again = root_run(&[
        "setup-shared",
        "--group",
        &server.group,
        "--dir",
        &server.folder.display().to_string(),
        "--install",
        &server.installed.display().to_string(),
    ])
    .ok();
    assert!(again.stdout.contains("fandtes i forvejen og er beholdt"), "{}", again.stdout);
    assert_eq!(mode(&server.folder), 0o2770);
}

#[test]
fn neither_an_outsider_nor_a_counsellor_can_read_the_file_but_sagsbord_works_as_the_real_user() {
    if !running_as_root() {
        return;
    }
    let mut server = Server::set_up();
    let outsider = server.person(None);
    // The centre's team leader: the one who sets the centre up below.
    let counsellor = server.person(Some("teamleder"));
    let db = server.database();
    let db_arg = db.display().to_string();

    // Directly, the file is closed to both: they are not in the group.
    for who in [&outsider, &counsellor] {
        let read = as_user(who, &["head".into(), "-c1".into(), db_arg.clone()], &[]).failed();
        assert!(read.stderr.contains("Permission denied"), "{}", read.stderr);
        as_user(who, &["ls".into(), server.folder.display().to_string()], &[]).failed();
    }
    // Nor can sagsbord be pointed anywhere else to reach it.
    let by_flag = server.sagsbord(&outsider, &["--db", &db_arg, "due"]).failed();
    assert!(by_flag.stderr.contains("--db kan ikke bruges på den fælles server"), "{}", by_flag.stderr);
    let by_env = server.sagsbord_with(&outsider, &["due"], &[("SAGSBORD_DB", &db_arg)]).failed();
    assert!(by_env.stderr.contains("$SAGSBORD_DB er sat"), "{}", by_env.stderr);
    // A member of the group is refused outright: the file is open to them.
    let group = fs::metadata(&db).unwrap().gid().to_string();
    let mut member = setpriv(&counsellor);
    let at = member.iter().position(|w| w == "--clear-groups").unwrap();
    member.splice(at..=at, ["--groups".to_string(), group]);
    member.extend([server.installed.display().to_string(), "due".into()]);
    let refused = Run::of(Command::new(&member[0]).args(&member[1..]).stdin(Stdio::null()).output().unwrap()).failed();
    assert!(refused.stderr.contains(&format!("du er medlem af gruppen {}", server.group)), "{}", refused.stderr);
    // Only root sets up.
    let setup = server.sagsbord(&counsellor, &["setup-shared", "--group", "x", "--dir", "/tmp/x"]).failed();
    assert!(setup.stderr.contains("skal køres af root"), "{}", setup.stderr);

    // Through sagsbord the counsellor works, and is recorded as the real
    // user whatever $USER and $LOGNAME say.
    server
        .sagsbord_with(
            &counsellor,
            &["centre", "--name", "Rusmiddelcenter Testby", "--municipality", "Testby", "--profile", "randers"],
            &[("USER", &outsider.name), ("LOGNAME", &outsider.name)],
        )
        .ok();
    let due = server.sagsbord(&counsellor, &["due"]).ok();
    assert!(due.stdout.contains("Rusmiddelcenter Testby"), "{}", due.stdout);
    let actor: String = open_db(&db)
        .query_row("SELECT actor FROM audit WHERE action = 'centre_update' ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(actor, counsellor.name);
    // What SQLite made beside the database has the group and no more than
    // its mode, and the checks still pass for the next user.
    for suffix in ["-wal", "-shm"] {
        let path = PathBuf::from(format!("{db_arg}{suffix}"));
        if let Ok(meta) = fs::metadata(&path) {
            assert_eq!(meta.gid(), fs::metadata(&db).unwrap().gid(), "{}", path.display());
            assert_eq!(mode(&path) & !0o660, 0, "{}", path.display());
        }
    }
    // The next user gets through the file's checks too: the outsider,
    // who is no user of sagsbord, is refused by the roles only, with the
    // command that adds them.
    let refused = server.sagsbord(&outsider, &["due"]).failed();
    assert!(
        refused.stderr.contains("ikke bruger af centrets sagsbord")
            && refused.stderr.contains(&format!("sagsbord user add {} --role rådgiver", outsider.name)),
        "{}",
        refused.stderr
    );
}

#[test]
fn looser_modes_than_the_setup_gave_are_refused_with_the_fix() {
    if !running_as_root() {
        return;
    }
    let mut server = Server::set_up();
    let counsellor = server.person(Some("rådgiver"));
    let db = server.database();
    server.sagsbord(&counsellor, &["due"]).ok();
    for (path, looser, fix) in [
        (server.folder.clone(), 0o2775, format!("chmod 2770 {}", server.folder.display())),
        (db.clone(), 0o664, format!("chmod 660 {}", db.display())),
    ] {
        let right = mode(&path);
        fs::set_permissions(&path, fs::Permissions::from_mode(looser)).unwrap();
        let refused = server.sagsbord(&counsellor, &["due"]).failed();
        assert!(refused.stderr.contains(&fix), "{fix}: {}", refused.stderr);
        assert!(refused.stderr.contains("intet er åbnet"), "{}", refused.stderr);
        fs::set_permissions(&path, fs::Permissions::from_mode(right)).unwrap();
        server.sagsbord(&counsellor, &["due"]).ok();
    }
    // Another owner is refused too, with its chown.
    std::os::unix::fs::chown(&db, Some(counsellor.uid), None).unwrap();
    let refused = server.sagsbord(&counsellor, &["due"]).failed();
    assert!(refused.stderr.contains(&format!("chown root:{} {}", server.group, db.display())), "{}", refused.stderr);
}

#[test]
fn files_the_counsellor_names_are_reached_with_their_own_rights_only() {
    if !running_as_root() {
        return;
    }
    let mut server = Server::set_up();
    // A team leader: the centre's settings, export and backup are theirs.
    let counsellor = server.person(Some("teamleder"));
    let db = server.database();
    server.sagsbord(&counsellor, &["centre", "--name", "Testcenter", "--municipality", "Testby"]).ok();

    // An export belongs to the counsellor and their own group.
    let export = counsellor.home.join("eksport.json");
    server.sagsbord(&counsellor, &["export", &export.display().to_string()]).ok();
    let meta = fs::metadata(&export).unwrap();
    assert_eq!((meta.uid(), meta.gid(), mode(&export)), (counsellor.uid, counsellor.gid, 0o600));
    let backup = counsellor.home.join("kopi.db");
    server.sagsbord(&counsellor, &["backup", &backup.display().to_string()]).ok();
    assert_eq!(fs::metadata(&backup).unwrap().gid(), counsellor.gid);

    // The group never writes where the counsellor points: not in the shared
    // folder, not even over the database itself.
    let before = fs::read(&db).unwrap();
    for target in [server.folder.join("eksport.json"), db.clone()] {
        let t = target.display().to_string();
        server.sagsbord(&counsellor, &["export", "--force", &t]).failed();
        server.sagsbord(&counsellor, &["backup", "--force", &t]).failed();
    }
    assert!(!server.folder.join("eksport.json").exists());
    assert!(fs::read(&db).unwrap() == before, "the database was written over");

    // Nor does it read for them: a profile file only the group may read.
    let profile = server.dir.path().join("gruppens-profil.toml");
    fs::write(&profile, "id = \"gruppens\"\n").unwrap();
    std::os::unix::fs::chown(&profile, Some(0), Some(fs::metadata(&db).unwrap().gid())).unwrap();
    fs::set_permissions(&profile, fs::Permissions::from_mode(0o640)).unwrap();
    let refused = server.sagsbord(&counsellor, &["centre", "--profile", &profile.display().to_string()]).failed();
    assert!(
        refused.stderr.contains("adgang nægtet") || refused.stderr.contains("ermission denied"),
        "{}",
        refused.stderr
    );
}

#[test]
fn the_workbench_reads_the_keymap_as_the_user_and_its_process_is_closed_to_them() {
    if !running_as_root() {
        return;
    }
    let mut server = Server::set_up();
    let counsellor = server.person(Some("teamleder"));
    server.sagsbord(&counsellor, &["centre", "--name", "Testcenter", "--municipality", "Testby"]).ok();
    // A keymap only the shared group may read: the counsellor's workbench
    // must not read it.
    let keymap = server.dir.path().join("gruppens-taster.toml");
    fs::write(&keymap, "").unwrap();
    std::os::unix::fs::chown(&keymap, Some(0), Some(fs::metadata(server.database()).unwrap().gid())).unwrap();
    fs::set_permissions(&keymap, fs::Permissions::from_mode(0o640)).unwrap();
    let tui = Tui::builder()
        .via(&setpriv(&counsellor), &server.installed)
        .args(["--keymap", &keymap.display().to_string()])
        .env("HOME", &counsellor.home.display().to_string())
        .cwd(&counsellor.home)
        .spawn();
    tui.wait_for("Din tastaturfil bruges ikke");
    tui.wait_for("adgang nægtet");
    // The running program is not dumpable: its open files (the database
    // among them) are closed to the user it runs as.
    let pid = tui.pid().expect("the workbench's process id");
    let fds = as_user(&counsellor, &["ls".into(), format!("/proc/{pid}/fd")], &[]).failed();
    assert!(fds.stderr.contains("Permission denied"), "{}", fds.stderr);
    assert!(fs::read_link(format!("/proc/{pid}/fd/0")).is_ok(), "root still sees them");
    tui.quit();
}

/// Was: the workbench looked for the database without the group, could
/// not see into the shared folder, and took the centre's database for a
/// new one ("Ny, tom database oprettet", and the first run's setup form).
#[test]
fn the_shared_database_is_not_taken_for_a_new_one_by_a_counsellors_workbench() {
    if !running_as_root() {
        return;
    }
    let mut server = Server::set_up();
    let leader = server.person(Some("teamleder"));
    let tui = Tui::builder()
        .via(&setpriv(&leader), &server.installed)
        .env("HOME", &leader.home.display().to_string())
        .cwd(&leader.home)
        .spawn();
    let screen = tui.wait_for("q afslut");
    assert!(!screen.contains("Ny, tom database") && !screen.contains("sæt centret op"), "{screen}");
    tui.quit();
}

/// The caseload fixture (tests/fixtures) as root imports it onto the
/// server: its counsellors `anna` and `bo` become the real users `anna`
/// and `bo`, and its §101a case 6 (anna's) has started treatment without
/// a plan, so that it is due too. Written where only root may read it.
fn centre_of(server: &Server, anna: &Person, bo: &Person) -> PathBuf {
    let mut file: Value = serde_json::from_str(&fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();
    for list in ["cases", "case_events"] {
        for row in file[list].as_array_mut().unwrap() {
            for field in ["counsellor", "actor"] {
                let renamed = match row[field].as_str() {
                    Some("anna") => &anna.name,
                    Some("bo") => &bo.name,
                    Some(other) => panic!("an unexpected counsellor {other}"),
                    None => continue,
                };
                row[field] = Value::from(renamed.as_str());
            }
        }
    }
    let anonymous = &mut file["cases"][5];
    assert_eq!((anonymous["id"].as_i64(), anonymous["kind"].as_str()), (Some(6), Some("anonymous")));
    anonymous["consent_on"] = "2026-03-03".into();
    anonymous["treatment_started_on"] = "2026-03-03".into();
    file["case_events"].as_array_mut().unwrap().push(serde_json::json!({
        "id": 12, "case_id": 6, "kind": "start_treatment", "on": "2026-03-03",
        "actor": anna.name, "recorded_at": "2026-03-03T15:00:00Z"
    }));
    let path = server.dir.path().join("centre.json");
    fs::write(&path, serde_json::to_string(&file).unwrap()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// The case numbers of `due --json` and each item's counsellor, after
/// checking it names no citizen and no CPR number of the fixture.
fn due_cases(run: Run) -> Vec<(i64, String)> {
    let fixture: Value = serde_json::from_str(&fs::read_to_string(fixture("caseload.json")).unwrap()).unwrap();
    for citizen in fixture["citizens"].as_array().unwrap() {
        let cpr = citizen["cpr"].as_str().map(|c| [c.to_string(), c.replace('-', "")]);
        for secret in cpr.into_iter().flatten().chain(citizen["name"].as_str().map(String::from)) {
            assert!(!run.stdout.contains(&secret), "{secret:?} in:\n{}", run.stdout);
        }
    }
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    let mut cases: Vec<(i64, String)> =
        items.iter().map(|i| (i["case"].as_i64().unwrap(), i["counsellor"].as_str().unwrap().to_string())).collect();
    cases.sort();
    cases.dedup();
    cases
}

#[test]
fn the_role_matrix_holds_for_real_unix_users() {
    if !running_as_root() {
        return;
    }
    let mut server = Server::set_up();
    let leader = server.person(Some("teamleder"));
    // anna is on the anonymous team; bo is not, and case 6 (§101a) shared
    // with him stays closed to him.
    let anna = server.person(None);
    server.as_root(&["user", "add", &anna.name, "--role", "rådgiver", "--anonymous-team"]).ok();
    let bo = server.person(Some("rådgiver"));
    let gone = server.person(Some("rådgiver"));
    let outsider = server.person(None);
    let centre = centre_of(&server, &anna, &bo);
    let imported = server.as_root(&["import", &centre.display().to_string()]).ok();
    assert_eq!(imported.stdout.trim(), "Importeret: 7 borgere, 7 sager, 12 hændelser.");
    for case in ["3", "6"] {
        server.as_root(&["user", "share", "--case", case, "--with", &bo.name]).ok();
    }
    server.as_root(&["user", "disable", &gone.name]).ok();

    // `due` lists what each may open: a counsellor their own and those
    // shared with them (a §101a case only on the anonymous team), the team
    // leader the whole centre; never a name or a CPR number.
    let due = ["due", "--json", "--today", "2026-03-20", "--within", "9"];
    let (a, b) = (anna.name.clone(), bo.name.clone());
    let whole = vec![(1, a.clone()), (2, b.clone()), (3, a.clone()), (5, a.clone()), (6, a.clone())];
    assert_eq!(due_cases(server.sagsbord(&leader, &due).ok()), whole);
    assert_eq!(due_cases(server.as_root(&due).ok()), whole, "root is the setup's team leader");
    assert_eq!(due_cases(server.sagsbord(&anna, &due).ok()), [(1, a.clone()), (3, a.clone()), (5, a.clone()), (6, a)]);
    assert_eq!(due_cases(server.sagsbord(&bo, &due).ok()), [(2, b), (3, anna.name.clone())]);

    // What is the team leader's: the yearly report and who looked at a
    // case. Centre-wide commands are a team leader's or an administrator's.
    let report = server.sagsbord(&leader, &["report", "--year", "2026"]).ok();
    assert!(report.stdout.contains("Testcentret Faxe"), "{}", report.stdout);
    let history = server.sagsbord(&leader, &["audit", "show", "--case", "6"]).ok();
    assert!(history.stdout.contains("Sag 6: hvem har set og ændret den"), "{}", history.stdout);
    let leaders_export = leader.home.join("eksport.json");
    server.sagsbord(&leader, &["export", &leaders_export.display().to_string()]).ok();

    // A counsellor is refused them all with the reason, and nothing is made.
    let export = |who: &Person| who.home.join("eksport.json").display().to_string();
    let backup = |who: &Person| who.home.join("kopi.db").display().to_string();
    for who in [&anna, &bo] {
        let refusals: [(Vec<String>, &str); 5] = [
            (
                vec!["report".into(), "--year".into(), "2026".into()],
                "ikke tilladt: kun en teamleder må se årsrapporten",
            ),
            (vec!["export".into(), export(who)], "ikke tilladt: kun en teamleder eller en administrator må det"),
            (vec!["backup".into(), backup(who)], "ikke tilladt: kun en teamleder eller en administrator må det"),
            (
                vec!["user".into(), "add".into(), outsider.name.clone(), "--role".into(), "rådgiver".into()],
                "ikke tilladt: kun en teamleder eller en administrator må det",
            ),
            (
                vec!["audit".into(), "show".into(), "--case".into(), "1".into()],
                "ikke tilladt: kun en teamleder må se, hvem der har set og ændret en sag",
            ),
        ];
        for (args, why) in &refusals {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            server.sagsbord(who, &args).refused(why);
        }
        assert!(!who.home.join("eksport.json").exists() && !who.home.join("kopi.db").exists());
    }

    // A disabled user is refused everything, as one who is no user at all.
    for (who, why) in [(&gone, "spærret"), (&outsider, "ikke bruger af centrets sagsbord")] {
        let commands: [Vec<String>; 8] = [
            due.iter().map(|w| w.to_string()).collect(),
            vec!["report".into(), "--year".into(), "2026".into()],
            vec!["export".into(), export(who)],
            vec!["backup".into(), backup(who)],
            vec!["user".into(), "add".into(), who.name.clone(), "--role".into(), "teamleder".into()],
            vec!["audit".into(), "show".into(), "--case".into(), "1".into()],
            // Refused before anything is looked up: they learn nothing of
            // which users and cases there are.
            vec!["user".into(), "disable".into(), "sbtnobody".into()],
            vec!["user".into(), "share".into(), "--case".into(), "999".into(), "--with".into(), leader.name.clone()],
        ];
        for args in &commands {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = server.sagsbord(who, &args).refused(why);
            assert!(run.stdout.is_empty(), "{}", run.stdout);
        }
        assert!(!who.home.join("eksport.json").exists() && !who.home.join("kopi.db").exists());
    }
    let users = server.as_root(&["user", "list"]).ok().stdout;
    assert!(!users.contains(&outsider.name), "{users}");
    assert!(users.lines().any(|l| l.starts_with(&gone.name) && l.contains("rådgiver")), "{users}");
}

/// Not root: the identity is the real user whatever `$USER` says.
#[test]
fn the_acting_user_is_the_real_uid_not_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sagsbord.db");
    let out = Command::new(BIN)
        .args(["--db", &db.display().to_string(), "centre", "--name", "Testcenter", "--municipality", "Testby"])
        .env_remove("SAGSBORD_DB")
        .env("USER", "sbtmallory")
        .env("LOGNAME", "sbtmallory")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run::of(out).ok();
    let actor: String = open_db(&db)
        .query_row("SELECT actor FROM audit WHERE action = 'centre_update' ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(actor, current_user().unwrap());
    assert_ne!(actor, "sbtmallory");
}
