//! Personal data under the person's control (GDPR art. 13-17, 20): the
//! profile page with the export and the erasure request, the admins' queue of
//! erasure requests, and the privacy notice with the short note every form
//! that collects personal data carries.

mod erasures;
mod notice;
mod profile;

pub use erasures::ErasuresPanel;
pub use notice::{PrivacyNote, PrivacyPage};
pub use profile::ProfilePage;

use crate::errors::AppError;
use leptos::prelude::*;
use shared::people::Me;
use shared::privacy::{Controller, ErasureOutcome, ErasureRow, PasswordChange, PersonalExport, ProfileInput};

#[server(prefix = "/fn", endpoint = "my_data")]
pub async fn my_data() -> Result<PersonalExport, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.my_data().await)
}

#[server(prefix = "/fn", endpoint = "update_profile", input = leptos::server_fn::codec::Json)]
pub async fn update_profile(input: ProfileInput) -> Result<Me, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.update_profile(input).await)
}

#[server(prefix = "/fn", endpoint = "change_password", input = leptos::server_fn::codec::Json)]
pub async fn change_password(change: PasswordChange) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.change_password(change).await)
}

#[server(prefix = "/fn", endpoint = "request_erasure")]
pub async fn request_erasure() -> Result<ErasureOutcome, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.request_erasure().await)
}

#[server(prefix = "/fn", endpoint = "list_erasures")]
pub async fn list_erasures() -> Result<Vec<ErasureRow>, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.erasures().await)
}

#[server(prefix = "/fn", endpoint = "carry_out_erasure")]
pub async fn carry_out_erasure(id: i64) -> Result<(), AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.carry_out_erasure(id).await)
}

#[server(prefix = "/fn", endpoint = "privacy_controller")]
pub async fn privacy_controller() -> Result<Controller, AppError> {
    let b = crate::ssr::backend()?;
    crate::errors::respond(b.controller().await)
}
