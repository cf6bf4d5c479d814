//! Pure decisions taken by the MAC hooks.
