//! Prison tree benchmarks: lookup by jid and by name, create+remove, at
//! 10, 1 000 and 100 000 prisons, through the registry and once through the
//! system-call path of the host model; bytes allocated per prison; the
//! decision cost of the priv and bind hooks for a prisoner (what the MAC
//! hooks ask `policy` on every privilege check and every bind).
//! FreeBSD walks a list (inventory §9.16); rjail's indexes are B-trees.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rjail::errno::Errno;
use rjail::host::{DetachedDir, HostKernel, IovBuilder, Value};
use rjail::policy::priv_numbers as privs;
use rjail::policy::privilege::{self, Asker};
use rjail::policy::socket;
use rjail::prison::{NewPrison, PrisonConfig, PrisonRef, Registry};
use rjail::services::CallerContext;

struct Counting;
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: delegates to the system allocator unchanged, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn config(reg: &Registry, name: &[u8]) -> PrisonConfig {
    let mut c = PrisonConfig::clone(&reg.host().config());
    c.name = name.into();
    c.children_max = 0;
    c
}

fn add(reg: &Registry, name: &[u8]) -> PrisonRef {
    let mut tree = reg.write();
    let jid = tree.allocate_jid().expect("jid");
    let p = tree.insert(NewPrison {
        jid,
        parent: reg.host().clone(),
        root: Box::new(DetachedDir),
        path: b"/".to_vec(),
        config: config(reg, name),
    });
    tree.publish(&p);
    p
}

fn remove(reg: &Registry, p: &PrisonRef) {
    reg.write().kill(p);
}

/// Nanoseconds per iteration of `f` over `iterations` runs.
fn time(iterations: usize, mut f: impl FnMut(usize)) -> u128 {
    let start = Instant::now();
    for i in 0..iterations {
        f(i);
    }
    start.elapsed().as_nanos() / iterations as u128
}

fn main() {
    println!(
        "{:>8} {:>14} {:>14} {:>16} {:>12}",
        "prisons", "jid lookup ns", "name lookup ns", "create+remove ns", "bytes/prison"
    );
    for &n in &[10usize, 1_000, 100_000] {
        let reg = Registry::new();
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        let prisons: Vec<PrisonRef> = (0..n)
            .map(|i| add(&reg, format!("p{i}").as_bytes()))
            .collect();
        let bytes = (LIVE_BYTES.load(Ordering::Relaxed) - before) / n;
        let names: Vec<Vec<u8>> = (0..n).map(|i| format!("p{i}").into_bytes()).collect();
        let host = reg.host().clone();
        let iterations = 200_000;
        let by_jid = time(iterations, |i| {
            let tree = reg.read();
            let jid = (i % n) as i32 + 1;
            black_box(tree.find_child(&host, jid).map(|p| p.jid()));
        });
        let by_name = time(iterations, |i| {
            let tree = reg.read();
            black_box(tree.find_name(&host, &names[i % n]).map(|p| p.jid()));
        });
        let churn = time(20_000, |_| {
            let p = add(&reg, b"churn");
            remove(&reg, &p);
            drop(p);
        });
        println!("{n:>8} {by_jid:>14} {by_name:>14} {churn:>16} {bytes:>12}");
        drop(prisons);
    }

    // Once through the system-call path: jail_set create, jail_get by
    // name, jail_remove, with the host model's user memory.
    let kernel = HostKernel::new();
    let reg = Registry::new();
    let c = kernel.init();
    for i in 0..1_000 {
        let p = IovBuilder::new()
            .string("name", &format!("s{i}"))
            .flag("persist");
        let placed = p.place(&c, 0x100_0000);
        rjail::syscall::jail_set(&reg, &c, placed.iov, placed.niov, 1).expect("create");
        c.unmap(0x100_0000);
    }
    let query = IovBuilder::new()
        .string("name", "s500")
        .out("host.hostname", 64);
    let placed = query.place(&c, 0x200_0000);
    let get = time(50_000, |_| {
        black_box(rjail::syscall::jail_get(&reg, &c, placed.iov, placed.niov, 0).expect("get"));
    });
    let create = IovBuilder::new().string("name", "churn").flag("persist");
    let placed = create.place(&c, 0x300_0000);
    let churn = time(20_000, |_| {
        let jid = rjail::syscall::jail_set(&reg, &c, placed.iov, placed.niov, 1).expect("create");
        rjail::syscall::jail_remove(&reg, &c, jid).expect("remove");
    });
    let _ = c.prison();
    println!();
    println!("syscall path at 1000 prisons: jail_get by name {get} ns, jail_set create + jail_remove {churn} ns");

    hook_decisions(&reg, &c);
}

/// What one MAC hook decision costs a prisoner: the priv hook's veto and
/// the bind hook's address check, each asserted once so the loop measures
/// the answer the kernel relies on.
fn hook_decisions(reg: &Registry, c: &rjail::host::Caller<'_>) {
    const OWN: [u8; 4] = [192, 0, 2, 1];
    const FOREIGN: [u8; 4] = [198, 51, 100, 7];
    const ANY: [u8; 4] = [0, 0, 0, 0];
    // A prison as jail(8) makes one: default allow bits, one IPv4 address.
    let create = IovBuilder::new()
        .string("name", "hooked")
        .flag("persist")
        .param("ip4.addr", Value::Bytes(OWN.to_vec()));
    let placed = create.place(c, 0x400_0000);
    let jid = rjail::syscall::jail_set(reg, c, placed.iov, placed.niov, 1).expect("create");
    let prison = reg.read().find(jid).expect("created").clone();
    let prisoner = Some(&*prison);
    let root = Asker {
        euid: 0,
        in_rjail_call: false,
    };

    let priv_case = |privilege: i32, expected: Result<(), Errno>| {
        assert_eq!(privilege::check_as(prisoner, privilege, root), expected);
        time(1_000_000, |_| {
            black_box(
                privilege::check_as(black_box(prisoner), black_box(privilege), black_box(root))
                    .is_ok(),
            );
        })
    };
    let bind_case = |addr: [u8; 4], expected| {
        assert_eq!(socket::local_v4(prisoner, addr), expected);
        time(1_000_000, |_| {
            black_box(socket::local_v4(black_box(prisoner), black_box(addr)).is_ok());
        })
    };
    // chroot(2): in the jail's list, granted to the prison's root.
    let allowed = priv_case(privs::VFS_CHROOT, Ok(()));
    // mount(2): in the list, but needs allow.mount, off by default.
    let denied = priv_case(privs::VFS_MOUNT, Err(Errno::EPERM));
    // The base system's jail_set(2): refused before the list is consulted.
    let base_jail = priv_case(privs::JAIL_SET, Err(Errno::EPERM));
    let any = bind_case(ANY, Ok(Some(OWN)));
    let own = bind_case(OWN, Ok(None));
    let foreign = bind_case(FOREIGN, Err(Errno::EADDRNOTAVAIL));

    println!();
    println!(
        "{:<58} {:>8}",
        "hook decision (prisoner, one IPv4 address)", "ns"
    );
    println!("{:<58} {allowed:>8}", "priv: PRIV_VFS_CHROOT, allowed");
    println!(
        "{:<58} {denied:>8}",
        "priv: PRIV_VFS_MOUNT, denied (allow.mount off)"
    );
    println!(
        "{:<58} {base_jail:>8}",
        "priv: PRIV_JAIL_SET outside rjail's calls, denied"
    );
    println!(
        "{:<58} {any:>8}",
        "bind: INADDR_ANY, rewritten to the prison's address"
    );
    println!("{:<58} {own:>8}", "bind: the prison's own address, allowed");
    println!(
        "{:<58} {foreign:>8}",
        "bind: a foreign address, EADDRNOTAVAIL"
    );
}
