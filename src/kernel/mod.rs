//! The FreeBSD FFI edge (kernel target only).
//!
//! The C glue in `kmod/` owns every kernel structure and macro; this module
//! sees only opaque pointers and integers through [`bindings`], and turns
//! them into safe calls on the rest of the crate:
//!
//! * [`entry`]: the `extern "C"` functions the glue calls (module lifecycle,
//!   the five system calls, MAC hooks, process events);
//! * [`caller`]: `CallerContext` for the thread in a system call;
//! * [`hooks`]: the MAC hooks' decisions, through [`crate::policy`];
//! * [`state`]: rjail's global state, created at load and freed at unload;
//! * [`sysctl`]: the dynamic OIDs under `security.jail.rjail` and the
//!   values their handlers serve;
//! * [`basectl`]: what rjail's stand-ins for the base system's OIDs
//!   (`kern.hostname`, `kern.securelevel`, ...) serve a prisoner;
//! * [`vfs`]: what the interposed statfs and jail_get entries decide;
//! * [`sync`]: `RwLock` over sx(9) and `Mutex` over mtx(9);
//! * [`memory`]: the global allocator over malloc(9);
//! * [`panic`]: the panic handler, which ends in panic(9).

pub mod basectl;
pub mod bindings;
pub mod caller;
pub mod entry;
pub mod hooks;
pub mod memory;
pub mod panic;
pub mod state;
pub mod sync;
pub mod sysctl;
pub mod vfs;
