//! placeholder
pub fn run(_file: Option<&std::path::Path>, _lang: crate::i18n::Lang) -> i32 { 0 }
