//! A user address space for the unit tests of this module and the fuzz
//! targets (feature `fuzzing`): a few mapped regions, faults everywhere
//! else.

use alloc::vec;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::consts::VM_MAXUSER_ADDRESS;
use super::UserMemory;
use crate::errno::{Errno, KResult};

#[derive(Default)]
pub struct FakeMemory {
    regions: RefCell<Vec<(usize, Vec<u8>)>>,
}

impl FakeMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps `bytes` at `base`.
    pub fn map(&self, base: usize, bytes: &[u8]) {
        self.regions.borrow_mut().push((base, bytes.to_vec()));
    }

    /// Maps `len` zero bytes at `base`.
    pub fn map_zeroed(&self, base: usize, len: usize) {
        self.map(base, &vec![0; len]);
    }

    /// Reads `len` mapped bytes at `base` (panics when unmapped: tests only).
    pub fn read(&self, base: usize, len: usize) -> Vec<u8> {
        let mut out = vec![0; len];
        self.copyin(base, &mut out)
            .expect("test reads mapped memory");
        out
    }

    fn with_byte<R>(&self, addr: usize, f: impl FnOnce(&mut u8) -> R) -> KResult<R> {
        let mut regions = self.regions.borrow_mut();
        for (base, bytes) in regions.iter_mut() {
            if let Some(offset) = addr.checked_sub(*base) {
                if let Some(byte) = bytes.get_mut(offset) {
                    return Ok(f(byte));
                }
            }
        }
        Err(Errno::EFAULT)
    }

    fn check_range(uaddr: usize, len: usize) -> KResult<()> {
        match uaddr.checked_add(len) {
            Some(end) if end <= VM_MAXUSER_ADDRESS => Ok(()),
            _ => Err(Errno::EFAULT),
        }
    }
}

impl UserMemory for FakeMemory {
    fn copyin(&self, uaddr: usize, dst: &mut [u8]) -> KResult<()> {
        Self::check_range(uaddr, dst.len())?;
        for (i, slot) in dst.iter_mut().enumerate() {
            *slot = self.with_byte(uaddr + i, |b| *b)?;
        }
        Ok(())
    }

    fn copyout(&self, src: &[u8], uaddr: usize) -> KResult<()> {
        Self::check_range(uaddr, src.len())?;
        for i in 0..src.len() {
            self.with_byte(uaddr + i, |_| ())?;
        }
        for (i, &value) in src.iter().enumerate() {
            self.with_byte(uaddr + i, |b| *b = value)?;
        }
        Ok(())
    }

    fn copyinstr(&self, uaddr: usize, dst: &mut [u8]) -> KResult<usize> {
        for (i, slot) in dst.iter_mut().enumerate() {
            let addr = uaddr.checked_add(i).ok_or(Errno::EFAULT)?;
            Self::check_range(addr, 1)?;
            *slot = self.with_byte(addr, |b| *b)?;
            if *slot == 0 {
                return Ok(i + 1);
            }
        }
        Err(Errno::ENAMETOOLONG)
    }
}

/// A deterministic pseudo-random generator for the fuzz-style tests
/// (xorshift64*), so a failure reproduces from its seed.
#[cfg(test)]
pub(crate) struct TestRng(u64);

#[cfg(test)]
impl TestRng {
    pub(crate) fn new(seed: u64) -> Self {
        TestRng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..bound` (`bound` > 0).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    pub(crate) fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}
