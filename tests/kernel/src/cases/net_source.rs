//! The local address of a prisoner's IPv4 sockets beside the base
//! system's jail: the source address chosen for an unbound socket that
//! connects or sends (`in_pcbladdr`'s jailed rules) and raw-socket binds
//! (`rip_bind`). Every row runs in a prisoner of rjail and of the base
//! system's jail on loopback addresses; the observations (the prisoner's
//! getsockname, what the host's end sees, errnos) must be the same.

use super::*;
use crate::net::{self, dotted, ANY, LOOPBACK};

const A2: [u8; 4] = [127, 0, 0, 2];
const A3: [u8; 4] = [127, 0, 0, 3];
const A4: [u8; 4] = [127, 0, 0, 4];
/// `SOCK_RAW`, `IPPROTO_ICMP`.
const SOCK_RAW: u64 = 3;
const IPPROTO_ICMP: u64 = 1;

/// Adds 127.0.0.3/32 and 127.0.0.4/32 to lo0 (after 127.0.0.1 and
/// 127.0.0.2, so lo0's address order is .1 .2 .3 .4).
fn more_aliases(obs: &mut Obs) {
    let Ok(fd) = sys::socket(net::AF_INET, net::SOCK_DGRAM) else {
        obs.check(false, "socket for SIOCAIFADDR");
        return;
    };
    for addr in [A3, A4] {
        let mut alias = net::in_aliasreq("lo0", addr, [255; 4]);
        match sys::ioctl(fd, net::SIOCAIFADDR, &mut alias) {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => obs.check(false, &format!("SIOCAIFADDR {}: {e}", dotted(addr))),
        }
    }
    let _ = sys::close(fd);
}

fn as_number(addr: [u8; 4]) -> i32 {
    i32::from_be_bytes(addr)
}

fn shown(result: &Result<i32, Errno>) -> String {
    match result {
        Ok(bits) => dotted(bits.to_be_bytes()),
        Err(e) => e.to_string(),
    }
}

/// A host socket of `kind` bound to 0.0.0.0 (TCP: listening); its port.
fn host_wildcard(kind: u64) -> Result<(i32, u16), Errno> {
    let fd = sys::socket(net::AF_INET, kind)?;
    let port = sys::bind(fd, ANY, 0)
        .and_then(|()| {
            if kind == net::SOCK_STREAM {
                sys::listen(fd, 8)
            } else {
                Ok(())
            }
        })
        .and_then(|()| sys::getsockname(fd))
        .map(|(_, port)| port);
    match port {
        Ok(port) => Ok((fd, port)),
        Err(e) => {
            let _ = sys::close(fd);
            Err(e)
        }
    }
}

/// One row: a prison with `addrs`, a prisoner that connects (TCP, or UDP
/// with `udp_connect`) or sends (UDP) from an unbound socket to `dst`; what
/// its getsockname and the host's end report.
struct SourceRow {
    what: &'static str,
    addrs: &'static [[u8; 4]],
    nosaddrsel: bool,
    kind: u64,
    dst: [u8; 4],
    udp_connect: bool,
}

const SOURCE_ROWS: [SourceRow; 8] = [
    SourceRow {
        what: "one address, TCP to a host address",
        addrs: &[A3],
        nosaddrsel: false,
        kind: net::SOCK_STREAM,
        dst: A4,
        udp_connect: false,
    },
    SourceRow {
        what: "one address, TCP to 127.0.0.1",
        addrs: &[A3],
        nosaddrsel: false,
        kind: net::SOCK_STREAM,
        dst: LOOPBACK,
        udp_connect: false,
    },
    SourceRow {
        what: "two addresses, TCP to the second",
        addrs: &[A2, A3],
        nosaddrsel: false,
        kind: net::SOCK_STREAM,
        dst: A3,
        udp_connect: false,
    },
    SourceRow {
        what: "two addresses (primary .3), TCP to a host address",
        addrs: &[A3, A2],
        nosaddrsel: false,
        kind: net::SOCK_STREAM,
        dst: A4,
        udp_connect: false,
    },
    SourceRow {
        what: "two addresses (primary .3), nosaddrsel, TCP to .2",
        addrs: &[A3, A2],
        nosaddrsel: true,
        kind: net::SOCK_STREAM,
        dst: A2,
        udp_connect: false,
    },
    SourceRow {
        what: "one address, UDP sendto a host address",
        addrs: &[A3],
        nosaddrsel: false,
        kind: net::SOCK_DGRAM,
        dst: A4,
        udp_connect: false,
    },
    // connect(2) of an IPv4 socket takes a path of its own in rjail (the
    // address alone is set, in_pcbconnect picks the port).
    SourceRow {
        what: "one address, UDP connect to a host address, then write",
        addrs: &[A3],
        nosaddrsel: false,
        kind: net::SOCK_DGRAM,
        dst: A4,
        udp_connect: true,
    },
    SourceRow {
        what: "two addresses (primary .3), UDP connect to .2, then write",
        addrs: &[A3, A2],
        nosaddrsel: false,
        kind: net::SOCK_DGRAM,
        dst: A2,
        udp_connect: true,
    },
];

fn source_row(obs: &mut Obs, ctx: &Context, calls: &Calls, row: &SourceRow) {
    obs.note(row.what);
    let host = host_wildcard(row.kind);
    let Ok((host_fd, port)) = host else {
        obs.check(false, &format!("host socket={}", outcome(&host)));
        return;
    };
    let mut list_bytes = Vec::new();
    for a in row.addrs {
        list_bytes.extend_from_slice(a);
    }
    let nosaddrsel = row.nosaddrsel;
    let created = fresh_prison(obs, ctx, calls, "kt_source", "create", |l| {
        l.bytes("ip4.addr", &list_bytes);
        if nosaddrsel {
            l.flag("ip4.nosaddrsel");
        }
    });
    if let Some(jid) = created {
        let (kind, dst, udp_connect) = (row.kind, row.dst, row.udp_connect);
        let body = move |io: &ChildIo| {
            let _ = sys::close(host_fd);
            let local = sys::socket(net::AF_INET, kind).and_then(|fd| {
                let sent = if kind == net::SOCK_STREAM {
                    sys::connect(fd, dst, port)
                } else if udp_connect {
                    sys::connect(fd, dst, port).and_then(|()| sys::write(fd, b"x").map(|_| ()))
                } else {
                    sys::sendto(fd, b"x", dst, port).map(|_| ())
                };
                let name = sent.and_then(|()| sys::getsockname(fd));
                io.send_result(name.map(|(a, _)| as_number(a)));
                io.wait_for_parent();
                let _ = sys::close(fd);
                Ok(0)
            });
            if let Err(e) = local {
                io.send_result(Err(e));
            }
            0
        };
        with_prisoner(obs, calls, jid, body, |obs, child| {
            let local = child.receive_result();
            obs.note(&format!("prisoner local {}", shown(&local)));
            if local.is_ok() {
                let peer = if row.kind == net::SOCK_STREAM {
                    sys::accept(host_fd).map(|(fd, addr, _)| {
                        let _ = sys::close(fd);
                        as_number(addr)
                    })
                } else {
                    let mut buf = [0u8; 8];
                    sys::recvfrom(host_fd, &mut buf).map(|(_, addr, _)| as_number(addr))
                };
                obs.note(&format!("host sees {}", shown(&peer)));
            }
        });
        remove_and_wait(obs, calls, jid);
    }
    let _ = sys::close(host_fd);
}

/// Items 1 and 2: the source address of an unbound socket.
fn unbound_source(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    more_aliases(&mut obs);
    for row in &SOURCE_ROWS {
        source_row(&mut obs, ctx, calls, row);
    }
    obs
}

/// A raw IPv4 socket's bind is checked, never rewritten: 127.0.0.1 and
/// 0.0.0.0 are EADDRNOTAVAIL in a prison that has neither.
fn raw_bind(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_raw", "create", |l| {
        l.bytes("ip4.addr", &A3).flag("allow.raw_sockets");
    }) else {
        return obs;
    };
    let tries = [LOOPBACK, ANY, A3, A4];
    let body = move |io: &ChildIo| {
        for addr in tries {
            let bound = sys::socket_proto(net::AF_INET, SOCK_RAW, IPPROTO_ICMP).and_then(|fd| {
                let r = sys::bind(fd, addr, 0)
                    .and_then(|()| sys::getsockname(fd))
                    .map(|(a, _)| as_number(a));
                let _ = sys::close(fd);
                r
            });
            io.send_result(bound);
        }
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        for addr in tries {
            let got = child.receive_result();
            obs.note(&format!("raw bind {}: {}", dotted(addr), shown(&got)));
        }
    });
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// A connect(2) the protocol refuses before it picks a source address
/// (port 0: EADDRNOTAVAIL; TCP to a multicast group: EAFNOSUPPORT) leaves
/// the socket unbound in FreeBSD's jail: getsockname shows 0.0.0.0 and a
/// bind to the prison's address and a port of the kernel's choosing then
/// succeeds. rjail must not have given it an address in its connect check.
fn refused_connect_leaves_unbound(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_refused", "create", |l| {
        l.bytes("ip4.addr", &A3);
    }) else {
        return obs;
    };
    let tries: [(u64, [u8; 4], u16); 3] = [
        (net::SOCK_DGRAM, A4, 0),
        (net::SOCK_STREAM, A4, 0),
        (net::SOCK_STREAM, [224, 0, 0, 1], 9),
    ];
    let body = move |io: &ChildIo| {
        for (kind, dst, port) in tries {
            let fd = match sys::socket(net::AF_INET, kind) {
                Ok(fd) => fd,
                Err(e) => {
                    for _ in 0..3 {
                        io.send_result(Err(e));
                    }
                    continue;
                }
            };
            io.send_result(sys::connect(fd, dst, port).map(|()| 0));
            io.send_result(sys::getsockname(fd).map(|(a, _)| as_number(a)));
            io.send_result(sys::bind(fd, A3, 0).map(|()| 0));
            let _ = sys::close(fd);
        }
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        for (kind, dst, port) in tries {
            let what = if kind == net::SOCK_STREAM {
                "TCP"
            } else {
                "UDP"
            };
            let connected = child.receive_result();
            let name = child.receive_result();
            let bound = child.receive_result();
            obs.note(&format!(
                "{what} connect {}:{port}={}; then local {}; then bind={}",
                dotted(dst),
                outcome(&connected),
                shown(&name),
                outcome(&bound)
            ));
        }
    });
    remove_and_wait(&mut obs, calls, jid);
    obs
}

pub(super) fn run(ctx: &mut Context) {
    compare(ctx, "net_unbound_source", unbound_source);
    compare(
        ctx,
        "net_refused_connect_unbound",
        refused_connect_leaves_unbound,
    );
    compare(ctx, "net_raw_bind", raw_bind);
}
