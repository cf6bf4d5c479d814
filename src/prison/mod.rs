//! The prison tree: jid and name indexes, parameters, lifecycle.
//!
//! Behaviour follows FreeBSD 15.0's `sys/kern/kern_jail.c` (`struct prison`,
//! `prison0`, `prison_deref`, `prison_proc_hold`/`prison_proc_free`,
//! `get_next_prid`, `prison_find_*`, `prison_name`, `prison_path`).
//!
//! # Lifetimes
//!
//! Every prison, alive or dying, is held by the [`Registry`] through
//! [`TREE_REFS`] counted references (jid index, name index, its parent's
//! child list). A credential's label, a child's `parent` link and a system
//! call in progress hold further references. FreeBSD frees a prison when its
//! `pr_ref` drops to zero; rjail gets the same observable result by "reaping
//! on access": every tree operation (under the write lock) first removes the
//! dying prisons nobody else refers to any more. Every observation of the tree
//! (jail_get with `JAIL_DYING`, [`Registry::is_empty`], jid reuse) is itself a
//! tree operation, so nobody can see the difference with FreeBSD's deferred
//! `prison_deref`.
//!
//! A prison's "user references" (FreeBSD's `pr_uref`: its processes, its
//! `persist` flag, its not-yet-freed children) are an atomic counter; when the
//! last one goes while the prison is alive it starts dying. That transition
//! is a compare-and-swap on an atomic state, so it can happen in
//! [`label::process_exited`] without the tree lock; the next tree operation
//! notices it through a global death counter.
//!
//! # Configuration: copy on write
//!
//! A prison's parameters ([`PrisonConfig`]) are read by the MAC hooks, which
//! may run where sleeping is forbidden, so the lock guarding them is a kernel
//! mutex (mtx(9), FreeBSD's `pr_mtx`). A thread must never sleep holding it,
//! and allocating with `M_WAITOK` may sleep. Hence the rules:
//!
//! * the config mutex is held only to copy or swap a pointer (an
//!   `Arc<PrisonConfig>`); nothing allocates or frees under it;
//! * a reader ([`Prison::config`]) takes a counted snapshot and reads it
//!   without any lock: a snapshot never changes, a later update replaces it;
//! * a writer ([`Prison::update_config`]) copies the current snapshot, edits
//!   the copy and allocates the new `Arc` with no lock held, swaps the
//!   pointer under the mutex, and drops the old snapshot after unlocking;
//! * writers are serialised by the tree's write lock ([`Registry::write`]),
//!   so no update is lost between the copy and the swap. Every update is
//!   made by a tree operation or by `jail_set`, all holding that lock;
//!   [`label`]'s functions and the MAC hooks only read.
//!
//! Fields that readers must see change together are changed in one update.
//! A hook may hold the last count of a replaced snapshot and free it: free(9)
//! does not sleep, so that is allowed where the hooks run.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicI32, AtomicU32, AtomicU64, AtomicU8, Ordering};

use crate::abi::allow::Allow;
use crate::dir::DirHandle;
use crate::sync::StripedMutex;

pub mod addr;
pub mod ids;
pub mod label;
pub mod label_table;
pub mod names;
pub mod text;
mod tree;

pub use text::Text;
pub use tree::{Registry, Tree, TREE_REFS};

/// A counted reference to a prison (what a credential's label holds).
pub type PrisonRef = Arc<Prison>;

/// `PR_*` flag bits of `struct prison` (sys/sys/jail.h), the ones rjail uses.
pub mod flags {
    /// The prison stays alive without processes (`persist`).
    pub const PERSIST: u32 = 0x0000_0001;
    /// The prison has its own host name information (`host=new`).
    pub const HOST: u32 = 0x0000_0002;
    /// The IPv4 list is the prison's own (`ip4=new` or `disable`).
    pub const IP4_USER: u32 = 0x0000_0004;
    /// The IPv6 list is the prison's own.
    pub const IP6_USER: u32 = 0x0000_0008;
    /// IPv4 source address selection (`ip4.saddrsel`).
    pub const IP4_SADDRSEL: u32 = 0x0000_0080;
    /// IPv6 source address selection (`ip6.saddrsel`).
    pub const IP6_SADDRSEL: u32 = 0x0000_0100;
    /// IPv4 is restricted (or disabled) by this prison or an ancestor.
    pub const IP4: u32 = 0x0200_0000;
    /// IPv6 is restricted (or disabled) by this prison or an ancestor.
    pub const IP6: u32 = 0x0400_0000;
}

/// `enum prison_state` (sys/sys/jail.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum PrisonState {
    /// Being created, or freed.
    Invalid = 0,
    Alive = 1,
    Dying = 2,
}

/// Counts the prisons that started dying outside the tree lock (last process
/// exit), so that the next tree operation knows it must look for them.
static DEATHS_OUTSIDE_TREE: AtomicU64 = AtomicU64::new(0);

/// The parameters of a prison that change after creation. A prison holds
/// them as an immutable snapshot behind a mutex (one of 64 shared stripes,
/// where FreeBSD has a `pr_mtx` per prison), so the MAC hooks can read them
/// without the tree lock; a new snapshot replaces the old one only with the
/// tree write lock held (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrisonConfig {
    /// The full dotted name from the host ("a.b"); "0" for the host.
    pub name: Text,
    /// `PR_*` bits ([`flags`]).
    pub flags: u32,
    /// `PR_ALLOW_*` bits.
    pub allow: Allow,
    pub securelevel: i32,
    pub enforce_statfs: i32,
    pub devfs_ruleset: i32,
    pub children_max: i32,
    /// `host.*`: shared, not copied, by every snapshot that has not
    /// changed it (see [`HostInfo`]).
    pub host: Arc<HostInfo>,
    /// `None`: no list (FreeBSD's NULL `pr_addrs`). Index 0 is the primary
    /// address, the rest sorted (`prison_ip_copyin`). Shared, like
    /// [`HostInfo`], by the snapshots that do not change it.
    pub ip4: Option<Arc<[[u8; 4]]>>,
    pub ip6: Option<Arc<[[u8; 16]]>>,
    pub osrelease: Text,
    pub osreldate: i32,
}

/// A prison's host information (`host.hostname`, `host.domainname`,
/// `host.hostuuid`, `host.hostid`). Snapshots hold it behind an `Arc`: it
/// changes far more rarely than the rest, so a new snapshot (an update, a
/// removal clearing `persist`) and every new prison (which starts from the
/// registry's defaults) share it instead of copying three strings, and the
/// snapshot itself stays small enough for malloc(9)'s 128-byte bucket.
/// Changed through [`PrisonConfig::host_mut`], which copies it first when
/// it is shared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostInfo {
    pub hostname: Vec<u8>,
    pub domainname: Vec<u8>,
    pub hostuuid: Text,
    pub hostid: u64,
}

// A snapshot is allocated as an `Arc` (two counters before it): kept within
// 112 bytes, the whole takes malloc(9)'s 128-byte bucket, not the 256-byte
// one (sys/kern/kern_malloc.c, kmemzones). Adding a field here means
// finding the room for it.
const _: () = assert!(core::mem::size_of::<PrisonConfig>() <= 112);

impl PrisonConfig {
    /// The host information, made this snapshot's own for writing.
    pub fn host_mut(&mut self) -> &mut HostInfo {
        Arc::make_mut(&mut self.host)
    }
}

/// One prison.
pub struct Prison {
    /// Never changes, never reused: identifies the prison in the tree's
    /// child lists even while its jid changes (a dying prison renumbered).
    serial: u64,
    jid: AtomicI32,
    /// `None` only for the host's prison0.
    parent: Option<PrisonRef>,
    state: AtomicU8,
    user_refs: AtomicU32,
    /// Every descendant not yet freed (FreeBSD's `pr_childcount`). Outside
    /// the configuration snapshot so that a creation or a reap, which
    /// change it in every ancestor, copy no ancestor's parameters; written
    /// only under the tree's write lock.
    children_cur: AtomicI32,
    /// The root vnode (`pr_root`); `None` only for prison0, whose root is
    /// the system's.
    root: Option<Box<dyn DirHandle>>,
    /// The global path of the root, as given at creation (`pr_path`).
    path: Vec<u8>,
    /// The current snapshot; the mutex only guards the pointer (a shared
    /// stripe: a prison owns no lock to make or destroy).
    config: StripedMutex<Arc<PrisonConfig>>,
}

impl core::fmt::Debug for Prison {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prison")
            .field("jid", &self.jid())
            .field("state", &self.state())
            .field("user_refs", &self.user_refs())
            .finish_non_exhaustive()
    }
}

impl Prison {
    /// The jid (FreeBSD's `pr_id`); a dying prison may be renumbered.
    pub fn jid(&self) -> i32 {
        self.jid.load(Ordering::Acquire)
    }

    pub fn state(&self) -> PrisonState {
        match self.state.load(Ordering::Acquire) {
            1 => PrisonState::Alive,
            2 => PrisonState::Dying,
            _ => PrisonState::Invalid,
        }
    }

    /// `prison_isalive`.
    pub fn is_alive(&self) -> bool {
        self.state() == PrisonState::Alive
    }

    /// Every descendant not yet freed (`pr_childcount`).
    pub fn children_cur(&self) -> i32 {
        self.children_cur.load(Ordering::Acquire)
    }

    /// Adds `delta` to the descendant count (the tree's write lock held).
    pub(super) fn add_children(&self, delta: i32) {
        let now = self.children_cur().saturating_add(delta).max(0);
        self.children_cur.store(now, Ordering::Release);
    }

    /// FreeBSD's `pr_uref`.
    pub fn user_refs(&self) -> u32 {
        self.user_refs.load(Ordering::Acquire)
    }

    /// The parent prison (`None` for the host).
    pub fn parent(&self) -> Option<&PrisonRef> {
        self.parent.as_ref()
    }

    /// Whether this is the host's prison0.
    pub fn is_host(&self) -> bool {
        self.parent.is_none()
    }

    /// The global path of the prison's root.
    pub fn path(&self) -> &[u8] {
        &self.path
    }

    /// The prison's root directory (`None` for the host).
    pub fn root(&self) -> Option<&dyn DirHandle> {
        self.root.as_deref()
    }

    /// The current parameters: a counted snapshot, read without any lock.
    /// Takes the config mutex only to copy the pointer (an atomic increment,
    /// no allocation), so hooks may call it.
    pub fn config(&self) -> Arc<PrisonConfig> {
        let current = self.config.lock();
        let snapshot = Arc::clone(&current);
        drop(current);
        snapshot
    }

    /// Runs `read` on the current parameters with their stripe held, taking
    /// no count: for the hooks' short reads. `read` must not sleep,
    /// allocate, call into the kernel, or read another prison's parameters
    /// (two stripes at once); anything longer takes [`Prison::config`].
    pub fn with_config<R>(&self, read: impl FnOnce(&PrisonConfig) -> R) -> R {
        let current = self.config.lock();
        read(&current)
    }

    /// The current parameters, borrowed for as long as the tree is: no lock,
    /// no count. Every writer holds the tree exclusively
    /// ([`Prison::update_config`] takes `&mut Tree`), so while `tree` is
    /// borrowed (through a read guard, or a write guard the caller does not
    /// use to write meanwhile) the snapshot cannot be replaced or freed. For
    /// the system calls, which hold the tree's lock anyway; hooks use
    /// [`Prison::with_config`] or [`Prison::config`].
    pub fn config_in<'t>(&'t self, tree: &'t Tree) -> &'t PrisonConfig {
        debug_assert!(tree.owns(self), "a prison read under another tree");
        // SAFETY: the only write of the pointer after creation is
        // update_config's swap, which needs `&mut Tree` of this prison's
        // tree (there is one per registry, behind its lock): it cannot run
        // while `tree` is borrowed for 't. The Arc the pointer holds keeps
        // the snapshot alive as long.
        unsafe { self.config.get_unlocked() }
    }

    /// Replaces the parameters with a copy changed by `change`, which readers
    /// see all at once. The copy, the change and the new snapshot's
    /// allocation happen with no lock held; the mutex is held only for the
    /// pointer swap (the hooks' readers take it), and the old snapshot is
    /// dropped after it.
    ///
    /// `tree` is the prison's tree, locked for writing ([`Registry::write`]):
    /// it serialises writers (an update made between this function's copy
    /// and its swap would otherwise be lost) and keeps
    /// [`Prison::config_in`]'s borrows sound. May allocate: call only where
    /// the thread may sleep.
    pub fn update_config<R>(
        &self,
        tree: &mut Tree,
        change: impl FnOnce(&mut PrisonConfig) -> R,
    ) -> R {
        debug_assert!(tree.owns(self), "a prison updated under another tree");
        let mut next = PrisonConfig::clone(self.config_in(tree));
        let result = change(&mut next);
        let next = Arc::new(next);
        let mut current = self.config.lock();
        let previous = core::mem::replace(&mut *current, next);
        drop(current);
        drop(previous);
        result
    }

    /// `prison_ischild(ancestor, self)`: whether `ancestor` is a strict
    /// ancestor of this prison.
    pub fn is_descendant_of(&self, ancestor: &Prison) -> bool {
        let mut cursor = self.parent.as_deref();
        while let Some(p) = cursor {
            if core::ptr::eq(p, ancestor) {
                return true;
            }
            cursor = p.parent.as_deref();
        }
        false
    }

    /// Depth below the host (host 0, its children 1, ...).
    pub fn depth(&self) -> usize {
        let mut depth = 0;
        let mut cursor = self.parent.as_deref();
        while let Some(p) = cursor {
            depth += 1;
            cursor = p.parent.as_deref();
        }
        depth
    }

    /// Takes a user reference (`prison_proc_hold`): a process joined, or
    /// the prison became persistent, or got a child.
    pub(crate) fn hold_user(&self) {
        self.user_refs.fetch_add(1, Ordering::AcqRel);
    }

    /// Drops a user reference (`prison_proc_free`); the last one makes an
    /// alive prison start dying. Returns whether it did.
    pub(crate) fn release_user(&self) -> bool {
        let previous = self
            .user_refs
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
        match previous {
            Ok(1) => self.mark_dying(),
            _ => false,
        }
    }

    /// Alive → dying; false if it was not alive.
    pub(crate) fn mark_dying(&self) -> bool {
        self.state
            .compare_exchange(
                PrisonState::Alive as u8,
                PrisonState::Dying as u8,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    fn set_state(&self, state: PrisonState) {
        self.state.store(state as u8, Ordering::Release);
    }

    fn set_jid(&self, jid: i32) {
        self.jid.store(jid, Ordering::Release);
    }

    pub(crate) fn serial(&self) -> u64 {
        self.serial
    }

    /// Whether an IPv4 (or IPv6) restriction applies (`PR_IP4` / `PR_IP6`).
    pub fn restricts(&self, family_flag: u32) -> bool {
        self.config().flags & family_flag != 0
    }
}

/// What a new prison is made of (everything FreeBSD sets before linking it).
pub struct NewPrison {
    pub jid: i32,
    pub parent: PrisonRef,
    pub root: Box<dyn DirHandle>,
    pub path: Vec<u8>,
    pub config: PrisonConfig,
}

/// Builds prison0, the host's view of itself.
fn host_prison(config: PrisonConfig) -> PrisonRef {
    Arc::new(Prison {
        serial: 0,
        jid: AtomicI32::new(0),
        parent: None,
        state: AtomicU8::new(PrisonState::Alive as u8),
        user_refs: AtomicU32::new(1),
        children_cur: AtomicI32::new(0),
        root: None,
        path: b"/".to_vec(),
        config: StripedMutex::new(Arc::new(config)),
    })
}

fn new_prison(serial: u64, spec: NewPrison) -> PrisonRef {
    Arc::new(Prison {
        serial,
        jid: AtomicI32::new(spec.jid),
        parent: Some(spec.parent),
        state: AtomicU8::new(PrisonState::Invalid as u8),
        user_refs: AtomicU32::new(0),
        children_cur: AtomicI32::new(0),
        root: Some(spec.root),
        path: spec.path,
        config: StripedMutex::new(Arc::new(spec.config)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_never_changes_and_updates_are_seen_whole() {
        let reg = Registry::new();
        let host = reg.host();
        let before = host.config();
        let mut tree = reg.write();
        host.update_config(&mut tree, |c| {
            c.securelevel = 3;
            c.host_mut().hostname = b"changed".to_vec();
            c.host_mut().hostid = 7;
        });
        // The reader that held the old snapshot across the update still sees
        // the old values, all of them.
        assert_eq!(before.securelevel, -1);
        assert!(before.host.hostname.is_empty());
        assert_eq!(before.host.hostid, 0);
        let after = host.config();
        assert_eq!(after.securelevel, 3);
        assert_eq!(after.host.hostname, b"changed");
        assert_eq!(after.host.hostid, 7);
        // Only the configuration changed.
        let mut expected = PrisonConfig::clone(&before);
        expected.securelevel = 3;
        expected.host_mut().hostname = b"changed".to_vec();
        expected.host_mut().hostid = 7;
        assert_eq!(*after, expected);
    }

    #[test]
    fn snapshots_share_what_an_update_leaves_alone() {
        let reg = Registry::new();
        let host = reg.host();
        let mut tree = reg.write();
        host.update_config(&mut tree, |c| {
            c.ip4 = Some(alloc::vec![[192, 0, 2, 1]].into())
        });
        let before = host.config();
        host.update_config(&mut tree, |c| c.securelevel = 2);
        let after = host.config();
        assert!(Arc::ptr_eq(&before.host, &after.host));
        let (Some(old), Some(new)) = (&before.ip4, &after.ip4) else {
            panic!("the address list was lost");
        };
        assert!(Arc::ptr_eq(old, new));
        host.update_config(&mut tree, |c| c.host_mut().hostid = 9);
        let changed = host.config();
        assert!(!Arc::ptr_eq(&after.host, &changed.host));
        assert_eq!((after.host.hostid, changed.host.hostid), (0, 9));
    }

    #[test]
    fn update_returns_what_the_change_computed() {
        let reg = Registry::new();
        let host = reg.host();
        let mut tree = reg.write();
        let was = host.update_config(&mut tree, |c| core::mem::replace(&mut c.children_max, 5));
        assert_eq!(was, ids::JAIL_MAX);
        assert_eq!(host.config().children_max, 5);
    }

    #[test]
    fn readers_share_one_snapshot_until_an_update() {
        let reg = Registry::new();
        let host = reg.host();
        let first = host.config();
        let second = host.config();
        assert!(Arc::ptr_eq(&first, &second));
        let mut tree = reg.write();
        host.update_config(&mut tree, |c| c.devfs_ruleset = 4);
        let third = host.config();
        assert!(!Arc::ptr_eq(&first, &third));
        // The old snapshot is held only by this test's readers now.
        assert_eq!(Arc::strong_count(&first), 2);
        assert_eq!(Arc::strong_count(&third), 2);
    }
}
