//! Native-endian fields of the amd64 struct images the ABI exchanges
//! (`struct jail`, `struct xprison`). Out-of-range offsets read as zero and
//! write nothing: the callers' offsets are layout constants, checked by
//! static assertions next to each struct.

/// Copies `bytes` into `out` at `offset`.
pub(crate) fn put(out: &mut [u8], offset: usize, bytes: &[u8]) {
    if let Some(dst) = out.get_mut(offset..offset + bytes.len()) {
        dst.copy_from_slice(bytes);
    }
}

/// The `u32` at `offset`.
pub(crate) fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    let mut buf = [0; 4];
    if let Some(src) = bytes.get(offset..offset + 4) {
        buf.copy_from_slice(src);
    }
    u32::from_ne_bytes(buf)
}

/// The `u64` at `offset`.
pub(crate) fn u64_at(bytes: &[u8], offset: usize) -> u64 {
    let mut buf = [0; 8];
    if let Some(src) = bytes.get(offset..offset + 8) {
        buf.copy_from_slice(src);
    }
    u64::from_ne_bytes(buf)
}
