// Shims live in the header; this file keeps the target a C module.
