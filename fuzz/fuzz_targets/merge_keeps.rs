//! The fuzz target for `fuzz/checks/merge_keeps.rs`, which the test suite
//! also runs over the kept findings and a few generated inputs.
#![no_main]

#[path = "../checks/merge_keeps.rs"]
mod check;
#[path = "../checks/plangen.rs"]
mod plangen;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
