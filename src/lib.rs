//! hush: a fast, quiet secret scanner.
//!
//! Data flows one way: sources -> blobs -> matches -> findings -> filters -> reports. The library
//! holds the engine; `cmd` is the command-line layer and the only module that prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod container;
pub mod content;
pub mod detect;
pub mod diagnostic;
pub mod exit;
pub mod filter;
pub mod finding;
pub mod progress;
pub mod report;
pub mod rule;
pub mod scan;
pub mod settings;
pub mod source;
pub mod time;
