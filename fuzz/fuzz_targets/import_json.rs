//! Fuzzes the JSON import's reading and checking: whatever the bytes, no panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    omu_core::exchange::check_bytes(data);
});
