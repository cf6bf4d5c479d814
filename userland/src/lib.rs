//! The library the rjail tools are built on.
