//! Build script: generates the kernel bindings when building for the kernel
//! target (`target_os = "none"`). A host build does nothing here, so the
//! host tests never need libclang.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os != "none" {
        return;
    }
    kernel::generate_bindings();
}

#[cfg(feature = "kernel-bindings")]
mod kernel {
    use std::env;
    use std::path::PathBuf;

    /// The target the glue is compiled for: FreeBSD 15.0's kernel ABI.
    const CLANG_TARGET: &str = "--target=x86_64-unknown-freebsd15.0";

    pub fn generate_bindings() {
        let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
        let headers = root.join("sys-headers");
        let glue = root.join("kmod");
        for dir in [&headers, &glue] {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let wrapper = "#include <sys/param.h>\n\
                       #include <sys/systm.h>\n\
                       #include <sys/malloc.h>\n\
                       #include <sys/priv.h>\n\
                       #include <sys/lock.h>\n\
                       #include <sys/mutex.h>\n\
                       #include <sys/sx.h>\n\
                       #include <sys/sysctl.h>\n\
                       #include <sys/ucred.h>\n\
                       #include \"rjail_glue.h\"\n\
                       MALLOC_DECLARE(M_RJAIL);\n";
        let bindings = bindgen::Builder::default()
            .header_contents("rjail_bindings.h", wrapper)
            .clang_args([
                CLANG_TARGET,
                "-D_KERNEL",
                "-DKLD_MODULE",
                "-nostdinc",
                "-ffreestanding",
            ])
            .clang_arg(format!("-I{}", headers.display()))
            .clang_arg(format!("-I{}", glue.display()))
            .use_core()
            .ctypes_prefix("core::ffi")
            .layout_tests(true)
            .default_macro_constant_type(bindgen::MacroTypeVariation::Unsigned)
            .allowlist_function("rjail_.*")
            .blocklist_function("rjail_rs_.*")
            .allowlist_function("malloc|free|panic|copyin|copyout|copyinstr")
            .allowlist_var(
                "M_RJAIL|M_WAITOK|M_NOWAIT|M_ZERO|RJAIL_PATH_MAX|PRIV_JAIL_.*|PRIV_.*_DIFFJAIL",
            )
            .allowlist_var("CTLTYPE_.*|CTLFLAG_.*")
            .opaque_type("malloc_type|sx|mtx|vnode|sysctl_oid|sysctl_req|ucred")
            .merge_extern_blocks(true)
            .wrap_unsafe_ops(true)
            .generate()
            .unwrap_or_else(|err| panic!("bindgen over sys-headers failed: {err}"));
        let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("bindings.rs");
        bindings
            .write_to_file(&out)
            .unwrap_or_else(|err| panic!("cannot write {}: {err}", out.display()));
    }
}

#[cfg(not(feature = "kernel-bindings"))]
mod kernel {
    pub fn generate_bindings() {
        panic!("the kernel build needs the `kernel-bindings` feature (bindgen)");
    }
}
