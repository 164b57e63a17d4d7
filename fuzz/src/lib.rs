//! Property checks shared by the fuzz targets and by `tests/fuzz_regressions.rs`.
pub mod props;
