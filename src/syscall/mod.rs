//! The five system calls, written against [`crate::services::CallerContext`].
