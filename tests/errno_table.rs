//! One row per errno case of the reference (inventory §1.5 `jail_set`,
//! §1.6 `jail_get`, §1.7 `jail_attach`/`jail_remove`, and §9, what a real
//! FreeBSD 15.0 kernel was seen to do) that applies to rjail. Each row is
//! named after the item it covers, runs in a fresh world built by
//! [`fixture`], and checks the errno, the `errmsg` text (or that the buffer
//! was left untouched), and that no prison's parameters changed.
//!
//! Items deliberately without a row:
//!
//! * 1.5.5 / 1.6 / 1.7 descriptor paths (`desc` lookups, `vaccess`,
//!   `jail_attach_jd`, `jail_remove_jd`): rjail has no jail descriptors; a
//!   missing `desc` is FreeBSD's ENOENT "missing desc", a given one cannot
//!   name an rjail prison (rows "rjail: desc ...").
//! * 1.5.6 `PRIV_JAIL_ATTACH` apart from `PRIV_JAIL_SET`: both are the
//!   superuser's in the host model, so no caller has one without the other.
//! * 1.5.9 and 1.5.13, `vnet`: rjail has no vnet jails; `vnet` is an
//!   unknown parameter (row "rjail: vnet ...").
//! * 1.5.16 EAGAIN for a caller whose own prison is dying: a prison only
//!   dies once its last process left or was killed, so no caller of the
//!   host model can be inside one (the check exists in `find_target`).
//! * 1.5.16 and 1.5.17 EAGAIN "no available jail IDs": needs 999 999
//!   prisons; the allocator's exhaustion is a unit test of `prison::ids`.
//! * 1.5.17 `cpuset_create_root` errors, 1.5.19 / 1.5.20 OSD module
//!   methods: rjail has no cpusets and no parameter modules.
//! * §9.2, 9.3, 9.5, 9.7, 9.10, 9.14, 9.15, 9.16: behaviour, not errno
//!   cases (covered by the jail_get, jail_set and lifecycle tests).

mod common;

use common::*;
use rjail::abi::consts::JAIL_ERRMSGLEN;
use rjail::errno::{Errno, KResult};
use rjail::host::{Caller, IovBuilder, Pid, Value};
use rjail::prison::{PrisonConfig, PrisonState};
use rjail::syscall;

/// The prisons and processes every row starts from.
///
/// ```text
/// host ── a (jid 1, children.max 1, ip4 10.0.0.1, path /ja)
///    │    └── a.b (jid 2)
///    ├── z (jid 3, children.max 0)
///    └── d (jid 4, children.max 1, dying, held by a credential)
/// ```
struct Fix {
    a: i32,
    b: i32,
    z: i32,
    d: i32,
    /// Root on the host.
    root: Pid,
    /// uid 1000 on the host.
    user: Pid,
    /// Root confined by the base system's own jail.
    native: Pid,
    /// Root inside a, inside z.
    in_a: Pid,
    in_z: Pid,
    /// Root on the host with a directory open (chroot refuses).
    open_dir: Pid,
    /// The label keeping d listed while dying.
    held: usize,
}

fn fixture(w: &World) -> Fix {
    let init = w.init();
    w.kernel.mkdir_p("/ja");
    w.kernel.create_file("/file").unwrap();
    let a = w.create(
        &init,
        "a",
        IovBuilder::new()
            .string("path", "/ja")
            .int("children.max", 1)
            .param("ip4.addr", Value::Bytes(vec![10, 0, 0, 1])),
    );
    let b = w.create(&init, "a.b", IovBuilder::new());
    let z = w.create(&init, "z", IovBuilder::new());
    let d = w.create(&init, "d", IovBuilder::new().int("children.max", 1));
    let dying = init.fork();
    syscall::jail_attach(&w.reg, &dying, d).unwrap();
    let held = rjail::prison::label::label_clone(dying.label());
    syscall::jail_remove(&w.reg, &init, d).unwrap();

    let root = init.fork();
    let user = init.fork();
    user.setuid(1000);
    let native = init.fork();
    native.enter_native_jail();
    let in_a = init.fork();
    syscall::jail_attach(&w.reg, &in_a, a).unwrap();
    let in_z = init.fork();
    syscall::jail_attach(&w.reg, &in_z, z).unwrap();
    let open_dir = init.fork();
    open_dir.open_dir();
    Fix {
        a,
        b,
        z,
        d,
        root: root.pid(),
        user: user.pid(),
        native: native.pid(),
        in_a: in_a.pid(),
        in_z: in_z.pid(),
        open_dir: open_dir.pid(),
        held,
    }
}

/// One prison: jid, state, path, parent's jid, parameters.
type PrisonRow = (i32, PrisonState, Vec<u8>, Option<i32>, PrisonConfig);

/// Every prison's state and parameters, and every process's prison.
#[derive(Debug, PartialEq)]
struct Snapshot {
    prisons: Vec<PrisonRow>,
    labels: Vec<(Pid, Option<i32>)>,
}

fn snapshot(w: &World) -> Snapshot {
    let tree = w.reg.read();
    let prisons = tree
        .iter()
        .map(|p| {
            (
                p.jid(),
                p.state(),
                p.path().to_vec(),
                p.parent().map(|q| q.jid()),
                (*p.config()).clone(),
            )
        })
        .collect();
    drop(tree);
    let labels = w
        .kernel
        .pids()
        .into_iter()
        .map(|pid| {
            let label = rjail::prison::label::label_prison(w.kernel.caller(pid).label());
            (pid, label.map(|p| p.jid()))
        })
        .collect();
    Snapshot { prisons, labels }
}

/// What a call returned, and the errmsg buffer if the call had one.
struct Outcome {
    result: KResult<i32>,
    errmsg: Option<Vec<u8>>,
}

fn with_errmsg(caller: &Caller<'_>, call: Call) -> Outcome {
    let index = call.placed.values.len() - 1;
    Outcome {
        errmsg: Some(call.placed.value(caller, index, JAIL_ERRMSGLEN)),
        result: call.result,
    }
}

fn set(w: &World, pid: Pid, params: IovBuilder, flags: i32) -> Outcome {
    let c = w.kernel.caller(pid);
    with_errmsg(&c, w.set(&c, &params.errmsg(), flags))
}

fn get(w: &World, pid: Pid, params: IovBuilder, flags: i32) -> Outcome {
    let c = w.kernel.caller(pid);
    with_errmsg(&c, w.get(&c, &params.errmsg(), flags))
}

fn plain(result: KResult<i32>) -> Outcome {
    Outcome {
        result,
        errmsg: None,
    }
}

fn unit(result: KResult<()>) -> Outcome {
    plain(result.map(|()| 0))
}

fn attach(w: &World, pid: Pid, jid: i32) -> Outcome {
    unit(syscall::jail_attach(&w.reg, &w.kernel.caller(pid), jid))
}

fn remove(w: &World, pid: Pid, jid: i32) -> Outcome {
    unit(syscall::jail_remove(&w.reg, &w.kernel.caller(pid), jid))
}

/// What the errmsg buffer must hold afterwards.
#[derive(Clone, Copy, Debug)]
enum Msg {
    /// Left as the caller passed it (all zero).
    Untouched,
    /// This text, NUL-terminated.
    Text(&'static str),
    /// A text computed from the fixture (jids).
    Formatted(fn(&Fix) -> String),
    /// The call has no errmsg (jail_attach, jail_remove, bad iovec arrays).
    None,
}

struct Row {
    name: &'static str,
    /// Extra set-up the row needs, before the "unchanged" snapshot.
    prepare: fn(&World, &Fix),
    call: fn(&World, &Fix) -> Outcome,
    errno: Errno,
    msg: Msg,
}

const fn row(name: &'static str, errno: Errno, msg: Msg, call: fn(&World, &Fix) -> Outcome) -> Row {
    Row {
        name,
        prepare: |_, _| {},
        call,
        errno,
        msg,
    }
}

impl Row {
    fn after(self, prepare: fn(&World, &Fix)) -> Row {
        Row { prepare, ..self }
    }
}

use Msg::{Formatted, Text, Untouched};

const EINVAL: Errno = Errno::EINVAL;
const EPERM: Errno = Errno::EPERM;
const ENOENT: Errno = Errno::ENOENT;

fn rows() -> Vec<Row> {
    vec![
        // §1.5 jail_set
        row(
            "1.5.1 create from a prison with children.max=0 -> EPERM",
            EPERM,
            Untouched,
            |w, f| set(w, f.in_z, persist("x"), CREATE),
        ),
        row(
            "1.5.2 flag outside JAIL_SET_MASK -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| set(w, f.root, persist("x"), CREATE | 0x100),
        ),
        row(
            "1.5.2 JAIL_USE_DESC with JAIL_AT_DESC -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| set(w, f.root, persist("x"), CREATE | 0x30),
        ),
        row(
            "1.5.5 JAIL_GET_DESC without desc -> ENOENT",
            ENOENT,
            Text("missing desc"),
            |w, f| set(w, f.root, persist("x"), CREATE | 0x40),
        ),
        row(
            "1.5.5 JAIL_USE_DESC without desc (set) -> ENOENT",
            ENOENT,
            Text("missing desc"),
            |w, f| set(w, f.root, persist("x"), CREATE | 0x10),
        ),
        row(
            "rjail: desc to look up by (JAIL_AT_DESC) is no rjail descriptor -> EINVAL",
            EINVAL,
            Text("not a jail descriptor"),
            |w, f| set(w, f.root, persist("x").int("desc", 3), CREATE | 0x20),
        ),
        row(
            "rjail: a descriptor asked for (JAIL_OWN_DESC) -> EINVAL",
            EINVAL,
            Text("rjail has no jail descriptors"),
            |w, f| set(w, f.root, persist("x").int("desc", 3), CREATE | 0x80),
        ),
        row(
            "1.4 odd iovec count -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| {
                plain(syscall::jail_set(
                    &w.reg,
                    &w.kernel.caller(f.root),
                    0x10_0000,
                    3,
                    CREATE,
                ))
            },
        ),
        row(
            "1.4 more than UIO_MAXIOV iovecs -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| {
                plain(syscall::jail_set(
                    &w.reg,
                    &w.kernel.caller(f.root),
                    0x10_0000,
                    1026,
                    CREATE,
                ))
            },
        ),
        row(
            "1.4 unreadable iovec array -> EFAULT",
            Errno::EFAULT,
            Msg::None,
            |w, f| {
                plain(syscall::jail_set(
                    &w.reg,
                    &w.kernel.caller(f.root),
                    0xdead_0000,
                    2,
                    CREATE,
                ))
            },
        ),
        row(
            "1.5.3 unreadable option name -> EFAULT",
            Errno::EFAULT,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").raw_pair(
                        Value::Raw {
                            base: 0xdead_0000,
                            len: 8,
                        },
                        Value::Null,
                    ),
                    CREATE,
                )
            },
        ),
        row(
            "9.1 option name without NUL -> EINVAL, no panic",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").raw_pair(Value::Bytes(b"persist".to_vec()), Value::Null),
                    CREATE,
                )
            },
        ),
        row(
            "9.1 empty option name -> EINVAL, no panic",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").raw_pair(Value::Bytes(Vec::new()), Value::Null),
                    CREATE,
                )
            },
        ),
        row(
            "9.1 option value over 64 KiB -> EINVAL, no panic",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param(
                        "host.hostname",
                        Value::Raw {
                            base: 0x10_0000,
                            len: 65_537,
                        },
                    ),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.4 neither create nor update -> EINVAL",
            EINVAL,
            Text("no valid operation (create or update)"),
            |w, f| set(w, f.root, persist("x"), 0),
        ),
        row(
            "9.11 desc without a descriptor flag (set) -> EINVAL",
            EINVAL,
            Text("unexpected desc"),
            |w, f| set(w, f.root, persist("x").int("desc", 3), CREATE),
        ),
        row(
            "1.5.6 no PRIV_JAIL_SET -> EPERM",
            EPERM,
            Untouched,
            |w, f| set(w, f.user, persist("x"), CREATE),
        ),
        row(
            "rjail: caller in a native jail (set) -> EPERM",
            EPERM,
            Untouched,
            |w, f| set(w, f.native, persist("x"), CREATE),
        ),
        row(
            "1.5.7 jid of the wrong size -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param("jid", Value::Bytes(vec![5, 0])),
                    CREATE,
                )
            },
        ),
        row(
            "9.12 enforce_statfs out of 0..2 -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| set(w, f.root, persist("x").int("enforce_statfs", 3), CREATE),
        ),
        row("1.5.7 host=disable -> EINVAL", EINVAL, Untouched, |w, f| {
            set(w, f.root, persist("x").int("host", 0), CREATE)
        }),
        row(
            "1.5.7 jailsys value not 0/1/2 -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| set(w, f.root, persist("x").int("ip4", 7), CREATE),
        ),
        row(
            "1.5.8 create without persist or attach -> EINVAL",
            EINVAL,
            Text("new jail must persist or attach"),
            |w, f| set(w, f.root, IovBuilder::new().string("name", "x"), CREATE),
        ),
        row(
            "9.4 create|update of an existing jail without persist -> EINVAL",
            EINVAL,
            Text("new jail must persist or attach"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().string("name", "a"),
                    CREATE | UPDATE,
                )
            },
        ),
        row(
            "1.5.9 update with ip4 -> EINVAL",
            EINVAL,
            Text("ip4 cannot be changed after creation"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().string("name", "z").int("ip4", 1),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.9 update with ip6 -> EINVAL",
            EINVAL,
            Text("ip6 cannot be changed after creation"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().string("name", "z").int("ip6", 2),
                    UPDATE,
                )
            },
        ),
        row(
            "rjail: vnet is an unknown parameter -> EINVAL",
            EINVAL,
            Text("unknown parameter: vnet"),
            |w, f| set(w, f.root, persist("x").int("vnet", 1), CREATE),
        ),
        row(
            "1.5.11 name without NUL -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new()
                        .flag("persist")
                        .param("name", Value::Bytes(b"x".to_vec())),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.11 name longer than MAXHOSTNAMELEN -> ENAMETOOLONG",
            Errno::ENAMETOOLONG,
            Untouched,
            |w, f| set(w, f.root, persist(&"n".repeat(256)), CREATE),
        ),
        row(
            "1.5.11 host.hostname longer than MAXHOSTNAMELEN -> ENAMETOOLONG",
            Errno::ENAMETOOLONG,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").string("host.hostname", &"h".repeat(256)),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.11 host.hostuuid longer than HOSTUUIDLEN -> ENAMETOOLONG",
            Errno::ENAMETOOLONG,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").string("host.hostuuid", &"u".repeat(64)),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 ip4.addr not a multiple of 4 bytes -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param("ip4.addr", Value::Bytes(vec![10, 0, 0, 2, 9])),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 more IPv4 addresses than jail_max_af_ips -> EINVAL",
            EINVAL,
            Text("too many IPv4 addresses"),
            |w, f| {
                let many: Vec<u8> = (1..=256u32)
                    .flat_map(|i| (0x0b00_0000 + i).to_be_bytes())
                    .collect();
                set(
                    w,
                    f.root,
                    persist("x").param("ip4.addr", Value::Bytes(many)),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 more IPv6 addresses than jail_max_af_ips -> EINVAL",
            EINVAL,
            Text("too many IPv6 addresses"),
            |w, f| {
                let many: Vec<u8> = (1..=256u128)
                    .flat_map(|i| (0x2001_0db8_u128 << 96 | i).to_be_bytes())
                    .collect();
                set(
                    w,
                    f.root,
                    persist("x").param("ip6.addr", Value::Bytes(many)),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 INADDR_ANY in ip4.addr -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param("ip4.addr", Value::Bytes(vec![0; 4])),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 INADDR_BROADCAST in ip4.addr -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param("ip4.addr", Value::Bytes(vec![255; 4])),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 duplicate IPv4 address -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param("ip4.addr", Value::Bytes([[10, 0, 0, 7]; 2].concat())),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.12 :: in ip6.addr -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param("ip6.addr", Value::Bytes(vec![0; 16])),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.14 osrelease on update -> EINVAL",
            EINVAL,
            Text("osrelease cannot be changed after creation"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new()
                        .string("name", "z")
                        .string("osrelease", "1"),
                    UPDATE,
                )
            },
        ),
        row(
            "9.8 osrelease of 31 characters -> ENAMETOOLONG",
            Errno::ENAMETOOLONG,
            Text("osrelease string must be 1-31 bytes long"),
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").string("osrelease", &"r".repeat(31)),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.14 osreldate on update -> EINVAL",
            EINVAL,
            Text("osreldate cannot be changed after creation"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().string("name", "z").int("osreldate", 5),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.14 osreldate 0 -> EINVAL",
            EINVAL,
            Text("osreldate cannot be 0"),
            |w, f| set(w, f.root, persist("x").int("osreldate", 0), CREATE),
        ),
        row(
            "1.5.15 path on update -> EINVAL",
            EINVAL,
            Text("path cannot be changed after creation"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().string("name", "z").string("path", "/ja"),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.15 path that does not exist -> ENOENT",
            ENOENT,
            Untouched,
            |w, f| set(w, f.root, persist("x").string("path", "/missing"), CREATE),
        ),
        row(
            "1.5.15 path that is not a directory -> ENOTDIR",
            Errno::ENOTDIR,
            Untouched,
            |w, f| set(w, f.root, persist("x").string("path", "/file"), CREATE),
        ),
        row(
            "1.5.16 negative jid -> EINVAL",
            EINVAL,
            Text("negative jid"),
            |w, f| set(w, f.root, persist("x").int("jid", -4), CREATE),
        ),
        row(
            "1.5.16 create with a live jid -> EEXIST",
            Errno::EEXIST,
            Formatted(|f| format!("jail {} already exists", f.z)),
            |w, f| set(w, f.root, persist("x").int("jid", f.z), CREATE),
        ),
        row(
            "1.5.16 create with a live jid the caller cannot see -> EEXIST",
            Errno::EEXIST,
            Formatted(|f| format!("jail {} already exists", f.z)),
            |w, f| set(w, f.in_a, persist("x").int("jid", f.z), CREATE),
        ),
        row(
            "1.5.16 update of a jid that does not exist -> ENOENT",
            ENOENT,
            Text("jail 77 not found"),
            |w, f| set(w, f.root, IovBuilder::new().int("jid", 77), UPDATE),
        ),
        row(
            "1.5.16 update of a jid that is not a descendant -> ENOENT",
            ENOENT,
            Formatted(|f| format!("jail {} not found", f.z)),
            |w, f| {
                set(
                    w,
                    f.in_a,
                    IovBuilder::new().int("jid", f.z).flag("persist"),
                    CREATE | UPDATE,
                )
            },
        ),
        row(
            "1.5.16 parent name that does not exist -> ENOENT",
            ENOENT,
            Text("jail \"nope\" not found"),
            |w, f| set(w, f.root, persist("nope.x"), CREATE),
        ),
        row(
            "1.5.16 parent that is dying -> ENOENT",
            ENOENT,
            Text("jail \"d\" is dying"),
            |w, f| set(w, f.root, persist("d.x"), CREATE),
        ),
        row(
            "1.5.16 name that moves a jail found by jid -> EINVAL",
            EINVAL,
            Text("cannot change jail's parent"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.b).string("name", "z.b"),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.16 create with a live sibling's name -> EEXIST",
            Errno::EEXIST,
            Text("jail \"a\" already exists"),
            |w, f| set(w, f.root, persist("a"), CREATE),
        ),
        row(
            "1.5.16 update by a name that does not exist -> ENOENT",
            ENOENT,
            Text("jail \"q\" not found"),
            |w, f| set(w, f.root, IovBuilder::new().string("name", "q"), UPDATE),
        ),
        row(
            "1.5.16 update with neither jid nor name -> ENOENT",
            ENOENT,
            Text("update specified no jail"),
            |w, f| set(w, f.root, IovBuilder::new().flag("persist"), UPDATE),
        ),
        row(
            "1.5.17 creation beyond the caller's children.max -> EPERM",
            EPERM,
            Text("prison limit exceeded"),
            |w, f| set(w, f.in_a, persist("x"), CREATE),
        ),
        row(
            "1.5.18 securelevel below the parent's -> EPERM",
            EPERM,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.a).int("securelevel", -2),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.18 children.max not below the parent's -> EPERM",
            EPERM,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.b).int("children.max", 1),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.18 enforce_statfs below the parent's -> EPERM",
            EPERM,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.b).int("enforce_statfs", 1),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.18 devfs_ruleset outside 0..65535 -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new()
                        .int("jid", f.a)
                        .int("devfs_ruleset", 70_000),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.18 jailed caller choosing another devfs_ruleset -> EPERM",
            EPERM,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.in_a,
                    IovBuilder::new().int("jid", f.b).int("devfs_ruleset", 5),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.18 addresses outside a restricted parent's -> EPERM",
            EPERM,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new()
                        .int("jid", f.b)
                        .param("ip4.addr", Value::Bytes(vec![10, 9, 9, 9])),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.18 addresses overlapping another jail's -> EADDRINUSE",
            Errno::EADDRINUSE,
            Text("IPv4 addresses clash"),
            |w, f| {
                set(
                    w,
                    f.root,
                    persist("x").param(
                        "ip4.addr",
                        Value::Bytes([[10, 0, 0, 2], [10, 0, 0, 1]].concat()),
                    ),
                    CREATE,
                )
            },
        ),
        row(
            "1.5.18 numeric name other than the jid -> EINVAL",
            EINVAL,
            Text("name cannot be numeric (unless it is the jid)"),
            |w, f| set(w, f.root, persist("51").int("jid", 50), CREATE),
        ),
        row(
            "9.9 update by a numeric name -> EINVAL",
            EINVAL,
            Text("name cannot be numeric (unless it is the jid)"),
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new()
                        .string("name", "60")
                        .string("host.hostname", "h"),
                    UPDATE,
                )
            },
        )
        .after(|w, f| {
            let made = set(w, f.root, persist("60").int("jid", 60), CREATE);
            assert_eq!(made.result, Ok(60), "set-up");
        }),
        row(
            "1.5.18 rename that makes a descendant's name 256 bytes -> ENAMETOOLONG",
            Errno::ENAMETOOLONG,
            Untouched,
            |w, f| {
                let long = "n".repeat(254);
                let params = IovBuilder::new().int("jid", f.a).string("name", &long);
                set(w, f.root, params, UPDATE)
            },
        ),
        row(
            "1.5.18 allow.* the parent lacks -> EPERM",
            EPERM,
            Untouched,
            |w, f| {
                set(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.b).flag("allow.raw_sockets"),
                    UPDATE,
                )
            },
        ),
        row(
            "1.5.19 unknown parameter -> EINVAL",
            EINVAL,
            Text("unknown parameter: bogus"),
            |w, f| set(w, f.root, persist("x").flag("bogus"), CREATE),
        ),
        row(
            "1.5.21 attach that chroot refuses -> EPERM",
            EPERM,
            Text("attach failed"),
            |w, f| {
                set(
                    w,
                    f.open_dir,
                    IovBuilder::new().string("name", "x"),
                    CREATE | ATTACH,
                )
            },
        ),
        // §1.6 jail_get
        row(
            "1.6 flag outside JAIL_GET_MASK -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| get(w, f.root, IovBuilder::new().int("jid", f.a), CREATE),
        ),
        row(
            "1.6 JAIL_USE_DESC with JAIL_AT_DESC -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| get(w, f.root, IovBuilder::new().int("jid", f.a), 0x30),
        ),
        row(
            "rjail: caller in a native jail (get) -> EPERM",
            EPERM,
            Untouched,
            |w, f| get(w, f.native, IovBuilder::new().int("jid", f.a), 0),
        ),
        row(
            "1.6 JAIL_AT_DESC without desc (get) -> ENOENT",
            ENOENT,
            Text("missing desc"),
            |w, f| get(w, f.root, IovBuilder::new().int("jid", f.a), 0x20),
        ),
        row(
            "rjail: desc to find the prison by (JAIL_USE_DESC, get) -> EINVAL",
            EINVAL,
            Text("not a jail descriptor"),
            |w, f| get(w, f.root, IovBuilder::new().int("desc", 3), 0x10),
        ),
        row(
            "9.11 desc without a descriptor flag (get) -> EINVAL",
            EINVAL,
            Text("unexpected desc"),
            |w, f| get(w, f.root, IovBuilder::new().int("desc", 3), 0),
        ),
        row(
            "1.6 lastjid past the last jail -> ENOENT",
            ENOENT,
            Formatted(|f| format!("no jail after {}", f.d)),
            |w, f| get(w, f.root, IovBuilder::new().int("lastjid", f.d), DYING),
        ),
        row(
            "1.6 jid that does not exist -> ENOENT",
            ENOENT,
            Text("jail 77 not found"),
            |w, f| get(w, f.root, IovBuilder::new().int("jid", 77), 0),
        ),
        row(
            "1.6 dying jid without JAIL_DYING -> ENOENT",
            ENOENT,
            Formatted(|f| format!("jail {} is dying", f.d)),
            |w, f| get(w, f.root, IovBuilder::new().int("jid", f.d), 0),
        ),
        row(
            "1.6 name that does not exist -> ENOENT",
            ENOENT,
            Text("jail \"nope\" not found"),
            |w, f| get(w, f.root, IovBuilder::new().string("name", "nope"), 0),
        ),
        row(
            "1.6 dying name without JAIL_DYING -> ENOENT",
            ENOENT,
            Text("jail \"d\" is dying"),
            |w, f| get(w, f.root, IovBuilder::new().string("name", "d"), 0),
        ),
        row(
            "1.6 no key at all -> ENOENT",
            ENOENT,
            Text("no jail specified"),
            |w, f| get(w, f.root, IovBuilder::new().out("securelevel", 4), 0),
        ),
        row(
            "9.13 zeroed name buffer -> ENOENT",
            ENOENT,
            Text("jail \"\" not found"),
            |w, f| get(w, f.root, IovBuilder::new().out("name", 256), 0),
        ),
        row(
            "1.6 a jail never sees itself -> ENOENT",
            ENOENT,
            Formatted(|f| format!("jail {} not found", f.a)),
            |w, f| get(w, f.in_a, IovBuilder::new().int("jid", f.a), 0),
        ),
        row(
            "1.6 ip4.addr buffer too small -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                get(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.a).out("ip4.addr", 2),
                    0,
                )
            },
        ),
        row(
            "1.6 int buffer of the wrong size -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                get(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.a).out("securelevel", 8),
                    0,
                )
            },
        ),
        row(
            "1.6 string buffer too small -> EINVAL",
            EINVAL,
            Untouched,
            |w, f| {
                get(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.a).out("path", 2),
                    0,
                )
            },
        ),
        row(
            "1.6 unknown parameter -> EINVAL",
            EINVAL,
            Text("unknown parameter: bogus"),
            |w, f| {
                get(
                    w,
                    f.root,
                    IovBuilder::new().int("jid", f.a).out("bogus", 4),
                    0,
                )
            },
        ),
        // §1.7 jail_attach, jail_remove
        row(
            "1.7 jail_remove without PRIV_JAIL_REMOVE -> EPERM",
            EPERM,
            Msg::None,
            |w, f| remove(w, f.user, f.a),
        ),
        row(
            "1.7 jail_remove of an unknown jid -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| remove(w, f.root, 77),
        ),
        row(
            "1.7 jail_remove of a jail that is not a descendant -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| remove(w, f.in_a, f.z),
        ),
        row(
            "1.7 jail_remove of the caller's own jail -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| remove(w, f.in_a, f.a),
        ),
        row(
            "rjail: jail_remove from a native jail -> EPERM",
            EPERM,
            Msg::None,
            |w, f| remove(w, f.native, f.a),
        ),
        row(
            "1.7 jail_attach without PRIV_JAIL_ATTACH -> EPERM",
            EPERM,
            Msg::None,
            |w, f| attach(w, f.user, f.a),
        ),
        row(
            "1.7 jail_attach to an unknown jid -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| attach(w, f.root, 77),
        ),
        row(
            "1.7 jail_attach to a dying jail -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| attach(w, f.root, f.d),
        ),
        row(
            "1.7 jail_attach to a jail that is not a descendant -> EINVAL",
            EINVAL,
            Msg::None,
            |w, f| attach(w, f.in_a, f.z),
        ),
        row(
            "1.7 jail_attach with directories open -> EPERM",
            EPERM,
            Msg::None,
            |w, f| attach(w, f.open_dir, f.a),
        ),
        row(
            "rjail: jail_attach from a native jail -> EPERM",
            EPERM,
            Msg::None,
            |w, f| attach(w, f.native, f.a),
        ),
    ]
}

#[test]
fn every_errno_case_of_the_reference() {
    let mut failures = Vec::new();
    let rows = rows();
    for row in &rows {
        let w = World::new();
        let fix = fixture(&w);
        (row.prepare)(&w, &fix);
        let before = snapshot(&w);
        let outcome = (row.call)(&w, &fix);
        let after = snapshot(&w);
        let mut problems = Vec::new();
        if outcome.result != Err(row.errno) {
            problems.push(format!("returned {:?}", outcome.result));
        }
        let text = |buf: &[u8]| {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            String::from_utf8_lossy(&buf[..end]).into_owned()
        };
        match (row.msg, &outcome.errmsg) {
            (Msg::None, None) => {}
            (Msg::Untouched, Some(buf)) => {
                if buf.iter().any(|&b| b != 0) {
                    problems.push(format!("errmsg written: {:?}", text(buf)));
                }
            }
            (Msg::Text(expected), Some(buf)) => {
                if text(buf) != expected {
                    problems.push(format!("errmsg {:?}, expected {expected:?}", text(buf)));
                }
            }
            (Msg::Formatted(expected), Some(buf)) => {
                let expected = expected(&fix);
                if text(buf) != expected {
                    problems.push(format!("errmsg {:?}, expected {expected:?}", text(buf)));
                }
            }
            (expected, got) => problems.push(format!("errmsg {expected:?} vs {got:?}")),
        }
        if after != before {
            problems.push(format!(
                "tree changed:\n before {before:?}\n after  {after:?}"
            ));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", row.name, problems.join("; ")));
        }
        rjail::prison::label::label_release(fix.held);
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
    // Every row has a distinct name.
    let mut names: Vec<_> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len());
}
