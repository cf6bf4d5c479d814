//! Robustness: random and mutated inputs must never panic the verifier, and
//! damage to the identification bytes must never pass as loadable.

mod support;

use rjail_verify_ko::{kpi, verify, Config};
use support::{good_object, ElfBuilder, Rng, SHF_ALLOC, SHF_EXECINSTR, SHT_PROGBITS};

fn config() -> Config {
    Config {
        kpi: ["copyin"].into_iter().map(String::from).collect(),
        ..Config::default()
    }
}

/// A seed object with every kind of table the verifier reads.
fn seed() -> Vec<u8> {
    let mut elf = good_object();
    let code = [0x0f, 0x28, 0xc8, 0x48, 0x89, 0x7c, 0x24, 0xf8, 0xc3];
    let text = elf.section(".text.more", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, &code);
    elf.function("more", text, 0, code.len() as u64);
    elf.build()
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..=rng.below(8) {
        let len = bytes.len();
        match rng.below(6) {
            0 => {
                let at = rng.below(len);
                if let Some(b) = bytes.get_mut(at) {
                    *b = rng.next_u64() as u8;
                }
            }
            1 => {
                // A whole little-endian word set to an extreme value.
                let at = rng.below(len.saturating_sub(8)) & !7;
                let value =
                    [0u64, u64::MAX, 1 << 63, u32::MAX as u64, rng.next_u64()][rng.below(5)];
                if let Some(slot) = bytes.get_mut(at..at + 8) {
                    slot.copy_from_slice(&value.to_le_bytes());
                }
            }
            2 => bytes.truncate(rng.below(len + 1)),
            3 => {
                let at = rng.below(len);
                if let Some(b) = bytes.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            4 => {
                let extra = rng.below(64);
                bytes.extend((0..extra).map(|_| rng.next_u64() as u8));
            }
            _ => {
                // 16-bit header fields: section count, entry size, name index.
                let field = [58usize, 60, 62, 16, 18][rng.below(5)];
                let value = [0u16, 1, 0xffff, 0xff00, rng.next_u64() as u16][rng.below(5)];
                if let Some(slot) = bytes.get_mut(field..field + 2) {
                    slot.copy_from_slice(&value.to_le_bytes());
                }
            }
        }
    }
}

#[test]
fn mutated_objects_never_panic() {
    let seed = seed();
    let config = config();
    let mut rng = Rng::new(0x5eed_f0a1);
    for _ in 0..4000 {
        let mut bytes = seed.clone();
        mutate(&mut rng, &mut bytes);
        let report = verify(&bytes, &config);
        if bytes.get(..4) != Some(b"\x7fELF") {
            assert!(!report.is_loadable());
        }
    }
}

#[test]
fn random_bytes_never_panic_or_pass() {
    let config = config();
    let mut rng = Rng::new(42);
    for _ in 0..2000 {
        let len = rng.below(512);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        // Half of them get a valid-looking header so the deeper parsers run.
        if rng.below(2) == 0 && bytes.len() >= 64 {
            bytes[..4].copy_from_slice(b"\x7fELF");
            bytes[4] = 2;
            bytes[5] = 1;
            bytes[6] = 1;
            bytes[16..18].copy_from_slice(&1u16.to_le_bytes());
            bytes[18..20].copy_from_slice(&62u16.to_le_bytes());
            bytes[20..24].copy_from_slice(&1u32.to_le_bytes());
            bytes[58..60].copy_from_slice(&64u16.to_le_bytes());
        }
        let report = verify(&bytes, &config);
        assert!(!report.is_loadable(), "random bytes passed: {bytes:02x?}");
    }
}

#[test]
fn random_code_never_panics_the_decoder() {
    let mut rng = Rng::new(7);
    for _ in 0..500 {
        let code: Vec<u8> = (0..rng.below(256)).map(|_| rng.next_u64() as u8).collect();
        let mut elf = ElfBuilder::new();
        let text = elf.text(&code);
        // Symbols pointing anywhere, including past the end.
        let size = rng.below(300) as u64;
        let start = rng.below(300) as u64;
        elf.function("f", text, start, size);
        elf.function("g", text, 0, 0);
        let _ = verify(&elf.build(), &config());
    }
}

#[test]
fn random_header_text_never_panics_the_kpi_reader() {
    let alphabet: Vec<char> = "ab_ (){}[];,*#/\\\"'\n=0extern static typedef struct __attribute__"
        .chars()
        .collect();
    let mut rng = Rng::new(99);
    for _ in 0..2000 {
        let text: String = (0..rng.below(200))
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let _ = kpi::parse_header(&text);
    }
}
