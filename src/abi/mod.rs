//! The wire format shared by the module and the userland: `struct jail`
//! versions, the iovec name/value protocol, flags, the parameter catalogue.
