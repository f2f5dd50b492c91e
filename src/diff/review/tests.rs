//! The review's promises: marks bound to what was judged, one verdict per
//! reviewer per change, replies, the next draft, file keys (issue 14).

use proptest::prelude::*;

use super::*;
use crate::diff::diff;
use crate::plan::{Date, Kind, Loaded, load_str};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };
const OLD: &str = include_str!("../../../plans/jamtland/lok-2025.1-utkast.toml");
const NEW: &str = include_str!("../../../plans/jamtland/lok-2025.2-remiss.toml");
const T: &str = "2026-11-22 10:00 UTC";

fn loaded(text: &str) -> Loaded {
    load_str(text.to_string(), TODAY).expect("loads")
}

fn pair() -> (Loaded, Loaded) {
    (loaded(OLD), loaded(NEW))
}

fn find<'a>(changes: &'a [Change], key: &str) -> &'a Change {
    changes.iter().find(|c| change_key(c) == key).unwrap_or_else(|| panic!("no change {key}"))
}

fn status(r: &Review, changes: &[Change], key: &str) -> Status {
    let a = r.assess(changes);
    let i = changes.iter().position(|c| change_key(c) == key).expect("change");
    a.changes[i].0
}

#[test]
fn marks_survive_saving_and_reopening() {
    let (old, new) = pair();
    let (old, new) = (&old.plan, &new.plan);
    let changes = diff(old, new);
    let dir = tempfile::tempdir().expect("tmp");
    let path = review_path(&dir.path().join("lok-2025.2-remiss.toml"), old, new);
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(name.starts_with("jamtland-lok_2025.1--2025.2_") && name.ends_with(".review.toml"), "{name}");
    let r = Review::update(&path, old, new, |r| {
        r.mark(&changes[0], Verdict::Accept, Some("Bra formulering åäö"), "Anna", Some("region"), T);
        r.mark(&changes[1], Verdict::Question, None, "Bo", None, T);
        Ok(())
    })
    .expect("save");
    let again = Review::open(&path, old, new).expect("reopen");
    assert_eq!(again.review, r);
    assert!(again.notes.is_empty());
    let s = r.summary(&r.assess(&changes));
    assert_eq!((s.all.get(Status::Accepted), s.all.get(Status::Question)), (1, 1));
    // The same file is refused for another pair of revisions.
    assert!(Review::open(&path, new, old).is_err());
}

// Issue 14: an approval is bound to what was approved. The title edited
// after the mark makes it "changed since review", and it is not applied.
#[test]
fn a_mark_on_a_change_edited_afterwards_is_changed_since_review() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let mut r = Review::new(&old.plan, &new.plan);
    r.mark(find(&changes, "goal/G3/title"), Verdict::Accept, None, "Anna", None, T);
    r.mark(find(&changes, "activity/A6/due"), Verdict::Accept, None, "Anna", None, T);
    assert_eq!(status(&r, &changes, "goal/G3/title"), Status::Accepted);

    // Comments and layout do not matter: the values do.
    let relaid = NEW.replace("\n[[goals]]\n", "\n# en kommentar\n[[goals]]\n\n");
    let relaid_changes = diff(&old.plan, &loaded(&relaid).plan);
    assert_eq!(status(&r, &relaid_changes, "goal/G3/title"), Status::Accepted);

    let g3 = new.plan.find(Kind::Goal, "G3").expect("G3").str("title").to_string();
    let edited = loaded(&NEW.replacen(&format!("title = \"{g3}\""), "title = \"En titel ingen har godkänt\"", 1));
    let changes = diff(&old.plan, &edited.plan);
    let a = r.assess(&changes);
    let i = changes.iter().position(|c| change_key(c) == "goal/G3/title").expect("still a change");
    assert_eq!(a.changes[i].0, Status::Changed);
    assert_eq!(a.changes[i].1[0].state, MarkState::Changed);
    assert_eq!(status(&r, &changes, "activity/A6/due"), Status::Accepted, "the other mark still holds");
    let md = r.to_markdown(&old.plan, &edited.plan, &changes, Lang::Sv);
    assert!(md.contains("**godkänd** _(ändrad efter granskning)_"), "{md}");

    let done = r.apply_accepted(&a, &old, &edited.plan, &changes, "2025.3", TODAY).expect("applies");
    assert!(!done.text.contains("En titel ingen har godkänt"));
    assert!(done.left_out.contains(&(i, LeftOut::Review(Status::Changed))));
    let result = loaded(&done.text).plan;
    let applied: Vec<String> =
        diff(&old.plan, &result).iter().filter(|c| c.kind != Kind::Revision).map(change_key).collect();
    assert_eq!(applied, vec!["activity/A6/due".to_string()]);
}

// Issue 14: a mark whose change disappeared is reported, not dropped.
#[test]
fn a_mark_whose_change_is_gone_is_counted_and_listed() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let mut r = Review::new(&old.plan, &new.plan);
    r.mark(find(&changes, "activity/A6/due"), Verdict::Reject, Some("För tidigt"), "Anna", None, T);
    // The due date edited back to the old one: the change is gone.
    let due = old.plan.find(Kind::Activity, "A6").expect("A6").date("due").expect("due");
    let back = new.plan.find(Kind::Activity, "A6").expect("A6").date("due").expect("due");
    let reverted = loaded(&NEW.replacen(&format!("due = {back}"), &format!("due = {due}"), 1));
    let changes = diff(&old.plan, &reverted.plan);
    assert!(changes.iter().all(|c| change_key(c) != "activity/A6/due"));
    let a = r.assess(&changes);
    assert_eq!(a.gone, vec![0]);
    assert_eq!(r.summary(&a).gone, 1);
    let md = r.to_markdown(&old.plan, &reverted.plan, &changes, Lang::Sv);
    assert!(md.contains("1 markeringar gäller ändringar som inte längre finns"), "{md}");
    assert!(md.contains("activity/A6/due") && md.contains("För tidigt"), "{md}");
}

// Issue 14: one verdict per reviewer per change; a second reviewer's mark
// stands beside the first one's, and the change is accepted only when
// everyone who marked it accepted it as it stands.
#[test]
fn several_reviewers_each_keep_their_verdict() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let c = find(&changes, "goal/G3/title");
    let key = change_key(c);
    let mut r = Review::new(&old.plan, &new.plan);
    r.mark(c, Verdict::Accept, Some("Bra"), "Anna", Some("region"), T);
    r.mark(c, Verdict::Reject, Some("Nej"), "Bo", Some("berg"), T);
    assert_eq!(r.marks_on(&key).count(), 2);
    assert_eq!(status(&r, &changes, &key), Status::Rejected);
    r.mark(c, Verdict::Question, None, "Bo", None, T);
    assert_eq!(r.marks_on(&key).count(), 2, "Bo's second verdict replaces only Bo's first");
    assert_eq!(r.mark_by(c, "Bo").map(|m| (m.comment.as_str(), m.party.as_str())), Some(("Nej", "berg")));
    assert_eq!(status(&r, &changes, &key), Status::Question);
    r.mark(c, Verdict::Accept, None, "Bo", None, T);
    assert_eq!(status(&r, &changes, &key), Status::Accepted);

    let other = find(&changes, "activity/A6/due");
    r.mark(other, Verdict::Accept, None, "Cecilia", None, T);
    let s = r.summary(&r.assess(&changes));
    let names: Vec<&str> = s.reviewers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Anna", "Bo", "Cecilia"]);
    assert_eq!(s.reviewers[0].tally.get(Status::Accepted), 1);
    assert_eq!(s.reviewers[0].tally.get(Status::Unreviewed), changes.len() - 1);
    assert_eq!(s.reviewers[1].party.as_deref(), Some("berg"));
    let parties: Vec<(&str, usize)> = s.parties.iter().map(|(p, t)| (p.as_str(), t.get(Status::Accepted))).collect();
    assert_eq!(parties, [("region", 1), ("berg", 1)]);
    assert_eq!(s.all.get(Status::Accepted), 2);
}

#[test]
fn replies_go_to_one_mark_and_keep_it() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let c = find(&changes, "goal/G3/title");
    let key = change_key(c);
    let mut r = Review::new(&old.plan, &new.plan);
    assert!(r.reply(&key, None, "Bo", None, "Varför?", T).is_err(), "nothing to reply to");
    r.mark(c, Verdict::Question, Some("Varför ändras titeln?"), "Anna", Some("region"), T);
    r.reply(&key, None, "Bo", Some("berg"), "Remissen bad om det", T).expect("the only mark");
    r.mark(c, Verdict::Accept, None, "Cecilia", None, T);
    assert!(r.reply(&key, None, "Bo", None, "Och?", T).is_err(), "two marks: say whose");
    assert!(r.reply(&key, Some("Doris"), "Bo", None, "Och?", T).is_err(), "Doris has no mark");
    assert!(r.reply(&key, Some("Anna"), "Bo", None, "  ", T).is_err(), "an empty reply");
    r.reply(&key, Some("Cecilia"), "Anna", None, "Tack", T).expect("to Cecilia");
    let anna = r.mark_by(c, "Anna").expect("Anna's mark");
    assert_eq!(anna.replies.len(), 1);
    assert_eq!((anna.replies[0].reviewer.as_str(), anna.replies[0].party.as_str()), ("Bo", "berg"));
    assert_eq!(r.mark_by(c, "Cecilia").expect("mark").replies[0].party, "region", "Anna's latest party");
    // A verdict changed keeps the replies; taking the mark back is refused.
    r.mark(c, Verdict::Accept, None, "Anna", None, T);
    assert_eq!(r.mark_by(c, "Anna").expect("mark").replies.len(), 1);
    assert!(r.unmark(&key, "Anna").is_err());
    assert_eq!(r.unmark(&key, "Nobody").ok(), Some(false));
    let md = r.to_markdown(&old.plan, &new.plan, &changes, Lang::Sv);
    assert!(md.contains("    - svar från Bo, berg, 2026-11-22 10:00 UTC: Remissen bad om det"), "{md}");
}

#[test]
fn parties_are_checked_against_the_plans() {
    let (old, new) = pair();
    assert!(Review::check_party("berg", &old.plan, &new.plan).is_ok());
    let e = Review::check_party("G\u{1b}[31m", &old.plan, &new.plan).expect_err("unknown");
    let t = e.text();
    assert!(t.sv.contains("okänd part") && t.sv.contains("region") && !t.sv.contains('\u{1b}'), "{}", t.sv);
}

// Issue 14: a file of the first format loads; its marks have no recorded
// values and count as changed since review (the safe rule), its mark on a
// change that is not there is reported.
#[test]
fn a_review_of_the_first_format_is_read() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("lok-2025.2-remiss.toml");
    let legacy = include_str!("../../../tests/fixtures/review/jamtland-lok_2025.1--2025.2.review.toml");
    std::fs::write(dir.path().join("jamtland-lok_2025.1--2025.2.review.toml"), legacy).expect("write");
    let path = review_path(&file, &old.plan, &new.plan);
    let opened = Review::open(&path, &old.plan, &new.plan).expect("reads the first format");
    assert_eq!(opened.review.marks.len(), 3);
    assert!(opened.notes[0].sv.starts_with("3 markeringar i tidigare format"), "{:?}", opened.notes);
    let a = opened.review.assess(&changes);
    assert_eq!(status(&opened.review, &changes, "goal/G3/title"), Status::Changed);
    assert_eq!(status(&opened.review, &changes, "activity/A6/due"), Status::Changed);
    assert_eq!(a.gone.len(), 1);
    // Marking again binds the mark; the file is then written under the new
    // name and the old file is left as it was.
    let r = Review::update(&path, &old.plan, &new.plan, |r| {
        r.mark(find(&changes, "goal/G3/title"), Verdict::Accept, None, "Anna Granskare", None, T);
        Ok(())
    })
    .expect("writes");
    assert_eq!(status(&r, &changes, "goal/G3/title"), Status::Accepted);
    assert_eq!(r.mark_by(find(&changes, "goal/G3/title"), "Anna Granskare").expect("m").comment, "Tydligare så");
    assert_eq!(std::fs::read_to_string(dir.path().join("jamtland-lok_2025.1--2025.2.review.toml")).expect("r"), legacy);
    let again = Review::open(&path, &old.plan, &new.plan).expect("reopen");
    assert!(again.notes.is_empty());
    assert_eq!(again.review.format, FORMAT);
    assert_eq!(again.review.marks.len(), 3);
}

#[test]
fn broken_review_files_are_refused_with_a_place() {
    let (old, new) = pair();
    let dir = tempfile::tempdir().expect("tmp");
    let path = review_path(&dir.path().join("lok.toml"), &old.plan, &new.plan);
    let cases: [(&[u8], &str); 4] = [
        (b"format = \"lansplan-review/2\"\nplan = 3\n", ":2:8: fel:"),
        (b"format = \"lansplan-review/9\"\nplan = \"x\"\n[old]\nversion=\"1\"\ndate=\"\"\n[new]\nversion=\"1\"\ndate=\"\"\n", "okänt granskningsformat"),
        (b"format = \"lansplan-review/2\"\n\xff\xfe junk", ":2:1: fel: filen är inte UTF-8"),
        (b"format = \"\\u001b[31m\"\nplan = \"x\"\n[old]\nversion=\"1\"\ndate=\"\"\n[new]\nversion=\"1\"\ndate=\"\"\n", "\"\\e[31m\""),
    ];
    for (bytes, want) in cases {
        std::fs::write(&path, bytes).expect("write");
        let e = Review::open(&path, &old.plan, &new.plan).expect_err("refused");
        let t = e.text();
        assert!(t.sv.contains(want) && !t.sv.contains('\u{1b}'), "{want}: {}", t.sv);
    }
    // Another content of the older revision under the same name: refused.
    let r = Review::new(&old.plan, &new.plan);
    std::fs::remove_file(&path).expect("rm");
    Review::update(&path, &old.plan, &new.plan, |_| Ok(())).expect("write");
    let other = loaded(&OLD.replacen("title = \"", "title = \"Annan ", 1));
    assert!(Review::open(&path, &other.plan, &new.plan).is_err());
    assert_eq!(Review::open(&path, &old.plan, &new.plan).expect("same").review, r);
}

// Issue 14: two different revisions never share a review file; issue 15:
// a long plan id gave "File name too long".
#[test]
fn review_files_are_keyed_and_capped() {
    let (old, new) = pair();
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("lok-2025.2-remiss.toml");
    let base = review_path(&file, &old.plan, &new.plan);
    // The same labels, another older content: another review.
    let other_old = loaded(&OLD.replacen("title = \"", "title = \"Annan ", 1));
    assert_ne!(review_path(&file, &other_old.plan, &new.plan), base);
    // Another file with the same version and date beside it: another review.
    assert_ne!(review_path(&dir.path().join("lok-2025.2-b.toml"), &old.plan, &new.plan), base);
    // The revision under review edited: the same review (its marks go stale).
    let edited = loaded(&NEW.replacen("title = \"", "title = \"Ändrad ", 1));
    assert_eq!(review_path(&file, &old.plan, &edited.plan), base);
    // Another date of the newer revision: another review.
    let redated = loaded(&NEW.replacen("date = 2025-04-10", "date = 2025-04-11", 1));
    assert_ne!(review_path(&file, &old.plan, &redated.plan), base);

    let long = |id: &str| loaded(&NEW.replace("id = \"jamtland-lok\"", &format!("id = \"{id}\"")));
    let (a, b) = (long(&format!("{}-a", "x".repeat(300))), long(&format!("{}-b", "x".repeat(300))));
    let (pa, pb) = (review_path(&file, &old.plan, &a.plan), review_path(&file, &old.plan, &b.plan));
    assert_ne!(pa, pb, "unique past the cap");
    for p in [&pa, &pb] {
        let n = p.file_name().expect("name").len();
        assert!(n <= 130, "{n} bytes");
    }
    let long_old = loaded(&OLD.replace("id = \"jamtland-lok\"", &format!("id = \"{}-a\"", "x".repeat(300))));
    let r = Review::update(&pa, &long_old.plan, &a.plan, |r| {
        let changes = diff(&long_old.plan, &a.plan);
        r.mark(&changes[0], Verdict::Accept, None, "Anna", None, T);
        Ok(())
    })
    .expect("a long id is written");
    assert_eq!(Review::open(&pa, &long_old.plan, &a.plan).expect("read back").review, r);
}

// Three reviewers marking at once: each update holds the lock beside the
// file and reads it afresh, so nobody's mark is lost (without the lock,
// 24 of 63 marks were lost here: two writers both found the file as they
// had read it and renamed over each other).
#[test]
fn reviewers_marking_at_the_same_time_lose_nothing() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let dir = tempfile::tempdir().expect("tmp");
    let path = review_path(&dir.path().join("lok.toml"), &old.plan, &new.plan);
    std::thread::scope(|s| {
        for who in ["Anna", "Bo", "Cecilia"] {
            let (path, old, new, changes) = (&path, &old, &new, &changes);
            s.spawn(move || {
                for c in changes.iter().take(8) {
                    Review::update(path, &old.plan, &new.plan, |r| {
                        r.mark(c, Verdict::Accept, None, who, None, T);
                        Ok(())
                    })
                    .expect("saved");
                }
            });
        }
    });
    let r = Review::open(&path, &old.plan, &new.plan).expect("read").review;
    assert_eq!(r.marks.len(), 3 * 8);
}

#[test]
fn next_versions() {
    let none: &[String] = &[];
    for (label, next) in [
        ("2025.3", "2025.4"),
        ("2025.9", "2025.10"),
        ("2025.09", "2025.10"),
        ("2025.099", "2025.100"),
        ("v2-remiss", "v3-remiss"),
        ("2025", "2026"),
        ("remiss", "remiss.2"),
        ("remissversion å", "remissversion å.2"),
        ("", "1"),
        ("99", "100"),
        ("1.99999999999999999999999", "1.100000000000000000000000"),
    ] {
        assert_eq!(next_version(label, none), next, "{label:?}");
    }
    let taken = ["2025.4".to_string(), " 2025.5 ".to_string()];
    assert_eq!(next_version("2025.3", &taken), "2025.6");
}

proptest! {
    #[test]
    fn a_next_version_is_new(label in "\\PC{0,12}", taken in proptest::collection::vec("[0-9a-z.]{1,6}", 0..6)) {
        let v = next_version(&label, &taken);
        prop_assert_ne!(v.as_str(), label.trim());
        prop_assert!(!taken.iter().any(|t| t.trim() == v));
        prop_assert!(!v.is_empty());
    }
}

// Issue 14: `review apply` writes a new draft (next version, status draft,
// today's date, a summary) with exactly the changes accepted as they
// stand, and says what it left out.
#[test]
fn applying_a_review_writes_the_next_draft() {
    let old = loaded(include_str!("../../../plans/jamtland/lok-2025.2-remiss.toml"));
    let new = loaded(include_str!("../../../plans/jamtland/lok-2025.3-beslutad.toml"));
    let changes = diff(&old.plan, &new.plan);
    let mut r = Review::new(&old.plan, &new.plan);
    let field_changes: Vec<&Change> =
        changes.iter().filter(|c| c.kind != Kind::Revision && c.op == Op::Changed).collect();
    assert!(field_changes.len() >= 3, "the fixture has field changes");
    let (yes, no, ask) = (field_changes[0], field_changes[1], field_changes[2]);
    r.mark(yes, Verdict::Accept, None, "Anna", None, T);
    r.mark(no, Verdict::Accept, None, "Anna", None, T);
    r.mark(no, Verdict::Reject, None, "Bo", None, T);
    r.mark(ask, Verdict::Question, None, "Bo", None, T);
    for c in changes.iter().filter(|c| c.kind == Kind::Revision) {
        r.mark(c, Verdict::Accept, None, "Anna", None, T);
    }
    let a = r.assess(&changes);
    let done = r.apply_accepted(&a, &old, &new.plan, &changes, "2025.4", TODAY).expect("applies");
    assert_eq!(done.applied.len(), 1);
    let why = |c: &Change| done.left_out.iter().find(|(i, _)| changes[*i] == *c).map(|(_, w)| *w);
    assert_eq!(why(no), Some(LeftOut::Review(Status::Rejected)));
    assert_eq!(why(ask), Some(LeftOut::Review(Status::Question)));
    for c in changes.iter().filter(|c| c.kind == Kind::Revision) {
        let f = c.field.unwrap_or("");
        let want = if ["version", "date", "status", "summary", "decided_by"].contains(&f) {
            Some(LeftOut::Replaced)
        } else {
            None
        };
        assert_eq!(why(c), want, "{f}");
    }
    assert_eq!(done.applied.len() + done.left_out.len(), changes.len(), "every change is accounted for");
    let draft = loaded(&done.text);
    assert_eq!(draft.error_count(), 0, "{:?}", draft.findings);
    let rev = &draft.plan.revision;
    assert_eq!((rev.str("version"), rev.str("status"), rev.date("date")), ("2025.4", "draft", Some(TODAY)));
    assert!(rev.get("decided_by").is_none());
    assert!(
        rev.str("summary").starts_with("Utkast efter granskningen av 2025.2 → 2025.3: 1 av"),
        "{}",
        rev.str("summary")
    );
    assert!(rev.str("summary").contains("1 avvisad") && rev.str("summary").contains("1 öppen fråga"));
    let left: Vec<String> =
        diff(&old.plan, &draft.plan).iter().filter(|c| c.kind != Kind::Revision).map(change_key).collect();
    assert_eq!(left, vec![change_key(yes)]);
    // The version of either revision is refused.
    for v in ["2025.2", "2025.3", " "] {
        assert!(matches!(r.apply_accepted(&a, &old, &new.plan, &changes, v, TODAY), Err(ApplyError::Version(_))));
    }
}

// An accepted activity under a goal that was rejected would leave a
// reference to nothing: refused with the finding, nothing written.
#[test]
fn an_accepted_change_resting_on_a_left_out_one_is_refused() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let mut r = Review::new(&old.plan, &new.plan);
    r.mark(find(&changes, "activity/A26/added"), Verdict::Accept, None, "Anna", None, T);
    r.mark(find(&changes, "goal/G13/added"), Verdict::Reject, None, "Anna", None, T);
    let a = r.assess(&changes);
    match r.apply_accepted(&a, &old, &new.plan, &changes, "2025.3", TODAY) {
        Err(e @ ApplyError::Invalid(_)) => {
            let m = e.message(Lang::Sv);
            assert!(m.contains("G13") && m.contains("ingen fil skrevs"), "{m}");
        }
        other => panic!("not refused: {other:?}"),
    }
}

// A lock left by a process that died is taken over.
#[test]
fn a_stale_lock_is_taken_over() {
    let (old, new) = pair();
    let dir = tempfile::tempdir().expect("tmp");
    let path = review_path(&dir.path().join("lok.toml"), &old.plan, &new.plan);
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let lock = dir.path().join(format!(".{name}.lock"));
    let f = std::fs::File::create(&lock).expect("lock");
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    f.set_modified(past).expect("age the lock");
    drop(f);
    let start = std::time::Instant::now();
    Review::update(&path, &old.plan, &new.plan, |_| Ok(())).expect("written");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert!(!lock.exists(), "the lock is gone after the write");
}

// A review that no longer matches (the older revision's content changed)
// is not found under the new key, but it is named, never lost from sight.
#[test]
fn a_new_review_names_the_other_reviews_of_the_same_versions() {
    let (old, new) = pair();
    let changes = diff(&old.plan, &new.plan);
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("lok-2025.2-remiss.toml");
    let first = review_path(&file, &old.plan, &new.plan);
    Review::update(&first, &old.plan, &new.plan, |r| {
        r.mark(&changes[0], Verdict::Accept, None, "Anna", None, T);
        Ok(())
    })
    .expect("written");
    let other_old = loaded(&OLD.replacen("title = \"", "title = \"Annan ", 1));
    let second = review_path(&file, &other_old.plan, &new.plan);
    let opened = Review::open(&second, &other_old.plan, &new.plan).expect("a new review");
    assert!(opened.review.marks.is_empty());
    let name = first.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(
        opened.notes.iter().any(|n| n.sv.contains("en ny granskning börjar") && n.sv.contains(name)),
        "{:?}",
        opened.notes
    );
}
