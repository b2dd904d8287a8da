//! Black-box tests live in `api/`; this library is empty on purpose so that they compile into one binary.
