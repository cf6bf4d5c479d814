//! Which mounts a prisoner sees, and under what name.
//!
//! FreeBSD 15.0, sys/kern/kern_jail.c, `prison_canseemount` and
//! `prison_enforce_statfs`, as statfs(2), fstatfs(2) and getfsstat(2) apply
//! them (sys/kern/vfs_syscalls.c, `kern_do_statfs`, `kern_getfsstat`):
//!
//! * `enforce_statfs` 0: every mount, names unchanged;
//! * 2: only the mount that holds the prison's root, named "/";
//! * 1: that mount ("/") and the mounts whose mount point lies beneath the
//!   prison's path (a prefix ending at a '/' boundary), named with the
//!   prefix stripped; a prison whose path is "/" sees everything unchanged.
//!
//! A mount the prisoner may not see is left out of getfsstat(2); statfs(2)
//! or fstatfs(2) of a file on it (reachable through a descriptor from
//! outside, or from beneath a mount point the prison cannot see) still
//! answers, with the mount point named "[restricted]". The name buffer is
//! cleared before it is rewritten, so no byte of the host's path is left
//! after the new name's NUL. `f_mntfromname` is left as FreeBSD leaves it.

/// What a hidden mount's mount point reads as.
pub const RESTRICTED: &[u8] = b"[restricted]";

/// Whether a prisoner of a prison rooted at `prison_path` (its global path)
/// with `enforce_statfs` may see the mount named `mntonname`;
/// `is_root_mount` says it is the mount holding the prison's root
/// (`prison_canseemount`).
pub fn can_see_mount(
    enforce_statfs: i32,
    prison_path: &[u8],
    is_root_mount: bool,
    mntonname: &[u8],
) -> bool {
    if enforce_statfs == 0 || is_root_mount {
        return true;
    }
    if enforce_statfs >= 2 {
        return false;
    }
    if prison_path == b"/" {
        return true;
    }
    beneath(prison_path, mntonname).is_some()
}

/// The rest of `name` after `prefix`, if `name` starts with `prefix` at a
/// '/' boundary ("/a/b" is beneath "/a", "/ab" is not).
fn beneath<'a>(prefix: &[u8], name: &'a [u8]) -> Option<&'a [u8]> {
    let rest = name.strip_prefix(prefix)?;
    match rest.first() {
        None | Some(b'/') => Some(rest),
        Some(_) => None,
    }
}

/// Rewrites a statfs record's mount point name (`buf`, a NUL-terminated C
/// string in a fixed-size buffer) as the prisoner must see it
/// (`prison_enforce_statfs`), and says whether the mount is visible. The
/// buffer is zeroed before any new name is written into it.
pub fn confine_mount_name(
    enforce_statfs: i32,
    prison_path: &[u8],
    is_root_mount: bool,
    buf: &mut [u8],
) -> bool {
    if enforce_statfs == 0 {
        return true;
    }
    let len = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    let name = buf.get(..len).unwrap_or_default();
    if !can_see_mount(enforce_statfs, prison_path, is_root_mount, name) {
        replace(buf, RESTRICTED);
        return false;
    }
    if is_root_mount {
        replace(buf, b"/");
        return true;
    }
    if prison_path == b"/" {
        return true;
    }
    let mut stripped = [0u8; 1024];
    let rest = beneath(prison_path, name).unwrap_or_default();
    let kept = rest.len().min(stripped.len());
    if let (Some(dst), Some(src)) = (stripped.get_mut(..kept), rest.get(..kept)) {
        dst.copy_from_slice(src);
    }
    let new = stripped.get(..kept).unwrap_or_default();
    // kern_jail.c: an empty remainder "should never happen"; it reads "/".
    if new.is_empty() {
        replace(buf, b"/");
    } else {
        replace(buf, new);
    }
    true
}

/// Clears `buf` and writes `name` into it, truncated so a NUL always fits.
fn replace(buf: &mut [u8], name: &[u8]) {
    buf.fill(0);
    let room = buf.len().saturating_sub(1);
    let n = name.len().min(room);
    if let (Some(dst), Some(src)) = (buf.get_mut(..n), name.get(..n)) {
        dst.copy_from_slice(src);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::{String, ToString};

    const MNAMELEN: usize = 1024;

    fn record(name: &str) -> [u8; MNAMELEN] {
        let mut buf = [0xAAu8; MNAMELEN];
        buf[..name.len()].copy_from_slice(name.as_bytes());
        buf[name.len()] = 0;
        buf
    }

    /// The name up to its NUL, whatever follows.
    fn name_of(buf: &[u8]) -> &str {
        let end = buf.iter().position(|&b| b == 0).unwrap();
        core::str::from_utf8(&buf[..end]).unwrap()
    }

    /// The name up to its NUL; nothing but NULs may follow (a rewrite).
    fn shown(buf: &[u8]) -> &str {
        let end = buf.iter().position(|&b| b == 0).unwrap();
        assert!(
            buf[end..].iter().all(|&b| b == 0),
            "bytes left after the NUL"
        );
        core::str::from_utf8(&buf[..end]).unwrap()
    }

    fn confine(enforce: i32, path: &str, root: bool, name: &str) -> (bool, String) {
        let mut buf = record(name);
        let visible = confine_mount_name(enforce, path.as_bytes(), root, &mut buf);
        (visible, name_of(&buf).to_string())
    }

    #[test]
    fn enforce_0_shows_every_mount_unchanged() {
        assert_eq!(confine(0, "/j/p", false, "/usr"), (true, "/usr".into()));
        assert_eq!(confine(0, "/j/p", true, "/"), (true, "/".into()));
        assert_eq!(
            confine(0, "/j/p", false, "/j/p/dev"),
            (true, "/j/p/dev".into())
        );
    }

    #[test]
    fn enforce_2_shows_only_the_root_mount_as_slash() {
        assert_eq!(confine(2, "/j/p", true, "/j"), (true, "/".into()));
        assert_eq!(
            confine(2, "/j/p", false, "/j/p/dev"),
            (false, "[restricted]".into())
        );
        assert_eq!(
            confine(2, "/j/p", false, "/dev"),
            (false, "[restricted]".into())
        );
    }

    #[test]
    fn enforce_1_strips_the_prison_path_from_mounts_beneath_it() {
        assert_eq!(confine(1, "/j/p", true, "/"), (true, "/".into()));
        assert_eq!(confine(1, "/j/p", false, "/j/p/dev"), (true, "/dev".into()));
        assert_eq!(confine(1, "/j/p", false, "/j/p/a/b"), (true, "/a/b".into()));
        // Exactly the prison's path, not holding its root: "/".
        assert_eq!(confine(1, "/j/p", false, "/j/p"), (true, "/".into()));
    }

    #[test]
    fn enforce_1_hides_mounts_outside_and_lookalike_prefixes() {
        assert_eq!(
            confine(1, "/j/p", false, "/dev"),
            (false, "[restricted]".into())
        );
        assert_eq!(
            confine(1, "/j/p", false, "/j/pp/dev"),
            (false, "[restricted]".into())
        );
        assert_eq!(
            confine(1, "/j/p", false, "/j"),
            (false, "[restricted]".into())
        );
    }

    #[test]
    fn enforce_1_with_root_slash_sees_everything_unchanged() {
        assert_eq!(confine(1, "/", false, "/dev"), (true, "/dev".into()));
        assert_eq!(confine(1, "/", true, "/"), (true, "/".into()));
    }

    #[test]
    fn no_host_byte_survives_a_rewrite() {
        let long = format!("/j/p/{}", "x".repeat(900));
        let mut buf = record(&long);
        assert!(confine_mount_name(2, b"/j/p", true, &mut buf));
        assert_eq!(shown(&buf), "/");
        let mut buf = record(&long);
        assert!(!confine_mount_name(1, b"/k", false, &mut buf));
        assert_eq!(shown(&buf), "[restricted]");
        let mut buf = record(&long);
        assert!(confine_mount_name(1, b"/j/p", false, &mut buf));
        assert_eq!(shown(&buf), &long[4..]);
    }

    #[test]
    fn an_unterminated_name_is_treated_as_the_whole_buffer() {
        let mut buf = [b'/'; 16];
        assert!(!confine_mount_name(1, b"/j", false, &mut buf));
        assert_eq!(shown(&buf), "[restricted]");
        let mut tiny = [b'a'; 4];
        assert!(!confine_mount_name(2, b"/j", false, &mut tiny));
        assert_eq!(&tiny, b"[re\0");
    }

    #[test]
    fn can_see_mount_matches_the_rewrite() {
        for enforce in 0..=2 {
            for (path, root, name) in [
                ("/j/p", false, "/j/p/dev"),
                ("/j/p", true, "/"),
                ("/j/p", false, "/dev"),
                ("/", false, "/dev"),
            ] {
                let mut buf = record(name);
                assert_eq!(
                    can_see_mount(enforce, path.as_bytes(), root, name.as_bytes()),
                    confine_mount_name(enforce, path.as_bytes(), root, &mut buf),
                    "enforce {enforce} path {path} {name}"
                );
            }
        }
    }
}
