//! Repairs: what `mdelist fix` can change in a listing package. Pure, like the check: bytes in,
//! repaired bytes (or a reason not to) out; the command line reads and writes the files.

pub mod logo;
