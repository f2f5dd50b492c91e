//! All integration tests, in one binary (faster to link than one per file).

mod agreement;
mod cli;
mod common;
mod consult;
mod diff;
mod docx;
mod fixtures;
mod forms;
mod fuzz_replay;
mod hostile;
mod import;
mod load;
mod merge;
mod merge_cases;
mod odd_files;
mod platform;
mod present;
mod prose;
mod publish;
mod reliability;
mod review;
mod roundtrip;
mod tui_areas;
mod tui_commitments;
mod tui_consult;
mod tui_e2e;
mod tui_render;

// The structured plans of the merge fuzz checks (crate::plangen there).
#[path = "../../fuzz/checks/plangen.rs"]
mod plangen;
