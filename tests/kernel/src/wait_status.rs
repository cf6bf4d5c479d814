//! Decoding the status `wait4(2)` stores (`<sys/wait.h>` encoding).

/// How a child ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildEnd {
    Exited(i32),
    Signaled(i32),
    /// Stopped or continued: never expected by the suite.
    Other(i32),
}

/// Decodes a raw wait status.
pub fn decode(status: i32) -> ChildEnd {
    let low = status & 0x7f;
    if low == 0 {
        ChildEnd::Exited((status >> 8) & 0xff)
    } else if low != 0x7f && status != 0x13 {
        ChildEnd::Signaled(low)
    } else {
        ChildEnd::Other(status)
    }
}

impl core::fmt::Display for ChildEnd {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ChildEnd::Exited(code) => write!(f, "exit {code}"),
            ChildEnd::Signaled(sig) => write!(f, "signal {sig}"),
            ChildEnd::Other(raw) => write!(f, "status {raw:#x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_and_signals_are_told_apart() {
        assert_eq!(decode(0), ChildEnd::Exited(0));
        assert_eq!(decode(3 << 8), ChildEnd::Exited(3));
        assert_eq!(decode(9), ChildEnd::Signaled(9));
        // Killed with a core dump: the 0x80 bit is not part of the signal.
        assert_eq!(decode(0x80 | 11), ChildEnd::Signaled(11));
        // Stopped by SIGSTOP, and continued.
        assert_eq!(decode((17 << 8) | 0x7f), ChildEnd::Other((17 << 8) | 0x7f));
        assert_eq!(decode(0x13), ChildEnd::Other(0x13));
    }
}
