//! Notes on an application: internal ones, among staff and evaluators, and
//! messages to the applicant (staff only, also sent by email). The
//! applicant never sees the internal ones.

use super::{col, workflow, Application};
use crate::db::{now, Db};
use crate::errors::db_error;
use crate::outbox;
use shared::applications::{ApplicationAction, NoteInput, NoteRow, Standing};
use shared::i18n::t;
use shared::people::Me;
use shared::{ApiError, Locale};

/// Adds a note by `me`, who may write it (`WriteInternalNote`, or
/// `MessageApplicant` for a message: checked by the caller).
pub async fn add(
    db: &Db,
    app: &Application,
    me: &Me,
    input: &NoteInput,
    public_url: &str,
) -> Result<NoteRow, ApiError> {
    let body = input.validate()?;
    let t = now();
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let row = sqlx::query(
        "INSERT INTO application_notes (application_id, author_id, body, to_applicant, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(app.id)
    .bind(me.id)
    .bind(&body)
    .bind(i64::from(input.to_applicant))
    .bind(t)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error)?;
    if input.to_applicant {
        if let Some((email, l)) = workflow::applicant_contact(&mut tx, app.applicant_id).await? {
            let text = format!("{body}\n\n{}\n{public_url}/bandi/domande/{}\n", t::APPL_NOTICE_LINK.get(l), app.id);
            outbox::enqueue_in(&mut tx, &email, t::APPL_MESSAGE_SUBJECT.get(l), &text).await?;
        }
    }
    tx.commit().await.map_err(db_error)?;
    Ok(NoteRow {
        id: col(&row, "id")?,
        author_name: me.display_name.clone(),
        body,
        to_applicant: input.to_applicant,
        created_at: t,
    })
}

/// The notes someone of `standing` may read, oldest first: all with
/// `ReadInternalNotes`, else the messages to the applicant (the applicant's
/// side). Notes written by the applicant's side are signed
/// [`t::APPL_BY_APPLICANT`] for readers who may not know who applied.
pub async fn list(db: &Db, app: &Application, standing: &Standing, locale: Locale) -> Result<Vec<NoteRow>, ApiError> {
    standing.check(ApplicationAction::ReadMessages)?;
    let internal = standing.allows(ApplicationAction::ReadInternalNotes);
    let only_messages = if internal { "" } else { " AND n.to_applicant = 1" };
    let hidden = super::hidden_people(app, standing);
    let rows = sqlx::query(&format!(
        "SELECT n.id, n.author_id, p.display_name, n.body, n.to_applicant, n.created_at FROM application_notes n \
         JOIN people p ON p.id = n.author_id WHERE n.application_id = $1{only_messages} ORDER BY n.id"
    ))
    .bind(app.id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            Ok(NoteRow {
                id: col(r, "id")?,
                author_name: if hidden.contains(&col::<i64>(r, "author_id")?) {
                    t::APPL_BY_APPLICANT.get(locale).to_owned()
                } else {
                    col(r, "display_name")?
                },
                body: col(r, "body")?,
                to_applicant: col::<i64>(r, "to_applicant")? != 0,
                created_at: col(r, "created_at")?,
            })
        })
        .collect()
}
