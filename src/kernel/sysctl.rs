//! rjail's dynamic sysctl OIDs under `security.jail.rjail`, built at load
//! from [`crate::sysctl`]'s catalogues, and the values their handlers serve.
//!
//! The C glue (kmod/rjail_sysctl.c) owns the sysctl context and the
//! handlers; this module decides which OIDs exist and answers reads and
//! writes. A dotted name (`children.max`, `allow.mount.devfs`) becomes a
//! chain of nodes, because the kernel splits names on dots when it looks
//! them up (`sysctl {0,3}`, name2oid).
//!
//! The kernel copies an OID's name and description but keeps a pointer to
//! its format: the formats live in [`SysctlStrings`], part of the module
//! state, which outlives every dynamic OID (they are removed at MOD_UNLOAD,
//! the state is freed at the SYSUNINIT after it).

use alloc::vec::Vec;
use core::ffi::{c_char, c_int, c_uint};
use core::ptr;

use crate::abi::catalogue::Access;
use crate::errno::{Errno, KResult};
use crate::prison::{label, PrisonRef};
use crate::sysctl::{self, CtlType, ParamOid, ParamReadValue, KNOBS};

use super::bindings::{self, sysctl_oid, sysctl_req};
use super::state::{self, ModuleState};

/// Name of the node that holds the parameter descriptions.
const PARAM_NODE: &str = "param";
const PARAM_NODE_DESCRIPTION: &str = "rjail prison parameters";
/// Description of the nodes the knobs' dotted names need (`children`).
const KNOB_NODE_DESCRIPTION: &str = "Number of child jails";

/// NUL-terminated copies of the format strings the dynamic OIDs point to.
pub struct SysctlStrings {
    formats: Vec<Vec<u8>>,
}

impl SysctlStrings {
    /// Every distinct format of the parameter catalogue. Allocates: called
    /// at load, before the state is published.
    pub fn new() -> Self {
        let mut formats: Vec<Vec<u8>> = Vec::new();
        for oid in sysctl::param_oids() {
            let format = oid.format.as_bytes();
            if !formats.iter().any(|f| f.strip_suffix(&[0]) == Some(format)) {
                formats.push(nul_terminated(format));
            }
        }
        SysctlStrings { formats }
    }

    /// The stored copy of `format`, valid as long as `self`.
    fn format(&self, format: &str) -> Option<*const c_char> {
        self.formats
            .iter()
            .find(|f| f.strip_suffix(&[0]) == Some(format.as_bytes()))
            .map(|f| f.as_ptr().cast())
    }
}

impl Default for SysctlStrings {
    fn default() -> Self {
        Self::new()
    }
}

/// A C string for a call that copies it. An interior NUL only shortens
/// what the kernel sees.
fn nul_terminated(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 1);
    out.extend_from_slice(text);
    out.push(0);
    out
}

/// An OID the kernel returned, or the error for a NULL (a leaf of that
/// name already exists).
fn created(oid: *mut sysctl_oid) -> KResult<*mut sysctl_oid> {
    if oid.is_null() {
        Err(Errno::EEXIST)
    } else {
        Ok(oid)
    }
}

fn add_node(parent: *mut sysctl_oid, name: &str, description: &str) -> KResult<*mut sysctl_oid> {
    let name = nul_terminated(name.as_bytes());
    let description = nul_terminated(description.as_bytes());
    // SAFETY: both strings are NUL-terminated and live for the call (the
    // kernel copies them); `parent` is NULL or an OID the helper returned
    // during this load.
    created(unsafe {
        bindings::rjail_sysctl_add_node(parent, name.as_ptr().cast(), description.as_ptr().cast())
    })
}

/// Nodes already made, by dotted path, so that each is added once (adding
/// it again would only take another reference on it).
struct Nodes {
    root: *mut sysctl_oid,
    made: Vec<(&'static str, *mut sysctl_oid)>,
}

impl Nodes {
    fn new(root: *mut sysctl_oid) -> Self {
        Nodes {
            root,
            made: Vec::new(),
        }
    }

    /// The node at `path` (`""`: the root), made with `description` — and
    /// its missing ancestors with `fallback` — if it does not exist yet.
    fn node(
        &mut self,
        path: &'static str,
        description: &str,
        fallback: &str,
    ) -> KResult<*mut sysctl_oid> {
        if path.is_empty() {
            return Ok(self.root);
        }
        if let Some(&(_, oid)) = self.made.iter().find(|(p, _)| *p == path) {
            return Ok(oid);
        }
        let (parent_path, name) = split_last(path);
        let parent = self.node(parent_path, fallback, fallback)?;
        let oid = add_node(parent, name, description)?;
        self.made.push((path, oid));
        Ok(oid)
    }
}

/// `"a.b.c"` → `("a.b", "c")`; `"a."` → `("a", "")`; `"a"` → `("", "a")`.
fn split_last(path: &'static str) -> (&'static str, &'static str) {
    match path.rfind('.') {
        Some(dot) => (
            path.get(..dot).unwrap_or_default(),
            path.get(dot + 1..).unwrap_or_default(),
        ),
        None => ("", path),
    }
}

fn add_knobs() -> KResult<()> {
    let mut nodes = Nodes::new(ptr::null_mut());
    for (index, knob) in KNOBS.iter().enumerate() {
        let (parent_path, name) = split_last(knob.name);
        let parent = nodes.node(parent_path, KNOB_NODE_DESCRIPTION, KNOB_NODE_DESCRIPTION)?;
        let index = c_uint::try_from(index).map_err(|_| Errno::EINVAL)?;
        let name = nul_terminated(name.as_bytes());
        let description = nul_terminated(knob.description.as_bytes());
        // SAFETY: NUL-terminated strings the kernel copies; `parent` is
        // NULL or a node made during this load.
        created(unsafe {
            bindings::rjail_sysctl_add_knob(
                parent,
                name.as_ptr().cast(),
                description.as_ptr().cast(),
                index,
                c_int::from(knob.writable()),
                c_int::from(knob.unsigned()),
            )
        })?;
    }
    Ok(())
}

/// `CTLTYPE_*` and the access flags of a parameter leaf.
fn param_kind(oid: &ParamOid) -> c_int {
    let ctl_type = match oid.ctl_type {
        CtlType::Int => bindings::CTLTYPE_INT,
        CtlType::UInt => bindings::CTLTYPE_UINT,
        CtlType::Long => bindings::CTLTYPE_LONG,
        CtlType::ULong => bindings::CTLTYPE_ULONG,
        CtlType::String => bindings::CTLTYPE_STRING,
        CtlType::Struct => bindings::CTLTYPE_STRUCT,
        CtlType::Node => bindings::CTLTYPE_NODE,
    };
    let access = match oid.access {
        Some(Access::ReadWrite) => bindings::CTLFLAG_RW,
        Some(Access::CreateOnly) => bindings::CTLFLAG_RDTUN,
        Some(Access::ReadOnly) | None => bindings::CTLFLAG_RD,
    };
    // The flags are the bit pattern of the C int `oid_kind` takes.
    (ctl_type | access) as c_int
}

/// What the leaf's handler reports: a string's length or an element size.
fn param_size(value: &ParamReadValue) -> i64 {
    match value {
        ParamReadValue::String(text) => text.parse().unwrap_or(0),
        ParamReadValue::Struct(size) => i64::try_from(*size).unwrap_or(0),
        ParamReadValue::Int(_) | ParamReadValue::ULong(_) | ParamReadValue::Node => 0,
    }
}

fn add_params(strings: &SysctlStrings) -> KResult<()> {
    let root = add_node(ptr::null_mut(), PARAM_NODE, PARAM_NODE_DESCRIPTION)?;
    let mut nodes = Nodes::new(root);
    for oid in sysctl::param_oids() {
        if oid.ctl_type == CtlType::Node {
            nodes.node(oid.path, oid.description, oid.description)?;
            continue;
        }
        let (parent_path, name) = split_last(oid.path);
        let parent = nodes.node(parent_path, oid.description, oid.description)?;
        let format = strings.format(oid.format).ok_or(Errno::EINVAL)?;
        let name = nul_terminated(name.as_bytes());
        let description = nul_terminated(oid.description.as_bytes());
        // SAFETY: name and description are NUL-terminated and copied by the
        // kernel; `format` points into the module state, which outlives
        // the OID; `parent` is a node made during this load.
        created(unsafe {
            bindings::rjail_sysctl_add_param(
                parent,
                name.as_ptr().cast(),
                param_kind(&oid),
                format,
                description.as_ptr().cast(),
                param_size(&oid.read_value),
            )
        })?;
    }
    Ok(())
}

/// MOD_LOAD: every dynamic OID. On error the glue frees what was made.
pub fn create(state: &ModuleState) -> KResult<()> {
    add_knobs()?;
    add_params(&state.sysctl_strings)
}

/// The prison of the requesting thread (`None`: the host).
fn viewer(raw: isize) -> Option<PrisonRef> {
    label::label_prison(raw as usize)
}

fn loaded() -> KResult<&'static ModuleState> {
    state::current().ok_or(Errno::ENOENT)
}

fn knob(index: c_uint) -> KResult<&'static sysctl::KnobSpec> {
    KNOBS
        .get(usize::try_from(index).map_err(|_| Errno::ENOENT)?)
        .ok_or(Errno::ENOENT)
}

pub fn knob_read(index: c_uint, raw_viewer: isize) -> KResult<i32> {
    let state = loaded()?;
    let knob = knob(index)?;
    let viewer = viewer(raw_viewer);
    Ok(sysctl::knob_read(&state.registry, viewer.as_ref(), knob))
}

pub fn knob_write(index: c_uint, raw_viewer: isize, value: i32) -> KResult<()> {
    let state = loaded()?;
    let knob = knob(index)?;
    let viewer = viewer(raw_viewer);
    sysctl::knob_write(&state.registry, viewer.as_ref(), knob, value)
}

pub fn jailed(raw_viewer: isize) -> i32 {
    sysctl::jailed(viewer(raw_viewer).as_ref())
}

/// Sends the `list` payload; with no buffer the kernel only counts it.
///
/// # Safety
/// `req` must be the request the sysctl handler received.
pub unsafe fn list(raw_viewer: isize, req: *mut sysctl_req) -> KResult<()> {
    let state = loaded()?;
    let viewer = viewer(raw_viewer);
    let payload = sysctl::list(&state.registry, viewer.as_ref());
    // SAFETY: `req` is the live request (caller's contract); the buffer is
    // ours and `payload.len()` bytes long.
    let code = unsafe { bindings::rjail_sysctl_out(req, payload.as_ptr().cast(), payload.len()) };
    if code == 0 {
        Ok(())
    } else {
        Err(Errno(code))
    }
}
