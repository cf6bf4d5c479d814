//! A scripted stand-in for the module, for the library's and the CLI's unit
//! tests: it answers jail_get from a fixed table and records what the other
//! calls asked. (The end-to-end tests use the real module through the host
//! model instead.)

use rjail::abi::flags::JailFlags;
use rjail::errno::Errno;

use crate::transport::{Failure, LegacyJailRequest, Pair, Transport};

/// jid, name, hostname, path, IPv4 addresses.
pub type ScriptedJail = (i32, String, String, String, Vec<[u8; 4]>);

#[derive(Default)]
pub struct ScriptedTransport {
    pub jails: Vec<ScriptedJail>,
    pub sets: Vec<(Vec<Pair>, JailFlags)>,
    pub removed: Vec<i32>,
    pub attached: Vec<i32>,
    pub legacy: Vec<LegacyJailRequest>,
    /// The next jail_set fails with this errno and message.
    pub fail_next_set: Option<(Errno, String)>,
}

impl ScriptedTransport {
    pub fn with_jails(jails: &[(i32, &str)]) -> Self {
        ScriptedTransport {
            jails: jails
                .iter()
                .map(|&(jid, name)| {
                    (
                        jid,
                        name.to_string(),
                        format!("{name}.example"),
                        format!("/j/{name}"),
                        vec![[10, 0, 0, jid as u8]],
                    )
                })
                .collect(),
            ..Default::default()
        }
    }

    fn fail(pairs: &mut [Pair], errno: Errno, message: &str) -> Failure {
        if let Some(p) = pairs.iter_mut().find(|p| p.name() == b"errmsg") {
            let n = message.len().min(p.value.len().saturating_sub(1));
            p.value[..n].copy_from_slice(&message.as_bytes()[..n]);
            p.value[n] = 0;
        }
        Failure::from_pairs(errno, pairs)
    }
}

fn int(pair: &Pair) -> i32 {
    i32::from_ne_bytes(
        pair.value
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .unwrap_or_default(),
    )
}

fn put(pair: &mut Pair, bytes: &[u8]) {
    let n = bytes.len().min(pair.value.len());
    pair.value[..n].copy_from_slice(&bytes[..n]);
    pair.len = bytes.len();
}

impl Transport for ScriptedTransport {
    fn jail_set(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure> {
        if let Some((errno, message)) = self.fail_next_set.take() {
            return Err(Self::fail(pairs, errno, &message));
        }
        self.sets.push((pairs.to_vec(), flags));
        Ok(self.jails.iter().map(|j| j.0).max().unwrap_or(0) + 1)
    }

    fn jail_get(&mut self, pairs: &mut [Pair], _flags: JailFlags) -> Result<i32, Failure> {
        let key = pairs
            .first()
            .cloned()
            .ok_or(Failure::errno(Errno::EINVAL))?;
        let found = match key.name() {
            b"lastjid" => {
                let last = int(&key);
                let next = self.jails.iter().filter(|j| j.0 > last).min_by_key(|j| j.0);
                next.ok_or_else(|| {
                    Self::fail(pairs, Errno::ENOENT, &format!("no jail after {last}"))
                })?
            }
            b"jid" => {
                let jid = int(&key);
                let found = self.jails.iter().find(|j| j.0 == jid);
                found.ok_or_else(|| {
                    Self::fail(pairs, Errno::ENOENT, &format!("jail {jid} not found"))
                })?
            }
            _ => {
                let end = key.value.iter().position(|&b| b == 0).unwrap_or(0);
                let name = String::from_utf8_lossy(&key.value[..end]).into_owned();
                let found = self.jails.iter().find(|j| j.1 == name);
                found.ok_or_else(|| {
                    Self::fail(pairs, Errno::ENOENT, &format!("jail \"{name}\" not found"))
                })?
            }
        }
        .clone();
        for pair in pairs.iter_mut() {
            match pair.name() {
                b"jid" => put(pair, &found.0.to_ne_bytes()),
                b"name" => put(pair, format!("{}\0", found.1).as_bytes()),
                b"host.hostname" => put(pair, format!("{}\0", found.2).as_bytes()),
                b"path" => put(pair, format!("{}\0", found.3).as_bytes()),
                b"ip4.addr" => put(pair, &found.4.concat()),
                b"persist" => put(pair, &1i32.to_ne_bytes()),
                _ => {}
            }
        }
        Ok(found.0)
    }

    fn jail_attach(&mut self, jid: i32) -> Result<(), Failure> {
        self.attached.push(jid);
        Ok(())
    }

    fn jail_remove(&mut self, jid: i32) -> Result<(), Failure> {
        self.removed.push(jid);
        Ok(())
    }

    fn jail_legacy(&mut self, request: &LegacyJailRequest) -> Result<i32, Failure> {
        self.legacy.push(request.clone());
        Ok(1)
    }
}
