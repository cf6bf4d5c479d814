//! Names and paths relative to the viewer, and the C number parsing the
//! name rules depend on (sys/kern/kern_jail.c: `prison_name`, `prison_path`,
//! and `kern_jail_set`'s use of strtoul(3) on names).

use alloc::vec::Vec;

use super::Prison;

/// What `strtoul(s, &end, 10)` gives when it consumes the whole of `s`
/// (leading white space, an optional sign, at least one digit, nothing
/// after): the value with C's wrap-around for a minus sign and saturation on
/// overflow. `None` when something is left over or there are no digits.
pub fn c_strtoul_whole(s: &[u8]) -> Option<u64> {
    let mut rest = s;
    while let Some((&c, tail)) = rest.split_first() {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            rest = tail;
        } else {
            break;
        }
    }
    let mut negative = false;
    if let Some((&c, tail)) = rest.split_first() {
        if c == b'+' || c == b'-' {
            negative = c == b'-';
            rest = tail;
        }
    }
    if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value: u64 = 0;
    let mut overflow = false;
    for &d in rest {
        match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(d - b'0')))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
    }
    if overflow {
        return Some(u64::MAX);
    }
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// The jid a creation takes from a numeric name ("5", or "a.5"), or 0:
/// `kern_jail_set` converts the last component with strtoul and truncates
/// it to an int.
pub fn jid_from_name(name: &[u8]) -> i32 {
    let last = match name.iter().rposition(|&c| c == b'.') {
        Some(dot) => name.get(dot + 1..).unwrap_or_default(),
        None => name,
    };
    if last.is_empty() {
        return 0;
    }
    // Truncation to int is what the C assignment does.
    c_strtoul_whole(last).map_or(0, |v| v as i32)
}

/// Whether a name component is refused as "numeric (unless it is the jid)":
/// strtoul consumes all of it, and it is not the jid written in normal form.
pub fn numeric_name_refused(component: &[u8], jid: i32) -> bool {
    match c_strtoul_whole(component) {
        None => false,
        Some(value) => {
            let normal_form = matches!(component.first(), Some(b'1'..=b'9'));
            // C compares the unsigned long with the int converted to it.
            !(normal_form && value == jid as i64 as u64)
        }
    }
}

/// `prison_name(viewer, prison)`: the name relative to the viewer; a prison
/// sees itself as "0"; a prison that is not a descendant keeps its full name.
pub fn relative_name(viewer: &Prison, prison: &Prison) -> Vec<u8> {
    relative_name_in(viewer, prison, &prison.config().name).to_vec()
}

/// [`relative_name`] as a part of `full`, the prison's full name (from the
/// configuration snapshot the caller already holds), without a copy.
pub fn relative_name_in<'a>(viewer: &Prison, prison: &Prison, full: &'a [u8]) -> &'a [u8] {
    if core::ptr::eq(viewer, prison) {
        return b"0";
    }
    if !prison.is_descendant_of(viewer) {
        return full;
    }
    // One component per level of the viewer below the host.
    let mut rest: &[u8] = full;
    for _ in 0..viewer.depth() {
        match rest.iter().position(|&c| c == b'.') {
            Some(dot) => rest = rest.get(dot + 1..).unwrap_or_default(),
            None => break,
        }
    }
    rest
}

/// `prison_path(viewer, prison)`: the prison's path relative to the
/// viewer's, or the whole path when it does not lie below it.
pub fn relative_path<'a>(viewer_path: &[u8], path: &'a [u8]) -> &'a [u8] {
    if viewer_path == b"/" {
        return path;
    }
    match path.strip_prefix(viewer_path) {
        Some([]) => b"/",
        Some(rest @ [b'/', ..]) => rest,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtoul_like_c() {
        assert_eq!(c_strtoul_whole(b"42"), Some(42));
        assert_eq!(c_strtoul_whole(b" +7"), Some(7));
        assert_eq!(c_strtoul_whole(b"-1"), Some(u64::MAX));
        assert_eq!(c_strtoul_whole(b"99999999999999999999999"), Some(u64::MAX));
        assert_eq!(c_strtoul_whole(b"4x"), None);
        assert_eq!(c_strtoul_whole(b""), None);
        assert_eq!(c_strtoul_whole(b" "), None);
    }

    #[test]
    fn numeric_names() {
        assert!(!numeric_name_refused(b"web", 3));
        assert!(!numeric_name_refused(b"3", 3));
        assert!(numeric_name_refused(b"03", 3));
        assert!(numeric_name_refused(b"4", 3));
        assert!(numeric_name_refused(b" 3", 3));
        assert_eq!(jid_from_name(b"a.17"), 17);
        assert_eq!(jid_from_name(b"a.b"), 0);
        assert_eq!(jid_from_name(b"-2"), -2);
    }

    #[test]
    fn paths_relative_to_viewer() {
        assert_eq!(relative_path(b"/", b"/j/a"), b"/j/a");
        assert_eq!(relative_path(b"/j", b"/j/a"), b"/a");
        assert_eq!(relative_path(b"/j", b"/j"), b"/");
        assert_eq!(relative_path(b"/j", b"/jx"), b"/jx");
    }
}
