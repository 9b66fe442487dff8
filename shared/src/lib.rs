//! Legami's domain: types that can only hold valid values, the validation
//! rules shared by the browser forms and the server, the message catalogue
//! and the typed errors. Pure: no I/O, compiled natively and to WASM.

pub mod applications;
pub mod calls;
pub mod campaigns;
pub mod dto;
pub mod error;
pub mod files;
pub mod geo;
pub mod i18n;
pub mod labs;
pub mod money;
pub mod people;
pub mod places;
pub mod privacy;
pub mod settings;
pub mod text;
pub mod time;
pub mod web;

pub use error::{ApiError, FieldError};
pub use i18n::{Locale, Text};
