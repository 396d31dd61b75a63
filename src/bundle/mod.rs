//! The submission bundle: plan (pure, sorted) → write (deterministic, atomic) → verify.

pub mod integrity;
pub mod normalized;
pub mod plan;
mod slug;
pub mod verify;
pub mod write;

pub use plan::{Entry, Plan, PlanError, plan};
