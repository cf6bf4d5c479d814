//! rjail: FreeBSD's jail subsystem as a loadable kernel module.
//!
//! The crate is `no_std`. Everything outside [`kernel`] is ordinary safe Rust
//! that builds and is tested on any host; [`kernel`] is the FreeBSD FFI edge and
//! exists only when building for the kernel target (`target_os = "none"`).
//!
//! ```text
//! syscall / MAC hook ─▶ kernel (FFI edge, FreeBSD only)
//!                          │ safe types, services::CallerContext
//!                          ▼
//!        syscall ─▶ abi (decode user bytes) ─▶ prison (tree, parameters)
//!        policy (pure decisions for the hooks)
//! ```
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

extern crate alloc;
#[cfg(not(target_os = "none"))]
extern crate std;

pub mod abi;
pub mod dir;
pub mod errno;
pub mod policy;
pub mod prison;
pub mod services;
pub mod sync;
pub mod syscall;
pub mod sysctl;

#[cfg(not(target_os = "none"))]
pub mod host;

#[cfg(target_os = "none")]
pub mod kernel;
