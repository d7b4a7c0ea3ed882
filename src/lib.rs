//! Workspace root: re-exports the generated Kombo client so that the
//! workspace's own tests and examples can use it under one name.
pub use kombo;
