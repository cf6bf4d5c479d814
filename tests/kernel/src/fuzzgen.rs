//! The pure half of the in-kernel fuzzer (`rjail-kfuzz`): a seeded random
//! source, the errnos each jail call may return, the parameter kinds read
//! from `security.jail.rjail.param.*`, and a request builder that lays
//! mutated iovec name/value lists into a caller-provided byte area without
//! allocating (the program's allocator never frees, and a run makes a
//! million requests).
//!
//! Nothing here touches the kernel: addresses are symbolic ([`Ptr`]) and the
//! FreeBSD side turns them into real ones, so all of it is tested on any
//! host.

use crate::errno::Errno;

/// splitmix64: small, fast, and every seed (0 included) gives a full-period
/// sequence, so a run is reproduced exactly from its seed.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u32, den: u32) -> bool {
        den != 0 && self.next_u32() % den < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// The five calls of a jail implementation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    Jail,
    Set,
    Get,
    Attach,
    Remove,
}

impl Call {
    pub const ALL: [Call; 5] = [Call::Jail, Call::Set, Call::Get, Call::Attach, Call::Remove];

    pub fn name(self) -> &'static str {
        match self {
            Call::Jail => "jail",
            Call::Set => "jail_set",
            Call::Get => "jail_get",
            Call::Attach => "jail_attach",
            Call::Remove => "jail_remove",
        }
    }

    /// The errnos FreeBSD 15.0's version of the call can return, from
    /// sys/kern/kern_jail.c and the routines it calls:
    ///
    /// * every call: EPERM from `priv_check` (and from a caller whose jail
    ///   lacks the right), EFAULT and EINVAL from `copyinuio`/`copyin`
    ///   (sys/kern/subr_uio.c).
    /// * `jail_set` (`kern_jail_set`): `vfs_buildopts` (EINVAL, ENOMEM),
    ///   ENOENT (no such jail or parent), EEXIST (the jail exists), EAGAIN
    ///   (no free jid, `children.max` reached, or a dying jail in the way),
    ///   ENAMETOOLONG (names, paths, host names), EADDRINUSE (overlapping
    ///   addresses), what `namei` of `path` returns (ENOENT, ENOTDIR,
    ///   EACCES, ELOOP, ENAMETOOLONG), EBADF and ENOTCAPABLE for the
    ///   jail-descriptor flags, and with JAIL_ATTACH what `do_jail_attach`'s
    ///   `change_dir` and `mac_vnode_check_chroot` return (ENOTDIR, EACCES,
    ///   EPERM).
    /// * `jail` (`sys_jail`, `kern_jail`): EINVAL for a version, EFAULT and
    ///   ENAMETOOLONG from `copyinstr`, then what `kern_jail_set` returns
    ///   with JAIL_CREATE | JAIL_ATTACH.
    /// * `jail_get` (`kern_jail_get`): EINVAL (a buffer of the wrong size,
    ///   bad flags), ENOENT, EFAULT, ENOMEM from `vfs_buildopts`, EBADF and
    ///   ENOTCAPABLE for the descriptor flags.
    /// * `jail_attach` (`sys_jail_attach`, `do_jail_attach`): EPERM, EINVAL
    ///   (no such jid, or the jail is dying), ENOTDIR and EACCES from
    ///   `change_dir`.
    /// * `jail_remove` (`sys_jail_remove`): EPERM, EINVAL.
    pub fn allowed(self) -> &'static [Errno] {
        match self {
            Call::Set | Call::Jail => &[
                Errno::EPERM,
                Errno::ENOENT,
                Errno::EFAULT,
                Errno::EINVAL,
                Errno::EEXIST,
                Errno::EAGAIN,
                Errno::ENAMETOOLONG,
                Errno::EADDRINUSE,
                Errno::ENOTDIR,
                Errno::EACCES,
                Errno::ELOOP,
                Errno::ENOMEM,
                Errno::EBADF,
                Errno::ENOTCAPABLE,
            ],
            Call::Get => &[
                Errno::EPERM,
                Errno::ENOENT,
                Errno::EFAULT,
                Errno::EINVAL,
                Errno::ENOMEM,
                Errno::EBADF,
                Errno::ENOTCAPABLE,
            ],
            Call::Attach => &[Errno::EPERM, Errno::EINVAL, Errno::ENOTDIR, Errno::EACCES],
            Call::Remove => &[Errno::EPERM, Errno::EINVAL],
        }
    }

    pub fn allows(self, errno: Errno) -> bool {
        self.allowed().contains(&errno)
    }
}

/// What `sysctl(2)` reads of `security.jail.rjail.*` may fail with
/// (sys/kern/kern_sysctl.c, `sysctl_root` and `userland_sysctl`): a buffer
/// too small (ENOMEM), a name that is not there (ENOENT), a node read as a
/// value (EISDIR, ENOTDIR), bad lengths and addresses (EINVAL, EFAULT),
/// access (EPERM, EACCES).
pub const SYSCTL_ALLOWED: [Errno; 8] = [
    Errno::ENOMEM,
    Errno::ENOENT,
    Errno::EISDIR,
    Errno::ENOTDIR,
    Errno::EINVAL,
    Errno::EFAULT,
    Errno::EPERM,
    Errno::EACCES,
];

/// `jail_set`/`jail_get` flags (sys/sys/jail.h).
pub mod flags {
    pub const CREATE: i32 = 0x01;
    pub const UPDATE: i32 = 0x02;
    pub const ATTACH: i32 = 0x04;
    pub const DYING: i32 = 0x08;
    pub const USE_DESC: i32 = 0x10;
    pub const AT_DESC: i32 = 0x20;
    pub const GET_DESC: i32 = 0x40;
    pub const OWN_DESC: i32 = 0x80;
}

/// The type of a parameter's value, from its sysctl format string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    UInt,
    ULong,
    Bool,
    JailSys,
    Str,
    In4Array,
    In6Array,
}

impl Kind {
    /// The kind a `security.jail.*.param.*` format string names (the
    /// `SYSCTL_JAIL_PARAM*` formats of sys/kern/kern_jail.c).
    pub fn from_format(format: &str) -> Option<Kind> {
        Some(match format {
            "I" => Kind::Int,
            "IU" => Kind::UInt,
            "LU" => Kind::ULong,
            "B" => Kind::Bool,
            "A" => Kind::Str,
            f if f.starts_with("E,jailsys") => Kind::JailSys,
            f if f.starts_with("S,in_addr") => Kind::In4Array,
            f if f.starts_with("S,in6_addr") => Kind::In6Array,
            _ => return None,
        })
    }

    fn fixed_size(self) -> Option<usize> {
        match self {
            Kind::Int | Kind::UInt | Kind::JailSys => Some(4),
            Kind::ULong => Some(8),
            _ => None,
        }
    }
}

/// A parameter of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: alloc::string::String,
    pub kind: Kind,
}

/// The core catalogue, used only if the sysctl walk finds nothing.
pub const FALLBACK_CATALOGUE: [(&str, Kind); 16] = [
    ("jid", Kind::Int),
    ("parent", Kind::Int),
    ("name", Kind::Str),
    ("path", Kind::Str),
    ("securelevel", Kind::Int),
    ("persist", Kind::Bool),
    ("dying", Kind::Bool),
    ("children.max", Kind::Int),
    ("children.cur", Kind::Int),
    ("host", Kind::JailSys),
    ("host.hostname", Kind::Str),
    ("host.hostid", Kind::ULong),
    ("ip4", Kind::JailSys),
    ("ip4.addr", Kind::In4Array),
    ("ip6.addr", Kind::In6Array),
    ("allow.mount", Kind::Bool),
];

/// Where a name or value lives, symbolically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ptr {
    /// At this offset of the data area.
    Data(usize),
    Null,
    /// A user address with nothing mapped.
    Unmapped,
    /// A kernel address (the kernel's own text).
    Kernel,
    /// Outside the canonical address range.
    NonCanonical,
    /// The program's read-only data: readable, not writable.
    ReadOnly,
}

/// One iovec: where it points and the length it claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub ptr: Ptr,
    pub len: u64,
}

impl Piece {
    pub const NULL: Piece = Piece {
        ptr: Ptr::Null,
        len: 0,
    };
}

/// Most iovec entries a request carries: beyond `UIO_MAXIOV` (1024) the
/// kernel refuses the array, and a few go past it.
pub const MAX_PIECES: usize = 1040;

/// Lays a request into a byte area: data is bump-allocated from the front,
/// and [`Builder::at_end`] places bytes flush against the area's end, which
/// the FreeBSD side backs with an unmapped page (a string read past its
/// end faults there).
pub struct Builder<'a> {
    data: &'a mut [u8],
    front: usize,
    back: usize,
    pub pieces: [Piece; MAX_PIECES],
    pub count: usize,
}

impl<'a> Builder<'a> {
    pub fn new(data: &'a mut [u8]) -> Self {
        let back = data.len();
        Self {
            data,
            front: 0,
            back,
            pieces: [Piece::NULL; MAX_PIECES],
            count: 0,
        }
    }

    pub fn reset(&mut self) {
        self.front = 0;
        self.back = self.data.len();
        self.count = 0;
    }

    /// Room for `len` bytes at the front, filled by `fill`; `None` when full.
    pub fn alloc(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) -> Option<usize> {
        let start = self.front.checked_add(7)? & !7;
        let end = start.checked_add(len)?;
        if end > self.back {
            return None;
        }
        fill(self.data.get_mut(start..end)?);
        self.front = end;
        Some(start)
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> Option<usize> {
        self.alloc(bytes.len(), |d| d.copy_from_slice(bytes))
    }

    /// `bytes` placed so that they end exactly at the end of the area.
    pub fn at_end(&mut self, bytes: &[u8]) -> Option<usize> {
        let start = self.back.checked_sub(bytes.len())?;
        if start < self.front {
            return None;
        }
        self.data.get_mut(start..self.back)?.copy_from_slice(bytes);
        self.back = start;
        Some(start)
    }

    /// Overwrites bytes already allocated at `offset` (the iovec array,
    /// once the addresses are known).
    pub fn write(&mut self, offset: usize, bytes: &[u8]) {
        if let Some(dst) = offset
            .checked_add(bytes.len())
            .and_then(|end| self.data.get_mut(offset..end))
        {
            dst.copy_from_slice(bytes);
        }
    }

    pub fn push(&mut self, piece: Piece) {
        if let Some(slot) = self.pieces.get_mut(self.count) {
            *slot = piece;
            self.count += 1;
        }
    }

    pub fn pieces(&self) -> &[Piece] {
        self.pieces.get(..self.count).unwrap_or(&[])
    }

    /// The data area's bytes at `offset..offset + len` (tests, and reading
    /// back what the kernel wrote).
    pub fn data_at(&self, offset: usize, len: usize) -> Option<&[u8]> {
        self.data.get(offset..offset.checked_add(len)?)
    }
}

/// What the driver knows and lends the generator: names worth hitting,
/// recently seen jids, paths that exist (and some that do not).
pub struct Pools<'a> {
    pub names: &'a [&'a [u8]],
    pub jids: &'a [i32],
    pub paths: &'a [&'a [u8]],
}

/// Prison names: a small pool (so creates collide and updates find their
/// target), nested names, and the malformed ones FreeBSD refuses.
pub const NAME_POOL: [&[u8]; 20] = [
    b"fz0",
    b"fz1",
    b"fz2",
    b"fz3",
    b"fz0.c0",
    b"fz0.c1",
    b"fz1.c0",
    b"fz0.c0.g0",
    b"c0",
    b"c1",
    b"c0.g0",
    b"",
    b"7",
    b"fz0.",
    b".fz0",
    b"fz0..c0",
    b"*",
    b"fz\xff\xfe",
    b"fz 0",
    b"0x10",
];

/// How many names at the start of [`NAME_POOL`] are valid prison names.
pub const VALID_NAMES: usize = 11;

/// Parameters `jail_set` refuses to set (read-only in the catalogue, or
/// only for creation); clean requests leave them out.
pub const READ_ONLY_PARAMS: [&str; 6] = [
    "jid",
    "parent",
    "dying",
    "children.cur",
    "cpuset.id",
    "osreldate",
];

/// Interesting `int` values.
const INTS: [i32; 14] = [
    0,
    1,
    2,
    3,
    -1,
    -2,
    4,
    64,
    255,
    1024,
    i32::MAX,
    i32::MIN,
    1_500_068,
    999_999,
];

/// Interesting lengths for a value of `natural` bytes.
fn mutated_len(rng: &mut Rng, natural: usize) -> u64 {
    const FIXED: [u64; 16] = [
        0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 255, 256, 257, 1023, 1024, 1025,
    ];
    match rng.below(6) {
        0 => natural.saturating_sub(1) as u64,
        1 => natural as u64 + 1,
        2 => *rng.pick(&FIXED).unwrap_or(&0),
        3 => [65535u64, 65536, 65537, 1 << 20][rng.below(4)],
        4 => [1u64 << 40, u64::MAX, u64::MAX / 2, 0x8000_0000][rng.below(4)],
        _ => rng.below(natural.max(1) * 2 + 2) as u64,
    }
}

/// A symbolic pointer that is not the data area.
fn bad_ptr(rng: &mut Rng) -> Ptr {
    match rng.below(5) {
        0 => Ptr::Null,
        1 => Ptr::Unmapped,
        2 => Ptr::Kernel,
        3 => Ptr::NonCanonical,
        _ => Ptr::ReadOnly,
    }
}

/// A piece for `bytes`: usually exactly them, sometimes mutated in place,
/// length or address.
fn mutated_piece(rng: &mut Rng, b: &mut Builder<'_>, bytes: &[u8], mutate: bool) -> Piece {
    let natural = bytes.len();
    if !mutate {
        return match b.bytes(bytes) {
            Some(at) => Piece {
                ptr: Ptr::Data(at),
                len: natural as u64,
            },
            None => Piece::NULL,
        };
    }
    match rng.below(6) {
        // Same bytes, another length (reading past them, or stopping short).
        0 | 1 => {
            let len = mutated_len(rng, natural);
            // Lengths past what was written point at zeroed or stale data;
            // keep the bytes available so small overruns stay in the area.
            let room = (len as usize).clamp(natural, natural + 1100);
            match b.alloc(room, |d| {
                if let Some(head) = d.get_mut(..natural) {
                    head.copy_from_slice(bytes);
                }
            }) {
                Some(at) => Piece {
                    ptr: Ptr::Data(at),
                    len,
                },
                None => Piece::NULL,
            }
        }
        // Flush against the unmapped end: unterminated and faulting.
        2 => {
            let trimmed = match bytes.split_last() {
                Some((0, rest)) => rest,
                _ => bytes,
            };
            match b.at_end(trimmed) {
                Some(at) => Piece {
                    ptr: Ptr::Data(at),
                    len: if rng.chance(1, 2) {
                        trimmed.len() as u64
                    } else {
                        trimmed.len() as u64 + 1 + rng.below(64) as u64
                    },
                },
                None => Piece::NULL,
            }
        }
        // An address that is not ours.
        3 => Piece {
            ptr: bad_ptr(rng),
            len: if rng.chance(1, 2) {
                natural as u64
            } else {
                mutated_len(rng, natural)
            },
        },
        // Bytes flipped.
        _ => match b.bytes(bytes) {
            Some(at) => {
                let flips = 1 + rng.below(3);
                for _ in 0..flips {
                    if natural > 0 {
                        let i = at + rng.below(natural);
                        let v = rng.next_u32() as u8;
                        if let Some(byte) = b.data.get_mut(i) {
                            *byte = v;
                        }
                    }
                }
                Piece {
                    ptr: Ptr::Data(at),
                    len: natural as u64,
                }
            }
            None => Piece::NULL,
        },
    }
}

/// A NUL-terminated copy of `text` in a small stack buffer.
struct CStr {
    buf: [u8; 300],
    len: usize,
}

impl CStr {
    fn new(text: &[u8]) -> Self {
        let mut c = CStr {
            buf: [0; 300],
            len: 0,
        };
        let n = text.len().min(c.buf.len() - 1);
        if let (Some(dst), Some(src)) = (c.buf.get_mut(..n), text.get(..n)) {
            dst.copy_from_slice(src);
        }
        c.len = n + 1;
        c
    }

    fn prefixed(prefix: &[u8], text: &[u8]) -> Self {
        let mut joined = [0u8; 299];
        let p = prefix.len().min(joined.len());
        let t = text.len().min(joined.len() - p);
        if let Some(dst) = joined.get_mut(..p) {
            dst.copy_from_slice(prefix.get(..p).unwrap_or(&[]));
        }
        if let Some(dst) = joined.get_mut(p..p + t) {
            dst.copy_from_slice(text.get(..t).unwrap_or(&[]));
        }
        CStr::new(joined.get(..p + t).unwrap_or(&[]))
    }

    fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Writes a value of `kind` (valid most of the time) into a stack buffer;
/// returns its length.
fn value_bytes(rng: &mut Rng, kind: Kind, pools: &Pools<'_>, name: &str, out: &mut [u8]) -> usize {
    let put = |bytes: &[u8], out: &mut [u8]| {
        let n = bytes.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), bytes.get(..n)) {
            dst.copy_from_slice(src);
        }
        n
    };
    match kind {
        Kind::Int | Kind::UInt => {
            let v = if (name == "jid" || name == "parent" || name == "lastjid") && rng.chance(2, 3)
            {
                rng.pick(pools.jids).copied().unwrap_or(0)
            } else if rng.chance(3, 4) {
                *rng.pick(&INTS).unwrap_or(&0)
            } else {
                rng.next_u32() as i32
            };
            put(&v.to_ne_bytes(), out)
        }
        Kind::JailSys => {
            let v = if rng.chance(4, 5) {
                rng.below(3) as i32
            } else {
                *rng.pick(&INTS).unwrap_or(&0)
            };
            put(&v.to_ne_bytes(), out)
        }
        Kind::ULong => {
            let v = if rng.chance(1, 2) {
                rng.below(5) as u64
            } else {
                rng.next_u64()
            };
            put(&v.to_ne_bytes(), out)
        }
        Kind::Bool => {
            if rng.chance(3, 4) {
                0
            } else {
                put(&(rng.below(3) as i32).to_ne_bytes(), out)
            }
        }
        Kind::Str => {
            let text: &[u8] = if name == "name" {
                rng.pick(pools.names).copied().unwrap_or(b"fz0")
            } else if name == "path" {
                rng.pick(pools.paths).copied().unwrap_or(b"/")
            } else {
                match rng.below(4) {
                    0 => b"",
                    1 => b"fz.example",
                    2 => b"15.0-FUZZ",
                    _ => b"00000000-0000-0000-0000-000000000000",
                }
            };
            if rng.chance(1, 8) {
                // Long: around the 255/256 and 1023/1024 limits.
                let len = [254usize, 255, 256, 300, 1022, 1023, 1024, 1500][rng.below(8)];
                let n = len.min(out.len().saturating_sub(1));
                for (i, byte) in out.iter_mut().take(n).enumerate() {
                    *byte = b'a' + (i % 26) as u8;
                }
                if let Some(nul) = out.get_mut(n) {
                    *nul = 0;
                }
                n + 1
            } else {
                let n = put(text, out);
                if let Some(nul) = out.get_mut(n) {
                    *nul = 0;
                }
                n + 1
            }
        }
        Kind::In4Array | Kind::In6Array => {
            let size = if kind == Kind::In4Array { 4 } else { 16 };
            let count = [0usize, 1, 1, 2, 3, 17][rng.below(6)];
            let mut len = 0;
            for _ in 0..count {
                let Some(slot) = out.get_mut(len..len + size) else {
                    break;
                };
                match rng.below(4) {
                    0 => slot.fill(0),
                    1 => {
                        slot.fill(0);
                        if size == 4 {
                            slot.copy_from_slice(&[127, 0, 0, 1 + rng.below(3) as u8]);
                        } else if let Some(last) = slot.last_mut() {
                            *last = 1;
                        }
                    }
                    2 => {
                        if size == 4 {
                            slot.copy_from_slice(&[192, 0, 2, rng.below(4) as u8]);
                        } else {
                            slot.fill(0);
                            if let Some(prefix) = slot.get_mut(..4) {
                                prefix.copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
                            }
                            if let Some(last) = slot.last_mut() {
                                *last = rng.below(4) as u8;
                            }
                        }
                    }
                    _ => {
                        for byte in slot.iter_mut() {
                            *byte = rng.next_u32() as u8;
                        }
                    }
                }
                len += size;
            }
            len
        }
    }
}

/// Adds one parameter (name and value) to the request; `mutate` is the
/// chance, out of 16, that either half is damaged.
pub fn add_param(
    rng: &mut Rng,
    b: &mut Builder<'_>,
    param: &Param,
    pools: &Pools<'_>,
    mutate: u32,
    for_get: bool,
) {
    // The name: as catalogued, negated (`noname`, only booleans accept it),
    // or a near miss.
    // A clean request (`mutate` 0) keeps every name as catalogued.
    let variant = if mutate == 0 { 99 } else { rng.below(24) };
    let name = match variant {
        0 => CStr::prefixed(b"no", param.name.as_bytes()),
        1 => CStr::prefixed(param.name.as_bytes(), b".x"),
        2 => CStr::new(
            param
                .name
                .as_bytes()
                .get(..param.name.len() / 2)
                .unwrap_or(&[]),
        ),
        _ => CStr::new(param.name.as_bytes()),
    };
    let damage_name = rng.chance(mutate, 32);
    let name_piece = mutated_piece(rng, b, name.bytes(), damage_name);
    b.push(name_piece);
    // The value: what jail_get fills is an output buffer of the natural
    // size (or, damaged, any size); what jail_set reads is a value.
    let mut value = [0u8; 1600];
    let natural = if for_get && rng.chance(3, 4) {
        let size = param.kind.fixed_size().unwrap_or(match param.kind {
            Kind::Bool => 4,
            Kind::In4Array => 4 * [1usize, 2, 8][rng.below(3)],
            Kind::In6Array => 16 * [1usize, 2, 8][rng.below(3)],
            _ => [1usize, 16, 256, 1024][rng.below(4)],
        });
        size.min(value.len())
    } else {
        value_bytes(rng, param.kind, pools, &param.name, &mut value)
    };
    let bytes = value.get(..natural).unwrap_or(&[]);
    let damage_value = rng.chance(mutate, 16);
    if natural == 0 && !damage_value {
        b.push(Piece::NULL);
    } else {
        let piece = mutated_piece(rng, b, bytes, damage_value);
        b.push(piece);
    }
}

/// Adds `errmsg` with a buffer of a random size (libjail's 1024 most of
/// the time), or a bad one.
pub fn add_errmsg(rng: &mut Rng, b: &mut Builder<'_>, clean: bool) {
    let name = CStr::new(b"errmsg");
    let piece = mutated_piece(rng, b, name.bytes(), false);
    b.push(piece);
    let len = match if clean { 7 } else { rng.below(8) } {
        0 => 0,
        1 => 1,
        2 => 10,
        3 => {
            b.push(Piece {
                ptr: bad_ptr(rng),
                len: 1024,
            });
            return;
        }
        _ => 1024,
    };
    match b.alloc(len, |d| d.fill(0)) {
        Some(at) => b.push(Piece {
            ptr: Ptr::Data(at),
            len: len as u64,
        }),
        None => b.push(Piece::NULL),
    }
}

/// A random flag word for `jail_set` (`attach_ok`: whether JAIL_ATTACH may
/// be set; the driver's own process never attaches).
pub fn set_flags(rng: &mut Rng, attach_ok: bool) -> i32 {
    use flags::*;
    let mut f = match rng.below(10) {
        0..=3 => CREATE,
        4..=5 => UPDATE,
        6 => CREATE | UPDATE,
        7 => CREATE | ATTACH,
        8 => [0, DYING, USE_DESC, AT_DESC, GET_DESC, OWN_DESC, 0x100, -1][rng.below(8)],
        _ => rng.next_u32() as i32,
    };
    if rng.chance(1, 10) {
        f |= ATTACH;
    }
    if !attach_ok {
        f &= !ATTACH;
    }
    f
}

/// A random flag word for `jail_get`.
pub fn get_flags(rng: &mut Rng) -> i32 {
    use flags::*;
    match rng.below(8) {
        0..=3 => 0,
        4 | 5 => DYING,
        6 => [CREATE, UPDATE, ATTACH, USE_DESC, GET_DESC, 0x100, -1][rng.below(7)],
        _ => rng.next_u32() as i32,
    }
}

/// A jid to aim at: mostly one recently seen, else an edge.
pub fn jid(rng: &mut Rng, pools: &Pools<'_>) -> i32 {
    if rng.chance(3, 4) {
        if let Some(j) = rng.pick(pools.jids) {
            return *j;
        }
    }
    *rng.pick(&INTS).unwrap_or(&0)
}

/// A `struct jail` version to send: 0 and 2 are the valid ones.
pub fn jail_version(rng: &mut Rng) -> u32 {
    match rng.below(8) {
        0..=1 => 0,
        2..=4 => 2,
        5 => 1,
        6 => 3,
        _ => rng.next_u32(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pools() -> Pools<'static> {
        Pools {
            names: &NAME_POOL,
            jids: &[1, 2, 3],
            paths: &[b"/", b"/nonexistent"],
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        // Seed 0 is not degenerate.
        let mut zero = Rng::new(0);
        assert_ne!(zero.next_u64(), zero.next_u64());
    }

    #[test]
    fn below_stays_below() {
        let mut rng = Rng::new(7);
        for n in 1..50 {
            for _ in 0..50 {
                assert!(rng.below(n) < n);
            }
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn the_allowed_errnos_are_freebsds_per_call() {
        assert!(Call::Remove.allows(Errno::EINVAL));
        assert!(Call::Remove.allows(Errno::EPERM));
        assert!(!Call::Remove.allows(Errno::ENOENT));
        assert!(!Call::Attach.allows(Errno::ENOENT));
        assert!(Call::Get.allows(Errno::ENOENT));
        assert!(!Call::Get.allows(Errno::EEXIST));
        assert!(Call::Set.allows(Errno::EADDRINUSE));
        assert!(!Call::Set.allows(Errno::ENOSYS));
        for call in Call::ALL {
            assert!(!call.allows(Errno::ENOSYS), "{}", call.name());
            assert!(!call.allows(Errno(0)));
        }
    }

    #[test]
    fn formats_name_their_kinds() {
        assert_eq!(Kind::from_format("I"), Some(Kind::Int));
        assert_eq!(Kind::from_format("IU"), Some(Kind::UInt));
        assert_eq!(Kind::from_format("LU"), Some(Kind::ULong));
        assert_eq!(Kind::from_format("B"), Some(Kind::Bool));
        assert_eq!(Kind::from_format("A"), Some(Kind::Str));
        assert_eq!(Kind::from_format("E,jailsys"), Some(Kind::JailSys));
        assert_eq!(Kind::from_format("S,in_addr,a"), Some(Kind::In4Array));
        assert_eq!(Kind::from_format("S,in6_addr,a"), Some(Kind::In6Array));
        assert_eq!(Kind::from_format("N"), None);
    }

    #[test]
    fn an_undamaged_parameter_is_a_terminated_name_and_a_sized_value() {
        let mut area = vec![0u8; 1 << 16];
        let mut b = Builder::new(&mut area);
        let mut rng = Rng::new(1);
        let param = Param {
            name: "securelevel".into(),
            kind: Kind::Int,
        };
        for _ in 0..100 {
            b.reset();
            add_param(&mut rng, &mut b, &param, &pools(), 0, false);
            let pieces = b.pieces().to_vec();
            assert_eq!(pieces.len(), 2);
            let Ptr::Data(at) = pieces[0].ptr else {
                panic!("name not in the area: {:?}", pieces[0]);
            };
            let name = b.data_at(at, pieces[0].len as usize).unwrap();
            assert_eq!(name.last(), Some(&0));
            assert!(
                name.ends_with(b"securelevel\0")
                    || name.ends_with(b"securelevel.x\0")
                    || name == b"secur\0"
            );
            assert_eq!(pieces[1].len, 4);
        }
    }

    #[test]
    fn damage_produces_every_kind_of_bad_piece() {
        let mut area = vec![0u8; 1 << 20];
        let mut b = Builder::new(&mut area);
        let mut rng = Rng::new(9);
        let param = Param {
            name: "path".into(),
            kind: Kind::Str,
        };
        let mut seen = [false; 6];
        for _ in 0..2000 {
            b.reset();
            add_param(&mut rng, &mut b, &param, &pools(), 32, false);
            for piece in b.pieces() {
                let i = match piece.ptr {
                    Ptr::Data(_) => 0,
                    Ptr::Null => 1,
                    Ptr::Unmapped => 2,
                    Ptr::Kernel => 3,
                    Ptr::NonCanonical => 4,
                    Ptr::ReadOnly => 5,
                };
                seen[i] = true;
            }
        }
        assert_eq!(seen, [true; 6]);
    }

    #[test]
    fn at_end_is_flush_with_the_area_and_never_overlaps_the_front() {
        let mut area = vec![0u8; 64];
        let mut b = Builder::new(&mut area);
        let front = b.bytes(&[1; 40]).unwrap();
        assert_eq!(front, 0);
        let end = b.at_end(b"abc").unwrap();
        assert_eq!(end, 61);
        assert_eq!(b.data_at(61, 3), Some(&b"abc"[..]));
        assert_eq!(b.at_end(&[0; 30]), None);
        assert_eq!(b.bytes(&[0; 30]), None);
    }

    #[test]
    fn the_driver_never_gets_attach_when_it_must_not() {
        let mut rng = Rng::new(3);
        for _ in 0..10_000 {
            assert_eq!(set_flags(&mut rng, false) & flags::ATTACH, 0);
        }
        assert!((0..1000).any(|_| set_flags(&mut rng, true) & flags::ATTACH != 0));
    }
}
