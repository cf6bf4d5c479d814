//! Address lists of a prison (sys/kern/kern_jail.c `prison_ip_copyin`,
//! `prison_ip_parent_match`, `prison_ip_restrict`, `prison_ip_check`;
//! sys/netinet/in_jail.c and sys/netinet6/in6_jail.c for the comparison and
//! validity rules of each family).
//!
//! Index 0 is the primary address as the user gave it; the rest is sorted
//! (IPv4 in host byte order, IPv6 byte-wise) so membership is a binary search.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// An address family's rules.
pub trait Address: Copy + Eq {
    /// The order the list is kept in (`prison_qcmp_v4` / `prison_qcmp_v6`).
    fn order(&self, other: &Self) -> Ordering;
    /// `prison_valid_v4` (neither INADDR_ANY nor INADDR_BROADCAST) /
    /// `prison_valid_v6` (not `::`).
    fn valid(&self) -> bool;
}

impl Address for [u8; 4] {
    fn order(&self, other: &Self) -> Ordering {
        u32::from_be_bytes(*self).cmp(&u32::from_be_bytes(*other))
    }
    fn valid(&self) -> bool {
        *self != [0; 4] && *self != [0xff; 4]
    }
}

impl Address for [u8; 16] {
    fn order(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn valid(&self) -> bool {
        *self != [0; 16]
    }
}

/// `prison_ip_copyin`: keeps the primary first, sorts the rest, refuses
/// invalid and duplicate addresses (`None` → EINVAL).
pub fn normalise<A: Address>(mut list: Vec<A>) -> Option<Vec<A>> {
    if let Some(rest) = list.get_mut(1..) {
        rest.sort_unstable_by(A::order);
    }
    let primary = *list.first()?;
    for (i, a) in list.iter().enumerate() {
        if !a.valid() {
            return None;
        }
        if let Some(next) = list.get(i + 1) {
            if next.order(&primary) == Ordering::Equal || next.order(a) == Ordering::Equal {
                return None;
            }
        }
    }
    Some(list)
}

/// `prison_ip_check`: whether `addr` is in a normalised list.
pub fn contains<A: Address>(list: &[A], addr: &A) -> bool {
    match list.split_first() {
        None => false,
        Some((primary, rest)) => {
            primary.order(addr) == Ordering::Equal
                || rest.binary_search_by(|a| a.order(addr)).is_ok()
        }
    }
}

/// `prison_ip_parent_match`: every address of `child` is in `parent`
/// (a parent without a list matches nothing).
pub fn subset_of<A: Address>(parent: Option<&[A]>, child: &[A]) -> bool {
    match parent {
        None => false,
        Some(parent) => child.iter().all(|a| contains(parent, a)),
    }
}

/// `prison_ip_restrict` for a prison with its own list: the addresses that
/// are also the parent's, in the prison's order; `None` when none is left or
/// the parent has no list.
pub fn restrict<A: Address>(parent: Option<&[A]>, own: Option<&[A]>) -> Option<Vec<A>> {
    let parent = parent?;
    let kept: Vec<A> = own?
        .iter()
        .copied()
        .filter(|a| contains(parent, a))
        .collect();
    (!kept.is_empty()).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn keeps_primary_and_sorts_the_rest() {
        let l = normalise(vec![[10, 0, 0, 5], [10, 0, 0, 9], [10, 0, 0, 1]]).unwrap();
        assert_eq!(l, vec![[10, 0, 0, 5], [10, 0, 0, 1], [10, 0, 0, 9]]);
        assert!(contains(&l, &[10, 0, 0, 9]));
        assert!(!contains(&l, &[10, 0, 0, 2]));
    }

    #[test]
    fn refuses_any_broadcast_and_duplicates() {
        assert!(normalise(vec![[0u8; 4]]).is_none());
        assert!(normalise(vec![[255u8; 4]]).is_none());
        assert!(normalise(vec![[1u8, 2, 3, 4], [1, 2, 3, 4]]).is_none());
        assert!(normalise(vec![[1u8, 2, 3, 4], [9, 9, 9, 9], [9, 9, 9, 9]]).is_none());
        assert!(normalise(vec![[0u8; 16]]).is_none());
    }

    #[test]
    fn restricts_to_parent() {
        let parent = vec![[1u8, 1, 1, 1], [1, 1, 1, 2]];
        let own = vec![[1u8, 1, 1, 3], [1, 1, 1, 2]];
        assert_eq!(
            restrict(Some(&parent), Some(&own)),
            Some(vec![[1, 1, 1, 2]])
        );
        assert_eq!(restrict(Some(&parent), Some(&[[7u8, 7, 7, 7]][..])), None);
        assert!(!subset_of(None, &own));
    }
}
