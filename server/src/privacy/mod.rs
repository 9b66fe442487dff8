//! Personal data under the person's control (GDPR art. 15-17 and 20): the
//! export of everything held about them, the profile they correct, and
//! erasure.

pub mod erasure;
pub mod export;
pub mod profile;

pub use export::export;
