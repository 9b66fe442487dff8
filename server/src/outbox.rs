//! Messages to people go through the outbox table: written in the same
//! database as the change that caused them, delivered by a worker in every
//! server process. A row is claimed with a lease (`locked_until`), so two
//! processes never send the same message at once; a failed delivery is
//! retried up to `MAX_ATTEMPTS` times.

use crate::db::{now, Db};
use crate::errors::db_error;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use shared::dto::OutboxRow;
use shared::ApiError;
use sqlx::Row;
use std::time::Duration;

pub const MAX_ATTEMPTS: i64 = 5;
const LEASE_SECS: i64 = 120;

pub async fn enqueue(db: &Db, recipient: &str, subject: &str, body: &str) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(now())
        .execute(&db.pool)
        .await
        .map_err(db_error)?;
    Ok(())
}

/// Like [`enqueue`], inside the caller's transaction: the message exists
/// exactly when the change that caused it does.
pub async fn enqueue_in(
    conn: &mut sqlx::AnyConnection,
    recipient: &str,
    subject: &str,
    body: &str,
) -> Result<(), ApiError> {
    sqlx::query("INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(recipient)
        .bind(subject)
        .bind(body)
        .bind(now())
        .execute(conn)
        .await
        .map_err(db_error)?;
    Ok(())
}

pub async fn list(db: &Db, limit: i64) -> Result<Vec<OutboxRow>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, recipient, subject, created_at, sent_at, attempts, last_error FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            Ok(OutboxRow {
                id: r.try_get("id")?,
                recipient: r.try_get("recipient")?,
                subject: r.try_get("subject")?,
                created_at: r.try_get("created_at")?,
                sent_at: r.try_get("sent_at")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

/// Where messages go: an SMTP server, or the log when none is configured.
#[derive(Clone)]
pub enum Mailer {
    Log,
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
}

impl Mailer {
    pub fn from_config(smtp_url: Option<&str>, from: &str) -> anyhow::Result<Mailer> {
        let Some(url) = smtp_url else {
            return Ok(Mailer::Log);
        };
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?.build();
        let from = from.parse().map_err(|e| anyhow::anyhow!("SMTP_FROM: {e}"))?;
        Ok(Mailer::Smtp { transport, from })
    }

    async fn deliver(&self, recipient: &str, subject: &str, body: &str) -> Result<(), String> {
        match self {
            Mailer::Log => {
                tracing::info!(target: "outbox", %recipient, %subject, %body, "message (no SMTP_URL set: logged, not sent)");
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let to: Mailbox = recipient.parse().map_err(|e| format!("recipient: {e}"))?;
                let msg = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(subject)
                    .body(body.to_owned())
                    .map_err(|e| e.to_string())?;
                transport.send(msg).await.map(|_| ()).map_err(|e| e.to_string())
            }
        }
    }
}

/// Claims the oldest deliverable message, if any. The outer condition
/// repeats the whole of the inner one: on PostgreSQL a claim that waited for
/// another worker's lock re-checks only the outer condition on the row as
/// that worker left it (sent, its lease cleared), and without `sent_at IS
/// NULL` there it would send the message a second time.
async fn claim(db: &Db) -> Result<Option<(i64, String, String, String)>, sqlx::Error> {
    let t = now();
    let row = sqlx::query(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < $2 \
                     AND (locked_until IS NULL OR locked_until < $3) ORDER BY id LIMIT 1) \
           AND sent_at IS NULL AND attempts < $2 AND (locked_until IS NULL OR locked_until < $3) \
         RETURNING id, recipient, subject, body",
    )
    .bind(t + LEASE_SECS)
    .bind(MAX_ATTEMPTS)
    .bind(t)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("recipient")?, r.try_get("subject")?, r.try_get("body")?))).transpose()
}

/// Delivers what is due; returns how many messages were handled.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> Result<usize, sqlx::Error> {
    let mut handled = 0;
    while let Some((id, recipient, subject, body)) = claim(db).await? {
        let (sent_at, error) = match mailer.deliver(&recipient, &subject, &body).await {
            Ok(()) => (Some(now()), None),
            Err(e) => {
                tracing::warn!(id, error = %e, "outbox delivery failed");
                (None, Some(e))
            }
        };
        // Once sent, the body goes: a reset link or a receipt's token must not
        // stay readable in the database (the subject and recipient stay, for
        // the admins' delivery log).
        let sql = if sent_at.is_some() {
            "UPDATE outbox SET sent_at = $1, last_error = $2, locked_until = NULL, body = '' WHERE id = $3"
        } else {
            "UPDATE outbox SET sent_at = $1, last_error = $2, locked_until = NULL WHERE id = $3"
        };
        sqlx::query(sql).bind(sent_at).bind(error).bind(id).execute(&db.pool).await?;
        handled += 1;
    }
    Ok(handled)
}

/// The worker loop: polls every two seconds until shutdown.
pub async fn run(db: Db, mailer: Mailer, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(e) = deliver_due(&db, &mailer).await {
            tracing::warn!(error = %e, "outbox worker");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(2)) => {}
            _ = shutdown.changed() => break,
        }
    }
}
