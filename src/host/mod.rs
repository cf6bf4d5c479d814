//! The host kernel model: processes, credentials, a directory tree and user
//! memory, through which the tests drive the real system-call entry points.
