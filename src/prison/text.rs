//! Byte strings of a parameter snapshot, shared between snapshots.
//!
//! Every change of a prison's parameters copies its snapshot
//! ([`super::Prison::update_config`]); names, UUIDs and release strings
//! rarely change with it, so a copy shares them (a reference count) instead
//! of allocating them again.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

/// An immutable byte string; the empty one allocates nothing.
#[derive(Clone, Default)]
pub struct Text(Option<Arc<[u8]>>);

// Equality, order and hash are the bytes' (so a map keyed by `Text` is
// searched with a `&[u8]`, see `Borrow`).
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl Eq for Text {}
impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Text {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}
impl core::hash::Hash for Text {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}
impl core::borrow::Borrow<[u8]> for Text {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Text {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_deref().unwrap_or_default()
    }
}

impl Deref for Text {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_bytes(), f)
    }
}

impl From<&[u8]> for Text {
    fn from(bytes: &[u8]) -> Self {
        Text((!bytes.is_empty()).then(|| Arc::from(bytes)))
    }
}

impl From<Vec<u8>> for Text {
    fn from(bytes: Vec<u8>) -> Self {
        Text::from(bytes.as_slice())
    }
}

impl From<&Vec<u8>> for Text {
    fn from(bytes: &Vec<u8>) -> Self {
        Text::from(bytes.as_slice())
    }
}

impl PartialEq<Vec<u8>> for Text {
    fn eq(&self, other: &Vec<u8>) -> bool {
        self.as_bytes() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for Text {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self.as_bytes() == &other[..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_and_empty_allocates_nothing() {
        let a = Text::from(&b"web"[..]);
        let b = a.clone();
        assert_eq!(a, b);
        assert_eq!(&*b, b"web");
        assert!(matches!((&a.0, &b.0), (Some(x), Some(y)) if Arc::ptr_eq(x, y)));
        assert!(Text::from(Vec::new()).0.is_none());
        assert_eq!(Text::default(), Text::from(&b""[..]));
    }
}
