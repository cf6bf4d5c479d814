//! The kernel benchmark (`make vmbench`): the base system's jail calls and
//! rjail's, measured side by side in one boot, as PID 1 of its own root.
//!
//! Every figure is the median, over [`CALLS`] calls (attach: [`ATTACHES`]),
//! of the `rdtsc` ticks one call takes, read just before and after the
//! `syscall` instruction. Under an emulator (qemu TCG) ticks are host time:
//! only ratios within one boot mean anything.
//!
//! In order:
//! 1. the hooks on hot paths (bind, connect, setuid(0), kill(pid, 0)) for
//!    a host process and a base-jail prisoner before rjail is loaded;
//! 2. rjail loaded: the same, plus an rjail prisoner (the two prisoners in
//!    alternating rounds, [`prisoner_hook_costs_interleaved`]);
//! 3. at 10, 100, 1 000 and 10 000 prisons in each tree: create, jail_get
//!    by name and by jid of the newest and the oldest prison, an update,
//!    attach (and attach to the parent's `wait4` returning, i.e. + exit),
//!    remove;
//! 4. the memory of rjail's malloc type and of the base system's `prison`
//!    type before and after the 10 000 prisons;
//! 5. jail_get throughput of 1 and of 4 processes at once.
//!
//! The table is printed last, as one block of lines starting with
//! [`bench_table::PREFIX`]; progress goes out as `RJAIL-TEST` lines, so the
//! suite's runner reads the run (a step that failed fails it).

use crate::abi::jail_flags;
use crate::bench_table::{self as table, median};
use crate::cases::{self, Calls, Context, BASE};
use crate::errno::Errno;
use crate::iov::IovList;
use crate::net;
use crate::report;
use crate::runtime::say;
use crate::sys::{self, Forked, MappedBuffer};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Calls per measured operation.
const CALLS: usize = 200;
/// Forks per attach measurement (a fork is far dearer than the call).
const ATTACHES: usize = 50;
/// Tree sizes measured.
const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
/// The address of the prisons the hooks are measured in (the suite's
/// loopback set-up gives lo0 this alias).
const PRISON_ADDR: [u8; 4] = [127, 0, 0, 2];
/// Calls each process makes in the throughput measurement.
const PARALLEL_CALLS: usize = 400;
/// Process counts of the throughput measurement.
const PARALLEL: [usize; 3] = [1, 2, 4];

/// The time-stamp counter, after every earlier instruction has completed.
fn ticks() -> u64 {
    let (high, low): (u32, u32);
    // SAFETY: lfence and rdtsc only read the counter into edx:eax.
    unsafe {
        core::arch::asm!("lfence", "rdtsc", out("edx") high, out("eax") low,
            options(nomem, nostack, preserves_flags));
    }
    (u64::from(high) << 32) | u64::from(low)
}

/// Ticks `call` takes, and whether it succeeded.
fn timed<T, E>(call: impl FnOnce() -> Result<T, E>) -> (u64, bool) {
    let start = ticks();
    let ok = call().is_ok();
    (ticks().wrapping_sub(start), ok)
}

/// The median of `count` timings of `call`; `None` if any call failed.
fn median_of<T, E>(count: usize, mut call: impl FnMut() -> Result<T, E>) -> Option<u64> {
    let mut samples = Vec::with_capacity(count);
    for _ in 0..count {
        let (spent, ok) = timed(&mut call);
        if !ok {
            return None;
        }
        samples.push(spent);
    }
    Some(median(&mut samples))
}

/// Writes `prefix` and `n` as five digits and a NUL into a name buffer
/// (`p00042`): names of fixed width, changed in place between calls.
fn put_name(buf: &mut [u8], prefix: u8, n: usize) {
    let mut text = [prefix, b'0', b'0', b'0', b'0', b'0', 0];
    let mut rest = n;
    for digit in text.get_mut(1..6).into_iter().flatten().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    for (dst, src) in buf.iter_mut().zip(text) {
        *dst = src;
    }
}

/// A name of the fixed width [`put_name`] writes.
fn name_text(prefix: u8, n: usize) -> String {
    let mut buf = [0u8; 7];
    put_name(&mut buf, prefix, n);
    String::from(crate::iov::until_nul(&buf))
}

/// One implementation's prisons `p00000`, `p00001`, ... in creation order.
struct Population {
    calls: Calls,
    jids: Vec<i32>,
    /// The creation list, its name changed for each prison.
    create: IovList,
    /// Names of the create+remove pairs (`c00000`, ...), never reused.
    churned: usize,
}

impl Population {
    fn new(calls: Calls, root: &str) -> Self {
        let mut create = IovList::new();
        create
            .string("name", &name_text(b'p', 0))
            .string("path", root)
            .flag("persist");
        Self {
            calls,
            jids: Vec::new(),
            create,
            churned: 0,
        }
    }

    /// Creates prisons until there are `size`.
    fn grow_to(&mut self, size: usize) -> Result<(), String> {
        while self.jids.len() < size {
            let n = self.jids.len();
            if let Some(buf) = self.create.value_mut("name") {
                put_name(buf, b'p', n);
            }
            let jid = self
                .calls
                .set(&mut self.create, jail_flags::CREATE)
                .map_err(|e| format!("{} create p{n:05}: {e}", self.calls.label))?;
            self.jids.push(jid);
        }
        Ok(())
    }

    fn oldest(&self) -> (usize, i32) {
        (0, self.jids.first().copied().unwrap_or(0))
    }

    fn newest(&self) -> (usize, i32) {
        let n = self.jids.len().saturating_sub(1);
        (n, self.jids.last().copied().unwrap_or(0))
    }
}

/// A `jail_get` list asking for the jid of prison `name` (errmsg as
/// libjail sends it).
fn get_by_name(name: &str) -> IovList {
    let mut list = IovList::new();
    list.string("name", name).errmsg();
    list
}

fn get_by_jid(jid: i32) -> IovList {
    let mut list = IovList::new();
    list.int("jid", jid).errmsg();
    list
}

/// One row of the system-call table, both sides.
struct Row {
    op: &'static str,
    prisons: usize,
    costs: [Option<u64>; 2],
}

/// Measures every operation on `pop` at its current size, in the order of
/// [`OPS`]; the costs of the side `side` go into `rows`.
const OPS: [&str; 9] = [
    "create",
    "get name newest",
    "get name oldest",
    "get jid newest",
    "get jid oldest",
    "update (name oldest)",
    "attach",
    "attach+exit",
    "remove",
];

fn measure_size(ctx: &Context, pop: &mut Population) -> [Option<u64>; 9] {
    let calls = pop.calls;
    let (newest_n, newest_jid) = pop.newest();
    let (oldest_n, oldest_jid) = pop.oldest();
    let mut by_name_newest = get_by_name(&name_text(b'p', newest_n));
    let mut by_name_oldest = get_by_name(&name_text(b'p', oldest_n));
    let mut by_jid_newest = get_by_jid(newest_jid);
    let mut by_jid_oldest = get_by_jid(oldest_jid);
    let get_name_newest = median_of(CALLS, || calls.get(&mut by_name_newest, 0));
    let get_name_oldest = median_of(CALLS, || calls.get(&mut by_name_oldest, 0));
    let get_jid_newest = median_of(CALLS, || calls.get(&mut by_jid_newest, 0));
    let get_jid_oldest = median_of(CALLS, || calls.get(&mut by_jid_oldest, 0));
    let update = measure_update(&calls, &name_text(b'p', oldest_n));
    let (create, remove) = measure_create_remove(ctx, pop);
    let (attach, attach_exit) = measure_attach(&calls, oldest_jid);
    [
        create,
        get_name_newest,
        get_name_oldest,
        get_jid_newest,
        get_jid_oldest,
        update,
        attach,
        attach_exit,
        remove,
    ]
}

/// An update that changes something: `allow.raw_sockets` on and off in turn.
fn measure_update(calls: &Calls, name: &str) -> Option<u64> {
    let mut lists = ["allow.raw_sockets", "allow.noraw_sockets"].map(|flag| {
        let mut list = IovList::new();
        list.string("name", name).flag(flag).errmsg();
        list
    });
    let mut turn = 0;
    median_of(CALLS, || {
        turn ^= 1;
        calls.set(&mut lists[turn], jail_flags::UPDATE)
    })
}

/// Creates a prison and removes it, [`CALLS`] times: the creation is made
/// at the population's size, the removal at one more.
fn measure_create_remove(ctx: &Context, pop: &mut Population) -> (Option<u64>, Option<u64>) {
    let mut list = IovList::new();
    list.string("name", &name_text(b'c', 0))
        .string("path", &ctx.root())
        .flag("persist");
    let mut created = Vec::with_capacity(CALLS);
    let mut removed = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        if let Some(buf) = list.value_mut("name") {
            put_name(buf, b'c', pop.churned);
        }
        pop.churned += 1;
        let start = ticks();
        let jid = pop.calls.set(&mut list, jail_flags::CREATE);
        created.push(ticks().wrapping_sub(start));
        let Ok(jid) = jid else {
            return (None, None);
        };
        let (spent, ok) = timed(|| pop.calls.remove(jid));
        if !ok {
            return (median(&mut created).into(), None);
        }
        removed.push(spent);
    }
    (Some(median(&mut created)), Some(median(&mut removed)))
}

/// A child attaches to `jid` and exits, [`ATTACHES`] times. The child reads
/// the counter before and after its attach into memory shared with the
/// parent, which reads it again when `wait4` returns: attach alone, and
/// attach through the exit of the attached process.
fn measure_attach(calls: &Calls, jid: i32) -> (Option<u64>, Option<u64>) {
    let Ok(mut shared) = MappedBuffer::shared(24) else {
        return (None, None);
    };
    let mut attach = Vec::with_capacity(ATTACHES);
    let mut through_exit = Vec::with_capacity(ATTACHES);
    for _ in 0..ATTACHES {
        let pid = match sys::fork() {
            Ok(Forked::Child) => {
                let start = ticks();
                let result = calls.attach(jid);
                let end = ticks();
                let words = [start, end, u64::from(result.is_ok())];
                for (slot, word) in shared.bytes_mut().chunks_exact_mut(8).zip(words) {
                    slot.copy_from_slice(&word.to_ne_bytes());
                }
                sys::exit(0)
            }
            Ok(Forked::Parent(pid)) => pid,
            Err(_) => return (None, None),
        };
        let status = sys::wait4(pid);
        let reaped = ticks();
        let mut words = [0u64; 3];
        for (word, bytes) in words.iter_mut().zip(shared.bytes_mut().chunks_exact(8)) {
            *word = bytes.try_into().map_or(0, u64::from_ne_bytes);
        }
        let [start, end, attached] = words;
        if status != Ok(0) || attached != 1 {
            return (None, None);
        }
        attach.push(end.wrapping_sub(start));
        through_exit.push(reaped.wrapping_sub(start));
    }
    (Some(median(&mut attach)), Some(median(&mut through_exit)))
}

// --- hooks ---------------------------------------------------------------------

const HOOK_CALLS: [&str; 4] = ["bind", "connect", "setuid", "signal"];

/// The cost of one call through each hot-path hook, made by this process:
/// bind(2) and connect(2) of a fresh UDP socket to the prisons' address
/// (the socket made and closed outside the timing), setuid(0) as root
/// (priv_check PRIV_CRED_SETUID, sys/kern/kern_prot.c), and kill(pid, 0) of
/// a sibling (p_cansignal; a process signalling itself is not checked).
fn hook_costs() -> [Option<u64>; 4] {
    let mut samples: [Vec<u64>; 4] = Default::default();
    let mut failed = [false; 4];
    for _ in 0..CALLS {
        for (i, connect) in [(0, false), (1, true)] {
            let Ok(fd) = sys::socket(net::AF_INET, net::SOCK_DGRAM) else {
                failed[i] = true;
                continue;
            };
            let (spent, ok) = if connect {
                timed(|| sys::connect(fd, PRISON_ADDR, 9))
            } else {
                timed(|| sys::bind(fd, PRISON_ADDR, 0))
            };
            let _ = sys::close(fd);
            failed[i] |= !ok;
            samples[i].push(spent);
        }
        let (spent, ok) = timed(|| sys::setuid(0));
        failed[2] |= !ok;
        samples[2].push(spent);
    }
    match sibling() {
        Ok((pid, hold)) => {
            for _ in 0..CALLS {
                let (spent, ok) = timed(|| sys::kill(pid, 0));
                failed[3] |= !ok;
                samples[3].push(spent);
            }
            let _ = sys::close(hold);
            let _ = sys::wait4(pid);
        }
        Err(_) => failed[3] = true,
    }
    let mut out = [None; 4];
    for (i, slot) in out.iter_mut().enumerate() {
        if !failed[i] {
            *slot = Some(median(&mut samples[i]));
        }
    }
    out
}

/// A child that waits until the returned descriptor is closed: something
/// to signal. Returns its pid and that descriptor.
fn sibling() -> Result<(i32, i32), Errno> {
    let (read_end, write_end) = sys::pipe()?;
    match sys::fork()? {
        Forked::Child => {
            let _ = sys::close(write_end);
            let mut byte = [0u8; 1];
            let _ = sys::read(read_end, &mut byte);
            sys::exit(0)
        }
        Forked::Parent(pid) => {
            let _ = sys::close(read_end);
            Ok((pid, write_end))
        }
    }
}

/// [`hook_costs`] in a child attached to prison `jid` with `calls`; the
/// costs come back through a pipe (`u64::MAX`: not measured).
fn prisoner_hook_costs(calls: &Calls, jid: i32) -> [Option<u64>; 4] {
    let Ok((read_end, write_end)) = sys::pipe() else {
        return [None; 4];
    };
    let pid = match sys::fork() {
        Ok(Forked::Child) => {
            let _ = sys::close(read_end);
            let costs = match calls.attach(jid) {
                Ok(_) => hook_costs(),
                Err(_) => [None; 4],
            };
            let mut bytes = [0u8; 32];
            for (slot, cost) in bytes.chunks_exact_mut(8).zip(costs) {
                slot.copy_from_slice(&cost.unwrap_or(u64::MAX).to_ne_bytes());
            }
            let _ = sys::write_all(write_end, &bytes);
            sys::exit(0)
        }
        Ok(Forked::Parent(pid)) => pid,
        Err(_) => return [None; 4],
    };
    let _ = sys::close(write_end);
    let mut bytes = [0u8; 32];
    let mut filled = 0;
    while filled < bytes.len() {
        match bytes
            .get_mut(filled..)
            .map(|rest| sys::read(read_end, rest))
        {
            Some(Ok(n)) if n > 0 => filled += n,
            _ => break,
        }
    }
    let _ = sys::close(read_end);
    let _ = sys::wait4(pid);
    let mut out = [None; 4];
    if filled == bytes.len() {
        for (slot, word) in out.iter_mut().zip(bytes.chunks_exact(8)) {
            let value = word.try_into().map_or(u64::MAX, u64::from_ne_bytes);
            *slot = (value != u64::MAX).then_some(value);
        }
    }
    out
}

/// Prisoner rounds of the two sides' hook costs (see
/// [`prisoner_hook_costs_interleaved`]).
const PRISONER_ROUNDS: usize = 8;

/// [`prisoner_hook_costs`] for two prisons in [`PRISONER_ROUNDS`] rounds,
/// in the order A B B A A B B A, and each side's median of its rounds'
/// medians: neither side is always the one measured second, after what the
/// first left behind (sockets closed but not yet freed, a warmer cache).
fn prisoner_hook_costs_interleaved(sides: [(&Calls, i32); 2]) -> [[Option<u64>; 4]; 2] {
    let mut rounds: [[Vec<u64>; 4]; 2] = Default::default();
    let mut failed = [[false; 4]; 2];
    for round in 0..PRISONER_ROUNDS {
        let order = if matches!(round % 4, 0 | 3) {
            [0, 1]
        } else {
            [1, 0]
        };
        for side in order {
            let (calls, jid) = sides[side];
            for (i, cost) in prisoner_hook_costs(calls, jid).into_iter().enumerate() {
                match cost {
                    Some(c) => rounds[side][i].push(c),
                    None => failed[side][i] = true,
                }
            }
        }
    }
    let mut out = [[None; 4]; 2];
    for side in 0..2 {
        for i in 0..4 {
            if !failed[side][i] {
                out[side][i] = Some(median(&mut rounds[side][i]));
            }
        }
    }
    out
}

/// A persistent prison with the address [`PRISON_ADDR`], for the hooks.
fn addressed_prison(ctx: &Context, calls: &Calls) -> Result<i32, Errno> {
    let mut list = IovList::new();
    list.string("name", "hooks")
        .string("path", &ctx.root())
        .flag("persist")
        .bytes("ip4.addr", &PRISON_ADDR);
    calls.set(&mut list, jail_flags::CREATE)
}

// --- throughput ------------------------------------------------------------------

/// Runs `work` in each of `procs` processes started together, free to run
/// on every CPU; `work` does `units` units and returns its exit status (0:
/// every unit succeeded). Units per 1 000 million ticks of the parent's
/// clock from the start signal to the last `wait4`.
fn parallel_rate(procs: usize, units: usize, work: &dyn Fn() -> i32) -> Option<u64> {
    let (go_read, go_write) = sys::pipe().ok()?;
    let mut pids = Vec::new();
    for _ in 0..procs {
        match sys::fork() {
            Ok(Forked::Child) => {
                // Every CPU: the scheduler may spread the processes.
                let _ = sys::set_affinity(u64::MAX);
                let _ = sys::close(go_write);
                let mut byte = [0u8; 1];
                let _ = sys::read(go_read, &mut byte);
                sys::exit(work())
            }
            Ok(Forked::Parent(pid)) => pids.push(pid),
            Err(_) => break,
        }
    }
    let _ = sys::close(go_read);
    // Let every child reach its read before the start.
    sys::sleep_ms(200);
    let start = ticks();
    let _ = sys::close(go_write);
    let mut ok = pids.len() == procs;
    for pid in pids {
        ok &= sys::wait4(pid) == Ok(0);
    }
    let spent = ticks().wrapping_sub(start);
    let total = (procs * units) as u64;
    ok.then(|| table::per_mega_tick(total * 1000, spent))
}

/// jail_get by jid of `jid`, [`PARALLEL_CALLS`] times in each of `procs`
/// processes at once ([`parallel_rate`]).
fn throughput(calls: &Calls, jid: i32, procs: usize) -> Option<u64> {
    parallel_rate(procs, PARALLEL_CALLS, &|| {
        let mut list = get_by_jid(jid);
        let mut failures = 0;
        for _ in 0..PARALLEL_CALLS {
            failures += i32::from(calls.get(&mut list, 0).is_err());
        }
        failures.min(1)
    })
}

/// Rounds of [`SPIN_STEPS`] arithmetic steps per process in the calibration.
const SPIN_ROUNDS: usize = 400;
const SPIN_STEPS: u64 = 2_000;

/// The calibration of the throughput rows: the same start and count for
/// work that makes no system call and shares nothing, so its speed-up is
/// the most this machine's virtual CPUs give any work (under emulation,
/// what the host's cores give them).
fn spin_rate(procs: usize) -> Option<u64> {
    parallel_rate(procs, SPIN_ROUNDS, &|| {
        let mut x: u64 = 1;
        for step in 0..SPIN_ROUNDS as u64 * SPIN_STEPS {
            x = core::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(step));
        }
        core::hint::black_box(x);
        0
    })
}

// --- the run ------------------------------------------------------------------------

fn memory(kind: &str) -> Option<i64> {
    cases::malloc_type_usage(kind).ok().map(|u| u.bytes)
}

/// The benchmark's body (see the module documentation); the exit status.
pub fn run(ctx: &mut Context) -> i32 {
    let mut lines: Vec<String> = Vec::new();
    cases::prepare_scratch(ctx);
    // One CPU for everything but the throughput rows: a child's exit then
    // wakes its parent on the same CPU, without an inter-processor
    // interrupt, which under emulation costs more than the calls measured.
    let pinned = sys::set_affinity(1);
    ctx.report(
        "bench_pinned",
        pinned.is_ok(),
        &format!("CPU 0: {pinned:?}"),
    );

    // 1. Hooks before rjail is loaded.
    let base_hooks = addressed_prison(ctx, &BASE);
    let host_off = hook_costs();
    let base_off = match base_hooks {
        Ok(jid) => prisoner_hook_costs(&BASE, jid),
        Err(_) => [None; 4],
    };
    ctx.report(
        "bench_hooks_unloaded",
        base_hooks.is_ok() && host_off.iter().chain(&base_off).all(Option::is_some),
        &format!("base prison: {:?}", base_hooks),
    );

    // 2. rjail loaded.
    cases::load_module(ctx);
    cases::syscall_modules(ctx);
    let Some(rjail) = ctx.rjail else {
        say(&report::summary_line(ctx.tally.passed, ctx.tally.failed));
        return 1;
    };
    let rjail_hooks = addressed_prison(ctx, &rjail);
    let host_on = hook_costs();
    let [base_on, rjail_on] = match (base_hooks, rjail_hooks) {
        (Ok(base_jid), Ok(rjail_jid)) => {
            prisoner_hook_costs_interleaved([(&BASE, base_jid), (&rjail, rjail_jid)])
        }
        _ => [[None; 4]; 2],
    };
    ctx.report(
        "bench_hooks_loaded",
        rjail_hooks.is_ok()
            && host_on
                .iter()
                .chain(&base_on)
                .chain(&rjail_on)
                .all(Option::is_some),
        &format!("rjail prison: {:?}", rjail_hooks),
    );

    // 3. and 4. The calls at each size, memory around the 10 000.
    let mut pops = [
        Population::new(BASE, &ctx.root()),
        Population::new(rjail, &ctx.root()),
    ];
    let memory_before = [memory("prison"), memory("rjail")];
    let mut memory_after = [None, None];
    let mut rows: Vec<Row> = Vec::new();
    let mut parallel: Vec<(&'static str, usize, Option<u64>)> = Vec::new();
    for size in SIZES {
        let mut costs: [[Option<u64>; 9]; 2] = [[None; 9]; 2];
        let mut problems = Vec::new();
        for (side, pop) in pops.iter_mut().enumerate() {
            if let Err(e) = pop.grow_to(size) {
                problems.push(e);
                continue;
            }
            if size == SIZES[SIZES.len() - 1] {
                memory_after[side] = memory(["prison", "rjail"][side]);
            }
            costs[side] = measure_size(ctx, pop);
        }
        for (i, op) in OPS.iter().enumerate() {
            let row = Row {
                op,
                prisons: size,
                costs: [costs[0][i], costs[1][i]],
            };
            if row.costs.iter().any(Option::is_none) {
                problems.push(format!("{op} not measured"));
            }
            rows.push(row);
        }
        if size == 100 {
            for procs in PARALLEL {
                parallel.push(("spin", procs, spin_rate(procs)));
            }
            for pop in &pops {
                let (_, jid) = pop.newest();
                for procs in PARALLEL {
                    parallel.push((pop.calls.label, procs, throughput(&pop.calls, jid, procs)));
                }
            }
        }
        let ok = problems.is_empty();
        ctx.report(&format!("bench_calls_{size}"), ok, &problems.join(", "));
    }

    // The block.
    let cpus = sys::sysctl_int("hw.ncpu").unwrap_or(0);
    let release = sys::sysctl_string("kern.osrelease").unwrap_or_default();
    lines.push(format!(
        "rjail vmbench: FreeBSD {release}, {cpus} CPU(s), bound to CPU 0; rdtsc ticks per call, median of {CALLS} calls (attach: {ATTACHES} forks)"
    ));
    lines.push(table::calls_header());
    for row in &rows {
        lines.push(table::calls_row(
            row.op,
            row.prisons,
            row.costs[0],
            row.costs[1],
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "hooks: ticks per call, median of {CALLS} (prisoners on: median of {PRISONER_ROUNDS} such medians, alternating); off = before kldload rjail.ko, on = after"
    ));
    lines.push(table::hooks_header());
    for (i, call) in HOOK_CALLS.iter().enumerate() {
        lines.push(table::hooks_row(
            call,
            [
                host_off[i],
                base_off[i],
                host_on[i],
                base_on[i],
                rjail_on[i],
            ],
        ));
    }
    lines.push(String::new());
    let largest = SIZES[SIZES.len() - 1] as i64;
    for (side, kind) in ["base (malloc type prison)", "rjail (malloc type rjail)"]
        .iter()
        .enumerate()
    {
        let text = match (memory_before[side], memory_after[side]) {
            (Some(before), Some(after)) => format!(
                "memory {kind}: {before} B before, {after} B at {largest} prisons: {} B per prison",
                (after - before) / largest
            ),
            _ => format!("memory {kind}: not measured"),
        };
        lines.push(text);
    }
    lines.push(String::new());
    lines.push(format!(
        "throughput: jail_get by jid, {PARALLEL_CALLS} calls per process at once, at 100 prisons, calls per 10^9 ticks"
    ));
    lines.push(format!(
        "(spin: {SPIN_ROUNDS} rounds of {SPIN_STEPS} steps of arithmetic per process, no system call: the most any work gains here)"
    ));
    for (label, procs, value) in &parallel {
        let one = parallel
            .iter()
            .find(|(l, p, _)| l == label && *p == 1)
            .and_then(|(_, _, v)| *v);
        lines.push(format!(
            "{label:<6} {procs} process(es): {:>8}   speed-up over 1: {}",
            table::cell(*value),
            table::ratio(*value, one)
        ));
    }
    let measured = parallel.iter().all(|(_, _, v)| v.is_some());
    ctx.report("bench_throughput", measured, "");

    say("");
    for line in &lines {
        let mut out = String::from(table::PREFIX);
        out.push_str(line);
        say(&out);
    }
    say("");
    say(&report::summary_line(ctx.tally.passed, ctx.tally.failed));
    // Let the console drain before the power-off messages.
    sys::sleep_ms(1000);
    i32::from(ctx.tally.failed != 0)
}
