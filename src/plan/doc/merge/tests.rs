//! Tests of the unit merge.
