//! The registry of prisons: jid index, full-name index, child lists, the
//! dying set, under one reader/writer lock used the way FreeBSD uses
//! `allprison_lock` (sys/kern/kern_jail.c).

use alloc::borrow::Cow;
use alloc::collections::btree_map::Entry;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Bound;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};

use super::ids::{JidCursor, JAIL_MAX};
use super::{
    flags, host_prison, new_prison, HostInfo, NewPrison, PrisonConfig, PrisonRef, PrisonState, Text,
};
use super::{Prison, DEATHS_OUTSIDE_TREE};
use crate::abi::allow::Allow;
use crate::abi::consts::DEFAULT_HOSTUUID;
use crate::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// How many counted references the tree itself holds on a prison it lists:
/// the jid index, the name index and the parent's child list. A dying prison
/// is also in the dying set: one more.
pub const TREE_REFS: usize = 3;

/// The prisons of one full name in the name index: nearly always one (a
/// dying prison may share its name with a live successor), kept without an
/// allocation of its own.
enum Named {
    One(PrisonRef),
    Many(Vec<PrisonRef>),
}

impl Named {
    fn all(&self) -> &[PrisonRef] {
        match self {
            Named::One(p) => core::slice::from_ref(p),
            Named::Many(list) => list,
        }
    }

    fn add(&mut self, prison: PrisonRef) {
        match self {
            Named::One(first) => *self = Named::Many(alloc::vec![first.clone(), prison]),
            Named::Many(list) => list.push(prison),
        }
    }

    /// Drops `prison`; true when none is left.
    fn remove(&mut self, prison: &PrisonRef) -> bool {
        match self {
            Named::One(p) => Arc::ptr_eq(p, prison),
            Named::Many(list) => {
                list.retain(|p| !Arc::ptr_eq(p, prison));
                match list.as_slice() {
                    [] => true,
                    [only] => {
                        *self = Named::One(only.clone());
                        false
                    }
                    _ => false,
                }
            }
        }
    }
}

/// The prison tree (what `allprison_lock` protects).
pub struct Tree {
    host: PrisonRef,
    by_jid: BTreeMap<i32, PrisonRef>,
    /// Keys share the names of the snapshots ([`Text`]).
    by_name: BTreeMap<Text, Named>,
    /// Parent serial → its children by serial (prison0 is serial 0).
    children: BTreeMap<u64, BTreeMap<u64, PrisonRef>>,
    /// Prisons known to be dying, by serial, waiting for their last reference.
    dying: BTreeMap<u64, PrisonRef>,
    ids: JidCursor,
    next_serial: u64,
    deaths_seen: u64,
    /// Set by [`Registry::close_if_empty`]: the module is being unloaded and
    /// no prison may be created (kept under the same lock as the tree, so
    /// "empty" and "closed" are decided together).
    closed: bool,
}

/// The prison tree and the global knobs (`security.jail.*` defaults).
pub struct Registry {
    host: PrisonRef,
    tree: RwLock<Tree>,
    default_allow: AtomicU32,
    default_enforce_statfs: AtomicI32,
    max_af_ips: AtomicU32,
    /// Whether the tree lists any prison (alive or dying), updated at the
    /// end of every write; read without the lock by the credential hooks
    /// (see [`crate::prison::label_table`]: entries are reserved only while
    /// a prison exists).
    occupied: AtomicBool,
    /// The host information every new prison starts with (empty names,
    /// FreeBSD's DEFAULT_HOSTUUID, hostid 0), made once and shared.
    default_host: Arc<HostInfo>,
}

/// The tree, locked for writing; prisons reaped while it was held are
/// released after the lock (their root vnodes must not be released under it).
pub struct TreeWrite<'a> {
    guard: Option<RwLockWriteGuard<'a, Tree>>,
    garbage: Vec<PrisonRef>,
    occupied: &'a AtomicBool,
}

impl core::ops::Deref for TreeWrite<'_> {
    type Target = Tree;
    fn deref(&self) -> &Tree {
        match &self.guard {
            Some(g) => g,
            None => unreachable!("guard present until drop"),
        }
    }
}

impl core::ops::DerefMut for TreeWrite<'_> {
    fn deref_mut(&mut self) -> &mut Tree {
        match &mut self.guard {
            Some(g) => g,
            None => unreachable!("guard present until drop"),
        }
    }
}

impl Drop for TreeWrite<'_> {
    fn drop(&mut self) {
        if let Some(mut guard) = self.guard.take() {
            guard.reap(&mut self.garbage);
            // Set before the lock goes, so a prison is never visible to
            // another thread while the tree still reads as empty.
            self.occupied
                .store(!guard.by_jid.is_empty(), Ordering::Release);
            drop(guard);
        }
        // Dropped in order: a child goes before the parent it keeps alive.
        self.garbage.clear();
    }
}

impl TreeWrite<'_> {
    /// Reaps now (the tree is otherwise reaped when the guard goes).
    pub fn reap_now(&mut self) {
        if let Some(guard) = self.guard.as_mut() {
            guard.reap(&mut self.garbage);
        }
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

impl Registry {
    /// An empty tree under a host prison0 with FreeBSD's defaults. Allocates:
    /// call where the thread may sleep (module load).
    pub fn new() -> Self {
        let default_host = Arc::new(HostInfo {
            hostuuid: Text::from(DEFAULT_HOSTUUID.as_bytes()),
            ..HostInfo::default()
        });
        let host = host_prison(PrisonConfig {
            name: Text::from(&b"0"[..]),
            flags: flags::HOST | flags::IP4_SADDRSEL | flags::IP6_SADDRSEL,
            allow: Allow::PRISON0,
            securelevel: -1,
            enforce_statfs: 0,
            devfs_ruleset: 0,
            children_max: JAIL_MAX,
            host: default_host.clone(),
            ip4: None,
            ip6: None,
            osrelease: Text::default(),
            osreldate: 0,
        });
        let tree = Tree {
            host: host.clone(),
            by_jid: BTreeMap::new(),
            by_name: BTreeMap::new(),
            children: BTreeMap::new(),
            dying: BTreeMap::new(),
            ids: JidCursor::default(),
            next_serial: 1,
            deaths_seen: DEATHS_OUTSIDE_TREE.load(Ordering::Acquire),
            closed: false,
        };
        Registry {
            host,
            tree: RwLock::new(tree),
            default_allow: AtomicU32::new(Allow::DEFAULT.bits()),
            default_enforce_statfs: AtomicI32::new(2),
            max_af_ips: AtomicU32::new(255),
            default_host,
            occupied: AtomicBool::new(false),
        }
    }

    /// prison0: the host as a prison. Its configuration (host name,
    /// osrelease, osreldate, ...) is what the kernel edge fills in at load.
    pub fn host(&self) -> &PrisonRef {
        &self.host
    }

    /// The tree for writing, with unreferenced dying prisons reaped.
    pub fn write(&self) -> TreeWrite<'_> {
        let mut w = TreeWrite {
            guard: Some(self.tree.write()),
            garbage: Vec::new(),
            occupied: &self.occupied,
        };
        w.reap_now();
        w
    }

    /// The tree for reading. Reaps first (briefly writing) when something
    /// is waiting to be reaped, so readers never see a prison FreeBSD would
    /// already have freed.
    pub fn read(&self) -> RwLockReadGuard<'_, Tree> {
        // The common case takes the shared lock once: nothing to reap.
        let tree = self.tree.read();
        if !tree.needs_reap() {
            return tree;
        }
        drop(tree);
        drop(self.write());
        self.tree.read()
    }

    /// Whether any prison, alive or dying, was listed when the last write to
    /// the tree ended. No lock: for the credential hooks.
    pub fn occupied(&self) -> bool {
        self.occupied.load(Ordering::Acquire)
    }

    /// True when no prison, alive or dying, exists (kldunload may go on).
    pub fn is_empty(&self) -> bool {
        self.write().by_jid.is_empty()
    }

    /// kldunload's question, answered and acted on under the tree's write
    /// lock: if no prison exists (alive or dying), closes the registry and
    /// returns true; otherwise changes nothing and returns false. A closed
    /// registry refuses every creation (`jail`, `jail_set` with
    /// `JAIL_CREATE`) with ENOSYS, the answer of a system call that is not
    /// there, which is what the caller would get a moment later once the
    /// module is gone; lookups, `jail_get`, `jail_attach` and `jail_remove`
    /// keep working, so nothing is stranded.
    pub fn close_if_empty(&self) -> bool {
        let mut tree = self.write();
        if !tree.by_jid.is_empty() {
            return false;
        }
        tree.closed = true;
        true
    }

    /// Undoes [`Registry::close_if_empty`] (an unload that failed later on).
    pub fn reopen(&self) {
        self.write().closed = false;
    }

    /// Whether [`Registry::close_if_empty`] closed the registry.
    pub fn is_closed(&self) -> bool {
        self.tree.read().closed
    }

    /// `security.jail.*_allowed` legacy defaults for `jail(2)` (allow bits).
    pub fn default_allow(&self) -> Allow {
        Allow::from_bits_retain(self.default_allow.load(Ordering::Relaxed))
    }
    pub fn set_default_allow(&self, allow: Allow) {
        self.default_allow.store(allow.bits(), Ordering::Relaxed);
    }
    /// Turns one legacy default bit on or off, atomically with respect to
    /// other writers of other bits (FreeBSD holds prison0's mutex).
    pub fn update_default_allow(&self, bit: Allow, on: bool) {
        if on {
            self.default_allow.fetch_or(bit.bits(), Ordering::Relaxed);
        } else {
            self.default_allow.fetch_and(!bit.bits(), Ordering::Relaxed);
        }
    }
    /// `security.jail.enforce_statfs`: the default for new prisons (2).
    pub fn default_enforce_statfs(&self) -> i32 {
        self.default_enforce_statfs.load(Ordering::Relaxed)
    }
    pub fn set_default_enforce_statfs(&self, value: i32) {
        self.default_enforce_statfs.store(value, Ordering::Relaxed);
    }
    /// The host information a new prison starts with (shared, see
    /// [`HostInfo`]).
    pub fn default_host(&self) -> Arc<HostInfo> {
        self.default_host.clone()
    }
    /// `security.jail.jail_max_af_ips` (255).
    pub fn max_af_ips(&self) -> u32 {
        self.max_af_ips.load(Ordering::Relaxed)
    }
    pub fn set_max_af_ips(&self, value: u32) {
        self.max_af_ips.store(value, Ordering::Relaxed);
    }
}

impl Tree {
    /// prison0.
    pub fn host(&self) -> &PrisonRef {
        &self.host
    }

    /// Number of prisons listed, alive or dying.
    pub fn len(&self) -> usize {
        self.by_jid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_jid.is_empty()
    }

    /// Whether new prisons are refused (see [`Registry::close_if_empty`]).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// `prison_find`: any prison with that jid.
    pub fn find(&self, jid: i32) -> Option<&PrisonRef> {
        self.by_jid.get(&jid)
    }

    /// `prison_find_child`: a strict descendant of `viewer` with that jid.
    pub fn find_child(&self, viewer: &Prison, jid: i32) -> Option<&PrisonRef> {
        self.by_jid.get(&jid).filter(|p| p.is_descendant_of(viewer))
    }

    /// `prison_find_name`: a descendant of `viewer` whose name relative to
    /// it is `name`, alive preferred, else a dying one.
    pub fn find_name(&self, viewer: &Prison, name: &[u8]) -> Option<&PrisonRef> {
        let candidates = self.by_name.get(&*self.name_below(viewer, name))?.all();
        let mut dying = None;
        for p in candidates.iter().filter(|p| p.is_descendant_of(viewer)) {
            if p.is_alive() {
                return Some(p);
            }
            dying = Some(p);
        }
        dying
    }

    /// The full name of `component` as a child of `parent`, borrowed when
    /// the parent is the host (a lookup needs no copy then).
    pub fn name_below<'n>(&self, parent: &Prison, component: &'n [u8]) -> Cow<'n, [u8]> {
        if parent.is_host() {
            Cow::Borrowed(component)
        } else {
            Cow::Owned(self.full_name(parent, component))
        }
    }

    /// The full name of `component` as a child of `parent`.
    pub fn full_name(&self, parent: &Prison, component: &[u8]) -> Vec<u8> {
        if parent.is_host() {
            return component.to_vec();
        }
        let parent_config = parent.config();
        let mut full = Vec::with_capacity(parent_config.name.len() + 1 + component.len());
        full.extend_from_slice(&parent_config.name);
        full.push(b'.');
        full.extend_from_slice(component);
        full
    }

    /// A live child of `parent` with that full name, other than `except`.
    pub fn live_child_named(
        &self,
        parent: &Prison,
        full: &[u8],
        except: Option<&PrisonRef>,
    ) -> Option<&PrisonRef> {
        self.by_name.get(full)?.all().iter().find(|p| {
            p.is_alive()
                && p.parent().is_some_and(|pp| core::ptr::eq(&**pp, parent))
                && !except.is_some_and(|e| Arc::ptr_eq(e, p))
        })
    }

    /// Whether `prison` belongs to this tree (its oldest ancestor is this
    /// tree's prison0). For debug assertions: there is one tree per
    /// registry, and a prison never moves to another.
    pub fn owns(&self, prison: &Prison) -> bool {
        let mut top = prison;
        while let Some(parent) = top.parent() {
            top = parent;
        }
        core::ptr::eq(top, &*self.host)
    }

    /// The direct children of `parent`.
    pub fn children_of<'a>(&'a self, parent: &Prison) -> impl Iterator<Item = &'a PrisonRef> {
        self.children
            .get(&parent.serial())
            .into_iter()
            .flat_map(|m| m.values())
    }

    /// Walks the strict descendants of `top` parents first; `visit` returns
    /// whether to go below the prison it was given.
    pub fn walk_descendants(&self, top: &Prison, mut visit: impl FnMut(&PrisonRef) -> bool) {
        let mut stack: Vec<&PrisonRef> = self.children_of(top).collect();
        stack.reverse();
        while let Some(p) = stack.pop() {
            if visit(p) {
                let mark = stack.len();
                stack.extend(self.children_of(p));
                if let Some(added) = stack.get_mut(mark..) {
                    added.reverse();
                }
            }
        }
    }

    /// The strict descendants of `top` that share its host information
    /// (`host.*`), parents first: the walk stops at a prison with its own
    /// (`PR_HOST`), which shields its subtree.
    pub fn host_sharers(&self, top: &Prison) -> Vec<PrisonRef> {
        let mut sharing = Vec::new();
        self.walk_descendants(top, |p| {
            if p.config_in(self).flags & flags::HOST != 0 {
                return false;
            }
            sharing.push(p.clone());
            true
        });
        sharing
    }

    /// Every strict descendant of `top`, parents first.
    pub fn descendants(&self, top: &Prison) -> Vec<PrisonRef> {
        let mut all = Vec::new();
        self.walk_descendants(top, |p| {
            all.push(p.clone());
            true
        });
        all
    }

    /// Prisons with a jid greater than `jid`, in jid order.
    pub fn after(&self, jid: i32) -> impl Iterator<Item = &PrisonRef> {
        self.by_jid
            .range((Bound::Excluded(jid), Bound::Unbounded))
            .map(|(_, p)| p)
    }

    /// Every prison in jid order.
    pub fn iter(&self) -> impl Iterator<Item = &PrisonRef> {
        self.by_jid.values()
    }

    /// The next automatic jid (`get_next_prid`), consuming it.
    pub fn allocate_jid(&mut self) -> Option<i32> {
        self.ids.next_jid(&self.by_jid)
    }

    /// Moves a dying prison out of the way of a requested jid
    /// (`get_next_deadid`). `None`: no jid left (EAGAIN).
    pub fn renumber_dying(&mut self, dead: &PrisonRef) -> Option<i32> {
        let new_jid = self.ids.next_dead_jid(&self.by_jid)?;
        let old = dead.jid();
        if self.by_jid.get(&old).is_some_and(|p| Arc::ptr_eq(p, dead)) {
            self.by_jid.remove(&old);
        }
        dead.set_jid(new_jid);
        self.by_jid.insert(new_jid, dead.clone());
        Some(new_jid)
    }

    /// Links a new prison (state still invalid): takes a user reference on
    /// its parent and counts it as a child of every ancestor.
    pub fn insert(&mut self, spec: NewPrison) -> PrisonRef {
        let serial = self.next_serial;
        self.next_serial += 1;
        let prison = new_prison(serial, spec);
        let name = prison.with_config(|c| c.name.clone());
        self.by_jid.insert(prison.jid(), prison.clone());
        self.index_name(name, prison.clone());
        if let Some(parent) = prison.parent() {
            self.children
                .entry(parent.serial())
                .or_default()
                .insert(serial, prison.clone());
            parent.hold_user();
        }
        let mut cursor = prison.parent().cloned();
        while let Some(p) = cursor {
            p.add_children(1);
            cursor = p.parent().cloned();
        }
        prison
    }

    /// Makes a prison alive (after every parameter was set).
    pub fn publish(&mut self, prison: &PrisonRef) {
        prison.set_state(PrisonState::Alive);
    }

    /// Gives `prison` the full name `new_name`, and its descendants the
    /// same new prefix.
    pub fn rename(&mut self, prison: &PrisonRef, new_name: Vec<u8>) {
        let old_name = prison.config().name.clone();
        if old_name == new_name {
            return;
        }
        let mut moved = Vec::new();
        moved.push((prison.clone(), new_name.clone()));
        for d in self.descendants(prison) {
            let name = d.config().name.clone();
            let renamed = match name.strip_prefix(old_name.as_bytes()) {
                Some(rest) => {
                    let mut n = new_name.clone();
                    n.extend_from_slice(rest);
                    n
                }
                None => name.to_vec(),
            };
            moved.push((d, renamed));
        }
        for (p, name) in moved {
            self.unindex_name(&p);
            let indexed = Text::from(name);
            p.update_config(self, |c| c.name = indexed.clone());
            self.index_name(indexed, p);
        }
    }

    fn index_name(&mut self, name: Text, prison: PrisonRef) {
        match self.by_name.entry(name) {
            Entry::Vacant(slot) => {
                slot.insert(Named::One(prison));
            }
            Entry::Occupied(mut slot) => slot.get_mut().add(prison),
        }
    }

    fn unindex_name(&mut self, prison: &PrisonRef) {
        let name = prison.with_config(|c| c.name.clone());
        // Nearly always the name's only prison: one search takes it out,
        // and a shared name goes back without this prison.
        let Some(mut named) = self.by_name.remove(name.as_bytes()) else {
            return;
        };
        if !named.remove(prison) {
            self.by_name.insert(name, named);
        }
    }

    /// Marks a prison dying (under the tree lock) and notes it for reaping.
    pub fn note_dying(&mut self, prison: &PrisonRef) {
        self.dying.insert(prison.serial(), prison.clone());
    }

    /// `prison_deref_kill`: `prison` and its live descendants start dying
    /// and lose `persist`. Returns false when `prison` was not alive
    /// (FreeBSD silently ignores removing a dying prison).
    pub fn kill(&mut self, prison: &PrisonRef) -> bool {
        if !prison.mark_dying() {
            return false;
        }
        let mut doomed = Vec::new();
        doomed.push(prison.clone());
        self.walk_descendants(prison, |d| {
            if d.mark_dying() {
                doomed.push(d.clone());
                true
            } else {
                false
            }
        });
        for p in &doomed {
            self.note_dying(p);
            let was_persistent = p.update_config(self, |c| {
                let was = c.flags & flags::PERSIST != 0;
                c.flags &= !flags::PERSIST;
                was
            });
            if was_persistent {
                p.release_user();
            }
        }
        true
    }

    /// Kills a prison created by a call that then failed (`PD_KILL` on a
    /// new prison): it may not be alive yet.
    pub fn kill_new(&mut self, prison: &PrisonRef) {
        if prison.state() == PrisonState::Invalid {
            prison.set_state(PrisonState::Alive);
        }
        self.kill(prison);
    }

    fn needs_reap(&self) -> bool {
        DEATHS_OUTSIDE_TREE.load(Ordering::Acquire) != self.deaths_seen
            || self
                .dying
                .values()
                .any(|p| Arc::strong_count(p) <= TREE_REFS + 1)
    }

    /// Frees (unlinks) every dying prison nobody refers to any more; freeing
    /// one drops its hold on its parent, which may then die and be freed too
    /// (`prison_deref`'s loop).
    fn reap(&mut self, garbage: &mut Vec<PrisonRef>) {
        let deaths = DEATHS_OUTSIDE_TREE.load(Ordering::Acquire);
        if deaths != self.deaths_seen {
            self.deaths_seen = deaths;
            let newly: Vec<PrisonRef> = self
                .by_jid
                .values()
                .filter(|p| {
                    p.state() == PrisonState::Dying && !self.dying.contains_key(&p.serial())
                })
                .cloned()
                .collect();
            for p in newly {
                self.note_dying(&p);
            }
        }
        // References held by prisons already unlinked in this pass (their
        // `parent` links) go away when the garbage is dropped. The host is
        // never reaped, so its children need no count (nor an allocation).
        let mut pending_child_refs: BTreeMap<u64, usize> = BTreeMap::new();
        loop {
            // The victims go straight into the garbage, unlinked below.
            let first = garbage.len();
            garbage.extend(
                self.dying
                    .values()
                    .filter(|p| {
                        let extra = pending_child_refs.get(&p.serial()).copied().unwrap_or(0);
                        Arc::strong_count(p) <= TREE_REFS + 1 + extra
                    })
                    .cloned(),
            );
            if garbage.len() == first {
                break;
            }
            for victim in garbage.get(first..).unwrap_or_default() {
                self.unlink(victim);
                if let Some(parent) = victim.parent() {
                    let dies = parent.release_user();
                    if !parent.is_host() {
                        *pending_child_refs.entry(parent.serial()).or_default() += 1;
                        if dies {
                            self.note_dying(parent);
                        }
                    }
                }
            }
        }
    }

    fn unlink(&mut self, prison: &PrisonRef) {
        // One search: the jid's entry is nearly always this prison; one
        // that is not (a dying prison renumbered away) goes back.
        let jid = prison.jid();
        if let Some(listed) = self.by_jid.remove(&jid) {
            if !Arc::ptr_eq(&listed, prison) {
                self.by_jid.insert(jid, listed);
            }
        }
        self.unindex_name(prison);
        if let Some(parent) = prison.parent() {
            if let Some(siblings) = self.children.get_mut(&parent.serial()) {
                siblings.remove(&prison.serial());
                if siblings.is_empty() {
                    self.children.remove(&parent.serial());
                }
            }
        }
        // A prison with a child listed counts it (children_cur); without
        // one there is no list to drop, and no search for it.
        if prison.children_cur() != 0 {
            self.children.remove(&prison.serial());
        }
        self.dying.remove(&prison.serial());
        prison.set_state(PrisonState::Invalid);
        let mut cursor = prison.parent().cloned();
        while let Some(p) = cursor {
            p.add_children(-1);
            cursor = p.parent().cloned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::DetachedDir;
    use alloc::boxed::Box;

    fn spawn(tree: &mut TreeWrite<'_>, parent: &PrisonRef, name: &[u8]) -> PrisonRef {
        let jid = tree.allocate_jid().unwrap();
        let mut config = PrisonConfig::clone(&parent.config());
        config.name = tree.full_name(parent, name).into();
        let p = tree.insert(NewPrison {
            jid,
            parent: parent.clone(),
            root: Box::new(DetachedDir),
            path: b"/".to_vec(),
            config,
        });
        tree.publish(&p);
        p
    }

    #[test]
    fn dying_prisons_are_reaped_when_unreferenced() {
        let reg = Registry::new();
        let host = reg.host().clone();
        let mut w = reg.write();
        let a = spawn(&mut w, &host, b"a");
        let b = spawn(&mut w, &a, b"b");
        a.hold_user(); // persist-like hold
        assert_eq!(host.children_cur(), 2);
        assert!(w.find_name(&host, b"a.b").is_some());
        assert!(w.find_name(&a, b"b").is_some());
        assert!(w.kill(&a));
        assert!(!b.is_alive());
        drop(w);
        // Our own handles keep them listed.
        assert_eq!(reg.write().len(), 2);
        drop(b);
        drop(a);
        assert!(reg.is_empty());
        assert_eq!(host.children_cur(), 0);
    }

    #[test]
    fn renaming_moves_descendants() {
        let reg = Registry::new();
        let host = reg.host().clone();
        let mut w = reg.write();
        let a = spawn(&mut w, &host, b"a");
        let _b = spawn(&mut w, &a, b"b");
        w.rename(&a, b"z".to_vec());
        assert!(w.find_name(&host, b"z.b").is_some());
        assert!(w.find_name(&host, b"a.b").is_none());
    }

    #[test]
    fn a_name_shared_by_a_dying_and_a_live_prison() {
        let reg = Registry::new();
        let host = reg.host().clone();
        let mut w = reg.write();
        let old = spawn(&mut w, &host, b"web");
        old.hold_user();
        assert!(w.kill(&old));
        // `old` is dying but held (by our handle): the name now has two.
        let new = spawn(&mut w, &host, b"web");
        let found = w.find_name(&host, b"web").expect("listed");
        assert!(Arc::ptr_eq(found, &new), "the live one is preferred");
        assert!(w.live_child_named(&host, b"web", None).is_some());
        drop(w);
        drop(old);
        // The dying one is reaped; the live one keeps the name alone.
        let mut w = reg.write();
        let found = w.find_name(&host, b"web").expect("still listed");
        assert!(Arc::ptr_eq(found, &new));
        assert!(w.kill(&new));
        drop(w);
        drop(new);
        assert!(reg.is_empty());
        assert!(reg.read().find_name(&host, b"web").is_none());
    }
}
