//! Applications to a call for enterprise ideas, from the first draft to
//! the follow-up of a funded enterprise:
//!
//! - [`ApplicationInput`]: the form, validated leniently for autosave
//!   ([`ApplicationInput::validate_draft`]) and fully on submission
//!   ([`ApplicationInput::validate_for_submit`]);
//! - attachments, accepted by their bytes ([`check_attachment`]);
//! - the workflow as data: one table, [`TRANSITIONS`], read by
//!   [`transition`] and [`available_actions`], and the audit trail the
//!   applicant sees ([`visible_to_applicant`]);
//! - the committee's review: conflicts of interest, scores per criterion,
//!   [`weighted_score`] and [`Ranking`];
//! - decision letters ([`render_letter`]) and the follow-up of funded ideas.
//!
//! The call itself (criteria, eligibility questions, dates) is in
//! [`crate::calls`].

use crate::calls::{text_block, AmountInput, Criterion, SCORE_MAX};
use crate::campaigns::parse_date;
use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::files;
use crate::i18n::{t, Locale, Text};
use crate::money::Cents;
use crate::people::{single_line, Role};
use serde::{Deserialize, Serialize};

pub mod access;
pub use access::{ApplicationAction, Declaration, Relation, Standing};

pub const IDEA_TITLE_MAX_CHARS: usize = 160;
pub const SUMMARY_MAX_CHARS: usize = 2000;
/// Problem and customers, team, community benefit.
pub const SECTION_MAX_CHARS: usize = 4000;
pub const BUDGET_ITEM_MAX_CHARS: usize = 200;
pub const MAX_BUDGET_LINES: usize = 50;

// ---------------------------------------------------------------------------
// The application form
// ---------------------------------------------------------------------------

/// One line of the idea's budget as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLineInput {
    pub item: String,
    pub amount: AmountInput,
}

impl BudgetLineInput {
    /// A row the form added and the applicant left empty.
    fn is_blank(&self) -> bool {
        self.item.trim().is_empty() && matches!(&self.amount, AmountInput::Text(s) if s.trim().is_empty())
    }
}

/// The application form (or JSON body) as the applicant fills it in. Every
/// field may be missing from JSON: autosave sends whatever is there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationInput {
    pub idea_title: String,
    pub summary: String,
    pub problem_and_customers: String,
    pub team: String,
    pub community_benefit: String,
    pub budget_lines: Vec<BudgetLineInput>,
    /// What the applicant asks the call for.
    pub requested: AmountInput,
    /// The neighbourhood lab the idea comes from, if any (the server checks
    /// that it exists).
    pub lab_id: Option<i64>,
    /// Consent to the processing of personal data for this call.
    pub consent: bool,
}

/// A budget line of a draft: either part may still be missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftBudgetLine {
    pub item: String,
    pub amount: Option<Cents>,
}

/// A draft that may be incomplete but holds no invalid text: what autosave
/// stores. Empty texts are `""`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    pub idea_title: String,
    pub summary: String,
    pub problem_and_customers: String,
    pub team: String,
    pub community_benefit: String,
    /// As typed, blank rows included, so the form looks the same on reload.
    pub budget_lines: Vec<DraftBudgetLine>,
    /// The sum of the amounts present.
    pub budget_total: Cents,
    pub requested: Option<Cents>,
    pub lab_id: Option<i64>,
    pub consent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub item: String,
    pub amount: Cents,
}

/// An application ready to be submitted: every section written, a budget
/// of at least one line, a requested amount within the rules, consent given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompleteApplication {
    pub idea_title: String,
    pub summary: String,
    pub problem_and_customers: String,
    pub team: String,
    pub community_benefit: String,
    /// Blank rows left out.
    pub budget_lines: Vec<BudgetLine>,
    pub budget_total: Cents,
    pub requested: Cents,
    pub lab_id: Option<i64>,
}

/// How strict a check is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Only length and format: a draft may be incomplete.
    Draft,
    /// Everything required, the requested amount at most `call_max`.
    Submit { call_max: Cents },
}

impl ApplicationInput {
    /// For autosave: texts within their lengths and without control
    /// characters, amounts well formed and above zero, nothing required.
    /// Field names as in [`ApplicationInput::validate_for_submit`].
    pub fn validate_draft(&self, locale: Locale) -> Result<ApplicationDraft, ApiError> {
        let mut errs = FieldErrors::default();
        let draft = self.check(&mut errs, locale, Level::Draft);
        errs.finish(|| draft)
    }

    /// For submission, every rule at once. Besides the draft's rules: every
    /// section written; at least one budget line, each with item and amount
    /// (rows left wholly blank are dropped); the requested amount present,
    /// at most `call_max` (the call's maximum per application) **and** at
    /// most the budget total, because asking for more than the idea costs
    /// cannot be right (asking for less is co-financing, and fine); consent.
    ///
    /// Field names: `idea_title`, `summary`, `problem_and_customers`, `team`,
    /// `community_benefit`, `budget_lines`, `budget_lines[i].item`,
    /// `budget_lines[i].amount`, `requested`, `lab_id`, `consent`. Amounts
    /// typed as text are read in `locale`, the language of the form.
    pub fn validate_for_submit(&self, call_max: Cents, locale: Locale) -> Result<CompleteApplication, ApiError> {
        let mut errs = FieldErrors::default();
        let draft = self.check(&mut errs, locale, Level::Submit { call_max });
        errs.finish(|| draft.and_then(ApplicationDraft::into_complete))
    }

    fn check(&self, errs: &mut FieldErrors, locale: Locale, level: Level) -> Option<ApplicationDraft> {
        let required = level != Level::Draft;
        let idea_title = errs.check("idea_title", line(&self.idea_title, IDEA_TITLE_MAX_CHARS, required));
        let summary = errs.check("summary", text_block(&self.summary, SUMMARY_MAX_CHARS, required));
        let problem =
            errs.check("problem_and_customers", text_block(&self.problem_and_customers, SECTION_MAX_CHARS, required));
        let team = errs.check("team", text_block(&self.team, SECTION_MAX_CHARS, required));
        let benefit = errs.check("community_benefit", text_block(&self.community_benefit, SECTION_MAX_CHARS, required));
        let budget = self.check_budget(errs, locale, required);
        let total = budget.as_ref().map(|(_, total)| *total);
        let requested = errs.check("requested", self.check_requested(locale, level, total));
        let lab_id = errs.check(
            "lab_id",
            match self.lab_id {
                Some(id) if id <= 0 => Err(ValidationCode::Choice),
                other => Ok(other),
            },
        );
        let consent = errs.check(
            "consent",
            if required && !self.consent { Err(ValidationCode::ConsentRequired) } else { Ok(self.consent) },
        );
        let (budget_lines, budget_total) = budget?;
        Some(ApplicationDraft {
            idea_title: idea_title?,
            summary: summary?,
            problem_and_customers: problem?,
            team: team?,
            community_benefit: benefit?,
            budget_lines,
            budget_total,
            requested: requested?,
            lab_id: lab_id?,
            consent: consent?,
        })
    }

    /// The budget lines and their total; `None` when a line is invalid.
    fn check_budget(
        &self,
        errs: &mut FieldErrors,
        locale: Locale,
        required: bool,
    ) -> Option<(Vec<DraftBudgetLine>, Cents)> {
        if self.budget_lines.len() > MAX_BUDGET_LINES {
            errs.check::<()>("budget_lines", Err(ValidationCode::TooManyItems));
            return None;
        }
        // On submission blank rows are dropped; in a draft they are kept as typed.
        let rows: Vec<(usize, &BudgetLineInput)> =
            self.budget_lines.iter().enumerate().filter(|(_, l)| !(required && l.is_blank())).collect();
        if required && rows.is_empty() {
            errs.check::<()>("budget_lines", Err(ValidationCode::Required));
            return None;
        }
        let mut lines = Some(Vec::with_capacity(rows.len()));
        let mut total = Some(Cents::ZERO);
        for (i, row) in rows {
            let item = errs.check(&format!("budget_lines[{i}].item"), line(&row.item, BUDGET_ITEM_MAX_CHARS, required));
            let amount =
                errs.check(&format!("budget_lines[{i}].amount"), optional_amount(&row.amount, locale, required));
            total = total.zip(amount).and_then(|(sum, a)| sum.checked_add(a.unwrap_or(Cents::ZERO)));
            lines = lines.zip(item.zip(amount)).map(|(mut v, (item, amount))| {
                v.push(DraftBudgetLine { item, amount });
                v
            });
        }
        if lines.is_some() && total.is_none() {
            // Only an absurd sum overflows; say which list.
            errs.check::<()>("budget_lines", Err(ValidationCode::Amount));
        }
        lines.zip(total)
    }

    /// The requested amount; on submission within the call's maximum and
    /// the budget total (`None` when the budget itself has errors).
    fn check_requested(
        &self,
        locale: Locale,
        level: Level,
        total: Option<Cents>,
    ) -> Result<Option<Cents>, ValidationCode> {
        let requested = self.requested.parse(locale)?;
        let Level::Submit { call_max } = level else { return Ok(requested) };
        let requested = requested.ok_or(ValidationCode::Required)?;
        if requested > call_max {
            Err(ValidationCode::RequestedOverMax)
        } else if total.is_some_and(|total| requested > total) {
            Err(ValidationCode::RequestedOverTotal)
        } else {
            Ok(Some(requested))
        }
    }
}

impl ApplicationDraft {
    /// The complete application, when every required part is present (the
    /// submission check guarantees it; `None` would be a bug).
    fn into_complete(self) -> Option<CompleteApplication> {
        let budget_lines = self
            .budget_lines
            .into_iter()
            .map(|l| l.amount.map(|amount| BudgetLine { item: l.item, amount }))
            .collect::<Option<Vec<_>>>()?;
        Some(CompleteApplication {
            idea_title: self.idea_title,
            summary: self.summary,
            problem_and_customers: self.problem_and_customers,
            team: self.team,
            community_benefit: self.community_benefit,
            budget_lines,
            budget_total: self.budget_total,
            requested: self.requested?,
            lab_id: self.lab_id,
        })
    }
}

/// A single-line text, empty allowed unless `required`.
fn line(raw: &str, max: usize, required: bool) -> Result<String, ValidationCode> {
    match single_line(raw, max) {
        Err(ValidationCode::Required) if !required => Ok(String::new()),
        other => other,
    }
}

fn optional_amount(amount: &AmountInput, locale: Locale, required: bool) -> Result<Option<Cents>, ValidationCode> {
    match amount.parse(locale)? {
        None if required => Err(ValidationCode::Required),
        other => Ok(other),
    }
}

// ---------------------------------------------------------------------------
// Attachments
// ---------------------------------------------------------------------------

/// Files attached to one application, at most.
pub const MAX_ATTACHMENTS: usize = 5;
/// Largest attachment: the same 10 MB as campaign expense documents.
pub const MAX_ATTACHMENT_BYTES: usize = files::MAX_ATTACHMENT_BYTES;

/// What an application may carry: documents and pictures, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AttachmentKind {
    Pdf,
    Odt,
    Docx,
    Jpeg,
    Png,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 5] =
        [AttachmentKind::Pdf, AttachmentKind::Odt, AttachmentKind::Docx, AttachmentKind::Jpeg, AttachmentKind::Png];

    pub fn code(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "pdf",
            AttachmentKind::Odt => "odt",
            AttachmentKind::Docx => "docx",
            AttachmentKind::Jpeg => "jpeg",
            AttachmentKind::Png => "png",
        }
    }

    pub fn parse(code: &str) -> Option<AttachmentKind> {
        AttachmentKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The `Content-Type` to serve it with.
    pub fn mime(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Odt => ODT_MIME,
            AttachmentKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            AttachmentKind::Jpeg => "image/jpeg",
            AttachmentKind::Png => "image/png",
        }
    }

    /// The extension to give a downloaded copy (the uploaded name does not count).
    pub fn extension(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "pdf",
            AttachmentKind::Odt => "odt",
            AttachmentKind::Docx => "docx",
            AttachmentKind::Jpeg => "jpg",
            AttachmentKind::Png => "png",
        }
    }
}

const ODT_MIME: &str = "application/vnd.oasis.opendocument.text";
const ZIP_LOCAL_HEADER: &[u8; 4] = b"PK\x03\x04";

/// The attachment type of `bytes`, by content; `None` for anything else (an
/// executable renamed `.pdf`, a spreadsheet, a macro-enabled Word file).
/// PDF, JPEG and PNG are recognised as for campaign expenses
/// ([`files::sniff`], which stays unchanged and keeps refusing ODT/DOCX).
pub fn sniff_attachment(bytes: &[u8]) -> Option<AttachmentKind> {
    match files::sniff(bytes) {
        Some(files::DocKind::Pdf) => Some(AttachmentKind::Pdf),
        Some(files::DocKind::Jpeg) => Some(AttachmentKind::Jpeg),
        Some(files::DocKind::Png) => Some(AttachmentKind::Png),
        None if is_odt(bytes) => Some(AttachmentKind::Odt),
        None if is_docx(bytes) => Some(AttachmentKind::Docx),
        None => None,
    }
}

/// Checks one upload for an application that already has `already_attached`
/// files: the count, the size, then the content. Field name for errors:
/// `attachments`.
pub fn check_attachment(bytes: &[u8], already_attached: usize) -> Result<AttachmentKind, ValidationCode> {
    if already_attached >= MAX_ATTACHMENTS {
        Err(ValidationCode::TooManyFiles)
    } else if bytes.is_empty() {
        Err(ValidationCode::Required)
    } else if bytes.len() > MAX_ATTACHMENT_BYTES {
        Err(ValidationCode::FileTooLarge)
    } else {
        sniff_attachment(bytes).ok_or(ValidationCode::AttachmentType)
    }
}

/// One ZIP local file header and what follows it.
struct ZipEntry<'a> {
    name: &'a [u8],
    /// Compression method 0: the data is the file itself.
    stored: bool,
    /// The data as long as the header says; empty when the size is deferred
    /// to a data descriptor or runs past the end.
    data: &'a [u8],
}

/// The local file header at `at`, if there is a well-formed one.
fn zip_entry_at(bytes: &[u8], at: usize) -> Option<ZipEntry<'_>> {
    let header = bytes.get(at..at.checked_add(30)?)?;
    if !header.starts_with(ZIP_LOCAL_HEADER) {
        return None;
    }
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([header[i], header[i + 1]]));
    let compressed_size = u32::from_le_bytes([header[18], header[19], header[20], header[21]]) as usize;
    let name_start = at + 30;
    let name_end = name_start.checked_add(u16_at(26))?;
    let name = bytes.get(name_start..name_end)?;
    let data_start = name_end.checked_add(u16_at(28))?;
    let data = data_start.checked_add(compressed_size).and_then(|end| bytes.get(data_start..end)).unwrap_or(&[]);
    Some(ZipEntry { name, stored: u16_at(8) == 0, data })
}

/// The names of every entry, found by their local header signature rather
/// than by walking from header to header: writers that stream (flag bit 3)
/// put sizes after the data, so the next header's position is not known.
fn zip_entry_names(bytes: &[u8]) -> Vec<&[u8]> {
    (0..bytes.len())
        .filter(|&i| bytes[i..].starts_with(ZIP_LOCAL_HEADER))
        .filter_map(|i| zip_entry_at(bytes, i))
        .map(|e| e.name)
        .collect()
}

/// OpenDocument text: a ZIP whose first entry is the uncompressed file
/// `mimetype` holding exactly the ODT media type (the ODF rule that lets a
/// file be recognised by its first bytes).
fn is_odt(bytes: &[u8]) -> bool {
    zip_entry_at(bytes, 0).is_some_and(|e| e.name == b"mimetype" && e.stored && e.data == ODT_MIME.as_bytes())
}

/// Office Open XML word processing: a ZIP with `word/document.xml` or
/// `[Content_Types].xml`. Spreadsheets and presentations have the latter
/// too, so parts of theirs (`xl/`, `ppt/`) rule a file out; so does a VBA
/// project, which only macro-enabled files (`.docm`) carry.
fn is_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(ZIP_LOCAL_HEADER) {
        return false;
    }
    let names = zip_entry_names(bytes);
    let has = |name: &[u8]| names.contains(&name);
    let foreign =
        names.iter().any(|n| n.starts_with(b"xl/") || n.starts_with(b"ppt/") || n.ends_with(b"vbaProject.bin"));
    (has(b"word/document.xml") || has(b"[Content_Types].xml")) && !foreign
}

// ---------------------------------------------------------------------------
// Workflow
// ---------------------------------------------------------------------------

/// Where an application is. Staff see [`ApplicationState::staff_text`]; the
/// applicant a plain-language sentence, [`ApplicationState::applicant_text`].
/// Ordered as the workflow runs (for tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApplicationState {
    Draft,
    Submitted,
    Eligible,
    Ineligible,
    UnderReview,
    MoreInfoRequested,
    Approved,
    ApprovedWithConditions,
    Rejected,
    Funded,
    Closed,
    Withdrawn,
}

impl ApplicationState {
    pub const ALL: [ApplicationState; 12] = [
        ApplicationState::Draft,
        ApplicationState::Submitted,
        ApplicationState::Eligible,
        ApplicationState::Ineligible,
        ApplicationState::UnderReview,
        ApplicationState::MoreInfoRequested,
        ApplicationState::Approved,
        ApplicationState::ApprovedWithConditions,
        ApplicationState::Rejected,
        ApplicationState::Funded,
        ApplicationState::Closed,
        ApplicationState::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::Eligible => "eligible",
            ApplicationState::Ineligible => "ineligible",
            ApplicationState::UnderReview => "under_review",
            ApplicationState::MoreInfoRequested => "more_info_requested",
            ApplicationState::Approved => "approved",
            ApplicationState::ApprovedWithConditions => "approved_with_conditions",
            ApplicationState::Rejected => "rejected",
            ApplicationState::Funded => "funded",
            ApplicationState::Closed => "closed",
            ApplicationState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<ApplicationState> {
        ApplicationState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The short name staff use ("In valutazione").
    pub fn staff_text(self) -> Text {
        match self {
            ApplicationState::Draft => t::APPL_DRAFT_STAFF,
            ApplicationState::Submitted => t::APPL_SUBMITTED_STAFF,
            ApplicationState::Eligible => t::APPL_ELIGIBLE_STAFF,
            ApplicationState::Ineligible => t::APPL_INELIGIBLE_STAFF,
            ApplicationState::UnderReview => t::APPL_UNDER_REVIEW_STAFF,
            ApplicationState::MoreInfoRequested => t::APPL_MORE_INFO_STAFF,
            ApplicationState::Approved => t::APPL_APPROVED_STAFF,
            ApplicationState::ApprovedWithConditions => t::APPL_APPROVED_COND_STAFF,
            ApplicationState::Rejected => t::APPL_REJECTED_STAFF,
            ApplicationState::Funded => t::APPL_FUNDED_STAFF,
            ApplicationState::Closed => t::APPL_CLOSED_STAFF,
            ApplicationState::Withdrawn => t::APPL_WITHDRAWN_STAFF,
        }
    }

    /// What it means for the applicant ("Il comitato sta leggendo la tua idea").
    pub fn applicant_text(self) -> Text {
        match self {
            ApplicationState::Draft => t::APPL_DRAFT_APPLICANT,
            ApplicationState::Submitted => t::APPL_SUBMITTED_APPLICANT,
            ApplicationState::Eligible => t::APPL_ELIGIBLE_APPLICANT,
            ApplicationState::Ineligible => t::APPL_INELIGIBLE_APPLICANT,
            ApplicationState::UnderReview => t::APPL_UNDER_REVIEW_APPLICANT,
            ApplicationState::MoreInfoRequested => t::APPL_MORE_INFO_APPLICANT,
            ApplicationState::Approved => t::APPL_APPROVED_APPLICANT,
            ApplicationState::ApprovedWithConditions => t::APPL_APPROVED_COND_APPLICANT,
            ApplicationState::Rejected => t::APPL_REJECTED_APPLICANT,
            ApplicationState::Funded => t::APPL_FUNDED_APPLICANT,
            ApplicationState::Closed => t::APPL_CLOSED_APPLICANT,
            ApplicationState::Withdrawn => t::APPL_WITHDRAWN_APPLICANT,
        }
    }

    /// Whether the applicant may still change the texts (autosave).
    pub fn editable_by_applicant(self) -> bool {
        matches!(self, ApplicationState::Draft | ApplicationState::MoreInfoRequested)
    }
}

/// Something someone does to an application; see [`TRANSITIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Action {
    Submit,
    MarkEligible,
    MarkIneligible,
    StartReview,
    RequestInfo,
    /// The applicant answers a request for information.
    Resubmit,
    Approve,
    ApproveWithConditions,
    Reject,
    Fund,
    Close,
    Withdraw,
    /// Not a step of the workflow (no row of [`TRANSITIONS`]: the state
    /// stays): an evaluator of the call recused from their own application,
    /// recorded in its audit log.
    Recuse,
}

impl Action {
    pub const ALL: [Action; 13] = [
        Action::Submit,
        Action::MarkEligible,
        Action::MarkIneligible,
        Action::StartReview,
        Action::RequestInfo,
        Action::Resubmit,
        Action::Approve,
        Action::ApproveWithConditions,
        Action::Reject,
        Action::Fund,
        Action::Close,
        Action::Withdraw,
        Action::Recuse,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::MarkEligible => "mark_eligible",
            Action::MarkIneligible => "mark_ineligible",
            Action::StartReview => "start_review",
            Action::RequestInfo => "request_info",
            Action::Resubmit => "resubmit",
            Action::Approve => "approve",
            Action::ApproveWithConditions => "approve_with_conditions",
            Action::Reject => "reject",
            Action::Fund => "fund",
            Action::Close => "close",
            Action::Withdraw => "withdraw",
            Action::Recuse => "recuse",
        }
    }

    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The label of its button.
    pub fn text(self) -> Text {
        match self {
            Action::Submit => t::APPL_DO_SUBMIT,
            Action::MarkEligible => t::APPL_DO_MARK_ELIGIBLE,
            Action::MarkIneligible => t::APPL_DO_MARK_INELIGIBLE,
            Action::StartReview => t::APPL_DO_START_REVIEW,
            Action::RequestInfo => t::APPL_DO_REQUEST_INFO,
            Action::Resubmit => t::APPL_DO_RESUBMIT,
            Action::Approve => t::APPL_DO_APPROVE,
            Action::ApproveWithConditions => t::APPL_DO_APPROVE_COND,
            Action::Reject => t::APPL_DO_REJECT,
            Action::Fund => t::APPL_DO_FUND,
            Action::Close => t::APPL_DO_CLOSE,
            Action::Withdraw => t::APPL_DO_WITHDRAW,
            Action::Recuse => t::APPL_DO_RECUSE,
        }
    }

    /// Whether the note of this action is shown to the applicant. Two kinds
    /// are: motivations addressed to them (why ineligible, what information
    /// is missing, the conditions, why rejected) and what the applicant
    /// wrote themselves. Notes on the other actions are staff's internal
    /// remarks (why eligible, funding details, closing remarks).
    pub fn note_for_applicant(self) -> bool {
        matches!(
            self,
            Action::MarkIneligible
                | Action::RequestInfo
                | Action::ApproveWithConditions
                | Action::Reject
                | Action::Submit
                | Action::Resubmit
                | Action::Withdraw
        )
    }
}

/// Who acts. Roles come from [`Role`]; being the applicant is ownership of
/// the application, not a role: see [`actors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Actor {
    /// The resident who owns the application.
    Applicant,
    Staff,
    /// May do whatever staff may (every row naming staff names admin too).
    Admin,
    /// Scores; takes no transition.
    Evaluator,
    /// Scheduled jobs of the server (a call's deadline passing).
    System,
}

impl Actor {
    pub const ALL: [Actor; 5] = [Actor::Applicant, Actor::Staff, Actor::Admin, Actor::Evaluator, Actor::System];
}

/// The actors a signed-in person is for one application. The owner acts
/// only as the applicant: staff or admins who apply themselves cannot
/// screen or decide their own idea. [`Actor::System`] never comes from a
/// person; scheduled jobs pass it themselves.
pub fn actors(roles: &[Role], is_owner: bool) -> Vec<Actor> {
    if is_owner {
        return vec![Actor::Applicant];
    }
    let from_role = |role: &Role| match role {
        Role::Resident => None,
        Role::Staff => Some(Actor::Staff),
        Role::Evaluator => Some(Actor::Evaluator),
        Role::Admin => Some(Actor::Admin),
    };
    // In `Actor::ALL` order, once each, whatever the order of the roles.
    Actor::ALL.into_iter().filter(|actor| roles.iter().any(|r| from_role(r) == Some(*actor))).collect()
}

/// What a transition asks for besides the right actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    None,
    /// A written motivation (the note may not be empty).
    Note,
}

/// One allowed step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: ApplicationState,
    pub action: Action,
    pub to: ApplicationState,
    /// Any one of these may take it.
    pub who: &'static [Actor],
    pub requires: Requirement,
}

const APPLICANT: &[Actor] = &[Actor::Applicant];
const STAFF: &[Actor] = &[Actor::Staff, Actor::Admin];
const STAFF_OR_SYSTEM: &[Actor] = &[Actor::Staff, Actor::Admin, Actor::System];
const ADMIN: &[Actor] = &[Actor::Admin];
const SYSTEM: &[Actor] = &[Actor::System];

const fn step(
    from: ApplicationState,
    action: Action,
    to: ApplicationState,
    who: &'static [Actor],
    requires: Requirement,
) -> Transition {
    Transition { from, action, to, who, requires }
}

/// The whole workflow: a (state, action) pair not listed here is not
/// allowed, and each pair is listed at most once. Notes:
///
/// - submitting also needs the call to be open ([`crate::calls::is_open`])
///   and a complete application: the server checks both;
/// - the applicant may withdraw until a decision is taken, not after;
/// - a request for information sends the answer back to screening
///   (`resubmit` → submitted);
/// - only an admin may overturn an ineligibility, with a motivation;
/// - an approval may be revoked (`reject`, with a motivation), for example
///   when its conditions are not met;
/// - the system closes drafts left unsubmitted at the deadline, starts the
///   review of eligible applications and closes funded ones after the
///   follow-up.
pub const TRANSITIONS: &[Transition] = {
    use Action::*;
    use ApplicationState::*;
    use Requirement::Note;
    const NONE: Requirement = Requirement::None;
    &[
        step(Draft, Submit, Submitted, APPLICANT, NONE),
        step(Draft, Withdraw, Withdrawn, APPLICANT, NONE),
        step(Draft, Close, Closed, SYSTEM, NONE),
        step(Submitted, MarkEligible, Eligible, STAFF, NONE),
        step(Submitted, MarkIneligible, Ineligible, STAFF, Note),
        step(Submitted, RequestInfo, MoreInfoRequested, STAFF, Note),
        step(Submitted, Withdraw, Withdrawn, APPLICANT, NONE),
        step(Eligible, StartReview, UnderReview, STAFF_OR_SYSTEM, NONE),
        step(Eligible, MarkIneligible, Ineligible, STAFF, Note),
        step(Eligible, RequestInfo, MoreInfoRequested, STAFF, Note),
        step(Eligible, Withdraw, Withdrawn, APPLICANT, NONE),
        step(Ineligible, MarkEligible, Eligible, ADMIN, Note),
        step(UnderReview, RequestInfo, MoreInfoRequested, STAFF, Note),
        step(UnderReview, Approve, Approved, STAFF, NONE),
        step(UnderReview, ApproveWithConditions, ApprovedWithConditions, STAFF, Note),
        step(UnderReview, Reject, Rejected, STAFF, Note),
        step(UnderReview, Withdraw, Withdrawn, APPLICANT, NONE),
        step(MoreInfoRequested, Resubmit, Submitted, APPLICANT, NONE),
        step(MoreInfoRequested, MarkIneligible, Ineligible, STAFF, Note),
        step(MoreInfoRequested, Withdraw, Withdrawn, APPLICANT, NONE),
        step(Approved, Fund, Funded, STAFF, NONE),
        step(Approved, Reject, Rejected, STAFF, Note),
        step(ApprovedWithConditions, Fund, Funded, STAFF, NONE),
        step(ApprovedWithConditions, Reject, Rejected, STAFF, Note),
        step(Funded, Close, Closed, STAFF_OR_SYSTEM, NONE),
    ]
};

/// Longest note on a transition.
pub const NOTE_MAX_CHARS: usize = 4000;

/// Why a transition was refused, checked in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("action not allowed from this state")]
    NotAllowedFromState,
    #[error("action not allowed for this actor")]
    NotAllowedForActor,
    #[error("a note is required")]
    NoteRequired,
    #[error("the note is too long")]
    NoteTooLong,
}

impl TransitionError {
    pub fn text(self) -> Text {
        match self {
            TransitionError::NotAllowedFromState => t::APPL_NOT_FROM_STATE,
            TransitionError::NotAllowedForActor => t::APPL_NOT_FOR_ACTOR,
            TransitionError::NoteRequired => t::APPL_NOTE_REQUIRED,
            TransitionError::NoteTooLong => t::V_TOO_LONG,
        }
    }
}

/// 409 for the wrong state, 403 for the wrong person, 422 on field `note`.
impl From<TransitionError> for ApiError {
    fn from(e: TransitionError) -> ApiError {
        match e {
            TransitionError::NotAllowedFromState => ApiError::InvalidTransition,
            TransitionError::NotAllowedForActor => ApiError::Forbidden,
            TransitionError::NoteRequired => ApiError::validation("note", ValidationCode::Required),
            TransitionError::NoteTooLong => ApiError::validation("note", ValidationCode::TooLong),
        }
    }
}

/// The state after `action`, when one of `actors` may take it from `from`
/// with this `note` (trimmed; at most [`NOTE_MAX_CHARS`] characters,
/// required where the table says so).
pub fn transition(
    from: ApplicationState,
    action: Action,
    actors: &[Actor],
    note: Option<&str>,
) -> Result<ApplicationState, TransitionError> {
    let step = TRANSITIONS
        .iter()
        .find(|s| s.from == from && s.action == action)
        .ok_or(TransitionError::NotAllowedFromState)?;
    if !step.who.iter().any(|w| actors.contains(w)) {
        return Err(TransitionError::NotAllowedForActor);
    }
    let note = note.map(str::trim).unwrap_or("");
    if step.requires == Requirement::Note && note.is_empty() {
        Err(TransitionError::NoteRequired)
    } else if note.chars().count() > NOTE_MAX_CHARS {
        Err(TransitionError::NoteTooLong)
    } else {
        Ok(step.to)
    }
}

/// The note as the audit trail stores it: trimmed, `None` when blank.
pub fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned)
}

/// What `actors` may do from `state`, in table order, for the buttons (each
/// transition says whether it needs a note).
pub fn available_actions(state: ApplicationState, actors: &[Actor]) -> Vec<&'static Transition> {
    TRANSITIONS.iter().filter(|s| s.from == state && s.who.iter().any(|w| actors.contains(w))).collect()
}

/// One line of an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The person's display name, or [`t::APPL_BY_SYSTEM`] for the system.
    pub who: String,
    /// UTC seconds.
    pub at: i64,
    pub action: Action,
    pub from: ApplicationState,
    pub to: ApplicationState,
    pub note: Option<String>,
}

/// The entry as the applicant's timeline shows it. Every transition is
/// shown (an application's history is the applicant's to know); the note
/// only when it is meant for them ([`Action::note_for_applicant`]).
pub fn visible_to_applicant(entry: &AuditEntry) -> AuditEntry {
    AuditEntry { note: entry.note.clone().filter(|_| entry.action.note_for_applicant()), ..entry.clone() }
}

/// The applicant's timeline: every entry through [`visible_to_applicant`].
pub fn applicant_timeline(entries: &[AuditEntry]) -> Vec<AuditEntry> {
    entries.iter().map(visible_to_applicant).collect()
}

// ---------------------------------------------------------------------------
// Review
// ---------------------------------------------------------------------------

pub const CONFLICT_REASON_MAX_CHARS: usize = 1000;
pub const COMMENT_MAX_CHARS: usize = 2000;

/// What an evaluator declares before reading an application. With a
/// conflict of interest they do not score it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConflictDeclaration {
    None,
    Conflict { reason: String },
}

/// The score an evaluator gives one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreInput {
    /// Index into the call's criteria.
    pub criterion: usize,
    /// 0 to [`SCORE_MAX`]; `None` (JSON `null`) abstains on this criterion.
    pub score: Option<u8>,
    #[serde(default)]
    pub comment: String,
}

/// An evaluator's review form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewInput {
    pub conflict: ConflictDeclaration,
    /// One per criterion; ignored with a conflict.
    #[serde(default)]
    pub scores: Vec<ScoreInput>,
}

/// A validated score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    pub criterion: usize,
    /// `None`: abstained.
    pub score: Option<u8>,
    pub comment: Option<String>,
}

/// A submitted review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Review {
    /// Declared a conflict of interest: no scores.
    Conflict { reason: String },
    /// One score per criterion, in criterion order.
    Scored { scores: Vec<Score> },
}

impl ReviewInput {
    /// Checks the review against the call's criteria: with a conflict, only
    /// its reason (field `conflict.reason`); otherwise every criterion
    /// scored or abstained exactly once. Field names: `scores[k].score` and
    /// `scores[k].comment` for criterion `k` (missing: `Required`; above
    /// [`SCORE_MAX`]: `ScoreRange`), `scores[i].criterion` for the i-th
    /// input naming an unknown or repeated criterion (`Choice`).
    pub fn validate(&self, criteria: &[Criterion]) -> Result<Review, ApiError> {
        let mut errs = FieldErrors::default();
        if let ConflictDeclaration::Conflict { reason } = &self.conflict {
            let reason = errs.check("conflict.reason", text_block(reason, CONFLICT_REASON_MAX_CHARS, true));
            return errs.finish(|| Some(Review::Conflict { reason: reason? }));
        }
        let mut by_criterion: Vec<Option<Score>> = vec![None; criteria.len()];
        for (i, input) in self.scores.iter().enumerate() {
            let taken = by_criterion.get(input.criterion).map(Option::is_some);
            if taken != Some(false) {
                errs.check::<()>(&format!("scores[{i}].criterion"), Err(ValidationCode::Choice));
                continue;
            }
            let k = input.criterion;
            let score = errs.check(
                &format!("scores[{k}].score"),
                match input.score {
                    Some(s) if s > SCORE_MAX => Err(ValidationCode::ScoreRange),
                    other => Ok(other),
                },
            );
            let comment =
                errs.check(&format!("scores[{k}].comment"), text_block(&input.comment, COMMENT_MAX_CHARS, false));
            // A placeholder keeps the slot taken even when a part is invalid.
            by_criterion[k] =
                Some(Score { criterion: k, score: score.flatten(), comment: comment.filter(|c| !c.is_empty()) });
        }
        for (k, slot) in by_criterion.iter().enumerate() {
            if slot.is_none() {
                errs.check::<()>(&format!("scores[{k}].score"), Err(ValidationCode::Required));
            }
        }
        errs.finish(|| Some(Review::Scored { scores: by_criterion.into_iter().collect::<Option<Vec<_>>>()? }))
    }
}

impl Review {
    /// The review's weighted score; `None` for a conflict or when every
    /// criterion was abstained.
    pub fn weighted_score(&self, criteria: &[Criterion]) -> Option<f64> {
        match self {
            Review::Conflict { .. } => None,
            Review::Scored { scores } => weighted_score(scores, criteria),
        }
    }
}

/// One evaluator's score for an application: the weighted mean of the
/// criteria they scored, weights renormalised over those (abstaining on a
/// criterion neither helps nor harms). Between 0 and [`SCORE_MAX`]; `None`
/// when they abstained on everything. Scores naming no criterion, or
/// repeating one, count once at most (validated reviews have neither).
pub fn weighted_score(scores: &[Score], criteria: &[Criterion]) -> Option<f64> {
    let mut seen = vec![false; criteria.len()];
    let (mut sum, mut weights) = (0.0, 0.0);
    for s in scores {
        let (Some(value), Some(c)) = (s.score, criteria.get(s.criterion)) else { continue };
        if std::mem::replace(&mut seen[s.criterion], true) {
            continue;
        }
        let value = value.min(SCORE_MAX);
        sum += f64::from(c.weight) * f64::from(value);
        weights += f64::from(c.weight);
    }
    (weights > 0.0).then(|| sum / weights)
}

/// How the committee scored one application. Scores are `f64` (never
/// money) and kept at full precision for ordering; show them with
/// [`format_score`], one decimal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    /// Evaluators assigned to the application.
    pub assigned: usize,
    /// Reviews submitted, conflict declarations included.
    pub submitted: usize,
    /// Of which conflicts of interest (no score).
    pub conflicts: usize,
    /// Reviews with a score (not all abstained, not a conflict).
    pub scored: usize,
    /// Assigned evaluators who have not submitted yet.
    pub missing: usize,
    /// The mean of the evaluators' weighted scores, each evaluator counting
    /// the same.
    pub mean: Option<f64>,
    /// The middle weighted score (the mean of the two middle ones for an
    /// even count): one outlier cannot move it.
    pub median: Option<f64>,
    /// Highest minus lowest weighted score: a large spread is a
    /// disagreement the committee should discuss.
    pub spread: Option<f64>,
}

impl Ranking {
    /// Sums up the submitted `reviews` of one application to which
    /// `assigned` evaluators were assigned.
    pub fn compute(reviews: &[Review], criteria: &[Criterion], assigned: usize) -> Ranking {
        let scores: Vec<f64> = reviews.iter().filter_map(|r| r.weighted_score(criteria)).collect();
        let conflicts = reviews.iter().filter(|r| matches!(r, Review::Conflict { .. })).count();
        Ranking {
            assigned,
            submitted: reviews.len(),
            conflicts,
            scored: scores.len(),
            missing: assigned.saturating_sub(reviews.len()),
            mean: mean(&scores),
            median: median(&scores),
            spread: spread(&scores),
        }
    }

    /// For the committee's list: higher mean first, then higher median;
    /// applications without a score last.
    pub fn order(a: &Ranking, b: &Ranking) -> std::cmp::Ordering {
        let key = |r: &Ranking| (r.mean.is_some(), r.mean.unwrap_or(0.0), r.median.unwrap_or(0.0));
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0).then(kb.1.total_cmp(&ka.1)).then(kb.2.total_cmp(&ka.2))
    }
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The middle value; the mean of the two middle values for an even count.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Highest minus lowest.
pub fn spread(values: &[f64]) -> Option<f64> {
    let max = values.iter().copied().reduce(f64::max)?;
    let min = values.iter().copied().reduce(f64::min)?;
    Some(max - min)
}

/// A score for display: one decimal, halves rounded away from zero
/// (`3.25` → `3,3` in Italian, `3.3` in English). Rounding happens only
/// here; orderings use the full value.
pub fn format_score(value: f64, locale: Locale) -> String {
    let rounded = format!("{:.1}", (value * 10.0).round() / 10.0);
    match locale {
        Locale::It => rounded.replace('.', ","),
        Locale::En => rounded,
    }
}

// ---------------------------------------------------------------------------
// Decision letters
// ---------------------------------------------------------------------------

/// What is wrong with a letter template, all of it at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("letter template: unknown placeholders {unknown:?}, unclosed placeholder at line {unclosed_line:?}")]
pub struct LetterError {
    /// Placeholder names with no value, in order of appearance, once each.
    pub unknown: Vec<String>,
    /// The line (from 1) of the first `{{` without its `}}` on the same line.
    pub unclosed_line: Option<usize>,
}

impl LetterError {
    /// The problems in the reader's language, for the template editor.
    pub fn message(&self, locale: Locale) -> String {
        let mut parts = Vec::new();
        if !self.unknown.is_empty() {
            let names: Vec<String> = self.unknown.iter().map(|n| format!("{{{{{n}}}}}")).collect();
            parts.push(format!("{} {}", t::LETTER_UNKNOWN.get(locale), names.join(", ")));
        }
        if let Some(line) = self.unclosed_line {
            parts.push(format!("{} {line}", t::LETTER_UNCLOSED.get(locale)));
        }
        parts.join(" ")
    }
}

/// Fills a decision letter: each `{{name}}` (spaces inside the braces
/// allowed, names matched exactly) becomes its value from `placeholders`.
/// Values go in as they are and are not read again, so a value containing
/// `{{…}}` stays text. Letters are plain text: escaping for HTML is the
/// caller's business. An unknown name or an unclosed `{{` is an error, so
/// staff see a typo before anything is sent.
pub fn render_letter(template: &str, placeholders: &[(&str, &str)]) -> Result<String, LetterError> {
    let mut out = String::with_capacity(template.len());
    let mut error = LetterError { unknown: Vec::new(), unclosed_line: None };
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        // A placeholder sits on one line and contains no other opening.
        let close = after.find("}}").filter(|&end| !after[..end].contains(['\n', '{']));
        let Some(end) = close else {
            let offset = template.len() - rest.len() + open;
            error.unclosed_line.get_or_insert(template[..offset].matches('\n').count() + 1);
            out.push_str("{{");
            rest = after;
            continue;
        };
        let name = after[..end].trim();
        match placeholders.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(value),
            None if !error.unknown.iter().any(|u| u == name) => error.unknown.push(name.to_owned()),
            None => {}
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if error.unknown.is_empty() && error.unclosed_line.is_none() {
        Ok(out)
    } else {
        Err(error)
    }
}

// ---------------------------------------------------------------------------
// Follow-up of funded enterprises
// ---------------------------------------------------------------------------

pub const FOLLOW_UP_TITLE_MAX_CHARS: usize = 160;
pub const FOLLOW_UP_TEXT_MAX_CHARS: usize = 4000;
pub const MENTOR_MAX_CHARS: usize = 120;

/// A step the enterprise plans to reach, e.g. "Apertura del laboratorio".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneInput {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`
    pub due_on: String,
    /// `YYYY-MM-DD`, empty until reached.
    pub done_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub title: String,
    pub description: String,
    pub due_on: chrono::NaiveDate,
    pub done_on: Option<chrono::NaiveDate>,
}

impl MilestoneInput {
    /// Fields: `title`, `description`, `due_on`, `done_on`.
    pub fn validate(&self) -> Result<Milestone, ApiError> {
        let mut errs = FieldErrors::default();
        let title = errs.check("title", single_line(&self.title, FOLLOW_UP_TITLE_MAX_CHARS));
        let description = errs.check("description", text_block(&self.description, FOLLOW_UP_TEXT_MAX_CHARS, false));
        let due_on = errs.check("due_on", parse_date(&self.due_on));
        let done_on = errs.check("done_on", optional_date(&self.done_on));
        errs.finish(|| Some(Milestone { title: title?, description: description?, due_on: due_on?, done_on: done_on? }))
    }
}

/// A part of the grant paid out on a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrancheInput {
    pub amount: AmountInput,
    /// `YYYY-MM-DD`
    pub due_on: String,
    /// `YYYY-MM-DD`, empty until paid.
    pub paid_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tranche {
    pub amount: Cents,
    pub due_on: chrono::NaiveDate,
    pub paid_on: Option<chrono::NaiveDate>,
    pub note: String,
}

/// What is left of `granted` after the `tranches` already planned.
pub fn grant_remaining(granted: Cents, tranches: &[Cents]) -> Cents {
    Cents(granted.0 - tranches.iter().map(|c| c.0).sum::<i64>())
}

impl TrancheInput {
    /// `remaining`: the grant not yet planned in other tranches
    /// ([`grant_remaining`]); the tranches never add up to more than the
    /// grant. Fields: `amount`, `due_on`, `paid_on`, `note`.
    pub fn validate(&self, remaining: Cents, locale: Locale) -> Result<Tranche, ApiError> {
        let mut errs = FieldErrors::default();
        let amount = errs.check(
            "amount",
            self.amount.parse_required(locale).and_then(|a| {
                if a > remaining {
                    Err(ValidationCode::TrancheOverGrant)
                } else {
                    Ok(a)
                }
            }),
        );
        let due_on = errs.check("due_on", parse_date(&self.due_on));
        let paid_on = errs.check("paid_on", optional_date(&self.paid_on));
        let note = errs.check("note", text_block(&self.note, FOLLOW_UP_TEXT_MAX_CHARS, false));
        errs.finish(|| Some(Tranche { amount: amount?, due_on: due_on?, paid_on: paid_on?, note: note? }))
    }
}

/// A mentoring meeting with the enterprise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentoringInput {
    /// `YYYY-MM-DD`
    pub held_on: String,
    pub mentor: String,
    pub topic: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentoringEntry {
    pub held_on: chrono::NaiveDate,
    pub mentor: String,
    pub topic: String,
    pub notes: String,
}

impl MentoringInput {
    /// Fields: `held_on`, `mentor`, `topic` (required), `notes` (optional).
    pub fn validate(&self) -> Result<MentoringEntry, ApiError> {
        let mut errs = FieldErrors::default();
        let held_on = errs.check("held_on", parse_date(&self.held_on));
        let mentor = errs.check("mentor", single_line(&self.mentor, MENTOR_MAX_CHARS));
        let topic = errs.check("topic", single_line(&self.topic, FOLLOW_UP_TITLE_MAX_CHARS));
        let notes = errs.check("notes", text_block(&self.notes, FOLLOW_UP_TEXT_MAX_CHARS, false));
        errs.finish(|| Some(MentoringEntry { held_on: held_on?, mentor: mentor?, topic: topic?, notes: notes? }))
    }
}

/// The checks of a funded enterprise after funding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Checkpoint {
    SixMonths,
    TwelveMonths,
    TwentyFourMonths,
}

impl Checkpoint {
    pub const ALL: [Checkpoint; 3] = [Checkpoint::SixMonths, Checkpoint::TwelveMonths, Checkpoint::TwentyFourMonths];

    pub fn months(self) -> u32 {
        match self {
            Checkpoint::SixMonths => 6,
            Checkpoint::TwelveMonths => 12,
            Checkpoint::TwentyFourMonths => 24,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Checkpoint::SixMonths => "six_months",
            Checkpoint::TwelveMonths => "twelve_months",
            Checkpoint::TwentyFourMonths => "twenty_four_months",
        }
    }

    pub fn parse(code: &str) -> Option<Checkpoint> {
        Checkpoint::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            Checkpoint::SixMonths => t::CHECK_6_MONTHS,
            Checkpoint::TwelveMonths => t::CHECK_12_MONTHS,
            Checkpoint::TwentyFourMonths => t::CHECK_24_MONTHS,
        }
    }

    /// When the check is due: this many months after funding (the last day
    /// of a shorter month when the day does not exist).
    pub fn due_on(self, funded_on: chrono::NaiveDate) -> chrono::NaiveDate {
        funded_on.checked_add_months(chrono::Months::new(self.months())).unwrap_or(chrono::NaiveDate::MAX)
    }
}

/// A status check at 6, 12 or 24 months.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCheckInput {
    /// A [`Checkpoint`] code.
    pub checkpoint: String,
    /// `YYYY-MM-DD`
    pub checked_on: String,
    /// Whether the enterprise is still running.
    pub active: bool,
    /// People working in it, founders included.
    pub people_working: u32,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCheck {
    pub checkpoint: Checkpoint,
    pub checked_on: chrono::NaiveDate,
    pub active: bool,
    pub people_working: u32,
    pub notes: String,
}

impl StatusCheckInput {
    /// Fields: `checkpoint`, `checked_on`, `notes`.
    pub fn validate(&self) -> Result<StatusCheck, ApiError> {
        let mut errs = FieldErrors::default();
        let checkpoint = errs.check("checkpoint", Checkpoint::parse(&self.checkpoint).ok_or(ValidationCode::Choice));
        let checked_on = errs.check("checked_on", parse_date(&self.checked_on));
        let notes = errs.check("notes", text_block(&self.notes, FOLLOW_UP_TEXT_MAX_CHARS, false));
        errs.finish(|| {
            Some(StatusCheck {
                checkpoint: checkpoint?,
                checked_on: checked_on?,
                active: self.active,
                people_working: self.people_working,
                notes: notes?,
            })
        })
    }
}

fn optional_date(raw: &str) -> Result<Option<chrono::NaiveDate>, ValidationCode> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(raw).map(Some)
    }
}

// ---------------------------------------------------------------------------
// Read models and requests of the applications API
// ---------------------------------------------------------------------------

/// Starting an application: the answers to the call's eligibility questions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartApplication {
    pub answers: Vec<Option<bool>>,
}

/// Staff start an application together with a resident: an existing person
/// by email, or a new one (then `display_name` is required) who gets no
/// password and sets one through the password reset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssistedStart {
    pub email: String,
    /// Only for a person not registered yet.
    pub display_name: String,
    /// The resident's language for messages (default Italian).
    pub language: Option<crate::i18n::Locale>,
    pub answers: Vec<Option<bool>>,
    /// The resident agreed, in front of staff, to the processing of their data.
    pub consent: bool,
}

/// Autosave: the draft and the `version` the form was loaded with. A stale
/// version (another tab saved since) is refused with 409, never overwritten.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDraft {
    pub version: i64,
    #[serde(default)]
    pub draft: ApplicationInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DraftSaved {
    /// Send this with the next save.
    pub version: i64,
    /// UTC seconds.
    pub saved_at: i64,
    pub budget_total_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionRequest {
    pub action: Action,
    #[serde(default)]
    pub note: Option<String>,
}

/// A button the viewer may press.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionOption {
    pub action: Action,
    pub label: String,
    pub requires_note: bool,
}

impl ActionOption {
    /// The buttons for `actors` in `state`, labelled in `locale`.
    pub fn list(state: ApplicationState, actors: &[Actor], locale: Locale) -> Vec<ActionOption> {
        available_actions(state, actors)
            .into_iter()
            .map(|t| ActionOption {
                action: t.action,
                label: t.action.text().get(locale).to_owned(),
                requires_note: t.requires == Requirement::Note,
            })
            .collect()
    }
}

/// One line of the timeline with the name of the state it led to, in the
/// reader's words (plain language for the applicant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub entry: AuditEntry,
    pub state_label: String,
}

/// The timeline as `for_applicant` (plain words, only notes meant for
/// them, see [`applicant_timeline`]) or staff (everything) read it.
pub fn timeline(entries: &[AuditEntry], for_applicant: bool, locale: Locale) -> Vec<TimelineEntry> {
    let shown = if for_applicant { applicant_timeline(entries) } else { entries.to_vec() };
    shown
        .into_iter()
        .map(|entry| {
            // A recusal changes no state: its line says what happened instead.
            let text = match (entry.action, for_applicant) {
                (Action::Recuse, _) => Action::Recuse.text(),
                (_, true) => entry.to.applicant_text(),
                (_, false) => entry.to.staff_text(),
            };
            TimelineEntry { state_label: text.get(locale).to_owned(), entry }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicantInfo {
    pub person_id: i64,
    pub display_name: String,
    pub email: String,
}

/// The decision as the applicant reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub action: Action,
    /// The rendered letter, plain text.
    pub letter: String,
    pub feedback: Option<String>,
    pub next_step: Option<String>,
    pub granted_cents: Option<i64>,
    /// UTC seconds.
    pub decided_at: i64,
}

/// An application as one viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    pub id: i64,
    pub call_id: i64,
    pub call_title: String,
    pub state: ApplicationState,
    /// Plain words for the applicant, the staff name otherwise.
    pub state_label: String,
    /// For autosave's optimistic check.
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
    /// `None` for evaluators of a blind call.
    pub applicant: Option<ApplicantInfo>,
    /// The staff member who filled it in with the resident, if any.
    pub assisted_by: Option<String>,
    /// The texts as saved, amounts in cents, so the form reloads as left.
    pub form: ApplicationInput,
    pub budget_total_cents: i64,
    /// When consent to data processing was given (UTC seconds).
    pub consent_at: Option<i64>,
    /// Whether the viewer may change the texts now.
    pub editable: bool,
    pub actions: Vec<ActionOption>,
    pub timeline: Vec<TimelineEntry>,
    pub decision: Option<DecisionView>,
    pub granted_cents: Option<i64>,
    /// What the viewer may do or read on it ([`Standing::allowed`]): the
    /// page shows its panels by this, the server checks every request again.
    pub may: Vec<ApplicationAction>,
}

impl ApplicationView {
    pub fn may(&self, action: ApplicationAction) -> bool {
        self.may.contains(&action)
    }
}

/// An application in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRow {
    pub id: i64,
    pub call_id: i64,
    pub call_title: String,
    pub idea_title: String,
    /// `None` for evaluators of a blind call.
    pub applicant_name: Option<String>,
    pub state: ApplicationState,
    pub state_label: String,
    pub requested_cents: Option<i64>,
    pub lab_id: Option<i64>,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentRow {
    pub id: i64,
    /// The name it was uploaded with, for display only.
    pub name: String,
    pub kind: AttachmentKind,
    pub size_bytes: i64,
    pub uploaded_at: i64,
}

/// The name an upload is listed with: its last path component, without
/// control characters, at most 200 characters; the stored name is random.
pub fn display_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "allegato".to_owned()
    } else {
        clean.to_owned()
    }
}

/// The name a file is listed with for a reader who may not learn who
/// applied (a file's own name often carries theirs): "Allegato 1", "Allegato
/// 2"… by `position` from 0.
pub fn anonymous_file_name(position: usize, locale: Locale) -> String {
    format!("{} {}", t::APPL_ATTACHMENT_N.get(locale), position + 1)
}

/// An evaluator's review as others may read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRow {
    pub evaluator_id: i64,
    pub evaluator_name: String,
    /// With a conflict of interest: its reason (and no scores).
    pub conflict: Option<String>,
    pub scores: Vec<Score>,
    pub weighted_score: Option<f64>,
    /// `None`: declared no conflict, scores not submitted yet.
    pub submitted_at: Option<i64>,
}

/// What an assigned evaluator reads before declaring whether they have a
/// conflict of interest: enough to know whom it concerns (the applicant's
/// name only when the review is not blind), nothing of the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewSubject {
    pub call_title: String,
    pub idea_title: String,
    pub applicant_name: Option<String>,
}

/// One application in the committee's ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingRow {
    pub application_id: i64,
    pub idea_title: String,
    pub applicant_name: String,
    pub state: ApplicationState,
    pub requested_cents: Option<i64>,
    pub ranking: Ranking,
}

pub const LETTER_MAX_CHARS: usize = 20_000;

/// Staff record a decision: approve, approve with conditions or reject,
/// with the letter's template. A rejection carries feedback and a
/// suggested next step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    /// `approve`, `approve_with_conditions` or `reject`.
    pub action: Option<Action>,
    /// The motivation or the conditions (`{{motivazione}}` in the letter).
    pub note: String,
    /// Placeholders: `{{nome}}`, `{{idea}}`, `{{bando}}`, `{{importo}}`,
    /// `{{motivazione}}`, `{{data}}`.
    pub letter_template: String,
    /// Granted amount for an approval; empty: the amount requested.
    pub granted: AmountInput,
    pub feedback: String,
    pub next_step: String,
}

/// A decision that passed every rule (the workflow's own rules, who and
/// from which state, are checked by [`transition`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecision {
    pub action: Action,
    pub note: Option<String>,
    pub letter_template: String,
    pub granted: Option<Cents>,
    pub feedback: Option<String>,
    pub next_step: Option<String>,
}

impl DecisionInput {
    /// Fields: `action` (a decision's action), `letter_template` (required,
    /// every placeholder known), `granted` (approvals: at most `requested`),
    /// `feedback` and `next_step` (required to reject).
    pub fn validate(&self, requested: Cents, locale: Locale) -> Result<ValidDecision, ApiError> {
        let mut errs = FieldErrors::default();
        let action = errs.check(
            "action",
            match self.action {
                Some(a @ (Action::Approve | Action::ApproveWithConditions | Action::Reject)) => Ok(a),
                Some(_) => Err(ValidationCode::Choice),
                None => Err(ValidationCode::Required),
            },
        );
        let rejecting = action == Some(Action::Reject);
        let template = errs.check(
            "letter_template",
            text_block(&self.letter_template, LETTER_MAX_CHARS, true).and_then(|t| {
                let sample: Vec<(&str, &str)> = LETTER_PLACEHOLDERS.iter().map(|p| (*p, "")).collect();
                render_letter(&t, &sample).map(|_| t).map_err(|_| ValidationCode::LetterPlaceholder)
            }),
        );
        let granted =
            errs.check("granted", if rejecting { Ok(None) } else { granted(&self.granted, requested, locale) });
        let feedback = errs.check("feedback", text_block(&self.feedback, SECTION_MAX_CHARS, rejecting));
        let next_step = errs.check("next_step", text_block(&self.next_step, SECTION_MAX_CHARS, rejecting));
        let note = clean_note(Some(&self.note));
        errs.finish(|| {
            Some(ValidDecision {
                action: action?,
                note,
                letter_template: template?,
                granted: granted?,
                feedback: feedback.filter(|f| !f.is_empty()),
                next_step: next_step.filter(|n| !n.is_empty()),
            })
        })
    }
}

fn granted(input: &AmountInput, requested: Cents, locale: Locale) -> Result<Option<Cents>, ValidationCode> {
    match input.parse(locale)? {
        None => Ok(Some(requested)),
        Some(g) if g > requested => Err(ValidationCode::GrantOverRequested),
        some => Ok(some),
    }
}

/// The placeholders a decision letter may use.
pub const LETTER_PLACEHOLDERS: [&str; 6] = ["nome", "idea", "bando", "importo", "motivazione", "data"];

/// What a decision letter is filled with.
pub struct LetterData<'a> {
    pub name: &'a str,
    pub idea: &'a str,
    pub call: &'a str,
    pub amount: Option<Cents>,
    pub motivation: &'a str,
    /// UTC seconds.
    pub date: i64,
}

/// The letter of a decision: the template with [`LETTER_PLACEHOLDERS`]
/// filled in the applicant's language.
pub fn decision_letter(template: &str, data: &LetterData, locale: Locale) -> Result<String, ApiError> {
    let amount = data.amount.map(|a| a.format(locale)).unwrap_or_default();
    let date = crate::time::format_date(data.date, locale);
    let values = [
        ("nome", data.name),
        ("idea", data.idea),
        ("bando", data.call),
        ("importo", amount.as_str()),
        ("motivazione", data.motivation),
        ("data", date.as_str()),
    ];
    render_letter(template, &values)
        .map_err(|_| ApiError::validation("letter_template", ValidationCode::LetterPlaceholder))
}

pub const NOTE_BODY_MAX_CHARS: usize = 4000;

/// An internal note (staff and evaluators) or, with `to_applicant`, a
/// message to the applicant (staff only; also sent by email).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteInput {
    pub body: String,
    pub to_applicant: bool,
}

impl NoteInput {
    /// The body, trimmed. Field: `body`.
    pub fn validate(&self) -> Result<String, ApiError> {
        text_block(&self.body, NOTE_BODY_MAX_CHARS, true).map_err(|c| ApiError::validation("body", c))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteRow {
    pub id: i64,
    pub author_name: String,
    pub body: String,
    pub to_applicant: bool,
    pub created_at: i64,
}

/// A tranche tied (optionally) to one of the application's milestones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrancheRequest {
    #[serde(default)]
    pub milestone_id: Option<i64>,
    #[serde(flatten)]
    pub tranche: TrancheInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`
    pub due_on: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrancheRow {
    pub id: i64,
    pub milestone_id: Option<i64>,
    pub amount_cents: i64,
    pub due_on: String,
    pub paid_on: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentoringRow {
    pub id: i64,
    pub held_on: String,
    pub mentor: String,
    pub topic: String,
    pub notes: String,
}

/// A checkpoint, due or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCheckRow {
    pub checkpoint: Checkpoint,
    /// `YYYY-MM-DD`, from the funding date; `None` before funding.
    pub due_on: Option<String>,
    pub checked_on: Option<String>,
    pub active: Option<bool>,
    pub people_working: Option<i64>,
    pub notes: Option<String>,
}

/// The follow-up of an approved or funded idea.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub granted_cents: Option<i64>,
    /// `YYYY-MM-DD` (Europe/Rome), set when marked funded.
    pub funded_on: Option<String>,
    /// Grant not yet planned in tranches.
    pub remaining_cents: i64,
    pub milestones: Vec<MilestoneRow>,
    pub tranches: Vec<TrancheRow>,
    pub mentoring: Vec<MentoringRow>,
    pub checks: Vec<StatusCheckRow>,
}

/// Applications of one call in one state from one lab (`None`: no lab).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardRow {
    pub call_id: i64,
    pub call_title: String,
    pub state: ApplicationState,
    pub lab_id: Option<i64>,
    pub count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(result: Result<impl std::fmt::Debug, ApiError>) -> Vec<(String, ValidationCode)> {
        match result {
            Err(ApiError::Validation(fields)) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    fn pair(field: &str, code: ValidationCode) -> (String, ValidationCode) {
        (field.to_owned(), code)
    }

    // --- the form -----------------------------------------------------------

    fn budget_line(item: &str, amount: &str) -> BudgetLineInput {
        BudgetLineInput { item: item.into(), amount: AmountInput::Text(amount.into()) }
    }

    fn complete_input() -> ApplicationInput {
        ApplicationInput {
            idea_title: " Bottega del riuso ".into(),
            summary: "Ripariamo e rivendiamo mobili usati.".into(),
            problem_and_customers: "Famiglie che non possono comprare mobili nuovi.".into(),
            team: "Tre falegnami in pensione e due giovani.".into(),
            community_benefit: "Meno rifiuti, lavoro per due persone.".into(),
            budget_lines: vec![budget_line("Attrezzi", "3.000"), budget_line("Affitto del locale", "4.500,50")],
            requested: AmountInput::Text("6.000".into()),
            lab_id: Some(3),
            consent: true,
        }
    }

    #[test]
    fn a_complete_application_is_accepted() {
        let app = complete_input().validate_for_submit(Cents(1_000_000), Locale::It).unwrap();
        assert_eq!(app.idea_title, "Bottega del riuso");
        assert_eq!(app.budget_total, Cents(750_050));
        assert_eq!(app.requested, Cents(600_000));
        assert_eq!(app.budget_lines[1], BudgetLine { item: "Affitto del locale".into(), amount: Cents(450_050) });
        assert_eq!(app.lab_id, Some(3));
    }

    #[test]
    fn a_draft_may_be_incomplete() {
        let draft = ApplicationInput::default().validate_draft(Locale::It).unwrap();
        assert_eq!(draft.idea_title, "");
        assert_eq!(draft.requested, None);
        assert_eq!(draft.budget_total, Cents::ZERO);
        let partial = ApplicationInput {
            idea_title: "Bottega".into(),
            budget_lines: vec![budget_line("Attrezzi", ""), budget_line("", "100"), budget_line("", "")],
            requested: AmountInput::Text("99.999".into()),
            ..ApplicationInput::default()
        };
        let draft = partial.validate_draft(Locale::It).unwrap();
        assert_eq!(draft.budget_lines.len(), 3, "blank rows are kept in a draft");
        assert_eq!(draft.budget_lines[0].amount, None);
        assert_eq!(draft.budget_total, Cents(10_000));
        assert_eq!(draft.requested, Some(Cents(9_999_900)), "over the total, but a draft does not compare");
    }

    #[test]
    fn a_draft_never_holds_invalid_text() {
        let bad = ApplicationInput {
            idea_title: "x".repeat(IDEA_TITLE_MAX_CHARS + 1),
            summary: "a\u{0}b".into(),
            team: "y".repeat(SECTION_MAX_CHARS + 1),
            budget_lines: vec![budget_line("Attrezzi", "dieci euro"), budget_line("Locale", "0")],
            requested: AmountInput::Cents(-1),
            lab_id: Some(0),
            ..ApplicationInput::default()
        };
        assert_eq!(
            fields(bad.validate_draft(Locale::It)),
            [
                pair("idea_title", ValidationCode::TooLong),
                pair("summary", ValidationCode::ControlChars),
                pair("team", ValidationCode::TooLong),
                pair("budget_lines[0].amount", ValidationCode::Amount),
                pair("budget_lines[1].amount", ValidationCode::AmountNotPositive),
                pair("requested", ValidationCode::AmountNotPositive),
                pair("lab_id", ValidationCode::Choice),
            ]
        );
        let many = ApplicationInput {
            budget_lines: vec![budget_line("x", "1"); MAX_BUDGET_LINES + 1],
            ..ApplicationInput::default()
        };
        assert_eq!(fields(many.validate_draft(Locale::It)), [pair("budget_lines", ValidationCode::TooManyItems)]);
    }

    #[test]
    fn submission_requires_everything() {
        let empty = ApplicationInput::default();
        assert_eq!(
            fields(empty.validate_for_submit(Cents(1_000_000), Locale::It)),
            [
                pair("idea_title", ValidationCode::Required),
                pair("summary", ValidationCode::Required),
                pair("problem_and_customers", ValidationCode::Required),
                pair("team", ValidationCode::Required),
                pair("community_benefit", ValidationCode::Required),
                pair("budget_lines", ValidationCode::Required),
                pair("requested", ValidationCode::Required),
                pair("consent", ValidationCode::ConsentRequired),
            ]
        );
        let half_lines = ApplicationInput {
            budget_lines: vec![budget_line("Attrezzi", ""), budget_line("", "100"), budget_line(" ", " ")],
            ..complete_input()
        };
        assert_eq!(
            fields(half_lines.validate_for_submit(Cents(1_000_000), Locale::It)),
            [
                pair("budget_lines[0].amount", ValidationCode::Required),
                pair("budget_lines[1].item", ValidationCode::Required)
            ]
        );
        let only_blank = ApplicationInput { budget_lines: vec![budget_line("", "")], ..complete_input() };
        assert_eq!(
            fields(only_blank.validate_for_submit(Cents(1_000_000), Locale::It)),
            [pair("budget_lines", ValidationCode::Required)]
        );
    }

    #[test]
    fn blank_budget_rows_are_dropped_on_submission() {
        let mut input = complete_input();
        input.budget_lines.insert(1, budget_line("  ", ""));
        let app = input.validate_for_submit(Cents(1_000_000), Locale::It).unwrap();
        assert_eq!(app.budget_lines.len(), 2);
        assert_eq!(app.budget_total, Cents(750_050));
    }

    #[test]
    fn the_requested_amount_fits_the_call_and_the_budget() {
        let over_max = ApplicationInput { requested: AmountInput::Text("6.000,01".into()), ..complete_input() };
        assert_eq!(
            fields(over_max.validate_for_submit(Cents(600_000), Locale::It)),
            [pair("requested", ValidationCode::RequestedOverMax)]
        );
        assert!(over_max.validate_for_submit(Cents(600_001), Locale::It).is_ok(), "the maximum itself is fine");
        let over_total = ApplicationInput { requested: AmountInput::Cents(750_051), ..complete_input() };
        assert_eq!(
            fields(over_total.validate_for_submit(Cents(1_000_000), Locale::It)),
            [pair("requested", ValidationCode::RequestedOverTotal)]
        );
        let equal_total = ApplicationInput { requested: AmountInput::Cents(750_050), ..complete_input() };
        assert!(equal_total.validate_for_submit(Cents(1_000_000), Locale::It).is_ok());
        let no_consent = ApplicationInput { consent: false, ..complete_input() };
        assert_eq!(
            fields(no_consent.validate_for_submit(Cents(1_000_000), Locale::It)),
            [pair("consent", ValidationCode::ConsentRequired)]
        );
    }

    #[test]
    fn amounts_follow_the_form_language() {
        let en = ApplicationInput {
            budget_lines: vec![budget_line("Tools", "3,000"), budget_line("Rent", "4,500.50")],
            requested: AmountInput::Text("6,000".into()),
            ..complete_input()
        };
        assert_eq!(en.validate_for_submit(Cents(1_000_000), Locale::En).unwrap().budget_total, Cents(750_050));
        assert_eq!(
            fields(en.validate_for_submit(Cents(1_000_000), Locale::It)),
            [
                pair("budget_lines[0].amount", ValidationCode::Amount),
                pair("budget_lines[1].amount", ValidationCode::Amount),
                pair("requested", ValidationCode::Amount),
            ]
        );
    }

    #[test]
    fn autosave_json_may_be_partial() {
        let input: ApplicationInput = serde_json::from_str(r#"{"idea_title":"Orto","requested":150000}"#).unwrap();
        assert_eq!(input.requested, AmountInput::Cents(150_000));
        assert!(input.budget_lines.is_empty() && !input.consent);
        assert_eq!(input.validate_draft(Locale::It).unwrap().requested, Some(Cents(150_000)));
    }

    // --- attachments --------------------------------------------------------

    /// A ZIP local file header followed by its name and data. `streamed`
    /// writes the sizes as zero with flag bit 3, as streaming writers do.
    fn zip_entry(name: &str, data: &[u8], method: u16, streamed: bool) -> Vec<u8> {
        let mut out = b"PK\x03\x04".to_vec();
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&(if streamed { 8u16 } else { 0 }).to_le_bytes()); // flags
        out.extend_from_slice(&method.to_le_bytes());
        out.extend_from_slice(&[0; 4]); // time, date
        out.extend_from_slice(&[0; 4]); // crc-32 (not checked)
        let size = if streamed { 0 } else { data.len() as u32 };
        out.extend_from_slice(&size.to_le_bytes()); // compressed
        out.extend_from_slice(&size.to_le_bytes()); // uncompressed
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        if streamed {
            out.extend_from_slice(b"PK\x07\x08\0\0\0\0");
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        }
        out
    }

    fn zip(entries: &[Vec<u8>]) -> Vec<u8> {
        let mut out = entries.concat();
        out.extend_from_slice(b"PK\x05\x06"); // a token end of central directory
        out.extend_from_slice(&[0; 18]);
        out
    }

    fn odt() -> Vec<u8> {
        zip(&[
            zip_entry("mimetype", ODT_MIME.as_bytes(), 0, false),
            zip_entry("content.xml", b"\x78\x9c compressed bytes", 8, false),
            zip_entry("META-INF/manifest.xml", b"\x78\x9c more", 8, false),
        ])
    }

    fn docx() -> Vec<u8> {
        zip(&[
            zip_entry("[Content_Types].xml", b"\x78\x9c types", 8, false),
            zip_entry("_rels/.rels", b"\x78\x9c rels", 8, false),
            zip_entry("word/document.xml", b"\x78\x9c body", 8, false),
        ])
    }

    #[test]
    fn odt_is_recognised_by_its_stored_mimetype() {
        assert_eq!(sniff_attachment(&odt()), Some(AttachmentKind::Odt));
        let compressed = zip(&[zip_entry("mimetype", ODT_MIME.as_bytes(), 8, false)]);
        assert_eq!(sniff_attachment(&compressed), None, "mimetype must be stored");
        let template = zip(&[zip_entry("mimetype", b"application/vnd.oasis.opendocument.text-template", 0, false)]);
        assert_eq!(sniff_attachment(&template), None);
        let spreadsheet = zip(&[zip_entry("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", 0, false)]);
        assert_eq!(sniff_attachment(&spreadsheet), None);
        let second =
            zip(&[zip_entry("content.xml", b"x", 0, false), zip_entry("mimetype", ODT_MIME.as_bytes(), 0, false)]);
        assert_eq!(sniff_attachment(&second), None, "mimetype must come first");
    }

    #[test]
    fn docx_is_recognised_by_its_entries() {
        assert_eq!(sniff_attachment(&docx()), Some(AttachmentKind::Docx));
        // A streaming writer: sizes after the data, entries found all the same.
        let streamed = zip(&[
            zip_entry("[Content_Types].xml", b"\x78\x9c types", 8, true),
            zip_entry("word/document.xml", b"\x78\x9c body", 8, true),
        ]);
        assert_eq!(sniff_attachment(&streamed), Some(AttachmentKind::Docx));
        let only_body = zip(&[zip_entry("word/document.xml", b"b", 8, true)]);
        assert_eq!(sniff_attachment(&only_body), Some(AttachmentKind::Docx));
        let only_types = zip(&[zip_entry("[Content_Types].xml", b"t", 8, false)]);
        assert_eq!(sniff_attachment(&only_types), Some(AttachmentKind::Docx));
    }

    #[test]
    fn other_zips_and_macros_are_refused() {
        let xlsx =
            zip(&[zip_entry("[Content_Types].xml", b"t", 8, false), zip_entry("xl/workbook.xml", b"w", 8, false)]);
        assert_eq!(sniff_attachment(&xlsx), None);
        let pptx =
            zip(&[zip_entry("[Content_Types].xml", b"t", 8, false), zip_entry("ppt/presentation.xml", b"p", 8, false)]);
        assert_eq!(sniff_attachment(&pptx), None);
        let docm = zip(&[
            zip_entry("[Content_Types].xml", b"t", 8, false),
            zip_entry("word/document.xml", b"d", 8, false),
            zip_entry("word/vbaProject.bin", b"v", 8, false),
        ]);
        assert_eq!(sniff_attachment(&docm), None, "macro-enabled");
        let jar = zip(&[zip_entry("META-INF/MANIFEST.MF", b"m", 8, false), zip_entry("Main.class", b"c", 8, false)]);
        assert_eq!(sniff_attachment(&jar), None);
    }

    #[test]
    fn executables_and_broken_files_are_refused() {
        // What a Windows or Linux program starts with, whatever its name says.
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
        exe.extend_from_slice(&docx()); // even with a document inside
        assert_eq!(sniff_attachment(&exe), None);
        assert_eq!(sniff_attachment(b"\x7fELF\x02\x01\x01\x00"), None);
        assert_eq!(sniff_attachment(b"#!/bin/sh\nrm -rf /\n"), None);
        assert_eq!(sniff_attachment(b"PK\x03\x04\x14\x00"), None, "a truncated header");
        assert_eq!(sniff_attachment(b""), None);
        let mut long_name = zip_entry("word/document.xml", b"", 8, false);
        long_name[26] = 0xFF; // the name runs past the end
        long_name.truncate(40);
        assert_eq!(sniff_attachment(&long_name), None);
    }

    #[test]
    fn pdf_and_images_as_for_expenses_and_expenses_unchanged() {
        assert_eq!(sniff_attachment(b"%PDF-1.7\n"), Some(AttachmentKind::Pdf));
        assert_eq!(sniff_attachment(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(AttachmentKind::Jpeg));
        assert_eq!(sniff_attachment(b"\x89PNG\r\n\x1a\n\0"), Some(AttachmentKind::Png));
        // The campaign expense upload keeps refusing word-processor files.
        assert_eq!(files::sniff(&odt()), None);
        assert_eq!(files::sniff(&docx()), None);
    }

    #[test]
    fn attachment_limits() {
        let pdf = b"%PDF-1.4\n".to_vec();
        assert_eq!(check_attachment(&pdf, 0), Ok(AttachmentKind::Pdf));
        assert_eq!(check_attachment(&pdf, MAX_ATTACHMENTS - 1), Ok(AttachmentKind::Pdf));
        assert_eq!(check_attachment(&pdf, MAX_ATTACHMENTS), Err(ValidationCode::TooManyFiles));
        assert_eq!(check_attachment(b"", 0), Err(ValidationCode::Required));
        let mut big = pdf.clone();
        big.resize(MAX_ATTACHMENT_BYTES, b' ');
        assert_eq!(check_attachment(&big, 0), Ok(AttachmentKind::Pdf), "exactly 10 MB is fine");
        big.push(b' ');
        assert_eq!(check_attachment(&big, 0), Err(ValidationCode::FileTooLarge));
        assert_eq!(check_attachment(b"MZ\x90\x00", 0), Err(ValidationCode::AttachmentType));
        for kind in AttachmentKind::ALL {
            assert_eq!(AttachmentKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(AttachmentKind::Docx.extension(), "docx");
    }

    // --- workflow -----------------------------------------------------------

    /// Who may take a step, described independently of the table.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Who {
        Owner,
        Office,
        OfficeOrJob,
        AdminOnly,
        JobOnly,
    }

    impl Who {
        fn admits(self, actor: Actor) -> bool {
            match self {
                Who::Owner => actor == Actor::Applicant,
                Who::Office => actor == Actor::Staff || actor == Actor::Admin,
                Who::OfficeOrJob => actor == Actor::Staff || actor == Actor::Admin || actor == Actor::System,
                Who::AdminOnly => actor == Actor::Admin,
                Who::JobOnly => actor == Actor::System,
            }
        }
    }

    /// The workflow written action by action, not state by state as the table
    /// is: (next state, who, note required).
    fn expected(from: ApplicationState, action: Action) -> Option<(ApplicationState, Who, bool)> {
        use ApplicationState::*;
        let before_decision = matches!(from, Draft | Submitted | Eligible | UnderReview | MoreInfoRequested);
        match action {
            Action::Withdraw => before_decision.then_some((Withdrawn, Who::Owner, false)),
            Action::Recuse => None,
            Action::Submit => (from == Draft).then_some((Submitted, Who::Owner, false)),
            Action::Resubmit => (from == MoreInfoRequested).then_some((Submitted, Who::Owner, false)),
            Action::MarkEligible => match from {
                Submitted => Some((Eligible, Who::Office, false)),
                Ineligible => Some((Eligible, Who::AdminOnly, true)),
                _ => None,
            },
            Action::MarkIneligible => {
                matches!(from, Submitted | Eligible | MoreInfoRequested).then_some((Ineligible, Who::Office, true))
            }
            Action::RequestInfo => {
                matches!(from, Submitted | Eligible | UnderReview).then_some((MoreInfoRequested, Who::Office, true))
            }
            Action::StartReview => (from == Eligible).then_some((UnderReview, Who::OfficeOrJob, false)),
            Action::Approve => (from == UnderReview).then_some((Approved, Who::Office, false)),
            Action::ApproveWithConditions => {
                (from == UnderReview).then_some((ApprovedWithConditions, Who::Office, true))
            }
            Action::Reject => {
                matches!(from, UnderReview | Approved | ApprovedWithConditions).then_some((Rejected, Who::Office, true))
            }
            Action::Fund => matches!(from, Approved | ApprovedWithConditions).then_some((Funded, Who::Office, false)),
            Action::Close => match from {
                Draft => Some((Closed, Who::JobOnly, false)),
                Funded => Some((Closed, Who::OfficeOrJob, false)),
                _ => None,
            },
        }
    }

    /// Every set of actors: the 32 subsets of the five.
    fn actor_sets() -> Vec<Vec<Actor>> {
        (0u32..1 << Actor::ALL.len())
            .map(|mask| {
                Actor::ALL.into_iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, a)| a).collect()
            })
            .collect()
    }

    #[test]
    fn the_whole_transition_table() {
        let too_long = "x".repeat(NOTE_MAX_CHARS + 1);
        let notes = [None, Some("   "), Some("Manca il preventivo del locale."), Some(too_long.as_str())];
        let mut checked = 0;
        for from in ApplicationState::ALL {
            for action in Action::ALL {
                for actors in actor_sets() {
                    for note in notes {
                        let got = transition(from, action, &actors, note);
                        let want = match expected(from, action) {
                            None => Err(TransitionError::NotAllowedFromState),
                            Some((_, who, _)) if !actors.iter().any(|a| who.admits(*a)) => {
                                Err(TransitionError::NotAllowedForActor)
                            }
                            Some((_, _, true)) if note.is_none_or(|n| n.trim().is_empty()) => {
                                Err(TransitionError::NoteRequired)
                            }
                            Some(_) if note.is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) => {
                                Err(TransitionError::NoteTooLong)
                            }
                            Some((to, _, _)) => Ok(to),
                        };
                        assert_eq!(got, want, "{from:?} {action:?} by {actors:?} with note {:?}", note.map(str::len));
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 12 * Action::ALL.len() * 32 * 4);
        // Both descriptions list the same number of steps: nothing extra in the table.
        let described = ApplicationState::ALL
            .into_iter()
            .flat_map(|s| Action::ALL.into_iter().map(move |a| (s, a)))
            .filter(|(s, a)| expected(*s, *a).is_some())
            .count();
        assert_eq!(TRANSITIONS.len(), described);
    }

    #[test]
    fn available_actions_follow_the_table() {
        for state in ApplicationState::ALL {
            for actors in actor_sets() {
                let got: Vec<Action> = available_actions(state, &actors).iter().map(|t| t.action).collect();
                let want: Vec<Action> = Action::ALL
                    .into_iter()
                    .filter(|a| expected(state, *a).is_some_and(|(_, who, _)| actors.iter().any(|x| who.admits(*x))))
                    .collect();
                let mut got_sorted = got.clone();
                got_sorted.sort_by_key(|a| Action::ALL.iter().position(|x| x == a));
                assert_eq!(got_sorted, want, "{state:?} {actors:?}");
                for t in available_actions(state, &actors) {
                    assert_eq!(t.requires == Requirement::Note, expected(state, t.action).unwrap().2);
                }
            }
        }
    }

    #[test]
    fn table_shape() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            for b in &TRANSITIONS[i + 1..] {
                assert!((a.from, a.action) != (b.from, b.action), "{:?} {:?} listed twice", a.from, a.action);
            }
            if a.who.contains(&Actor::Staff) {
                assert!(a.who.contains(&Actor::Admin), "admin can do whatever staff can: {a:?}");
            }
            assert!(!a.who.contains(&Actor::Evaluator), "evaluators take no transitions: {a:?}");
            assert!(!a.who.is_empty());
        }
        use Action::*;
        for action in [Reject, MarkIneligible, RequestInfo, ApproveWithConditions] {
            assert!(TRANSITIONS.iter().filter(|t| t.action == action).all(|t| t.requires == Requirement::Note));
        }
        // Terminal states: nothing leaves them.
        for state in [ApplicationState::Rejected, ApplicationState::Closed, ApplicationState::Withdrawn] {
            assert!(TRANSITIONS.iter().all(|t| t.from != state), "{state:?}");
        }
    }

    #[test]
    fn withdrawing_after_a_decision_is_refused() {
        use ApplicationState::*;
        let owner = [Actor::Applicant];
        for state in [Draft, Submitted, Eligible, UnderReview, MoreInfoRequested] {
            assert_eq!(transition(state, Action::Withdraw, &owner, None), Ok(Withdrawn), "{state:?}");
        }
        for state in [Ineligible, Approved, ApprovedWithConditions, Rejected, Funded, Closed, Withdrawn] {
            assert_eq!(
                transition(state, Action::Withdraw, &owner, Some("ci ho ripensato")),
                Err(TransitionError::NotAllowedFromState),
                "{state:?}"
            );
        }
        assert_eq!(
            transition(Submitted, Action::Withdraw, &[Actor::Staff, Actor::Admin], None),
            Err(TransitionError::NotAllowedForActor),
            "only the applicant withdraws"
        );
    }

    #[test]
    fn actors_from_roles_and_ownership() {
        assert_eq!(actors(&[Role::Resident], true), [Actor::Applicant]);
        assert_eq!(actors(&[Role::Resident], false), []);
        assert_eq!(actors(&[Role::Resident, Role::Staff], false), [Actor::Staff]);
        assert_eq!(actors(&[Role::Evaluator, Role::Admin, Role::Evaluator], false), [Actor::Admin, Actor::Evaluator]);
        // Staff who apply are applicants on their own application, nothing more.
        let own = actors(&[Role::Resident, Role::Staff, Role::Admin], true);
        assert_eq!(own, [Actor::Applicant]);
        assert_eq!(
            transition(ApplicationState::Submitted, Action::MarkEligible, &own, None),
            Err(TransitionError::NotAllowedForActor)
        );
        let evaluator = actors(&[Role::Evaluator], false);
        for state in ApplicationState::ALL {
            assert!(available_actions(state, &evaluator).is_empty(), "{state:?}");
        }
    }

    #[test]
    fn transition_errors_map_to_api_errors() {
        assert_eq!(ApiError::from(TransitionError::NotAllowedFromState).status(), 409);
        assert_eq!(ApiError::from(TransitionError::NotAllowedForActor).status(), 403);
        assert_eq!(
            ApiError::from(TransitionError::NoteRequired),
            ApiError::validation("note", ValidationCode::Required)
        );
        assert_eq!(ApiError::from(TransitionError::NoteTooLong).status(), 422);
        assert_eq!(clean_note(Some("  motivo \n")), Some("motivo".to_owned()));
        assert_eq!(clean_note(Some("   ")), None);
        assert_eq!(clean_note(None), None);
    }

    #[test]
    fn the_applicant_sees_every_step_but_not_internal_notes() {
        let entry = |action, from, to, note: &str| AuditEntry {
            who: "Giulia (ufficio bandi)".into(),
            at: 1_800_000_000,
            action,
            from,
            to,
            note: Some(note.into()),
        };
        use ApplicationState::*;
        let history = [
            entry(Action::Submit, Draft, Submitted, "Ecco la mia idea"),
            entry(Action::MarkEligible, Submitted, Eligible, "Verificata la residenza all'anagrafe"),
            entry(Action::StartReview, Eligible, UnderReview, "Assegnata a tre valutatori"),
            entry(Action::RequestInfo, UnderReview, MoreInfoRequested, "Manca il preventivo"),
            entry(Action::Resubmit, MoreInfoRequested, Submitted, "Allegato il preventivo"),
            entry(Action::MarkEligible, Submitted, Eligible, "ok"),
            entry(Action::StartReview, Eligible, UnderReview, "ok"),
            entry(Action::ApproveWithConditions, UnderReview, ApprovedWithConditions, "Serve la partita IVA"),
            entry(Action::Fund, ApprovedWithConditions, Funded, "Mandato di pagamento n. 12"),
        ];
        let timeline = applicant_timeline(&history);
        assert_eq!(timeline.len(), history.len(), "every transition is shown");
        let notes: Vec<Option<&str>> = timeline.iter().map(|e| e.note.as_deref()).collect();
        assert_eq!(
            notes,
            [
                Some("Ecco la mia idea"),
                None,
                None,
                Some("Manca il preventivo"),
                Some("Allegato il preventivo"),
                None,
                None,
                Some("Serve la partita IVA"),
                None
            ]
        );
        assert_eq!(timeline[1].who, history[1].who);
        assert_eq!((timeline[8].from, timeline[8].to), (ApprovedWithConditions, Funded));
        for action in [Action::Reject, Action::MarkIneligible] {
            assert!(visible_to_applicant(&entry(action, UnderReview, Rejected, "motivo")).note.is_some());
        }
        for action in [Action::Approve, Action::Close, Action::MarkEligible, Action::StartReview, Action::Fund] {
            assert!(!action.note_for_applicant(), "{action:?}");
        }
        let json = serde_json::to_string(&history[3]).unwrap();
        assert!(
            json.contains(r#""action":"request_info""#) && json.contains(r#""to":"more_info_requested""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<AuditEntry>(&json).unwrap(), history[3]);
    }

    #[test]
    fn states_and_actions_are_named_in_both_languages() {
        for s in ApplicationState::ALL {
            assert_eq!(ApplicationState::parse(s.code()), Some(s));
            for text in [s.staff_text(), s.applicant_text()] {
                assert!(!text.it.is_empty() && !text.en.is_empty());
                assert_ne!(text.it, text.en, "{s:?}");
            }
            assert_ne!(s.staff_text(), s.applicant_text(), "{s:?}: the applicant gets plain language");
        }
        assert_eq!(
            ApplicationState::UnderReview.applicant_text().get(Locale::It),
            "Il comitato sta leggendo la tua idea"
        );
        for a in Action::ALL {
            assert_eq!(Action::parse(a.code()), Some(a));
            assert_ne!(a.text().it, a.text().en, "{a:?}");
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", a.code()));
        }
        for s in ApplicationState::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
        }
        assert!(ApplicationState::MoreInfoRequested.editable_by_applicant());
        assert!(!ApplicationState::Submitted.editable_by_applicant());
    }

    #[test]
    fn new_validation_codes_have_translated_messages() {
        use ValidationCode::*;
        for code in [
            ClosesBeforeOpens,
            AmountNotPositive,
            MaxOverBudget,
            WeightsSum,
            WeightZero,
            NoCriteria,
            TooManyItems,
            RequestedOverMax,
            RequestedOverTotal,
            ConsentRequired,
            TooManyFiles,
            FileTooLarge,
            AttachmentType,
            ScoreRange,
            TrancheOverGrant,
        ] {
            assert_ne!(code.text().it, code.text().en, "{code:?}");
        }
        assert!(t::V_TOO_MANY_FILES.it.contains(&MAX_ATTACHMENTS.to_string()));
        assert!(t::V_FILE_TOO_LARGE.en.contains(&(MAX_ATTACHMENT_BYTES / 1024 / 1024).to_string()));
        assert!(t::V_SCORE_RANGE.it.contains(&SCORE_MAX.to_string()));
    }

    // --- review -------------------------------------------------------------

    fn criteria() -> Vec<Criterion> {
        [("Impatto sociale", 40), ("Sostenibilità economica", 35), ("Squadra", 25)]
            .into_iter()
            .map(|(name, weight)| Criterion { name: name.into(), description: String::new(), weight })
            .collect()
    }

    fn score(criterion: usize, score: Option<u8>) -> ScoreInput {
        ScoreInput { criterion, score, comment: String::new() }
    }

    fn scored(values: [Option<u8>; 3]) -> Review {
        let input = ReviewInput {
            conflict: ConflictDeclaration::None,
            scores: values.iter().enumerate().map(|(k, v)| score(k, *v)).collect(),
        };
        input.validate(&criteria()).unwrap()
    }

    fn close_to(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn reviews_are_checked_against_the_criteria() {
        let input = ReviewInput {
            conflict: ConflictDeclaration::None,
            scores: vec![
                ScoreInput { criterion: 2, score: Some(4), comment: " Squadra solida ".into() },
                score(0, Some(5)),
                score(1, None),
            ],
        };
        let Review::Scored { scores } = input.validate(&criteria()).unwrap() else { panic!("scored") };
        assert_eq!(scores.iter().map(|s| s.criterion).collect::<Vec<_>>(), [0, 1, 2], "in criterion order");
        assert_eq!(scores[2].comment.as_deref(), Some("Squadra solida"));
        assert_eq!(scores[1], Score { criterion: 1, score: None, comment: None });

        let bad = ReviewInput {
            conflict: ConflictDeclaration::None,
            scores: vec![
                score(0, Some(6)),
                score(0, Some(3)),
                score(7, Some(3)),
                ScoreInput { criterion: 1, score: Some(2), comment: "x".repeat(COMMENT_MAX_CHARS + 1) },
            ],
        };
        assert_eq!(
            fields(bad.validate(&criteria())),
            [
                pair("scores[0].score", ValidationCode::ScoreRange),
                pair("scores[1].criterion", ValidationCode::Choice),
                pair("scores[2].criterion", ValidationCode::Choice),
                pair("scores[1].comment", ValidationCode::TooLong),
                pair("scores[2].score", ValidationCode::Required),
            ]
        );
    }

    #[test]
    fn a_conflict_of_interest_stops_scoring() {
        let conflict = ReviewInput {
            conflict: ConflictDeclaration::Conflict { reason: " È mio cugino ".into() },
            scores: vec![score(0, Some(5))],
        };
        let review = conflict.validate(&criteria()).unwrap();
        assert_eq!(review, Review::Conflict { reason: "È mio cugino".into() });
        assert_eq!(review.weighted_score(&criteria()), None);
        let no_reason = ReviewInput { conflict: ConflictDeclaration::Conflict { reason: " ".into() }, scores: vec![] };
        assert_eq!(fields(no_reason.validate(&criteria())), [pair("conflict.reason", ValidationCode::Required)]);
        let json = r#"{"conflict":{"kind":"conflict","reason":"socio"}}"#;
        let parsed: ReviewInput = serde_json::from_str(json).unwrap();
        assert_eq!(parsed.conflict, ConflictDeclaration::Conflict { reason: "socio".into() });
    }

    #[test]
    fn weighted_scores_renormalise_over_abstentions() {
        let c = criteria();
        // (40·5 + 35·3 + 25·4) / 100
        assert!(close_to(scored([Some(5), Some(3), Some(4)]).weighted_score(&c).unwrap(), 4.05));
        // Abstaining on the second criterion: (40·5 + 25·4) / 65
        assert!(close_to(scored([Some(5), None, Some(4)]).weighted_score(&c).unwrap(), 300.0 / 65.0));
        assert!(close_to(scored([None, None, Some(2)]).weighted_score(&c).unwrap(), 2.0));
        assert_eq!(scored([None, None, None]).weighted_score(&c), None);
        assert!(close_to(scored([Some(0), Some(0), Some(0)]).weighted_score(&c).unwrap(), 0.0));
        // Out-of-range indices and repeats count once at most.
        let raw = [
            Score { criterion: 0, score: Some(5), comment: None },
            Score { criterion: 0, score: Some(1), comment: None },
            Score { criterion: 9, score: Some(0), comment: None },
        ];
        assert!(close_to(weighted_score(&raw, &c).unwrap(), 5.0));
    }

    #[test]
    fn ranking_of_one_application() {
        let c = criteria();
        let reviews = [
            scored([Some(5), Some(5), Some(5)]),         // 5
            scored([Some(3), Some(3), Some(3)]),         // 3
            scored([Some(4), None, Some(4)]),            // 4
            scored([None, None, None]),                  // all abstained
            Review::Conflict { reason: "socio".into() }, // no score
        ];
        let r = Ranking::compute(&reviews, &c, 6);
        assert_eq!((r.assigned, r.submitted, r.conflicts, r.scored, r.missing), (6, 5, 1, 3, 1));
        assert!(close_to(r.mean.unwrap(), 4.0));
        assert!(close_to(r.median.unwrap(), 4.0), "odd count: the middle one");
        assert!(close_to(r.spread.unwrap(), 2.0));

        let even = Ranking::compute(&reviews[..2], &c, 2);
        assert!(close_to(even.median.unwrap(), 4.0), "even count: the mean of the two middle ones");
        assert_eq!(even.missing, 0);
        let none = Ranking::compute(&reviews[3..], &c, 3);
        assert_eq!((none.mean, none.median, none.spread, none.missing), (None, None, None, 1));
        let over = Ranking::compute(&reviews, &c, 2);
        assert_eq!(over.missing, 0, "more reviews than assigned (reassigned evaluators)");
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[2.0]), Some(2.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[1.0, 1.0, 5.0, 5.0]), Some(3.0));
        assert_eq!(mean(&[1.0, 2.0]), Some(1.5));
        assert_eq!(spread(&[3.5]), Some(0.0));
    }

    #[test]
    fn rankings_order_the_committee_list() {
        let with = |mean: Option<f64>, median: Option<f64>| Ranking {
            assigned: 3,
            submitted: 3,
            conflicts: 0,
            scored: 3,
            missing: 0,
            mean,
            median,
            spread: None,
        };
        let mut list =
            [with(None, None), with(Some(3.0), Some(3.0)), with(Some(4.2), Some(4.0)), with(Some(4.2), Some(4.5))];
        list.sort_by(Ranking::order);
        let order: Vec<_> = list.iter().map(|r| (r.mean, r.median)).collect();
        assert_eq!(order, [(Some(4.2), Some(4.5)), (Some(4.2), Some(4.0)), (Some(3.0), Some(3.0)), (None, None)]);
    }

    #[test]
    fn scores_are_shown_with_one_decimal() {
        assert_eq!(format_score(3.25, Locale::It), "3,3");
        assert_eq!(format_score(3.25, Locale::En), "3.3");
        assert_eq!(format_score(4.05, Locale::En), "4.1");
        assert_eq!(format_score(300.0 / 65.0, Locale::It), "4,6");
        assert_eq!(format_score(5.0, Locale::It), "5,0");
        assert_eq!(format_score(0.0, Locale::En), "0.0");
    }

    // --- letters ------------------------------------------------------------

    #[test]
    fn letters_fill_their_placeholders() {
        let template =
            "Gentile {{nome}},\nla tua idea «{{ idea }}» è stata approvata per {{importo}}.\n{{nome}}, a presto!";
        let letter = render_letter(
            template,
            &[("nome", "Anna Rossi"), ("idea", "Bottega del riuso"), ("importo", "6.000,00 €")],
        )
        .unwrap();
        assert_eq!(
            letter,
            "Gentile Anna Rossi,\nla tua idea «Bottega del riuso» è stata approvata per 6.000,00 €.\nAnna Rossi, a presto!"
        );
        assert_eq!(render_letter("Nessun segnaposto { } }}", &[]), Ok("Nessun segnaposto { } }}".into()));
        // A value is never read again as a template.
        assert_eq!(render_letter("{{nome}}", &[("nome", "{{importo}}")]), Ok("{{importo}}".into()));
    }

    #[test]
    fn unknown_placeholders_are_listed_before_sending() {
        let err = render_letter("Gentile {{nmoe}}, {{idea}} {{nmoe}} {{importo}}", &[("idea", "x")]).unwrap_err();
        assert_eq!(err.unknown, ["nmoe", "importo"], "in order, once each");
        assert_eq!(err.unclosed_line, None);
        assert!(err.message(Locale::It).contains("{{nmoe}}, {{importo}}"), "{}", err.message(Locale::It));
        assert!(err.message(Locale::En).starts_with("Unknown placeholders:"));

        let err = render_letter("Riga uno\nGentile {{nome,\n{{idea}} e {{boh}}", &[("idea", "x"), ("nome", "y")])
            .unwrap_err();
        assert_eq!(err.unclosed_line, Some(2));
        assert_eq!(err.unknown, ["boh"]);
        assert!(err.message(Locale::En).ends_with("on line 2"));
        assert_eq!(render_letter("fine {{", &[]).unwrap_err().unclosed_line, Some(1));
    }

    // --- follow-up ----------------------------------------------------------

    #[test]
    fn milestones() {
        let input = MilestoneInput {
            title: "Apertura del laboratorio".into(),
            description: String::new(),
            due_on: "2027-09-01".into(),
            done_on: String::new(),
        };
        let m = input.validate().unwrap();
        assert_eq!(m.due_on, chrono::NaiveDate::from_ymd_opt(2027, 9, 1).unwrap());
        assert_eq!(m.done_on, None);
        let bad = MilestoneInput { title: String::new(), due_on: "01/09/2027".into(), done_on: "ieri".into(), ..input };
        assert_eq!(
            fields(bad.validate()),
            [
                pair("title", ValidationCode::Required),
                pair("due_on", ValidationCode::Date),
                pair("done_on", ValidationCode::Date)
            ]
        );
    }

    #[test]
    fn tranches_never_exceed_the_grant() {
        let granted = Cents(600_000);
        let remaining = grant_remaining(granted, &[Cents(300_000), Cents(200_000)]);
        assert_eq!(remaining, Cents(100_000));
        let input = TrancheInput {
            amount: AmountInput::Text("1.000".into()),
            due_on: "2027-10-01".into(),
            paid_on: "2027-10-03".into(),
            note: String::new(),
        };
        let tranche = input.validate(remaining, Locale::It).unwrap();
        assert_eq!(tranche.amount, Cents(100_000));
        assert!(tranche.paid_on.is_some());
        let over = TrancheInput { amount: AmountInput::Cents(100_001), ..input.clone() };
        assert_eq!(fields(over.validate(remaining, Locale::It)), [pair("amount", ValidationCode::TrancheOverGrant)]);
        let zero = TrancheInput { amount: AmountInput::Cents(0), due_on: String::new(), ..input };
        assert_eq!(
            fields(zero.validate(remaining, Locale::It)),
            [pair("amount", ValidationCode::AmountNotPositive), pair("due_on", ValidationCode::Required)]
        );
    }

    #[test]
    fn mentoring_and_status_checks() {
        let meeting = MentoringInput {
            held_on: "2027-11-12".into(),
            mentor: "Paolo Verdi".into(),
            topic: "Piano dei prezzi".into(),
            notes: "Rivedere i margini.".into(),
        };
        assert_eq!(meeting.validate().unwrap().mentor, "Paolo Verdi");
        let empty = MentoringInput::default();
        assert_eq!(
            fields(empty.validate()),
            [
                pair("held_on", ValidationCode::Required),
                pair("mentor", ValidationCode::Required),
                pair("topic", ValidationCode::Required)
            ]
        );
        let check = StatusCheckInput {
            checkpoint: "twelve_months".into(),
            checked_on: "2028-09-15".into(),
            active: true,
            people_working: 3,
            notes: String::new(),
        };
        let c = check.validate().unwrap();
        assert_eq!((c.checkpoint, c.people_working, c.active), (Checkpoint::TwelveMonths, 3, true));
        let wrong = StatusCheckInput { checkpoint: "18".into(), ..check };
        assert_eq!(fields(wrong.validate()), [pair("checkpoint", ValidationCode::Choice)]);
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(Checkpoint::SixMonths.due_on(d(2027, 8, 31)), d(2028, 2, 29), "end of a shorter month");
        assert_eq!(Checkpoint::TwentyFourMonths.due_on(d(2027, 9, 15)), d(2029, 9, 15));
        for c in Checkpoint::ALL {
            assert_eq!(Checkpoint::parse(c.code()), Some(c));
            assert_ne!(c.text().it, c.text().en);
        }
    }

    // --- API read models and requests ---------------------------------------

    fn decision(action: Option<Action>, template: &str) -> DecisionInput {
        DecisionInput { action, letter_template: template.into(), ..DecisionInput::default() }
    }

    #[test]
    fn decisions_need_a_known_action_and_a_letter() {
        let ok = decision(Some(Action::Approve), "Cara {{nome}}, {{ idea }} riceve {{importo}}.")
            .validate(Cents(500_000), Locale::It)
            .unwrap();
        assert_eq!((ok.action, ok.granted), (Action::Approve, Some(Cents(500_000))), "granted defaults to requested");
        assert_eq!(
            fields(decision(Some(Action::Submit), "{{nomee}}").validate(Cents(1), Locale::It)),
            [pair("action", ValidationCode::Choice), pair("letter_template", ValidationCode::LetterPlaceholder)]
        );
        assert_eq!(
            fields(decision(None, " ").validate(Cents(1), Locale::It)),
            [pair("action", ValidationCode::Required), pair("letter_template", ValidationCode::Required)]
        );
        let over = DecisionInput { granted: AmountInput::Cents(500_001), ..decision(Some(Action::Approve), "ok") };
        assert_eq!(
            fields(over.validate(Cents(500_000), Locale::It)),
            [pair("granted", ValidationCode::GrantOverRequested)]
        );
        let less =
            DecisionInput { granted: AmountInput::Text("4.000".into()), ..decision(Some(Action::Approve), "ok") };
        assert_eq!(less.validate(Cents(500_000), Locale::It).unwrap().granted, Some(Cents(400_000)));
    }

    #[test]
    fn a_rejection_carries_feedback_and_a_next_step() {
        let bare = decision(Some(Action::Reject), "Ci dispiace, {{nome}}. {{motivazione}}");
        assert_eq!(
            fields(bare.validate(Cents(1), Locale::It)),
            [pair("feedback", ValidationCode::Required), pair("next_step", ValidationCode::Required)]
        );
        let full = DecisionInput {
            note: " Budget poco chiaro ".into(),
            feedback: "Dettaglia i costi.".into(),
            next_step: "Partecipa al laboratorio di Crema.".into(),
            granted: AmountInput::Cents(999_999_999),
            ..bare
        };
        let ok = full.validate(Cents(1), Locale::It).unwrap();
        assert_eq!(ok.granted, None, "nothing is granted on a rejection");
        assert_eq!(ok.note.as_deref(), Some("Budget poco chiaro"));
        assert_eq!(ok.next_step.as_deref(), Some("Partecipa al laboratorio di Crema."));
    }

    #[test]
    fn decision_letters_are_filled_in_the_applicant_language() {
        let data = LetterData {
            name: "Rita",
            idea: "Bottega",
            call: "Idee 2027",
            amount: Some(Cents(1_234_500)),
            motivation: "Ottimo piano.",
            date: 1_800_000_000,
        };
        let letter = decision_letter("{{nome}}: {{idea}} ({{bando}}), {{importo}}. {{motivazione}}", &data, Locale::It);
        assert_eq!(
            letter.unwrap(),
            format!("Rita: Bottega (Idee 2027), {}. Ottimo piano.", Cents(1_234_500).format(Locale::It))
        );
        assert!(decision_letter("{{data}}", &data, Locale::It).unwrap().contains("2027"));
        assert!(decision_letter("{{cognome}}", &data, Locale::It).is_err());
    }

    #[test]
    fn the_timeline_speaks_plainly_to_the_applicant() {
        let entry = |action, from, to, note: Option<&str>| AuditEntry {
            who: "Stefano".into(),
            at: 1,
            action,
            from,
            to,
            note: note.map(str::to_owned),
        };
        let entries = [
            entry(Action::Submit, ApplicationState::Draft, ApplicationState::Submitted, None),
            entry(Action::MarkEligible, ApplicationState::Submitted, ApplicationState::Eligible, Some("interno")),
        ];
        let mine = timeline(&entries, true, Locale::It);
        assert_eq!(mine[1].state_label, ApplicationState::Eligible.applicant_text().it);
        assert_eq!(mine[1].entry.note, None, "internal notes stay internal");
        let staff = timeline(&entries, false, Locale::En);
        assert_eq!(staff[1].state_label, "Eligible");
        assert_eq!(staff[1].entry.note.as_deref(), Some("interno"));
    }

    #[test]
    fn uploaded_names_are_only_shown_and_cleaned() {
        assert_eq!(display_file_name("C:\\Users\\rita\\piano.pdf"), "piano.pdf");
        assert_eq!(display_file_name("../../etc/passwd"), "passwd");
        assert_eq!(display_file_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(display_file_name(""), "allegato");
        assert_eq!(display_file_name(&"x".repeat(300)).chars().count(), 200);
    }

    #[test]
    fn action_options_label_the_buttons() {
        let options = ActionOption::list(ApplicationState::Submitted, &[Actor::Staff], Locale::It);
        let actions: Vec<Action> = options.iter().map(|o| o.action).collect();
        assert_eq!(actions, [Action::MarkEligible, Action::MarkIneligible, Action::RequestInfo]);
        assert!(options[1].requires_note && !options[0].requires_note);
        assert_eq!(options[0].label, "Segna come ammissibile");
    }

    proptest! {
        #[test]
        fn median_and_mean_lie_between_min_and_max(values in proptest::collection::vec(0.0f64..=5.0, 1..20)) {
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let median = median(&values).unwrap();
            let mean = mean(&values).unwrap();
            prop_assert!(min <= median && median <= max);
            prop_assert!(min - 1e-9 <= mean && mean <= max + 1e-9);
            prop_assert!((spread(&values).unwrap() - (max - min)).abs() < 1e-12);
        }

        #[test]
        fn weighted_scores_stay_on_the_scale(
            weights in proptest::collection::vec(1u8..=100, 1..8),
            marks in proptest::collection::vec(proptest::option::of(0u8..=SCORE_MAX), 8),
        ) {
            let criteria: Vec<Criterion> =
                weights.iter().map(|w| Criterion { name: "c".into(), description: String::new(), weight: *w }).collect();
            let scores: Vec<Score> = criteria
                .iter()
                .enumerate()
                .map(|(k, _)| Score { criterion: k, score: marks[k], comment: None })
                .collect();
            let all_abstained = scores.iter().all(|s| s.score.is_none());
            match weighted_score(&scores, &criteria) {
                None => prop_assert!(all_abstained),
                Some(w) => {
                    prop_assert!(!all_abstained);
                    prop_assert!((0.0..=f64::from(SCORE_MAX)).contains(&w), "{}", w);
                    let lo = scores.iter().filter_map(|s| s.score).min().unwrap();
                    let hi = scores.iter().filter_map(|s| s.score).max().unwrap();
                    prop_assert!(f64::from(lo) - 1e-9 <= w && w <= f64::from(hi) + 1e-9);
                }
            }
        }

        #[test]
        fn sniffing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), zip_prefix in any::<bool>()) {
            let mut input = if zip_prefix { b"PK\x03\x04".to_vec() } else { Vec::new() };
            input.extend_from_slice(&bytes);
            let _ = sniff_attachment(&input);
        }

        #[test]
        fn letters_without_braces_come_back_unchanged(text in "[^{}]{0,200}") {
            prop_assert_eq!(render_letter(&text, &[("nome", "Anna")]), Ok(text.clone()));
        }

        #[test]
        fn draft_validation_never_panics(title in ".{0,200}", amount in ".{0,15}", lines in proptest::collection::vec((".{0,10}", ".{0,10}"), 0..5)) {
            let input = ApplicationInput {
                idea_title: title,
                requested: AmountInput::Text(amount),
                budget_lines: lines.iter().map(|(i, a)| budget_line(i, a)).collect(),
                ..ApplicationInput::default()
            };
            if let Ok(draft) = input.validate_draft(Locale::It) {
                let sum: i64 = draft.budget_lines.iter().filter_map(|l| l.amount).map(|c| c.0).sum();
                prop_assert_eq!(draft.budget_total, Cents(sum));
            }
        }
    }
}
