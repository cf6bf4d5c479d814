//! `rjail list`: jls(8)'s listings, in text and in the JSON layout
//! `jls --libxo json` writes (usr.sbin/jls/jls.c: the `jail-information`
//! container, one `jail` instance per prison, format version "2").

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use rjail::abi::catalogue::{self, ParamKind, ParamSpec};

use crate::jail::{param_spec, JailInfo};
use crate::value::Value;

/// Which of jls's listings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Style {
    /// JID, first IPv4 address, host name, path (jls without options).
    Default,
    /// `-v`: four lines per prison.
    Verbose,
    /// Chosen parameters (all of them with `-n` or `-h` and none named),
    /// as `name=value` with `-n`, under a header line with `-h`.
    Params { name_value: bool, header: bool },
}

/// A listing request.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    pub style: Style,
    pub json: bool,
    /// The parameters of a `Params` listing, in the order asked (or the
    /// whole catalogue in jls's order when none was named).
    pub params: Vec<&'static ParamSpec>,
}

const DEFAULT_PARAMS: &[&str] = &["jid", "ip4.addr", "host.hostname", "path"];
const VERBOSE_PARAMS: &[&str] = &[
    "jid",
    "host.hostname",
    "path",
    "name",
    "dying",
    "cpuset.id",
    "ip4.addr",
    "ip6.addr",
];

/// The whole catalogue in jls's order for "all": top-level names first,
/// then by name (jls.c, sort_param).
pub fn all_params() -> Vec<&'static ParamSpec> {
    let mut all: Vec<&'static ParamSpec> = catalogue::PARAMS.iter().collect();
    all.sort_by(|a, b| {
        let (da, db) = (a.name.contains('.'), b.name.contains('.'));
        da.cmp(&db).then(a.name.cmp(b.name))
    });
    all
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn addresses(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Ip4(list)) => list
            .iter()
            .map(|a| Ipv4Addr::from(*a).to_string())
            .collect(),
        Some(Value::Ip6(list)) => list
            .iter()
            .map(|a| Ipv6Addr::from(*a).to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// A value as jailparam_export(3) writes it, `None` for an empty array
/// (which jls shows as `-`, or nothing after `name=`).
fn exported(value: &Value) -> Option<String> {
    match value {
        Value::Ip4(list) if list.is_empty() => None,
        Value::Ip6(list) if list.is_empty() => None,
        other => Some(other.to_string()),
    }
}

impl Listing {
    /// What to ask the module for (jid always comes back as the key).
    pub fn wanted(&self) -> Vec<&'static ParamSpec> {
        match self.style {
            Style::Default => DEFAULT_PARAMS.iter().map(|n| param_spec(n)).collect(),
            Style::Verbose => VERBOSE_PARAMS.iter().map(|n| param_spec(n)).collect(),
            Style::Params { .. } => self.params.clone(),
        }
    }

    /// The text before the first prison (nothing in JSON): what jls prints
    /// on standard output even when the prison asked for is not found.
    pub fn header(&self) -> String {
        if self.json {
            return String::new();
        }
        match &self.style {
            Style::Default => format!("{:>6}  IP Address{:6}Hostname{:22}Path\n", "JID", "", ""),
            Style::Verbose => format!(
                "{:3}JID  Hostname{:22}Path\n{:8}Name{:26}State\n{:8}CPUSetID\n{:8}IP Address(es)\n",
                "", "", "", "", "", ""
            ),
            Style::Params { header: true, name_value: false } => {
                let names: Vec<&str> = self.params.iter().map(|s| s.name).collect();
                format!("{}\n", names.join(" "))
            }
            Style::Params { .. } => String::new(),
        }
    }

    /// One prison's text lines.
    fn text(&self, jail: &JailInfo) -> String {
        let text = |name| jail.value(name).map(Value::to_string).unwrap_or_default();
        match &self.style {
            Style::Default => {
                let ip = addresses(jail.value("ip4.addr"))
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                format!(
                    "{:>6}  {:<15.15} {:<29.29} {:.74}\n",
                    jail.jid,
                    ip,
                    text("host.hostname"),
                    text("path")
                )
            }
            Style::Verbose => {
                let dying = matches!(jail.value("dying"), Some(Value::Bool(true)));
                let mut out = format!(
                    "{:>6}  {:<29.29} {:.74}\n{:8}{:<29.29} {}\n{:8}{}\n",
                    jail.jid,
                    text("host.hostname"),
                    text("path"),
                    "",
                    text("name"),
                    if dying { "DYING" } else { "ACTIVE" },
                    "",
                    text("cpuset.id"),
                );
                for address in addresses(jail.value("ip4.addr"))
                    .into_iter()
                    .chain(addresses(jail.value("ip6.addr")))
                {
                    let _ = writeln!(out, "{:8}{address}", "");
                }
                out
            }
            Style::Params { name_value, .. } => {
                let fields: Vec<String> = self
                    .params
                    .iter()
                    .filter_map(|spec| jail.params.iter().find(|p| p.spec.name == spec.name))
                    .map(|param| match (&param.value, *name_value) {
                        (Value::Bool(on), true) => {
                            if *on {
                                param.spec.name.to_string()
                            } else {
                                catalogue::negated_name(param.spec.name)
                            }
                        }
                        (Value::String(s), nv) if s.is_empty() => {
                            if nv {
                                format!("{}=\"\"", param.spec.name)
                            } else {
                                "\"\"".to_string()
                            }
                        }
                        (value, true) => {
                            format!(
                                "{}={}",
                                param.spec.name,
                                exported(value).unwrap_or_default()
                            )
                        }
                        (value, false) => exported(value).unwrap_or_else(|| "-".to_string()),
                    })
                    .collect();
                format!("{}\n", fields.join(" "))
            }
        }
    }

    /// One prison's JSON instance.
    fn json_instance(&self, jail: &JailInfo) -> String {
        let text = |name| jail.value(name).map(Value::to_string).unwrap_or_default();
        let mut fields: Vec<String> = Vec::new();
        // libxo writes ", " before a list and "," before a plain field.
        let list = |name: &str, items: Vec<String>| {
            let items: Vec<String> = items.iter().map(|a| json_string(a)).collect();
            format!(" \"{name}\": [{}]", items.join(", "))
        };
        match &self.style {
            Style::Default => {
                let ip = addresses(jail.value("ip4.addr"))
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                fields.push(format!("\"jid\":{}", jail.jid));
                fields.push(format!("\"ipv4\":{}", json_string(&ip)));
                fields.push(format!(
                    "\"hostname\":{}",
                    json_string(&text("host.hostname"))
                ));
                fields.push(format!("\"path\":{}", json_string(&text("path"))));
            }
            Style::Verbose => {
                let dying = matches!(jail.value("dying"), Some(Value::Bool(true)));
                fields.push(format!("\"jid\":{}", jail.jid));
                fields.push(format!(
                    "\"hostname\":{}",
                    json_string(&text("host.hostname"))
                ));
                fields.push(format!("\"path\":{}", json_string(&text("path"))));
                fields.push(format!("\"name\":{}", json_string(&text("name"))));
                fields.push(format!(
                    "\"state\":{}",
                    json_string(if dying { "DYING" } else { "ACTIVE" })
                ));
                fields.push(format!("\"cpusetid\":{}", text("cpuset.id")));
                fields.push(list("ipv4_addrs", addresses(jail.value("ip4.addr"))));
                fields.push(list("ipv6_addrs", addresses(jail.value("ip6.addr"))));
            }
            Style::Params { name_value, .. } => {
                for spec in &self.params {
                    let Some(param) = jail.params.iter().find(|p| p.spec.name == spec.name) else {
                        continue;
                    };
                    let field = match (&param.value, spec.kind) {
                        (Value::Bool(on), _) if *name_value => format!("\"{}\":{on}", spec.name),
                        (value, ParamKind::InAddrArray | ParamKind::In6AddrArray) => {
                            list(spec.name, addresses(Some(value)))
                        }
                        (value, _) => format!(
                            "\"{}\":{}",
                            spec.name,
                            json_string(&exported(value).unwrap_or_default())
                        ),
                    };
                    fields.push(field);
                }
            }
        }
        format!("{{{}}}", fields.join(",").trim_start())
    }

    /// What jls prints on standard output when the prison asked for is
    /// not found: the header in text, an empty list in JSON.
    pub fn on_failure(&self) -> String {
        self.render(&[])
    }

    /// The whole listing.
    pub fn render(&self, jails: &[JailInfo]) -> String {
        if self.json {
            let instances: Vec<String> = jails.iter().map(|j| self.json_instance(j)).collect();
            return format!(
                "{{\"__version\": \"2\", \"jail-information\": {{\"jail\": [{}]}}}}\n",
                instances.join(", ")
            );
        }
        let mut out = self.header();
        for jail in jails {
            out.push_str(&self.text(jail));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Param;

    fn jail(jid: i32, pairs: &[&str]) -> JailInfo {
        JailInfo {
            jid,
            params: pairs.iter().map(|a| Param::parse(a).unwrap()).collect(),
        }
    }

    fn web() -> JailInfo {
        jail(
            41,
            &[
                "jid=41",
                "name=web",
                "host.hostname=web",
                "path=/j/web",
                "ip4.addr=127.0.0.2",
                "persist",
                "dying=false",
                "cpuset.id=3",
                "ip6.addr=",
            ],
        )
    }

    #[test]
    fn default_and_verbose_text_are_jls_columns() {
        let default = Listing {
            style: Style::Default,
            json: false,
            params: vec![],
        };
        assert_eq!(
            default.render(&[web()]),
            "   JID  IP Address      Hostname                      Path\n\
             \x20   41  127.0.0.2       web                           /j/web\n"
        );
        let verbose = Listing {
            style: Style::Verbose,
            ..default.clone()
        };
        assert_eq!(
            verbose.render(&[web()]),
            "   JID  Hostname                      Path\n\
             \x20       Name                          State\n\
             \x20       CPUSetID\n\
             \x20       IP Address(es)\n\
             \x20   41  web                           /j/web\n\
             \x20       web                           ACTIVE\n\
             \x20       3\n\
             \x20       127.0.0.2\n"
        );
    }

    #[test]
    fn json_layout_is_jls_version_2() {
        let default = Listing {
            style: Style::Default,
            json: true,
            params: vec![],
        };
        assert_eq!(
            default.render(&[web()]),
            "{\"__version\": \"2\", \"jail-information\": {\"jail\": [{\"jid\":41,\"ipv4\":\"127.0.0.2\",\"hostname\":\"web\",\"path\":\"/j/web\"}]}}\n"
        );
        assert_eq!(
            default.render(&[]),
            "{\"__version\": \"2\", \"jail-information\": {\"jail\": []}}\n"
        );
        let named = Listing {
            style: Style::Params {
                name_value: true,
                header: false,
            },
            json: true,
            params: vec![param_spec("name"), param_spec("persist")],
        };
        assert!(named
            .render(&[web()])
            .contains("[{\"name\":\"web\",\"persist\":true}]"));
        // As FreeBSD 15.0's jls printed it: a list after ", ", numbers as
        // strings, booleans bare.
        let mixed = Listing {
            params: ["jid", "name", "host.hostname", "ip4.addr", "persist"]
                .iter()
                .map(|n| param_spec(n))
                .collect(),
            ..named
        };
        assert!(mixed.render(&[web()]).contains(
            "[{\"jid\":\"41\",\"name\":\"web\",\"host.hostname\":\"web\", \"ip4.addr\": [\"127.0.0.2\"],\"persist\":true}]"
        ));
        assert_eq!(
            default.on_failure(),
            "{\"__version\": \"2\", \"jail-information\": {\"jail\": []}}\n"
        );
    }

    #[test]
    fn parameter_values_as_jls_prints_them() {
        let nv = Listing {
            style: Style::Params {
                name_value: true,
                header: false,
            },
            json: false,
            params: ["name", "persist", "ip6.addr", "host.hostname"]
                .iter()
                .map(|n| param_spec(n))
                .collect(),
        };
        let mut quiet = web();
        quiet.params.retain(|p| p.spec.name != "host.hostname");
        quiet.params.push(Param::parse("host.hostname=").unwrap());
        assert_eq!(
            nv.render(&[quiet.clone()]),
            "name=web persist ip6.addr= host.hostname=\"\"\n"
        );
        let plain = Listing {
            style: Style::Params {
                name_value: false,
                header: true,
            },
            ..nv
        };
        assert_eq!(
            plain.render(&[quiet]),
            "name persist ip6.addr host.hostname\nweb true - \"\"\n"
        );
        let all = all_params();
        assert!(!all[0].name.contains('.'));
        assert!(
            all.iter().position(|s| s.name == "persist")
                < all.iter().position(|s| s.name == "allow.chflags")
        );
    }
}
