//! Which prison each credential belongs to, without a MAC label slot.
//!
//! # Why not a label slot
//!
//! A MAC policy that asks for a label slot (`mpc_field_off`) gets one of the
//! kernel's `MAC_MAX_SLOTS` (4) at registration, and FreeBSD never gives it
//! back when the policy unloads (sys/security/mac/mac_framework.c,
//! `mac_policy_register` clears a bit of `mac_slot_offsets_free` that
//! `mac_policy_unregister` never sets again). A module that registers a
//! slotted policy at every load therefore cannot be loaded a fifth time in
//! one boot. rjail registers its policy without a slot, so it can be loaded
//! and unloaded any number of times.
//!
//! A policy without a slot still gets every credential label hook: the
//! framework calls `mpo_cred_init_label`, `mpo_cred_copy_label` and
//! `mpo_cred_destroy_label` of every registered policy (mac_cred.c,
//! `MAC_POLICY_PERFORM*`), and because rjail's `mpo_cred_init_label` is set,
//! `mac_policy_getlabeled` puts `MPC_OBJECT_CRED` into `mac_labeled`, so
//! every credential made after the load has a label (`cr_label`) whose
//! address is unique among live labels and stable until the credential is
//! freed. This table maps that address to the prison: the label's address is
//! the key, the value a counted prison reference made by
//! [`super::label`] (`0` = the host).
//!
//! # What the hooks may do (mac_cred.c)
//!
//! * `mpo_cred_init_label` runs from `mac_cred_label_alloc` under
//!   `MAC_POLICY_PERFORM`, the sleepable variant (`crget` allocates with
//!   `M_WAITOK` just before): it may allocate. [`LabelTable::reserve`] makes
//!   the credential's entry there, and grows the table if needed.
//! * `mpo_cred_copy_label` (`crcopy`, often under a process lock) and
//!   `mpo_cred_destroy_label` (`crfree`, under the credential's mutex) run
//!   under `MAC_POLICY_PERFORM_NOSLEEP`: [`LabelTable::set`] and
//!   [`LabelTable::remove`] never allocate; they fill or empty the entry the
//!   init hook reserved.
//!
//! So membership never depends on an allocation that may fail: the only
//! allocation is in the sleepable init hook (`M_WAITOK`, which cannot fail),
//! and a copy into a prison only writes into the entry already there.
//!
//! # Who pays
//!
//! Entries are reserved only while the prison tree is occupied (the caller
//! says so): with no prison, `crget` costs one atomic load more, `crfree`
//! one more, and every lookup (each MAC check) returns "host" after one
//! atomic load of the number of prisoner entries. With prisons, a lookup is
//! a lock-free linear probe (see below); host credentials are found as
//! quickly as prisoners'.
//!
//! A credential made while the tree was empty has no entry. The only way it
//! can receive a prisoner's label afterwards is a copy from a prisoner's
//! credential into a credential made before any prison existed: a thread that
//! called `crget` (setuid, setgroups, ...) while its process was on the host
//! and completes with `crcopysafe` after another thread of the same process
//! attached it. That copy still finds room (the table keeps [`SPARE`] free
//! entries at all times, and a copy may use them); only if those are used up
//! between two sleepable calls does such a credential stay the host's, which
//! gives its process nothing it did not have when that thread started (it
//! was on the host then, and attaching is something a process does only to
//! itself). Credentials that existed before `kldload` are the host's.
//!
//! # Concurrency
//!
//! Writers (reserve, set, remove, growth) hold one mutex (mtx(9) in the
//! kernel; they run in hooks that may not sleep). Readers take no lock: the
//! table is open addressing with linear probing and no tombstones (a removal
//! shifts the following entries back), read under a sequence counter that
//! every write makes odd while it runs: a reader that saw a write in progress
//! or a changed count tries again, and after two failed tries takes the
//! mutex (so a reader never spins on a writer that was preempted). A reader
//! looks up the label of a credential it holds; that entry was written
//! before the credential was published and cannot be removed while the
//! credential lives, so only moves made by writes to other entries can
//! disturb the probe, and those change the counter.
//!
//! Growth allocates the new array with no lock held, rehashes under the
//! mutex and swaps the pointer. A reader may still be probing the old array,
//! so old arrays are kept, chained behind the current one, until the table is
//! dropped at unload (the arrays double, so all of them together are less
//! than twice the largest).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ptr;
use core::sync::atomic::{fence, AtomicPtr, AtomicUsize, Ordering};

use crate::sync::Mutex;

/// An unused slot. Label addresses are never 0.
const EMPTY: usize = 0;
/// Slots of the first array (a power of two).
pub const MIN_CAPACITY: usize = 64;
/// Free entries the table keeps for copies into credentials that were made
/// without an entry (see the module documentation).
pub const SPARE: usize = 32;
/// Lock-free read attempts before a reader takes the mutex.
const OPTIMISTIC_TRIES: usize = 2;

struct Slot {
    key: AtomicUsize,
    value: AtomicUsize,
}

/// One array of slots, and the arrays it replaced (kept for readers that
/// may still be probing them).
struct Slots {
    slots: Box<[Slot]>,
    older: Option<Box<Slots>>,
}

impl Slots {
    fn new(capacity: usize) -> Box<Slots> {
        let slots: Vec<Slot> = (0..capacity)
            .map(|_| Slot {
                key: AtomicUsize::new(EMPTY),
                value: AtomicUsize::new(0),
            })
            .collect();
        Box::new(Slots {
            slots: slots.into_boxed_slice(),
            older: None,
        })
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Where a key's probe starts: Fibonacci hashing of the address (the
    /// high bits of the product, so the address's zero low bits don't
    /// matter).
    fn home(&self, key: usize) -> usize {
        let bits = self.slots.len().trailing_zeros();
        let product = (key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (product >> (64 - bits)) as usize & self.mask()
    }

    /// The slot holding `key`, or the empty slot where its probe ends.
    fn find(&self, key: usize) -> Result<usize, Option<usize>> {
        let mask = self.mask();
        let mut i = self.home(key);
        for _ in 0..self.slots.len() {
            let slot = &self.slots[i];
            let k = slot.key.load(Ordering::Relaxed);
            if k == key {
                return Ok(i);
            }
            if k == EMPTY {
                return Err(Some(i));
            }
            i = (i + 1) & mask;
        }
        Err(None)
    }

    fn value_of(&self, key: usize) -> usize {
        match self.find(key) {
            Ok(i) => self.slots[i].value.load(Ordering::Relaxed),
            Err(_) => 0,
        }
    }
}

/// Counts kept by the writers (under the mutex).
#[derive(Default)]
struct Counts {
    /// Entries in the table.
    entries: usize,
}

/// The table of credential labels (see the module documentation).
pub struct LabelTable {
    current: AtomicPtr<Slots>,
    /// Odd while a writer changes slots; readers compare it before and after.
    sequence: AtomicUsize,
    /// Entries whose value is a prison (not the host): 0 lets every lookup
    /// answer "host" at once.
    prisoners: AtomicUsize,
    /// All entries: 0 lets a destroyed credential's removal return at once.
    entries: AtomicUsize,
    /// Copies that found no entry and no room: their credential stayed the
    /// host's (see the module documentation). Expected to stay 0.
    overflows: AtomicUsize,
    writer: Mutex<Counts>,
}

/// [`LabelTable::set`] found no entry for the label and no free slot.
#[derive(Debug, PartialEq, Eq)]
pub struct NoRoom;

impl Default for LabelTable {
    fn default() -> Self {
        Self::new()
    }
}

impl LabelTable {
    /// An empty table of [`MIN_CAPACITY`] slots. Allocates: call where the
    /// thread may sleep (module load).
    pub fn new() -> Self {
        LabelTable {
            current: AtomicPtr::new(Box::into_raw(Slots::new(MIN_CAPACITY))),
            sequence: AtomicUsize::new(0),
            prisoners: AtomicUsize::new(0),
            entries: AtomicUsize::new(0),
            overflows: AtomicUsize::new(0),
            writer: Mutex::new(Counts::default()),
        }
    }

    fn slots(&self) -> &Slots {
        // SAFETY: `current` always holds a pointer from `Box::into_raw`; an
        // array it replaced stays owned by the new one (`older`), and all of
        // them are freed only by `drop`, which has `&mut self`.
        unsafe { &*self.current.load(Ordering::Acquire) }
    }

    /// The value recorded for `label`: a prison reference made by
    /// [`super::label`], or 0 for the host (also for a label the table does
    /// not know). Never sleeps, never allocates, takes no lock unless
    /// writers keep changing the table while it reads.
    pub fn lookup(&self, label: usize) -> usize {
        if label == EMPTY || self.prisoners.load(Ordering::Acquire) == 0 {
            return 0;
        }
        for _ in 0..OPTIMISTIC_TRIES {
            let before = self.sequence.load(Ordering::Acquire);
            if before & 1 == 0 {
                let value = self.slots().value_of(label);
                fence(Ordering::Acquire);
                if self.sequence.load(Ordering::Relaxed) == before {
                    return value;
                }
            }
            core::hint::spin_loop();
        }
        let _writer = self.writer.lock();
        self.slots().value_of(label)
    }

    fn begin_write(&self) {
        let s = self.sequence.load(Ordering::Relaxed);
        self.sequence.store(s.wrapping_add(1), Ordering::Relaxed);
        fence(Ordering::Release);
    }

    fn end_write(&self) {
        let s = self.sequence.load(Ordering::Relaxed);
        self.sequence.store(s.wrapping_add(1), Ordering::Release);
    }

    fn count_prisoner(&self, before: usize, after: usize) {
        match (before != 0, after != 0) {
            (false, true) => {
                self.prisoners.fetch_add(1, Ordering::AcqRel);
            }
            (true, false) => {
                self.prisoners.fetch_sub(1, Ordering::AcqRel);
            }
            _ => {}
        }
    }

    /// Whether an array of `capacity` slots holds `entries` plus [`SPARE`]
    /// within a load factor of 3/4.
    fn roomy(entries: usize, capacity: usize) -> bool {
        (entries + SPARE + 1) * 4 <= capacity * 3
    }

    /// Grows the table until one more entry fits with [`SPARE`] left.
    /// Allocates with no lock held: call where the thread may sleep.
    fn make_room(&self) {
        loop {
            let wanted = {
                let counts = self.writer.lock();
                let capacity = self.slots().slots.len();
                if Self::roomy(counts.entries, capacity) {
                    return;
                }
                ((counts.entries + SPARE + 1) * 2)
                    .next_power_of_two()
                    .max(capacity * 2)
            };
            let mut fresh = Slots::new(wanted);
            let counts = self.writer.lock();
            let old = self.current.load(Ordering::Acquire);
            let capacity = self.slots().slots.len();
            if Self::roomy(counts.entries, capacity) || wanted <= capacity {
                // Another thread grew it meanwhile; free ours unlocked.
                drop(counts);
                drop(fresh);
                continue;
            }
            for slot in self.slots().slots.iter() {
                let key = slot.key.load(Ordering::Relaxed);
                if key != EMPTY {
                    if let Err(Some(i)) = fresh.find(key) {
                        fresh.slots[i]
                            .value
                            .store(slot.value.load(Ordering::Relaxed), Ordering::Relaxed);
                        fresh.slots[i].key.store(key, Ordering::Relaxed);
                    }
                }
            }
            // SAFETY: `old` is the current array, from Box::into_raw; it
            // becomes owned by `fresh` (readers may still probe it, and it
            // is freed only with the table).
            fresh.older = Some(unsafe { Box::from_raw(old) });
            self.begin_write();
            self.current.store(Box::into_raw(fresh), Ordering::Release);
            self.end_write();
            drop(counts);
            return;
        }
    }

    /// Records `label` as the host's if the table does not know it yet, so
    /// that a later [`LabelTable::set`] needs no allocation. Does nothing
    /// unless `occupied` (some prison exists). May allocate and sleep: the
    /// init hook and rjail's own system calls only.
    pub fn reserve(&self, label: usize, occupied: bool) {
        if label == EMPTY || !occupied {
            return;
        }
        loop {
            // The common case takes the mutex once: there is room.
            {
                let mut counts = self.writer.lock();
                match self.slots().find(label) {
                    Ok(_) => return,
                    Err(Some(i)) if Self::roomy(counts.entries, self.slots().slots.len()) => {
                        self.insert_at(&mut counts, i, label, 0);
                        return;
                    }
                    Err(_) => {}
                }
            }
            // Full: grow with no lock held, then try again (other threads
            // may take the new room first).
            self.make_room();
        }
    }

    fn insert_at(&self, counts: &mut Counts, i: usize, label: usize, value: usize) {
        let slot = &self.slots().slots[i];
        self.begin_write();
        slot.value.store(value, Ordering::Relaxed);
        slot.key.store(label, Ordering::Relaxed);
        self.end_write();
        counts.entries += 1;
        self.entries.store(counts.entries, Ordering::Release);
        self.count_prisoner(0, value);
    }

    /// Makes `value` the label's value and returns the previous one (0 if
    /// there was no entry), which the caller now owns. Never allocates: the
    /// entry is the one [`LabelTable::reserve`] made, or one of the spare
    /// slots; with neither, nothing changes and `value` stays the caller's.
    /// Setting 0 keeps the entry (as the host's).
    pub fn set(&self, label: usize, value: usize) -> Result<usize, NoRoom> {
        if label == EMPTY {
            return Err(NoRoom);
        }
        // A host credential copied into a fresh one (every setuid, setgid,
        // ... of a host process): already the host's, nothing to write. Only
        // the credential's owner writes its label, so the answer cannot
        // change under us.
        if value == 0 && self.lookup(label) == 0 {
            return Ok(0);
        }
        let mut counts = self.writer.lock();
        match self.slots().find(label) {
            Ok(i) => {
                let slot = &self.slots().slots[i];
                self.begin_write();
                let previous = slot.value.swap(value, Ordering::Relaxed);
                self.end_write();
                self.count_prisoner(previous, value);
                Ok(previous)
            }
            Err(_) if value == 0 => Ok(0),
            // Keep one slot empty so that every probe ends.
            Err(Some(i)) if counts.entries + 1 < self.slots().slots.len() => {
                self.insert_at(&mut counts, i, label, value);
                Ok(0)
            }
            Err(_) => {
                self.overflows.fetch_add(1, Ordering::Relaxed);
                Err(NoRoom)
            }
        }
    }

    /// Forgets a label (its credential is being freed) and returns its
    /// value, which the caller now owns. Never allocates.
    pub fn remove(&self, label: usize) -> usize {
        if label == EMPTY || self.entries.load(Ordering::Acquire) == 0 {
            return 0;
        }
        let mut counts = self.writer.lock();
        let slots = self.slots();
        let Ok(found) = slots.find(label) else {
            return 0;
        };
        let mask = slots.mask();
        self.begin_write();
        let value = slots.slots[found].value.load(Ordering::Relaxed);
        // Backward-shift deletion: move each later entry of the run into
        // the hole unless its home lies cyclically in (hole, j].
        let mut hole = found;
        let mut j = found;
        loop {
            j = (j + 1) & mask;
            let key = slots.slots[j].key.load(Ordering::Relaxed);
            if key == EMPTY || j == found {
                break;
            }
            let home = slots.home(key);
            let stays = if hole <= j {
                hole < home && home <= j
            } else {
                hole < home || home <= j
            };
            if !stays {
                let moved = slots.slots[j].value.load(Ordering::Relaxed);
                slots.slots[hole].value.store(moved, Ordering::Relaxed);
                slots.slots[hole].key.store(key, Ordering::Relaxed);
                hole = j;
            }
        }
        slots.slots[hole].key.store(EMPTY, Ordering::Relaxed);
        slots.slots[hole].value.store(0, Ordering::Relaxed);
        self.end_write();
        counts.entries -= 1;
        self.entries.store(counts.entries, Ordering::Release);
        self.count_prisoner(value, 0);
        value
    }

    /// Entries whose value is a prison.
    pub fn prisoners(&self) -> usize {
        self.prisoners.load(Ordering::Acquire)
    }

    /// All entries (host and prisoners).
    pub fn entries(&self) -> usize {
        self.entries.load(Ordering::Acquire)
    }

    /// Slots of the current array.
    pub fn capacity(&self) -> usize {
        self.slots().slots.len()
    }

    /// What malloc(9) holds for the table: (bytes, allocations) of every
    /// array, current and kept. Each array is one boxed slice of
    /// `capacity` 16-byte slots (a power of two of at least 1 KiB, which
    /// malloc(9) serves without rounding) and one 24-byte header (a 32-byte
    /// bucket).
    pub fn footprint(&self) -> (usize, usize) {
        let _writer = self.writer.lock();
        let mut bytes = 0;
        let mut allocations = 0;
        let mut next = Some(self.slots());
        while let Some(slots) = next {
            bytes += slots.slots.len() * core::mem::size_of::<Slot>() + 32;
            allocations += 2;
            next = slots.older.as_deref();
        }
        (bytes, allocations)
    }

    /// See [`LabelTable`]'s `overflows`.
    pub fn overflows(&self) -> usize {
        self.overflows.load(Ordering::Relaxed)
    }

    /// Every (label, value) pair (for tests and the unload check).
    pub fn snapshot(&self) -> Vec<(usize, usize)> {
        let _writer = self.writer.lock();
        self.slots()
            .slots
            .iter()
            .map(|s| {
                (
                    s.key.load(Ordering::Relaxed),
                    s.value.load(Ordering::Relaxed),
                )
            })
            .filter(|&(k, _)| k != EMPTY)
            .collect()
    }
}

impl Drop for LabelTable {
    fn drop(&mut self) {
        let current = core::mem::replace(self.current.get_mut(), ptr::null_mut());
        if !current.is_null() {
            // SAFETY: the pointer came from Box::into_raw and nobody can
            // read it any more (`&mut self`). Older arrays go with it.
            let mut slots = unsafe { Box::from_raw(current) };
            // Unchain iteratively rather than through recursive drops.
            let mut older = slots.older.take();
            drop(slots);
            while let Some(mut next) = older {
                older = next.older.take();
                drop(next);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    // Label-like keys: 16-byte aligned addresses.
    fn key(n: usize) -> usize {
        0x1000 + n * 48
    }

    #[test]
    fn the_footprint_counts_every_array_kept() {
        let t = LabelTable::new();
        assert_eq!(t.footprint(), (MIN_CAPACITY * 16 + 32, 2));
        for n in 0..200 {
            t.reserve(key(n), true);
        }
        let (bytes, allocations) = t.footprint();
        assert!(t.capacity() > MIN_CAPACITY);
        assert!(bytes > t.capacity() * 16 && bytes < t.capacity() * 16 * 2 + 32 * allocations);
        assert!(allocations >= 4);
    }

    #[test]
    fn unknown_and_host_labels_read_as_host() {
        let t = LabelTable::new();
        assert_eq!(t.lookup(key(1)), 0);
        t.reserve(key(1), true);
        assert_eq!(t.lookup(key(1)), 0);
        assert_eq!(t.entries(), 1);
        assert_eq!(t.prisoners(), 0);
        assert_eq!(t.lookup(0), 0);
    }

    #[test]
    fn nothing_is_reserved_while_no_prison_exists() {
        let t = LabelTable::new();
        t.reserve(key(1), false);
        assert_eq!(t.entries(), 0);
        assert_eq!(t.remove(key(1)), 0);
    }

    #[test]
    fn set_fills_the_reserved_entry_and_returns_the_previous_value() {
        let t = LabelTable::new();
        t.reserve(key(7), true);
        assert_eq!(t.set(key(7), 0xa0), Ok(0));
        assert_eq!(t.lookup(key(7)), 0xa0);
        assert_eq!(t.prisoners(), 1);
        assert_eq!(t.set(key(7), 0xb0), Ok(0xa0));
        assert_eq!(t.prisoners(), 1);
        assert_eq!(t.remove(key(7)), 0xb0);
        assert_eq!(t.prisoners(), 0);
        assert_eq!(t.entries(), 0);
        assert_eq!(t.lookup(key(7)), 0);
    }

    #[test]
    fn a_copy_into_an_unreserved_label_uses_the_spare_room() {
        let t = LabelTable::new();
        assert_eq!(t.set(key(3), 0xc0), Ok(0));
        assert_eq!(t.lookup(key(3)), 0xc0);
        // Setting the host on an unknown label records nothing.
        assert_eq!(t.set(key(4), 0), Ok(0));
        assert_eq!(t.entries(), 1);
    }

    #[test]
    fn set_without_room_changes_nothing_and_says_so() {
        let t = LabelTable::new();
        let cap = t.capacity();
        for n in 0..cap - 1 {
            assert_eq!(t.set(key(n), 0x10), Ok(0), "entry {n}");
        }
        assert_eq!(t.set(key(cap), 0x20), Err(NoRoom));
        assert_eq!(t.overflows(), 1);
        assert_eq!(t.lookup(key(cap)), 0);
        // Every earlier entry is still found (the probes end).
        for n in 0..cap - 1 {
            assert_eq!(t.lookup(key(n)), 0x10);
        }
    }

    #[test]
    fn reserve_grows_and_keeps_the_spare_room() {
        let t = LabelTable::new();
        for n in 0..1000 {
            t.reserve(key(n), true);
            assert!(LabelTable::roomy(t.entries() - 1, t.capacity()));
        }
        assert_eq!(t.entries(), 1000);
        for n in 0..1000 {
            assert_eq!(t.set(key(n), n + 1), Ok(0));
        }
        for n in 0..1000 {
            assert_eq!(t.lookup(key(n)), n + 1, "label {n}");
        }
    }

    /// Random operations against a HashMap model, with keys that collide
    /// (a small table and clustered addresses), so backward-shift deletion
    /// is exercised across the array's wrap-around.
    #[test]
    fn matches_a_map_under_random_operations() {
        let t = LabelTable::new();
        let mut model: HashMap<usize, usize> = HashMap::new();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for step in 0..200_000 {
            let k = key((next() % 300) as usize);
            match next() % 4 {
                0 => {
                    t.reserve(k, true);
                    model.entry(k).or_insert(0);
                }
                1 => {
                    let v = (next() % 5) as usize * 0x100;
                    let want = model.get(&k).copied().unwrap_or(0);
                    if model.contains_key(&k) || v != 0 {
                        assert_eq!(t.set(k, v), Ok(want), "step {step}");
                        model.insert(k, v);
                    }
                }
                2 => {
                    assert_eq!(t.remove(k), model.remove(&k).unwrap_or(0), "step {step}");
                }
                _ => assert_eq!(t.lookup(k), model.get(&k).copied().unwrap_or(0)),
            }
            if step % 10_000 == 0 {
                for (&k, &v) in &model {
                    assert_eq!(t.lookup(k), v, "step {step}");
                }
                assert_eq!(t.entries(), model.len());
                let prisoners = model.values().filter(|&&v| v != 0).count();
                assert_eq!(t.prisoners(), prisoners);
            }
        }
    }

    /// Readers looking up their own (live) labels always get their own
    /// value while writers insert, remove and grow around them.
    #[test]
    fn readers_never_miss_a_live_label_while_writers_churn() {
        let t = Arc::new(LabelTable::new());
        let stop = Arc::new(AtomicBool::new(false));
        let mut readers = Vec::new();
        for r in 0..4 {
            let own = key(100_000 + r);
            t.reserve(own, true);
            t.set(own, 0x1000 + r).unwrap();
            let (t, stop) = (t.clone(), stop.clone());
            readers.push(std::thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    assert_eq!(t.lookup(own), 0x1000 + r);
                    n += 1;
                }
                n
            }));
        }
        let mut writers = Vec::new();
        for w in 0..3 {
            let t = t.clone();
            writers.push(std::thread::spawn(move || {
                for round in 0..200 {
                    let base = w * 10_000 + (round % 7) * 500;
                    for n in 0..300 {
                        t.reserve(key(base + n), true);
                        t.set(key(base + n), 0x77).unwrap();
                    }
                    for n in 0..300 {
                        assert_eq!(t.remove(key(base + n)), 0x77);
                    }
                }
            }));
        }
        for w in writers {
            w.join().unwrap();
        }
        stop.store(true, Ordering::Relaxed);
        for r in readers {
            assert!(r.join().unwrap() > 0);
        }
        assert_eq!(t.entries(), 4);
        assert_eq!(t.prisoners(), 4);
    }
}
