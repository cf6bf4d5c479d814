//! The KPI reader on a fixture tree of headers.

use std::path::Path;

use rjail_verify_ko::kpi::load_kpi_dir;

#[test]
fn fixture_headers_declare_exactly_the_kernel_symbols() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kpi");
    let names: Vec<String> = load_kpi_dir(&dir)
        .expect("fixture headers are readable")
        .into_iter()
        .collect();
    assert_eq!(
        names,
        [
            "fixture_copyin",
            "fixture_copyout",
            "fixture_free",
            "fixture_hostname",
            "fixture_lock_impl",
            "fixture_malloc",
            "fixture_maxproc",
            "fixture_mtx_destroy",
            "fixture_mtx_init",
            "fixture_names",
            "fixture_panic",
            "fixture_thread0",
        ]
    );
}

#[test]
fn static_inline_and_function_pointer_members_do_not_count() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kpi");
    let names = load_kpi_dir(&dir).expect("fixture headers are readable");
    for absent in [
        "fixture_is_root",
        "fixture_file_local",
        "op_check",
        "op_destroy",
        "op_version",
        "fixture_handler_t",
        "fixture_callback_t",
        "fixture_lock",
        "fixture_commented_out",
        "owner",
    ] {
        assert!(!names.contains(absent), "{absent} must not be a KPI name");
    }
}

#[test]
fn missing_directory_is_an_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/no-such-dir");
    assert!(load_kpi_dir(&dir).is_err());
}
