//! Filters drop what the user has accepted: inline pragmas, config allowlists, baseline entries.

pub mod allowlist;
pub mod baseline;
pub mod pragma;
