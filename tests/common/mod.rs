//! Shared set-up for the host integration tests: a registry, a modelled
//! kernel, and helpers that lay out system-call arguments in a process's
//! user memory and call the real entry points.
#![allow(dead_code)]

use std::cell::Cell;

use rjail::abi::consts::JAIL_ERRMSGLEN;
use rjail::abi::legacy::JailV2;
use rjail::errno::KResult;
use rjail::host::{Caller, HostKernel, IovBuilder, Placed};
use rjail::prison::Registry;
use rjail::syscall;

pub const CREATE: i32 = 0x01;
pub const UPDATE: i32 = 0x02;
pub const ATTACH: i32 = 0x04;
pub const DYING: i32 = 0x08;

/// Where [`place_v2`] puts a `struct jail`.
pub const LEGACY_JAIL_AT: usize = 0x40_0000;

pub struct World {
    // Declared first so processes (and their labels) go before the tree.
    pub kernel: HostKernel,
    pub reg: Registry,
    next_region: Cell<usize>,
}

/// The result of a jail_set/jail_get call and where its arguments lie.
pub struct Call {
    pub result: KResult<i32>,
    pub placed: Placed,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    pub fn new() -> Self {
        World {
            kernel: HostKernel::new(),
            reg: Registry::new(),
            next_region: Cell::new(0x10_0000),
        }
    }

    pub fn init(&self) -> Caller<'_> {
        self.kernel.init()
    }

    fn region(&self) -> usize {
        let at = self.next_region.get();
        self.next_region.set(at + 0x10_0000);
        at
    }

    pub fn set(&self, caller: &Caller<'_>, params: &IovBuilder, flags: i32) -> Call {
        let placed = params.place(caller, self.region());
        let result = syscall::jail_set(&self.reg, caller, placed.iov, placed.niov, flags);
        Call { result, placed }
    }

    pub fn get(&self, caller: &Caller<'_>, params: &IovBuilder, flags: i32) -> Call {
        let placed = params.place(caller, self.region());
        let result = syscall::jail_get(&self.reg, caller, placed.iov, placed.niov, flags);
        Call { result, placed }
    }

    /// Creates a persistent prison with `name` and extra parameters.
    pub fn create(&self, caller: &Caller<'_>, name: &str, extra: IovBuilder) -> i32 {
        let params = extra.string("name", name).flag("persist").errmsg();
        let call = self.set(caller, &params, CREATE);
        match call.result {
            Ok(jid) => jid,
            Err(e) => panic!(
                "creating {name}: {e:?} {:?}",
                String::from_utf8_lossy(&errmsg(caller, &call))
            ),
        }
    }

    /// (jid, full name, alive) of every prison, in jid order.
    pub fn snapshot(&self) -> Vec<(i32, Vec<u8>, bool)> {
        let tree = self.reg.read();
        tree.iter()
            .map(|p| (p.jid(), p.config().name.to_vec(), p.is_alive()))
            .collect()
    }
}

/// The parameters of a persistent prison called `name`; more can follow.
pub fn persist(name: &str) -> IovBuilder {
    IovBuilder::new().string("name", name).flag("persist")
}

/// The errmsg text written back, if the call had an errmsg pair last.
pub fn errmsg(caller: &Caller<'_>, call: &Call) -> Vec<u8> {
    let index = call.placed.values.len() - 1;
    call.placed.string(caller, index, JAIL_ERRMSGLEN)
}

/// Asserts the errno and the errmsg text of a call whose last pair is errmsg.
#[track_caller]
pub fn assert_fails(caller: &Caller<'_>, call: &Call, errno: rjail::errno::Errno, message: &str) {
    assert_eq!(call.result, Err(errno));
    assert_eq!(String::from_utf8_lossy(&errmsg(caller, call)), message);
}

/// Lays out strings and a version 2 `struct jail` at [`LEGACY_JAIL_AT`] in
/// `c`'s memory, for jail(2); returns its address.
pub fn place_v2(
    c: &Caller<'_>,
    path: &str,
    host: &str,
    name: Option<&str>,
    ip4: &[[u8; 4]],
) -> usize {
    c.map(LEGACY_JAIL_AT, 0x10000);
    let mut cursor = LEGACY_JAIL_AT + 0x100;
    let mut put = |bytes: &[u8]| {
        let addr = cursor;
        c.poke(addr, bytes).unwrap();
        cursor += bytes.len() + 8;
        addr as u64
    };
    let cstr = |s: &str| [s.as_bytes(), b"\0"].concat();
    let path = put(&cstr(path));
    let hostname = put(&cstr(host));
    let jailname = name.map_or(0, |n| put(&cstr(n)));
    let ip4_addr = put(&ip4.concat());
    let j = JailV2 {
        version: 2,
        path,
        hostname,
        jailname,
        ip4s: ip4.len() as u32,
        ip6s: 0,
        ip4: ip4_addr,
        ip6: 0,
    };
    c.poke(LEGACY_JAIL_AT, &j.to_bytes()).unwrap();
    LEGACY_JAIL_AT
}
