//! The global allocator: malloc(9) with rjail's malloc type.
//!
//! Allocation uses `M_WAITOK`, so it never fails but may sleep: only code
//! that runs where the thread may sleep (system calls, module load) may
//! allocate. Hooks that run under non-sleepable locks must not.
//!
//! malloc(9) aligns a request to 8 bytes, and a power-of-two request of at
//! most a page to its own size; larger alignments are met by rounding the
//! request up to such a size. Alignments above a page are refused.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use core::ptr;

use super::bindings;

const PAGE_SIZE: usize = 4096;
const MALLOC_MIN_ALIGN: usize = 8;

/// The size to ask malloc(9) for so that the block honours `layout`, or
/// `None` when no request can.
fn request_size(layout: Layout) -> Option<usize> {
    let size = layout.size().max(1);
    if layout.align() <= MALLOC_MIN_ALIGN {
        return Some(size);
    }
    if layout.align() > PAGE_SIZE {
        return None;
    }
    size.max(layout.align()).checked_next_power_of_two()
}

/// A malloc(9) block that honours `layout`, taken with `M_WAITOK` and any
/// `extra_flags`, or null when no request can honour the layout.
fn malloc_for(layout: Layout, extra_flags: u32) -> *mut u8 {
    let Some(size) = request_size(layout) else {
        return ptr::null_mut();
    };
    // SAFETY: M_RJAIL is the malloc type the glue defines and initialises
    // before any Rust code runs; M_WAITOK may sleep, which the module's rules
    // reserve for sleepable contexts, the only ones that allocate.
    unsafe {
        bindings::malloc(
            size,
            (&raw mut bindings::M_RJAIL).cast(),
            (bindings::M_WAITOK | extra_flags) as i32,
        )
        .cast()
    }
}

struct KernelAllocator;

// SAFETY: malloc(9) returns blocks that are valid, unaliased and aligned as
// `request_size` guarantees until given to free(9), which is what `dealloc`
// does; both are callable from any sleepable kernel thread.
unsafe impl GlobalAlloc for KernelAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        malloc_for(layout, 0)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // M_ZERO asks malloc(9) to clear the block.
        malloc_for(layout, bindings::M_ZERO)
    }

    unsafe fn dealloc(&self, block: *mut u8, _layout: Layout) {
        // SAFETY: the caller passes a block this allocator returned, which
        // came from malloc(9) with the same type.
        unsafe { bindings::free(block.cast::<c_void>(), (&raw mut bindings::M_RJAIL).cast()) }
    }
}

#[global_allocator]
static ALLOCATOR: KernelAllocator = KernelAllocator;
