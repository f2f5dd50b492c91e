//! Word-level differences inside a changed text, so that a reviewer sees
//! the two words that changed in a reworded goal rather than two whole
//! paragraphs. Words follow Unicode segmentation (å, ä, ö and hyphenated
//! Swedish compounds stay whole).

use similar::{ChangeTag, TextDiff};

use crate::plan::prose;

/// Whether a piece of text is shared, only old, or only new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Same,
    Removed,
    Added,
}

/// A run of text with one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub tag: Tag,
    pub text: String,
}

/// Returns the merged runs of a word-level diff of `old` and `new`. A
/// replaced stretch of several words shows as one removal and one addition,
/// not as words and spaces taking turns. The texts are compared as prose
/// (issue #21): a line break inside a paragraph is layout, so the runs
/// hold each paragraph on one line, to be wrapped to the width there is.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let (old, new) = (prose::normalize(old), prose::normalize(new));
    let diff = TextDiff::configure().timeout(std::time::Duration::from_millis(200)).diff_unicode_words(&old, &new);
    let mut out: Vec<Segment> = Vec::new();
    let (mut removed, mut added, mut pending_ws) = (String::new(), String::new(), String::new());
    let push = |out: &mut Vec<Segment>, tag: Tag, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(text),
            _ => out.push(Segment { tag, text: text.to_string() }),
        }
    };
    for change in diff.iter_all_changes() {
        let v = change.value();
        let in_change = !removed.is_empty() || !added.is_empty();
        match change.tag() {
            ChangeTag::Equal if in_change && v.trim().is_empty() => pending_ws.push_str(v),
            ChangeTag::Equal => {
                push(&mut out, Tag::Removed, &std::mem::take(&mut removed));
                push(&mut out, Tag::Added, &std::mem::take(&mut added));
                push(&mut out, Tag::Same, &std::mem::take(&mut pending_ws));
                push(&mut out, Tag::Same, v);
            }
            tag => {
                if !pending_ws.is_empty() {
                    // Spaces between two changed words belong to the change
                    // on both sides.
                    removed.push_str(&pending_ws);
                    added.push_str(&pending_ws);
                    pending_ws.clear();
                }
                if tag == ChangeTag::Delete { removed.push_str(v) } else { added.push_str(v) }
            }
        }
    }
    push(&mut out, Tag::Removed, &removed);
    push(&mut out, Tag::Added, &added);
    push(&mut out, Tag::Same, &pending_ws);
    out
}

/// Returns the old text (`Same` + `Removed` runs) or the new text.
pub fn side(segments: &[Segment], old: bool) -> impl Iterator<Item = &Segment> {
    segments.iter().filter(move |s| s.tag == Tag::Same || (s.tag == Tag::Removed) == old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_changed_words() {
        let segs = word_diff(
            "Fler unga med riskbruk upptäcks i primärvården",
            "Fler unga med riskbruk upptäcks tidigt i primärvården och elevhälsan",
        );
        let added: Vec<&str> = segs.iter().filter(|s| s.tag == Tag::Added).map(|s| s.text.as_str()).collect();
        assert_eq!(added.concat().split_whitespace().collect::<Vec<_>>(), ["tidigt", "och", "elevhälsan"]);
        assert!(segs.iter().all(|s| s.tag != Tag::Removed));
    }

    #[test]
    fn a_rewritten_stretch_is_one_removal_and_one_addition() {
        let segs = word_diff("Bygger på SKR:s plan. Slut", "Appen är struken nu. Slut");
        let tags: Vec<Tag> = segs.iter().map(|s| s.tag).collect();
        assert_eq!(tags, [Tag::Removed, Tag::Added, Tag::Same], "{segs:?}");
        let old: String = side(&segs, true).map(|s| s.text.as_str()).collect();
        let new: String = side(&segs, false).map(|s| s.text.as_str()).collect();
        assert_eq!((old.as_str(), new.as_str()), ("Bygger på SKR:s plan. Slut", "Appen är struken nu. Slut"));
    }

    #[test]
    fn keeps_swedish_words_whole() {
        let segs = word_diff("Öka samverkan", "Stärka samverkan");
        assert_eq!(segs[0], Segment { tag: Tag::Removed, text: "Öka".into() });
        assert_eq!(segs[1], Segment { tag: Tag::Added, text: "Stärka".into() });
    }
}
