//! The domain: a plan's schema, typed values, loading, validation, edits and
//! saving. No terminal code lives here; the CLI and the TUI both stand on it.

pub mod date;
pub mod doc;
pub mod edit;
pub mod family;
pub mod finding;
pub mod generate;
pub mod git;
pub mod load;
pub mod markers;
pub mod model;
pub mod pairing;
pub mod path;
pub mod prose;
pub mod read;
pub mod recovery;
pub mod responsibility;
pub mod save;
pub mod scb;
pub mod schema;
pub mod threeway;
pub mod validate;

pub use date::Date;
pub use finding::{Finding, Severity};
pub use load::{LoadError, Loaded, load_file, load_str};
pub use model::{Item, Plan, Value};
pub use schema::Kind;
