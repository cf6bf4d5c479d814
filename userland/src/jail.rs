//! Jail operations on top of a [`Transport`], as libjail builds them:
//! booleans as value-less names, `errmsg` appended with a 1024-byte buffer,
//! listings by `lastjid` iteration.

use rjail::abi::catalogue::{self, ParamKind, ParamSpec};
use rjail::abi::consts::JAIL_MAX_AF_IPS_DEFAULT;
use rjail::abi::flags::JailFlags;
use rjail::errno::Errno;

use crate::transport::{Failure, Pair, Transport};
use crate::value::{Param, Value};

/// The pairs a `jail_set` call sends for `params`, with `errmsg` last.
pub fn set_pairs(params: &[Param]) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = params
        .iter()
        .map(|param| match (&param.value, param.value.to_wire()) {
            (Value::Bool(false), _) => Pair::new(&catalogue::negated_name(param.spec.name), vec![]),
            (_, Some(bytes)) => Pair::new(param.spec.name, bytes),
            (_, None) => Pair::new(param.spec.name, vec![]),
        })
        .collect();
    pairs.push(Pair::errmsg());
    pairs
}

/// Creates or updates a jail (`flags` CREATE and/or UPDATE, maybe ATTACH).
pub fn set(t: &mut impl Transport, params: &[Param], flags: JailFlags) -> Result<i32, Failure> {
    let mut pairs = set_pairs(params);
    t.jail_set(&mut pairs, flags)
}

/// How a jail_get names its jail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Jid(i32),
    Name(String),
    /// The first jail with a jid above this one.
    LastJid(i32),
}

/// The buffer size jail_get needs for a parameter of `kind`.
fn buffer_size(kind: ParamKind) -> usize {
    match kind {
        ParamKind::String { max } => max,
        ParamKind::ULong => 8,
        ParamKind::InAddrArray => 4 * (JAIL_MAX_AF_IPS_DEFAULT as usize + 1),
        ParamKind::In6AddrArray => 16 * (JAIL_MAX_AF_IPS_DEFAULT as usize + 1),
        _ => 4,
    }
}

/// The pairs a `jail_get` call sends: the key, one zeroed buffer per wanted
/// parameter (a wanted `jid` stays 0 so it is not taken as a key), then
/// `errmsg`.
pub fn get_pairs(key: &Key, wanted: &[&'static ParamSpec]) -> Vec<Pair> {
    let mut pairs = vec![match key {
        Key::Jid(jid) => Pair::new("jid", jid.to_ne_bytes().to_vec()),
        Key::Name(name) => Pair::new(
            "name",
            Value::String(name.clone()).to_wire().unwrap_or_default(),
        ),
        Key::LastJid(jid) => Pair::new("lastjid", jid.to_ne_bytes().to_vec()),
    }];
    let key_name = match key {
        Key::Jid(_) => "jid",
        Key::Name(_) => "name",
        Key::LastJid(_) => "lastjid",
    };
    for spec in wanted {
        if spec.name != key_name {
            pairs.push(Pair::new(spec.name, vec![0; buffer_size(spec.kind)]));
        }
    }
    pairs.push(Pair::errmsg());
    pairs
}

/// Reads the wanted parameters back out of a completed jail_get.
pub fn decode_get(pairs: &[Pair], wanted: &[&'static ParamSpec]) -> Vec<Param> {
    wanted
        .iter()
        .filter_map(|spec| {
            let pair = pairs.iter().find(|p| p.name() == spec.name.as_bytes())?;
            let value = Value::from_wire(spec.kind, pair.returned())?;
            Some(Param { spec, value })
        })
        .collect()
}

/// One jail's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JailInfo {
    pub jid: i32,
    pub params: Vec<Param>,
}

impl JailInfo {
    /// The value of parameter `name`, if it was asked for.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.params
            .iter()
            .find(|p| p.spec.name == name)
            .map(|p| &p.value)
    }
}

/// Reads `wanted` of the jail `key` names.
pub fn get(
    t: &mut impl Transport,
    key: &Key,
    wanted: &[&'static ParamSpec],
    flags: JailFlags,
) -> Result<JailInfo, Failure> {
    let mut pairs = get_pairs(key, wanted);
    let jid = t.jail_get(&mut pairs, flags)?;
    // A name key doubles as the name output: the kernel rewrites it.
    Ok(JailInfo {
        jid,
        params: decode_get(&pairs, wanted),
    })
}

/// Every jail the caller can see, in jid order (`dying`: dying ones too).
pub fn list(
    t: &mut impl Transport,
    wanted: &[&'static ParamSpec],
    dying: bool,
) -> Result<Vec<JailInfo>, Failure> {
    let flags = if dying {
        JailFlags::DYING
    } else {
        JailFlags::empty()
    };
    let mut jails = Vec::new();
    let mut last = 0;
    loop {
        match get(t, &Key::LastJid(last), wanted, flags) {
            Ok(info) => {
                last = info.jid;
                jails.push(info);
            }
            Err(failure) if failure.errno == Errno::ENOENT => return Ok(jails),
            Err(failure) => return Err(failure),
        }
    }
}

/// The jid of `jid|name` (a number is a jid, as libjail's `jail_getid`).
pub fn resolve(t: &mut impl Transport, target: &str) -> Result<i32, Failure> {
    if let Ok(jid) = target.parse::<i32>() {
        return Ok(jid);
    }
    let name = [param_spec("name")];
    get(t, &Key::Name(target.to_string()), &name, JailFlags::empty()).map(|info| info.jid)
}

/// The catalogue entry of a parameter known to exist.
pub fn param_spec(name: &str) -> &'static ParamSpec {
    catalogue::lookup(name).unwrap_or(&catalogue::PARAMS[0])
}

/// Removes the jail `jid|name`.
pub fn remove(t: &mut impl Transport, target: &str) -> Result<i32, Failure> {
    let jid = resolve(t, target)?;
    t.jail_remove(jid)?;
    Ok(jid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ScriptedTransport;

    #[test]
    fn set_sends_booleans_without_values_and_errmsg_last() {
        let params: Vec<Param> = [
            "name=web",
            "persist",
            "allow.noraw_sockets",
            "ip4.addr=10.0.0.1",
        ]
        .iter()
        .map(|a| Param::parse(a).unwrap())
        .collect();
        let pairs = set_pairs(&params);
        let names: Vec<&[u8]> = pairs.iter().map(Pair::name).collect();
        assert_eq!(
            names,
            [
                &b"name"[..],
                b"persist",
                b"allow.noraw_sockets",
                b"ip4.addr",
                b"errmsg"
            ]
        );
        assert_eq!(pairs[0].value, b"web\0");
        assert!(pairs[1].value.is_empty() && pairs[2].value.is_empty());
        assert_eq!(pairs[3].value, [10, 0, 0, 1]);
        assert_eq!(pairs[4].value.len(), 1024);
        assert!(pairs.iter().all(|p| p.name.last() == Some(&0)));
    }

    #[test]
    fn get_pairs_put_the_key_first_and_zero_outputs() {
        let wanted = [
            param_spec("jid"),
            param_spec("name"),
            param_spec("ip4.addr"),
            param_spec("persist"),
        ];
        let pairs = get_pairs(&Key::LastJid(3), &wanted);
        assert_eq!(pairs[0].name(), b"lastjid");
        assert_eq!(pairs[0].value, 3i32.to_ne_bytes());
        assert_eq!(pairs[1].name(), b"jid");
        assert_eq!(pairs[1].value, [0; 4]);
        assert_eq!(pairs[2].value.len(), 256);
        assert_eq!(pairs[3].value.len(), 1024);
        assert_eq!(pairs[4].value.len(), 4);
        let by_name = get_pairs(&Key::Name("web".into()), &wanted);
        assert_eq!(by_name.iter().filter(|p| p.name() == b"name").count(), 1);
        assert_eq!(by_name[0].value, b"web\0");
    }

    #[test]
    fn list_iterates_lastjid_until_enoent() {
        let mut t = ScriptedTransport::with_jails(&[(2, "a"), (5, "b")]);
        let jails = list(&mut t, &[param_spec("jid"), param_spec("name")], false).unwrap();
        assert_eq!(jails.iter().map(|j| j.jid).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(jails[1].value("name"), Some(&Value::String("b".into())));
        assert_eq!(resolve(&mut t, "b"), Ok(5));
        assert_eq!(resolve(&mut t, "17"), Ok(17));
        assert_eq!(
            resolve(&mut t, "zz").unwrap_err().errmsg,
            "jail \"zz\" not found"
        );
        assert_eq!(remove(&mut t, "a"), Ok(2));
        assert_eq!(t.removed, [2]);
    }
}
