//! The `kern.malloc_stats` sysctl (`sys/kern/kern_malloc.c`,
//! `sys/sys/malloc.h`): what `vmstat -m` reads. One stream header (version,
//! the kernel's MAXCPU, the number of types), then per malloc type a 32-byte
//! name followed by MAXCPU per-CPU statistics records of 64 bytes each
//! (bytes allocated, bytes freed, allocations, frees, then a size mask and
//! reserved words). A type's memory in use is what all CPUs allocated minus
//! what all CPUs freed; a block freed on another CPU than the one that
//! allocated it makes a single CPU's difference negative, so only the sums
//! mean anything.

use crate::iov::until_nul;

/// `MALLOC_TYPE_STREAM_VERSION`.
pub const STREAM_VERSION: u32 = 1;
/// `struct malloc_type_stream_header`: four `uint32_t`.
pub const STREAM_HEADER_SIZE: usize = 16;
/// `struct malloc_type_header`: the type's short description, NUL padded.
pub const TYPE_NAME_SIZE: usize = 32;
/// `struct malloc_type_stats`: eight `uint64_t`.
pub const CPU_STATS_SIZE: usize = 64;

/// One malloc type's totals over all CPUs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeUsage {
    /// Bytes allocated and not freed.
    pub bytes: i64,
    /// Allocations not freed.
    pub allocations: i64,
}

/// Why a reply could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// Shorter than its header.
    Truncated,
    /// A stream version this reader does not know.
    Version(u32),
    /// A MAXCPU of 0 or one whose records do not fit in memory.
    BadMaxCpus(u32),
    /// The header promises more records than the reply holds.
    ShortRecords { promised: u32, present: usize },
}

fn u32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let word = bytes.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_ne_bytes(word.try_into().ok()?))
}

fn u64_at(bytes: &[u8], offset: usize) -> Option<u64> {
    let word = bytes.get(offset..offset.checked_add(8)?)?;
    Some(u64::from_ne_bytes(word.try_into().ok()?))
}

/// The usage of malloc type `name` in a `kern.malloc_stats` reply, or
/// `Ok(None)` if the kernel has no such type (e.g. the module is not loaded).
pub fn usage_of(reply: &[u8], name: &str) -> Result<Option<TypeUsage>, StreamError> {
    let version = u32_at(reply, 0).ok_or(StreamError::Truncated)?;
    let max_cpus = u32_at(reply, 4).ok_or(StreamError::Truncated)?;
    let count = u32_at(reply, 8).ok_or(StreamError::Truncated)?;
    if version != STREAM_VERSION {
        return Err(StreamError::Version(version));
    }
    let record_size = usize::try_from(max_cpus)
        .ok()
        .filter(|&cpus| cpus > 0)
        .and_then(|cpus| cpus.checked_mul(CPU_STATS_SIZE))
        .and_then(|stats| stats.checked_add(TYPE_NAME_SIZE))
        .ok_or(StreamError::BadMaxCpus(max_cpus))?;
    let records = reply.get(STREAM_HEADER_SIZE..).unwrap_or(&[]);
    let present = records.len() / record_size;
    if usize::try_from(count).map_or(true, |count| count > present) {
        return Err(StreamError::ShortRecords {
            promised: count,
            present,
        });
    }
    for record in records.chunks_exact(record_size).take(present) {
        let (type_name, stats) = record.split_at(TYPE_NAME_SIZE);
        if until_nul(type_name) != name {
            continue;
        }
        let (mut allocated, mut freed, mut allocs, mut frees) = (0u64, 0u64, 0u64, 0u64);
        for cpu in stats.chunks_exact(CPU_STATS_SIZE) {
            allocated = allocated.wrapping_add(u64_at(cpu, 0).unwrap_or(0));
            freed = freed.wrapping_add(u64_at(cpu, 8).unwrap_or(0));
            allocs = allocs.wrapping_add(u64_at(cpu, 16).unwrap_or(0));
            frees = frees.wrapping_add(u64_at(cpu, 24).unwrap_or(0));
        }
        return Ok(Some(TypeUsage {
            bytes: allocated.wrapping_sub(freed) as i64,
            allocations: allocs.wrapping_sub(frees) as i64,
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// One CPU's (bytes allocated, bytes freed, allocations, frees).
    type Cpu = (u64, u64, u64, u64);

    /// A reply as the kernel builds it: `types` of (name, per-CPU
    /// counters), padded with zeroed CPUs.
    fn stream(max_cpus: u32, types: &[(&str, &[Cpu])]) -> Vec<u8> {
        let mut out = Vec::new();
        for word in [STREAM_VERSION, max_cpus, types.len() as u32, 0] {
            out.extend_from_slice(&word.to_ne_bytes());
        }
        for (name, cpus) in types {
            let mut header = [0u8; TYPE_NAME_SIZE];
            header[..name.len()].copy_from_slice(name.as_bytes());
            out.extend_from_slice(&header);
            for cpu in 0..max_cpus as usize {
                let (a, f, n, m) = cpus.get(cpu).copied().unwrap_or_default();
                for word in [a, f, n, m, 0xff, 0, 0, 0] {
                    out.extend_from_slice(&word.to_ne_bytes());
                }
            }
        }
        out
    }

    #[test]
    fn sums_every_cpu_of_the_named_type_only() {
        let reply = stream(
            4,
            &[
                ("devbuf", &[(1000, 0, 10, 0)]),
                // Freed on CPU 1 what CPU 0 allocated: CPU 1 alone is negative.
                (
                    "rjail",
                    &[(4096, 1024, 5, 1), (0, 2048, 0, 2), (512, 0, 1, 0)],
                ),
                ("rjailx", &[(7, 0, 1, 0)]),
            ],
        );
        assert_eq!(
            usage_of(&reply, "rjail"),
            Ok(Some(TypeUsage {
                bytes: 1536,
                allocations: 3
            }))
        );
        assert_eq!(
            usage_of(&reply, "devbuf").unwrap().unwrap().bytes,
            1000,
            "first record"
        );
        assert_eq!(usage_of(&reply, "rjai"), Ok(None));
        assert_eq!(usage_of(&reply, "nosuch"), Ok(None));
    }

    #[test]
    fn malformed_streams_are_errors_not_panics() {
        assert_eq!(usage_of(&[1, 0, 0], "rjail"), Err(StreamError::Truncated));
        let mut wrong = stream(2, &[("rjail", &[])]);
        wrong[0] = 2;
        assert_eq!(usage_of(&wrong, "rjail"), Err(StreamError::Version(2)));
        let zero_cpus = stream(0, &[]);
        assert_eq!(
            usage_of(&zero_cpus, "rjail"),
            Err(StreamError::BadMaxCpus(0))
        );
        let huge = {
            let mut s = stream(1, &[]);
            s[4..8].copy_from_slice(&u32::MAX.to_ne_bytes());
            s
        };
        // u32::MAX CPUs fit a 64-bit usize; the records are simply absent.
        assert!(usage_of(&huge, "rjail").is_ok());
        let mut cut = stream(2, &[("a", &[]), ("rjail", &[(8, 0, 1, 0)])]);
        cut.truncate(cut.len() - 1);
        assert_eq!(
            usage_of(&cut, "rjail"),
            Err(StreamError::ShortRecords {
                promised: 2,
                present: 1
            })
        );
    }
}
