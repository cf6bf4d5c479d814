//! Jid allocation, as `get_next_prid` and `get_next_deadid` do in
//! sys/kern/kern_jail.c: new jids count up from the last one handed out and
//! wrap to 1 after `JAIL_MAX`; a dying prison that occupies a jid someone asks
//! for is renumbered counting down from `JAIL_MAX`. Both work on the jid index
//! (a `BTreeMap`), so a free jid is found by walking the used ones from the
//! candidate on, like FreeBSD's sorted list walk, but starting at the
//! candidate in O(log n).

use alloc::collections::BTreeMap;
use core::ops::Bound;

/// Largest jid handed out automatically (`JAIL_MAX`, sys/sys/jail.h).
pub const JAIL_MAX: i32 = 999_999;

/// The allocator's memory (`lastprid`, `lastdeadid`).
#[derive(Debug, Default, Clone, Copy)]
pub struct JidCursor {
    pub last_jid: i32,
    pub last_dead_jid: i32,
}

/// Smallest jid ≥ `start` and ≤ `max` not in `used`.
fn first_free_up<V>(used: &BTreeMap<i32, V>, start: i32, max: i32) -> Option<i32> {
    let mut candidate = start;
    for &jid in used.range(start..).map(|(k, _)| k) {
        if jid > candidate {
            break;
        }
        // jid == candidate: taken, try the next one.
        candidate = candidate.checked_add(1)?;
        if candidate > max {
            return None;
        }
    }
    (candidate <= max).then_some(candidate)
}

/// Largest jid ≤ `start` and ≥ `min` not in `used`.
fn first_free_down<V>(used: &BTreeMap<i32, V>, start: i32, min: i32) -> Option<i32> {
    let mut candidate = start;
    for &jid in used
        .range((Bound::Unbounded, Bound::Included(start)))
        .rev()
        .map(|(k, _)| k)
    {
        if jid < candidate {
            break;
        }
        candidate = candidate.checked_sub(1)?;
        if candidate < min {
            return None;
        }
    }
    (candidate >= min).then_some(candidate)
}

impl JidCursor {
    /// `get_next_prid`: the next jid for a new prison, or `None` when every
    /// jid in 1..=JAIL_MAX is taken (the caller answers EAGAIN).
    pub fn next_jid<V>(&mut self, used: &BTreeMap<i32, V>) -> Option<i32> {
        // `last_jid` is 0 or a jid this cursor handed out (1..=JAIL_MAX),
        // never a user's value, so this cannot overflow.
        let candidate = self.last_jid % JAIL_MAX + 1;
        let highest = used.keys().next_back().copied();
        let jid = match highest {
            Some(h) if h >= candidate => match first_free_up(used, candidate, JAIL_MAX) {
                Some(jid) => jid,
                None if self.last_jid == JAIL_MAX || self.last_jid == 0 => return None,
                None => first_free_up(used, 1, self.last_jid)?,
            },
            _ => candidate,
        };
        self.last_jid = jid;
        Some(jid)
    }

    /// `get_next_deadid`: a new jid for a dying prison that is in the way,
    /// or `None` (EAGAIN).
    pub fn next_dead_jid<V>(&mut self, used: &BTreeMap<i32, V>) -> Option<i32> {
        let start = if self.last_dead_jid != 0 {
            self.last_dead_jid - 1
        } else {
            JAIL_MAX
        };
        let jid = match first_free_down(used, start, 1) {
            Some(jid) => jid,
            None if self.last_dead_jid == 1 || self.last_dead_jid == 0 => return None,
            None => first_free_down(used, JAIL_MAX, self.last_dead_jid)?,
        };
        self.last_dead_jid = jid;
        (jid != 0).then_some(jid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(jids: &[i32]) -> BTreeMap<i32, ()> {
        jids.iter().map(|&j| (j, ())).collect()
    }

    #[test]
    fn counts_up_from_the_last_jid() {
        let mut c = JidCursor::default();
        assert_eq!(c.next_jid(&set(&[])), Some(1));
        assert_eq!(c.next_jid(&set(&[1])), Some(2));
        // A freed jid is not reused until the counter wraps.
        assert_eq!(c.next_jid(&set(&[2])), Some(3));
    }

    #[test]
    fn skips_taken_jids_and_explicit_large_ones() {
        let mut c = JidCursor {
            last_jid: 4,
            last_dead_jid: 0,
        };
        assert_eq!(c.next_jid(&set(&[5, 6, 8, 1_000_000])), Some(7));
        assert_eq!(c.last_jid, 7);
    }

    #[test]
    fn wraps_after_jail_max_and_reports_exhaustion() {
        let mut c = JidCursor {
            last_jid: JAIL_MAX,
            last_dead_jid: 0,
        };
        assert_eq!(c.next_jid(&set(&[1, 2, JAIL_MAX])), Some(3));
        let mut c = JidCursor {
            last_jid: JAIL_MAX - 1,
            last_dead_jid: 0,
        };
        assert_eq!(c.next_jid(&set(&[1, JAIL_MAX])), Some(2));
        let full: BTreeMap<i32, ()> = (1..=JAIL_MAX).map(|j| (j, ())).collect();
        let mut c = JidCursor {
            last_jid: 10,
            last_dead_jid: 0,
        };
        assert_eq!(c.next_jid(&full), None);
    }

    #[test]
    fn dead_jids_count_down_from_jail_max() {
        let mut c = JidCursor::default();
        assert_eq!(c.next_dead_jid(&set(&[3])), Some(JAIL_MAX));
        assert_eq!(c.next_dead_jid(&set(&[JAIL_MAX - 1])), Some(JAIL_MAX - 2));
    }
}
