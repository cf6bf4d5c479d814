//! Typed parameter values and their text form, driven by the catalogue
//! (`rjail::abi::catalogue`), the way jail(8) reads `name=value` and jls(8)
//! prints it.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use rjail::abi::catalogue::{self, ParamKind, ParamSpec};
use rjail::abi::consts::{JAIL_SYS_DISABLE, JAIL_SYS_INHERIT, JAIL_SYS_NEW};

/// A parameter value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Int(i32),
    UInt(u32),
    ULong(u64),
    Bool(bool),
    /// [`JAIL_SYS_DISABLE`], [`JAIL_SYS_NEW`] or [`JAIL_SYS_INHERIT`].
    JailSys(i32),
    String(String),
    /// IPv4 addresses in network byte order.
    Ip4(Vec<[u8; 4]>),
    Ip6(Vec<[u8; 16]>),
}

/// Why a `name=value` argument was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    UnknownParameter(String),
    MissingValue(String),
    /// A boolean's `no` form given a value, e.g. `nopersist=1`.
    UnexpectedValue(String),
    BadValue {
        name: String,
        value: String,
    },
    TooLong {
        name: String,
        max: usize,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::UnknownParameter(name) => write!(f, "unknown parameter: {name}"),
            ParseError::MissingValue(name) => write!(f, "{name}: missing value"),
            ParseError::UnexpectedValue(name) => write!(f, "{name}: takes no value"),
            ParseError::BadValue { name, value } => write!(f, "{name}: bad value \"{value}\""),
            ParseError::TooLong { name, max } => {
                write!(f, "{name}: value must be shorter than {max} bytes")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// One parameter with its value: what `name=value` on a command line means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub spec: &'static ParamSpec,
    pub value: Value,
}

impl Param {
    /// Reads one `name=value` (or bare `name` / `noname` for booleans)
    /// argument.
    pub fn parse(arg: &str) -> Result<Param, ParseError> {
        let (name, value) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (arg, None),
        };
        let (spec, negated) = catalogue::lookup_negatable(name)
            .ok_or_else(|| ParseError::UnknownParameter(name.to_string()))?;
        let value = match (spec.kind, negated, value) {
            (ParamKind::Bool, true, Some(_)) => {
                return Err(ParseError::UnexpectedValue(name.to_string()))
            }
            (ParamKind::Bool, true, None) => Value::Bool(false),
            (ParamKind::Bool, false, None) => Value::Bool(true),
            (_, _, None) => return Err(ParseError::MissingValue(name.to_string())),
            (kind, _, Some(text)) => parse_value(spec.name, kind, text)?,
        };
        Ok(Param { spec, value })
    }

    /// The name=value text jls(8) `-n` prints: booleans as `name`/`noname`.
    pub fn to_arg(&self) -> String {
        match self.value {
            Value::Bool(true) => self.spec.name.to_string(),
            Value::Bool(false) => catalogue::negated_name(self.spec.name),
            _ => format!("{}={}", self.spec.name, self.value),
        }
    }
}

/// Reads the text of a value of `kind`.
pub fn parse_value(name: &str, kind: ParamKind, text: &str) -> Result<Value, ParseError> {
    let bad = || ParseError::BadValue {
        name: name.to_string(),
        value: text.to_string(),
    };
    Ok(match kind {
        ParamKind::Int => Value::Int(text.parse().map_err(|_| bad())?),
        ParamKind::UInt => Value::UInt(text.parse().map_err(|_| bad())?),
        ParamKind::ULong => Value::ULong(text.parse().map_err(|_| bad())?),
        ParamKind::Bool => Value::Bool(match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" => true,
            "false" | "no" | "off" => false,
            number => number.parse::<i64>().map_err(|_| bad())? != 0,
        }),
        ParamKind::JailSys => Value::JailSys(match text {
            "disable" => JAIL_SYS_DISABLE,
            "new" => JAIL_SYS_NEW,
            "inherit" => JAIL_SYS_INHERIT,
            number => number.parse().map_err(|_| bad())?,
        }),
        ParamKind::String { max } => {
            if text.len() >= max {
                return Err(ParseError::TooLong {
                    name: name.to_string(),
                    max,
                });
            }
            Value::String(text.to_string())
        }
        ParamKind::InAddrArray => Value::Ip4(
            split_list(text)
                .map(|a| {
                    a.parse::<Ipv4Addr>()
                        .map(|ip| ip.octets())
                        .map_err(|_| bad())
                })
                .collect::<Result<_, _>>()?,
        ),
        ParamKind::In6AddrArray => Value::Ip6(
            split_list(text)
                .map(|a| {
                    a.parse::<Ipv6Addr>()
                        .map(|ip| ip.octets())
                        .map_err(|_| bad())
                })
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// Address lists are comma-separated; an empty text is an empty list.
fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|a| !a.is_empty())
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::JailSys(v) => match *v {
                JAIL_SYS_DISABLE => f.write_str("disable"),
                JAIL_SYS_NEW => f.write_str("new"),
                JAIL_SYS_INHERIT => f.write_str("inherit"),
                other => write!(f, "{other}"),
            },
            Value::Int(v) => write!(f, "{v}"),
            Value::UInt(v) => write!(f, "{v}"),
            Value::ULong(v) => write!(f, "{v}"),
            Value::Bool(v) => f.write_str(if *v { "true" } else { "false" }),
            Value::String(s) => f.write_str(s),
            Value::Ip4(list) => {
                let text: Vec<String> = list
                    .iter()
                    .map(|a| Ipv4Addr::from(*a).to_string())
                    .collect();
                f.write_str(&text.join(","))
            }
            Value::Ip6(list) => {
                let text: Vec<String> = list
                    .iter()
                    .map(|a| Ipv6Addr::from(*a).to_string())
                    .collect();
                f.write_str(&text.join(","))
            }
        }
    }
}

impl Value {
    /// The bytes jail_set sends for this value; `None` for booleans, which
    /// travel as value-less names.
    pub fn to_wire(&self) -> Option<Vec<u8>> {
        Some(match self {
            Value::Int(v) | Value::JailSys(v) => v.to_ne_bytes().to_vec(),
            Value::UInt(v) => v.to_ne_bytes().to_vec(),
            Value::ULong(v) => v.to_ne_bytes().to_vec(),
            Value::Bool(_) => return None,
            Value::String(s) => {
                let mut bytes = s.as_bytes().to_vec();
                bytes.push(0);
                bytes
            }
            Value::Ip4(list) => list.concat(),
            Value::Ip6(list) => list.concat(),
        })
    }

    /// Reads what jail_get returned for a parameter of `kind`; `None` if the
    /// length does not fit the kind.
    pub fn from_wire(kind: ParamKind, bytes: &[u8]) -> Option<Value> {
        let int = || Some(i32::from_ne_bytes(bytes.try_into().ok()?));
        Some(match kind {
            ParamKind::Int => Value::Int(int()?),
            ParamKind::JailSys => Value::JailSys(int()?),
            ParamKind::Bool => Value::Bool(int()? != 0),
            ParamKind::UInt => Value::UInt(u32::from_ne_bytes(bytes.try_into().ok()?)),
            ParamKind::ULong => Value::ULong(u64::from_ne_bytes(bytes.try_into().ok()?)),
            ParamKind::String { .. } => {
                let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                Value::String(String::from_utf8_lossy(&bytes[..end]).into_owned())
            }
            ParamKind::InAddrArray => Value::Ip4(
                bytes
                    .chunks_exact(4)
                    .map(|c| c.try_into().ok())
                    .collect::<Option<_>>()?,
            ),
            ParamKind::In6AddrArray => Value::Ip6(
                bytes
                    .chunks_exact(16)
                    .map(|c| c.try_into().ok())
                    .collect::<Option<_>>()?,
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(arg: &str) -> Value {
        Param::parse(arg).unwrap().value
    }

    #[test]
    fn booleans_as_jail8_reads_them() {
        assert_eq!(value("persist"), Value::Bool(true));
        assert_eq!(value("nopersist"), Value::Bool(false));
        assert_eq!(value("allow.raw_sockets=1"), Value::Bool(true));
        assert_eq!(value("allow.raw_sockets=true"), Value::Bool(true));
        assert_eq!(value("allow.raw_sockets=false"), Value::Bool(false));
        assert_eq!(value("allow.mount.nodevfs"), Value::Bool(false));
        assert_eq!(
            Param::parse("allow.mount.nodevfs").unwrap().spec.name,
            "allow.mount.devfs"
        );
        assert_eq!(
            Param::parse("nopersist=1"),
            Err(ParseError::UnexpectedValue("nopersist".into()))
        );
        assert!(matches!(
            Param::parse("persist=maybe"),
            Err(ParseError::BadValue { .. })
        ));
    }

    #[test]
    fn addresses_and_jailsys() {
        assert_eq!(
            value("ip4.addr=10.0.0.1,10.0.0.2"),
            Value::Ip4(vec![[10, 0, 0, 1], [10, 0, 0, 2]])
        );
        assert_eq!(value("ip4.addr="), Value::Ip4(vec![]));
        let mut loopback = [0u8; 16];
        loopback[15] = 1;
        assert_eq!(value("ip6.addr=::1"), Value::Ip6(vec![loopback]));
        assert!(matches!(
            Param::parse("ip4.addr=10.0.0.300"),
            Err(ParseError::BadValue { .. })
        ));
        assert_eq!(value("ip4=new"), Value::JailSys(JAIL_SYS_NEW));
        assert_eq!(value("ip4=inherit"), Value::JailSys(JAIL_SYS_INHERIT));
        assert_eq!(value("ip4=disable"), Value::JailSys(JAIL_SYS_DISABLE));
        assert!(matches!(
            Param::parse("ip4=sometimes"),
            Err(ParseError::BadValue { .. })
        ));
    }

    #[test]
    fn strings_numbers_and_unknown_names() {
        assert_eq!(
            value("host.hostname=a.example"),
            Value::String("a.example".into())
        );
        assert_eq!(value("name=a=b"), Value::String("a=b".into()));
        assert_eq!(value("securelevel=-1"), Value::Int(-1));
        assert_eq!(value("host.hostid=4294967296"), Value::ULong(1 << 32));
        // Refused only when it cannot fit the buffer with its NUL; the
        // module has the last word (it refuses 31-byte osreleases too).
        let long = format!("osrelease={}", "x".repeat(32));
        assert!(matches!(
            Param::parse(&long),
            Err(ParseError::TooLong { max: 32, .. })
        ));
        assert!(Param::parse(&format!("osrelease={}", "x".repeat(31))).is_ok());
        assert_eq!(
            Param::parse("path"),
            Err(ParseError::MissingValue("path".into()))
        );
        assert_eq!(
            Param::parse("bogus=1"),
            Err(ParseError::UnknownParameter("bogus".into()))
        );
        assert_eq!(
            Param::parse("nojid"),
            Err(ParseError::UnknownParameter("nojid".into()))
        );
    }

    #[test]
    fn wire_encoding_round_trips() {
        for arg in [
            "jid=7",
            "host.hostid=9",
            "ip4=inherit",
            "name=web",
            "ip4.addr=10.0.0.1,192.168.0.1",
            "ip6.addr=fe80::1,::2",
        ] {
            let param = Param::parse(arg).unwrap();
            let wire = param.value.to_wire().unwrap();
            assert_eq!(
                Value::from_wire(param.spec.kind, &wire),
                Some(param.value.clone()),
                "{arg}"
            );
            assert_eq!(param.to_arg(), arg);
        }
        assert_eq!(Value::Bool(true).to_wire(), None);
        assert_eq!(value("name=web").to_wire().unwrap(), b"web\0");
        assert_eq!(Value::from_wire(ParamKind::Int, &[1, 2]), None);
        assert_eq!(
            Value::from_wire(ParamKind::Bool, &1i32.to_ne_bytes()),
            Some(Value::Bool(true))
        );
        assert_eq!(Param::parse("noallow.mount").ok(), None);
        assert_eq!(
            Param::parse("allow.nomount").unwrap().to_arg(),
            "allow.nomount"
        );
    }
}
