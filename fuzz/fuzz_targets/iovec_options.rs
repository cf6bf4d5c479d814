//! `jail_set`/`jail_get` option lists: the iovec array and every name and
//! value it points at (src/abi/options.rs), read from a fake user memory
//! holding the input; then every accessor and both write-backs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjail::abi::catalogue::{negated_name, PARAMS};
use rjail::abi::fake_memory::FakeMemory;
use rjail::abi::options::{equal_option_names, read_iovecs};
use rjail::errno::Errno;
use rjail_fuzz::{header, BASE};

fuzz_target!(|data: &[u8]| {
    let Some((head, memory)) = header::<4>(data) else {
        return;
    };
    let niov = u32::from(u16::from_le_bytes([head[0], head[1]]));
    let offset = usize::from(u16::from_le_bytes([head[2], head[3]]));
    let iov_uaddr = BASE + offset;
    let mem = FakeMemory::new();
    mem.map(BASE, memory);
    let iovecs = match read_iovecs(&mem, iov_uaddr, niov) {
        Ok(iovecs) => iovecs,
        Err(e) => {
            assert!(matches!(e, Errno::EINVAL | Errno::EFAULT), "{e:?}");
            return;
        }
    };
    assert_eq!(iovecs.records().len() as u32, niov);
    let mut opts = match iovecs.build_options(&mem) {
        Ok(opts) => opts,
        Err(e) => {
            assert!(matches!(e, Errno::EINVAL | Errno::EFAULT), "{e:?}");
            return;
        }
    };
    assert!(opts.len() as u32 <= niov / 2);
    let all: Vec<(Vec<u8>, usize)> = opts.iter().map(|o| (o.name().to_vec(), o.pos())).collect();
    for (i, (name, pos)) in all.iter().enumerate() {
        // An empty C string ("\0", length 1) is a name vfs_buildopts accepts.
        assert!(!name.contains(&0));
        assert!((*pos as u32) < niov / 2);
        // Sanitising left no two options of the same name.
        for (other, _) in all.iter().skip(i + 1) {
            assert!(!equal_option_names(name, other));
        }
    }
    // Every accessor on every catalogued name, plain and negated.
    for spec in PARAMS {
        for name in [spec.name.to_string(), negated_name(spec.name)] {
            let _ = opts.get(&name);
            let _ = opts.pos(&name);
            let _ = opts.len_of(&name);
            let _ = opts.copy_i32(&name);
            let _ = opts.copy_u32(&name);
            let _ = opts.copy_u64(&name);
            let _ = opts.flag(&name);
            if let Ok(Some(s)) = opts.get_string(&name) {
                assert!(!s.contains(&0));
            }
            let mut exact = [0u8; 16];
            let _ = opts.copy_exact(&name, &mut exact);
        }
    }
    let _ = opts.unseen();
    for (name, _) in &all {
        if let Ok(text) = core::str::from_utf8(name) {
            let _ = opts.set_i32(text, 7);
            let _ = opts.set_u64(text, 7);
            let _ = opts.set_string(text, b"value");
            let _ = opts.set_partial(text, b"partial value");
            let _ = opts.set_value(text, &[1, 2, 3]);
        }
    }
    opts.errmsg_set("fuzzed message that may not fit the caller's buffer");
    let _ = opts.errmsg();
    opts.write_back_errmsg(&mem, iov_uaddr);
    match opts.write_back_values(&mem, iov_uaddr) {
        Ok(()) => {}
        Err(e) => assert_eq!(e, Errno::EFAULT),
    }
});
