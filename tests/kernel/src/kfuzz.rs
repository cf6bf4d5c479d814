//! `rjail-kfuzz`: a fuzzer of rjail's system calls that runs inside a
//! FreeBSD kernel, booted as init from its own root image (`make vmfuzz`).
//!
//! A seeded generator ([`crate::fuzzgen`]) mutates valid requests:
//! `jail_set`/`jail_get` iovec lists with every parameter of
//! `security.jail.rjail.param.*` (read from the running module) sent with
//! right and wrong types, sizes and addresses, random counts and flags;
//! `jail(2)` structs of every version; `jail_attach`/`jail_remove` of known
//! and edge jids. The calls are interleaved with fork, attach, exit and
//! removal, made as root and as an unprivileged user, on the host and inside
//! prisons, by the program itself and by up to two concurrent children
//! ("sessions"), plus reads of `security.jail.rjail.*`.
//!
//! After every call the errno must be one FreeBSD's own call can return
//! ([`Call::allowed`]); every [`CHECK_EVERY`] calls, with no session
//! running, the prison tree must be consistent: `lastjid` iteration visits
//! each prison once in increasing order, every live prison is found by jid
//! and by name, `children.cur` of each prison and of the host counts the
//! prisons below it. A run ends with the suite's `unload` case, so a leak
//! of rjail's memory fails it as well.
//!
//! The seed and the number of calls come from the kernel environment
//! (`rjail.fuzz.seed`, `rjail.fuzz.calls`; the loader sets them).

use crate::cases::{self, Calls, Context};
use crate::errno::Errno;
use crate::fuzzgen::{self, flags, Builder, Call, Kind, Param, Pools, Ptr, Rng};
use crate::report::Tally;
use crate::runtime::say;
use crate::sys::{self, Forked};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};

/// Calls between two checks of the tree.
const CHECK_EVERY: u64 = 10_000;
/// Calls between two progress lines.
const PROGRESS_EVERY: u64 = 50_000;
/// Sessions running beside the program at most.
const MAX_SESSIONS: usize = 2;
/// Prisons kept at most: beyond, a check removes them all.
const MAX_PRISONS: usize = 120;
/// Size of the scratch area requests are laid into; an inaccessible guard
/// follows it.
const DATA_LEN: usize = 4 << 20;
const GUARD_LEN: usize = 64 << 10;
/// Violations whose text is kept.
const NOTES: usize = 12;
const NOTE_LEN: usize = 240;

/// Read-only bytes: a value the kernel may read but not write back into.
static READ_ONLY: [u8; 4096] = [b'r'; 4096];
/// Zeroes for an iovec array placed against the guard.
static ZEROS: [u8; 16 * fuzzgen::MAX_PIECES] = [0; 16 * fuzzgen::MAX_PIECES];

/// What the program and its children count together, in shared memory.
#[repr(C)]
struct Shared {
    calls: AtomicU64,
    ok: [AtomicU64; 5],
    sysctl_reads: AtomicU64,
    sessions: AtomicU64,
    violations: AtomicU64,
    notes: [[u8; NOTE_LEN]; NOTES],
    /// Failures per call and errno (errnos below 100).
    errnos: [[AtomicU64; 100]; 5],
}

fn call_index(call: Call) -> usize {
    match call {
        Call::Jail => 0,
        Call::Set => 1,
        Call::Get => 2,
        Call::Attach => 3,
        Call::Remove => 4,
    }
}

/// The run's parameters.
struct Config {
    seed: u64,
    calls: u64,
}

impl Config {
    fn from_kenv() -> Self {
        let number = |name: &str, default: u64| {
            sys::kenv_get(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(default)
        };
        Config {
            seed: number("rjail.fuzz.seed", 1),
            calls: number("rjail.fuzz.calls", 1_000_000),
        }
    }
}

/// The program's body after the shared start-up: [`run`], then the
/// summary line; the exit status.
pub fn program(ctx: &mut Context) -> i32 {
    crate::runtime::conclude(run(ctx))
}

/// The program: set-up cases, the fuzzing run (one case, `fuzz`), unload.
pub fn run(ctx: &mut Context) -> Tally {
    cases::prepare_scratch(ctx);
    cases::load_module(ctx);
    cases::syscall_modules(ctx);
    match ctx.rjail {
        Some(calls) => {
            let config = Config::from_kenv();
            let (ok, detail) = match Fuzzer::new(ctx, calls, &config) {
                Ok(mut fuzzer) => fuzzer.run(&config),
                Err(e) => (false, e),
            };
            ctx.report("fuzz", ok, &detail);
        }
        None => ctx.report("fuzz", false, "rjail system calls not found"),
    }
    cases::unload(ctx);
    ctx.tally
}

/// Who a session runs as.
#[derive(Clone, Copy, Debug)]
enum Role {
    HostRoot,
    HostUser(u32),
    Prisoner(i32),
    PrisonerUser(i32, u32),
}

/// One prison as the host sees it.
#[derive(Clone, Debug)]
struct Seen {
    jid: i32,
    /// The name's bytes: not only UTF-8 (a name is any bytes but NUL).
    name: Vec<u8>,
    parent: i32,
    children_cur: i32,
    dying: bool,
}

struct Fuzzer {
    calls: Calls,
    rng: Rng,
    shared: &'static Shared,
    b: Builder<'static>,
    data_base: u64,
    guard: u64,
    catalogue: Vec<Param>,
    sysctl_oids: Vec<Vec<i32>>,
    jids: [i32; 16],
    jid_count: usize,
    paths: Vec<Vec<u8>>,
    role: &'static str,
    in_child: bool,
    sessions: Vec<i32>,
    sleepers: Vec<i32>,
    checks: u64,
    cleanups: u64,
    /// The flags and the count (or jid, version) of the call in flight.
    last: (i32, u64),
    /// The parameters every request starts from.
    base: Vec<Param>,
    /// The deepest nesting a check saw (1: a child of the host).
    deepest: u32,
}

impl Fuzzer {
    fn new(ctx: &Context, calls: Calls, config: &Config) -> Result<Self, String> {
        let shared_addr = sys::mmap_shared(core::mem::size_of::<Shared>())
            .map_err(|e| format!("mmap shared: {e}"))?;
        // SAFETY: a fresh zeroed mapping of the struct's size, page aligned;
        // all-zero bytes are a valid `Shared` (atomics and byte arrays); it
        // is never unmapped, so 'static holds.
        let shared: &'static Shared = unsafe { &*(shared_addr as *const Shared) };
        let data_base =
            sys::mmap_private(DATA_LEN + GUARD_LEN).map_err(|e| format!("mmap scratch: {e}"))?;
        let guard = data_base + DATA_LEN as u64;
        sys::protect_none(guard, GUARD_LEN).map_err(|e| format!("mprotect guard: {e}"))?;
        // SAFETY: DATA_LEN readable, writable bytes at data_base, owned by
        // this program for the rest of its life and handed out once, here.
        let data: &'static mut [u8] =
            unsafe { core::slice::from_raw_parts_mut(data_base as *mut u8, DATA_LEN) };
        let (catalogue, sysctl_oids) = read_catalogue();
        let root = ctx.root();
        let paths = [
            "/",
            root.as_str(),
            "/nonexistent",
            "/sbin/init",
            "",
            "relative",
            "/tmp/../tmp",
        ]
        .iter()
        .map(|p| p.as_bytes().to_vec())
        .collect();
        Ok(Fuzzer {
            calls,
            rng: Rng::new(config.seed),
            shared,
            b: Builder::new(data),
            data_base,
            guard,
            catalogue,
            sysctl_oids,
            jids: [0; 16],
            jid_count: 0,
            paths,
            role: "host-root",
            in_child: false,
            sessions: Vec::new(),
            sleepers: Vec::new(),
            checks: 0,
            cleanups: 0,
            last: (0, 0),
            deepest: 0,
            base: [
                ("name", Kind::Str),
                ("path", Kind::Str),
                ("persist", Kind::Bool),
                ("jid", Kind::Int),
                ("lastjid", Kind::Int),
                ("children.max", Kind::Int),
            ]
            .iter()
            .map(|(name, kind)| Param {
                name: String::from(*name),
                kind: *kind,
            })
            .collect(),
        })
    }

    fn calls_made(&self) -> u64 {
        self.shared.calls.load(Ordering::Relaxed)
    }

    // --- the run -------------------------------------------------------------

    fn run(&mut self, config: &Config) -> (bool, String) {
        let started = sys::now_ms();
        say(&format!(
            "rjail-kfuzz: seed {} target {} calls; {} parameters, {} sysctl OIDs",
            config.seed,
            config.calls,
            self.catalogue.len(),
            self.sysctl_oids.len()
        ));
        let mut next_check = CHECK_EVERY;
        let mut next_progress = PROGRESS_EVERY;
        let mut last_prisons = 0;
        while self.calls_made() < config.calls {
            let made = self.calls_made();
            if made >= next_check {
                last_prisons = self.checkpoint();
                next_check = made + CHECK_EVERY;
            }
            if made >= next_progress {
                let secs = (sys::now_ms() - started) / 1000;
                say(&format!(
                    "rjail-kfuzz: {made} calls, {} sessions, {} checks, {last_prisons} prisons, {secs} s",
                    self.shared.sessions.load(Ordering::Relaxed),
                    self.checks
                ));
                next_progress = made + PROGRESS_EVERY;
            }
            self.reap_sessions(false);
            match self.rng.below(100) {
                0..=2 if self.sessions.len() < MAX_SESSIONS => self.start_session(),
                3 => self.sleeper(),
                _ => self.step(),
            }
        }
        self.reap_sessions(true);
        while let Some(pid) = self.sleepers.pop() {
            let _ = sys::kill(pid, crate::abi::SIGKILL);
            let _ = sys::wait4(pid);
        }
        last_prisons = self.checkpoint();
        let elapsed = sys::now_ms().saturating_sub(started).max(1);
        self.outcome_lines();
        let made = self.calls_made();
        let s = self.shared;
        let ok = |c: Call| s.ok[call_index(c)].load(Ordering::Relaxed);
        let violations = s.violations.load(Ordering::Relaxed);
        for slot in s.notes.iter().take(violations.min(NOTES as u64) as usize) {
            say(&format!(
                "rjail-kfuzz: violation: {}",
                crate::iov::until_nul(slot)
            ));
        }
        let detail = format!(
            "seed={} calls={made} in {}.{:03} s ({} calls/s); succeeded: jail {} jail_set {} jail_get {} \
             jail_attach {} jail_remove {}; sysctl reads {}; sessions {}; checks {}; cleanups {}; \
             prisons at end {last_prisons}; deepest nesting {}; violations {violations}",
            config.seed,
            elapsed / 1000,
            elapsed % 1000,
            made * 1000 / elapsed,
            ok(Call::Jail),
            ok(Call::Set),
            ok(Call::Get),
            ok(Call::Attach),
            ok(Call::Remove),
            s.sysctl_reads.load(Ordering::Relaxed),
            s.sessions.load(Ordering::Relaxed),
            self.checks,
            self.cleanups,
            self.deepest,
        );
        (violations == 0, detail)
    }

    /// One random operation of the kind this process may do.
    fn step(&mut self) {
        let child = self.in_child;
        match self.rng.below(100) {
            0..=37 => self.fuzz_set(),
            38..=62 => self.fuzz_get(),
            63..=67 => {
                let jid = self.pick_jid();
                self.last = (0, jid as u64);
                let r = self.calls.remove(jid);
                self.record(Call::Remove, r, "jid");
            }
            68..=71 if child => {
                let jid = self.pick_jid();
                self.last = (0, jid as u64);
                let r = self.calls.attach(jid);
                self.record(Call::Attach, r, "jid");
            }
            68..=78 => self.fuzz_jail(),
            79..=86 => self.fuzz_sysctl(),
            87..=88 if child => self.grandchild(),
            _ => self.fuzz_get_known(),
        }
    }

    /// A jid to aim at: one seen lately, or an edge value.
    fn pick_jid(&mut self) -> i32 {
        let known = self.jids;
        let pools = Pools {
            names: &fuzzgen::NAME_POOL,
            jids: known.get(..self.jid_count.min(known.len())).unwrap_or(&[]),
            paths: &[],
        };
        fuzzgen::jid(&mut self.rng, &pools)
    }

    /// A jid seen lately, if any.
    fn known_jid(&mut self) -> Option<i32> {
        let n = self.jid_count.min(self.jids.len());
        let i = self.rng.below(n);
        (n > 0).then(|| self.jids.get(i).copied().unwrap_or(0))
    }

    // --- recording -------------------------------------------------------------

    /// Counts a call and checks its outcome.
    /// `what` names the request; `self.last` holds its flags and count (or
    /// jid, or version), so nothing is formatted unless something is wrong
    /// (the program's allocator never frees).
    fn record(&mut self, call: Call, result: Result<i32, Errno>, what: &'static str) {
        self.shared.calls.fetch_add(1, Ordering::Relaxed);
        match result {
            Ok(value) => {
                self.shared.ok[call_index(call)].fetch_add(1, Ordering::Relaxed);
                match call {
                    Call::Set | Call::Get | Call::Jail if value <= 0 => {
                        self.violation(&format!(
                            "{} succeeded with {value} ({what}, flags {:#x}, {})",
                            call.name(),
                            self.last.0,
                            self.last.1
                        ));
                    }
                    Call::Set | Call::Get | Call::Jail => self.remember(value),
                    _ => {}
                }
            }
            Err(e) if !call.allows(e) => {
                self.count_errno(call, e);
                self.violation(&format!(
                    "{} returned {e}, which FreeBSD's never does ({what}, flags {:#x}, {})",
                    call.name(),
                    self.last.0,
                    self.last.1
                ));
            }
            Err(e) => self.count_errno(call, e),
        }
    }

    fn count_errno(&self, call: Call, errno: Errno) {
        if let Some(slot) = self.shared.errnos[call_index(call)].get(errno.0 as usize) {
            slot.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// One line per call: how often it succeeded and its failures by errno,
    /// most frequent first.
    fn outcome_lines(&self) {
        for call in Call::ALL {
            let i = call_index(call);
            let mut counts: Vec<(u64, i32)> = self.shared.errnos[i]
                .iter()
                .enumerate()
                .map(|(e, n)| (n.load(Ordering::Relaxed), e as i32))
                .filter(|(n, _)| *n > 0)
                .collect();
            counts.sort_unstable_by(|a, b| b.cmp(a));
            let mut line = format!(
                "rjail-kfuzz: {} ok {}",
                call.name(),
                self.shared.ok[i].load(Ordering::Relaxed)
            );
            for (n, e) in counts {
                line.push_str(&format!(", {} {n}", Errno(e)));
            }
            say(&line);
        }
    }

    fn remember(&mut self, jid: i32) {
        if self.jids.contains(&jid) {
            return;
        }
        let slot = self.jid_count % self.jids.len();
        if let Some(s) = self.jids.get_mut(slot) {
            *s = jid;
        }
        self.jid_count += 1;
    }

    fn violation(&self, text: &str) {
        let slot = self.shared.violations.fetch_add(1, Ordering::Relaxed) as usize;
        let line = format!("[{}] {text}", self.role);
        if slot < NOTES {
            let note = self.shared.notes.as_ptr() as *mut [u8; NOTE_LEN];
            let bytes = line.as_bytes();
            let n = bytes.len().min(NOTE_LEN - 1);
            // SAFETY: slot < NOTES indexes the shared note array; the
            // fetch_add gave this process that slot alone, so no one else
            // writes it; n + 1 <= NOTE_LEN.
            unsafe {
                let dst = (*note.add(slot)).as_mut_ptr();
                core::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, n);
                dst.add(n).write(0);
            }
        }
        if !self.in_child {
            say(&format!("rjail-kfuzz: violation: {line}"));
        }
    }

    // --- addresses and requests ---------------------------------------------------

    fn address(&self, ptr: Ptr) -> u64 {
        match ptr {
            Ptr::Data(offset) => self.data_base + offset as u64,
            Ptr::Null => 0,
            Ptr::Unmapped => self.guard,
            // KERNBASE + 2 MiB: the kernel's text on amd64.
            Ptr::Kernel => 0xffff_ffff_8020_0000,
            Ptr::NonCanonical => 0x8000_0000_0000_1000,
            Ptr::ReadOnly => READ_ONLY.as_ptr() as u64,
        }
    }

    /// Writes the iovec array of the request built so far; returns its
    /// address and the count to pass (sometimes not the real one).
    fn iovec_array(&mut self, clean: bool) -> (u64, u64) {
        let n = self.b.count;
        let real = n as u64;
        let count = match if clean { 99 } else { self.rng.below(24) } {
            0 => real.saturating_sub(1),
            1 => real + 1,
            2 => 0,
            3 => [1024u64, 1025, 2048, u64::from(u32::MAX), 0x1_0000_0002][self.rng.below(5)],
            _ => real,
        };
        let bad = !clean && self.rng.chance(1, 40);
        if bad {
            let ptr = [
                Ptr::Null,
                Ptr::Unmapped,
                Ptr::Kernel,
                Ptr::NonCanonical,
                Ptr::ReadOnly,
            ][self.rng.below(5)];
            return (self.address(ptr), count);
        }
        let size = 16 * n;
        let at_end = !clean && self.rng.chance(1, 20);
        let offset = if at_end {
            self.b.at_end(ZEROS.get(..size).unwrap_or(&[]))
        } else {
            self.b.alloc(size, |d| d.fill(0))
        };
        let Some(offset) = offset else {
            return (0, count);
        };
        for i in 0..n {
            let piece = self.b.pieces[i];
            let mut entry = [0u8; 16];
            entry[..8].copy_from_slice(&self.address(piece.ptr).to_ne_bytes());
            entry[8..].copy_from_slice(&piece.len.to_ne_bytes());
            self.b.write(offset + 16 * i, &entry);
        }
        (self.data_base + offset as u64, count)
    }

    /// Builds a `jail_set` (or `jail_get`) request into the scratch area.
    /// Builds a request; `clean_flags` makes it a clean one, shaped for
    /// those `jail_set` flags (0 for `jail_get`).
    fn build_request(&mut self, for_get: bool, clean_flags: Option<i32>) {
        self.b.reset();
        let jids = self.jids;
        let jid_count = self.jid_count.min(jids.len());
        let path_refs: [&[u8]; 7] =
            core::array::from_fn(|i| self.paths.get(i).map_or(&b"/"[..], |p| p.as_slice()));
        // Split borrows: the pools read copies, the generator writes the
        // builder and the random source.
        let rng = &mut self.rng;
        let b = &mut self.b;
        let clean = clean_flags.is_some();
        let pools = Pools {
            names: if clean {
                fuzzgen::NAME_POOL
                    .get(..fuzzgen::VALID_NAMES)
                    .unwrap_or(&[])
            } else {
                &fuzzgen::NAME_POOL
            },
            jids: jids.get(..jid_count).unwrap_or(&[]),
            paths: if clean {
                path_refs.get(..2).unwrap_or(&[])
            } else {
                &path_refs
            },
        };
        let mutate = if clean { 0 } else { [1u32, 3, 8][rng.below(3)] };
        // Indexes into `base`: name, path, persist, jid, lastjid,
        // children.max.
        let start: &[usize] = if for_get {
            match rng.below(4) {
                0 => &[3],
                1 => &[0],
                2 => &[4],
                _ => &[],
            }
        } else {
            match (clean_flags, rng.below(5)) {
                // Creation: a name, a root and persist, and one time in
                // five room for children (so prisoners nest prisons).
                (Some(f), 0) if f & flags::CREATE != 0 => &[0, 1, 2, 5],
                (Some(f), _) if f & flags::CREATE != 0 => &[0, 1, 2],
                // An update: a name or a jid.
                (Some(_), 0..=2) => &[0],
                (Some(_), _) => &[3],
                (None, 0 | 1) => &[0, 1, 2],
                (None, 2) => &[3],
                (None, 3) => &[0],
                (None, _) => &[],
            }
        };
        for &i in start {
            if let Some(param) = self.base.get(i) {
                fuzzgen::add_param(rng, b, param, &pools, mutate, false);
            }
        }
        let extra = match rng.below(20) {
            _ if clean => rng.below(3),
            0 => 20 + rng.below(40),
            1 if rng.chance(1, 10) => 510 + rng.below(10),
            _ => rng.below(5),
        };
        for _ in 0..extra {
            if let Some(param) = self.catalogue.get(rng.below(self.catalogue.len())) {
                if clean && !for_get && fuzzgen::READ_ONLY_PARAMS.contains(&param.name.as_str()) {
                    continue;
                }
                fuzzgen::add_param(rng, b, param, &pools, mutate, for_get);
            }
        }
        if !clean && rng.chance(1, 12) {
            // A name that is no parameter at all.
            let mut junk = [0u8; 24];
            for byte in junk.iter_mut() {
                *byte = b'a' + (rng.below(26) as u8);
            }
            let len = 1 + rng.below(junk.len() - 1);
            if let Some(nul) = junk.get_mut(len) {
                *nul = 0;
            }
            let at = b.bytes(junk.get(..=len).unwrap_or(&[]));
            b.push(at.map_or(fuzzgen::Piece::NULL, |at| fuzzgen::Piece {
                ptr: Ptr::Data(at),
                len: len as u64 + 1,
            }));
            b.push(fuzzgen::Piece::NULL);
        }
        if clean || rng.chance(7, 8) {
            fuzzgen::add_errmsg(rng, b, clean);
        }
    }

    fn fuzz_set(&mut self) {
        // Two requests in five are clean (catalogued names, valid prison
        // names and paths, plausible values, a sound array), so prisons get
        // made and then hit.
        let clean = self.rng.chance(2, 5);
        let flags = if clean {
            [
                flags::CREATE,
                flags::CREATE,
                flags::UPDATE,
                flags::CREATE | flags::UPDATE,
            ][self.rng.below(4)]
        } else {
            fuzzgen::set_flags(&mut self.rng, self.in_child)
        };
        self.build_request(false, clean.then_some(flags));
        let (iov, count) = self.iovec_array(clean);
        // SAFETY: every address in the request is scratch memory, guarded,
        // read-only or deliberately invalid; the kernel writes only into the
        // scratch area (or fails).
        let r = unsafe { sys::syscall6(self.calls.set, [iov, count, flags as u64, 0, 0, 0]) };
        self.last = (flags, count);
        self.record(Call::Set, r.map(|(v, _)| v as i32), "request");
    }

    fn fuzz_get(&mut self) {
        let clean = self.rng.chance(2, 5);
        self.build_request(true, clean.then_some(0));
        let flags = fuzzgen::get_flags(&mut self.rng);
        let (iov, count) = self.iovec_array(clean);
        // SAFETY: as in fuzz_set.
        let r = unsafe { sys::syscall6(self.calls.get, [iov, count, flags as u64, 0, 0, 0]) };
        self.last = (flags, count);
        self.record(Call::Get, r.map(|(v, _)| v as i32), "request");
    }

    /// A well-formed read of a known prison (keeps the jid pool fresh).
    fn fuzz_get_known(&mut self) {
        let last = if self.rng.chance(1, 2) {
            0
        } else {
            self.known_jid().unwrap_or(0)
        };
        self.b.reset();
        self.put_name(b"lastjid");
        self.put_value(&last.to_ne_bytes());
        self.put_name(b"name");
        self.put_out(256);
        let flags = if self.rng.chance(1, 3) {
            flags::DYING
        } else {
            0
        };
        self.last = (flags, last as u64);
        let r = self.raw_get(flags);
        self.record(Call::Get, r, "lastjid");
    }

    /// `jail(2)`. Outside a child only versions that cannot create
    /// anything (the program itself must never be jailed).
    fn fuzz_jail(&mut self) {
        self.b.reset();
        let rng_version = fuzzgen::jail_version(&mut self.rng);
        let version = if self.in_child || !matches!(rng_version, 0 | 2) {
            rng_version
        } else {
            1
        };
        let addr = if self.rng.chance(1, 10) {
            let ptr = [
                Ptr::Null,
                Ptr::Unmapped,
                Ptr::Kernel,
                Ptr::NonCanonical,
                Ptr::ReadOnly,
            ][self.rng.below(5)];
            self.address(ptr)
        } else {
            let path = self.string_ptr(true);
            let hostname = self.string_ptr(false);
            let jailname = if self.rng.chance(1, 3) {
                0
            } else {
                self.name_ptr()
            };
            let ip4s = [0u32, 0, 1, 2, 3, 1000, u32::MAX][self.rng.below(7)];
            let ip6s = [0u32, 0, 1, 2, 100_000][self.rng.below(5)];
            let mut addrs = [0u8; 64];
            for (i, byte) in addrs.iter_mut().enumerate() {
                *byte = if i % 4 == 0 {
                    192
                } else {
                    self.rng.below(4) as u8
                };
            }
            let ip4 = match self.b.bytes(&addrs) {
                Some(at) if self.rng.chance(3, 4) => self.data_base + at as u64,
                _ => self.address(Ptr::Unmapped),
            };
            let ip6 = match self.b.bytes(&addrs) {
                Some(at) if self.rng.chance(3, 4) => self.data_base + at as u64,
                _ => 0,
            };
            let image: [u8; 56] = if version == 0 {
                let mut v0 = [0u8; 56];
                v0[..32].copy_from_slice(&crate::abi::jail_v0_image(path, hostname, 0x7f00_0001));
                v0
            } else if self.rng.chance(1, 8) {
                core::array::from_fn(|_| self.rng.next_u32() as u8)
            } else {
                crate::abi::JailV2 {
                    version,
                    path,
                    hostname,
                    jailname,
                    ip4s,
                    ip6s,
                    ip4,
                    ip6,
                }
                .image()
            };
            let mut image = image;
            image[..4].copy_from_slice(&version.to_ne_bytes());
            let placed = if self.rng.chance(1, 10) {
                // Only the version readable: the rest runs into the guard.
                self.b.at_end(&image[..4 + self.rng.below(40)])
            } else {
                self.b.bytes(&image)
            };
            placed.map_or(0, |at| self.data_base + at as u64)
        };
        self.last = (0, u64::from(version));
        let r = self.calls.jail(addr);
        self.record(Call::Jail, r, "version");
    }

    /// A path for `jail(2)`: a known path, unterminated at the guard, or a
    /// bad address.
    fn string_ptr(&mut self, path: bool) -> u64 {
        let mut bytes = [0u8; 1100];
        let n = if path {
            let i = self.rng.below(self.paths.len());
            let text = self.paths.get(i).map_or(&b"/"[..], |p| p.as_slice());
            let n = text.len().min(1024);
            bytes[..n].copy_from_slice(&text[..n]);
            n
        } else {
            bytes[..10].copy_from_slice(b"fz.example");
            10
        };
        let placed = match self.rng.below(12) {
            0 => self.b.at_end(&bytes[..n]),
            1 => return self.address(Ptr::Unmapped),
            2 => return 0,
            3 => {
                // One past MAXPATHLEN or MAXHOSTNAMELEN with its NUL.
                let long = if path { 1025 } else { 257 };
                bytes[..long].fill(b'a');
                self.b.bytes(&bytes[..=long])
            }
            _ => self.b.bytes(&bytes[..=n]),
        };
        placed.map_or(0, |at| self.data_base + at as u64)
    }

    fn name_ptr(&mut self) -> u64 {
        let name = self
            .rng
            .pick(&fuzzgen::NAME_POOL)
            .copied()
            .unwrap_or(b"fz0");
        let mut bytes = [0u8; 32];
        let n = name.len().min(31);
        bytes[..n].copy_from_slice(&name[..n]);
        self.b
            .bytes(&bytes[..=n])
            .map_or(0, |at| self.data_base + at as u64)
    }

    /// A read of one of rjail's sysctls, with a good, short, absent or bad
    /// buffer; sometimes an OID just past a real one.
    fn fuzz_sysctl(&mut self) {
        let mut buf = [0i32; crate::sysctl::MAXNAME + 1];
        let i = self.rng.below(self.sysctl_oids.len());
        let Some(oid) = self.sysctl_oids.get(i) else {
            return;
        };
        let mut n = oid.len().min(crate::sysctl::MAXNAME);
        buf[..n].copy_from_slice(&oid[..n]);
        if self.rng.chance(1, 8) {
            buf[n] = self.rng.below(40) as i32 - 2;
            n += 1;
        }
        let mib = &buf[..n];
        let (old, len) = match self.rng.below(8) {
            0 => (0, 0),
            1 => (self.address(Ptr::Unmapped), 4096),
            2 => (self.address(Ptr::ReadOnly), 64),
            3 => (self.data_base, [0usize, 1, 3, 4, 7][self.rng.below(5)]),
            _ => (self.data_base, 256 << 10),
        };
        // SAFETY: `old` is the start of the scratch area (at least 256 KiB
        // writable) or an address the kernel refuses.
        let r = unsafe { sys::sysctl_raw_read(mib, old, len) };
        self.shared.sysctl_reads.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = r {
            if !fuzzgen::SYSCTL_ALLOWED.contains(&e) {
                self.violation(&format!("sysctl {mib:?} read returned {e}"));
            }
        }
    }

    // --- plain requests (checks) ------------------------------------------------------

    fn put_name(&mut self, name: &[u8]) {
        let mut bytes = [0u8; 64];
        let n = name.len().min(63);
        bytes[..n].copy_from_slice(&name[..n]);
        let at = self.b.bytes(&bytes[..=n]);
        self.b
            .push(at.map_or(fuzzgen::Piece::NULL, |at| fuzzgen::Piece {
                ptr: Ptr::Data(at),
                len: n as u64 + 1,
            }));
    }

    fn put_value(&mut self, value: &[u8]) {
        let at = self.b.bytes(value);
        self.b
            .push(at.map_or(fuzzgen::Piece::NULL, |at| fuzzgen::Piece {
                ptr: Ptr::Data(at),
                len: value.len() as u64,
            }));
    }

    /// An output buffer; returns its offset for reading back.
    fn put_out(&mut self, len: usize) -> usize {
        let at = self.b.alloc(len, |d| d.fill(0)).unwrap_or(0);
        self.b.push(fuzzgen::Piece {
            ptr: Ptr::Data(at),
            len: len as u64,
        });
        at
    }

    fn raw_get(&mut self, flags: i32) -> Result<i32, Errno> {
        let n = self.b.count;
        let size = 16 * n;
        let Some(offset) = self.b.alloc(size, |_| {}) else {
            return Err(Errno::ENOMEM);
        };
        for i in 0..n {
            let piece = self.b.pieces[i];
            let mut entry = [0u8; 16];
            entry[..8].copy_from_slice(&self.address(piece.ptr).to_ne_bytes());
            entry[8..].copy_from_slice(&piece.len.to_ne_bytes());
            self.b.write(offset + 16 * i, &entry);
        }
        let iov = self.data_base + offset as u64;
        // SAFETY: a well-formed request in the scratch area.
        let r = unsafe { sys::syscall6(self.calls.get, [iov, n as u64, flags as u64, 0, 0, 0]) };
        r.map(|(v, _)| v as i32)
    }

    fn int_at(&self, offset: usize) -> i32 {
        self.b
            .data_at(offset, 4)
            .and_then(|b| b.try_into().ok())
            .map_or(-1, i32::from_ne_bytes)
    }

    /// The bytes at `offset` up to the first NUL (or `len`).
    fn c_bytes_at(&self, offset: usize, len: usize) -> Vec<u8> {
        let bytes = self.b.data_at(offset, len).unwrap_or(&[]);
        let end = bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len());
        Vec::from(bytes.get(..end).unwrap_or(&[]))
    }

    // --- children ------------------------------------------------------------------------

    /// Forks; the child runs `body` with its own random stream and exits.
    fn fork_child(&mut self, body: impl FnOnce(&mut Self)) -> Option<i32> {
        let seed = self.rng.next_u64();
        match sys::fork() {
            Ok(Forked::Child) => {
                crate::runtime::forked_child();
                self.rng = Rng::new(seed);
                self.in_child = true;
                self.sessions.clear();
                self.sleepers.clear();
                body(self);
                sys::exit(0)
            }
            Ok(Forked::Parent(pid)) => Some(pid),
            Err(_) => None,
        }
    }

    /// A session: a child that runs as a random role for a few hundred
    /// calls, beside the program.
    fn start_session(&mut self) {
        let uid = 1000 + self.rng.below(60_000) as u32;
        let jid = self.known_jid().unwrap_or(0);
        let role = match self.rng.below(10) {
            0..=3 => Role::HostRoot,
            4..=5 => Role::HostUser(uid),
            6..=8 => Role::Prisoner(jid),
            _ => Role::PrisonerUser(jid, uid),
        };
        let ops = 100 + self.rng.below(900);
        self.shared.sessions.fetch_add(1, Ordering::Relaxed);
        if let Some(pid) = self.fork_child(|f| f.session(role, ops)) {
            self.sessions.push(pid);
        }
    }

    fn session(&mut self, role: Role, ops: usize) {
        self.role = match role {
            Role::HostRoot => "host-root",
            Role::HostUser(_) => "host-user",
            Role::Prisoner(_) => "prisoner-root",
            Role::PrisonerUser(..) => "prisoner-user",
        };
        if let Role::Prisoner(jid) | Role::PrisonerUser(jid, _) = role {
            self.last = (0, jid as u64);
            let r = self.calls.attach(jid);
            self.record(Call::Attach, r, "session start");
            if r.is_err() {
                self.role = "host-root";
            }
        }
        if let Role::HostUser(uid) | Role::PrisonerUser(_, uid) = role {
            if sys::setuid(uid).is_err() {
                return;
            }
        }
        for _ in 0..ops {
            self.step();
        }
    }

    /// From inside a session: a child that makes a few calls and exits (an
    /// exit that may end a prison).
    fn grandchild(&mut self) {
        let ops = 1 + self.rng.below(20);
        if let Some(pid) = self.fork_child(|f| {
            for _ in 0..ops {
                f.step();
            }
        }) {
            let _ = sys::wait4(pid);
        }
    }

    /// Starts a process that attaches to a prison and stays (up to three),
    /// or ends one with SIGKILL.
    fn sleeper(&mut self) {
        if self.sleepers.len() >= 3 || (self.rng.chance(1, 2) && !self.sleepers.is_empty()) {
            let i = self.rng.below(self.sleepers.len());
            let pid = self.sleepers.swap_remove(i);
            let _ = sys::kill(pid, crate::abi::SIGKILL);
            let _ = sys::wait4(pid);
            return;
        }
        let Some(jid) = self.known_jid() else {
            return;
        };
        if let Some(pid) = self.fork_child(|f| {
            f.role = "sleeper";
            f.last = (0, jid as u64);
            let r = f.calls.attach(jid);
            f.record(Call::Attach, r, "sleeper");
            if r.is_ok() {
                loop {
                    sys::sleep_ms(60_000);
                }
            }
        }) {
            self.sleepers.push(pid);
        }
    }

    /// Reaps sessions that ended (all of them, waiting, if `all`), and any
    /// orphan handed to init.
    fn reap_sessions(&mut self, all: bool) {
        if all {
            while let Some(pid) = self.sessions.pop() {
                let _ = sys::wait4(pid);
            }
        }
        while let Some((pid, _)) = sys::reap_any() {
            self.sessions.retain(|&p| p != pid);
            self.sleepers.retain(|&p| p != pid);
        }
    }

    // --- the tree check ------------------------------------------------------------------

    /// Waits for the sessions, checks the tree (retrying while dying
    /// prisons go away), trims it; returns how many prisons exist.
    fn checkpoint(&mut self) -> usize {
        self.reap_sessions(true);
        self.checks += 1;
        let mut result = Err(String::new());
        for attempt in 0..4 {
            if attempt > 0 {
                sys::sleep_ms(250);
            }
            result = self.check_tree();
            if result.is_ok() {
                break;
            }
        }
        let all = match result {
            Ok(all) => all,
            Err(e) => {
                self.violation(&format!("tree check {}: {e}", self.checks));
                return 0;
            }
        };
        for seen in &all {
            if !seen.dying {
                self.remember(seen.jid);
            }
            // Nesting depth: the number of ancestors below the host.
            let mut depth = 1;
            let mut parent = seen.parent;
            while parent != 0 && depth < 64 {
                depth += 1;
                parent = all.iter().find(|p| p.jid == parent).map_or(0, |p| p.parent);
            }
            self.deepest = self.deepest.max(depth);
        }
        if all.len() > MAX_PRISONS {
            self.cleanups += 1;
            for seen in all.iter().filter(|s| s.parent == 0 && !s.dying) {
                self.last = (0, seen.jid as u64);
                let r = self.calls.remove(seen.jid);
                self.record(Call::Remove, r, "cleanup");
            }
        }
        all.len()
    }

    /// Every prison, by `lastjid` iteration, with or without the dying.
    fn snapshot(&mut self, dying: bool) -> Result<Vec<Seen>, String> {
        let mut seen: Vec<Seen> = Vec::new();
        let mut last: i32 = 0;
        loop {
            if seen.len() > 100_000 {
                return Err("lastjid iteration does not end".into());
            }
            self.b.reset();
            self.put_name(b"lastjid");
            self.put_value(&last.to_ne_bytes());
            self.put_name(b"name");
            let name = self.put_out(256);
            self.put_name(b"parent");
            let parent = self.put_out(4);
            self.put_name(b"children.cur");
            let cur = self.put_out(4);
            self.put_name(b"dying");
            let dead = self.put_out(4);
            let f = if dying { flags::DYING } else { 0 };
            self.last = (f, last as u64);
            let r = self.raw_get(f);
            self.record(Call::Get, r, "lastjid iteration");
            match r {
                Ok(jid) if jid > last => {
                    seen.push(Seen {
                        jid,
                        name: self.c_bytes_at(name, 256),
                        parent: self.int_at(parent),
                        children_cur: self.int_at(cur),
                        dying: self.int_at(dead) != 0,
                    });
                    last = jid;
                }
                Ok(jid) => return Err(format!("lastjid {last} gave {jid}, not a greater jid")),
                Err(Errno::ENOENT) => return Ok(seen),
                Err(e) => return Err(format!("lastjid {last}: {e}")),
            }
        }
    }

    fn lookup(
        &mut self,
        by_name: Option<&[u8]>,
        jid: i32,
        flags: i32,
    ) -> (Result<i32, Errno>, Vec<u8>) {
        self.b.reset();
        match by_name {
            Some(name) => {
                self.put_name(b"name");
                let mut bytes = Vec::from(name);
                bytes.push(0);
                self.put_value(&bytes);
            }
            None => {
                self.put_name(b"jid");
                self.put_value(&jid.to_ne_bytes());
                self.put_name(b"name");
            }
        }
        let out = if by_name.is_none() {
            self.put_out(256)
        } else {
            0
        };
        self.last = (flags, jid as u64);
        let r = self.raw_get(flags);
        self.record(Call::Get, r, "lookup");
        let name = if by_name.is_none() {
            self.c_bytes_at(out, 256)
        } else {
            Vec::new()
        };
        (r, name)
    }

    fn check_tree(&mut self) -> Result<Vec<Seen>, String> {
        let alive = self.snapshot(false)?;
        let all = self.snapshot(true)?;
        for p in &alive {
            if p.dying {
                return Err(format!("jid {} listed without JAIL_DYING but dying", p.jid));
            }
            if !all.iter().any(|q| q.jid == p.jid) {
                return Err(format!(
                    "jid {} alive but not in the JAIL_DYING listing",
                    p.jid
                ));
            }
            let (by_jid, name) = self.lookup(None, p.jid, 0);
            if by_jid != Ok(p.jid) || name != p.name {
                return Err(format!(
                    "jid {} ({}) by jid: {by_jid:?} name {}",
                    p.jid,
                    String::from_utf8_lossy(&p.name),
                    String::from_utf8_lossy(&name)
                ));
            }
            let (by_name, _) = self.lookup(Some(&p.name.clone()), 0, 0);
            if by_name != Ok(p.jid) {
                return Err(format!(
                    "jid {} by name {}: {by_name:?}",
                    p.jid,
                    String::from_utf8_lossy(&p.name)
                ));
            }
        }
        for p in &all {
            if !p.dying && !alive.iter().any(|q| q.jid == p.jid) {
                return Err(format!(
                    "jid {} not dying but missing from the live listing",
                    p.jid
                ));
            }
            let (found, _) = self.lookup(None, p.jid, flags::DYING);
            if found != Ok(p.jid) {
                return Err(format!(
                    "jid {} (dying {}) by jid with JAIL_DYING: {found:?}",
                    p.jid, p.dying
                ));
            }
        }
        // children.cur: the prisons below each one, at any depth, dying
        // ones included (FreeBSD counts a prison until it is freed).
        for p in &all {
            let mut below = 0;
            for q in &all {
                let mut parent = q.parent;
                let mut depth = 0;
                while parent != 0 && depth < 64 {
                    if parent == p.jid {
                        below += 1;
                        break;
                    }
                    let Some(up) = all.iter().find(|r| r.jid == parent) else {
                        return Err(format!(
                            "jid {} has parent {parent}, which is not listed",
                            q.jid
                        ));
                    };
                    parent = up.parent;
                    depth += 1;
                }
            }
            if below != p.children_cur {
                return Err(format!(
                    "jid {} ({}) children.cur {} but {below} prisons below it",
                    p.jid,
                    String::from_utf8_lossy(&p.name),
                    p.children_cur
                ));
            }
        }
        match sys::sysctl_int("security.jail.rjail.children.cur") {
            Ok(n) if n as usize == all.len() => {}
            other => {
                return Err(format!(
                    "host children.cur {other:?} but {} prisons listed",
                    all.len()
                ))
            }
        }
        Ok(all)
    }
}

/// The parameters of `security.jail.rjail.param.*` with their kinds, and
/// every OID under `security.jail.rjail`, from the running module (the
/// sysctl tree is the module's own catalogue).
fn read_catalogue() -> (Vec<Param>, Vec<Vec<i32>>) {
    const NODE: &str = "security.jail.rjail";
    const PARAM: &str = "security.jail.rjail.param.";
    let mut params = Vec::new();
    let mut oids = Vec::new();
    if let Ok(top) = sys::sysctl_name2oid(NODE) {
        let mut cursor = top.clone();
        for _ in 0..1000 {
            let Ok(next) = sys::sysctl_next(&cursor) else {
                break;
            };
            if !next.starts_with(&top) || next == cursor {
                break;
            }
            if let (Ok(name), Ok((kind, format))) =
                (sys::sysctl_oid_name(&next), sys::sysctl_oidfmt(&next))
            {
                if kind & crate::sysctl::CTLTYPE != 1 {
                    if let (Some(leaf), Some(k)) =
                        (name.strip_prefix(PARAM), Kind::from_format(&format))
                    {
                        // A parameter that is also a node (`host`, `ip4`)
                        // is listed with a trailing dot, as in
                        // security.jail.param; its name has none.
                        params.push(Param {
                            name: leaf.strip_suffix('.').unwrap_or(leaf).into(),
                            kind: k,
                        });
                    }
                }
            }
            oids.push(next.clone());
            cursor = next;
        }
    }
    if params.is_empty() {
        params.extend(fuzzgen::FALLBACK_CATALOGUE.iter().map(|(n, k)| Param {
            name: (*n).into(),
            kind: *k,
        }));
    }
    (params, oids)
}
