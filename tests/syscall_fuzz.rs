//! Fuzzing of the five system calls through the host model, with fixed
//! seeds so every run throws the same calls: iovec lists that are
//! plausible (catalogue names, right-sized values) or garbage (unknown and
//! unterminated names, random sizes, bad pointers, odd and huge counts),
//! random flags, random `struct jail` bytes, random jids.
//!
//! For every call: no panic; a failure is an errno FreeBSD can return from
//! that call (plus EPERM for rjail's refusal of callers in a native jail);
//! and a failure leaves every prison's parameters as they were. Successful
//! calls change the tree, so later calls meet prisons that are nested,
//! restricted, renamed and dying.

mod common;

use std::collections::BTreeMap;

use common::*;
use rjail::abi::catalogue::{negated_name, ParamKind, PARAMS};
use rjail::errno::{Errno, KResult};
use rjail::host::{Caller, IovBuilder, Value};
use rjail::prison::{PrisonConfig, PrisonState};
use rjail::syscall;

/// splitmix64: small, deterministic, good enough to pick cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Where each call's arguments are laid out in the calling process.
const ARGS: usize = 0x10_0000;
/// Addresses no process has mapped, or past the user address space.
const BAD_POINTERS: &[u64] = &[0, 8, 0xdead_0000, 0x7fff_ffff_f000, u64::MAX, 1 << 63];

/// The state the unchanged-on-failure check compares: live prisons by jid;
/// dying ones by name (a failed creation may renumber a dying prison that
/// sits on the jid it asked for, as FreeBSD does).
#[derive(Debug, PartialEq)]
struct Snapshot {
    alive: BTreeMap<i32, (Vec<u8>, Option<i32>, PrisonConfig)>,
    dying: Vec<(Vec<u8>, Vec<u8>)>,
}

fn snapshot(w: &World) -> Snapshot {
    let tree = w.reg.read();
    let mut alive = BTreeMap::new();
    let mut dying = Vec::new();
    for p in tree.iter() {
        let cfg = (*p.config()).clone();
        if p.state() == PrisonState::Alive {
            alive.insert(
                p.jid(),
                (p.path().to_vec(), p.parent().map(|q| q.jid()), cfg),
            );
        } else {
            dying.push((cfg.name.to_vec(), p.path().to_vec()));
        }
    }
    dying.sort();
    Snapshot { alive, dying }
}

fn jids(w: &World) -> Vec<i32> {
    w.reg.read().iter().map(|p| p.jid()).collect()
}

/// A parameter name: from the catalogue (or its negation, or a pseudo
/// parameter) most of the time, otherwise garbage.
fn name(rng: &mut Rng) -> Value {
    let with_nul = |s: &str| Value::Bytes([s.as_bytes(), b"\0"].concat());
    match rng.below(10) {
        0..=5 => {
            let spec = rng.pick(PARAMS);
            if spec.kind == ParamKind::Bool && rng.chance(30) {
                with_nul(&negated_name(spec.name))
            } else {
                with_nul(spec.name)
            }
        }
        6 => with_nul(rng.pick::<&str>(&[
            "errmsg",
            "lastjid",
            "desc",
            "vnet",
            "nojid",
            "allow.nomount.devfs",
            "meta",
        ])),
        7 => {
            // Garbage, NUL-terminated or not, possibly with inner NULs.
            let len = rng.below(12);
            Value::Bytes(rng.bytes(len))
        }
        8 => Value::Raw {
            base: *rng.pick(BAD_POINTERS),
            len: rng.below(16) as u64,
        },
        _ => Value::Raw {
            base: ARGS as u64,
            len: *rng.pick(&[0u64, 65_537, u64::MAX, 1 << 40]),
        },
    }
}

/// A value: right-sized for some parameter most of the time, otherwise
/// random sizes, NULL, output buffers and bad pointers.
fn value(rng: &mut Rng, jids: &[i32]) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 | 2 => {
            let n: i32 = match rng.below(5) {
                0 => *rng.pick(jids),
                1 => rng.below(4) as i32 - 1,
                2 => rng.next() as i32,
                3 => *rng.pick(&[i32::MIN, i32::MAX, 65_535, 65_536, 999_999, 1_000_000]),
                _ => rng.below(3) as i32,
            };
            Value::Bytes(n.to_ne_bytes().to_vec())
        }
        3 => Value::Bytes(rng.next().to_ne_bytes().to_vec()),
        4 | 5 => {
            let s = rng.pick(&[
                "",
                "a",
                "b",
                "a.b",
                "a.b.c",
                "x",
                "0",
                "1",
                "7",
                "07",
                " 7",
                "-1",
                "/",
                "/ja",
                "/ja/b",
                "/missing",
                "/file",
                "..",
                "15.0-RELEASE",
                "d",
                "z.q",
            ]);
            let mut bytes = s.as_bytes().to_vec();
            if rng.chance(90) {
                bytes.push(0);
            }
            if rng.chance(5) {
                bytes = vec![b'n'; 250 + rng.below(20)];
                bytes.push(0);
            }
            Value::Bytes(bytes)
        }
        6 | 7 => {
            // Address lists, some invalid, some shared with other prisons.
            let family = if rng.chance(60) { 4 } else { 16 };
            let count = rng.below(4);
            let mut bytes = Vec::new();
            for _ in 0..count {
                let mut a = vec![0u8; family];
                a[0] = if family == 4 { 10 } else { 0x20 };
                let last = a.len() - 1;
                a[last] = *rng.pick(&[0u8, 1, 2, 3, 255]);
                if rng.chance(10) {
                    a = vec![*rng.pick(&[0u8, 255]); family];
                }
                bytes.extend(a);
            }
            if rng.chance(10) {
                bytes.push(1);
            }
            Value::Bytes(bytes)
        }
        8 => Value::Buffer(*rng.pick(&[0usize, 1, 2, 4, 8, 16, 32, 256, 1024])),
        9 => {
            let len = rng.below(40);
            Value::Bytes(rng.bytes(len))
        }
        10 => Value::Raw {
            base: *rng.pick(BAD_POINTERS),
            len: *rng.pick(&[0u64, 1, 4, 8, 16, 65_537, u64::MAX]),
        },
        _ => Value::Raw {
            base: ARGS as u64,
            len: *rng.pick(&[4u64, 4096, 65_536, 1 << 20]),
        },
    }
}

/// A well-formed list: catalogue names with values of the right type.
fn plausible(rng: &mut Rng, jids: &[i32], for_get: bool) -> IovBuilder {
    let strings = [
        "a", "b", "a.b", "c", "x", "z.q", "7", "/", "/ja", "/ja/b", "web",
    ];
    let mut params = IovBuilder::new();
    if for_get {
        params = match rng.below(3) {
            0 => params.int("jid", *rng.pick(jids)),
            1 => params.string("name", rng.pick::<&str>(&strings)),
            _ => params.int("lastjid", *rng.pick(jids)),
        };
    } else {
        if rng.chance(60) {
            params = params.flag("persist");
        }
        if rng.chance(60) {
            params = params.string("name", rng.pick::<&str>(&strings));
        }
    }
    for _ in 0..rng.below(5) {
        let spec = rng.pick(PARAMS);
        if for_get {
            let len = match spec.kind {
                ParamKind::String { max } => max,
                ParamKind::InAddrArray | ParamKind::In6AddrArray => 64,
                other => other.fixed_size().unwrap_or(4),
            };
            params = params.out(spec.name, len);
            continue;
        }
        params = match spec.kind {
            ParamKind::Bool if rng.chance(30) => params.flag(&negated_name(spec.name)),
            ParamKind::Bool => params.flag(spec.name),
            ParamKind::Int | ParamKind::UInt => {
                let n = match spec.name {
                    "jid" => *rng.pick(jids),
                    _ => *rng.pick(&[-1, 0, 1, 2, 3, 5, 100]),
                };
                params.int(spec.name, n)
            }
            ParamKind::JailSys => params.int(spec.name, rng.below(3) as i32),
            ParamKind::ULong => params.ulong(spec.name, rng.next() % 4),
            ParamKind::String { .. } => params.string(spec.name, rng.pick::<&str>(&strings)),
            ParamKind::InAddrArray => {
                let n = rng.below(3) as u8;
                let list: Vec<u8> = (0..n).flat_map(|i| [10, 0, 0, 1 + i]).collect();
                params.param(spec.name, Value::Bytes(list))
            }
            ParamKind::In6AddrArray => {
                let n = rng.below(2) as u8;
                let list: Vec<u8> = (0..n)
                    .flat_map(|i| [[0x20, 1, 0xd, 0xb8].as_slice(), &[0; 11], &[1 + i]].concat())
                    .collect();
                params.param(spec.name, Value::Bytes(list))
            }
        };
    }
    params.errmsg()
}

fn iovecs(rng: &mut Rng, jids: &[i32], errmsg: bool) -> IovBuilder {
    let mut params = IovBuilder::new();
    for _ in 0..rng.below(9) {
        params = params.raw_pair(name(rng), value(rng, jids));
    }
    if errmsg {
        params = params.errmsg();
    }
    params
}

fn flags(rng: &mut Rng) -> i32 {
    match rng.below(8) {
        0 => rng.next() as i32,
        1 => rng.below(256) as i32,
        2 => DYING,
        3 => 0,
        4 => CREATE | UPDATE,
        5 => UPDATE,
        6 => CREATE | ATTACH,
        _ => CREATE,
    }
}

/// Lays the arguments out and picks the count to pass: the real one most of
/// the time, otherwise odd, too large, or absurd.
fn place(rng: &mut Rng, caller: &Caller<'_>, params: &IovBuilder) -> (usize, u32) {
    let placed = params.place(caller, ARGS);
    let niov = match rng.below(20) {
        0 => placed.niov | 1,
        1 => *rng.pick(&[1024u32, 1026, u32::MAX, 1 << 31]),
        2 => placed.niov.saturating_add(2),
        _ => placed.niov,
    };
    let iov = if rng.chance(3) {
        *rng.pick(BAD_POINTERS) as usize
    } else {
        placed.iov
    };
    (iov, niov)
}

/// Random `struct jail` bytes: a plausible version 0 or 2 with pointers
/// into the caller's memory, or random bytes and versions.
fn legacy_struct(rng: &mut Rng, caller: &Caller<'_>) -> usize {
    caller.map(ARGS, 0x2000);
    let strings = [
        &b"/\0"[..],
        b"/ja\0",
        b"/missing\0",
        b"host\0",
        b"a\0",
        b"web\0",
        b"7\0",
        b"a.q\0",
    ];
    for (i, s) in strings.iter().enumerate() {
        let _ = caller.poke(ARGS + 0x100 + i * 0x40, s);
    }
    let addrs: Vec<u8> = (0..8u8).flat_map(|i| [10, 0, 0, i]).collect();
    let _ = caller.poke(ARGS + 0x400, &addrs);
    let pointer = |rng: &mut Rng| -> u64 {
        match rng.below(10) {
            0 => *rng.pick(BAD_POINTERS),
            1 => 0,
            _ => (ARGS + 0x100 + rng.below(strings.len()) * 0x40) as u64,
        }
    };
    let mut raw = rng.bytes(64);
    let version: u32 = match rng.below(6) {
        0 => 0,
        1 => 1,
        2 => rng.next() as u32,
        _ => 2,
    };
    raw[0..4].copy_from_slice(&version.to_ne_bytes());
    if rng.chance(80) {
        let path = pointer(rng);
        let host = pointer(rng);
        let name = if rng.chance(50) { 0 } else { pointer(rng) };
        raw[8..16].copy_from_slice(&path.to_ne_bytes());
        raw[16..24].copy_from_slice(&host.to_ne_bytes());
        if version == 0 {
            raw[24..28].copy_from_slice(&(rng.next() as u32).to_ne_bytes());
        } else {
            raw[24..32].copy_from_slice(&name.to_ne_bytes());
            let ip4s = *rng.pick(&[0u32, 1, 2, 8, 255, 256, u32::MAX]);
            raw[32..36].copy_from_slice(&ip4s.to_ne_bytes());
            raw[36..40].copy_from_slice(&(rng.below(3) as u32).to_ne_bytes());
            raw[40..48].copy_from_slice(&((ARGS + 0x400) as u64).to_ne_bytes());
            raw[48..56].copy_from_slice(&((ARGS + 0x400) as u64).to_ne_bytes());
        }
    }
    let _ = caller.poke(ARGS, &raw);
    if rng.chance(3) {
        *rng.pick(BAD_POINTERS) as usize
    } else {
        ARGS
    }
}

const SET_ERRNOS: &[Errno] = &[
    Errno::EPERM,
    Errno::EINVAL,
    Errno::EFAULT,
    Errno::ENOENT,
    Errno::EEXIST,
    Errno::ENAMETOOLONG,
    Errno::EAGAIN,
    Errno::ENOTDIR,
    Errno::EACCES,
    Errno::EADDRINUSE,
];
/// EPERM only for rjail's refusal of callers in a native jail.
const GET_ERRNOS: &[Errno] = &[Errno::EPERM, Errno::EINVAL, Errno::EFAULT, Errno::ENOENT];
const ATTACH_ERRNOS: &[Errno] = &[Errno::EPERM, Errno::EINVAL, Errno::ENOTDIR, Errno::EACCES];
const REMOVE_ERRNOS: &[Errno] = &[Errno::EPERM, Errno::EINVAL];

/// Who calls: root on the host, a user, root in a native jail, root in a
/// prison (if it still exists).
struct Templates {
    pids: Vec<rjail::host::Pid>,
}

fn setup(w: &World) -> Templates {
    let init = w.init();
    w.kernel.mkdir_p("/ja/b");
    w.kernel.create_file("/file").unwrap();
    let a = w.create(
        &init,
        "a",
        IovBuilder::new()
            .string("path", "/ja")
            .int("children.max", 6)
            .param("ip4.addr", Value::Bytes(vec![10, 0, 0, 1, 10, 0, 0, 2])),
    );
    w.create(&init, "a.b", IovBuilder::new().string("path", "/ja/b"));
    w.create(&init, "z", IovBuilder::new());
    let root = init.fork();
    let user = init.fork();
    user.setuid(1000);
    let native = init.fork();
    native.enter_native_jail();
    let prisoner = init.fork();
    syscall::jail_attach(&w.reg, &prisoner, a).unwrap();
    Templates {
        pids: vec![root.pid(), user.pid(), native.pid(), prisoner.pid()],
    }
}

#[derive(Default, Debug)]
struct Tally {
    calls: usize,
    ok: usize,
    by_errno: BTreeMap<&'static str, usize>,
}

fn run(seed: u64, rounds: usize) -> Tally {
    let w = World::new();
    let templates = setup(&w);
    let mut rng = Rng(seed);
    let mut tally = Tally::default();
    for round in 0..rounds {
        // Mostly root, on the host or in a prison.
        let who = *rng.pick(&[0, 0, 0, 0, 3, 3, 1, 2]);
        let template = w.kernel.caller(templates.pids[who]);
        // A template killed with its prison is replaced by host root.
        let parent = if template.alive() { template } else { w.init() };
        let caller = parent.fork();
        let known = jids(&w);
        let mut some_jids = known.clone();
        some_jids.extend([0, -1, 77, 999_999]);
        let before = snapshot(&w);
        let which = rng.below(10);
        let (call, result, allowed): (&str, KResult<i32>, &[Errno]) = match which {
            0..=3 => {
                let with_errmsg = rng.chance(70);
                let params = if rng.chance(60) {
                    plausible(&mut rng, &some_jids, false)
                } else {
                    iovecs(&mut rng, &some_jids, with_errmsg)
                };
                let (iov, niov) = place(&mut rng, &caller, &params);
                let flags = flags(&mut rng);
                let r = syscall::jail_set(&w.reg, &caller, iov, niov, flags);
                ("jail_set", r, SET_ERRNOS)
            }
            4..=6 => {
                let with_errmsg = rng.chance(70);
                let params = if rng.chance(60) {
                    plausible(&mut rng, &some_jids, true)
                } else {
                    iovecs(&mut rng, &some_jids, with_errmsg)
                };
                let (iov, niov) = place(&mut rng, &caller, &params);
                let flags = flags(&mut rng);
                let r = syscall::jail_get(&w.reg, &caller, iov, niov, flags);
                ("jail_get", r, GET_ERRNOS)
            }
            7 => {
                let at = legacy_struct(&mut rng, &caller);
                ("jail", syscall::jail(&w.reg, &caller, at), SET_ERRNOS)
            }
            8 => {
                let jid = *rng.pick(&some_jids);
                let r = syscall::jail_attach(&w.reg, &caller, jid).map(|()| 0);
                ("jail_attach", r, ATTACH_ERRNOS)
            }
            _ => {
                let jid = *rng.pick(&some_jids);
                let r = syscall::jail_remove(&w.reg, &caller, jid).map(|()| 0);
                ("jail_remove", r, REMOVE_ERRNOS)
            }
        };
        tally.calls += 1;
        match result {
            Ok(_) => tally.ok += 1,
            Err(e) => {
                *tally.by_errno.entry(e.name()).or_default() += 1;
                assert!(
                    allowed.contains(&e),
                    "seed {seed} round {round}: {call} returned {e:?}"
                );
                let after = snapshot(&w);
                assert!(
                    after == before,
                    "seed {seed} round {round}: failed {call} ({e:?}) changed the tree\n before {before:?}\n after  {after:?}"
                );
            }
        }
        caller.exit();
    }
    tally
}

#[test]
fn random_calls_fail_cleanly_with_freebsd_errnos() {
    let mut total = Tally::default();
    for seed in [1, 2, 3, 0x5eed, 0xdead_beef] {
        let t = run(seed, 2_000);
        total.calls += t.calls;
        total.ok += t.ok;
        for (k, v) in t.by_errno {
            *total.by_errno.entry(k).or_default() += v;
        }
    }
    eprintln!("{total:?}");
    // The generator must reach both outcomes and a spread of errnos, or it
    // tests nothing.
    assert!(total.ok > 200, "{total:?}");
    for errno in ["EINVAL", "EFAULT", "ENOENT", "EPERM", "EEXIST"] {
        assert!(
            total.by_errno.get(errno).copied().unwrap_or(0) > 10,
            "{errno}: {total:?}"
        );
    }
}
