//! The userland on FreeBSD: FreeBSD's own jail(8), jls(8) and jexec(8)
//! against the base system's jail, the same programs with
//! librjail_compat preloaded (acting on rjail), and the `rjail` tool,
//! running the same session from /bin/sh. Each session's output is
//! compared line for line with the base system's; the session also looks
//! from the other side (the implementation it did not act on must not see
//! the prison), so a shim that silently fell through to the base system
//! fails.
//!
//! Needs a FreeBSD run-time tree in the root image (`RJAIL_WORLD`) and the
//! FreeBSD `rjail` tool and compat library (`RJAIL_FREEBSD_SYSROOT` on
//! Linux); without them the cases say so and are not run.

use super::*;

const SHELL: &str = "/bin/sh";
const TOOL: &str = "/usr/sbin/rjail";
const COMPAT: &str = "/usr/lib/librjail_compat.so.1";
const PATH: &str = "PATH=/sbin:/bin:/usr/sbin:/usr/bin";

/// How one session reaches an implementation.
struct Tools {
    label: &'static str,
    /// jail(8), jls(8), jexec(8) or what stands for them.
    jail: &'static str,
    jls: &'static str,
    jexec: &'static str,
    /// Run with the compat library preloaded.
    preload: bool,
    /// jls(8) of the other implementation: must not see this session's
    /// prisons.
    other_jls: &'static str,
}

const BASE_TOOLS: Tools = Tools {
    label: "base",
    jail: "jail",
    jls: "jls",
    jexec: "jexec",
    preload: false,
    other_jls: "env LD_PRELOAD=/usr/lib/librjail_compat.so.1 jls",
};

const SHIM_TOOLS: Tools = Tools {
    label: "shim",
    jail: "jail",
    jls: "jls",
    jexec: "jexec",
    preload: true,
    other_jls: "env -u LD_PRELOAD jls",
};

const RJAIL_TOOL: Tools = Tools {
    label: "rjail",
    jail: "rjail",
    jls: "rjail list",
    jexec: "rjail exec",
    preload: false,
    other_jls: "jls",
};

/// Runs `script` with /bin/sh; standard output and error together.
fn shell(script: &str, preload: bool) -> Result<(ChildEnd, String), String> {
    let (read_end, write_end) = sys::pipe().map_err(|e| format!("pipe: {e}"))?;
    let c = |s: &str| {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    };
    let argv_text = [c(SHELL), c("-c"), c(script)];
    let preload_var = format!("LD_PRELOAD={COMPAT}");
    let mut env_text = alloc::vec![c(PATH)];
    if preload {
        env_text.push(c(&preload_var));
    }
    let argv: Vec<u64> = argv_text
        .iter()
        .map(|a| a.as_ptr() as u64)
        .chain(core::iter::once(0))
        .collect();
    let envp: Vec<u64> = env_text
        .iter()
        .map(|a| a.as_ptr() as u64)
        .chain(core::iter::once(0))
        .collect();
    match sys::fork().map_err(|e| format!("fork: {e}"))? {
        Forked::Child => {
            let _ = sys::dup2(write_end, 1);
            let _ = sys::dup2(write_end, 2);
            // SAFETY: argv and envp are NULL-terminated arrays of pointers
            // to NUL-terminated strings, alive until execve replaces the
            // process (or returns an error).
            let _ = unsafe {
                sys::syscall6(
                    EXECVE,
                    [
                        argv_text[0].as_ptr() as u64,
                        argv.as_ptr() as u64,
                        envp.as_ptr() as u64,
                        0,
                        0,
                        0,
                    ],
                )
            };
            sys::exit(127)
        }
        Forked::Parent(pid) => {
            let _ = sys::close(write_end);
            let mut out = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = sys::read(read_end, &mut buf) {
                out.extend_from_slice(buf.get(..n).unwrap_or_default());
            }
            let _ = sys::close(read_end);
            let end = sys::wait4(pid).map(wait_status::decode);
            let text = String::from_utf8_lossy(&out).into_owned();
            end.map(|e| (e, text)).map_err(|e| format!("wait4: {e}"))
        }
    }
}

/// `execve(2)`.
const EXECVE: u64 = 59;

/// A shell function that shows a command, runs it and shows its status.
const PRELUDE: &str = "run() { echo \"\\$ $*\"; \"$@\" 2>&1; echo \"[rc=$?]\"; }\n";

/// A session's script: `## title` lines are echoed, so that they mark
/// the transcript.
fn script(session: &str) -> String {
    let mut out = String::new();
    for line in session.lines() {
        if line.starts_with("## ") {
            let quoted = line.replace('\'', "'\\''");
            out.push_str(&format!("echo '{quoted}'\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `text` with the number after each `"cpusetid":` masked.
fn mask_cpuset_json(text: &str) -> String {
    let key = "\"cpusetid\":";
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        let (head, tail) = rest.split_at(at + key.len());
        out.push_str(head);
        out.push_str("<cpuset>");
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// The text compared between sessions: without the `$ command` lines
/// (the commands differ by tool name), each message's program name made
/// neutral, `jid` masked, and the sections marked `#aside` left out.
/// rjail has no cpuset of its own (`cpuset.id` reads 0; README), so the
/// CPUSetID of `jls -v` is masked too.
fn comparable(transcript: &str, jids: &[i32]) -> String {
    let mut out = String::new();
    let mut aside = false;
    let mut after_state = false;
    for line in transcript.lines() {
        let cpuset_line = after_state
            && line.len() > 8
            && line.starts_with("        ")
            && line.trim().bytes().all(|b| b.is_ascii_digit());
        after_state = line.ends_with(" ACTIVE") || line.ends_with(" DYING");
        if cpuset_line {
            out.push_str("        <cpuset>\n");
            continue;
        }
        let line = &mask_cpuset_json(line);
        if let Some(mark) = line.strip_prefix("## ") {
            aside = mark.ends_with("#aside");
            continue;
        }
        if aside || line.starts_with("$ ") {
            continue;
        }
        let mut line = line.to_string();
        for prog in ["rjail: ", "jail: ", "jls: ", "jexec: "] {
            if let Some(rest) = line.strip_prefix(prog) {
                line = format!("<prog>: {rest}");
                break;
            }
        }
        for jid in jids {
            line = mask_jid_word(&line, *jid);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Replaces `jid` where it stands as a whole number, keeping the column
/// width: `"    12  x"` and `"     3  x"` both become `"   <J>  x"`.
fn mask_jid_word(line: &str, jid: i32) -> String {
    let digits = jid.to_string();
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let at_word = line.get(i..).is_some_and(|rest| rest.starts_with(&digits))
            && (i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_digit))
            && !bytes.get(i + digits.len()).is_some_and(u8::is_ascii_digit);
        if at_word {
            // Absorb the padding before the number into the mask.
            while out.ends_with(' ') {
                out.pop();
            }
            out.push_str(" <J>");
            i += digits.len();
        } else {
            out.push(char::from(*bytes.get(i).unwrap_or(&b'?')));
            i += 1;
        }
    }
    out
}

/// Prints a session's transcript on the console, one prefixed line each.
fn show(label: &str, end: &ChildEnd, transcript: &str) {
    say(&format!("--- {label} session ({end}) ---"));
    for line in transcript.lines() {
        say(&format!("{label}| {line}"));
    }
}

/// Two prison roots with enough of the world to run /bin/sh, hostname and
/// echo (hard links: the memory disk has little room), and the jail.conf
/// of the config-file steps.
const SETUP: &str = "set -e
mkdir -p /etc
for j in /j/web /j/app; do
    mkdir -p $j/bin $j/lib $j/libexec $j/etc
    cp -l /bin/sh /bin/echo /bin/hostname /bin/ls /bin/cat $j/bin/
    cp -l /lib/libc.so.7 /lib/libsys.so.7 /lib/libedit.so.8 /lib/libtinfow.so.9 \
       /lib/libxo.so.0 /lib/libutil.so.10 $j/lib/
    cp -l /libexec/ld-elf.so.1 $j/libexec/
done
cat >/etc/jail.conf <<'EOF'
app {
    jid = 42;
    path = \"/j/app\";
    host.hostname = \"app\";
    ip4.addr = 127.0.0.3;
    persist;
    exec.start = \"/bin/sh -c 'echo started >/started'\";
    exec.stop = \"/bin/echo stopping app\";
}
EOF
echo ready
";

/// The session both FreeBSD's tools and the rjail tool run.
fn common_session(t: &Tools) -> String {
    let (jail, jls, jexec, other) = (t.jail, t.jls, t.jexec, t.other_jls);
    format!(
        "{PRELUDE}\
run {jail} -c jid=41 name=web path=/j/web host.hostname=web ip4.addr=127.0.0.2 persist
run {jls}
run {jls} -j web
run {jls} -n -j web jid name host.hostname ip4.addr path persist
run {jls} -h jid name host.hostname path
run {jls} -d jid name
run {jls} -j 41 name dying
run {jls} --libxo json
run {jls} --libxo json -n -j web name persist
run {jls} -v
run {jls} --libxo json -v
run {jls} --libxo json -n -j web jid name host.hostname ip4.addr persist
run {jls} --libxo json -j web jid name dying ip4.addr
run {jls} --libxo json -j nosuch
run {jail} -c jid=43 name=bare path=/j/app persist
run {jls}
run {jls} -n -j bare host.hostname ip4.addr persist
run {jls} -j bare host.hostname ip4.addr
run {jls} --libxo json -n -j bare host.hostname ip4.addr
run {jail} -r bare
## from the other side
run {other} -j web
run {jexec} web /bin/echo hello from web
run {jexec} web /bin/sh -c 'ls /; cat /etc/none'
## user switching (no password database in the root)
run {jexec} -U nobody web /bin/echo x
run {jexec} -u nobody web /bin/echo x
## modify
run {jail} -m name=web host.hostname=web2 allow.raw_sockets
run {jls} -n -j web host.hostname allow.raw_sockets
## errors, with the kernel's messages
run {jail} -m name=web path=/j/app
run {jail} -c name=web path=/j/web persist
run {jail} -c name=other path=/j/web bogus.param=1
run {jls} -j nosuch
run {jexec} nosuch /bin/echo x
run {jail} -r nosuch
## the host name seen inside
{jexec} web /bin/hostname 2>&1
## remove
run {jail} -r web
run {jls}
run {jls} --libxo json
"
    )
}

/// The session only FreeBSD's own tools run: configuration file with
/// exec.start and exec.stop, the verbose listing.
fn stock_session(t: &Tools) -> String {
    let (jls, other) = (t.jls, t.other_jls);
    format!(
        "{PRELUDE}\
rm -f /j/app/started
run jail -c jid=41 name=web path=/j/web host.hostname=web ip4.addr=127.0.0.2 persist
run jail -f /etc/jail.conf -c app
run cat /j/app/started
run {jls} -v
run {jls}
run {jls} --libxo json
run {jls} -N
## from the other side
run {other} -j app
run jexec app /bin/cat /started
run jail -m name=app host.hostname=app2
run {jls} -j app host.hostname
run jail -f /etc/jail.conf -r app
run jail -r web
run {jls} -v
"
    )
}

/// The FreeBSD 4.x form: path hostname ip command; the prison goes with
/// its command. Its jid is allocated, so it is masked.
fn legacy_session(t: &Tools) -> String {
    let jail = t.jail;
    format!(
        "{PRELUDE}\
run {jail} /j/web legacy.example 127.0.0.4 /bin/sh -c 'echo in the 4.x jail; ls /'
run {jail} -i /j/web legacy.example 127.0.0.4 /bin/echo numbered
run {jail} /j/web legacy.example nonsense /bin/echo never
"
    )
}

/// The jids a transcript printed alone on a line (jail -i).
fn printed_jids(transcript: &str) -> Vec<i32> {
    transcript
        .lines()
        .filter_map(|l| l.trim().parse::<i32>().ok())
        .collect()
}

/// Runs `session` for base and for `ours`, prints both transcripts and
/// compares them.
fn compare_sessions(
    ctx: &mut Context,
    name: &str,
    ours: &Tools,
    session: fn(&Tools) -> String,
    mask: bool,
) {
    let theirs = shell(&script(&session(&BASE_TOOLS)), BASE_TOOLS.preload);
    let mine = shell(&script(&session(ours)), ours.preload);
    let (Ok((their_end, their_text)), Ok((my_end, my_text))) = (&theirs, &mine) else {
        let why = format!(
            "base: {:?} | {}: {:?}",
            theirs.as_ref().err(),
            ours.label,
            mine.as_ref().err()
        );
        ctx.report(name, false, &why);
        return;
    };
    show(&format!("{name} base"), their_end, their_text);
    show(&format!("{name} {}", ours.label), my_end, my_text);
    let (their_jids, my_jids) = if mask {
        (printed_jids(their_text), printed_jids(my_text))
    } else {
        (Vec::new(), Vec::new())
    };
    let a = comparable(their_text, &their_jids);
    let b = comparable(my_text, &my_jids);
    if a == b && their_end == my_end {
        let lines = a.lines().count();
        ctx.report(
            name,
            true,
            &format!("{lines} lines of output, {my_end} (same as base)"),
        );
    } else {
        let first = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(a.lines().count().min(b.lines().count()));
        let line = |t: &str| t.lines().nth(first).unwrap_or("<end>").to_string();
        ctx.report(
            name,
            false,
            &format!(
                "{} differs from base at compared line {}: base \"{}\" | {} \"{}\" ({their_end} / {my_end})",
                ours.label,
                first + 1,
                line(&a),
                ours.label,
                line(&b)
            ),
        );
    }
}

/// `jexec hv /bin/hostname` prints the prison's own host name, under the
/// base system's jail and under rjail (through the compat library): the
/// stock hostname(1) reads kern.hostname, which rjail serves per prison.
fn hostname_view(ctx: &mut Context) {
    let name = "userland_jexec_hostname";
    let script = "jail -c name=hv path=/j/web host.hostname=hv.example persist >/dev/null 2>&1
jexec hv /bin/hostname 2>&1
jail -r hv >/dev/null 2>&1";
    let base = shell(script, false);
    let ours = shell(script, true);
    let text = |r: &Result<(ChildEnd, String), String>| match r {
        Ok((_, t)) => t.trim().to_string(),
        Err(e) => e.clone(),
    };
    let (a, b) = (text(&base), text(&ours));
    let ok = a == "hv.example" && a == b;
    ctx.report(name, ok, &format!("base \"{a}\", rjail \"{b}\""));
}

/// Every OID under security.jail.rjail has a description, as sysctl(8)
/// -d shows it.
fn sysctl_descriptions(ctx: &mut Context) {
    let name = "userland_sysctl_descriptions";
    match shell("sysctl -d security.jail.rjail 2>&1", false) {
        Ok((end, text)) => {
            show(name, &end, &text);
            let lines: Vec<&str> = text.lines().collect();
            let bare: Vec<&str> = lines
                .iter()
                .filter(|l| l.split_once(": ").is_none_or(|(_, d)| d.trim().is_empty()))
                .copied()
                .collect();
            let ok = end == ChildEnd::Exited(0) && lines.len() > 10 && bare.is_empty();
            ctx.report(
                name,
                ok,
                &format!(
                    "{} OIDs, {end}, without a description: {bare:?}",
                    lines.len()
                ),
            );
        }
        Err(e) => ctx.report(name, false, &e),
    }
}

pub fn run(ctx: &mut Context) {
    let have = |p: &str| sys::exists(p).is_ok();
    if !have(SHELL) || !have("/usr/sbin/jail") {
        say("rjail-ktest: userland cases not run: no FreeBSD world in the root (RJAIL_WORLD)");
        return;
    }
    if !have(TOOL) || !have(COMPAT) {
        say("rjail-ktest: userland cases not run: no FreeBSD rjail tool or compat library in the root (RJAIL_FREEBSD_SYSROOT)");
        return;
    }
    if rjail_calls(ctx, "userland_setup").is_none() {
        return;
    }
    match shell(SETUP, false) {
        Ok((ChildEnd::Exited(0), _)) => {}
        Ok((end, text)) => {
            ctx.report("userland_setup", false, &format!("{end}: {text}"));
            return;
        }
        Err(e) => {
            ctx.report("userland_setup", false, &e);
            return;
        }
    }
    compare_sessions(
        ctx,
        "userland_stock_tools",
        &SHIM_TOOLS,
        stock_session,
        false,
    );
    compare_sessions(
        ctx,
        "userland_stock_common",
        &SHIM_TOOLS,
        common_session,
        false,
    );
    compare_sessions(
        ctx,
        "userland_rjail_tool",
        &RJAIL_TOOL,
        common_session,
        false,
    );
    compare_sessions(
        ctx,
        "userland_rjail_legacy",
        &RJAIL_TOOL,
        legacy_session,
        true,
    );
    compare_sessions(
        ctx,
        "userland_stock_legacy",
        &SHIM_TOOLS,
        legacy_session,
        true,
    );
    hostname_view(ctx);
    sysctl_descriptions(ctx);
    // A session that failed half-way may leave prisons behind; the unload
    // case needs rjail's tree empty.
    if let Some(rjail) = ctx.rjail {
        for name in ["web", "app", "hv", "other", "bare"] {
            discard(&rjail, name);
            discard(&BASE, name);
        }
    }
}
