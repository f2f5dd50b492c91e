//! Pairs two sequences by key, in order: the first occurrence of a key on
//! one side with its first occurrence on the other, the second with the
//! second, and so on. Revisions pair their items by id this way, and the
//! diff's loader pairs `[[…]]` blocks by their text.

use std::collections::HashMap;
use std::hash::Hash;

/// For each key of `new`, the index in `old` of the same key's occurrence
/// with the same rank, if `old` has that many; keys that are `None` pair
/// with nothing.
pub fn pair_in_order<K: Eq + Hash>(
    old: impl IntoIterator<Item = Option<K>>,
    new: impl IntoIterator<Item = Option<K>>,
) -> Vec<Option<usize>> {
    const NONE: usize = usize::MAX;
    // For each key, the next old occurrence not yet paired (and the last
    // one, to chain on); `later[i]` is the occurrence after old item i.
    let mut next: HashMap<K, (usize, usize)> = HashMap::new();
    let mut later = Vec::new();
    for (i, key) in old.into_iter().enumerate() {
        later.push(NONE);
        let Some(key) = key else { continue };
        next.entry(key)
            .and_modify(|(_, last)| {
                later[*last] = i;
                *last = i;
            })
            .or_insert((i, i));
    }
    new.into_iter()
        .map(|key| {
            let (head, _) = next.get_mut(&key?)?;
            let i = *head;
            if i == NONE {
                return None;
            }
            *head = later[i];
            Some(i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_pair_in_order() {
        let old = ["a", "b", "a", "c"].map(Some);
        let new = [Some("a"), Some("a"), Some("a"), None, Some("c"), Some("d")];
        assert_eq!(pair_in_order(old, new), [Some(0), Some(2), None, None, Some(3), None]);
    }
}
