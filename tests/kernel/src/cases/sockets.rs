//! IPv4 confinement of a prisoner's sockets by rjail's socket hooks:
//! families, bind(2) and connect(2) address coercion. Needs lo0 up with
//! 127.0.0.1 and 127.0.0.2; as PID 1 the suite configures it.

use super::*;
use crate::net::{self, dotted, ANY, LOOPBACK};

/// The address the prisons of these cases get.
const PRISON_ADDR: [u8; 4] = [127, 0, 0, 2];
/// An address no interface has.
const FOREIGN: [u8; 4] = [10, 9, 8, 7];

/// Brings lo0 up with 127.0.0.1/8 and the alias 127.0.0.2/32, as
/// `ifconfig lo0 inet 127.0.0.1/8; ifconfig lo0 alias 127.0.0.2/32` would.
pub fn configure_loopback() -> Result<String, String> {
    let fd = sys::socket(net::AF_INET, net::SOCK_DGRAM).map_err(|e| format!("socket: {e}"))?;
    let result = (|| {
        let mut request = net::ifreq("lo0", 0);
        sys::ioctl(fd, net::SIOCGIFFLAGS, &mut request)
            .map_err(|e| format!("SIOCGIFFLAGS lo0: {e}"))?;
        let flags = net::ifreq_flags(&request) | net::IFF_UP;
        let mut up = net::ifreq("lo0", flags);
        sys::ioctl(fd, net::SIOCSIFFLAGS, &mut up).map_err(|e| format!("SIOCSIFFLAGS lo0: {e}"))?;
        for (addr, mask) in [(LOOPBACK, [255, 0, 0, 0]), (PRISON_ADDR, [255; 4])] {
            let mut alias = net::in_aliasreq("lo0", addr, mask);
            sys::ioctl(fd, net::SIOCAIFADDR, &mut alias)
                .map_err(|e| format!("SIOCAIFADDR {}: {e}", dotted(addr)))?;
        }
        Ok(format!(
            "lo0 up (flags {flags:#x}), 127.0.0.1/8 and 127.0.0.2/32 added"
        ))
    })();
    let _ = sys::close(fd);
    result
}

/// Binds a fresh TCP socket to `addr:0`; the bound address, or the errno.
fn bind_and_name(addr: [u8; 4]) -> Result<i32, Errno> {
    let fd = sys::socket(net::AF_INET, net::SOCK_STREAM)?;
    let result = sys::bind(fd, addr, 0)
        .and_then(|()| sys::getsockname(fd))
        .map(|(bound, _)| i32::from_be_bytes(bound));
    let _ = sys::close(fd);
    result
}

fn address_text(result: &Result<i32, Errno>) -> String {
    match result {
        Ok(bits) => dotted(bits.to_be_bytes()),
        Err(e) => e.to_string(),
    }
}

/// Both addresses the socket cases need answer on the host.
fn loopback(ctx: &mut Context) {
    let mut obs = Obs::new();
    match &ctx.loopback {
        Some(Ok(done)) => obs.note(done),
        Some(Err(e)) => obs.check(false, &format!("configuring lo0 as PID 1: {e}")),
        None => obs.note("lo0 as the host configured it"),
    }
    for addr in [LOOPBACK, PRISON_ADDR] {
        let bound = bind_and_name(addr);
        let fine = bound == Ok(i32::from_be_bytes(addr));
        obs.check(
            fine,
            &format!("host bind {}={}", dotted(addr), address_text(&bound)),
        );
        if !fine {
            obs.note("the socket cases need it: ifconfig lo0 alias 127.0.0.2/32");
        }
    }
    ctx.report("loopback", obs.ok, &obs.text);
}

/// Creates the prison for a socket case: one address, 127.0.0.2.
fn addressed_prison(obs: &mut Obs, ctx: &Context, calls: &Calls, name: &str) -> Option<i32> {
    fresh_prison(obs, ctx, calls, name, "create", |l| {
        l.bytes("ip4.addr", &PRISON_ADDR);
    })
}

/// bind(2) in a prison with the single address 127.0.0.2: the wildcard
/// and the loopback address become the prison's, its own address stays,
/// a foreign one is EADDRNOTAVAIL.
fn bind_coercion(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = addressed_prison(&mut obs, ctx, calls, "kt_bind") else {
        return obs;
    };
    let tries = [ANY, LOOPBACK, PRISON_ADDR, FOREIGN];
    let body = move |io: &ChildIo| {
        for addr in tries {
            io.send_result(bind_and_name(addr));
        }
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        for addr in tries {
            let got = child.receive_result();
            let want = if addr == FOREIGN {
                Err(Errno::EADDRNOTAVAIL)
            } else {
                Ok(i32::from_be_bytes(PRISON_ADDR))
            };
            obs.check(
                got == want,
                &format!("bind {}: {}", dotted(addr), address_text(&got)),
            );
        }
    });
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// A prison with IPv4 addresses only cannot open IPv6 sockets.
fn inet6_disabled(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let open = |domain| {
        sys::socket(domain, net::SOCK_STREAM).map(|fd| {
            let _ = sys::close(fd);
            0
        })
    };
    obs.expect_ok("host socket(INET6)", &open(net::AF_INET6));
    let Some(jid) = addressed_prison(&mut obs, ctx, calls, "kt_inet6") else {
        return obs;
    };
    let body = move |io: &ChildIo| {
        io.send_result(open(net::AF_INET6));
        io.send_result(open(net::AF_INET));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        obs.expect_err(
            "prisoner socket(INET6)",
            &child.receive_result(),
            Errno::EPROTONOSUPPORT,
        );
        obs.expect_ok("prisoner socket(INET)", &child.receive_result());
    });
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// connect(2) from a prison to 127.0.0.1 reaches the prison's own address:
/// a listener bound to 127.0.0.2 only (which the host cannot reach through
/// 127.0.0.1) accepts it, from 127.0.0.2.
fn connect_coercion(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let listener = sys::socket(net::AF_INET, net::SOCK_STREAM);
    let Ok(listener) = listener else {
        obs.check(false, &format!("listener socket={}", outcome(&listener)));
        return obs;
    };
    let port = sys::bind(listener, PRISON_ADDR, 0)
        .and_then(|()| sys::listen(listener, 4))
        .and_then(|()| sys::getsockname(listener))
        .map(|(_, port)| port);
    if !obs.expect_ok("host listens on 127.0.0.2", &port) {
        let _ = sys::close(listener);
        return obs;
    }
    let port = port.unwrap_or(0);
    let connect_to = move |addr: [u8; 4]| -> Result<i32, Errno> {
        let fd = sys::socket(net::AF_INET, net::SOCK_STREAM)?;
        let result = sys::connect(fd, addr, port)
            .and_then(|()| sys::getsockname(fd))
            .map(|(local, _)| i32::from_be_bytes(local));
        let _ = sys::close(fd);
        result
    };
    obs.expect_err(
        "host connect 127.0.0.1",
        &connect_to(LOOPBACK),
        Errno::ECONNREFUSED,
    );
    if let Some(jid) = addressed_prison(&mut obs, ctx, calls, "kt_connect") {
        let body = move |io: &ChildIo| {
            let _ = sys::close(listener);
            io.send_result(connect_to(LOOPBACK));
            0
        };
        with_prisoner(&mut obs, calls, jid, body, |obs, child| {
            let local = child.receive_result();
            let want = Ok(i32::from_be_bytes(PRISON_ADDR));
            obs.check(
                local == want,
                &format!("prisoner connect 127.0.0.1: from {}", address_text(&local)),
            );
            if local.is_ok() {
                let peer = sys::accept(listener).map(|(fd, addr, _)| {
                    let _ = sys::close(fd);
                    i32::from_be_bytes(addr)
                });
                obs.check(
                    peer == want,
                    &format!("host accepts peer {}", address_text(&peer)),
                );
            }
        });
        remove_and_wait(&mut obs, calls, jid);
    }
    let _ = sys::close(listener);
    obs
}

pub(super) fn run(ctx: &mut Context) {
    loopback(ctx);
    compare(ctx, "bind_coercion", bind_coercion);
    compare(ctx, "inet6_disabled", inet6_disabled);
    compare(ctx, "connect_coercion", connect_coercion);
}
