//! Chooses the user's language and carries text in both languages.
//!
//! lansplan speaks Swedish first and English second. Core code builds
//! [`Text`] values with both wordings so that the caller (CLI or TUI) picks
//! the language at the edge, and tests can check either.

use std::fmt;

/// The language of everything lansplan says to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Svenska (default)
    #[default]
    Sv,
    /// English
    En,
}

impl Lang {
    /// Returns the language asked for by `--lang`, else by the locale
    /// variables (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them), else Swedish.
    pub fn detect(explicit: Option<Lang>) -> Lang {
        if let Some(lang) = explicit {
            return lang;
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(var) {
                if value.is_empty() {
                    continue;
                }
                return if value.starts_with("en") { Lang::En } else { Lang::Sv };
            }
        }
        Lang::Sv
    }

    /// Returns the language's BCP 47 code, as HTML's `lang` wants it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Returns whichever of the two wordings fits this language.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

/// A message in Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub sv: String,
    pub en: String,
}

impl Text {
    /// Builds a message from its two wordings.
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Self {
        Text { sv: sv.into(), en: en.into() }
    }

    /// Returns the wording for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.sv, &self.en)
    }
}

impl fmt::Display for Text {
    /// Shows the Swedish wording; use [`Text::get`] to choose.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sv)
    }
}

/// Builds a [`Text`] from two `format!` argument lists.
#[macro_export]
macro_rules! text {
    (sv: $($sv:expr),+ ; en: $($en:expr),+ $(;)?) => {
        $crate::i18n::Text::new(format!($($sv),+), format!($($en),+))
    };
}
