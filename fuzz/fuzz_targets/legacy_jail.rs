//! `jail(2)`'s argument: `struct jail` v0 and v2 (src/abi/legacy.rs) read
//! from a fake user memory holding the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjail::abi::consts::{MAXHOSTNAMELEN, MAXPATHLEN};
use rjail::abi::fake_memory::FakeMemory;
use rjail::abi::legacy::{read_legacy_jail, JailV0, JailV2, JAIL_V0_SIZE, JAIL_V2_SIZE};
use rjail::errno::Errno;
use rjail_fuzz::{header, BASE};

fuzz_target!(|data: &[u8]| {
    let Some(([max_af_ips, offset], memory)) = header::<2>(data) else {
        return;
    };
    let max_af_ips = u32::from(max_af_ips);
    let mem = FakeMemory::new();
    mem.map(BASE, memory);
    match read_legacy_jail(&mem, BASE + usize::from(offset), max_af_ips) {
        Ok(jail) => {
            assert!(jail.version == 0 || jail.version == 2);
            assert!(jail.path.len() < MAXPATHLEN && !jail.path.contains(&0));
            assert!(jail.hostname.len() < MAXHOSTNAMELEN && !jail.hostname.contains(&0));
            if let Some(name) = &jail.name {
                assert!(name.len() < MAXHOSTNAMELEN && !name.contains(&0));
                assert_eq!(jail.version, 2);
            }
            assert!(jail.ip4.len() as u64 <= u64::from(max_af_ips));
            assert!(jail.ip6.len() as u64 <= u64::from(max_af_ips));
            if jail.version == 0 {
                assert_eq!(jail.ip4.len(), 1);
                assert!(jail.ip6.is_empty());
            }
        }
        Err(e) => assert!(
            matches!(e, Errno::EFAULT | Errno::EINVAL | Errno::ENAMETOOLONG),
            "{e:?}"
        ),
    }
    // The fixed images decode and encode back to the same fields.
    if let Some(raw) = memory.get(..JAIL_V2_SIZE) {
        let raw: [u8; JAIL_V2_SIZE] = raw.try_into().unwrap();
        let v2 = JailV2::from_bytes(&raw);
        assert_eq!(JailV2::from_bytes(&v2.to_bytes()), v2);
    }
    if let Some(raw) = memory.get(..JAIL_V0_SIZE) {
        let raw: [u8; JAIL_V0_SIZE] = raw.try_into().unwrap();
        let v0 = JailV0::from_bytes(&raw);
        assert_eq!(JailV0::from_bytes(&v0.to_bytes()), v0);
    }
});
