//! Fuzzes the project reader: any bytes get a project or an error, never a panic, a stack
//! overflow or unbounded memory. Run: `cargo fuzz run read_project --fuzz-dir tests/fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(project) = rapport::store::read_project_bytes(data) {
        // Whatever reads must write canonically and read back the same.
        let text = rapport::store::write_project(&project);
        let again = rapport::store::read_project(&text).expect("canonical text reads");
        assert_eq!(again, project);
    }
});
