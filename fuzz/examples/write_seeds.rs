//! Writes the seed corpus of every target into fuzz/corpus/<target>/,
//! from the inputs the unit and integration tests use (valid requests and
//! the classic bad ones). Run from anywhere:
//!
//!     cargo run --manifest-path fuzz/Cargo.toml --example write_seeds
//!
//! Files are named `seed-<n>`; inputs found by fuzzing that once crashed a
//! target are kept beside them as `regress-<what>` and are not touched.

use std::fs;
use std::path::PathBuf;

use rjail::abi::legacy::{JailV0, JailV2};
use rjail::abi::xprison::{encode_xprison, XPrisonEntry};
use rjail_fuzz::seed::{iovec_options, legacy_jail, option_memory};
use rjail_fuzz::BASE;

fn legacy_seeds() -> Vec<Vec<u8>> {
    // Memory: the struct at 0, strings at 0x100.., addresses at 0x300.
    let at = |off: usize| (BASE + off) as u64;
    let mut strings = vec![0u8; 0x400];
    let mut put = |off: usize, s: &[u8]| strings[off..off + s.len()].copy_from_slice(s);
    put(0x100, b"/jails/old\0");
    put(0x200, b"old.example.org\0");
    put(0x280, b"oldname\0");
    put(0x300, &[10, 0, 0, 1, 10, 0, 0, 2]);
    put(
        0x340,
        &[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    );
    let with = |image: &[u8]| {
        let mut m = strings.clone();
        m[..image.len()].copy_from_slice(image);
        m
    };
    let v0 = JailV0 {
        version: 0,
        path: at(0x100),
        hostname: at(0x200),
        ip_number: 0x7f00_0001,
    };
    let v2 = JailV2 {
        version: 2,
        path: at(0x100),
        hostname: at(0x200),
        jailname: at(0x280),
        ip4s: 2,
        ip6s: 1,
        ip4: at(0x300),
        ip6: at(0x340),
    };
    let mut out = vec![
        legacy_jail(255, 0, &with(&v0.to_bytes())),
        legacy_jail(255, 0, &with(&v2.to_bytes())),
        legacy_jail(0, 0, &with(&v0.to_bytes())),
        legacy_jail(1, 0, &with(&v2.to_bytes())),
        legacy_jail(
            255,
            0,
            &with(
                &JailV2 {
                    jailname: 0,
                    ip4s: 0,
                    ip6s: 0,
                    ..v2
                }
                .to_bytes(),
            ),
        ),
        legacy_jail(255, 0, &with(&JailV2 { version: 1, ..v2 }.to_bytes())),
        legacy_jail(255, 0, &with(&JailV2 { version: 3, ..v2 }.to_bytes())),
        legacy_jail(255, 0, &with(&JailV2 { path: 0, ..v2 }.to_bytes())),
        legacy_jail(255, 0, &with(&JailV2 { ip4: 0, ..v2 }.to_bytes())),
    ];
    // A path without its NUL running to the end of memory.
    let mut long = with(&v2.to_bytes());
    long.truncate(0x100);
    long.extend(std::iter::repeat_n(b'p', 1100));
    out.push(legacy_jail(255, 0, &long));
    // Only the version word readable.
    out.push(legacy_jail(255, 0, &2u32.to_ne_bytes()));
    out
}

/// A parameter as the seeds spell it: a name and a value, if any.
type Pair = (&'static [u8], Option<Vec<u8>>);

fn option_seeds() -> Vec<Vec<u8>> {
    let int = |v: i32| v.to_ne_bytes().to_vec();
    let errmsg = vec![0u8; 64];
    let lists: Vec<Vec<Pair>> = vec![
        vec![
            (b"name", Some(b"web\0".to_vec())),
            (b"path", Some(b"/jails/web\0".to_vec())),
            (b"persist", None),
            (b"errmsg", Some(errmsg.clone())),
        ],
        vec![
            (b"jid", Some(int(3))),
            (b"name", Some(vec![0; 256])),
            (b"errmsg", Some(errmsg.clone())),
        ],
        vec![(b"lastjid", Some(int(0))), (b"name", Some(vec![0; 32]))],
        vec![
            (b"ip4.addr", Some(vec![10, 0, 0, 1, 10, 0, 0, 2])),
            (b"ip4", Some(int(1))),
        ],
        vec![(
            b"ip6.addr",
            Some(vec![
                0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
            ]),
        )],
        vec![
            (b"nopersist", None),
            (b"allow.mount.nodevfs", None),
            (b"allow.nomount", None),
        ],
        vec![
            (b"persist", None),
            (b"persist", Some(int(1))),
            (b"host.hostname", Some(b"h\0".to_vec())),
        ],
        vec![
            (b"host.hostid", Some(7u64.to_ne_bytes().to_vec())),
            (b"securelevel", Some(int(-1))),
        ],
        vec![
            (b"children.max", Some(int(10))),
            (b"enforce_statfs", Some(int(2))),
        ],
        vec![
            (b"osrelease", Some(b"15.0-RELEASE\0".to_vec())),
            (b"osreldate", Some(int(1_500_068))),
        ],
        vec![(b"desc", Some(int(3))), (b"errmsg", Some(vec![0; 1]))],
        vec![(b"unknown.parameter", Some(b"x\0".to_vec()))],
    ];
    let mut out = Vec::new();
    for list in &lists {
        let pairs: Vec<(&[u8], Option<&[u8]>)> =
            list.iter().map(|(n, v)| (*n, v.as_deref())).collect();
        let (memory, count) = option_memory(&pairs);
        out.push(iovec_options(count, 0, &memory));
        // The same with an odd count, and with one entry too many.
        out.push(iovec_options(count - 1, 0, &memory));
        out.push(iovec_options(count + 2, 0, &memory));
    }
    // An unterminated and an empty name.
    let (mut memory, count) = option_memory(&[(b"persist", None)]);
    let last = memory.len() - 1;
    memory[last] = b'x';
    out.push(iovec_options(count, 0, &memory));
    let (memory, count) = option_memory(&[(b"", None)]);
    out.push(iovec_options(count, 0, &memory));
    out
}

fn sockaddr_seeds() -> Vec<Vec<u8>> {
    let sin = |addr: [u8; 4], family: u8| {
        let mut s = vec![16, family, 0x1f, 0x90];
        s.extend_from_slice(&addr);
        s.extend_from_slice(&[0; 8]);
        s
    };
    let sin6 = |addr: [u8; 16]| {
        let mut s = vec![28, 28, 0x1f, 0x90, 0, 0, 0, 0];
        s.extend_from_slice(&addr);
        s.extend_from_slice(&[0; 4]);
        s
    };
    let v4 = [10u8, 0, 0, 1, 10, 0, 0, 2];
    let v6 = [0x20u8, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let mapped = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1];
    let mut out = Vec::new();
    for mode in [0u8, 1, 8 | 2, 8 | 2 | 1, 8 | 4, 8 | 6, 8 | 6 | 1, 8] {
        for sockaddr in [
            sin([127, 0, 0, 1], 2),
            sin([0, 0, 0, 0], 2),
            sin([0, 0, 0, 0], 0),
            sin([10, 0, 0, 2], 2),
            sin([192, 0, 2, 1], 2),
            sin6([0; 16]),
            sin6(v6),
            sin6(mapped),
            sin6({
                let mut l = [0u8; 16];
                l[15] = 1;
                l
            }),
        ] {
            let mut input = vec![mode, 2, 1];
            input.extend_from_slice(&v4);
            input.extend_from_slice(&v6);
            input.extend_from_slice(&sockaddr);
            out.push(input);
        }
    }
    // A prison with IPv4 disabled (restricted, no address).
    let mut disabled = vec![8 | 2, 0, 0];
    disabled.extend_from_slice(&sin([127, 0, 0, 1], 2));
    out.push(disabled);
    out
}

fn sysctl_seeds() -> Vec<Vec<u8>> {
    let op = |op: u8, knob: u8, value: i32| {
        let mut v = vec![op, knob];
        v.extend_from_slice(&value.to_ne_bytes());
        v
    };
    let mut out = Vec::new();
    for knob in 0..16u8 {
        let mut s = op(0, knob, 1);
        s.extend(op(1, knob, 0));
        s.extend(op(2, knob, 5));
        s.extend(op(0x80, knob, 0));
        s.extend(op(0x81, knob, 0));
        s.extend(op(0x82, knob, 1));
        s.extend(op(3, 0, 0));
        s.extend(op(0x83, 0, 0));
        out.push(s);
    }
    out.push(op(0, 3, -1));
    out
}

fn xprison_seeds() -> Vec<Vec<u8>> {
    let long_path = vec![b'p'; 2000];
    let entries = [
        XPrisonEntry {
            jid: 3,
            state: 1,
            cpuset_id: 0,
            path: b"/jails/web",
            hostname: b"web.example.org",
            name: b"web",
            ip4: &[[10, 0, 0, 1], [10, 0, 0, 2]],
            ip6: &[[1; 16]],
        },
        XPrisonEntry {
            jid: 4,
            state: 2,
            cpuset_id: 0,
            path: &long_path,
            hostname: b"",
            name: b"4",
            ip4: &[],
            ip6: &[],
        },
    ];
    let mut out = Vec::new();
    let mut both = Vec::new();
    for e in &entries {
        let mut one = Vec::new();
        encode_xprison(e, &mut one);
        out.push(one.clone());
        // Cut short.
        out.push(one[..one.len() - 1].to_vec());
        both.extend(one);
    }
    out.push(both);
    out.push(Vec::new());
    out
}

fn main() {
    let top = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let sets: [(&str, Vec<Vec<u8>>); 5] = [
        ("legacy_jail", legacy_seeds()),
        ("iovec_options", option_seeds()),
        ("sockaddr", sockaddr_seeds()),
        ("sysctl_input", sysctl_seeds()),
        ("xprison", xprison_seeds()),
    ];
    for (target, seeds) in sets {
        let dir = top.join(target);
        fs::create_dir_all(&dir).expect("create the corpus directory");
        for (i, seed) in seeds.iter().enumerate() {
            fs::write(dir.join(format!("seed-{i:02}")), seed).expect("write a seed");
        }
        println!("{}: {} seeds", dir.display(), seeds.len());
    }
}
