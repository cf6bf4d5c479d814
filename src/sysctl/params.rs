//! The parameter catalogue as sysctl OIDs under the `param` node, shaped the
//! way FreeBSD's `SYSCTL_JAIL_PARAM*` macros (sys/sys/jail.h) shape
//! `security.jail.param`, so tools that learn parameter types from the
//! sysctl tree (name2oid and oidfmt, as libjail does) understand rjail's.
//!
//! * A parameter is a leaf whose type and format say how its value travels
//!   (`"I"`, `"B"` for booleans, `"E,jailsys"`, `"A"`, `"LU"`,
//!   `"S,in_addr,a"`, `"S,in6_addr,a"`).
//! * A dotted name lives under nodes (`host.hostname` under `host`).
//! * A parameter that is also a node (`host`, `ip4`, `ip6`, `allow.mount`)
//!   describes itself with a leaf whose name is empty, under its own node
//!   (`SYSCTL_JAIL_PARAM_SYS_NODE` and the `allow.mount` declaration). Its
//!   [`ParamOid::path`] ends in a dot: `"host."` is the empty-named child
//!   of `host`.
//! * Reading a leaf tells its size, not a value (`sysctl_jail_param`):
//!   0 for numbers, the maximum length as decimal text for strings, the
//!   element size as a `size_t` for arrays.
//!
//! Node descriptions come from the parameter a node stands for, or from
//! [`NODE_DESCRIPTIONS`] for plain nodes.

use alloc::string::String;
use alloc::vec::Vec;

use crate::abi::catalogue::{Access, ParamKind, ParamSpec, PARAMS};

/// The sysctl type of an OID (`CTLTYPE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtlType {
    Int,
    UInt,
    Long,
    ULong,
    String,
    Struct,
    Node,
}

/// What reading a parameter OID returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamReadValue {
    /// An `int` (also for `u_int` OIDs): always 0.
    Int(i32),
    /// A `long` / `unsigned long`: always 0.
    ULong(u64),
    /// The maximum length of the string (with its NUL), as decimal text.
    String(String),
    /// The size of one array element, as a `size_t`.
    Struct(usize),
    /// A node: nothing of its own to read.
    Node,
}

/// One OID of the `param` subtree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamOid {
    /// Dotted path relative to the `param` node (`"allow.mount.devfs"`); a
    /// trailing dot names the empty-named self-description of a node
    /// (`"allow.mount."`).
    pub path: &'static str,
    pub ctl_type: CtlType,
    /// The sysctl format string (`"N"` for nodes).
    pub format: &'static str,
    pub description: &'static str,
    pub read_value: ParamReadValue,
    /// `CTLFLAG_RW` / `CTLFLAG_RDTUN` / `CTLFLAG_RD`; `None` for nodes,
    /// which FreeBSD declares with no access flag.
    pub access: Option<Access>,
}

impl ParamOid {
    /// The path of the node this OID lies under (`""`: the `param` node).
    pub fn parent(&self) -> &'static str {
        let path = self.path;
        match path.rfind('.') {
            Some(dot) => path.get(..dot).unwrap_or_default(),
            None => "",
        }
    }

    /// The OID's own name (`""` for a node's self-description).
    pub fn name(&self) -> &'static str {
        let path = self.path;
        match path.rfind('.') {
            Some(dot) => path.get(dot + 1..).unwrap_or_default(),
            None => path,
        }
    }
}

/// Descriptions of the nodes no parameter stands for.
pub const NODE_DESCRIPTIONS: &[(&str, &str)] = &[
    ("children", "Limits and counts of jails below a jail"),
    ("cpuset", "The jail's cpuset"),
    ("allow", "Permissions of the jail"),
];

/// For nodes missing from [`NODE_DESCRIPTIONS`] (none today).
const GENERIC_NODE_DESCRIPTION: &str = "Group of jail parameters";

fn leaf(path: &'static str, spec: &ParamSpec) -> ParamOid {
    let (ctl_type, read_value) = match spec.kind {
        ParamKind::Int | ParamKind::Bool | ParamKind::JailSys => {
            (CtlType::Int, ParamReadValue::Int(0))
        }
        ParamKind::UInt => (CtlType::UInt, ParamReadValue::Int(0)),
        ParamKind::ULong => (CtlType::ULong, ParamReadValue::ULong(0)),
        ParamKind::String { max } => (
            CtlType::String,
            ParamReadValue::String(alloc::format!("{max}")),
        ),
        ParamKind::InAddrArray => (CtlType::Struct, ParamReadValue::Struct(4)),
        ParamKind::In6AddrArray => (CtlType::Struct, ParamReadValue::Struct(16)),
    };
    ParamOid {
        path,
        ctl_type,
        format: spec.sysctl_format,
        description: spec.description,
        read_value,
        access: Some(spec.access),
    }
}

fn node(path: &'static str) -> ParamOid {
    let description = PARAMS
        .iter()
        .find(|p| p.name == path)
        .map(|p| p.description)
        .or_else(|| {
            NODE_DESCRIPTIONS
                .iter()
                .find(|(name, _)| *name == path)
                .map(|&(_, d)| d)
        })
        .unwrap_or(GENERIC_NODE_DESCRIPTION);
    ParamOid {
        path,
        ctl_type: CtlType::Node,
        format: "N",
        description,
        read_value: ParamReadValue::Node,
        access: None,
    }
}

/// Every OID of the `param` subtree, each node before anything under it,
/// otherwise in catalogue order.
pub fn param_oids() -> impl Iterator<Item = ParamOid> {
    let mut out: Vec<ParamOid> = Vec::new();
    let mut nodes: Vec<&'static str> = Vec::new();
    for spec in PARAMS {
        let name = spec.name;
        // The nodes above this parameter: every prefix ending before a dot.
        // Slicing the 'static name keeps the paths 'static.
        for (dot, _) in name.match_indices('.') {
            let Some(prefix) = name.get(..dot) else {
                continue;
            };
            if nodes.contains(&prefix) {
                continue;
            }
            nodes.push(prefix);
            out.push(node(prefix));
            // A parameter that is this node describes itself from inside.
            if let (Some(owner), Some(self_path)) =
                (PARAMS.iter().find(|p| p.name == prefix), name.get(..=dot))
            {
                out.push(leaf(self_path, owner));
            }
        }
        let is_node = nodes.contains(&name)
            || PARAMS.iter().any(|p| {
                p.name.len() > name.len()
                    && p.name.starts_with(name)
                    && p.name.as_bytes().get(name.len()) == Some(&b'.')
            });
        if !is_node {
            out.push(leaf(name, spec));
        }
    }
    out.into_iter()
}
