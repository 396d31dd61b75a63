#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mdelist_fuzz::worker_protocol(data));
