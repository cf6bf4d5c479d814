//! The module's own life: loaded and unloaded again and again in one boot,
//! with prisons and prisoners in between, and nothing left behind each time.
//! Runs after `unload` and leaves the module loaded again for later cases.

use super::*;

/// Load/unload cycles `load_cycles` runs (FreeBSD's four MAC label slots
/// would allow only four if each load took one).
const LOAD_CYCLES: u32 = 100;

/// The five syscall numbers, as modfind(2)/modstat(2) give them.
fn syscall_numbers() -> Result<[u64; 5], String> {
    let mut numbers = [0u64; 5];
    for (slot, name) in numbers.iter_mut().zip(MODULE_NAMES) {
        let stat = sys::modfind(name)
            .and_then(sys::modstat)
            .map_err(|e| format!("{name}: {e}"))?;
        *slot = stat.data_int as u64;
    }
    Ok(numbers)
}

fn calls_of(numbers: [u64; 5]) -> Calls {
    Calls {
        label: "rjail",
        jail: numbers[0],
        set: numbers[1],
        get: numbers[2],
        attach: numbers[3],
        remove: numbers[4],
    }
}

/// `security.jail.rjail.jailed` as the calling process sees it.
fn jailed() -> i32 {
    sys::sysctl_int("security.jail.rjail.jailed").unwrap_or(-1)
}

/// The prisoner's side: reports that it is jailed itself, in a forked
/// child, after setuid(2), and in a program it execs after setuid.
fn prisoner_checks(io: &ChildIo, self_path: Option<&str>) -> i32 {
    io.send(jailed());
    let forked = spawn(|_| jailed());
    io.send(match forked.map(Child::wait) {
        Ok(Ok(ChildEnd::Exited(code))) => code,
        _ => -1,
    });
    io.send(match sys::setuid(1001) {
        Ok(()) => jailed(),
        Err(e) => -e.0,
    });
    let execed = match self_path {
        Some(path) => {
            let path = path.to_string();
            match spawn(move |_| sys::execve(&path, &["-j"]).0 + 1000) {
                Ok(child) => match child.wait() {
                    // The probe exits with 50 + jailed.
                    Ok(ChildEnd::Exited(code)) => code - 50,
                    _ => -1,
                },
                Err(_) => -1,
            }
        }
        // No probe to exec (the program could not be linked into the
        // root): reported in the case's detail.
        None => 1,
    };
    io.send(execed);
    io.wait_for_parent();
    0
}

/// What one cycle measured.
struct Cycle {
    numbers: [u64; 5],
    /// rjail's malloc type with the cycle's prisons and prisoners present.
    busy: TypeUsage,
}

/// One cycle: kldload, two prisons with prisoners (one that forks, changes
/// uid and execs, one that the removal kills), removal, kldunload, and the
/// checks that nothing of the module is left.
fn one_cycle(ctx: &Context, path: &str, probe: Option<&str>, index: u32) -> Result<Cycle, String> {
    let file = sys::kldload(path).map_err(|e| format!("kldload: {e}"))?;
    let numbers = syscall_numbers()?;
    let calls = calls_of(numbers);
    let mut obs = Obs::new();
    let a = fresh_prison(
        &mut obs,
        ctx,
        &calls,
        &format!("kt_cycle_a{index}"),
        "create a",
        |_| {},
    );
    let b = fresh_prison(
        &mut obs,
        ctx,
        &calls,
        &format!("kt_cycle_b{index}"),
        "create b",
        |_| {},
    );
    let (Some(a), Some(b)) = (a, b) else {
        return Err(obs.text);
    };
    let self_path = probe.map(String::from);
    let checker = start_prisoner(&calls, a, move |io| {
        prisoner_checks(io, self_path.as_deref())
    })?;
    let idler = start_prisoner(&calls, b, |io| {
        io.wait_for_parent();
        0
    })?;
    for what in ["self", "forked child", "after setuid", "exec after setuid"] {
        let got = checker.receive();
        obs.check(got == Some(1), &format!("{what} jailed={got:?}"));
    }
    let busy = rjail_memory()?;
    checker.release();
    obs.expect_end("prisoner", checker.wait(), ChildEnd::Exited(0), "");
    obs.expect_ok("remove a", &calls.remove(a));
    obs.expect_ok("remove b", &calls.remove(b));
    obs.expect_end(
        "prisoner of b",
        idler.wait(),
        ChildEnd::Signaled(abi::SIGKILL),
        "",
    );
    let (unloaded, _) = unload_when_released(file);
    obs.expect_ok("kldunload", &unloaded);
    for name in MODULE_NAMES {
        obs.expect_err(
            &format!("modfind {name}"),
            &sys::modfind(name),
            Errno::ENOENT,
        );
    }
    let sysctl = sys::sysctl_name2oid("security.jail.rjail");
    obs.check(sysctl.is_err(), "security.jail.rjail gone");
    match rjail_memory() {
        // The type goes with the module (malloc_uninit).
        Err(e) if e.contains("no type rjail") => {}
        Ok(usage) if usage.bytes == 0 && usage.allocations == 0 => {}
        other => obs.check(false, &format!("rjail memory after unload: {other:?}")),
    }
    if obs.ok {
        Ok(Cycle { numbers, busy })
    } else {
        Err(obs.text)
    }
}

/// `LOAD_CYCLES` times in one boot: kldload, prisons and prisoners
/// (fork, setuid and exec inside), removal, kldunload; after every unload
/// the five syscall modules are gone (modfind ENOENT), the sysctl subtree
/// is gone, the rjail malloc type is gone, and the next load gets the same
/// syscall numbers. Loads the module again at the end for any later case.
fn load_cycles(ctx: &mut Context) {
    let Some(path) = ctx.module_path.clone() else {
        say("RJAIL-NOTE load_cycles not run: no -k path to load the module from");
        return;
    };
    // The prisoner execs this program inside its root: a hard link there.
    let probe_inside = "/ktest-probe";
    let probe = ctx.self_path.clone().and_then(|me| {
        let there = format!("{}{probe_inside}", ctx.root());
        match sys::link(&me, &there) {
            Ok(()) | Err(Errno::EEXIST) => Some(probe_inside),
            Err(_) => None,
        }
    });
    let before = ctx
        .rjail
        .map(|c| [c.jail, c.set, c.get, c.attach, c.remove]);
    let mut done = 0;
    let mut failure = None;
    let mut peak = TypeUsage::default();
    let mut first_numbers = before;
    for index in 0..LOAD_CYCLES {
        match one_cycle(ctx, &path, probe, index) {
            Ok(cycle) => {
                if let Some(first) = first_numbers {
                    if first != cycle.numbers {
                        failure = Some(format!(
                            "cycle {index}: syscalls {:?}, before {first:?}",
                            cycle.numbers
                        ));
                        break;
                    }
                }
                first_numbers = Some(cycle.numbers);
                if cycle.busy.bytes > peak.bytes {
                    peak = cycle.busy;
                }
                done += 1;
            }
            Err(e) => {
                failure = Some(format!("cycle {index}: {e}"));
                break;
            }
        }
    }
    // Leave the module loaded, as later cases expect.
    let reload = sys::kldload(&path);
    if let Ok(file) = reload {
        ctx.module_file = Some(file);
        ctx.rjail = syscall_numbers().ok().map(calls_of);
    }
    let detail = format!(
        "{done}/{LOAD_CYCLES} cycles; syscalls {:?} at every load; rjail memory with 2 prisons \
         and prisoners up to {} B in {} allocations, after every unload: type gone; exec checked={}; reloaded={}{}",
        first_numbers.unwrap_or_default(),
        peak.bytes,
        peak.allocations,
        probe.is_some(),
        outcome(&reload),
        failure.as_deref().map(|f| format!("; {f}")).unwrap_or_default(),
    );
    ctx.report("load_cycles", failure.is_none() && reload.is_ok(), &detail);
}

pub fn run(ctx: &mut Context) {
    load_cycles(ctx);
}
