use super::*;
use crate::diff::diff;
use crate::plan::{Date, Loaded, load_str};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

fn loaded(text: &str) -> Loaded {
    load_str(text.to_string(), TODAY).expect("loads")
}

fn pair() -> (Loaded, Loaded) {
    (
        loaded(include_str!("../../../plans/jamtland/lok-2025.1-utkast.toml")),
        loaded(include_str!("../../../plans/jamtland/lok-2025.2-remiss.toml")),
    )
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
        r.mark(&changes[0], Verdict::Accept, Some("Bra formulering åäö"), "Anna", Some("region"), "2026-11-22 10:00 UTC");
        r.mark(&changes[1], Verdict::Question, None, "Bo", None, "2026-11-22 10:05 UTC");
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
