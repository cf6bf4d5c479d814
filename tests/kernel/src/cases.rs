//! The cases. Each one checks rjail; where FreeBSD's own jail behaves the
//! same, the same steps also run against the base system's jail calls and the
//! two observations must agree, so a divergence is a failure that shows both.
//!
//! An observation is a text built only from implementation-neutral facts
//! (errnos, `errmsg` texts with jids masked, flags read back), never from jid
//! values, which differ between the two prison trees.

use crate::abi::{self, jail_flags, JailV2};
use crate::errno::Errno;
use crate::iov::IovList;
use crate::malloc_stats::{self, TypeUsage};
use crate::report::{self, Tally};
use crate::runtime::say;
use crate::sys::{self, Forked};
use crate::wait_status::{self, ChildEnd};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

mod basesysctl;
mod compat32;
mod descriptors;
mod enforcement;
mod lifecycle;
mod mounts;
mod naming;
mod net6;
mod net_source;
mod sockets;
mod stress;
mod sysctls;
mod userland;

pub use sockets::configure_loopback;
pub use stress::run_stress;

/// One implementation's five jail system calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calls {
    pub label: &'static str,
    pub jail: u64,
    pub set: u64,
    pub get: u64,
    pub attach: u64,
    pub remove: u64,
}

/// FreeBSD's own jail calls.
pub const BASE: Calls = Calls {
    label: "base",
    jail: abi::nr::JAIL,
    set: abi::nr::JAIL_SET,
    get: abi::nr::JAIL_GET,
    attach: abi::nr::JAIL_ATTACH,
    remove: abi::nr::JAIL_REMOVE,
};

/// The syscall modules rjail registers, in `Calls` field order.
pub const MODULE_NAMES: [&str; 5] = [
    "sys/rjail",
    "sys/rjail_set",
    "sys/rjail_get",
    "sys/rjail_attach",
    "sys/rjail_remove",
];

fn to_jid(result: sys::SysResult) -> Result<i32, Errno> {
    result.map(|(value, _)| value as i32)
}

impl Calls {
    fn raw(number: u64, args: [u64; 3]) -> Result<i32, Errno> {
        // SAFETY: the arguments are integers, or addresses of IovList buffers
        // and jail images alive across the call, or deliberately unmapped
        // addresses the kernel must refuse with EFAULT.
        to_jid(unsafe { sys::syscall6(number, [args[0], args[1], args[2], 0, 0, 0]) })
    }

    pub fn set(&self, list: &mut IovList, flags: i32) -> Result<i32, Errno> {
        let (iov, count) = list.prepare();
        Self::raw(self.set, [iov, u64::from(count), flags as u64])
    }

    pub fn get(&self, list: &mut IovList, flags: i32) -> Result<i32, Errno> {
        let (iov, count) = list.prepare();
        Self::raw(self.get, [iov, u64::from(count), flags as u64])
    }

    /// `jail_set` with an explicit iovec count (for the odd-count cases).
    pub fn set_counted(&self, list: &mut IovList, count: u32, flags: i32) -> Result<i32, Errno> {
        let (iov, _) = list.prepare();
        Self::raw(self.set, [iov, u64::from(count), flags as u64])
    }

    pub fn get_counted(&self, list: &mut IovList, count: u32, flags: i32) -> Result<i32, Errno> {
        let (iov, _) = list.prepare();
        Self::raw(self.get, [iov, u64::from(count), flags as u64])
    }

    pub fn attach(&self, jid: i32) -> Result<i32, Errno> {
        Self::raw(self.attach, [jid as u64, 0, 0])
    }

    pub fn remove(&self, jid: i32) -> Result<i32, Errno> {
        Self::raw(self.remove, [jid as u64, 0, 0])
    }

    /// `jail(2)` with the address of a `struct jail` image.
    pub fn jail(&self, image: u64) -> Result<i32, Errno> {
        Self::raw(self.jail, [image, 0, 0])
    }
}

/// Everything the cases share.
pub struct Context {
    /// A directory the suite owns; prisons are rooted under it.
    pub scratch: String,
    /// `rjail.ko` to load, if the suite loads it.
    pub module_path: Option<String>,
    /// The kld file id of rjail.ko, once known.
    pub module_file: Option<i32>,
    /// rjail's calls, once found.
    pub rjail: Option<Calls>,
    /// This program's own path (for cases that exec it with `-j`).
    pub self_path: Option<String>,
    /// Run the stress mode for this many seconds instead of the cases.
    pub stress_seconds: Option<u64>,
    /// What the suite did to lo0 as PID 1 (`None`: it did not try, the
    /// host's own configuration is used).
    pub loopback: Option<Result<String, String>>,
    pub tally: Tally,
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}

impl Context {
    pub fn new() -> Self {
        Self {
            scratch: String::new(),
            module_path: None,
            module_file: None,
            rjail: None,
            self_path: None,
            stress_seconds: None,
            loopback: None,
            tally: Tally::default(),
        }
    }

    /// Prints a result line and counts it.
    pub fn report(&mut self, case: &str, passed: bool, detail: &str) {
        say(&report::case_line(case, passed, detail));
        self.tally.record(passed);
    }

    /// The directory prisons use as their root; holds `/marker`.
    pub fn root(&self) -> String {
        format!("{}/root", self.scratch)
    }

    /// A file outside every prison root.
    pub fn outside(&self) -> String {
        format!("{}/outside", self.scratch)
    }
}

/// An observation being built: a neutral text and whether every step met the
/// suite's expectation.
#[derive(Clone, Debug, Default)]
struct Obs {
    ok: bool,
    text: String,
}

fn outcome<T>(result: &Result<T, Errno>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    }
}

/// A number or the errno that came instead.
fn value_text(result: &Result<i32, Errno>) -> String {
    match result {
        Ok(v) => v.to_string(),
        Err(e) => e.to_string(),
    }
}

impl Obs {
    fn new() -> Self {
        Self {
            ok: true,
            text: String::new(),
        }
    }

    fn note(&mut self, text: &str) {
        if !self.text.is_empty() {
            self.text.push_str("; ");
        }
        self.text.push_str(text);
    }

    /// A step that must meet `cond`; `text` is what was seen.
    fn check(&mut self, cond: bool, text: &str) {
        self.ok &= cond;
        self.note(text);
    }

    fn expect_ok<T>(&mut self, step: &str, result: &Result<T, Errno>) -> bool {
        let fine = result.is_ok();
        self.check(fine, &format!("{step}={}", outcome(result)));
        fine
    }

    fn expect_err<T>(&mut self, step: &str, result: &Result<T, Errno>, want: Errno) {
        let fine = matches!(result, Err(e) if *e == want);
        self.check(fine, &format!("{step}={}", outcome(result)));
    }

    fn expect_msg(&mut self, list: &IovList, want: &str) {
        let got = list.errmsg_text();
        self.check(got == want, &format!("errmsg=\"{got}\""));
    }

    /// A check shown as one of two fixed texts.
    fn check_either(&mut self, cond: bool, yes: &str, no: &str) {
        self.check(cond, if cond { yes } else { no });
    }

    /// A value read back, shown as `label=value`.
    fn expect_eq<T: PartialEq + core::fmt::Debug>(&mut self, label: &str, got: T, want: T) {
        let text = format!("{label}={got:?}");
        self.check(got == want, &text);
    }

    /// A number that must be `want`, shown as `label` + `same` when it is,
    /// else with the number or errno that came instead.
    fn expect_number(&mut self, label: &str, got: &Result<i32, Errno>, want: i32, same: &str) {
        let fine = *got == Ok(want);
        let shown = if fine {
            same.to_string()
        } else {
            value_text(got)
        };
        self.check(fine, &format!("{label}{shown}"));
    }

    /// How a child ended, which must be `want`: `who`, the end, `legend`.
    fn expect_end(
        &mut self,
        who: &str,
        end: Result<ChildEnd, Errno>,
        want: ChildEnd,
        legend: &str,
    ) {
        let fine = end == Ok(want);
        let shown = end.map(|e| e.to_string()).unwrap_or_default();
        self.check(fine, &format!("{who} {shown}{legend}"));
    }

    /// The child a fork made, or a failed step `fork: errno`.
    fn forked(&mut self, child: Result<Child, Errno>) -> Option<Child> {
        child
            .map_err(|e| self.check(false, &format!("fork: {e}")))
            .ok()
    }
}

/// Replaces the decimal form of `jid` in `text` by `<jid>`.
fn mask_jid(text: &str, jid: i32) -> String {
    text.replace(&jid.to_string(), "<jid>")
}

/// rjail's calls, or a failed case `name` when they were not found.
fn rjail_calls(ctx: &mut Context, name: &str) -> Option<Calls> {
    if ctx.rjail.is_none() {
        ctx.report(name, false, "rjail system calls not found");
    }
    ctx.rjail
}

/// Runs `case` against rjail and against the base system and compares.
fn compare(ctx: &mut Context, name: &str, case: impl Fn(&Context, &Calls) -> Obs) {
    let Some(rjail) = rjail_calls(ctx, name) else {
        return;
    };
    let ours = case(ctx, &rjail);
    let theirs = case(ctx, &BASE);
    if ours.ok && ours.text == theirs.text {
        let detail = ours.text.clone();
        ctx.report(name, true, &format!("{detail} (same as base)"));
    } else {
        let why = if !ours.ok {
            "rjail not as expected"
        } else {
            "rjail differs from base"
        };
        let detail = format!("{why}: rjail: {} | base: {}", ours.text, theirs.text);
        ctx.report(name, false, &detail);
    }
}

/// Runs a case that has no base-system counterpart.
fn solo(ctx: &mut Context, name: &str, case: impl Fn(&Context, &Calls) -> Obs) {
    let Some(rjail) = rjail_calls(ctx, name) else {
        return;
    };
    let seen = case(ctx, &rjail);
    ctx.report(name, seen.ok, &seen.text);
}

// --- helpers -------------------------------------------------------------------

/// Creates a persistent prison `name` rooted at the suite's root directory.
fn create(ctx: &Context, calls: &Calls, name: &str) -> (Result<i32, Errno>, IovList) {
    let mut list = persistent(name, &ctx.root());
    let result = calls.set(&mut list, jail_flags::CREATE);
    (result, list)
}

/// The options that create persistent prison `name` rooted at `path`,
/// with room for an error message.
fn persistent(name: &str, path: &str) -> IovList {
    let mut list = IovList::new();
    list.string("name", name)
        .string("path", path)
        .flag("persist")
        .errmsg();
    list
}

fn jid_of(calls: &Calls, name: &str) -> Result<i32, Errno> {
    let mut list = IovList::new();
    list.string("name", name).errmsg();
    calls.get(&mut list, 0)
}

fn exists_jid(calls: &Calls, jid: i32, flags: i32) -> Result<i32, Errno> {
    let mut list = IovList::new();
    list.int("jid", jid).errmsg();
    calls.get(&mut list, flags)
}

/// Removes prison `name` if it exists (cleanup; errors ignored).
fn discard(calls: &Calls, name: &str) {
    if let Ok(jid) = jid_of(calls, name) {
        discard_jid(calls, jid);
    }
}

/// Removes prison `jid` and waits for it to go (cleanup; errors ignored).
fn discard_jid(calls: &Calls, jid: i32) {
    let _ = calls.remove(jid);
    let _ = gone(calls, jid);
}

/// Waits until `jid` is no longer visible. A prison whose last process exits
/// is torn down by a kernel task after that process is reaped, so this polls:
/// at most 500 tries 10 ms apart; the limit is a safety net, not a measure.
fn gone(calls: &Calls, jid: i32) -> bool {
    for _ in 0..500 {
        if exists_jid(calls, jid, 0) == Err(Errno::ENOENT) {
            return true;
        }
        sys::sleep_ms(10);
    }
    false
}

/// Both ends of the two pipes a child and its parent talk through.
struct ChildIo {
    to_parent: i32,
    from_parent: i32,
}

impl ChildIo {
    fn send(&self, value: i32) {
        let _ = sys::write_all(self.to_parent, &value.to_ne_bytes());
    }

    /// Sends a result as two numbers: 0 and the value, or the errno and 0.
    fn send_result(&self, result: Result<i32, Errno>) {
        let (tag, value) = match result {
            Ok(value) => (0, value),
            Err(e) => (e.0.max(1), 0),
        };
        self.send(tag);
        self.send(value);
    }

    /// Blocks until the parent says go (or goes away).
    fn wait_for_parent(&self) {
        let mut byte = [0u8; 1];
        let _ = sys::read(self.from_parent, &mut byte);
    }
}

struct Child {
    pid: i32,
    from_child: i32,
    to_child: i32,
}

/// Forks; the child runs `body` and exits with its return value.
fn spawn(body: impl FnOnce(&ChildIo) -> i32) -> Result<Child, Errno> {
    let (up_read, up_write) = sys::pipe()?;
    let (down_read, down_write) = sys::pipe()?;
    match sys::fork()? {
        Forked::Child => {
            let _ = sys::close(up_read);
            let _ = sys::close(down_write);
            let code = body(&ChildIo {
                to_parent: up_write,
                from_parent: down_read,
            });
            sys::exit(code)
        }
        Forked::Parent(pid) => {
            let _ = sys::close(up_write);
            let _ = sys::close(down_read);
            Ok(Child {
                pid,
                from_child: up_read,
                to_child: down_write,
            })
        }
    }
}

impl Child {
    /// The next value the child sent, or `None` if it exited first.
    fn receive(&self) -> Option<i32> {
        let mut buf = [0u8; 4];
        let mut filled = 0;
        while filled < buf.len() {
            match sys::read(self.from_child, buf.get_mut(filled..)?) {
                Ok(0) | Err(_) => return None,
                Ok(n) => filled += n,
            }
        }
        Some(i32::from_ne_bytes(buf))
    }

    /// The next result the child sent with `send_result` (EIO if it exited
    /// first).
    fn receive_result(&self) -> Result<i32, Errno> {
        match (self.receive(), self.receive()) {
            (Some(0), Some(value)) => Ok(value),
            (Some(errno), Some(_)) => Err(Errno(errno)),
            _ => Err(Errno::EIO),
        }
    }

    fn release(&self) {
        let _ = sys::write_all(self.to_child, b"g");
    }

    fn wait(self) -> Result<ChildEnd, Errno> {
        let _ = sys::close(self.to_child);
        let status = sys::wait4(self.pid);
        let _ = sys::close(self.from_child);
        status.map(wait_status::decode)
    }
}

/// A child's result sent as a number: the jid, or minus the errno.
fn encode(result: Result<i32, Errno>) -> i32 {
    match result {
        Ok(jid) => jid,
        Err(e) => -e.0,
    }
}

fn decode(value: Option<i32>) -> Result<i32, Errno> {
    match value {
        Some(v) if v >= 0 => Ok(v),
        Some(v) => Err(Errno(v.saturating_neg())),
        None => Err(Errno::EIO),
    }
}

/// Creates persistent prison `name` rooted at the suite's root, with the
/// extra parameters `configure` adds; removes any leftover of that name
/// first.
fn create_with(
    ctx: &Context,
    calls: &Calls,
    name: &str,
    configure: impl FnOnce(&mut IovList),
) -> (Result<i32, Errno>, IovList) {
    discard(calls, name);
    let mut list = IovList::new();
    list.string("name", name)
        .string("path", &ctx.root())
        .flag("persist");
    configure(&mut list);
    list.errmsg();
    let result = calls.set(&mut list, jail_flags::CREATE);
    (result, list)
}

/// Creates persistent prison `name` as [`create_with`] does; the step
/// `step` must succeed. Returns its jid.
fn fresh_prison(
    obs: &mut Obs,
    ctx: &Context,
    calls: &Calls,
    name: &str,
    step: &str,
    configure: impl FnOnce(&mut IovList),
) -> Option<i32> {
    let (created, _) = create_with(ctx, calls, name, configure);
    if obs.expect_ok(step, &created) {
        created.ok()
    } else {
        None
    }
}

/// Runs `body` in a prisoner of prison `jid` ([`start_prisoner`]), lets
/// `inspect` read what it sends, then checks that it exited with 0.
fn with_prisoner(
    obs: &mut Obs,
    calls: &Calls,
    jid: i32,
    body: impl FnOnce(&ChildIo) -> i32,
    inspect: impl FnOnce(&mut Obs, &Child),
) {
    match start_prisoner(calls, jid, body) {
        Ok(child) => {
            inspect(obs, &child);
            finish_prisoner(obs, child);
        }
        Err(e) => obs.check(false, &e),
    }
}

/// Forks a child that attaches to prison `jid` and then runs `body`. The
/// child first reports its attach with `send_result`; the parent has read
/// that report when this returns `Ok`.
fn start_prisoner(
    calls: &Calls,
    jid: i32,
    body: impl FnOnce(&ChildIo) -> i32,
) -> Result<Child, String> {
    let calls_copy = *calls;
    let child = spawn(move |io| {
        let attached = calls_copy.attach(jid);
        io.send_result(attached.map(|_| 0));
        if attached.is_err() {
            return 10;
        }
        body(io)
    })
    .map_err(|e| format!("fork: {e}"))?;
    match child.receive_result() {
        Ok(_) => Ok(child),
        Err(e) => {
            let _ = sys::kill(child.pid, abi::SIGKILL);
            let _ = child.wait();
            Err(format!("attach={e}"))
        }
    }
}

/// Waits for a prisoner started by [`start_prisoner`] and checks that it
/// exited with 0.
fn finish_prisoner(obs: &mut Obs, child: Child) {
    child.release();
    obs.expect_end("prisoner", child.wait(), ChildEnd::Exited(0), "");
}

/// Removes prison `jid` and waits until it is gone.
fn remove_and_wait(obs: &mut Obs, calls: &Calls, jid: i32) {
    obs.expect_ok("remove", &calls.remove(jid));
    obs.check_either(gone(calls, jid), "gone", "still there");
}

// --- set-up ------------------------------------------------------------------------

pub(crate) fn prepare_scratch(ctx: &mut Context) {
    let root = ctx.root();
    let mut problems = Vec::new();
    for dir in [ctx.scratch.as_str(), root.as_str()] {
        match sys::mkdir(dir, 0o755) {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => problems.push(format!("mkdir {dir}: {e}")),
        }
    }
    for file in [format!("{root}/marker"), ctx.outside()] {
        match sys::open(&file, abi::O_WRONLY | abi::O_CREAT, 0o644) {
            Ok(fd) => {
                let _ = sys::close(fd);
            }
            Err(e) => problems.push(format!("create {file}: {e}")),
        }
    }
    let ok = problems.is_empty();
    let detail = if ok {
        format!("scratch {}", ctx.scratch)
    } else {
        problems.join(", ")
    };
    ctx.report("scratch_directory", ok, &detail);
}

/// Loads rjail.ko if asked to; otherwise finds it loaded.
pub(crate) fn load_module(ctx: &mut Context) {
    let result: Result<(i32, String), String> = match ctx.module_path.clone() {
        Some(path) => match sys::kldload(&path) {
            Ok(id) => Ok((id, format!("loaded {path} as file {id}"))),
            Err(Errno::EEXIST) => match sys::kldfind("rjail.ko") {
                Ok(id) => Ok((id, format!("{path} was already loaded (file {id})"))),
                Err(e) => Err(format!("kldload {path}: EEXIST, kldfind rjail.ko: {e}")),
            },
            Err(e) => Err(format!("kldload {path}: {e}")),
        },
        None => sys::kldfind("rjail.ko")
            .map(|id| (id, format!("found loaded as file {id}")))
            .map_err(|e| format!("not loaded and no -k given: kldfind rjail.ko: {e}")),
    };
    match result {
        Ok((id, detail)) => {
            ctx.module_file = Some(id);
            ctx.report("module_load", true, &detail);
        }
        Err(detail) => ctx.report("module_load", false, &detail),
    }
}

// --- the cases ----------------------------------------------------------------------

/// The five syscall modules exist, name themselves as asked, and carry
/// distinct syscall numbers that are not the base system's.
pub(crate) fn syscall_modules(ctx: &mut Context) {
    let mut numbers = [0u64; 5];
    let mut problems = Vec::new();
    for (slot, name) in numbers.iter_mut().zip(MODULE_NAMES) {
        match sys::modfind(name).and_then(sys::modstat) {
            Ok(stat) if stat.name == name && stat.data_int > 0 => *slot = stat.data_int as u64,
            Ok(stat) => problems.push(format!("{name}: modstat says {stat:?}")),
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    let base = [BASE.jail, BASE.set, BASE.get, BASE.attach, BASE.remove];
    for (i, n) in numbers.iter().enumerate() {
        if *n != 0 && numbers.iter().skip(i + 1).any(|m| m == n) {
            problems.push(format!("syscall {n} registered twice"));
        }
        if base.contains(n) {
            problems.push(format!("syscall {n} is a base jail call"));
        }
    }
    let detail = format!(
        "jail={} set={} get={} attach={} remove={}",
        numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]
    );
    if problems.is_empty() {
        ctx.rjail = Some(Calls {
            label: "rjail",
            jail: numbers[0],
            set: numbers[1],
            get: numbers[2],
            attach: numbers[3],
            remove: numbers[4],
        });
        ctx.report("syscall_modules", true, &detail);
    } else {
        ctx.report(
            "syscall_modules",
            false,
            &format!("{}; {detail}", problems.join(", ")),
        );
    }
}

/// Create a persistent prison, read it back by name and by jid, remove it.
fn create_get_remove(ctx: &Context, calls: &Calls) -> Obs {
    let name = "kt_create";
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, name, "create", |_| {}) else {
        return obs;
    };
    obs.check_either(jid > 0, "jid>0", "jid<=0");
    obs.expect_number("get(name)=", &jid_of(calls, name), jid, "same jid");
    let mut list = IovList::new();
    list.int("jid", jid)
        .out_buffer("name", abi::MAXHOSTNAMELEN)
        .out_buffer("path", abi::MAXPATHLEN)
        .out_buffer("persist", 4)
        .out_buffer("dying", 4)
        .errmsg();
    let got = calls.get(&mut list, 0);
    obs.expect_ok("get(jid)", &got);
    obs.expect_eq("name", list.string_value("name"), Some(name));
    obs.check_either(
        list.string_value("path") == Some(ctx.root().as_str()),
        "path=root",
        "path wrong",
    );
    obs.expect_eq("persist", list.int_value("persist"), Some(1));
    obs.expect_eq("dying", list.int_value("dying"), Some(0));
    obs.expect_ok("remove", &calls.remove(jid));
    obs.check(gone(calls, jid), "gone after remove");
    obs
}

/// Update a parameter of an existing prison; updating a missing one fails.
fn update(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_update", "create", |_| {}) else {
        return obs;
    };
    let mut set = IovList::new();
    set.int("jid", jid)
        .string("host.hostname", "kt-updated")
        .errmsg();
    let updated = calls.set(&mut set, jail_flags::UPDATE);
    obs.expect_number("update=", &updated, jid, "same jid");
    let mut get = IovList::new();
    get.int("jid", jid)
        .out_buffer("host.hostname", abi::MAXHOSTNAMELEN)
        .errmsg();
    obs.expect_ok("get", &calls.get(&mut get, 0));
    obs.expect_eq(
        "hostname",
        get.string_value("host.hostname"),
        Some("kt-updated"),
    );
    let mut missing = IovList::new();
    missing
        .string("name", "kt_no_such")
        .flag("persist")
        .errmsg();
    obs.expect_err(
        "update(missing)",
        &calls.set(&mut missing, jail_flags::UPDATE),
        Errno::ENOENT,
    );
    obs.expect_msg(&missing, "jail \"kt_no_such\" not found");
    discard_jid(calls, jid);
    obs
}

/// A new prison must persist or have the caller attach.
fn create_needs_persist(ctx: &Context, calls: &Calls) -> Obs {
    let name = "kt_nopersist";
    discard(calls, name);
    let mut obs = Obs::new();
    let mut list = IovList::new();
    list.string("name", name)
        .string("path", &ctx.root())
        .errmsg();
    obs.expect_err(
        "create",
        &calls.set(&mut list, jail_flags::CREATE),
        Errno::EINVAL,
    );
    obs.expect_msg(&list, "new jail must persist or attach");
    obs.expect_err("get", &jid_of(calls, name), Errno::ENOENT);
    obs
}

/// Creating over an existing name or jid is EEXIST.
fn create_existing(ctx: &Context, calls: &Calls) -> Obs {
    let name = "kt_exists";
    discard(calls, "kt_exists2");
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, name, "create", |_| {}) else {
        return obs;
    };
    let (again, again_list) = create(ctx, calls, name);
    obs.expect_err("create(same name)", &again, Errno::EEXIST);
    obs.expect_msg(&again_list, "jail \"kt_exists\" already exists");
    let mut by_jid = IovList::new();
    by_jid
        .int("jid", jid)
        .string("name", "kt_exists2")
        .string("path", &ctx.root())
        .flag("persist")
        .errmsg();
    obs.expect_err(
        "create(same jid)",
        &calls.set(&mut by_jid, jail_flags::CREATE),
        Errno::EEXIST,
    );
    let masked = mask_jid(by_jid.errmsg_text(), jid);
    obs.check(
        masked == "jail <jid> already exists",
        &format!("errmsg=\"{masked}\""),
    );
    discard_jid(calls, jid);
    obs
}

/// Lookups of prisons that do not exist.
fn lookup_missing(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut by_name = IovList::new();
    by_name.string("name", "kt_absent").errmsg();
    obs.expect_err("get(name)", &calls.get(&mut by_name, 0), Errno::ENOENT);
    obs.expect_msg(&by_name, "jail \"kt_absent\" not found");
    let mut by_jid = IovList::new();
    by_jid.int("jid", 999_990).errmsg();
    obs.expect_err("get(jid)", &calls.get(&mut by_jid, 0), Errno::ENOENT);
    obs.expect_msg(&by_jid, "jail 999990 not found");
    let mut nothing = IovList::new();
    nothing.errmsg();
    obs.expect_err("get(no key)", &calls.get(&mut nothing, 0), Errno::ENOENT);
    obs.expect_msg(&nothing, "no jail specified");
    obs
}

/// An odd iovec count is EINVAL for both set and get.
fn odd_iov_count(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut set = IovList::new();
    set.string("name", "kt_odd")
        .string("path", &ctx.root())
        .flag("persist");
    obs.expect_err(
        "set(niov=5)",
        &calls.set_counted(&mut set, 5, jail_flags::CREATE),
        Errno::EINVAL,
    );
    let mut get = IovList::new();
    get.string("name", "kt_odd");
    obs.expect_err(
        "get(niov=1)",
        &calls.get_counted(&mut get, 1, 0),
        Errno::EINVAL,
    );
    obs.expect_err("lookup", &jid_of(calls, "kt_odd"), Errno::ENOENT);
    obs
}

/// Unknown parameters are refused by name, and nothing is created.
fn unknown_parameter(ctx: &Context, calls: &Calls) -> Obs {
    let name = "kt_unknown";
    discard(calls, name);
    let mut obs = Obs::new();
    let mut list = IovList::new();
    list.string("name", name)
        .string("path", &ctx.root())
        .flag("persist")
        .string("foo", "bar")
        .errmsg();
    obs.expect_err(
        "create",
        &calls.set(&mut list, jail_flags::CREATE),
        Errno::EINVAL,
    );
    obs.expect_msg(&list, "unknown parameter: foo");
    obs.expect_err("lookup", &jid_of(calls, name), Errno::ENOENT);
    let mut get = IovList::new();
    get.string("name", name).out_buffer("foo", 16).errmsg();
    obs.expect_err("get(foo)", &calls.get(&mut get, 0), Errno::ENOENT);
    obs
}

/// Flags outside each call's mask are EINVAL; no operation is EINVAL.
fn bad_flags(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut set = IovList::new();
    set.string("name", "kt_flags")
        .string("path", &ctx.root())
        .flag("persist")
        .errmsg();
    obs.expect_err(
        "set(0x100)",
        &calls.set(&mut set, 0x100 | jail_flags::CREATE),
        Errno::EINVAL,
    );
    obs.expect_err("set(no op)", &calls.set(&mut set, 0), Errno::EINVAL);
    let mut get = IovList::new();
    get.string("name", "kt_flags").errmsg();
    obs.expect_err(
        "get(CREATE)",
        &calls.get(&mut get, jail_flags::CREATE),
        Errno::EINVAL,
    );
    obs.expect_err("lookup", &jid_of(calls, "kt_flags"), Errno::ENOENT);
    obs
}

/// An iovec array at an unmapped address is EFAULT (checked before any
/// option is parsed, so safe to run against the base system).
fn bad_iov_pointer(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let unmapped = 0x1000u64;
    obs.expect_err(
        "set",
        &Calls::raw(calls.set, [unmapped, 2, jail_flags::CREATE as u64]),
        Errno::EFAULT,
    );
    obs.expect_err(
        "get",
        &Calls::raw(calls.get, [unmapped, 2, 0]),
        Errno::EFAULT,
    );
    obs
}

/// Adds one malformed option to a list.
type AddMalformed = fn(&mut IovList);

/// Option lists that fail to parse. FreeBSD 15.0's own jail_set panics the
/// kernel on these, so they run against rjail only: EINVAL (EFAULT for an
/// unreadable name), errmsg untouched, and the module still answers after.
fn malformed_options(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let attempts: [(&str, AddMalformed, Errno); 4] = [
        (
            "unterminated name",
            |l| {
                l.raw_name(b"persist");
            },
            Errno::EINVAL,
        ),
        (
            "empty name",
            |l| {
                l.raw_name(b"");
            },
            Errno::EINVAL,
        ),
        (
            "unreadable name",
            |l| {
                l.foreign_name(0x1000, 8);
            },
            Errno::EFAULT,
        ),
        (
            "oversized value",
            |l| {
                let big = "x".repeat(70_000);
                l.string("host.hostname", &big);
            },
            Errno::EINVAL,
        ),
    ];
    for (what, add, want) in attempts {
        let mut list = IovList::new();
        list.string("name", "kt_malformed")
            .string("path", &ctx.root())
            .flag("persist");
        add(&mut list);
        list.errmsg();
        obs.expect_err(what, &calls.set(&mut list, jail_flags::CREATE), want);
        let msg = list.errmsg_text();
        obs.check(msg.is_empty(), &format!("errmsg=\"{msg}\""));
    }
    obs.expect_err("lookup", &jid_of(calls, "kt_malformed"), Errno::ENOENT);
    obs
}

/// Attach and remove of a jid that does not exist are EINVAL, not ENOENT.
fn unknown_jid(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    obs.expect_err("attach", &calls.attach(999_997), Errno::EINVAL);
    obs.expect_err("remove", &calls.remove(999_997), Errno::EINVAL);
    obs.expect_err("remove(-1)", &calls.remove(-1), Errno::EINVAL);
    obs
}

/// `lastjid` walks the prisons in jid order and ends with ENOENT.
fn lastjid_iteration(ctx: &Context, calls: &Calls) -> Obs {
    let names = ["kt_iter_a", "kt_iter_b", "kt_iter_c"];
    let mut obs = Obs::new();
    let mut created = Vec::new();
    for name in names {
        created.extend(fresh_prison(&mut obs, ctx, calls, name, name, |_| {}));
    }
    let mut seen = Vec::new();
    let mut last = 0;
    let end = loop {
        let mut list = IovList::new();
        list.int("lastjid", last).errmsg();
        match calls.get(&mut list, 0) {
            Ok(jid) if jid > last && seen.len() < 10_000 => {
                seen.push(jid);
                last = jid;
            }
            Ok(jid) => break (Ok(jid), String::new()),
            Err(e) => break (Err(e), list.errmsg_text().to_string()),
        }
    };
    let ascending = seen.windows(2).all(|w| w[0] < w[1]);
    let all_found = created.iter().all(|jid| seen.contains(jid));
    obs.check_either(ascending, "ascending", "not ascending");
    obs.check_either(all_found, "all found", "some missing");
    obs.expect_err("end", &end.0, Errno::ENOENT);
    let want = format!("no jail after {last}");
    obs.check_either(
        end.1 == want,
        "errmsg=\"no jail after <last>\"",
        "errmsg wrong",
    );
    if end.1 != want {
        obs.note(&end.1);
    }
    for jid in created {
        discard_jid(calls, jid);
    }
    obs
}

/// A process attached to a prison sees the prison's root as `/`, cannot see
/// outside it, and cannot see its own prison.
fn attach_chroots(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_attach", "create", |_| {}) else {
        return obs;
    };
    let outside = ctx.outside();
    let calls_copy = *calls;
    let child = spawn(move |_| {
        if calls_copy.attach(jid).is_err() {
            return 10;
        }
        if sys::exists("/marker").is_err() {
            return 11;
        }
        if sys::exists(&outside) != Err(Errno::ENOENT) {
            return 12;
        }
        if exists_jid(&calls_copy, jid, 0) != Err(Errno::ENOENT) {
            return 13;
        }
        0
    });
    if let Some(child) = obs.forked(child) {
        obs.expect_end(
            "child",
            child.wait(),
            ChildEnd::Exited(0),
            " (0 ok, 10 attach, 11 no /marker, 12 sees outside, 13 sees itself)",
        );
    }
    obs.expect_ok("remove", &calls.remove(jid));
    obs.check(gone(calls, jid), "gone");
    obs
}

/// A prison created with ATTACH and without persist dies with its last process.
fn dies_with_last_process(ctx: &Context, calls: &Calls) -> Obs {
    let name = "kt_ephemeral";
    discard(calls, name);
    let mut obs = Obs::new();
    let root = ctx.root();
    let calls_copy = *calls;
    let child = spawn(move |io| {
        let mut list = IovList::new();
        list.string("name", name).string("path", &root).errmsg();
        let result = calls_copy.set(&mut list, jail_flags::CREATE | jail_flags::ATTACH);
        io.send(encode(result));
        let marker = sys::exists("/marker").is_ok();
        if result.is_ok() && marker {
            0
        } else {
            1
        }
    });
    let Some(child) = obs.forked(child) else {
        return obs;
    };
    let created = decode(child.receive());
    obs.expect_ok("create+attach", &created);
    obs.expect_end("child", child.wait(), ChildEnd::Exited(0), "");
    if let Ok(jid) = created {
        obs.check(gone(calls, jid), "gone after exit");
        let dying = exists_jid(calls, jid, jail_flags::DYING);
        // A dying prison may linger briefly; either answer is FreeBSD's.
        obs.check(
            dying.is_ok() || dying == Err(Errno::ENOENT),
            "get(DYING) ok or ENOENT",
        );
    }
    obs
}

/// Removing a prison kills its processes with SIGKILL.
fn remove_kills(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_kill", "create", |_| {}) else {
        return obs;
    };
    let calls_copy = *calls;
    let child = spawn(move |io| {
        let attached = calls_copy.attach(jid);
        io.send(encode(attached.map(|_| 0)));
        if attached.is_err() {
            return 10;
        }
        loop {
            sys::sleep_ms(1000);
        }
    });
    let Some(child) = obs.forked(child) else {
        return obs;
    };
    let attached = decode(child.receive());
    obs.expect_ok("child attach", &attached);
    if attached.is_err() {
        let _ = sys::kill(child.pid, abi::SIGKILL);
    }
    obs.expect_ok("remove", &calls.remove(jid));
    obs.expect_end("child", child.wait(), ChildEnd::Signaled(abi::SIGKILL), "");
    obs.check(gone(calls, jid), "gone");
    obs
}

/// `jail(2)` with a version 0 structure creates and attaches.
fn jail_v0(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let root = ctx.root();
    let calls_copy = *calls;
    let child = spawn(move |io| {
        let (Some(path), Some(host)) = (sys::CPath::new(&root), sys::CPath::new("kt-v0")) else {
            return 2;
        };
        // 127.0.1.1 in host byte order, as version 0 wants it.
        let image = abi::jail_v0_image(path.addr(), host.addr(), 0x7f00_0101);
        let result = calls_copy.jail(image.as_ptr() as u64);
        io.send(encode(result));
        if result.is_ok() && sys::exists("/marker").is_ok() {
            0
        } else {
            1
        }
    });
    let Some(child) = obs.forked(child) else {
        return obs;
    };
    let created = decode(child.receive());
    obs.expect_ok("jail(v0)", &created);
    obs.expect_end(
        "child",
        child.wait(),
        ChildEnd::Exited(0),
        " (0: attached, sees /marker)",
    );
    if let Ok(jid) = created {
        obs.check(gone(calls, jid), "gone after exit");
    }
    obs
}

/// `jail(2)` with a version 2 structure: name and hostname as given.
fn jail_v2(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let root = ctx.root();
    let calls_copy = *calls;
    let child = spawn(move |io| {
        let (Some(path), Some(host), Some(name)) = (
            sys::CPath::new(&root),
            sys::CPath::new("kt-v2-host"),
            sys::CPath::new("kt_v2"),
        ) else {
            return 2;
        };
        let image = JailV2 {
            version: 2,
            path: path.addr(),
            hostname: host.addr(),
            jailname: name.addr(),
            ..JailV2::default()
        }
        .image();
        let result = calls_copy.jail(image.as_ptr() as u64);
        io.send(encode(result));
        io.wait_for_parent();
        if result.is_ok() && sys::exists("/marker").is_ok() {
            0
        } else {
            1
        }
    });
    let Some(child) = obs.forked(child) else {
        return obs;
    };
    let created = decode(child.receive());
    obs.expect_ok("jail(v2)", &created);
    if let Ok(jid) = created {
        let mut list = IovList::new();
        list.int("jid", jid)
            .out_buffer("name", abi::MAXHOSTNAMELEN)
            .out_buffer("host.hostname", abi::MAXHOSTNAMELEN)
            .out_buffer("persist", 4)
            .errmsg();
        obs.expect_ok("get", &calls.get(&mut list, 0));
        obs.expect_eq("name", list.string_value("name"), Some("kt_v2"));
        obs.expect_eq(
            "hostname",
            list.string_value("host.hostname"),
            Some("kt-v2-host"),
        );
        obs.expect_eq("persist", list.int_value("persist"), Some(0));
    }
    child.release();
    obs.expect_end("child", child.wait(), ChildEnd::Exited(0), "");
    if let Ok(jid) = created {
        obs.check(gone(calls, jid), "gone after exit");
    }
    obs
}

/// `jail(2)` refuses version 1 and unknown versions, and a bad pointer.
fn jail_bad_versions(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(path) = sys::CPath::new(&ctx.root()) else {
        obs.check(false, "scratch path too long");
        return obs;
    };
    for version in [1u32, 3] {
        let image = JailV2 {
            version,
            path: path.addr(),
            ..JailV2::default()
        }
        .image();
        obs.expect_err(
            &format!("jail(v{version})"),
            &calls.jail(image.as_ptr() as u64),
            Errno::EINVAL,
        );
    }
    obs.expect_err("jail(unmapped)", &calls.jail(0x1000), Errno::EFAULT);
    obs
}

/// Without privilege, create and remove are EPERM.
fn unprivileged(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_priv", "create", |_| {}) else {
        return obs;
    };
    let root = ctx.root();
    let calls_copy = *calls;
    let child = spawn(move |io| {
        if sys::setuid(65_534).is_err() {
            return 2;
        }
        let mut list = persistent("kt_priv_child", &root);
        io.send(encode(calls_copy.set(&mut list, jail_flags::CREATE)));
        io.send(encode(calls_copy.remove(jid)));
        io.send(encode(calls_copy.attach(jid)));
        0
    });
    if let Some(child) = obs.forked(child) {
        obs.expect_err("create as nobody", &decode(child.receive()), Errno::EPERM);
        obs.expect_err("remove as nobody", &decode(child.receive()), Errno::EPERM);
        obs.expect_err("attach as nobody", &decode(child.receive()), Errno::EPERM);
        obs.expect_end("child", child.wait(), ChildEnd::Exited(0), "");
    }
    obs.expect_err("lookup", &jid_of(calls, "kt_priv_child"), Errno::ENOENT);
    obs.expect_ok("remove", &calls.remove(jid));
    obs
}

/// rjail's prisons and the base system's are separate trees.
fn separate_trees(ctx: &Context, rjail: &Calls) -> Obs {
    let mut obs = Obs::new();
    let ours = create_with(ctx, rjail, "kt_ours", |_| {}).0;
    let theirs = create_with(ctx, &BASE, "kt_theirs", |_| {}).0;
    obs.expect_ok("rjail create", &ours);
    obs.expect_ok("base create", &theirs);
    obs.expect_err(
        "base sees rjail's",
        &jid_of(&BASE, "kt_ours"),
        Errno::ENOENT,
    );
    obs.expect_err(
        "rjail sees base's",
        &jid_of(rjail, "kt_theirs"),
        Errno::ENOENT,
    );
    for (calls, result) in [(rjail, ours), (&BASE, theirs)] {
        if let Ok(jid) = result {
            discard_jid(calls, jid);
        }
    }
    obs
}

/// Unloading is refused while a prison exists and succeeds after; the
/// syscall modules are gone afterwards. Runs last.
pub(crate) fn unload(ctx: &mut Context) {
    let (Some(rjail), Some(file)) = (ctx.rjail, ctx.module_file) else {
        ctx.report("unload", false, "module not loaded or syscalls not found");
        return;
    };
    let mut obs = Obs::new();
    let (held, _) = create(ctx, &rjail, "kt_busy");
    obs.expect_ok("create", &held);
    obs.expect_err(
        "kldunload with a prison",
        &sys::kldunload(file),
        Errno::EBUSY,
    );
    obs.expect_ok("still registered", &sys::modfind(MODULE_NAMES[0]));
    // Remove every prison left, including any a failed case left behind.
    let mut leftovers = 0;
    while let Ok(jid) = {
        let mut list = IovList::new();
        list.int("lastjid", 0).errmsg();
        rjail.get(&mut list, 0)
    } {
        if rjail.remove(jid).is_err() || !gone(&rjail, jid) || leftovers > 1000 {
            obs.check(false, &format!("cannot remove prison {jid}"));
            break;
        }
        leftovers += 1;
    }
    obs.note(&format!("{leftovers} prison(s) removed"));
    // Removed prisons still referenced (by a credential a socket or a
    // zombie keeps) stay dying, and hold the module, until released.
    let dying = dying_prisons(&rjail);
    if !dying.is_empty() {
        obs.note(&format!("dying: {}", dying.join(", ")));
    }
    prison_memory_returns(ctx, &rjail, &mut obs);
    let (unloaded, waited) = unload_when_released(file);
    obs.expect_ok("kldunload", &unloaded);
    if waited > 0 {
        obs.note(&format!("after {waited} EBUSY retries 1 s apart"));
    }
    obs.expect_err(
        "modfind after unload",
        &sys::modfind(MODULE_NAMES[0]),
        Errno::ENOENT,
    );
    ctx.report("unload", obs.ok, &obs.text);
}

/// How many prisons the memory check creates and removes per round.
const CHURN_PRISONS: usize = 100;

/// What rjail's malloc type holds now, from `kern.malloc_stats`.
fn rjail_memory() -> Result<TypeUsage, String> {
    malloc_type_usage("rjail")
}

/// What malloc type `name` holds now, from `kern.malloc_stats`.
pub(crate) fn malloc_type_usage(name: &str) -> Result<TypeUsage, String> {
    let (mut buf, len) = sys::sysctl_read_mapped("kern.malloc_stats")
        .map_err(|e| format!("kern.malloc_stats: {e}"))?;
    let reply = buf.bytes_mut().get(..len).unwrap_or(&[]);
    match malloc_stats::usage_of(reply, name) {
        Ok(Some(usage)) => Ok(usage),
        Ok(None) => Err(format!("kern.malloc_stats has no type {name}")),
        Err(e) => Err(format!("kern.malloc_stats unreadable: {e:?}")),
    }
}

/// Creates `CHURN_PRISONS` persistent prisons, then removes them all.
fn churn_prisons(ctx: &Context, calls: &Calls) -> Result<(), String> {
    let mut jids = Vec::new();
    let mut failure = None;
    for i in 0..CHURN_PRISONS {
        match create(ctx, calls, &format!("kt_churn_{i}")).0 {
            Ok(jid) => jids.push(jid),
            Err(e) => {
                failure = Some(format!("create kt_churn_{i}: {e}"));
                break;
            }
        }
    }
    for jid in jids {
        if calls.remove(jid).is_err() || !gone(calls, jid) {
            failure.get_or_insert(format!("remove {jid} failed"));
        }
    }
    failure.map_or(Ok(()), Err)
}

/// No memory per prison stays behind: once no prison is left, not even a
/// dying one (waited for at most 300 times 100 ms), a round of
/// creating and removing `CHURN_PRISONS` prisons brings rjail's malloc type
/// back to exactly the bytes and allocations it held before. A first round
/// runs unmeasured, so that tables which keep their grown capacity are
/// already grown. Freeing may trail removal (a prison's last reference can
/// go in a kernel task), so the comparison polls: at most 100 tries 10 ms
/// apart; the limit is a safety net, not a measure.
fn prison_memory_returns(ctx: &Context, calls: &Calls, obs: &mut Obs) {
    // A dying prison is freed whenever its last reference goes, which would
    // move the numbers during the measurement.
    let mut waited = 0;
    while !dying_prisons(calls).is_empty() {
        if waited == 300 {
            obs.check(false, "prisons still dying after 30 s: memory not measured");
            return;
        }
        sys::sleep_ms(100);
        waited += 1;
    }
    if waited > 0 {
        obs.note(&format!("no prison dying after {waited} waits of 100 ms"));
    }
    if let Err(e) = churn_prisons(ctx, calls) {
        obs.check(false, &format!("warm-up: {e}"));
        return;
    }
    let before = match rjail_memory() {
        Ok(usage) => usage,
        Err(e) => {
            obs.check(false, &e);
            return;
        }
    };
    if let Err(e) = churn_prisons(ctx, calls) {
        obs.check(false, &e);
        return;
    }
    let mut after = rjail_memory();
    for _ in 0..100 {
        if after.as_ref() == Ok(&before) {
            break;
        }
        sys::sleep_ms(10);
        after = rjail_memory();
    }
    let detail = match &after {
        Ok(now) => format!(
            "rjail memory {} B in {} allocations, after {CHURN_PRISONS} more prisons came and went {} B in {}",
            before.bytes, before.allocations, now.bytes, now.allocations
        ),
        Err(e) => e.clone(),
    };
    obs.check(after == Ok(before), &detail);
}

/// The dying prisons rjail still lists, as `jid name`.
fn dying_prisons(calls: &Calls) -> Vec<String> {
    let mut found = Vec::new();
    let mut last = 0;
    while found.len() < 100 {
        let mut list = IovList::new();
        list.int("lastjid", last)
            .out_buffer("name", abi::MAXHOSTNAMELEN)
            .errmsg();
        match calls.get(&mut list, jail_flags::DYING) {
            Ok(jid) if jid > last => {
                found.push(format!(
                    "{jid} {}",
                    list.string_value("name").unwrap_or("?")
                ));
                last = jid;
            }
            _ => break,
        }
    }
    found
}

/// kldunload, retried while it is EBUSY for at most 30 tries a second
/// apart: dying prisons are released asynchronously (the limit is a safety
/// net, not a measure).
/// Returns the last result and the number of retries.
fn unload_when_released(file: i32) -> (Result<(), Errno>, u32) {
    let mut result = sys::kldunload(file);
    let mut retries = 0;
    while result == Err(Errno::EBUSY) && retries < 30 {
        sys::sleep_ms(1000);
        result = sys::kldunload(file);
        retries += 1;
    }
    (result, retries)
}

/// Runs every case in order; returns the totals.
pub fn run_all(ctx: &mut Context) -> Tally {
    prepare_scratch(ctx);
    load_module(ctx);
    syscall_modules(ctx);
    compare(ctx, "create_get_remove", create_get_remove);
    compare(ctx, "update", update);
    compare(ctx, "create_needs_persist", create_needs_persist);
    compare(ctx, "create_existing", create_existing);
    compare(ctx, "lookup_missing", lookup_missing);
    compare(ctx, "odd_iov_count", odd_iov_count);
    compare(ctx, "unknown_parameter", unknown_parameter);
    compare(ctx, "bad_flags", bad_flags);
    compare(ctx, "bad_iov_pointer", bad_iov_pointer);
    solo(ctx, "malformed_options", malformed_options);
    compare(ctx, "unknown_jid", unknown_jid);
    compare(ctx, "lastjid_iteration", lastjid_iteration);
    compare(ctx, "attach_chroots", attach_chroots);
    compare(ctx, "dies_with_last_process", dies_with_last_process);
    compare(ctx, "remove_kills", remove_kills);
    compare(ctx, "jail_v0", jail_v0);
    compare(ctx, "jail_v2", jail_v2);
    compare(ctx, "jail_bad_versions", jail_bad_versions);
    compare(ctx, "unprivileged", unprivileged);
    sysctls::run(ctx);
    enforcement::run(ctx);
    descriptors::run(ctx);
    naming::run(ctx);
    mounts::run(ctx);
    compat32::run(ctx);
    sockets::run(ctx);
    userland::run(ctx);
    basesysctl::run(ctx);
    net_source::run(ctx);
    net6::run(ctx);
    solo(ctx, "separate_trees", separate_trees);
    unload(ctx);
    lifecycle::run(ctx);
    ctx.tally
}
