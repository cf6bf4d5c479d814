//! `security.jail.list` records (src/abi/xprison.rs): any bytes decode or
//! are refused without a panic, and what decodes encodes back to the same
//! records.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjail::abi::xprison::{decode_xprisons, encode_xprison, encoded_len, XPrisonEntry};

fuzz_target!(|data: &[u8]| {
    let Some(records) = decode_xprisons(data) else {
        return;
    };
    let mut again = Vec::new();
    for r in &records {
        let entry = XPrisonEntry {
            jid: r.jid,
            state: r.state,
            cpuset_id: r.cpuset_id,
            path: &r.path,
            hostname: &r.hostname,
            name: &r.name,
            ip4: &r.ip4,
            ip6: &r.ip6,
        };
        let before = again.len();
        encode_xprison(&entry, &mut again);
        assert_eq!(again.len() - before, encoded_len(&entry));
    }
    let decoded = decode_xprisons(&again).expect("what was encoded decodes");
    assert_eq!(decoded.len(), records.len());
    for (a, b) in decoded.iter().zip(&records) {
        assert_eq!((a.jid, a.state, a.cpuset_id), (b.jid, b.state, b.cpuset_id));
        assert_eq!((&a.ip4, &a.ip6), (&b.ip4, &b.ip6));
        // A string that filled its whole field comes back cut by one byte
        // (the encoder always terminates it); otherwise unchanged.
        for (x, y) in [
            (&a.path, &b.path),
            (&a.hostname, &b.hostname),
            (&a.name, &b.name),
        ] {
            assert!(y.starts_with(x) && y.len() - x.len() <= 1);
        }
    }
});
