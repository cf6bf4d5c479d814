//! The host kernel model: processes, credentials, a directory tree and user
//! memory, through which the tests drive the real system-call entry points.
//!
//! It models what rjail's calls touch in FreeBSD, after these files:
//!
//! * processes and credentials (sys/kern/kern_fork.c, kern_exit.c,
//!   kern_prot.c): a forked process shares its parent's credential (the
//!   rjail label is copied with [`label::label_clone`] and counted with
//!   [`label::process_forked`]); exit drops both; `setuid` changes the uid;
//! * privilege (sys/kern/kern_priv.c `priv_check_cred`): first rjail's MAC
//!   veto, exactly as the kernel's priv hook asks it inside rjail's own
//!   calls ([`privilege::check_as`] with `in_rjail_call`), which
//!   refuses the root of a prison with `allow.suser` off; then the base
//!   system's superuser rule: uid 0 is privileged (prison0's
//!   `suser_enabled`, on by default);
//! * path lookup (sys/kern/vfs_lookup.c): relative to the process's root and
//!   working directory, `..` never climbs above the process root; ENOENT for
//!   a missing component, ENOTDIR for a file in the middle or at the end of
//!   a directory lookup;
//! * chroot and chdir (sys/kern/vfs_syscalls.c `change_dir`, `pwd_chroot`):
//!   refused with EPERM while the process has directories open, as
//!   jail_attach(2) documents;
//! * copyin/copyout/copyinstr (sys/amd64/amd64/support.S): any byte outside
//!   mapped memory is EFAULT; zero-length copies succeed below the end of
//!   the user address space;
//! * kill(2) with SIGKILL: the process exits.

mod fs;
mod memory;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicIsize, Ordering};

use crate::abi::UserMemory;
use crate::errno::{Errno, KResult};
use crate::policy::privilege::{self, Asker};
use crate::prison::{label, Prison, PrisonRef};
use crate::services::{CallerContext, DirHandle, FoundDir, Privilege};
use crate::sync::Mutex;

pub use fs::NodeId;
pub use memory::{IovBuilder, Placed, UserSpace, Value};

/// A process identifier.
pub type Pid = i32;

/// One process of the model.
#[derive(Debug)]
struct Process {
    parent: Pid,
    uid: u32,
    euid: u32,
    /// The rjail label of the process's credential (see [`label`]).
    label: usize,
    /// Whether the base system's own jail confines the process.
    native_jail: bool,
    root: NodeId,
    cwd: NodeId,
    open_dirs: u32,
    memory: UserSpace,
}

#[derive(Debug, Default)]
struct State {
    processes: BTreeMap<Pid, Process>,
    next_pid: Pid,
    fs: fs::FileTree,
}

/// The modelled kernel.
#[derive(Debug)]
pub struct HostKernel {
    state: Mutex<State>,
    /// Directory references handed out and not yet released (vref/vrele).
    held_dirs: Arc<AtomicIsize>,
}

/// A held directory of the model.
#[derive(Debug)]
struct HostDir {
    node: NodeId,
    held: Arc<AtomicIsize>,
}

impl HostDir {
    fn new(node: NodeId, held: &Arc<AtomicIsize>) -> Self {
        held.fetch_add(1, Ordering::AcqRel);
        HostDir {
            node,
            held: held.clone(),
        }
    }
}

impl DirHandle for HostDir {
    fn raw(&self) -> usize {
        self.node
    }
    fn duplicate(&self) -> Box<dyn DirHandle> {
        Box::new(HostDir::new(self.node, &self.held))
    }
}

/// A root with no directory behind it, for prisons put straight into a
/// [`crate::prison::Registry`] without the process model (unit tests,
/// benchmarks), where nothing ever looks the root up.
#[derive(Debug)]
pub struct DetachedDir;

impl DirHandle for DetachedDir {
    fn raw(&self) -> usize {
        0
    }
    fn duplicate(&self) -> Box<dyn DirHandle> {
        Box::new(DetachedDir)
    }
}

impl Drop for HostDir {
    fn drop(&mut self) {
        self.held.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Default for HostKernel {
    fn default() -> Self {
        Self::new()
    }
}

impl HostKernel {
    /// A kernel with an empty root directory and one process, pid 1, root,
    /// on the host.
    pub fn new() -> Self {
        let mut state = State {
            next_pid: 2,
            ..State::default()
        };
        state.processes.insert(
            1,
            Process {
                parent: 0,
                uid: 0,
                euid: 0,
                label: 0,
                native_jail: false,
                root: fs::ROOT,
                cwd: fs::ROOT,
                open_dirs: 0,
                memory: UserSpace::default(),
            },
        );
        HostKernel {
            state: Mutex::new(state),
            held_dirs: Arc::new(AtomicIsize::new(0)),
        }
    }

    /// The first process.
    pub fn init(&self) -> Caller<'_> {
        self.caller(1)
    }

    /// The calling context of process `pid`.
    pub fn caller(&self, pid: Pid) -> Caller<'_> {
        Caller { kernel: self, pid }
    }

    /// Creates a directory and its missing parents (from the global root).
    pub fn mkdir_p(&self, path: &str) -> NodeId {
        self.state.lock().fs.mkdir_p(path.as_bytes())
    }

    /// Creates a regular file (its directory must exist).
    pub fn create_file(&self, path: &str) -> KResult<NodeId> {
        self.state.lock().fs.create_file(path.as_bytes())
    }

    /// Directory references currently held (by prisons, lookups in flight).
    pub fn held_dirs(&self) -> isize {
        self.held_dirs.load(Ordering::Acquire)
    }

    /// Pids of live processes.
    pub fn pids(&self) -> Vec<Pid> {
        self.state.lock().processes.keys().copied().collect()
    }

    fn exit_locked(state: &mut State, pid: Pid) {
        if let Some(p) = state.processes.remove(&pid) {
            label::process_exited(p.label);
            label::label_release(p.label);
        }
    }
}

impl Drop for HostKernel {
    fn drop(&mut self) {
        let mut state = self.state.lock();
        let pids: Vec<Pid> = state.processes.keys().copied().collect();
        for pid in pids {
            Self::exit_locked(&mut state, pid);
        }
    }
}

/// One process of the model, as the caller of a system call.
#[derive(Clone, Copy, Debug)]
pub struct Caller<'k> {
    kernel: &'k HostKernel,
    pid: Pid,
}

impl<'k> Caller<'k> {
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The parent process (getppid(2)).
    pub fn parent_pid(&self) -> Pid {
        self.with_process(|p| p.parent).unwrap_or(0)
    }

    fn with<R>(&self, f: impl FnOnce(&mut State, &mut Process) -> R) -> Option<R> {
        let mut state = self.kernel.state.lock();
        let mut process = state.processes.remove(&self.pid)?;
        let result = f(&mut state, &mut process);
        state.processes.insert(self.pid, process);
        Some(result)
    }

    fn with_process<R>(&self, f: impl FnOnce(&mut Process) -> R) -> Option<R> {
        self.with(|_, p| f(p))
    }

    /// Whether the process still exists.
    pub fn alive(&self) -> bool {
        self.kernel.state.lock().processes.contains_key(&self.pid)
    }

    /// fork(2): a child with the same credential, root, cwd and memory.
    pub fn fork(&self) -> Caller<'k> {
        let mut state = self.kernel.state.lock();
        let pid = state.next_pid;
        state.next_pid += 1;
        let child = match state.processes.get(&self.pid) {
            Some(p) => {
                let label = label::label_clone(p.label);
                label::process_forked(label);
                Process {
                    parent: self.pid,
                    uid: p.uid,
                    euid: p.euid,
                    label,
                    native_jail: p.native_jail,
                    root: p.root,
                    cwd: p.cwd,
                    open_dirs: 0,
                    memory: p.memory.clone(),
                }
            }
            None => {
                return Caller {
                    kernel: self.kernel,
                    pid: -1,
                }
            }
        };
        state.processes.insert(pid, child);
        Caller {
            kernel: self.kernel,
            pid,
        }
    }

    /// exit(2).
    pub fn exit(&self) {
        HostKernel::exit_locked(&mut self.kernel.state.lock(), self.pid);
    }

    /// setuid(2) (as root: real and effective uid).
    pub fn setuid(&self, uid: u32) {
        self.with_process(|p| {
            p.uid = uid;
            p.euid = uid;
        });
    }

    /// Marks the process as confined by the base system's own jail.
    pub fn enter_native_jail(&self) {
        self.with_process(|p| p.native_jail = true);
    }

    /// open(2) of a directory (kept open: chroot refuses then).
    pub fn open_dir(&self) {
        self.with_process(|p| p.open_dirs += 1);
    }

    /// chdir(2).
    pub fn chdir(&self, path: &str) -> KResult<()> {
        self.with(|state, p| {
            let node = state.fs.lookup_dir(p.root, p.cwd, path.as_bytes())?;
            p.cwd = node;
            Ok(())
        })
        .unwrap_or(Err(Errno::ESRCH))
    }

    /// The global path of the process's root directory.
    pub fn root_path(&self) -> Vec<u8> {
        let state = self.kernel.state.lock();
        let root = state.processes.get(&self.pid).map_or(fs::ROOT, |p| p.root);
        state.fs.global_path(root)
    }

    /// The global path of the working directory.
    pub fn cwd_path(&self) -> Vec<u8> {
        let state = self.kernel.state.lock();
        let cwd = state.processes.get(&self.pid).map_or(fs::ROOT, |p| p.cwd);
        state.fs.global_path(cwd)
    }

    /// The raw rjail label of the credential.
    pub fn label(&self) -> usize {
        self.with_process(|p| p.label).unwrap_or(0)
    }

    /// Maps `len` zeroed bytes at `addr`.
    pub fn map(&self, addr: usize, len: usize) {
        self.with_process(|p| p.memory.map(addr, len));
    }

    /// Unmaps the region that starts at `addr`.
    pub fn unmap(&self, addr: usize) {
        self.with_process(|p| p.memory.unmap(addr));
    }

    /// Writes into mapped memory (test set-up; EFAULT outside).
    pub fn poke(&self, addr: usize, bytes: &[u8]) -> KResult<()> {
        self.with_process(|p| p.memory.write(addr, bytes))
            .unwrap_or(Err(Errno::ESRCH))
    }

    /// Reads mapped memory.
    pub fn peek(&self, addr: usize, len: usize) -> KResult<Vec<u8>> {
        self.with_process(|p| {
            let mut buf = alloc::vec![0; len];
            p.memory.read(addr, &mut buf).map(|()| buf)
        })
        .unwrap_or(Err(Errno::ESRCH))
    }

    /// A snapshot of the process's whole memory (to assert nothing changed).
    pub fn memory(&self) -> UserSpace {
        self.with_process(|p| p.memory.clone()).unwrap_or_default()
    }
}

impl UserMemory for Caller<'_> {
    fn copyin(&self, uaddr: usize, dst: &mut [u8]) -> KResult<()> {
        self.with_process(|p| p.memory.read(uaddr, dst))
            .unwrap_or(Err(Errno::EFAULT))
    }
    fn copyout(&self, src: &[u8], uaddr: usize) -> KResult<()> {
        self.with_process(|p| p.memory.write(uaddr, src))
            .unwrap_or(Err(Errno::EFAULT))
    }
    fn copyinstr(&self, uaddr: usize, dst: &mut [u8]) -> KResult<usize> {
        self.with_process(|p| p.memory.read_str(uaddr, dst))
            .unwrap_or(Err(Errno::EFAULT))
    }
}

impl CallerContext for Caller<'_> {
    fn prison(&self) -> Option<PrisonRef> {
        label::label_prison(self.label())
    }

    fn in_native_jail(&self) -> bool {
        self.with_process(|p| p.native_jail).unwrap_or(false)
    }

    fn priv_check(&self, privilege: Privilege) -> KResult<()> {
        let euid = self.with_process(|p| p.euid).ok_or(Errno::EPERM)?;
        // The MAC veto runs first, as the kernel's priv hook does; this is
        // always one of rjail's calls (the only users of CallerContext).
        let asker = Asker {
            euid,
            in_rjail_call: true,
        };
        privilege::check_as(self.prison().as_deref(), privilege as i32, asker)?;
        // The kernel's own rule, on the credential's native prison0, whose
        // `suser_enabled` is on: uid 0 holds every privilege.
        if euid == 0 {
            Ok(())
        } else {
            Err(Errno::EPERM)
        }
    }

    fn lookup_dir(&self, path: &[u8]) -> KResult<FoundDir> {
        let held = &self.kernel.held_dirs;
        self.with(|state, p| {
            let node = state.fs.lookup_dir(p.root, p.cwd, path)?;
            Ok(FoundDir {
                dir: Box::new(HostDir::new(node, held)) as Box<dyn DirHandle>,
                global_path: state.fs.global_path(node),
            })
        })
        .unwrap_or(Err(Errno::ESRCH))
    }

    fn root_dir(&self) -> KResult<FoundDir> {
        Ok(FoundDir {
            dir: Box::new(HostDir::new(fs::ROOT, &self.kernel.held_dirs)),
            global_path: b"/".to_vec(),
        })
    }

    fn attach(&self, prison: &PrisonRef, root: &dyn DirHandle) -> KResult<()> {
        self.with(|state, p| {
            if p.open_dirs > 0 {
                return Err(Errno::EPERM);
            }
            if !state.fs.is_dir(root.raw()) {
                return Err(Errno::ENOTDIR);
            }
            p.root = root.raw();
            p.cwd = root.raw();
            let old = core::mem::replace(&mut p.label, label::label_for(prison));
            label::label_release(old);
            Ok(())
        })
        .unwrap_or(Err(Errno::ESRCH))
    }

    fn kill_processes(&self, doomed: &dyn Fn(&Prison) -> bool) {
        let mut state = self.kernel.state.lock();
        let victims: Vec<Pid> = state
            .processes
            .iter()
            .filter(|(&pid, p)| {
                pid != self.pid && label::label_prison(p.label).is_some_and(|pr| doomed(&pr))
            })
            .map(|(&pid, _)| pid)
            .collect();
        for pid in victims {
            HostKernel::exit_locked(&mut state, pid);
        }
    }
}
