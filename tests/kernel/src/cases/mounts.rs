//! Mounts seen and made from inside a prison: what statfs(2), fstatfs(2)
//! and getfsstat(2) show under each enforce_statfs, whether a prisoner may
//! mount devfs or unmount the host's mounts, and what the base system's
//! jail_get(2) tells a prisoner. Each case runs in a base-system jail and in
//! an rjail prison configured alike and compares what the prisoner sees;
//! the host's mount list is checked from outside afterwards.

use super::*;

const NR_UNMOUNT: u64 = 22;
const NR_FSTATFS: u64 = 556;
const NR_GETFSSTAT: u64 = 557;
const MNT_NOWAIT: u64 = 2;
const FSTYPENAME: usize = 280;
const MNTONNAME: usize = 1320;
const MFSNAMELEN: usize = 16;

/// The mount the host makes beneath the prison root for the statfs cases.
const DEV_DIR: &str = "kt_dev";
/// The directory a prisoner tries to mount devfs on.
const MNT_DIR: &str = "kt_mnt";

fn field(record: &[u8], at: usize, len: usize) -> String {
    crate::iov::until_nul(record.get(at..at + len).unwrap_or(&[])).into()
}

/// "type:mountpoint" of one statfs record.
fn describe(record: &[u8]) -> String {
    format!(
        "{}:{}",
        field(record, FSTYPENAME, MFSNAMELEN),
        field(record, MNTONNAME, abi::MAXPATHLEN)
    )
}

fn statfs_of(path: &str) -> Result<String, Errno> {
    let mut buf = [0u8; abi::STATFS_SIZE];
    let c = CPathOwned::new(path)?;
    // SAFETY: a NUL-terminated path and a statfs-sized buffer, both alive
    // across the call.
    unsafe {
        sys::syscall6(
            abi::nr::STATFS,
            [c.addr(), buf.as_mut_ptr() as u64, 0, 0, 0, 0],
        )
    }?;
    Ok(describe(&buf))
}

fn fstatfs_of(path: &str) -> Result<String, Errno> {
    let fd = sys::open(path, abi::O_RDONLY, 0)?;
    let mut buf = [0u8; abi::STATFS_SIZE];
    // SAFETY: an open descriptor and a statfs-sized buffer.
    let result =
        unsafe { sys::syscall6(NR_FSTATFS, [fd as u64, buf.as_mut_ptr() as u64, 0, 0, 0, 0]) };
    let _ = sys::close(fd);
    result.map(|_| describe(&buf))
}

/// getfsstat(2): the count it gives without a buffer, then the records.
fn mount_list() -> Result<(usize, Vec<String>), Errno> {
    // SAFETY: no buffer: the kernel only counts.
    let (count, _) = unsafe { sys::syscall6(NR_GETFSSTAT, [0, 0, MNT_NOWAIT, 0, 0, 0]) }?;
    let room = 16usize;
    let mut buf = alloc::vec![0u8; room * abi::STATFS_SIZE];
    // SAFETY: a buffer of `room` records, alive across the call.
    let (got, _) = unsafe {
        sys::syscall6(
            NR_GETFSSTAT,
            [
                buf.as_mut_ptr() as u64,
                buf.len() as u64,
                MNT_NOWAIT,
                0,
                0,
                0,
            ],
        )
    }?;
    let records = buf
        .chunks(abi::STATFS_SIZE)
        .take(got as usize)
        .map(describe)
        .collect();
    Ok((count as usize, records))
}

/// A path kept alive for a call (sys::CPath, or ENAMETOOLONG).
struct CPathOwned(sys::CPath);

impl CPathOwned {
    fn new(path: &str) -> Result<Self, Errno> {
        sys::CPath::new(path).map(Self).ok_or(Errno::ENAMETOOLONG)
    }
    fn addr(&self) -> u64 {
        self.0.addr()
    }
}

fn unmount(path: &str) -> Result<(), Errno> {
    let c = CPathOwned::new(path)?;
    // SAFETY: a NUL-terminated path alive across the call.
    unsafe { sys::syscall6(NR_UNMOUNT, [c.addr(), 0, 0, 0, 0, 0]) }.map(|_| ())
}

fn mount_devfs(path: &str) -> Result<(), Errno> {
    let mut options = IovList::new();
    options
        .string("fstype", "devfs")
        .string("fspath", path)
        .string("from", "devfs")
        .errmsg();
    sys::nmount(&mut options, 0)
}

/// Sends a text to the parent as its length and its bytes.
fn send_text(io: &ChildIo, text: &str) {
    io.send(text.len() as i32);
    for &b in text.as_bytes() {
        io.send(i32::from(b));
    }
}

fn receive_text(child: &Child) -> String {
    let len = child.receive().unwrap_or(0).max(0) as usize;
    let bytes: Vec<u8> = (0..len)
        .map_while(|_| child.receive())
        .map(|b| b as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn result_text(result: Result<String, Errno>) -> String {
    result.unwrap_or_else(|e| e.to_string())
}

/// The host's mount list as "type:mountpoint" names.
fn host_mounts() -> String {
    match mount_list() {
        Ok((_, names)) => names.join(","),
        Err(e) => e.to_string(),
    }
}

fn ensure_dir(path: &str) -> Result<(), Errno> {
    match sys::mkdir(path, 0o755) {
        Ok(()) | Err(Errno::EEXIST) => Ok(()),
        Err(e) => Err(e),
    }
}

/// What a prisoner of a prison with `enforce_statfs` sees of the mounts,
/// with a devfs the host mounted beneath the prison's root; the host's own
/// view must be unchanged and show the mount until the host unmounts it.
fn statfs_view(ctx: &Context, calls: &Calls, enforce: i32) -> Obs {
    let mut obs = Obs::new();
    let dev = format!("{}/{DEV_DIR}", ctx.root());
    if !obs.expect_ok("mkdir", &ensure_dir(&dev)) {
        return obs;
    }
    let before = host_mounts();
    if !obs.expect_ok("host mount devfs", &mount_devfs(&dev)) {
        return obs;
    }
    let host_view = host_mounts();
    let name = format!("kt_statfs{enforce}");
    let prison = fresh_prison(&mut obs, ctx, calls, &name, "create", |l| {
        l.int("enforce_statfs", enforce);
    });
    if let Some(jid) = prison {
        with_prisoner(
            &mut obs,
            calls,
            jid,
            |io| {
                let listing = match mount_list() {
                    Ok((count, names)) => format!("count={count} list={}", names.join(",")),
                    Err(e) => e.to_string(),
                };
                send_text(io, &listing);
                send_text(io, &result_text(statfs_of("/")));
                send_text(io, &result_text(statfs_of(&format!("/{DEV_DIR}"))));
                send_text(io, &result_text(fstatfs_of(&format!("/{DEV_DIR}"))));
                0
            },
            |obs, child| {
                let listing = receive_text(child);
                let root = receive_text(child);
                let dev = receive_text(child);
                let fdev = receive_text(child);
                obs.note(&format!(
                    "prisoner getfsstat {listing}; statfs / {root}; statfs /{DEV_DIR} {dev}; fstatfs {fdev}"
                ));
                if enforce > 0 {
                    let leaked = [&listing, &root, &dev, &fdev]
                        .iter()
                        .any(|t| t.contains(&ctx.scratch));
                    obs.check_either(!leaked, "no host path", "HOST PATH SHOWN");
                }
            },
        );
        remove_and_wait(&mut obs, calls, jid);
    }
    obs.check_either(
        host_mounts() == host_view,
        "host list unchanged",
        "host list changed",
    );
    obs.expect_ok("host unmount", &unmount(&dev));
    obs.check_either(
        host_mounts() == before,
        "host back as before",
        "host list not restored",
    );
    obs
}

fn statfs_enforce_2(ctx: &Context, calls: &Calls) -> Obs {
    statfs_view(ctx, calls, 2)
}

fn statfs_enforce_1(ctx: &Context, calls: &Calls) -> Obs {
    statfs_view(ctx, calls, 1)
}

fn statfs_enforce_0(ctx: &Context, calls: &Calls) -> Obs {
    statfs_view(ctx, calls, 0)
}

/// A prisoner with allow.mount and enforce_statfs 1 but without
/// allow.mount.devfs tries to mount devfs beneath its root (EPERM), and to
/// unmount a devfs the host mounted there (EPERM); a prisoner without
/// allow.mount is refused both too. The host then finds its mount list as
/// it was: no devfs left by the prisoner, the host's own still mounted.
fn mount_confined(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mnt = format!("{}/{MNT_DIR}", ctx.root());
    let dev = format!("{}/{DEV_DIR}", ctx.root());
    if !obs.expect_ok("mkdir", &ensure_dir(&mnt).and(ensure_dir(&dev))) {
        return obs;
    }
    if !obs.expect_ok("host mount devfs", &mount_devfs(&dev)) {
        return obs;
    }
    let host_view = host_mounts();
    for (name, allow_mount) in [("kt_mount_allowed", true), ("kt_mount_none", false)] {
        let prison = fresh_prison(&mut obs, ctx, calls, name, "create", |l| {
            if allow_mount {
                l.flag("allow.mount");
            }
            l.int("enforce_statfs", 1);
        });
        let Some(jid) = prison else {
            continue;
        };
        with_prisoner(
            &mut obs,
            calls,
            jid,
            |io| {
                io.send_result(mount_devfs(&format!("/{MNT_DIR}")).map(|_| 0));
                io.send_result(unmount(&format!("/{DEV_DIR}")).map(|_| 0));
                0
            },
            |obs, child| {
                let tag = if allow_mount {
                    "allow.mount"
                } else {
                    "no allow.mount"
                };
                obs.expect_err(
                    &format!("{tag}: mount devfs"),
                    &child.receive_result(),
                    Errno::EPERM,
                );
                obs.expect_err(
                    &format!("{tag}: unmount host devfs"),
                    &child.receive_result(),
                    Errno::EPERM,
                );
            },
        );
        remove_and_wait(&mut obs, calls, jid);
    }
    let now = host_mounts();
    obs.check_either(
        now == host_view,
        "host mounts unchanged",
        "host mounts changed",
    );
    let stray = result_text(statfs_of(&mnt));
    obs.check_either(
        !stray.starts_with("devfs:"),
        "nothing mounted by the prisoner",
        "prisoner's devfs mounted",
    );
    obs.expect_ok("host unmount", &unmount(&dev));
    obs
}

/// The base system's jail_get(2) from a prisoner: it sees no jail, not
/// even one the host made, and gets kern_jail_get's ENOENT texts.
fn base_jail_get_blind(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    discard(&BASE, "kt_hostjail");
    let mut list = persistent("kt_hostjail", &ctx.root());
    let host_jail = BASE.set(&mut list, jail_flags::CREATE);
    if !obs.expect_ok("host creates base jail", &host_jail) {
        return obs;
    }
    let host_jid = host_jail.unwrap_or(0);
    if let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_blind", "create", |_| {}) {
        with_prisoner(
            &mut obs,
            calls,
            jid,
            move |io| {
                let mut steps = Vec::new();
                let mut last = IovList::new();
                last.int("lastjid", 0).errmsg();
                steps.push((BASE.get(&mut last, 0), last));
                let mut by_jid = IovList::new();
                by_jid.int("jid", host_jid).errmsg();
                steps.push((BASE.get(&mut by_jid, 0), by_jid));
                let mut by_name = IovList::new();
                by_name.string("name", "kt_hostjail").errmsg();
                steps.push((BASE.get(&mut by_name, 0), by_name));
                let mut nothing = IovList::new();
                nothing.errmsg();
                steps.push((BASE.get(&mut nothing, 0), nothing));
                for (result, list) in steps {
                    let text = format!("{}/{}", outcome(&result), list.errmsg_text());
                    send_text(io, &mask_jid(&text, host_jid));
                }
                0
            },
            |obs, child| {
                let want = [
                    "ENOENT/no jail after 0",
                    "ENOENT/jail <jid> not found",
                    "ENOENT/jail \"kt_hostjail\" not found",
                    "ENOENT/no jail specified",
                ];
                for w in want {
                    let got = receive_text(child);
                    obs.check(got == w, &got);
                }
            },
        );
        remove_and_wait(&mut obs, calls, jid);
    }
    obs.check_either(
        jid_of(&BASE, "kt_hostjail") == Ok(host_jid),
        "host jail intact",
        "host jail changed",
    );
    discard(&BASE, "kt_hostjail");
    obs
}

pub fn run(ctx: &mut Context) {
    compare(ctx, "statfs_enforce_2", statfs_enforce_2);
    compare(ctx, "statfs_enforce_1", statfs_enforce_1);
    compare(ctx, "statfs_enforce_0", statfs_enforce_0);
    compare(ctx, "mount_confined", mount_confined);
    compare(ctx, "base_jail_get_blind", base_jail_get_blind);
}
