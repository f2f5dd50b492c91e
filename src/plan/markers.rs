//! Git's conflict markers in a plan file. A merge done as text (in a
//! clone where `lansplan git-setup` was never run, or of a file the
//! attributes do not name) leaves `<<<<<<<`, `=======` and `>>>>>>>`
//! lines that no TOML parser takes; instead of the parser's message, a
//! person is told what happened and what to run.

use super::finding::Findings;
use super::load::LoadError;
use crate::i18n::Text;

/// Returns where the first conflict marker of `src` starts: a line that
/// begins with seven `<` (then a space or the line's end), when a
/// `=======` line and a `>>>>>>>` line follow it.
pub fn first_marker(src: &str) -> Option<usize> {
    let mut open = None;
    let mut middle = false;
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let marker = |c: char| {
            text.len() >= 7
                && text.bytes().take(7).all(|b| b == c as u8)
                && text[7..].chars().next().is_none_or(|c| c == ' ' || c == '\t')
        };
        if open.is_none() && marker('<') {
            open = Some(at);
        } else if open.is_some() && !middle && marker('=') {
            middle = true;
        } else if middle && marker('>') {
            return open;
        }
        at += line.len();
    }
    None
}

/// Returns the error for a file that holds conflict markers, at the first
/// one, or `None` when it holds none.
pub fn conflict(src: &str) -> Option<LoadError> {
    let at = first_marker(src)?;
    let mut f = Findings::new(src);
    f.error(
        at..at,
        Text::new(
            "filen innehåller gits konfliktmarkeringar (<<<<<<<, =======, >>>>>>>): den slogs ihop som text, utan lansplans sammanslagning av planfiler",
            "the file holds git's conflict markers (<<<<<<<, =======, >>>>>>>): it was merged as text, without lansplan's merge of plan files",
        ),
    );
    f.hint(Text::new(
        "kör `lansplan git-setup --apply` och gör om sammanslagningen av filen med `git checkout --merge -- FIL` (medan sammanslagningen pågår), eller ta bort markeringarna för hand och behåll det som ska stå kvar",
        "run `lansplan git-setup --apply` and redo the merge of the file with `git checkout --merge -- FILE` (while the merge is under way), or remove the markers by hand, keeping what should stay",
    ));
    Some(LoadError::Unreadable(Box::new(f.list.remove(0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_whole_conflict_and_nothing_else() {
        let text = "a = 1\n<<<<<<< HEAD\nb = 2\n||||||| base\nb = 1\n=======\nb = 3\n>>>>>>> other\n";
        assert_eq!(first_marker(text), Some(6));
        assert_eq!(first_marker(&text.replace("\r", "").replace('\n', "\r\n")), Some(7));
        assert_eq!(first_marker("<<<<<<< HEAD\nb = 2\n"), None, "no end: not a conflict");
        assert_eq!(first_marker("x = \"<<<<<<<\"\n=======\n>>>>>>>\n"), None);
        assert_eq!(first_marker("<<<<<<<<\n=======\n>>>>>>>\n"), None, "eight is no marker");
    }
}
