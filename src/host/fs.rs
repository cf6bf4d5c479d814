//! The model's directory tree and its namei-like lookup
//! (sys/kern/vfs_lookup.c: components, `.`, `..` stopping at the process
//! root, ENOENT, ENOTDIR).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use crate::errno::{Errno, KResult};

/// A node number (the model's vnode).
pub type NodeId = usize;

/// The global root directory.
pub const ROOT: NodeId = 0;

#[derive(Debug)]
enum Kind {
    Dir(BTreeMap<Vec<u8>, NodeId>),
    File,
}

#[derive(Debug)]
struct Node {
    parent: NodeId,
    name: Vec<u8>,
    kind: Kind,
}

#[derive(Debug)]
pub struct FileTree {
    nodes: Vec<Node>,
}

impl Default for FileTree {
    fn default() -> Self {
        FileTree {
            nodes: alloc::vec![Node {
                parent: ROOT,
                name: Vec::new(),
                kind: Kind::Dir(BTreeMap::new()),
            }],
        }
    }
}

impl FileTree {
    fn child(&self, dir: NodeId, name: &[u8]) -> KResult<NodeId> {
        match self.nodes.get(dir).map(|n| &n.kind) {
            Some(Kind::Dir(entries)) => entries.get(name).copied().ok_or(Errno::ENOENT),
            Some(Kind::File) => Err(Errno::ENOTDIR),
            None => Err(Errno::ENOENT),
        }
    }

    fn add(&mut self, dir: NodeId, name: &[u8], kind: Kind) -> KResult<NodeId> {
        let id = self.nodes.len();
        match self.nodes.get_mut(dir).map(|n| &mut n.kind) {
            Some(Kind::Dir(entries)) => {
                if let Some(&existing) = entries.get(name) {
                    return Ok(existing);
                }
                entries.insert(name.to_vec(), id);
            }
            _ => return Err(Errno::ENOTDIR),
        }
        self.nodes.push(Node {
            parent: dir,
            name: name.to_vec(),
            kind,
        });
        Ok(id)
    }

    pub fn is_dir(&self, node: NodeId) -> bool {
        matches!(self.nodes.get(node).map(|n| &n.kind), Some(Kind::Dir(_)))
    }

    fn components(path: &[u8]) -> impl Iterator<Item = &[u8]> {
        path.split(|&c| c == b'/').filter(|c| !c.is_empty())
    }

    pub fn mkdir_p(&mut self, path: &[u8]) -> NodeId {
        let mut node = ROOT;
        for name in Self::components(path) {
            node = match self.add(node, name, Kind::Dir(BTreeMap::new())) {
                Ok(n) => n,
                Err(_) => return node,
            };
        }
        node
    }

    pub fn create_file(&mut self, path: &[u8]) -> KResult<NodeId> {
        let (dir, name) = match path.iter().rposition(|&c| c == b'/') {
            Some(slash) => (
                path.get(..slash).unwrap_or_default(),
                path.get(slash + 1..).unwrap_or_default(),
            ),
            None => (&[][..], path),
        };
        let mut node = ROOT;
        for component in Self::components(dir) {
            node = self.child(node, component)?;
        }
        self.add(node, name, Kind::File)
    }

    /// Looks up a directory: absolute paths from `root`, others from `cwd`;
    /// `..` at `root` stays there. The empty path is ENOENT.
    pub fn lookup_dir(&self, root: NodeId, cwd: NodeId, path: &[u8]) -> KResult<NodeId> {
        if path.is_empty() {
            return Err(Errno::ENOENT);
        }
        let mut node = if path.first() == Some(&b'/') {
            root
        } else {
            cwd
        };
        for name in Self::components(path) {
            node = match name {
                b"." => node,
                b".." if node == root => node,
                b".." => self.nodes.get(node).map_or(ROOT, |n| n.parent),
                _ => {
                    if !self.is_dir(node) {
                        return Err(Errno::ENOTDIR);
                    }
                    self.child(node, name)?
                }
            };
        }
        if self.is_dir(node) {
            Ok(node)
        } else {
            Err(Errno::ENOTDIR)
        }
    }

    /// The path of a node from the global root.
    pub fn global_path(&self, node: NodeId) -> Vec<u8> {
        let mut parts = Vec::new();
        let mut cursor = node;
        while cursor != ROOT {
            match self.nodes.get(cursor) {
                Some(n) => {
                    parts.push(n.name.clone());
                    cursor = n.parent;
                }
                None => break,
            }
        }
        if parts.is_empty() {
            return b"/".to_vec();
        }
        let mut path = Vec::new();
        for part in parts.iter().rev() {
            path.push(b'/');
            path.extend_from_slice(part);
        }
        path
    }
}
