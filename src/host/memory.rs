//! Simulated user memory (what copyin(9), copyout(9) and copyinstr(9) see,
//! sys/amd64/amd64/support.S) and helpers that lay out system-call
//! arguments in it.

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

use super::Caller;
use crate::abi::consts::VM_MAXUSER_ADDRESS;
use crate::abi::options::{encode_iovecs, IoVec};
use crate::errno::{Errno, KResult};

/// A process's mapped regions: start address → bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserSpace {
    regions: BTreeMap<usize, Vec<u8>>,
}

impl UserSpace {
    pub fn map(&mut self, addr: usize, len: usize) {
        self.regions.insert(addr, vec![0; len]);
    }

    pub fn unmap(&mut self, addr: usize) {
        self.regions.remove(&addr);
    }

    /// The region holding `addr`, and the offset of `addr` in it.
    fn locate(&self, addr: usize) -> Option<(usize, usize)> {
        let (&start, bytes) = self.regions.range(..=addr).next_back()?;
        let offset = addr - start;
        (offset < bytes.len()).then_some((start, offset))
    }

    /// Zero-length copies fault only past the user address space.
    fn empty_ok(addr: usize) -> KResult<()> {
        if addr <= VM_MAXUSER_ADDRESS {
            Ok(())
        } else {
            Err(Errno::EFAULT)
        }
    }

    pub fn read(&self, addr: usize, dst: &mut [u8]) -> KResult<()> {
        if dst.is_empty() {
            return Self::empty_ok(addr);
        }
        let (start, offset) = self.locate(addr).ok_or(Errno::EFAULT)?;
        let end = offset.checked_add(dst.len()).ok_or(Errno::EFAULT)?;
        let src = self
            .regions
            .get(&start)
            .and_then(|r| r.get(offset..end))
            .ok_or(Errno::EFAULT)?;
        dst.copy_from_slice(src);
        Ok(())
    }

    pub fn write(&mut self, addr: usize, src: &[u8]) -> KResult<()> {
        if src.is_empty() {
            return Self::empty_ok(addr);
        }
        let (start, offset) = self.locate(addr).ok_or(Errno::EFAULT)?;
        let end = offset.checked_add(src.len()).ok_or(Errno::EFAULT)?;
        let dst = self
            .regions
            .get_mut(&start)
            .and_then(|r| r.get_mut(offset..end))
            .ok_or(Errno::EFAULT)?;
        dst.copy_from_slice(src);
        Ok(())
    }

    /// copyinstr: byte by byte up to the NUL; EFAULT on an unmapped byte,
    /// ENAMETOOLONG when `dst` fills without a NUL.
    pub fn read_str(&self, addr: usize, dst: &mut [u8]) -> KResult<usize> {
        for (i, slot) in dst.iter_mut().enumerate() {
            let at = addr.checked_add(i).ok_or(Errno::EFAULT)?;
            let mut byte = [0u8];
            self.read(at, &mut byte)?;
            *slot = byte[0];
            if byte[0] == 0 {
                return Ok(i + 1);
            }
        }
        Err(Errno::ENAMETOOLONG)
    }
}

/// The value half of one name/value pair.
#[derive(Clone, Debug)]
pub enum Value {
    /// These bytes, as given (add the NUL of a string yourself, or use
    /// [`IovBuilder::string`]).
    Bytes(Vec<u8>),
    /// A NULL pointer with length 0 (a boolean, or "tell me the length").
    Null,
    /// A zeroed buffer of that many bytes (a jail_get output).
    Buffer(usize),
    /// Exactly this iovec record (bad pointers, huge lengths).
    Raw { base: u64, len: u64 },
}

/// A list of name/value pairs to lay out as a jail_set/jail_get iovec array.
#[derive(Clone, Debug, Default)]
pub struct IovBuilder {
    pairs: Vec<(Value, Value)>,
}

/// Where [`IovBuilder::place`] put things.
#[derive(Clone, Debug)]
pub struct Placed {
    pub iov: usize,
    pub niov: u32,
    /// Address of each value (0 for NULL/raw ones).
    pub values: Vec<usize>,
}

impl IovBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A pair with a NUL-terminated name.
    pub fn param(mut self, name: &str, value: Value) -> Self {
        let mut n = name.as_bytes().to_vec();
        n.push(0);
        self.pairs.push((Value::Bytes(n), value));
        self
    }

    /// A pair whose name is given as is (unterminated, empty, raw).
    pub fn raw_pair(mut self, name: Value, value: Value) -> Self {
        self.pairs.push((name, value));
        self
    }

    /// A boolean (name without value).
    pub fn flag(self, name: &str) -> Self {
        self.param(name, Value::Null)
    }

    pub fn int(self, name: &str, value: i32) -> Self {
        self.param(name, Value::Bytes(value.to_ne_bytes().to_vec()))
    }

    pub fn ulong(self, name: &str, value: u64) -> Self {
        self.param(name, Value::Bytes(value.to_ne_bytes().to_vec()))
    }

    /// A string value with its NUL.
    pub fn string(self, name: &str, value: &str) -> Self {
        let mut v = value.as_bytes().to_vec();
        v.push(0);
        self.param(name, Value::Bytes(v))
    }

    /// An output buffer of `len` bytes.
    pub fn out(self, name: &str, len: usize) -> Self {
        self.param(name, Value::Buffer(len))
    }

    /// The `errmsg` buffer libjail always adds (1024 bytes).
    pub fn errmsg(self) -> Self {
        self.out("errmsg", crate::abi::consts::JAIL_ERRMSGLEN)
    }

    /// Maps a region at `at` and writes the iovec array followed by the
    /// names and values into it.
    pub fn place(&self, caller: &Caller<'_>, at: usize) -> Placed {
        let count = self.pairs.len() * 2;
        let mut data: Vec<u8> = vec![0; count * 16];
        let mut records = Vec::with_capacity(count);
        let mut values = Vec::new();
        let put = |v: &Value, data: &mut Vec<u8>| -> (IoVec, usize) {
            match v {
                Value::Bytes(b) => {
                    let addr = at + data.len();
                    data.extend_from_slice(b);
                    // Keep every item 8-byte aligned, as a C caller would.
                    while data.len() & 7 != 0 {
                        data.push(0xee);
                    }
                    (
                        IoVec {
                            base: addr as u64,
                            len: b.len() as u64,
                        },
                        addr,
                    )
                }
                Value::Buffer(len) => {
                    let addr = at + data.len();
                    data.resize(data.len() + len, 0);
                    while data.len() & 7 != 0 {
                        data.push(0);
                    }
                    (
                        IoVec {
                            base: addr as u64,
                            len: *len as u64,
                        },
                        addr,
                    )
                }
                Value::Null => (IoVec::default(), 0),
                Value::Raw { base, len } => (
                    IoVec {
                        base: *base,
                        len: *len,
                    },
                    0,
                ),
            }
        };
        for (name, value) in &self.pairs {
            let (n, _) = put(name, &mut data);
            let (v, addr) = put(value, &mut data);
            records.push(n);
            records.push(v);
            values.push(addr);
        }
        let header = encode_iovecs(&records);
        if let Some(dst) = data.get_mut(..header.len()) {
            dst.copy_from_slice(&header);
        }
        caller.map(at, data.len().max(1));
        let _ = caller.poke(at, &data);
        Placed {
            iov: at,
            niov: count as u32,
            values,
        }
    }
}

impl Placed {
    /// The `iov_len` of the value of pair `index`, as the array now says.
    pub fn value_len(&self, caller: &Caller<'_>, index: usize) -> u64 {
        let at = self.iov + (index * 2 + 1) * 16 + 8;
        caller
            .peek(at, 8)
            .ok()
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map_or(u64::MAX, u64::from_ne_bytes)
    }

    /// The bytes of the value buffer of pair `index`.
    pub fn value(&self, caller: &Caller<'_>, index: usize, len: usize) -> Vec<u8> {
        let addr = self.values.get(index).copied().unwrap_or(0);
        caller.peek(addr, len).unwrap_or_default()
    }

    /// An int value written back.
    pub fn int(&self, caller: &Caller<'_>, index: usize) -> i32 {
        let b = self.value(caller, index, 4);
        <[u8; 4]>::try_from(b.as_slice()).map_or(i32::MIN, i32::from_ne_bytes)
    }

    /// A string value written back (up to its NUL).
    pub fn string(&self, caller: &Caller<'_>, index: usize, len: usize) -> Vec<u8> {
        let b = self.value(caller, index, len);
        let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
        b.get(..end).unwrap_or_default().to_vec()
    }
}
