//! The panic handler: a Rust panic in the kernel is a kernel panic.
//!
//! The message is formatted into a buffer on the stack (nothing may be
//! allocated while panicking) and handed to panic(9) as the argument of a
//! constant format string, never as the format itself.

use core::fmt::{self, Write};
use core::panic::PanicInfo;

use super::bindings;

const MESSAGE_CAPACITY: usize = 256;

/// A NUL-terminated message that silently drops what does not fit.
struct Message {
    bytes: [u8; MESSAGE_CAPACITY],
    len: usize,
}

impl Write for Message {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &byte in s.as_bytes() {
            // Keep the last byte for the NUL; a NUL inside would cut short.
            if self.len + 1 >= MESSAGE_CAPACITY {
                break;
            }
            if let Some(slot) = self.bytes.get_mut(self.len) {
                *slot = if byte == 0 { b'?' } else { byte };
                self.len += 1;
            }
        }
        Ok(())
    }
}

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    let mut message = Message {
        bytes: [0; MESSAGE_CAPACITY],
        len: 0,
    };
    let _ = write!(message, "{}", info.message());
    if let Some(location) = info.location() {
        let _ = write!(message, " at {}:{}", location.file(), location.line());
    }
    // SAFETY: the format is a constant NUL-terminated string with one %s,
    // and its argument is our NUL-terminated buffer (the last byte is never
    // written). panic(9) does not return.
    unsafe { bindings::panic(c"rjail: %s".as_ptr(), message.bytes.as_ptr()) }
}
