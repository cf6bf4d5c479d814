//! FreeBSD error numbers (`sys/sys/errno.h`) and their names, for result lines.

/// An error number returned by a failed system call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Errno(pub i32);

macro_rules! errno_table {
    ($($name:ident = $value:literal,)*) => {
        impl Errno {
            $(pub const $name: Errno = Errno($value);)*

            /// The symbolic name, or `None` for a number the suite never expects.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

errno_table! {
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    E2BIG = 7,
    ENOEXEC = 8,
    EBADF = 9,
    ECHILD = 10,
    EDEADLK = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENFILE = 23,
    EMFILE = 24,
    ENOSPC = 28,
    EROFS = 30,
    EAGAIN = 35,
    EPROTONOSUPPORT = 43,
    EOPNOTSUPP = 45,
    EAFNOSUPPORT = 47,
    EADDRINUSE = 48,
    EADDRNOTAVAIL = 49,
    ENETUNREACH = 51,
    ECONNABORTED = 53,
    ENOTCONN = 57,
    ETIMEDOUT = 60,
    ECONNREFUSED = 61,
    ELOOP = 62,
    ENAMETOOLONG = 63,
    ENOSYS = 78,
    EFTYPE = 79,
    EAUTH = 80,
    ENEEDAUTH = 81,
    ENOATTR = 87,
    EDOOFUS = 88,
    ENOTCAPABLE = 93,
}

impl core::fmt::Display for Errno {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "errno{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn names_match_freebsd_numbers_not_linux_ones() {
        // The numbers that differ between FreeBSD and Linux are the ones a
        // copied table would get wrong.
        assert_eq!(Errno(35).to_string(), "EAGAIN");
        assert_eq!(Errno(48).to_string(), "EADDRINUSE");
        assert_eq!(Errno(63).to_string(), "ENAMETOOLONG");
        assert_eq!(Errno(78).to_string(), "ENOSYS");
        assert_eq!(Errno(16).to_string(), "EBUSY");
        assert_eq!(Errno(43).to_string(), "EPROTONOSUPPORT");
        assert_eq!(Errno(49).to_string(), "EADDRNOTAVAIL");
        assert_eq!(Errno(61).to_string(), "ECONNREFUSED");
    }

    #[test]
    fn unknown_numbers_stay_visible() {
        assert_eq!(Errno(250).to_string(), "errno250");
        assert_eq!(Errno(0).name(), None);
    }
}
