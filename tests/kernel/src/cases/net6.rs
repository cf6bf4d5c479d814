//! IPv6 confinement of a prisoner's sockets beside the base system's jail
//! (`sys/netinet6/in6_jail.c` and its callers in `sys/netinet6/in6_pcb.c`,
//! `in6_src.c`, `udp6_usrreq.c`, `sys/netinet/tcp_usrreq.c`), the
//! IPv4-mapped forms, the `ip4`/`ip6` jailsys modes, and the socket
//! families a prisoner may open. Every row runs in a prisoner of rjail and
//! of the base system's jail; what the prisoner's calls return, its
//! getsockname and what the host's end sees must be the same.
//!
//! lo0 carries ::1 once it is up (`in6_ifattach` gives a loopback
//! interface the loopback address); the cases add fd00::2, fd00::3 and
//! fd00::4 as /128 aliases (no duplicate address detection on loopback).

use super::*;
use crate::inet6::{self, mapped, text, ula, ANY6, LOOPBACK6};
use crate::net::{self, dotted};

const P2: [u8; 16] = ula(2);
const P3: [u8; 16] = ula(3);
/// On the host only.
const H4: [u8; 16] = ula(4);
/// On no interface.
const F9: [u8; 16] = ula(9);
const V4_PRISON: [u8; 4] = [127, 0, 0, 2];
const V4_HOST: [u8; 4] = [127, 0, 0, 4];
const V4_LOOPBACK: [u8; 4] = [127, 0, 0, 1];

/// `SOCK_RAW`; `AF_UNIX`, `AF_ROUTE`, `AF_NETLINK` and two families that
/// need `allow.socket_af` (`pseudo_AF_HDRCMPLT`'s neighbour `AF_NATM`
/// and `AF_DIVERT`).
const SOCK_RAW: u64 = 3;
const AF_UNIX: u8 = 1;
const AF_ROUTE: u8 = 17;
const AF_NETLINK: u8 = 38;
const AF_DIVERT: u8 = 44;
const AF_NATM: u8 = 29;
/// The jailsys values of `ip4`/`ip6` (`JAIL_SYS_DISABLE`, `JAIL_SYS_INHERIT`).
const JAIL_SYS_DISABLE: i32 = 0;
const JAIL_SYS_INHERIT: i32 = 2;

// --- system calls on raw sockaddr images -------------------------------------------

mod nr6 {
    pub const FCNTL: u64 = 92;
    pub const SETSOCKOPT: u64 = 105;
    pub const POLL: u64 = 209;
}

fn call(number: u64, args: [u64; 6]) -> Result<u64, Errno> {
    // SAFETY: every caller passes integers or pointers to live buffers of
    // the sizes it states.
    unsafe { sys::syscall6(number, args) }.map(|(v, _)| v)
}

fn bind_sa(fd: i32, sa: &[u8]) -> Result<(), Errno> {
    call(
        abi::nr::BIND,
        [fd as u64, sa.as_ptr() as u64, sa.len() as u64, 0, 0, 0],
    )
    .map(|_| ())
}

fn connect_sa(fd: i32, sa: &[u8]) -> Result<(), Errno> {
    loop {
        match call(
            abi::nr::CONNECT,
            [fd as u64, sa.as_ptr() as u64, sa.len() as u64, 0, 0, 0],
        ) {
            Err(Errno::EINTR) => continue,
            other => return other.map(|_| ()),
        }
    }
}

fn sendto_sa(fd: i32, bytes: &[u8], sa: &[u8]) -> Result<usize, Errno> {
    call(
        abi::nr::SENDTO,
        [
            fd as u64,
            bytes.as_ptr() as u64,
            bytes.len() as u64,
            0,
            sa.as_ptr() as u64,
            sa.len() as u64,
        ],
    )
    .map(|n| n as usize)
}

/// `getsockname`/`accept`/`recvfrom`-style calls: the value and the
/// address the kernel wrote.
fn address_of(number: u64, fd: i32) -> Result<(i32, [u8; 128]), Errno> {
    let mut sa = [0u8; 128];
    let mut len: u32 = sa.len() as u32;
    let value = call(
        number,
        [
            fd as u64,
            sa.as_mut_ptr() as u64,
            &mut len as *mut u32 as u64,
            0,
            0,
            0,
        ],
    )?;
    Ok((value as i32, sa))
}

fn recvfrom_sa(fd: i32) -> Result<[u8; 128], Errno> {
    let mut buf = [0u8; 16];
    let mut sa = [0u8; 128];
    let mut len: u32 = sa.len() as u32;
    call(
        abi::nr::RECVFROM,
        [
            fd as u64,
            buf.as_mut_ptr() as u64,
            buf.len() as u64,
            0,
            sa.as_mut_ptr() as u64,
            &mut len as *mut u32 as u64,
        ],
    )?;
    Ok(sa)
}

fn set_int_option(fd: i32, level: u64, name: u64, value: i32) -> Result<(), Errno> {
    call(
        nr6::SETSOCKOPT,
        [fd as u64, level, name, &value as *const i32 as u64, 4, 0],
    )
    .map(|_| ())
}

/// `O_NONBLOCK` on, through `fcntl(F_GETFL/F_SETFL)`.
fn nonblocking(fd: i32) -> Result<(), Errno> {
    let flags = call(nr6::FCNTL, [fd as u64, 3, 0, 0, 0, 0])?;
    call(nr6::FCNTL, [fd as u64, 4, flags | 0x4, 0, 0, 0]).map(|_| ())
}

/// `poll(2)` of one descriptor for `POLLOUT`; the revents (0: timeout).
fn poll_out(fd: i32, millis: i32) -> Result<i16, Errno> {
    // struct pollfd { int fd; short events; short revents; }
    let mut pfd = [0u8; 8];
    pfd[..4].copy_from_slice(&fd.to_ne_bytes());
    pfd[4..6].copy_from_slice(&0x0004i16.to_ne_bytes());
    call(
        nr6::POLL,
        [pfd.as_mut_ptr() as u64, 1, millis as u64, 0, 0, 0],
    )?;
    Ok(i16::from_ne_bytes([pfd[6], pfd[7]]))
}

/// `SO_ERROR` of a socket.
fn socket_error(fd: i32) -> Result<i32, Errno> {
    let mut value: i32 = 0;
    let mut len: u32 = 4;
    call(
        118,
        [
            fd as u64,
            0xffff,
            0x1007,
            &mut value as *mut i32 as u64,
            &mut len as *mut u32 as u64,
            0,
        ],
    )?;
    Ok(value)
}

// --- addresses as the observations show them ---------------------------------------

/// Any socket address the kernel wrote, as text.
fn sa_text(sa: &[u8]) -> String {
    if let Some((a, _)) = inet6::parse_sockaddr_in6(sa) {
        return text(a);
    }
    if let Some((a, _)) = net::parse_sockaddr_in(sa) {
        return dotted(a);
    }
    format!("family {}", sa.get(1).copied().unwrap_or(0))
}

fn port_of(sa: &[u8]) -> u16 {
    u16::from_be_bytes([
        sa.get(2).copied().unwrap_or(0),
        sa.get(3).copied().unwrap_or(0),
    ])
}

/// The addresses a prisoner may report, by number (the child reports a
/// number through its pipe).
const KNOWN: [[u8; 16]; 9] = [
    ANY6,
    LOOPBACK6,
    P2,
    P3,
    H4,
    F9,
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 2],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 4],
];

/// A local address as a number for the pipe: an index into [`KNOWN`],
/// 100 + the last byte of an IPv4 address, or -1.
fn encode_sa(sa: &[u8]) -> i32 {
    if let Some((a, _)) = inet6::parse_sockaddr_in6(sa) {
        return KNOWN.iter().position(|k| *k == a).map_or(-1, |i| i as i32);
    }
    if let Some((a, _)) = net::parse_sockaddr_in(sa) {
        return 100 + i32::from(a[3]);
    }
    -1
}

fn decode_text(result: &Result<i32, Errno>) -> String {
    match result {
        Ok(i) if (0..KNOWN.len() as i32).contains(i) => text(KNOWN[*i as usize]),
        Ok(i) if *i >= 100 => format!("127.0.0.{}", i - 100),
        Ok(i) => format!("unknown {i}"),
        Err(e) => e.to_string(),
    }
}

fn name_of(fd: i32) -> Result<i32, Errno> {
    address_of(abi::nr::GETSOCKNAME, fd).map(|(_, sa)| encode_sa(&sa))
}

/// A fresh IPv6 socket of `kind` with IPV6_V6ONLY set to `v6only`.
fn socket6(kind: u64, v6only: bool) -> Result<i32, Errno> {
    let fd = sys::socket(net::AF_INET6, kind)?;
    if let Err(e) = set_int_option(
        fd,
        inet6::IPPROTO_IPV6,
        inet6::IPV6_V6ONLY,
        i32::from(v6only),
    ) {
        let _ = sys::close(fd);
        return Err(e);
    }
    Ok(fd)
}

/// Binds a fresh TCP6 socket to `addr`; the bound address.
fn bind6(addr: [u8; 16], v6only: bool) -> Result<i32, Errno> {
    let fd = socket6(net::SOCK_STREAM, v6only)?;
    let result = bind_sa(fd, &inet6::sockaddr_in6(addr, 0)).and_then(|()| name_of(fd));
    let _ = sys::close(fd);
    result
}

// --- set-up -----------------------------------------------------------------------

/// Adds fd00::2, ::3 and ::4 to lo0 and says whether ::1 answers.
fn aliases6(obs: &mut Obs) {
    let Ok(fd) = sys::socket(net::AF_INET6, net::SOCK_DGRAM) else {
        obs.check(false, "socket(INET6) for SIOCAIFADDR_IN6");
        return;
    };
    for addr in [P2, P3, H4] {
        let mut alias = inet6::in6_aliasreq("lo0", addr, inet6::IN6_IFF_NODAD);
        match sys::ioctl(fd, inet6::SIOCAIFADDR_IN6, &mut alias) {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => obs.check(false, &format!("SIOCAIFADDR_IN6 {}: {e}", text(addr))),
        }
    }
    let _ = sys::close(fd);
}

/// The host's IPv6 addresses the cases use answer (a bind to each works).
fn lo0_inet6(ctx: &mut Context) {
    let mut obs = Obs::new();
    aliases6(&mut obs);
    for addr in [LOOPBACK6, P2, P3, H4] {
        let got = bind6(addr, true);
        obs.check(
            got.as_ref().ok().map(|i| KNOWN.get(*i as usize)) == Some(Some(&addr)),
            &format!("host bind {}={}", text(addr), decode_text(&got)),
        );
    }
    obs.expect_err("host bind fd00::9", &bind6(F9, true), Errno::EADDRNOTAVAIL);
    ctx.report("lo0_inet6", obs.ok, &obs.text);
}

fn ip6_list(addrs: &[[u8; 16]]) -> Vec<u8> {
    addrs.iter().flatten().copied().collect()
}

// --- bind ---------------------------------------------------------------------------

/// The binds of one prisoner: `::` with and without IPV6_V6ONLY, `::1`,
/// the prison's second address, a host address, an address nobody has,
/// and the IPv4-mapped loopback and wildcard.
const BIND_TRIES: [([u8; 16], bool); 9] = [
    (ANY6, true),
    (ANY6, false),
    (LOOPBACK6, true),
    (LOOPBACK6, false),
    (P3, true),
    (H4, true),
    (F9, true),
    (
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1],
        false,
    ),
    (
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0],
        false,
    ),
];

fn bind_rows(obs: &mut Obs, ctx: &Context, calls: &Calls, what: &str, list: &[[u8; 16]]) {
    let bytes = ip6_list(list);
    let Some(jid) = fresh_prison(obs, ctx, calls, "kt_bind6", what, |l| {
        l.bytes("ip6.addr", &bytes);
    }) else {
        return;
    };
    let body = |io: &ChildIo| {
        for (addr, v6only) in BIND_TRIES {
            io.send_result(bind6(addr, v6only));
        }
        0
    };
    with_prisoner(obs, calls, jid, body, |obs, child| {
        for (addr, v6only) in BIND_TRIES {
            let got = child.receive_result();
            let only = if v6only { " v6only" } else { "" };
            obs.note(&format!("bind {}{only}: {}", text(addr), decode_text(&got)));
        }
    });
    remove_and_wait(obs, calls, jid);
}

/// bind(2) of TCP6 sockets in a one- and a two-address prison.
fn bind(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    bind_rows(&mut obs, ctx, calls, "one address", &[P2]);
    bind_rows(&mut obs, ctx, calls, "two addresses", &[P2, P3]);
    obs
}

// --- connect and send from unbound ---------------------------------------------------

/// A host socket of `kind` on `[::]` (dual stack; TCP: listening); its
/// port.
fn host_wildcard6(kind: u64) -> Result<(i32, u16), Errno> {
    let fd = socket6(kind, false)?;
    let port = bind_sa(fd, &inet6::sockaddr_in6(ANY6, 0))
        .and_then(|()| {
            if kind == net::SOCK_STREAM {
                sys::listen(fd, 8)
            } else {
                Ok(())
            }
        })
        .and_then(|()| address_of(abi::nr::GETSOCKNAME, fd))
        .map(|(_, sa)| port_of(&sa));
    match port {
        Ok(port) => Ok((fd, port)),
        Err(e) => {
            let _ = sys::close(fd);
            Err(e)
        }
    }
}

/// One prisoner that connects (TCP) or sends (UDP) from an unbound IPv6
/// socket to `dst`: its getsockname, and the source the host's end sees.
fn from_unbound(obs: &mut Obs, calls: &Calls, jid: i32, kind: u64, dst: [u8; 16]) {
    let host = host_wildcard6(kind);
    let Ok((host_fd, port)) = host else {
        obs.check(false, &format!("host socket={}", outcome(&host)));
        return;
    };
    let proto = if kind == net::SOCK_STREAM {
        "tcp"
    } else {
        "udp"
    };
    let body = move |io: &ChildIo| {
        let _ = sys::close(host_fd);
        match socket6(kind, false) {
            Ok(fd) => {
                let sa = inet6::sockaddr_in6(dst, port);
                let sent = if kind == net::SOCK_STREAM {
                    connect_sa(fd, &sa)
                } else {
                    sendto_sa(fd, b"x", &sa).map(|_| ())
                };
                io.send_result(sent.and_then(|()| name_of(fd)));
                io.wait_for_parent();
                let _ = sys::close(fd);
            }
            Err(e) => io.send_result(Err(e)),
        }
        0
    };
    with_prisoner(obs, calls, jid, body, |obs, child| {
        let local = child.receive_result();
        // A UDP socket that sends from unbound is bound by rjail to the
        // source address, where FreeBSD leaves a dual-stack one on `::`
        // and picks the source per datagram (README, Known limitations):
        // only what the host sees is compared for it.
        let shown = match (&local, kind == net::SOCK_DGRAM) {
            (Ok(_), true) => "sent".to_string(),
            _ => format!("local {}", decode_text(&local)),
        };
        obs.note(&format!("{proto} to {}: {shown}", text(dst)));
        if local.is_ok() {
            let peer = if kind == net::SOCK_STREAM {
                address_of(abi::nr::ACCEPT, host_fd).map(|(fd, sa)| {
                    let _ = sys::close(fd);
                    sa_text(&sa)
                })
            } else {
                recvfrom_sa(host_fd).map(|sa| sa_text(&sa))
            };
            match peer {
                Ok(p) => obs.note(&format!("host sees {p}")),
                Err(e) => obs.note(&format!("host sees {e}")),
            }
        }
    });
    let _ = sys::close(host_fd);
}

/// TCP6 connects and a UDP6 send from unbound sockets in a one- and a
/// two-address prison: to a host address, to `::1`, to the prison's own
/// second address.
fn connect(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    for (what, list) in [("one address", &[P2][..]), ("two addresses", &[P3, P2][..])] {
        obs.note(what);
        let bytes = ip6_list(list);
        let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_conn6", "create", |l| {
            l.bytes("ip6.addr", &bytes);
        }) else {
            continue;
        };
        from_unbound(&mut obs, calls, jid, net::SOCK_STREAM, H4);
        from_unbound(&mut obs, calls, jid, net::SOCK_STREAM, LOOPBACK6);
        from_unbound(&mut obs, calls, jid, net::SOCK_STREAM, P2);
        from_unbound(&mut obs, calls, jid, net::SOCK_DGRAM, H4);
        remove_and_wait(&mut obs, calls, jid);
    }
    obs
}

// --- IPv4-mapped IPv6 ----------------------------------------------------------------

/// A dual-stack IPv6 socket of a prisoner reaching IPv4 through
/// `::ffff:a.b.c.d`: binds, and TCP connects from unbound (the host end
/// is an IPv6 wildcard listener, which sees mapped peers), in a prison
/// with 127.0.0.2 and fd00::2 and in one with fd00::2 only (IPv4
/// disabled).
fn v4_mapped(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    for with_v4 in [true, false] {
        obs.note(if with_v4 { "ip4 127.0.0.2" } else { "no ip4" });
        let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_mapped", "create", |l| {
            l.bytes("ip6.addr", &P2);
            if with_v4 {
                l.bytes("ip4.addr", &V4_PRISON);
            }
        }) else {
            continue;
        };
        let tries = [
            mapped([0; 4]),
            mapped(V4_LOOPBACK),
            mapped(V4_PRISON),
            mapped(V4_HOST),
        ];
        let body = move |io: &ChildIo| {
            for addr in tries {
                io.send_result(bind6(addr, false));
            }
            0
        };
        with_prisoner(&mut obs, calls, jid, body, |obs, child| {
            for addr in tries {
                let got = child.receive_result();
                obs.note(&format!("bind {}: {}", text(addr), decode_text(&got)));
            }
        });
        from_unbound(&mut obs, calls, jid, net::SOCK_STREAM, mapped(V4_LOOPBACK));
        from_unbound(&mut obs, calls, jid, net::SOCK_STREAM, mapped(V4_HOST));
        remove_and_wait(&mut obs, calls, jid);
    }
    obs
}

// --- families and jailsys modes -------------------------------------------------------

/// socket(2) of each family a prisoner might ask for: the descriptor's
/// existence or the errno, as a number.
const FAMILY_TRIES: [(&str, u8, u64); 7] = [
    ("inet", net::AF_INET, net::SOCK_STREAM),
    ("inet6", net::AF_INET6, net::SOCK_STREAM),
    ("unix", AF_UNIX, net::SOCK_STREAM),
    ("route", AF_ROUTE, SOCK_RAW),
    ("netlink", AF_NETLINK, SOCK_RAW),
    ("divert", AF_DIVERT, SOCK_RAW),
    ("natm", AF_NATM, net::SOCK_DGRAM),
];

fn open_family(domain: u8, kind: u64) -> Result<i32, Errno> {
    sys::socket(domain, kind).map(|fd| {
        let _ = sys::close(fd);
        0
    })
}

/// Creates a prison with `configure`, and reports which families its
/// prisoner can open, plus a bind of 127.0.0.4 and of fd00::4 (addresses
/// only the host has).
fn family_row(
    obs: &mut Obs,
    ctx: &Context,
    calls: &Calls,
    what: &str,
    configure: impl FnOnce(&mut IovList),
) {
    obs.note(what);
    let Some(jid) = fresh_prison(obs, ctx, calls, "kt_fam", "create", configure) else {
        return;
    };
    // The kernel has no family beyond local, inet, inet6, route and
    // netlink (socket(2) of any other is EAFNOSUPPORT before any jail
    // check), so the flag is read back to tell the prisons apart.
    let mut get = IovList::new();
    get.int("jid", jid).int("allow.socket_af", 0).errmsg();
    let got = calls.get(&mut get, 0);
    obs.note(&format!(
        "allow.socket_af={}",
        got.map(|_| get.int_value("allow.socket_af").unwrap_or(-1).to_string())
            .unwrap_or_else(|e| e.to_string())
    ));
    let body = |io: &ChildIo| {
        for (_, domain, kind) in FAMILY_TRIES {
            io.send_result(open_family(domain, kind));
        }
        let v4 = sys::socket(net::AF_INET, net::SOCK_STREAM).and_then(|fd| {
            let r = sys::bind(fd, V4_HOST, 0)
                .and_then(|()| sys::getsockname(fd))
                .map(|(a, _)| 100 + i32::from(a[3]));
            let _ = sys::close(fd);
            r
        });
        io.send_result(v4);
        io.send_result(bind6(H4, true));
        0
    };
    with_prisoner(obs, calls, jid, body, |obs, child| {
        for (name, _, _) in FAMILY_TRIES {
            let got = child.receive_result();
            obs.note(&format!("{name} {}", outcome(&got)));
        }
        let v4 = child.receive_result();
        obs.note(&format!("bind 127.0.0.4: {}", decode_text(&v4)));
        let v6 = child.receive_result();
        obs.note(&format!("bind fd00::4: {}", decode_text(&v6)));
    });
    remove_and_wait(obs, calls, jid);
}

/// `ip4`/`ip6` = disable, inherit, new; `allow.socket_af`.
fn families(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    family_row(&mut obs, ctx, calls, "ip4.addr only (ip6 disabled)", |l| {
        l.bytes("ip4.addr", &V4_PRISON);
    });
    family_row(&mut obs, ctx, calls, "ip6.addr only (ip4 disabled)", |l| {
        l.bytes("ip6.addr", &P2);
    });
    family_row(&mut obs, ctx, calls, "ip4=disable ip6=disable", |l| {
        l.int("ip4", JAIL_SYS_DISABLE).int("ip6", JAIL_SYS_DISABLE);
    });
    family_row(&mut obs, ctx, calls, "ip4=inherit ip6=inherit", |l| {
        l.int("ip4", JAIL_SYS_INHERIT).int("ip6", JAIL_SYS_INHERIT);
    });
    family_row(&mut obs, ctx, calls, "ip4=inherit, ip6.addr", |l| {
        l.int("ip4", JAIL_SYS_INHERIT).bytes("ip6.addr", &P2);
    });
    family_row(&mut obs, ctx, calls, "allow.socket_af", |l| {
        l.flag("allow.socket_af");
    });
    obs
}

/// The legacy knob `socket_unixiproute_only` at 0 gives new prisons
/// `allow.socket_af`; set back to 1 afterwards.
fn legacy_socket_knob(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let knob = if calls.label == BASE.label {
        "security.jail.socket_unixiproute_only"
    } else {
        "security.jail.rjail.socket_unixiproute_only"
    };
    let before = sys::sysctl_int(knob);
    obs.expect_number("knob ", &before, 1, "1");
    if !obs.expect_ok("knob=0", &sys::sysctl_set_int(knob, 0)) {
        return obs;
    }
    family_row(&mut obs, ctx, calls, "created with the knob at 0", |_| {});
    obs.expect_ok("knob=1", &sys::sysctl_set_int(knob, 1));
    family_row(&mut obs, ctx, calls, "created with the knob at 1", |_| {});
    obs
}

// --- a wildcard listener in a prison with several addresses --------------------------

/// How a nonblocking connect from the host ended within `millis`:
/// "connected", "timeout" or the errno.
fn connect_outcome(fd: i32, sa: &[u8], millis: i32) -> String {
    if let Err(e) = nonblocking(fd) {
        return format!("fcntl {e}");
    }
    match connect_sa(fd, sa) {
        Ok(()) => return "connected".into(),
        Err(Errno(36)) => {}
        Err(e) => return e.to_string(),
    }
    match poll_out(fd, millis) {
        Ok(0) => "timeout".into(),
        Ok(_) => match socket_error(fd) {
            Ok(0) => "connected".into(),
            Ok(e) => Errno(e).to_string(),
            Err(e) => format!("SO_ERROR {e}"),
        },
        Err(e) => format!("poll {e}"),
    }
}

/// A prisoner listens (TCP) or receives (UDP) on the wildcard of `family`
/// in a prison with two addresses; the host connects or sends to each of
/// `targets`. FreeBSD's lookup skips a jailed wildcard socket for a
/// destination that is not the prison's (`in_pcblookup_hash_wild_locked`,
/// `prison_check_ip4_locked`/`_ip6_locked` on the socket's credential):
/// the host's connect to such an address is refused (RST), its datagram
/// does not reach the prisoner.
fn wildcard_row(obs: &mut Obs, ctx: &Context, calls: &Calls, v6: bool, kind: u64) {
    let sa_for = |index: usize, port: u16| -> Vec<u8> {
        if v6 {
            let addr = [LOOPBACK6, P2, P3, H4][index];
            inet6::sockaddr_in6(addr, port).to_vec()
        } else {
            let addr = [V4_LOOPBACK, V4_PRISON, [127, 0, 0, 3], V4_HOST][index];
            net::sockaddr_in(addr, port).to_vec()
        }
    };
    let names: [String; 4] = if v6 {
        [text(LOOPBACK6), text(P2), text(P3), text(H4)]
    } else {
        [
            dotted(V4_LOOPBACK),
            dotted(V4_PRISON),
            "127.0.0.3".into(),
            dotted(V4_HOST),
        ]
    };
    let proto = if kind == net::SOCK_STREAM {
        "tcp"
    } else {
        "udp"
    };
    let Some(jid) = fresh_prison(obs, ctx, calls, "kt_wild", "create", |l| {
        if v6 {
            l.bytes("ip6.addr", &ip6_list(&[P2, P3]));
        } else {
            l.bytes("ip4.addr", &[V4_PRISON, [127, 0, 0, 3]].concat());
        }
    }) else {
        return;
    };
    let body = move |io: &ChildIo| {
        let opened = if v6 {
            socket6(kind, true)
        } else {
            sys::socket(net::AF_INET, kind)
        };
        let fd = match opened {
            Ok(fd) => fd,
            Err(e) => {
                io.send_result(Err(e));
                return 0;
            }
        };
        let any: Vec<u8> = if v6 {
            inet6::sockaddr_in6(ANY6, 0).to_vec()
        } else {
            net::sockaddr_in([0; 4], 0).to_vec()
        };
        let bound = bind_sa(fd, &any)
            .and_then(|()| {
                if kind == net::SOCK_STREAM {
                    sys::listen(fd, 8)
                } else {
                    Ok(())
                }
            })
            .and_then(|()| address_of(abi::nr::GETSOCKNAME, fd))
            .map(|(_, sa)| i32::from(port_of(&sa)));
        io.send_result(bound);
        io.wait_for_parent();
        if kind == net::SOCK_DGRAM {
            // How many of the four datagrams arrived.
            let mut arrived = 0;
            let _ = nonblocking(fd);
            while recvfrom_sa(fd).is_ok() {
                arrived += 1;
            }
            io.send_result(Ok(arrived));
        }
        let _ = sys::close(fd);
        0
    };
    with_prisoner(obs, calls, jid, body, |obs, child| {
        let port = child.receive_result();
        let Ok(port) = port else {
            obs.check(
                false,
                &format!("prisoner {proto} wildcard: {}", outcome(&port)),
            );
            return;
        };
        let port = port as u16;
        let mut seen = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let domain = if v6 { net::AF_INET6 } else { net::AF_INET };
            let result = match sys::socket(domain, kind) {
                Err(e) => e.to_string(),
                Ok(fd) => {
                    let sa = sa_for(index, port);
                    let r = if kind == net::SOCK_STREAM {
                        connect_outcome(fd, &sa, 1500)
                    } else {
                        match sendto_sa(fd, &[b'0' + index as u8], &sa) {
                            Ok(_) => "sent".into(),
                            Err(e) => e.to_string(),
                        }
                    };
                    let _ = sys::close(fd);
                    r
                }
            };
            seen.push(format!("{name} {result}"));
        }
        obs.note(&format!("{proto} wildcard; host to {}", seen.join(", ")));
        if kind == net::SOCK_DGRAM {
            sys::sleep_ms(200);
            child.release();
            let arrived = child.receive_result();
            obs.note(&format!("prisoner received {}", value_text(&arrived)));
        }
    });
    remove_and_wait(obs, calls, jid);
}

/// Item: a wildcard listener of a prison with several addresses gets only
/// what is sent to those addresses.
fn wildcard_listener(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    wildcard_row(&mut obs, ctx, calls, false, net::SOCK_STREAM);
    wildcard_row(&mut obs, ctx, calls, false, net::SOCK_DGRAM);
    wildcard_row(&mut obs, ctx, calls, true, net::SOCK_STREAM);
    wildcard_row(&mut obs, ctx, calls, true, net::SOCK_DGRAM);
    obs
}

// --- the deliberate exception: UDP sendto ::1 -----------------------------------------

/// One prisoner of a prison with fd00::2 sends a datagram from an unbound
/// UDP6 socket to `[::1]:port`, where a host socket bound to ::1 only
/// listens; what that host socket receives, and from where.
fn udp_to_loopback6(obs: &mut Obs, ctx: &Context, calls: &Calls) -> String {
    let host = socket6(net::SOCK_DGRAM, true).and_then(|fd| {
        bind_sa(fd, &inet6::sockaddr_in6(LOOPBACK6, 0))
            .and_then(|()| nonblocking(fd))
            .and_then(|()| address_of(abi::nr::GETSOCKNAME, fd))
            .map(|(_, sa)| (fd, port_of(&sa)))
    });
    let Ok((host_fd, port)) = host else {
        obs.check(false, &format!("host socket on ::1={}", outcome(&host)));
        return String::new();
    };
    let mut seen = String::from("?");
    if let Some(jid) = fresh_prison(obs, ctx, calls, "kt_udp_lo6", "create", |l| {
        l.bytes("ip6.addr", &P2);
    }) {
        let body = move |io: &ChildIo| {
            let _ = sys::close(host_fd);
            let sent = socket6(net::SOCK_DGRAM, true).and_then(|fd| {
                let r = sendto_sa(fd, b"x", &inet6::sockaddr_in6(LOOPBACK6, port));
                let _ = sys::close(fd);
                r.map(|n| n as i32)
            });
            io.send_result(sent);
            0
        };
        with_prisoner(obs, calls, jid, body, |obs, child| {
            let sent = child.receive_result();
            obs.expect_ok("sendto [::1]", &sent);
            sys::sleep_ms(200);
            seen = match recvfrom_sa(host_fd) {
                Ok(sa) => format!("the host's ::1 socket received it from {}", sa_text(&sa)),
                Err(e) => format!("the host's ::1 socket received nothing ({e})"),
            };
        });
        remove_and_wait(obs, calls, jid);
    }
    let _ = sys::close(host_fd);
    seen
}

/// Where rjail chooses differently: FreeBSD does not apply
/// `prison_remote_ip6` to a UDP6 sendto destination (`udp6_send` has no
/// such call, only `udp6_connect`), so a prisoner's datagram to ::1
/// reaches host services listening on ::1. rjail maps it to the prison's
/// address as for connect(2), so it does not. Both observations are
/// reported; the case checks that each is what its implementation does.
fn udp_sendto_loopback6(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut base = Obs::new();
    let theirs = udp_to_loopback6(&mut base, ctx, &BASE);
    let ours = udp_to_loopback6(&mut obs, ctx, calls);
    obs.ok &= base.ok;
    obs.check(
        theirs.starts_with("the host's ::1 socket received it from fd00::2"),
        &format!("base: {theirs}"),
    );
    obs.check(
        ours.starts_with("the host's ::1 socket received nothing"),
        &format!("rjail: {ours}"),
    );
    obs
}

pub(super) fn run(ctx: &mut Context) {
    lo0_inet6(ctx);
    compare(ctx, "net6_bind", bind);
    compare(ctx, "net6_connect_unbound", connect);
    compare(ctx, "net6_v4_mapped", v4_mapped);
    compare(ctx, "net_families_jailsys", families);
    compare(ctx, "net_socket_af_knob", legacy_socket_knob);
    compare(ctx, "net_wildcard_listener", wildcard_listener);
    solo(ctx, "net6_udp_sendto_loopback", udp_sendto_loopback6);
}
