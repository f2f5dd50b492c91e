//! Odd files and odd places (issue #15): FIFOs, devices and folders where a
//! plan is expected, `-o` onto a device or a FIFO, hard links, files of
//! other owners, read-only folders, and what crashed saves leave behind.
//! Every run has a deadline: a hang is a failure, not a stuck test.
//!
//! FIFOs, devices, owners and modes, and mounts are Unix's: those tests
//! (`#[cfg(unix)]`) have no Windows counterpart to run under Wine. Windows'
//! own odd cases (the read-only attribute, a file held by another program,
//! NTFS hard links) are tested in src/plan/save.rs (issue #24).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo_path;

const DEADLINE: Duration = Duration::from_secs(20);

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lansplan"));
    c.env("LANSPLAN_TODAY", "2026-11-22").env("LANG", "sv_SE.UTF-8").env_remove("LC_ALL").env_remove("NO_COLOR");
    c
}

/// Runs `cmd` with no input and returns its output, failing the test if
/// it does not end within [`DEADLINE`].
fn bounded(mut cmd: Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let end = Instant::now() + DEADLINE;
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if Instant::now() > end {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!("{cmd:?} hung; stderr: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(ok.success());
}

fn plan_in(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(repo_path("plans/jamtland/lok-2025.3-beslutad.toml"), &p).expect("copy plan");
    p
}

// Issue #15: every command, and the editor, hung in open(2) on a FIFO
// (29 of 29). Each is refused at once with exit 2 and says what it is.
#[test]
#[cfg(unix)]
fn a_fifo_is_refused_by_every_command() {
    let tmp = tempfile::tempdir().expect("tmp");
    let fifo = tmp.path().join("fifo.toml");
    mkfifo(&fifo);
    let plan = plan_in(tmp.path(), "plan.toml");
    let (f, p) = (fifo.to_str().expect("utf-8"), plan.to_str().expect("utf-8"));
    let runs: Vec<Vec<&str>> = vec![
        vec![f],
        vec!["check", f],
        vec!["get", f, "plan.title"],
        vec!["set", f, "plan.title", "x"],
        vec!["diff", f, p],
        vec!["diff", p, f],
        vec!["merge", f, p, p],
        vec!["merge", p, f, p],
        vec!["merge", p, p, f],
        vec!["resolve", f, "--ours"],
        vec!["report", f],
        vec!["export", "--format", "html", f],
        vec!["review", "list", f, p],
        vec!["review", "list", p, f],
    ];
    let n = runs.len();
    for args in runs {
        let out = bounded({
            let mut c = bin();
            c.args(&args).current_dir(tmp.path());
            c
        });
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        assert!(said.contains("FIFO"), "{args:?}: {said}");
    }
    // textconv says what it could not read, in place of the content (git
    // takes a failing textconv as fatal for the whole log).
    let out = bounded({
        let mut c = bin();
        c.args(["textconv", f]);
        c
    });
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FIFO"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(stderr(&out).contains("FIFO"));
    assert_eq!(n, 14);
}

// Issue #15: textconv read /dev/zero without end (2.1 GB in 4 s).
#[test]
#[cfg(unix)]
fn textconv_reads_no_device_and_nothing_past_the_limit() {
    let out = bounded({
        let mut c = bin();
        c.args(["textconv", "/dev/zero"]);
        c
    });
    assert!(String::from_utf8_lossy(&out.stdout).contains("enhet"), "{}", String::from_utf8_lossy(&out.stdout));
    let tmp = tempfile::tempdir().expect("tmp");
    let big = tmp.path().join("big.toml");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(lansplan::plan::load::MAX_FILE_BYTES as u64 + 1).expect("sparse file");
    let out = bounded({
        let mut c = bin();
        c.arg("textconv").arg(&big);
        c
    });
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.len() < 1000 && shown.contains("64 MiB"), "{}", &shown[..shown.len().min(200)]);
}

/// Who a save test runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg(unix)]
enum User {
    Root,
    /// A normal user: `nobody` (with the extra group [`GROUP`]) when the
    /// tests run as root, else the user running them.
    Normal,
}

/// A group `nobody` is given for the tests that it may keep.
#[cfg(unix)]
const GROUP: u32 = 4242;

#[cfg(unix)]
fn euid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Returns the users this machine can run the save tests as, printing why
/// one is left out.
#[cfg(unix)]
fn users() -> Vec<User> {
    if euid() != 0 {
        eprintln!("skipped: the root cases of the save tests (not running as root)");
        return vec![User::Normal];
    }
    let works = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", &format!("--groups={GROUP}"), "--"])
        .arg(env!("CARGO_BIN_EXE_lansplan"))
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        eprintln!("skipped: the normal-user cases (setpriv cannot run lansplan as nobody here)");
        return vec![User::Root];
    }
    vec![User::Root, User::Normal]
}

/// The uid and gid a normal user's saves run with.
#[cfg(unix)]
fn normal_ids() -> (u32, u32) {
    if euid() == 0 { (65534, 65534) } else { (euid(), rustix::process::getegid().as_raw()) }
}

/// Returns lansplan with `args`, run as `user`, in `dir`.
#[cfg(unix)]
fn lansplan_as(user: User, dir: &Path, args: &[&str]) -> Output {
    let mut c = if user == User::Normal && euid() == 0 {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", &format!("--groups={GROUP}"), "--"]);
        c.arg(env!("CARGO_BIN_EXE_lansplan"));
        c.env("LANSPLAN_TODAY", "2026-11-22").env("LANG", "sv_SE.UTF-8").env_remove("LC_ALL");
        c
    } else {
        bin()
    };
    c.args(args).current_dir(dir);
    bounded(c)
}

/// A folder anyone may enter and write (the tests hand files to nobody).
#[cfg(unix)]
fn open_dir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().expect("tmp");
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    d
}

/// A file's owner, group and mode.
#[cfg(unix)]
type Owned = (u32, u32, u32);

#[cfg(unix)]
fn owner_mode(p: &Path) -> Owned {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).expect("meta");
    (m.uid(), m.gid(), m.mode() & 0o7777)
}

#[cfg(unix)]
fn set_title(user: User, dir: &Path, file: &str, title: &str) -> Output {
    lansplan_as(user, dir, &["set", file, "plan.title", title])
}

#[cfg(unix)]
fn chown(p: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(p, Some(uid), Some(gid)).expect("chown");
}

#[cfg(unix)]
fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

// Issue #15: a plan of another user and group (0640) saved by root became
// root:root, and its owner could no longer read it. Root keeps both; a
// normal user keeps the group (owner: whoever saved, as any save by
// rename) and the mode; a user's own file stays as it was.
#[test]
#[cfg(unix)]
fn a_save_keeps_owner_group_and_mode_where_permitted() {
    let mut cases = 0;
    for user in users() {
        let d = open_dir();
        let plan = plan_in(d.path(), "plan.toml");
        let (uid, gid) = normal_ids();
        let setups: Vec<(Owned, Owned)> = match user {
            User::Root => {
                vec![((65534, GROUP, 0o640), (65534, GROUP, 0o640)), ((1234, 5678, 0o2664), (1234, 5678, 0o2664))]
            }
            User::Normal if euid() == 0 => {
                vec![((uid, gid, 0o640), (uid, gid, 0o640)), ((0, GROUP, 0o664), (uid, GROUP, 0o664))]
            }
            User::Normal => vec![((uid, gid, 0o640), (uid, gid, 0o640))],
        };
        for (n, (before, after)) in setups.into_iter().enumerate() {
            if euid() == 0 {
                chown(&plan, before.0, before.1);
            }
            chmod(&plan, before.2);
            let out = set_title(user, d.path(), "plan.toml", &format!("Titel {n}"));
            assert_eq!(out.status.code(), Some(0), "{user:?} {before:?}: {}", stderr(&out));
            assert_eq!(owner_mode(&plan), after, "{user:?} from {before:?}");
            cases += 1;
        }
    }
    eprintln!("{cases} ownership cases");
}

// Issue #15: a writable plan in a read-only folder could not be saved and
// the message named the temporary file. It names the plan and the folder,
// and the file is untouched. Root passes permission bits, so its case is a
// read-only bind mount.
#[test]
#[cfg(unix)]
fn a_read_only_folder_gives_a_clear_message() {
    for user in users() {
        let d = open_dir();
        let sub = d.path().join("plans");
        std::fs::create_dir(&sub).expect("mkdir");
        let plan = plan_in(&sub, "plan.toml");
        let before = std::fs::read(&plan).expect("read");
        let mount = match user {
            User::Normal => {
                if euid() == 0 {
                    let (uid, gid) = normal_ids();
                    chown(&sub, uid, gid);
                    chown(&plan, uid, gid);
                }
                chmod(&sub, 0o555);
                None
            }
            User::Root => match ReadOnly::bind(&sub) {
                Some(m) => Some(m),
                None => {
                    eprintln!("skipped: the root case of the read-only folder (no bind mount here)");
                    continue;
                }
            },
        };
        let out = set_title(user, &sub, "plan.toml", "Ny titel");
        assert_eq!(out.status.code(), Some(2), "{user:?}");
        let msg = stderr(&out);
        assert!(msg.contains("kunde inte spara plan.toml: mappen . är skrivskyddad"), "{user:?}: {msg}");
        assert!(!msg.contains(".tmp"), "{user:?}: {msg}");
        assert_eq!(std::fs::read(&plan).expect("read"), before);
        drop(mount);
        if user == User::Normal {
            chmod(&sub, 0o755); // So that the temporary folder can go.
        }
    }
}

/// A folder mounted read-only over itself (root only); unmounted on drop.
#[cfg(unix)]
struct ReadOnly(PathBuf);

#[cfg(unix)]
impl ReadOnly {
    fn bind(dir: &Path) -> Option<ReadOnly> {
        let ok = |args: &[&str]| Command::new("mount").args(args).arg(dir).arg(dir).status().is_ok_and(|s| s.success());
        if !ok(&["--bind"]) {
            return None;
        }
        let guard = ReadOnly(dir.to_path_buf());
        let ro = Command::new("mount").args(["-o", "remount,ro,bind"]).arg(dir).status().is_ok_and(|s| s.success());
        ro.then_some(guard)
    }
}

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

// Issue #15: a file the user may not write was replaced all the same when
// the folder let a rename through.
#[test]
#[cfg(unix)]
fn a_file_the_user_may_not_write_is_refused() {
    if !users().contains(&User::Normal) {
        return;
    }
    let d = open_dir();
    let plan = plan_in(d.path(), "plan.toml");
    chmod(&plan, 0o444);
    if euid() == 0 {
        chown(&plan, 0, 0);
    }
    let before = std::fs::read(&plan).expect("read");
    let out = set_title(User::Normal, d.path(), "plan.toml", "Ny titel");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("saknar skrivrätt"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&plan).expect("read"), before);
    assert!(temporaries(d.path()).is_empty());
}

// Issue #15: a save split hard links (the other name kept the old text).
#[test]
#[cfg(unix)]
fn a_hard_linked_plan_is_refused_with_a_message() {
    for user in users() {
        let d = open_dir();
        let plan = plan_in(d.path(), "plan.toml");
        chmod(&plan, 0o666);
        std::fs::hard_link(&plan, d.path().join("länk.toml")).expect("link");
        let before = std::fs::read(&plan).expect("read");
        let out = set_title(user, d.path(), "länk.toml", "Ny titel");
        assert_eq!(out.status.code(), Some(2), "{user:?}");
        assert!(stderr(&out).contains("2 hårda länkar"), "{user:?}: {}", stderr(&out));
        assert_eq!(std::fs::read(&plan).expect("read"), before);
        assert!(temporaries(d.path()).is_empty());
    }
}

// Issue #15: `report … -o /dev/full` as root replaced the device with a
// regular file. A device is written in place (its error said), a FIFO
// with a reader too, and none is replaced.
#[test]
#[cfg(unix)]
fn output_onto_a_device_or_fifo_keeps_the_node() {
    use std::os::unix::fs::FileTypeExt;
    for user in users() {
        let d = open_dir();
        plan_in(d.path(), "plan.toml");
        let out = lansplan_as(user, d.path(), &["report", "plan.toml", "-o", "/dev/full"]);
        assert_eq!(out.status.code(), Some(2), "{user:?}");
        assert!(stderr(&out).contains("/dev/full"), "{user:?}: {}", stderr(&out));
        assert!(std::fs::metadata("/dev/full").expect("meta").file_type().is_char_device());
        let out = lansplan_as(user, d.path(), &["export", "plan.toml", "--format", "html", "-o", "/dev/null"]);
        assert_eq!(out.status.code(), Some(0), "{user:?}: {}", stderr(&out));
        assert!(std::fs::metadata("/dev/null").expect("meta").file_type().is_char_device());
        let fifo = d.path().join("ut.md");
        mkfifo(&fifo);
        chmod(&fifo, 0o666);
        let out = lansplan_as(user, d.path(), &["export", "plan.toml", "--format", "markdown", "-o", "ut.md"]);
        assert_eq!(out.status.code(), Some(2), "{user:?}: nobody reads");
        assert!(stderr(&out).contains("ingen läser"), "{}", stderr(&out));
        let reader = Command::new("cat").arg(&fifo).stdout(Stdio::piped()).spawn().expect("cat");
        let end = Instant::now() + DEADLINE;
        let out = loop {
            let out = lansplan_as(user, d.path(), &["export", "plan.toml", "--format", "markdown", "-o", "ut.md"]);
            if out.status.code() == Some(0) || Instant::now() > end {
                break out;
            }
        };
        assert_eq!(out.status.code(), Some(0), "{user:?}: {}", stderr(&out));
        let read = reader.wait_with_output().expect("cat");
        assert!(String::from_utf8_lossy(&read.stdout).starts_with("# "), "the export came through");
        assert!(std::fs::metadata(&fifo).expect("meta").file_type().is_fifo());
    }
}

/// A 1 MiB tmpfs (root only), filled on request; unmounted on drop.
#[cfg(unix)]
struct SmallDisk(tempfile::TempDir);

#[cfg(unix)]
impl SmallDisk {
    fn mount() -> Option<SmallDisk> {
        if euid() != 0 {
            return None;
        }
        let d = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(d.path())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(d))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes a filler file until the disk is full.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.path().join("fyllnad")).expect("filler");
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).and_then(|_| f.sync_all()).is_ok() {}
    }
}

#[cfg(unix)]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0.path()).status();
    }
}

// Issue #15: a full disk in the `set` command: the message says so, the
// plan is as it was, and no temporary file is left.
#[test]
#[cfg(unix)]
fn a_full_disk_leaves_the_plan_and_no_litter() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("skipped: the full-disk case of set (needs root to mount a small tmpfs)");
        return;
    };
    let plan = plan_in(disk.path(), "plan.toml");
    let before = std::fs::read(&plan).expect("read");
    disk.fill();
    let out = set_title(User::Root, disk.path(), "plan.toml", "Ny titel");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("kunde inte spara plan.toml: No space left"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("at path"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&plan).expect("read"), before);
    assert!(temporaries(disk.path()).is_empty(), "{:?}", temporaries(disk.path()));
}

// Issue #15: a full disk in the editor showed only "could not write the
// recovery journal", never the save's own failure. The save's error comes
// first, the journal's after it.
#[test]
#[cfg(unix)]
fn a_full_disk_in_the_editor_shows_the_saves_error_first() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use lansplan::i18n::Lang;
    use lansplan::plan::edit::Session;
    use lansplan::tui::App;
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("skipped: the editor's full-disk case (needs root to mount a small tmpfs)");
        return;
    };
    let today = lansplan::plan::Date { year: 2026, month: 11, day: 22 };
    let plan = plan_in(disk.path(), "plan.toml");
    let before = std::fs::read(&plan).expect("read");
    let mut a = App::new(Session::open(&plan, today).expect("open"), Lang::Sv, today);
    a.guard.data = Some(disk.path().join("data"));
    a.attach();
    disk.fill();
    let key = |a: &mut App, code, mods| a.handle_key(KeyEvent::new(code, mods));
    key(&mut a, KeyCode::Char('e'), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    for c in "Ny titel".chars() {
        key(&mut a, KeyCode::Char(c), KeyModifiers::NONE);
    }
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    let msg = a.message.clone().expect("a message");
    assert!(msg.error && msg.text.starts_with("kunde inte skriva återställningsjournalen"), "{msg:?}");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let msg = a.message.clone().expect("a message");
    assert!(msg.error, "{msg:?}");
    let save = format!("kunde inte spara {}: ", plan.display());
    assert!(msg.text.starts_with(&save), "the save's error first: {}", msg.text);
    assert!(msg.text.contains("· kunde inte skriva återställningsjournalen"), "and the journal's: {}", msg.text);
    assert!(!msg.text.contains("at path"), "our temporary files are not named: {}", msg.text);
    assert_eq!(std::fs::read(&plan).expect("read"), before);
    assert!(a.session.is_dirty(), "the edit is still here to save elsewhere");
}

// Issue #15: 10 full-size `.plan.toml.*.tmp` were left after 600 kills of
// `set`, and nothing removed them. Kills at 30 moments of a save of a
// 2,000-activity plan; then whatever they left (and one planted piece of
// litter, so that there is always some), once old enough, goes with the
// next save, while a file of another name stays.
#[test]
fn litter_of_killed_saves_goes_with_the_next_save() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("plan.toml");
    std::fs::write(&file, lansplan::plan::generate::plan(2_000, 3)).expect("write");
    let t = Instant::now();
    let out = bounded({
        let mut c = bin();
        c.arg("set").arg(&file).args(["activities.A7.title", "Första"]);
        c
    });
    assert!(out.status.success(), "{}", stderr(&out));
    let full = t.elapsed().as_micros() as u64;
    for i in 0..30u64 {
        let mut child = bin()
            .arg("set")
            .arg(&file)
            .args(["activities.A7.title", &format!("Titel {i}")])
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(i * full / 30));
        let _ = child.kill();
        let _ = child.wait();
        assert!(lansplan::plan::load_file(&file, lansplan::plan::Date { year: 2026, month: 11, day: 22 }).is_ok());
    }
    std::fs::copy(&file, tmp.path().join(".plan.toml.Xy12Zw.tmp")).expect("planted litter");
    std::fs::write(tmp.path().join(".annan.toml.Xy12Zw.tmp"), "not ours").expect("another file's");
    let left = temporaries(tmp.path());
    eprintln!("{} temporary files before the next save (one planted, one of another file)", left.len());
    let old = std::time::SystemTime::now() - Duration::from_secs(60);
    for name in &left {
        let f = std::fs::OpenOptions::new().write(true).open(tmp.path().join(name)).expect("open");
        f.set_modified(old).expect("age");
    }
    let out = bounded({
        let mut c = bin();
        c.arg("set").arg(&file).args(["activities.A7.title", "Sista"]);
        c
    });
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(temporaries(tmp.path()), [".annan.toml.Xy12Zw.tmp"]);
}

// Issue #15: `git add -A` committed the temporary files of killed saves.
// `git-setup --apply` keeps them out, and a killed `review mark`'s lock (the
// editor's locks are not in the working tree at all, see tui_e2e).
#[test]
fn git_setup_keeps_a_crash_litter_out_of_git() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("HOME", dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(&["init", "-q"]);
    plan_in(dir, "plan.toml");
    std::fs::write(dir.join(".plan.toml.Ab12Cd.tmp"), "a killed save's half").expect("litter");
    // A killed `review mark` leaves its lock beside the review file (issue #14).
    std::fs::write(dir.join(".plan-2025.3.review.toml.lock"), "").expect("lock");
    let out = bounded({
        let mut c = bin();
        c.args(["git-setup", "--apply"])
            .current_dir(dir)
            .env("PATH", crate::common::path_with_lansplan())
            .env("HOME", dir)
            .env("GIT_CONFIG_NOSYSTEM", "1");
        c
    });
    assert!(out.status.success(), "{}", stderr(&out));
    git(&["add", "-A"]);
    let staged = git(&["diff", "--cached", "--name-only"]);
    assert_eq!(staged.lines().collect::<Vec<_>>(), [".gitattributes", ".gitignore", "plan.toml"], "{staged}");
    // Run twice, nothing is added twice.
    let out = bounded({
        let mut c = bin();
        c.args(["git-setup", "--apply"])
            .current_dir(dir)
            .env("PATH", crate::common::path_with_lansplan())
            .env("HOME", dir)
            .env("GIT_CONFIG_NOSYSTEM", "1");
        c
    });
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(dir.join(".gitignore")).expect("read"), ".*.toml.*.tmp\n.*.review.toml.lock\n");
}

// Issue #15 (second audit): `decision add` read its decisions file with a
// plain read, so a FIFO there hung it; git-diff showed a side it could not
// read (a FIFO, a file over the limit, bytes that are not UTF-8) as empty,
// every line deleted, without a word.
#[test]
#[cfg(unix)]
fn side_files_and_git_diff_sides_that_cannot_be_read_are_said() {
    let tmp = tempfile::tempdir().expect("tmp");
    let plan = plan_in(tmp.path(), "plan.toml");
    let fifo = tmp.path().join("jamtland-lok_2025.3.decisions.toml");
    mkfifo(&fifo);
    let out = bounded({
        let mut c = bin();
        c.args(["decision", "add", "--kind", "recommendation", "--body", "SVOM", "--date", "2025-09-01"]).arg(&plan);
        c
    });
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("FIFO") && stderr(&out).contains("decisions.toml"), "{}", stderr(&out));

    let big = tmp.path().join("big.toml");
    std::fs::File::create(&big).and_then(|f| f.set_len(lansplan::plan::load::MAX_FILE_BYTES as u64 + 1)).expect("big");
    let binary = tmp.path().join("binary.toml");
    std::fs::write(&binary, b"title = \"\xff\"\n").expect("write");
    for (bad, why) in [(&fifo, "FIFO"), (&big, "64 MiB"), (&binary, "UTF-8")] {
        for (old, new, side) in [(bad, &plan, "a/"), (&plan, bad, "b/")] {
            let out = bounded({
                let mut c = bin();
                c.arg("git-diff").arg("plan.toml").arg(old).args(["0", "100644"]).arg(new).args(["0", "100644"]);
                c
            });
            let shown = String::from_utf8_lossy(&out.stdout);
            // git takes any exit but 0 as fatal for the whole diff.
            assert_eq!(out.status.code(), Some(0), "{bad:?}");
            assert!(shown.contains(why) && shown.contains(&format!("{side}plan.toml")), "{bad:?} {side}: {shown}");
            assert!(!shown.contains("\n-"), "nothing reads as deleted: {shown}");
            assert!(stderr(&out).contains(why), "{}", stderr(&out));
        }
    }
}

// A message that cannot be written (standard error full or closed) is
// dropped; it never turns into a panic (exit 101) of its own.
#[test]
#[cfg(target_os = "linux")]
fn a_full_standard_error_is_no_panic() {
    let tmp = tempfile::tempdir().expect("tmp");
    let broken = tmp.path().join("broken.toml");
    std::fs::write(&broken, "format = \"lansplan/1\"\n[plan\n").expect("write");
    let p = broken.to_str().expect("utf-8");
    let (a, b) =
        (repo_path("plans/jamtland/lok-2025.2-remiss.toml"), repo_path("plans/jamtland/lok-2025.3-beslutad.toml"));
    let (a, b) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    for args in [vec!["check", p], vec!["merge", a, p, b], vec!["diff", p, a], vec!["--no-such-flag"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let status = bin().args(&args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(full).status().expect("runs");
        // The status it gives when its messages can be written.
        let said = bin().args(&args).stdin(Stdio::null()).output().expect("runs");
        assert_ne!(status.code(), Some(101), "{args:?} panicked");
        assert_eq!(status.code(), said.status.code(), "{args:?}");
        assert!(matches!(status.code(), Some(1 | 2)), "{args:?}: {status:?}");
    }
}

// Issue #15: the kill tests cover the merge too. git runs the driver with
// `-o %A`, ours' own file: a merge killed at any moment leaves that file
// as ours was or as the whole merge, never a part, and the plan loads.
#[test]
fn a_merge_killed_at_any_moment_leaves_ours_or_the_merge() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let base = lansplan::plan::generate::plan(2_000, 3);
    std::fs::write(dir.join("base.toml"), &base).expect("write");
    for (side, path, value) in
        [("ours.toml", "activities.A7.title", "Vår titel"), ("theirs.toml", "activities.A9.status", "done")]
    {
        std::fs::write(dir.join(side), &base).expect("write");
        let out = bounded({
            let mut c = bin();
            c.arg("set").arg(dir.join(side)).args([path, value]);
            c
        });
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let ours = std::fs::read(dir.join("ours.toml")).expect("read");
    let merge = |out: &Path| {
        let mut c = bin();
        c.current_dir(dir).args(["merge", "base.toml", "ours.toml", "theirs.toml", "-o"]).arg(out);
        c
    };
    let t = Instant::now();
    let whole = dir.join("whole.toml");
    std::fs::write(&whole, &ours).expect("write");
    assert!(bounded(merge(&whole)).status.success());
    let full = t.elapsed().as_micros() as u64;
    let merged = std::fs::read(&whole).expect("read");
    assert_ne!(merged, ours);
    let target = dir.join("target.toml");
    let (mut untouched, mut done) = (0, 0);
    // Kills from the start to half as long again as a whole merge takes, so
    // that some land after the rename.
    for i in 0..45u64 {
        std::fs::write(&target, &ours).expect("reset");
        let mut child = merge(&target).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
        std::thread::sleep(Duration::from_micros(i * full / 30));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&target).expect("read");
        if now == ours {
            untouched += 1;
        } else {
            assert!(now == merged, "kill {i}: the file is neither ours nor the merge ({} bytes)", now.len());
            done += 1;
        }
    }
    eprintln!("45 kills of a merge: {untouched} left ours, {done} the whole merge");
}
