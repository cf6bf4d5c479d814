//! A [`Transport`] into rjail's host kernel model: the pairs are laid out in
//! the calling process's simulated user memory and the module's own
//! system-call entry points run on them, so CLI → library → ABI → module is
//! tested end to end on any host.

use rjail::abi::consts::IOVEC_SIZE;
use rjail::abi::flags::JailFlags;
use rjail::abi::legacy::JailV2;
use rjail::abi::options::{encode_iovecs, IoVec};
use rjail::errno::{Errno, KResult};
use rjail::host::Caller;
use rjail::prison::Registry;
use rjail::syscall;

use crate::transport::{Failure, LegacyJailRequest, Pair, Transport};

/// Where the arguments of each call are placed; regions are unmapped after
/// the call.
const ARGUMENTS_AT: usize = 0x4000_0000;
const SLOT: usize = 0x1_0000;

/// The module as one process of the host model sees it.
pub struct HostTransport<'k> {
    pub registry: &'k Registry,
    pub caller: Caller<'k>,
}

/// User memory regions placed for one call.
struct Placement<'c, 'k> {
    caller: &'c Caller<'k>,
    regions: Vec<usize>,
    next: usize,
}

impl<'c, 'k> Placement<'c, 'k> {
    fn new(caller: &'c Caller<'k>) -> Self {
        Placement {
            caller,
            regions: Vec::new(),
            next: ARGUMENTS_AT,
        }
    }

    /// Maps `bytes` (at least one byte of room) and returns its address.
    fn put(&mut self, bytes: &[u8]) -> KResult<usize> {
        let at = self.next;
        self.next += bytes.len().div_ceil(SLOT).max(1) * SLOT;
        self.caller.map(at, bytes.len().max(1));
        self.regions.push(at);
        self.caller.poke(at, bytes)?;
        Ok(at)
    }
}

impl Drop for Placement<'_, '_> {
    fn drop(&mut self) {
        for &region in &self.regions {
            self.caller.unmap(region);
        }
    }
}

fn internal(errno: Errno) -> Failure {
    Failure::errno(errno)
}

impl HostTransport<'_> {
    fn iov_call(
        &self,
        pairs: &mut [Pair],
        flags: JailFlags,
        entry: impl FnOnce(usize, u32, i32) -> KResult<i32>,
    ) -> Result<i32, Failure> {
        let mut placement = Placement::new(&self.caller);
        let mut records = Vec::with_capacity(pairs.len() * 2);
        for pair in pairs.iter() {
            let name = placement.put(&pair.name).map_err(internal)?;
            records.push(IoVec {
                base: name as u64,
                len: pair.name.len() as u64,
            });
            let value = if pair.value.is_empty() {
                0
            } else {
                placement.put(&pair.value).map_err(internal)?
            };
            records.push(IoVec {
                base: value as u64,
                len: pair.value.len() as u64,
            });
        }
        let iov_at = placement.put(&encode_iovecs(&records)).map_err(internal)?;
        let niov = u32::try_from(records.len()).map_err(|_| internal(Errno::EINVAL))?;
        let result = entry(iov_at, niov, flags.bits() as i32);
        // Read back every buffer (the errmsg on failure, values on success)
        // and the lengths the kernel left in the iovec array.
        let array = self
            .caller
            .peek(iov_at, records.len() * IOVEC_SIZE)
            .map_err(internal)?;
        for (pair, (record, returned)) in pairs.iter_mut().zip(
            records
                .iter()
                .skip(1)
                .step_by(2)
                .zip(array.chunks_exact(IOVEC_SIZE).skip(1).step_by(2)),
        ) {
            if record.base != 0 {
                pair.value = self
                    .caller
                    .peek(record.base as usize, pair.value.len())
                    .map_err(internal)?;
            }
            let returned = IoVec::from_bytes(returned.try_into().unwrap_or_default());
            pair.len = returned.len as usize;
        }
        result.map_err(|errno| Failure::from_pairs(errno, pairs))
    }
}

impl Transport for HostTransport<'_> {
    fn jail_set(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure> {
        let (registry, caller) = (self.registry, self.caller);
        self.iov_call(pairs, flags, |iov, niov, flags| {
            syscall::jail_set(registry, &caller, iov, niov, flags)
        })
    }

    fn jail_get(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure> {
        let (registry, caller) = (self.registry, self.caller);
        self.iov_call(pairs, flags, |iov, niov, flags| {
            syscall::jail_get(registry, &caller, iov, niov, flags)
        })
    }

    fn jail_attach(&mut self, jid: i32) -> Result<(), Failure> {
        syscall::jail_attach(self.registry, &self.caller, jid).map_err(Failure::errno)
    }

    fn jail_remove(&mut self, jid: i32) -> Result<(), Failure> {
        syscall::jail_remove(self.registry, &self.caller, jid).map_err(Failure::errno)
    }

    fn jail_legacy(&mut self, request: &LegacyJailRequest) -> Result<i32, Failure> {
        let mut placement = Placement::new(&self.caller);
        let mut string = |s: &str| {
            let mut bytes = s.as_bytes().to_vec();
            bytes.push(0);
            placement.put(&bytes).map(|at| at as u64)
        };
        let path = string(&request.path).map_err(internal)?;
        let hostname = string(&request.hostname).map_err(internal)?;
        let jailname = match &request.name {
            Some(name) => string(name).map_err(internal)?,
            None => 0,
        };
        let ip4 = placement.put(&request.ip4.concat()).map_err(internal)? as u64;
        let ip6 = placement.put(&request.ip6.concat()).map_err(internal)? as u64;
        let jail = JailV2 {
            version: rjail::abi::consts::JAIL_API_VERSION,
            path,
            hostname,
            jailname,
            ip4s: request.ip4.len() as u32,
            ip6s: request.ip6.len() as u32,
            ip4,
            ip6,
        };
        let at = placement.put(&jail.to_bytes()).map_err(internal)?;
        syscall::jail(self.registry, &self.caller, at).map_err(Failure::errno)
    }
}
