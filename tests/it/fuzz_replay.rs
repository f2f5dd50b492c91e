//! The fuzz checks (fuzz/checks) in the test suite: every input a fuzz run
//! found and kept (tests/fixtures/fuzz/TARGET-*.bin) stays fixed, and each
//! check runs over a few hundred inputs made here, so a check that no
//! longer builds or no longer holds fails CI, not the next fuzz session.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[path = "../../fuzz/checks/diff.rs"]
mod diff;
#[path = "../../fuzz/checks/load.rs"]
mod load;
#[path = "../../fuzz/checks/merge.rs"]
mod merge;
#[path = "../../fuzz/checks/merge_check.rs"]
mod merge_check;
#[path = "../../fuzz/checks/merge_keeps.rs"]
mod merge_keeps;

type Check = fn(&[u8]);

/// Runs `check` on `data`; a broken promise is reported with where the
/// input came from.
fn run(target: &str, what: &str, check: Check, data: &[u8]) -> Option<String> {
    catch_unwind(AssertUnwindSafe(|| check(data))).err().map(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{target} on {what}: {}", msg.lines().next().unwrap_or(""))
    })
}

/// The kept findings of one target.
fn findings(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the fixtures folder") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if name.strip_prefix(target).is_some_and(|rest| rest.starts_with('-')) {
            out.push((name, std::fs::read(&path).expect("a fixture")));
        }
    }
    out
}

/// Bytes from a small fixed generator (xorshift), the same on every run.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Inputs made here: structured ones (0x01 and choices) for the targets
/// that read text too, choice bytes for the structured merge targets, and
/// example revisions split at NUL for the text ones.
fn made(target: &str, count: u64) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for i in 0..count {
        let mut data = bytes(i + 1, 16 + (i as usize * 37) % 1500);
        if matches!(target, "load" | "diff") {
            data.insert(0, 1);
        }
        out.push((format!("made input {i}"), data));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read(root.join(p)).expect("an example plan");
    let j = [
        "plans/jamtland/lok-2025.1-utkast.toml",
        "plans/jamtland/lok-2025.2-remiss.toml",
        "plans/jamtland/lok-2025.3-beslutad.toml",
    ];
    let joined = |parts: &[&str]| parts.iter().map(|p| read(p)).collect::<Vec<_>>().join(&0u8);
    match target {
        "load" => out.push(("an example revision".into(), read(j[2]))),
        "diff" => out.push(("two example revisions".into(), joined(&j[..2]))),
        "merge" => out.push(("three example revisions".into(), joined(&j))),
        _ => {}
    }
    out
}

fn replay(target: &str, check: Check, count: u64) {
    let mut broken = Vec::new();
    for (what, data) in findings(target).into_iter().chain(made(target, count)) {
        broken.extend(run(target, &what, check, &data));
    }
    assert!(broken.is_empty(), "{} broken:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn fuzz_load_holds_on_its_findings_and_made_inputs() {
    replay("load", load::check, 200);
}

#[test]
fn fuzz_diff_holds_on_its_findings_and_made_inputs() {
    replay("diff", diff::check, 200);
}

#[test]
fn fuzz_merge_holds_on_its_findings_and_made_inputs() {
    replay("merge", merge::check, 50);
}

#[test]
fn fuzz_merge_keeps_holds_on_its_findings_and_made_inputs() {
    replay("merge_keeps", merge_keeps::check, 200);
}

#[test]
fn fuzz_merge_check_holds_on_its_findings_and_made_inputs() {
    replay("merge_check", merge_check::check, 200);
}
