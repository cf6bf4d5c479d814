//! The `rjail` command line, parsed by hand in the manner of jail(8),
//! jls(8) and jexec(8):
//!
//! ```text
//! rjail -c [-i] param=value ...        create (jail -c)
//! rjail -m [-i] param=value ...        modify (jail -m); -cm: either
//! rjail -r jid|name ...                remove (jail -r)
//! rjail list [--libxo json] [-dhnv] [-j jid|name] [param ...]   (jls)
//! rjail exec [-u user | -U user] jid|name command ...      (jexec)
//! rjail [-i] [-J jid_file] [-s securelevel] [-u user | -U user]
//!       path hostname ip-number command ...                (jail(8), 4.x form)
//! ```
//!
//! `-u` names a user of the host, looked up before entering the jail; `-U`
//! a user of the jail, looked up inside it (as jail(8) and jexec(8)).

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use rjail::abi::catalogue;
use rjail::abi::flags::JailFlags;

use crate::jail::{self, param_spec, Key};
use crate::listing::{self, Listing, Style};
use crate::transport::{Failure, LegacyJailRequest, Transport};
use crate::value::{Param, Value};
use rjail::errno::Errno;

/// Whose password entry a command runs as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunAs {
    /// `-u`: looked up on the host, before entering the jail.
    HostUser(String),
    /// `-U`: looked up inside the jail.
    JailUser(String),
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Set {
        flags: JailFlags,
        params: Vec<Param>,
        print_jid: bool,
    },
    Remove {
        targets: Vec<String>,
    },
    List {
        dying: bool,
        jail: Option<String>,
        listing: Listing,
    },
    Exec {
        run_as: Option<RunAs>,
        target: String,
        command: Vec<String>,
    },
    Legacy {
        print_jid: bool,
        jid_file: Option<String>,
        securelevel: Option<i32>,
        run_as: Option<RunAs>,
        request: LegacyJailRequest,
        command: Vec<String>,
    },
}

pub const USAGE: &str = "usage: rjail -c | -m | -cm [-i] param=value ...
       rjail -r jid|name ...
       rjail list [--libxo json] [-dhnv] [-j jid|name] [param ...]
       rjail exec [-u user | -U user] jid|name command ...
       rjail [-i] [-J jid_file] [-s securelevel] [-u user | -U user]
             path hostname ip-number[,ip-number...] command ...";

/// getopt(3)-style scanning: clustered flags (`-cm`), option arguments
/// attached or separate (`-jweb`, `-j web`), `--` ends options.
struct Options<'a> {
    args: &'a [String],
    index: usize,
    cluster: Vec<char>,
}

impl<'a> Options<'a> {
    fn new(args: &'a [String]) -> Self {
        Options {
            args,
            index: 0,
            cluster: Vec::new(),
        }
    }

    /// The next option letter, or `None` at the first operand.
    fn next(&mut self) -> Option<char> {
        if self.cluster.is_empty() {
            let arg = self.args.get(self.index)?;
            if arg == "--" {
                self.index += 1;
                return None;
            }
            if !arg.starts_with('-') || arg.len() < 2 {
                return None;
            }
            self.index += 1;
            self.cluster = arg[1..].chars().rev().collect();
        }
        self.cluster.pop()
    }

    /// The argument of the option just returned.
    fn value(&mut self, option: char) -> Result<String, String> {
        if !self.cluster.is_empty() {
            let rest: String = self.cluster.drain(..).rev().collect();
            return Ok(rest);
        }
        let value = self
            .args
            .get(self.index)
            .ok_or_else(|| format!("option requires an argument -- {option}"))?;
        self.index += 1;
        Ok(value.clone())
    }

    fn rest(&self) -> &'a [String] {
        &self.args[self.index.min(self.args.len())..]
    }
}

fn run_as(option: char, user: String, previous: &Option<RunAs>) -> Result<RunAs, String> {
    if previous.is_some() {
        return Err("only one of -u and -U may be given".into());
    }
    Ok(if option == 'u' {
        RunAs::HostUser(user)
    } else {
        RunAs::JailUser(user)
    })
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        Some("list") => parse_list(&args[1..]),
        Some("exec") => parse_exec(&args[1..]),
        _ => parse_jail(args),
    }
}

fn parse_jail(args: &[String]) -> Result<Command, String> {
    let mut options = Options::new(args);
    let (mut create, mut modify, mut remove, mut print_jid) = (false, false, false, false);
    let (mut jid_file, mut securelevel, mut user) = (None, None, None);
    while let Some(option) = options.next() {
        match option {
            'c' => create = true,
            'm' => modify = true,
            'r' => remove = true,
            'i' => print_jid = true,
            'J' => jid_file = Some(options.value('J')?),
            's' => {
                let text = options.value('s')?;
                securelevel = Some(
                    text.parse()
                        .map_err(|_| format!("invalid securelevel: {text}"))?,
                );
            }
            'u' | 'U' => user = Some(run_as(option, options.value(option)?, &user)?),
            other => return Err(format!("illegal option -- {other}")),
        }
    }
    let operands = options.rest();
    if remove {
        if create || modify || operands.is_empty() {
            return Err(USAGE.into());
        }
        return Ok(Command::Remove {
            targets: operands.to_vec(),
        });
    }
    if create || modify {
        if user.is_some() || jid_file.is_some() || securelevel.is_some() {
            return Err(USAGE.into());
        }
        let mut flags = JailFlags::empty();
        flags.set(JailFlags::CREATE, create);
        flags.set(JailFlags::UPDATE, modify);
        let params = operands
            .iter()
            .map(|arg| Param::parse(arg).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Command::Set {
            flags,
            params,
            print_jid,
        });
    }
    let [path, hostname, ips, command @ ..] = operands else {
        return Err(USAGE.into());
    };
    if command.is_empty() {
        return Err(USAGE.into());
    }
    let (ip4, ip6) = parse_ip_numbers(ips)?;
    Ok(Command::Legacy {
        print_jid,
        jid_file,
        securelevel,
        run_as: user,
        request: LegacyJailRequest {
            path: path.clone(),
            hostname: hostname.clone(),
            name: None,
            ip4,
            ip6,
        },
        command: command.to_vec(),
    })
}

/// The 4.x form's address list: IPv4 and IPv6 addresses, comma-separated.
/// IPv4 and IPv6 addresses, network byte order.
type AddressLists = (Vec<[u8; 4]>, Vec<[u8; 16]>);

fn parse_ip_numbers(text: &str) -> Result<AddressLists, String> {
    let (mut ip4, mut ip6) = (Vec::new(), Vec::new());
    for address in text.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        if let Ok(v4) = address.parse::<Ipv4Addr>() {
            ip4.push(v4.octets());
        } else if let Ok(v6) = address.parse::<Ipv6Addr>() {
            ip6.push(v6.octets());
        } else if address.contains(':') {
            return Err(format!("ip6.addr: not an IPv6 address: {address}"));
        } else {
            return Err(format!("ip4.addr: not an IPv4 address: {address}"));
        }
    }
    Ok((ip4, ip6))
}

/// Takes libxo's options out of `args` as `xo_parse_args(3)` does
/// (`--libxo json`, `--libxo=json`, `--libxo:json`, `-...`); true when
/// JSON was asked for.
fn take_libxo(args: &[String]) -> Result<(Vec<String>, bool), String> {
    let mut rest = Vec::new();
    let mut json = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let spec = if arg == "--libxo" {
            Some(
                iter.next()
                    .ok_or_else(|| "option requires an argument -- libxo".to_string())?
                    .clone(),
            )
        } else {
            arg.strip_prefix("--libxo=")
                .or_else(|| arg.strip_prefix("--libxo:"))
                .map(String::from)
        };
        match spec {
            Some(spec) => json = spec.split([',', ':']).any(|word| word == "json"),
            None => rest.push(arg.clone()),
        }
    }
    Ok((rest, json))
}

fn parse_list(args: &[String]) -> Result<Command, String> {
    let (args, json) = take_libxo(args)?;
    let mut options = Options::new(&args);
    let (mut dying, mut name_value, mut header, mut verbose, mut jail) =
        (false, false, false, false, None);
    // The options override one another as in jls.c.
    while let Some(option) = options.next() {
        match option {
            'd' => dying = true,
            'n' => (name_value, verbose) = (true, false),
            'h' => (header, verbose) = (true, false),
            'v' => (verbose, name_value, header) = (true, false, false),
            'j' => jail = Some(options.value('j')?),
            other => return Err(format!("illegal option -- {other}")),
        }
    }
    let named = options
        .rest()
        .iter()
        .map(|name| catalogue::lookup(name).ok_or_else(|| format!("unknown parameter: {name}")))
        .collect::<Result<Vec<_>, _>>()?;
    let style = if !named.is_empty() || name_value || header {
        Style::Params { name_value, header }
    } else if verbose {
        Style::Verbose
    } else {
        Style::Default
    };
    let params = if named.is_empty() && matches!(style, Style::Params { .. }) {
        listing::all_params()
    } else {
        named
    };
    Ok(Command::List {
        dying,
        jail,
        listing: Listing {
            style,
            json,
            params,
        },
    })
}

fn parse_exec(args: &[String]) -> Result<Command, String> {
    let mut options = Options::new(args);
    let mut user = None;
    while let Some(option) = options.next() {
        match option {
            'u' | 'U' => user = Some(run_as(option, options.value(option)?, &user)?),
            other => return Err(format!("illegal option -- {other}")),
        }
    }
    let [target, command @ ..] = options.rest() else {
        return Err(USAGE.into());
    };
    if command.is_empty() {
        return Err(USAGE.into());
    }
    Ok(Command::Exec {
        run_as: user,
        target: target.clone(),
        command: command.to_vec(),
    })
}

/// What is left to do after the transport part of a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Print this and exit 0.
    Done(String),
    /// The calling process is now inside jail `jid` (`exec` attached it,
    /// the 4.x form created it with `jail(2)`). Left to do, on FreeBSD:
    /// print `output`, write `jid_file_line` to the `-J` file (opened before
    /// entering the jail), set `kern.securelevel`, take the identity of
    /// `jail_user` (or of the `-u` host user, looked up before entering),
    /// then exec `command`.
    Inside {
        jid: i32,
        output: String,
        jid_file_line: Option<String>,
        securelevel: Option<i32>,
        jail_user: Option<String>,
        command: Vec<String>,
    },
}

/// jail(8)'s own checks before jail_set, with its messages
/// (usr.sbin/jail/jail.c, jail_quoted_warnx): creating a jail that exists
/// is `"<jid>" already exists`, updating one that does not is
/// `"<name>" not found`.
fn check_existence(
    t: &mut impl Transport,
    params: &[Param],
    flags: JailFlags,
) -> Result<(), Failure> {
    let create = flags.contains(JailFlags::CREATE);
    let update = flags.contains(JailFlags::UPDATE);
    if create == update {
        return Ok(());
    }
    let find = |name: &str| {
        params
            .iter()
            .find(|p| p.spec.name == name)
            .map(|p| &p.value)
    };
    let (key, shown) = match (find("jid"), find("name")) {
        (Some(Value::Int(jid)), _) if *jid != 0 => (Key::Jid(*jid), jid.to_string()),
        (_, Some(Value::String(name))) => (Key::Name(name.clone()), name.clone()),
        _ => return Ok(()),
    };
    match (
        jail::get(t, &key, &[param_spec("jid")], JailFlags::empty()),
        create,
    ) {
        (Ok(found), true) => Err(Failure {
            errno: Errno::EEXIST,
            errmsg: format!("\"{}\" already exists", found.jid),
        }),
        (Err(failure), false) if failure.errno == Errno::ENOENT => Err(Failure {
            errno: Errno::ENOENT,
            errmsg: format!("\"{shown}\" not found"),
        }),
        _ => Ok(()),
    }
}

/// jail(8)'s message for a jail named on the command line that is not
/// there.
fn not_found(failure: Failure, target: &str) -> Failure {
    if failure.errno == Errno::ENOENT {
        Failure {
            errno: Errno::ENOENT,
            errmsg: format!("\"{target}\" not found"),
        }
    } else {
        failure
    }
}

fn jail_user(run_as: &Option<RunAs>) -> Option<String> {
    match run_as {
        Some(RunAs::JailUser(user)) => Some(user.clone()),
        _ => None,
    }
}

/// Runs everything of `command` that goes through the transport. A `-u`
/// host user must have been looked up before: this enters the jail.
pub fn run(command: &Command, t: &mut impl Transport) -> Result<Outcome, Failure> {
    match command {
        Command::Set {
            flags,
            params,
            print_jid,
        } => {
            check_existence(t, params, *flags)?;
            let jid = jail::set(t, params, *flags)?;
            Ok(Outcome::Done(if *print_jid {
                format!("{jid}\n")
            } else {
                String::new()
            }))
        }
        Command::Remove { targets } => {
            let mut out = String::new();
            for target in targets {
                jail::remove(t, target).map_err(|f| not_found(f, target))?;
                let _ = writeln!(out, "{target}: removed");
            }
            Ok(Outcome::Done(out))
        }
        Command::List {
            dying,
            jail: selected,
            listing,
        } => {
            let mut wanted = listing.wanted();
            if !wanted.iter().any(|s| s.name == "jid") {
                wanted.insert(0, param_spec("jid"));
            }
            let flags = if *dying {
                JailFlags::DYING
            } else {
                JailFlags::empty()
            };
            let jails = match selected {
                Some(target) => {
                    // A number other than 0 is a jid, as jls -j reads it.
                    let key = match target.parse::<i32>() {
                        Ok(jid) if jid != 0 => Key::Jid(jid),
                        _ => Key::Name(target.clone()),
                    };
                    vec![jail::get(t, &key, &wanted, flags)?]
                }
                None => jail::list(t, &wanted, *dying)?,
            };
            Ok(Outcome::Done(listing.render(&jails)))
        }
        Command::Exec {
            run_as,
            target,
            command,
        } => {
            let jid = jail::resolve(t, target)?;
            t.jail_attach(jid)?;
            Ok(Outcome::Inside {
                jid,
                output: String::new(),
                jid_file_line: None,
                securelevel: None,
                jail_user: jail_user(run_as),
                command: command.clone(),
            })
        }
        Command::Legacy {
            print_jid,
            jid_file,
            securelevel,
            run_as,
            request,
            command,
        } => {
            let jid = t.jail_legacy(request)?;
            Ok(Outcome::Inside {
                jid,
                output: if *print_jid {
                    format!("{jid}\n")
                } else {
                    String::new()
                },
                jid_file_line: jid_file
                    .as_ref()
                    .map(|_| jid_file_line(jid, request, command)),
                securelevel: *securelevel,
                jail_user: jail_user(run_as),
                command: command.clone(),
            })
        }
    }
}

/// The `-J` file of the 4.x form: jid, path, hostname, addresses, command,
/// one line, as jail(8) writes it.
pub fn jid_file_line(jid: i32, request: &LegacyJailRequest, command: &[String]) -> String {
    let mut addresses: Vec<String> = request
        .ip4
        .iter()
        .map(|a| Ipv4Addr::from(*a).to_string())
        .collect();
    addresses.extend(request.ip6.iter().map(|a| Ipv6Addr::from(*a).to_string()));
    format!(
        "{jid}\t{}\t{}\t{}\t{}\n",
        request.path,
        request.hostname,
        addresses.join(","),
        command.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ScriptedTransport;
    use rjail::errno::Errno;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    fn parse_line(line: &str) -> Result<Command, String> {
        parse(&args(line))
    }

    #[test]
    fn create_modify_and_both() {
        let Command::Set {
            flags,
            params,
            print_jid,
        } = parse_line("-c name=web path=/j/web persist ip4.addr=10.0.0.1").unwrap()
        else {
            panic!("not a set");
        };
        assert_eq!(flags, JailFlags::CREATE);
        assert_eq!(params.len(), 4);
        assert!(!print_jid);
        assert!(
            matches!(parse_line("-m name=web"), Ok(Command::Set { flags, .. }) if flags == JailFlags::UPDATE)
        );
        assert!(
            matches!(parse_line("-cmi name=web"), Ok(Command::Set { flags, print_jid: true, .. })
            if flags == JailFlags::CREATE | JailFlags::UPDATE)
        );
        assert_eq!(
            parse_line("-c bogus=1").unwrap_err(),
            "unknown parameter: bogus"
        );
    }

    #[test]
    fn remove_and_its_misuse() {
        assert_eq!(
            parse_line("-r web 7").unwrap(),
            Command::Remove {
                targets: args("web 7")
            }
        );
        assert!(parse_line("-r").is_err());
        assert!(parse_line("-rc web").is_err());
    }

    #[test]
    fn legacy_form() {
        let command = parse_line(
            "-i -J /var/run/j -s 2 -u www /j/web web.example 10.0.0.1,::1 /bin/sh -c true",
        )
        .unwrap();
        let Command::Legacy {
            print_jid,
            jid_file,
            securelevel,
            run_as,
            request,
            command,
        } = command
        else {
            panic!("not legacy");
        };
        assert!(print_jid);
        assert_eq!(jid_file.as_deref(), Some("/var/run/j"));
        assert_eq!(securelevel, Some(2));
        assert_eq!(run_as, Some(RunAs::HostUser("www".into())));
        assert_eq!(request.path, "/j/web");
        assert_eq!(request.ip4, [[10, 0, 0, 1]]);
        assert_eq!(request.ip6.len(), 1);
        assert_eq!(command, args("/bin/sh -c true"));
        assert!(parse_line("/j/web web.example 10.0.0.1").is_err());
        assert!(parse_line("/j web nonsense /bin/sh").is_err());
        assert!(parse_line("-u a -U b /j web 10.0.0.1 /bin/sh").is_err());
        assert!(parse_line("-s x /j web 10.0.0.1 /bin/sh").is_err());
        let line = jid_file_line(3, &request, &command);
        assert_eq!(
            line,
            "3\t/j/web\tweb.example\t10.0.0.1,::1\t/bin/sh -c true\n"
        );
    }

    #[test]
    fn list_and_exec() {
        assert_eq!(
            parse_line("list -dn -j web name persist").unwrap(),
            Command::List {
                dying: true,
                jail: Some("web".into()),
                listing: Listing {
                    style: Style::Params {
                        name_value: true,
                        header: false
                    },
                    json: false,
                    params: vec![param_spec("name"), param_spec("persist")],
                },
            }
        );
        assert!(parse_line("list bogus").is_err());
        assert_eq!(
            parse_line("exec -Uroot web /bin/sh").unwrap(),
            Command::Exec {
                run_as: Some(RunAs::JailUser("root".into())),
                target: "web".into(),
                command: args("/bin/sh"),
            }
        );
        assert!(parse_line("exec web").is_err());
    }

    #[test]
    fn default_listing_looks_like_jls() {
        let mut t = ScriptedTransport::with_jails(&[(1, "web"), (12, "db")]);
        let Outcome::Done(text) = run(&parse_line("list").unwrap(), &mut t).unwrap() else {
            panic!();
        };
        assert_eq!(
            text,
            "   JID  IP Address      Hostname                      Path\n\
             \x20    1  10.0.0.1        web.example                   /j/web\n\
             \x20   12  10.0.0.12       db.example                    /j/db\n"
        );
        let Outcome::Done(text) =
            run(&parse_line("list -n -j db name persist").unwrap(), &mut t).unwrap()
        else {
            panic!();
        };
        assert_eq!(text, "name=db persist\n");
        let Outcome::Done(text) = run(&parse_line("list -h jid name").unwrap(), &mut t).unwrap()
        else {
            panic!();
        };
        assert_eq!(text, "jid name\n1 web\n12 db\n");
    }

    #[test]
    fn commands_reach_the_transport() {
        let mut t = ScriptedTransport::with_jails(&[(4, "web")]);
        let out = run(&parse_line("-ci name=new persist").unwrap(), &mut t).unwrap();
        assert_eq!(out, Outcome::Done("5\n".into()));
        assert_eq!(t.sets[0].1, JailFlags::CREATE);
        run(&parse_line("-r web").unwrap(), &mut t).unwrap();
        assert_eq!(t.removed, [4]);
        let exec = run(&parse_line("exec -U www web /bin/sh").unwrap(), &mut t).unwrap();
        assert!(matches!(&exec, Outcome::Inside { jid: 4, jail_user: Some(u), .. } if u == "www"));
        assert_eq!(t.attached, [4]);
        let legacy = parse_line("-i -J f -s 3 /j web 10.0.0.9 /bin/sh").unwrap();
        let Outcome::Inside {
            jid,
            output,
            jid_file_line,
            securelevel,
            jail_user,
            ..
        } = run(&legacy, &mut t).unwrap()
        else {
            panic!("legacy did not enter the jail");
        };
        assert_eq!(
            (jid, output.as_str(), securelevel, jail_user),
            (1, "1\n", Some(3), None)
        );
        assert_eq!(
            jid_file_line.as_deref(),
            Some("1\t/j\tweb\t10.0.0.9\t/bin/sh\n")
        );
        assert_eq!(t.legacy[0].ip4, [[10, 0, 0, 9]]);
        t.fail_next_set = Some((Errno::EPERM, "prison limit exceeded".into()));
        let failure = run(&parse_line("-c name=x persist").unwrap(), &mut t).unwrap_err();
        assert_eq!(failure.to_string(), "prison limit exceeded");
        assert_eq!(failure.errno, Errno::EPERM);
    }
}
