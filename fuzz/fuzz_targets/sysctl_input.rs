//! What a sysctl write hands the module (src/sysctl): a knob and an `int`
//! from the host or from a prisoner, in any order, interleaved with
//! prisons being made; then the `security.jail.list` payload must decode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjail::abi::xprison::decode_xprisons;
use rjail::errno::Errno;
use rjail::prison::Registry;
use rjail::sysctl::{knob_read, knob_write, list, KnobKind, KNOBS};
use rjail_fuzz::child;

fuzz_target!(|data: &[u8]| {
    let reg = Registry::new();
    let mut prisoners = Vec::new();
    // Each operation: [op, knob, value (4 bytes)].
    for op in data.chunks_exact(6) {
        let knob = &KNOBS[usize::from(op[1]) % KNOBS.len()];
        let value = i32::from_ne_bytes([op[2], op[3], op[4], op[5]]);
        let viewer = if op[0] & 0x80 != 0 {
            prisoners.get(usize::from(op[0] & 0x0f) % prisoners.len().max(1))
        } else {
            None
        };
        match op[0] & 0x03 {
            0 => {
                let result = knob_write(&reg, viewer, knob, value);
                if viewer.is_some() || !knob.writable() {
                    assert_eq!(result, Err(Errno::EPERM));
                } else {
                    assert_eq!(result, Ok(()));
                    // What was written reads back from the host.
                    let read = knob_read(&reg, None, knob);
                    match knob.kind {
                        KnobKind::DefaultAllow { .. } => assert_eq!(read, i32::from(value != 0)),
                        KnobKind::EnforceStatfs | KnobKind::MaxAfIps => assert_eq!(read, value),
                        _ => {}
                    }
                }
            }
            1 => {
                let _ = knob_read(&reg, viewer, knob);
            }
            2 if prisoners.len() < 16 => {
                let parent = viewer.cloned().unwrap_or_else(|| reg.host().clone());
                let name = format!("p{}", prisoners.len());
                if let Some(p) = child(&reg, &parent, name.as_bytes(), |c| c.children_max = value) {
                    prisoners.push(p);
                }
            }
            _ => {
                let payload = list(&reg, viewer);
                let records = decode_xprisons(&payload).expect("the list decodes");
                let visible = match viewer {
                    None => prisoners.len(),
                    Some(v) => prisoners
                        .iter()
                        .filter(|p| p.is_descendant_of(v) && p.jid() != v.jid())
                        .count(),
                };
                assert_eq!(records.len(), visible);
            }
        }
    }
});
