//! CLI → library → ABI → module, through rjail's host kernel model: the
//! command lines a user types, run against the real system-call entry
//! points.

use rjail::errno::Errno;
use rjail::host::HostKernel;
use rjail::prison::Registry;
use rjail_userland::cli::{self, Outcome};
use rjail_userland::host_model::HostTransport;
use rjail_userland::Failure;

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}

fn run(t: &mut HostTransport<'_>, line: &str) -> Result<Outcome, Failure> {
    let command = cli::parse(&args(line)).expect("command line parses");
    cli::run(&command, t)
}

fn output(t: &mut HostTransport<'_>, line: &str) -> String {
    match run(t, line) {
        Ok(Outcome::Done(text)) => text,
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn create_list_modify_remove() {
    let registry = Registry::new();
    let kernel = HostKernel::new();
    kernel.mkdir_p("/jails/web");
    let mut t = HostTransport {
        registry: &registry,
        caller: kernel.init(),
    };

    let jid = output(
        &mut t,
        "-ci name=web path=/jails/web persist ip4.addr=10.0.0.1,10.0.0.2 host.hostname=web.example",
    );
    assert_eq!(jid, "1\n");
    assert_eq!(
        output(&mut t, "list"),
        "   JID  IP Address      Hostname                      Path\n\
         \x20    1  10.0.0.1        web.example                   /jails/web\n"
    );
    assert_eq!(
        output(
            &mut t,
            "list -n -j web name persist ip4.addr allow.raw_sockets"
        ),
        "name=web persist ip4.addr=10.0.0.1,10.0.0.2 allow.noraw_sockets\n"
    );

    output(
        &mut t,
        "-m name=web host.hostname=other.example allow.raw_sockets",
    );
    assert_eq!(
        output(&mut t, "list -j 1 host.hostname allow.raw_sockets"),
        "other.example true\n"
    );

    output(&mut t, "-r web");
    assert_eq!(output(&mut t, "list -h jid name"), "jid name\n");
}

#[test]
fn module_errors_reach_the_user_with_their_message() {
    let registry = Registry::new();
    let kernel = HostKernel::new();
    let mut t = HostTransport {
        registry: &registry,
        caller: kernel.init(),
    };

    let failure = run(&mut t, "-c name=lonely").unwrap_err();
    assert_eq!(failure.errno, Errno::EINVAL);
    assert_eq!(failure.to_string(), "new jail must persist or attach");

    let failure = run(&mut t, "list -j nosuch").unwrap_err();
    assert_eq!(
        (failure.errno, failure.to_string()),
        (Errno::ENOENT, "jail \"nosuch\" not found".into())
    );

    // jail(8) looks the jail up before creating it and says so itself.
    output(&mut t, "-c name=a persist");
    let failure = run(&mut t, "-c name=a persist").unwrap_err();
    assert_eq!(
        (failure.errno, failure.to_string()),
        (Errno::EEXIST, "\"1\" already exists".into())
    );
    let failure = run(&mut t, "-m name=nosuch persist").unwrap_err();
    assert_eq!(
        (failure.errno, failure.to_string()),
        (Errno::ENOENT, "\"nosuch\" not found".into())
    );

    // An unprivileged user is refused without a message: strerror.
    let user = t.caller.fork();
    user.setuid(1001);
    let mut as_user = HostTransport {
        registry: &registry,
        caller: user,
    };
    let failure = run(&mut as_user, "-c name=b persist").unwrap_err();
    assert_eq!(
        (failure.errno, failure.to_string()),
        (Errno::EPERM, "Operation not permitted".into())
    );
}

#[test]
fn exec_and_the_legacy_form_enter_the_jail() {
    let registry = Registry::new();
    let kernel = HostKernel::new();
    kernel.mkdir_p("/jails/web");
    kernel.mkdir_p("/jails/old");
    let init = kernel.init();
    let mut t = HostTransport {
        registry: &registry,
        caller: init,
    };
    output(&mut t, "-c name=web path=/jails/web persist");

    let shell = init.fork();
    let mut in_shell = HostTransport {
        registry: &registry,
        caller: shell,
    };
    let outcome = run(&mut in_shell, "exec -U www web /bin/sh").unwrap();
    assert!(matches!(&outcome, Outcome::Inside { jid: 1, jail_user: Some(u), .. } if u == "www"));
    assert_eq!(shell.root_path(), b"/jails/web");

    let daemon = init.fork();
    let mut in_daemon = HostTransport {
        registry: &registry,
        caller: daemon,
    };
    let outcome = run(
        &mut in_daemon,
        "-i /jails/old old.example 10.1.1.1 /sbin/init",
    )
    .unwrap();
    let Outcome::Inside { jid, output, .. } = outcome else {
        panic!("the 4.x form did not enter a jail");
    };
    assert_eq!(output, format!("{jid}\n"));
    assert_eq!(daemon.root_path(), b"/jails/old");
    assert_eq!(
        self::output(
            &mut t,
            &format!("list -n -j {jid} host.hostname ip4.addr path")
        ),
        "host.hostname=old.example ip4.addr=10.1.1.1 path=/jails/old\n"
    );
}
