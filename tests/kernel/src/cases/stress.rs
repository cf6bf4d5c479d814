//! The stress mode (`make vmstress`): for a given time, many processes at
//! once create, update, get, attach to, fork in, exit from and remove
//! prisons, and prisoners bind, connect and ask for privileges. Afterwards
//! the tree must be consistent (every prison found by jid and by name,
//! children counts right), removing everything must bring rjail's memory
//! back to where it started (apart from the growth of the credential label
//! table, which keeps its arrays until unload and reports them), and the
//! module must unload with nothing left. The kernel's lock checker and
//! assertions (on the debug kernel) watch all along; `verdict.sh` fails the
//! run on any report that names rjail.

use super::*;
use crate::runtime::with_scratch;

/// Worker processes running operations at once.
const WORKERS: i32 = 8;
/// Top-level prison names are `st0` .. `st{NAMES-1}`; each may have a child
/// `stN.c` (made from the host) and `stN.sub` (made by a prisoner).
const NAMES: u64 = 8;
/// The prisons' address, for the bind/connect steps.
const LOOPBACK: [u8; 4] = [127, 0, 0, 1];

/// A xorshift generator: each worker has its own seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What a worker counts.
#[derive(Clone, Copy, Default)]
struct WorkerTally {
    ops: i32,
    unexpected: i32,
    /// The first unexpected result: operation number and errno.
    first_op: i32,
    first_errno: i32,
}

impl WorkerTally {
    /// Counts one operation whose result must be Ok or one of `allowed`.
    fn note(&mut self, op: i32, result: Result<i32, Errno>, allowed: &[Errno]) {
        self.ops += 1;
        if let Err(e) = result {
            if !allowed.contains(&e) {
                if self.unexpected == 0 {
                    self.first_op = op;
                    self.first_errno = e.0;
                }
                self.unexpected += 1;
            }
        }
    }
}

fn name_for(rng: &mut Rng) -> String {
    let top = rng.below(NAMES);
    match rng.below(3) {
        0 => format!("st{top}.c"),
        _ => format!("st{top}"),
    }
}

fn jid_by_name(calls: &Calls, name: &str) -> Result<i32, Errno> {
    let mut list = IovList::new();
    list.string("name", name).errmsg();
    calls.get(&mut list, 0)
}

/// The prisoner's work: fork a child that exits, a privileged call the
/// prison refuses, a bind and a connect on the loopback, setuid; exits 0
/// when everything answered as expected (a kill by a concurrent removal is
/// also fine for the caller).
fn prisoner_work(calls: &Calls, nested: bool) -> i32 {
    if let Ok(child) = spawn(|_| 0) {
        if child.wait() != Ok(ChildEnd::Exited(0)) {
            return 20;
        }
    }
    if sys::settimeofday_nothing() != Err(Errno::EPERM) {
        return 21;
    }
    if let Ok(fd) = sys::socket(2, 1) {
        let bound = sys::bind(fd, LOOPBACK, 0);
        if bound.is_ok() && sys::listen(fd, 4).is_ok() {
            if let Ok((_, port)) = sys::getsockname(fd) {
                if let Ok(client) = sys::socket(2, 1) {
                    let _ = sys::connect(client, LOOPBACK, port);
                    let _ = sys::close(client);
                }
            }
        }
        let _ = sys::close(fd);
    }
    if nested {
        // A prisoner's own child prison (children.max allows it).
        let mut list = IovList::new();
        list.string("name", "sub")
            .string("path", "/")
            .flag("persist")
            .errmsg();
        match calls.set(&mut list, jail_flags::CREATE) {
            Ok(_) | Err(Errno::EEXIST) | Err(Errno::EPERM) | Err(Errno::EAGAIN) => {}
            Err(_) => return 22,
        }
    }
    if sys::setuid(1001).is_err() {
        return 23;
    }
    0
}

/// One random operation.
fn one_op(ctx: &Context, calls: &Calls, rng: &mut Rng, tally: &mut WorkerTally) {
    let op = rng.below(8) as i32;
    let name = name_for(rng);
    match op {
        0 => {
            let addr = rng.below(2) == 0;
            let (created, _) = {
                let mut list = IovList::new();
                list.string("name", &name)
                    .string("path", &ctx.root())
                    .flag("persist");
                // Top-level prisons may have children (a child may not
                // allow as many as its parent: EPERM, as in FreeBSD).
                if !name.contains('.') {
                    list.int("children.max", 4);
                }
                if addr {
                    list.string("ip4.addr", "127.0.0.1");
                }
                list.errmsg();
                (calls.set(&mut list, jail_flags::CREATE), ())
            };
            // EEXIST: taken; ENOENT: a child whose parent is missing;
            // EINVAL: the parent's addresses do not cover the child's.
            tally.note(op, created, &[Errno::EEXIST, Errno::ENOENT, Errno::EINVAL]);
        }
        1 => {
            let mut list = IovList::new();
            list.string("name", &name)
                .string("host.hostname", if rng.below(2) == 0 { "a" } else { "b" })
                .int("securelevel", rng.below(3) as i32)
                .errmsg();
            let r = calls.set(&mut list, jail_flags::UPDATE);
            // EPERM: a securelevel below the current one is refused.
            tally.note(op, r, &[Errno::ENOENT, Errno::EPERM]);
        }
        2 => tally.note(op, jid_by_name(calls, &name), &[Errno::ENOENT]),
        3 => {
            let r = jid_by_name(calls, &name).and_then(|jid| calls.remove(jid));
            tally.note(op, r, &[Errno::ENOENT, Errno::EINVAL]);
        }
        4 | 5 => {
            let Ok(jid) = jid_by_name(calls, &name) else {
                tally.ops += 1;
                return;
            };
            let nested = op == 5;
            let calls_copy = *calls;
            let child = spawn(move |_| match calls_copy.attach(jid) {
                Ok(_) => prisoner_work(&calls_copy, nested),
                // Removed meanwhile.
                Err(Errno::EINVAL) | Err(Errno::ENOENT) => 0,
                Err(e) => 100 + e.0,
            });
            let end = child.and_then(Child::wait);
            let r = match end {
                Ok(ChildEnd::Exited(0)) | Ok(ChildEnd::Signaled(9)) => Ok(0),
                Ok(ChildEnd::Exited(code)) => Err(Errno(1000 + code)),
                Ok(ChildEnd::Signaled(sig)) => Err(Errno(2000 + sig)),
                Ok(ChildEnd::Other(_)) => Err(Errno(3000)),
                Err(e) => Err(e),
            };
            tally.note(op, r, &[Errno::EAGAIN]);
        }
        6 => {
            // A prison made and entered in one call, which dies with its
            // last process.
            let calls_copy = *calls;
            let root = ctx.root();
            let child = spawn(move |_| {
                let mut list = IovList::new();
                list.string("name", &format!("tmp{}", sys::getpid()))
                    .string("path", &root)
                    .errmsg();
                match calls_copy.set(&mut list, jail_flags::CREATE | jail_flags::ATTACH) {
                    Ok(_) => prisoner_work(&calls_copy, false),
                    Err(e) => 100 + e.0,
                }
            });
            let r = match child.and_then(Child::wait) {
                Ok(ChildEnd::Exited(0)) => Ok(0),
                Ok(ChildEnd::Exited(code)) => Err(Errno(1000 + code)),
                Ok(ChildEnd::Signaled(sig)) => Err(Errno(2000 + sig)),
                Ok(ChildEnd::Other(_)) => Err(Errno(3000)),
                Err(e) => Err(e),
            };
            tally.note(op, r, &[Errno::EAGAIN]);
        }
        _ => {
            // Walk the whole list as jls does.
            let mut last = 0;
            let mut steps = 0;
            while steps < 200 {
                let mut list = IovList::new();
                list.int("lastjid", last).errmsg();
                match calls.get(&mut list, 0) {
                    Ok(jid) if jid > last => last = jid,
                    _ => break,
                }
                steps += 1;
            }
            tally.note(op, Ok(0), &[]);
        }
    }
}

/// A worker: operations until `deadline` (monotonic ms); sends its tally.
fn worker(ctx: &Context, calls: &Calls, seed: u64, deadline: u64, io: &ChildIo) -> i32 {
    let mut rng = Rng(seed | 1);
    let mut tally = WorkerTally::default();
    while sys::monotonic_ms() < deadline {
        tally = with_scratch(|| {
            let mut t = tally;
            one_op(ctx, calls, &mut rng, &mut t);
            t
        });
    }
    io.send(tally.ops);
    io.send(tally.unexpected);
    io.send(tally.first_op);
    io.send(tally.first_errno);
    0
}

/// One prison as jail_get reports it.
struct Seen {
    jid: i32,
    name: String,
    parent: i32,
    children_cur: i32,
}

fn list_prisons(calls: &Calls) -> Vec<Seen> {
    list_prisons_with(calls, 0)
}

/// The prisons jail_get lists with `flags` (`JAIL_DYING` adds dying ones).
fn list_prisons_with(calls: &Calls, flags: i32) -> Vec<Seen> {
    let mut seen = Vec::new();
    let mut last = 0;
    while seen.len() < 1000 {
        let mut list = IovList::new();
        list.int("lastjid", last)
            .out_buffer("name", abi::MAXHOSTNAMELEN)
            .int("parent", 0)
            .int("children.cur", 0)
            .errmsg();
        match calls.get(&mut list, flags) {
            // Strictly increasing, or the walk would not end.
            Ok(jid) if jid > last => {
                seen.push(Seen {
                    jid,
                    name: list.string_value("name").unwrap_or("?").to_string(),
                    parent: list.int_value("parent").unwrap_or(-1),
                    children_cur: list.int_value("children.cur").unwrap_or(-1),
                });
                last = jid;
            }
            _ => break,
        }
    }
    seen
}

/// Every prison reachable by jid and by name, with the right children
/// count (its descendants in the list).
fn tree_problems(calls: &Calls, seen: &[Seen]) -> Vec<String> {
    let mut problems = Vec::new();
    for p in seen {
        let mut by_jid = IovList::new();
        by_jid
            .int("jid", p.jid)
            .out_buffer("name", abi::MAXHOSTNAMELEN)
            .errmsg();
        let named = calls
            .get(&mut by_jid, 0)
            .ok()
            .and_then(|_| by_jid.string_value("name").map(String::from));
        if named.as_deref() != Some(p.name.as_str()) {
            problems.push(format!(
                "jid {} names {:?}, list says {}",
                p.jid, named, p.name
            ));
        }
        let found = jid_by_name(calls, &p.name);
        if found != Ok(p.jid) {
            problems.push(format!(
                "name {} finds {found:?}, list says {}",
                p.name, p.jid
            ));
        }
        let descendants = seen
            .iter()
            .filter(|q| {
                let mut parent = q.parent;
                let mut hops = 0;
                while parent != 0 && hops < 10 {
                    if parent == p.jid {
                        return true;
                    }
                    parent = seen
                        .iter()
                        .find(|r| r.jid == parent)
                        .map_or(0, |r| r.parent);
                    hops += 1;
                }
                false
            })
            .count() as i32;
        if descendants != p.children_cur {
            problems.push(format!(
                "{} children.cur {} but {descendants} descendants listed",
                p.name, p.children_cur
            ));
        }
    }
    problems
}

/// security.jail.rjail.label_table: (bytes, allocations) its arrays hold,
/// and copies that found no room.
fn label_table_figures() -> Result<(i64, i64, u64), String> {
    let raw = sys::sysctl_read("security.jail.rjail.label_table")
        .map_err(|e| format!("label_table: {e}"))?;
    let at = |i: usize| {
        raw.get(i * 8..i * 8 + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_ne_bytes)
    };
    Ok((at(3) as i64, at(4) as i64, at(5)))
}

/// Waits until no prison is listed, dying ones included (at most `tries`
/// times 100 ms). True when empty.
fn wait_empty(calls: &Calls, tries: u32) -> bool {
    for _ in 0..tries {
        while sys::reap_any().is_some() {}
        let mut list = IovList::new();
        list.int("lastjid", 0).errmsg();
        if calls.get(&mut list, jail_flags::DYING).is_err() {
            return true;
        }
        sys::sleep_ms(100);
    }
    false
}

/// The stress mode: loads the module, runs the workers for `seconds`,
/// checks the tree, removes everything, checks memory, unloads.
pub fn run_stress(ctx: &mut Context, seconds: u64) -> Tally {
    prepare_scratch(ctx);
    load_module(ctx);
    syscall_modules(ctx);
    let Some(calls) = ctx.rjail else {
        return ctx.tally;
    };
    let cpus = sys::sysctl_int("hw.ncpu").unwrap_or(0);
    // A closed TCP connection keeps its socket's credential (and so its
    // prison, dying) for 2 MSL in TIME_WAIT, 60 s by default: shorten it so
    // that removed prisons go within the run.
    let msl = sys::sysctl_set_int("net.inet.tcp.msl", 100);
    if let Err(e) = msl {
        say(&format!("RJAIL-NOTE stress: net.inet.tcp.msl: {e}"));
    }
    warm_up(ctx, &calls);
    let start_memory = rjail_memory();
    let start_table = label_table_figures();
    let started = sys::monotonic_ms();
    let deadline = started + seconds * 1000;
    let mut workers = Vec::new();
    for w in 0..WORKERS {
        let seed = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(w as u64 + 1);
        let ctx_ref: &Context = ctx;
        match spawn(|io| worker(ctx_ref, &calls, seed, deadline, io)) {
            Ok(child) => workers.push(child),
            Err(e) => say(&format!("RJAIL-NOTE stress: fork worker {w}: {e}")),
        }
    }
    let mut ops = 0i64;
    let mut unexpected = 0i64;
    let mut firsts = Vec::new();
    let mut ends = Vec::new();
    for child in workers {
        let got: Vec<Option<i32>> = (0..4).map(|_| child.receive()).collect();
        if let [Some(n), Some(u), Some(op), Some(errno)] = got[..] {
            ops += i64::from(n);
            unexpected += i64::from(u);
            if u > 0 {
                firsts.push(format!("op {op} errno {errno}"));
            }
        } else {
            firsts.push("a worker sent no tally".to_string());
            unexpected += 1;
        }
        ends.push(child.wait());
    }
    let elapsed = sys::monotonic_ms().saturating_sub(started);
    let all_exited = ends.iter().all(|e| *e == Ok(ChildEnd::Exited(0)));
    ctx.report(
        "stress_run",
        unexpected == 0 && all_exited,
        &format!(
            "{WORKERS} workers on {cpus} CPUs for {} ms: {ops} operations, {unexpected} unexpected{}",
            elapsed,
            if firsts.is_empty() { String::new() } else { format!(" ({})", firsts.join(", ")) }
        ),
    );

    // Processes are gone: dying prisons go; then the tree must add up.
    say("RJAIL-NOTE stress: workers done; waiting for dying prisons");
    let settled = wait_empty_of_dying(&calls, 300);
    let seen = list_prisons(&calls);
    let mut problems = tree_problems(&calls, &seen);
    if !settled {
        let dying: Vec<String> = list_prisons_with(&calls, jail_flags::DYING)
            .iter()
            .filter(|d| !seen.iter().any(|p| p.jid == d.jid))
            .map(|d| format!("{} {}", d.jid, d.name))
            .collect();
        problems.push(format!("still dying after 30 s: {}", dying.join(", ")));
    }
    ctx.report(
        "stress_tree",
        problems.is_empty(),
        &format!(
            "{} prisons left, each found by jid and by name, children counts {}{}",
            seen.len(),
            if problems.is_empty() {
                "right"
            } else {
                "WRONG"
            },
            if problems.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    problems
                        .iter()
                        .take(5)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        ),
    );

    // Remove everything (a removal takes the descendants along).
    say("RJAIL-NOTE stress: tree checked; removing every prison");
    for p in seen.iter().filter(|p| p.parent == 0) {
        let _ = calls.remove(p.jid);
    }
    let empty = wait_empty(&calls, 300);
    let end_memory = rjail_memory();
    let end_table = label_table_figures();
    let memory_ok;
    let detail = match (&start_memory, &end_memory, &start_table, &end_table) {
        (Ok(s), Ok(e), Ok(st), Ok(et)) => {
            let growth = (et.0 - st.0, et.1 - st.1);
            memory_ok = empty
                && e.bytes - s.bytes == growth.0
                && e.allocations - s.allocations == growth.1
                && et.2 == 0;
            format!(
                "all removed={empty}; rjail memory {} B in {} at start, {} B in {} after; \
                 label table arrays grew by {} B in {}; {} copies found no room",
                s.bytes, s.allocations, e.bytes, e.allocations, growth.0, growth.1, et.2
            )
        }
        other => {
            memory_ok = false;
            format!("cannot measure: {:?}", other.0.as_ref().err())
        }
    };
    ctx.report("stress_memory", memory_ok, &detail);

    let mut obs = Obs::new();
    if let Some(file) = ctx.module_file {
        let (unloaded, waited) = unload_when_released(file);
        obs.expect_ok("kldunload", &unloaded);
        obs.note(&format!("{waited} EBUSY retries"));
        obs.expect_err("modfind", &sys::modfind(MODULE_NAMES[0]), Errno::ENOENT);
        let gone = matches!(rjail_memory(), Err(e) if e.contains("no type rjail"));
        obs.check(gone, "rjail malloc type gone");
    }
    ctx.report("stress_unload", obs.ok, &obs.text);
    ctx.tally
}

/// Uses every index of the tree once (jid, name, child list, dying set)
/// before the start is measured: Rust's B-tree maps keep their (empty) root
/// node once they have held something, a fixed amount per map that the
/// unload case also lets grow before it measures.
fn warm_up(ctx: &Context, calls: &Calls) {
    let mut obs = Obs::new();
    let Some(top) = fresh_prison(&mut obs, ctx, calls, "warm", "warm", |l| {
        l.int("children.max", 1);
    }) else {
        return;
    };
    if let Some(child) = fresh_prison(&mut obs, ctx, calls, "warm.c", "warm child", |_| {}) {
        if let Ok(prisoner) = start_prisoner(calls, child, |io| {
            io.wait_for_parent();
            0
        }) {
            let _ = calls.remove(top);
            let _ = prisoner.wait();
        }
    }
    let _ = calls.remove(top);
    wait_empty(calls, 300);
}

/// Waits until no dying prison is listed (at most `tries` times 100 ms).
fn wait_empty_of_dying(calls: &Calls, tries: u32) -> bool {
    for _ in 0..tries {
        // Orphaned prisoners (their parent was killed by a removal) are
        // ours to reap as PID 1; their zombies would hold their prisons.
        while sys::reap_any().is_some() {}
        if list_prisons_with(calls, jail_flags::DYING).len() == list_prisons(calls).len() {
            return true;
        }
        sys::sleep_ms(100);
    }
    false
}
