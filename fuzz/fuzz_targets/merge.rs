//! The fuzz target for `fuzz/checks/merge.rs`, which the test suite
//! also runs over the kept findings and a few generated inputs.
#![no_main]

#[path = "../checks/merge.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
