//! Fundraising: campaigns, gifts and their state machine, payment methods,
//! the codice fiscale, payment references and receipt numbers.

use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::i18n::{t, Locale, Text};
use crate::money::Cents;
use crate::people::{single_line, Email};
use serde::{Deserialize, Serialize};

/// A URL-safe campaign identifier: lower-case letters, digits and dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Slug, ValidationCode> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ValidationCode::Required);
        }
        let ok = s.len() <= 80
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(ValidationCode::Slug)
        }
    }

    /// A slug from a title: `Banca dell'acqua 2026` → `banca-dell-acqua-2026`.
    pub fn from_title(title: &str) -> Option<Slug> {
        let mut out = String::new();
        for c in title.to_lowercase().chars() {
            let c = match c {
                'à' | 'á' | 'â' | 'ä' => 'a',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ò' | 'ó' | 'ô' | 'ö' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                c => c,
            };
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let out: String = out.trim_end_matches('-').chars().take(80).collect();
        Slug::parse(out.trim_end_matches('-')).ok()
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// An Italian codice fiscale: 16 characters for people (with the check
/// letter, omocodia allowed) or 11 digits for organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxCode(String);

const ODD: [u32; 26] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

impl TaxCode {
    pub fn parse(raw: &str) -> Result<TaxCode, ValidationCode> {
        let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if s.is_empty() {
            return Err(ValidationCode::Required);
        }
        let valid = match s.len() {
            16 => Self::person_ok(&s),
            11 => Self::organisation_ok(&s),
            _ => false,
        };
        if valid {
            Ok(TaxCode(s))
        } else {
            Err(ValidationCode::TaxCode)
        }
    }

    fn person_ok(s: &str) -> bool {
        let b = s.as_bytes();
        // Letters where the format has letters; digits (or omocodia letters) elsewhere.
        const OMOCODIA: &[u8] = b"LMNPQRSTUV";
        let shape_ok = b.iter().enumerate().all(|(i, &c)| match i {
            0..=5 | 8 | 11 | 15 => c.is_ascii_uppercase(),
            _ => c.is_ascii_digit() || OMOCODIA.contains(&c),
        }) && b"ABCDEHLMPRST".contains(&b[8]);
        if !shape_ok {
            return false;
        }
        let value = |c: u8| -> (u32, u32) {
            // (value at an odd position, value at an even position), 1-based
            if c.is_ascii_digit() {
                (ODD[(c - b'0') as usize], (c - b'0') as u32)
            } else {
                (ODD[(c - b'A') as usize], (c - b'A') as u32)
            }
        };
        let sum: u32 = b[..15].iter().enumerate().map(|(i, &c)| if i % 2 == 0 { value(c).0 } else { value(c).1 }).sum();
        b[15] == b'A' + (sum % 26) as u8
    }

    fn organisation_ok(s: &str) -> bool {
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
        let d: Vec<u32> = s.bytes().map(|c| (c - b'0') as u32).collect();
        let sum: u32 = d[..10]
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                if i % 2 == 0 {
                    x
                } else if x * 2 > 9 {
                    x * 2 - 9
                } else {
                    x * 2
                }
            })
            .sum();
        (10 - sum % 10) % 10 == d[10]
    }
}

impl AsRef<str> for TaxCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentMethod {
    BankTransfer,
    Card,
    Cash,
    Cheque,
    InKind,
}

impl PaymentMethod {
    /// What a donor chooses on the giving form.
    pub const ONLINE: [PaymentMethod; 2] = [PaymentMethod::BankTransfer, PaymentMethod::Card];
    pub const ALL: [PaymentMethod; 5] = [
        PaymentMethod::BankTransfer,
        PaymentMethod::Card,
        PaymentMethod::Cash,
        PaymentMethod::Cheque,
        PaymentMethod::InKind,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Card => "card",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::InKind => "in_kind",
        }
    }

    pub fn parse(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Methods a donor chooses online; the others are recorded by staff.
    pub fn is_online(self) -> bool {
        matches!(self, PaymentMethod::BankTransfer | PaymentMethod::Card)
    }

    /// Art. 83 D.Lgs. 117/2017 requires a traceable payment: cash is not
    /// deductible.
    pub fn tax_deductible(self) -> bool {
        !matches!(self, PaymentMethod::Cash)
    }

    pub fn text(self) -> Text {
        match self {
            PaymentMethod::BankTransfer => t::METHOD_BANK_TRANSFER,
            PaymentMethod::Card => t::METHOD_CARD,
            PaymentMethod::Cash => t::METHOD_CASH,
            PaymentMethod::Cheque => t::METHOD_CHEQUE,
            PaymentMethod::InKind => t::METHOD_IN_KIND,
        }
    }
}

/// A gift's life: pledged (a bank transfer announced), received (money in,
/// receipt issued), refunded (reversed in the ledger, receipt cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DonationStatus {
    Pledged,
    Received,
    Refunded,
}

impl DonationStatus {
    pub fn code(self) -> &'static str {
        match self {
            DonationStatus::Pledged => "pledged",
            DonationStatus::Received => "received",
            DonationStatus::Refunded => "refunded",
        }
    }

    pub fn text(self) -> Text {
        match self {
            DonationStatus::Pledged => t::STATUS_PLEDGED,
            DonationStatus::Received => t::STATUS_RECEIVED,
            DonationStatus::Refunded => t::STATUS_REFUNDED,
        }
    }

    pub fn parse(code: &str) -> Option<DonationStatus> {
        [DonationStatus::Pledged, DonationStatus::Received, DonationStatus::Refunded]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What can happen to a gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DonationEvent {
    /// Staff confirm a transfer, or the payment provider reports a payment.
    Receive,
    Refund,
}

/// The gift state machine, in one place: `Some(next)` when allowed.
pub fn donation_transition(from: DonationStatus, event: DonationEvent) -> Option<DonationStatus> {
    use DonationEvent::*;
    use DonationStatus::*;
    match (from, event) {
        (Pledged, Receive) => Some(Received),
        (Received, Refund) => Some(Refunded),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CampaignStatus {
    Draft,
    Published,
    Closed,
}

impl CampaignStatus {
    pub fn code(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Published => "published",
            CampaignStatus::Closed => "closed",
        }
    }

    pub fn text(self) -> Text {
        match self {
            CampaignStatus::Draft => t::STATUS_DRAFT,
            CampaignStatus::Published => t::STATUS_PUBLISHED,
            CampaignStatus::Closed => t::STATUS_CLOSED,
        }
    }

    pub fn parse(code: &str) -> Option<CampaignStatus> {
        [CampaignStatus::Draft, CampaignStatus::Published, CampaignStatus::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A progressive receipt number within its calendar year: `2026/000042`.
pub fn receipt_number(year: i32, number: i64) -> String {
    format!("{year}/{number:06}")
}

/// A payment reference for bank transfers: `LGM-` and eight characters from
/// an alphabet without look-alikes, the last a check character, so a typo in
/// a transfer's description is caught when matching.
pub fn payment_reference(random: [u8; 7]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let body: String = random.iter().map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char).collect();
    let check = reference_check(&body);
    format!("LGM-{body}{check}")
}

/// Luhn mod 32 over the alphabet: detects every single-character typo.
fn reference_check(body: &str) -> char {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let n = ALPHABET.len();
    let mut factor = 2;
    let mut sum = 0;
    for b in body.bytes().rev() {
        let code = ALPHABET.iter().position(|&a| a == b).unwrap_or(0);
        let addend = factor * code;
        sum += addend / n + addend % n;
        factor = if factor == 2 { 1 } else { 2 };
    }
    ALPHABET[(n - sum % n) % n] as char
}

/// Finds a well-formed payment reference in free text (a bank statement's
/// description), ignoring case and spaces.
pub fn find_payment_reference(text: &str) -> Option<String> {
    let up: String = text.to_uppercase();
    let mut rest = up.as_str();
    while let Some(pos) = rest.find("LGM") {
        let candidate: String = rest[pos + 3..].chars().filter(|c| *c != '-' && *c != ' ').take(8).collect();
        if candidate.len() == 8 {
            let (body, check) = candidate.split_at(7);
            if reference_check(body).to_string() == check {
                return Some(format!("LGM-{candidate}"));
            }
        }
        rest = &rest[pos + 3..];
    }
    None
}

pub const MESSAGE_MAX_CHARS: usize = 500;
pub const NAME_MAX_CHARS: usize = 120;
pub const MIN_GIFT: Cents = Cents(100);

/// A gift as the API receives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftRequest {
    pub amount_cents: i64,
    pub donor_name: String,
    pub email: String,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub message: String,
    pub method: String,
    #[serde(default)]
    pub tax_code: Option<String>,
}

/// A gift that passed every rule.
#[derive(Debug, Clone)]
pub struct Gift {
    pub amount: Cents,
    pub donor_name: String,
    pub email: Email,
    pub anonymous: bool,
    pub message: Option<String>,
    pub method: PaymentMethod,
    pub tax_code: Option<TaxCode>,
}

pub fn parse_amount(cents: i64, max: Cents) -> Result<Cents, ValidationCode> {
    if cents < MIN_GIFT.0 {
        Err(ValidationCode::AmountTooSmall)
    } else if cents > max.0 {
        Err(ValidationCode::AmountTooLarge)
    } else {
        Ok(Cents(cents))
    }
}

/// A donor's message: shown as text, at most 500 characters, no control
/// characters except line breaks.
pub fn parse_message(raw: &str) -> Result<Option<String>, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > MESSAGE_MAX_CHARS {
        Err(ValidationCode::TooLong)
    } else if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        Err(ValidationCode::ControlChars)
    } else {
        Ok(Some(s.to_owned()))
    }
}

impl GiftRequest {
    /// Validates a donor's gift (online methods only); `max` comes from settings.
    pub fn parse(&self, max: Cents) -> Result<Gift, ApiError> {
        let mut errs = FieldErrors::default();
        let amount = errs.check("amount_cents", parse_amount(self.amount_cents, max));
        let donor_name = errs.check("donor_name", single_line(&self.donor_name, NAME_MAX_CHARS));
        let email = errs.check("email", Email::parse(&self.email));
        let message = errs.check("message", parse_message(&self.message));
        let method = errs.check(
            "method",
            PaymentMethod::parse(&self.method).filter(|m| m.is_online()).ok_or(ValidationCode::Method),
        );
        let tax_code = errs.check(
            "tax_code",
            match self.tax_code.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(code) => TaxCode::parse(code).map(Some),
            },
        );
        errs.finish(|| {
            Some(Gift {
                amount: amount?,
                donor_name: donor_name?,
                email: email?,
                anonymous: self.anonymous,
                message: message?,
                method: method?,
                tax_code: tax_code?,
            })
        })
    }
}

/// How a donor's name appears on the public wall.
pub fn wall_name(donor_name: &str, anonymous: bool, locale: Locale) -> String {
    if anonymous {
        t::ANONYMOUS.get(locale).to_owned()
    } else {
        donor_name.to_owned()
    }
}

/// A campaign as the public sees it; every figure derived from the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignSummary {
    pub slug: String,
    pub title: String,
    pub story: String,
    pub fund: String,
    pub status: CampaignStatus,
    pub goal_cents: i64,
    pub raised_cents: i64,
    pub spent_cents: i64,
    /// Gifts received and not refunded.
    pub donors: i64,
    /// `YYYY-MM-DD`, Europe/Rome.
    pub starts_on: String,
    pub ends_on: String,
    /// Days until the end date, counting today (Europe/Rome); 0 once ended.
    pub days_left: i64,
    /// The end date has passed (Europe/Rome): no new gifts, whatever the status.
    #[serde(default)]
    pub ended: bool,
}

impl CampaignSummary {
    /// Whole percent of the goal raised, not capped (a campaign may exceed it).
    pub fn percent(&self) -> i64 {
        if self.goal_cents <= 0 {
            0
        } else {
            self.raised_cents.max(0) * 100 / self.goal_cents
        }
    }

    /// Whether the giving form is offered: published and not past its end.
    /// (`ended` holds `gift_window`'s date comparison, made when the summary was built.)
    pub fn takes_gifts(&self) -> bool {
        self.status == CampaignStatus::Published && !self.ended
    }

    /// Days left until the end date, counting today; 0 once ended.
    pub fn days_left_on(&self, today: &str) -> i64 {
        let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        match (parse(today), parse(&self.ends_on)) {
            (Some(t), Some(e)) => ((e - t).num_days() + 1).max(0),
            _ => 0,
        }
    }
}

/// Whether a campaign takes a new gift on `today` (`YYYY-MM-DD`, Europe/Rome):
/// only when published and not past its end date (the end day included).
/// Pledges made before the end may still be confirmed: this rule is for new
/// gifts only.
pub fn gift_window(status: CampaignStatus, ends_on: &str, today: &str) -> Result<(), ApiError> {
    match status {
        CampaignStatus::Published if !has_ended(ends_on, today) => Ok(()),
        CampaignStatus::Published => Err(ApiError::CampaignEnded),
        _ => Err(ApiError::CampaignClosed),
    }
}

/// Past the end date (both `YYYY-MM-DD`, Europe/Rome; ISO dates compare as text).
pub fn has_ended(ends_on: &str, today: &str) -> bool {
    today > ends_on
}

/// Card giving needs a provider that can take the payment (Stripe, or the
/// development checkout outside production); without one only bank
/// transfers are offered, and a card gift is refused on its `method`.
pub fn method_offered(method: PaymentMethod, card_offered: bool) -> Result<(), ValidationCode> {
    match method {
        PaymentMethod::Card if !card_offered => Err(ValidationCode::CardUnavailable),
        _ => Ok(()),
    }
}

/// One line of the donor wall: a name (or "Anonimo") and a message, as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WallEntry {
    pub name: String,
    pub message: Option<String>,
    pub received_at: i64,
}

/// Total received per day, for the chart of gifts over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyTotal {
    pub day: String,
    pub cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignPage {
    pub campaign: CampaignSummary,
    pub wall: Vec<WallEntry>,
    pub daily: Vec<DailyTotal>,
    /// What the money was spent on (documents are for staff only).
    pub expenses: Vec<ExpenseRow>,
    /// Whether card giving is offered (a payment provider is configured).
    #[serde(default)]
    pub card_giving: bool,
}

/// What the giver learns after giving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiftCreated {
    pub id: i64,
    pub status: DonationStatus,
    pub amount_cents: i64,
    pub method: PaymentMethod,
    pub payment_reference: String,
    /// Bank transfers: where to send the money.
    pub iban: Option<String>,
    pub beneficiary: Option<String>,
    /// Card: the provider's hosted checkout page.
    pub checkout_url: Option<String>,
}

/// A gift as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonationRow {
    pub id: i64,
    pub campaign_slug: String,
    pub amount_cents: i64,
    pub donor_name: String,
    pub email: String,
    pub anonymous: bool,
    pub method: PaymentMethod,
    pub status: DonationStatus,
    pub payment_reference: String,
    pub created_at: i64,
    pub received_at: Option<i64>,
    pub receipt: Option<String>,
    pub receipt_cancelled: bool,
    /// Staff's note on a gift recorded by hand (cheque number, what was
    /// given in kind): staff only, never on the public wall.
    #[serde(default)]
    pub staff_note: Option<String>,
    /// The donor asked for erasure: the gift is an anonymous amount.
    #[serde(default)]
    pub erased: bool,
}

/// A fund that campaigns raise money for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fund {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// Which campaign status changes staff may make: publish a draft, close a
/// published campaign, reopen a closed one.
pub fn campaign_transition_allowed(from: CampaignStatus, to: CampaignStatus) -> bool {
    use CampaignStatus::*;
    matches!((from, to), (Draft, Published) | (Published, Closed) | (Closed, Published))
}

/// A date as `YYYY-MM-DD`.
pub fn parse_date(raw: &str) -> Result<chrono::NaiveDate, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(ValidationCode::Required);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ValidationCode::Date)
}

/// A campaign as staff write it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignInput {
    pub title: String,
    /// Derived from the title when empty.
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub story: String,
    pub fund_id: i64,
    pub goal_cents: i64,
    /// `YYYY-MM-DD`
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`.
    pub ends_on: String,
}

#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub title: String,
    pub slug: Slug,
    pub story: String,
    pub fund_id: i64,
    pub goal: Cents,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
}

pub const STORY_MAX_CHARS: usize = 20_000;

impl CampaignInput {
    pub fn parse(&self) -> Result<NewCampaign, ApiError> {
        let mut errs = FieldErrors::default();
        let title = errs.check("title", single_line(&self.title, 120));
        let slug = errs.check(
            "slug",
            if self.slug.trim().is_empty() {
                Slug::from_title(&self.title).ok_or(ValidationCode::Slug)
            } else {
                Slug::parse(&self.slug)
            },
        );
        let story = errs.check(
            "story",
            if self.story.chars().count() > STORY_MAX_CHARS {
                Err(ValidationCode::TooLong)
            } else {
                Ok(self.story.trim().to_owned())
            },
        );
        let fund_id =
            errs.check("fund_id", if self.fund_id > 0 { Ok(self.fund_id) } else { Err(ValidationCode::Required) });
        let goal = errs.check(
            "goal_cents",
            if self.goal_cents >= 100 { Ok(Cents(self.goal_cents)) } else { Err(ValidationCode::AmountTooSmall) },
        );
        let starts_on = errs.check("starts_on", parse_date(&self.starts_on));
        let ends_on = errs.check(
            "ends_on",
            parse_date(&self.ends_on).and_then(|e| match parse_date(&self.starts_on) {
                Ok(s) if e < s => Err(ValidationCode::EndBeforeStart),
                _ => Ok(e),
            }),
        );
        errs.finish(|| {
            Some(NewCampaign {
                title: title?,
                slug: slug?,
                story: story?,
                fund_id: fund_id?,
                goal: goal?,
                starts_on: starts_on?,
                ends_on: ends_on?,
            })
        })
    }
}

/// A gift staff record by hand: cash, cheque or in kind (at a stated value).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineGiftRequest {
    pub amount_cents: i64,
    pub donor_name: String,
    /// Where to send the receipt; may be empty for cash.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub anonymous: bool,
    /// `cash`, `cheque` or `in_kind`.
    pub method: String,
    #[serde(default)]
    pub tax_code: Option<String>,
    /// What was given, for in-kind gifts; the cheque number; any note.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct OfflineGift {
    pub amount: Cents,
    pub donor_name: String,
    pub email: Option<Email>,
    pub anonymous: bool,
    pub method: PaymentMethod,
    pub tax_code: Option<TaxCode>,
    pub note: Option<String>,
}

impl OfflineGiftRequest {
    pub fn parse(&self, max: Cents) -> Result<OfflineGift, ApiError> {
        let mut errs = FieldErrors::default();
        let amount = errs.check("amount_cents", parse_amount(self.amount_cents, max));
        let donor_name = errs.check("donor_name", single_line(&self.donor_name, NAME_MAX_CHARS));
        let email = errs
            .check("email", if self.email.trim().is_empty() { Ok(None) } else { Email::parse(&self.email).map(Some) });
        let method = errs.check(
            "method",
            PaymentMethod::parse(&self.method).filter(|m| !m.is_online()).ok_or(ValidationCode::Method),
        );
        let tax_code = errs.check(
            "tax_code",
            match self.tax_code.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(code) => TaxCode::parse(code).map(Some),
            },
        );
        let note = errs.check("note", parse_message(&self.note));
        let in_kind_needs_note = method == Some(PaymentMethod::InKind) && note.as_ref().is_some_and(|n| n.is_none());
        if in_kind_needs_note {
            errs.check::<()>("note", Err(ValidationCode::Required));
        }
        errs.finish(|| {
            Some(OfflineGift {
                amount: amount?,
                donor_name: donor_name?,
                email: email?,
                anonymous: self.anonymous,
                method: method?,
                tax_code: tax_code?,
                note: note?,
            })
        })
    }
}

/// What money was spent on, for the funder report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExpenseCategory {
    /// Utility bills paid for families (the water bank).
    Bills,
    Goods,
    Services,
    Staff,
    Other,
}

impl ExpenseCategory {
    pub const ALL: [ExpenseCategory; 5] = [
        ExpenseCategory::Bills,
        ExpenseCategory::Goods,
        ExpenseCategory::Services,
        ExpenseCategory::Staff,
        ExpenseCategory::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExpenseCategory::Bills => "bills",
            ExpenseCategory::Goods => "goods",
            ExpenseCategory::Services => "services",
            ExpenseCategory::Staff => "staff",
            ExpenseCategory::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<ExpenseCategory> {
        ExpenseCategory::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            ExpenseCategory::Bills => t::EXP_BILLS,
            ExpenseCategory::Goods => t::EXP_GOODS,
            ExpenseCategory::Services => t::EXP_SERVICES,
            ExpenseCategory::Staff => t::EXP_STAFF,
            ExpenseCategory::Other => t::EXP_OTHER,
        }
    }
}

/// An expense as staff record it (the attachment travels separately).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseInput {
    pub amount_cents: i64,
    /// `YYYY-MM-DD`
    pub spent_on: String,
    pub category: String,
    pub supplier: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct NewExpense {
    pub amount: Cents,
    pub spent_on: chrono::NaiveDate,
    pub category: ExpenseCategory,
    pub supplier: String,
    pub description: Option<String>,
}

impl ExpenseInput {
    pub fn parse(&self) -> Result<NewExpense, ApiError> {
        let mut errs = FieldErrors::default();
        let amount = errs.check(
            "amount_cents",
            if self.amount_cents > 0 { Ok(Cents(self.amount_cents)) } else { Err(ValidationCode::Amount) },
        );
        let spent_on = errs.check("spent_on", parse_date(&self.spent_on));
        let category = errs.check("category", ExpenseCategory::parse(&self.category).ok_or(ValidationCode::Required));
        let supplier = errs.check("supplier", single_line(&self.supplier, NAME_MAX_CHARS));
        let description = errs.check("description", parse_message(&self.description));
        errs.finish(|| {
            Some(NewExpense {
                amount: amount?,
                spent_on: spent_on?,
                category: category?,
                supplier: supplier?,
                description: description?,
            })
        })
    }
}

/// An expense as the public sees it on the campaign page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpenseRow {
    pub id: i64,
    pub amount_cents: i64,
    pub spent_on: String,
    pub category: ExpenseCategory,
    pub supplier: String,
    pub description: Option<String>,
    pub has_attachment: bool,
}

/// One line of a bank statement: what the bank says arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementLine {
    /// 1-based line number in the file, to point people at it.
    pub line: usize,
    /// `YYYY-MM-DD`
    pub date: String,
    pub amount_cents: i64,
    pub description: String,
}

/// A line that could not be read, with its number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementProblem {
    pub line: usize,
    pub code: ValidationCode,
}

/// Reads a bank statement CSV with columns date, amount, description
/// (reference), in that order; separated by `;` or `,` (guessed from the
/// first line); dates `YYYY-MM-DD` or `DD/MM/YYYY`; amounts in Italian
/// (`1.234,56`) or plain (`1234.56`) form; an optional header line. Debits
/// (negative amounts) are skipped: only money in can match a gift.
pub fn parse_statement(text: &str) -> (Vec<StatementLine>, Vec<StatementProblem>) {
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() >= first.matches(',').count() && first.contains(';') { ';' } else { ',' };
    let (mut lines, mut problems) = (Vec::new(), Vec::new());
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let cols: Vec<String> = split_csv(raw, sep);
        if cols.len() < 3 {
            problems.push(StatementProblem { line: n, code: ValidationCode::Required });
            continue;
        }
        let date = parse_statement_date(&cols[0]);
        let amount = parse_statement_amount(&cols[1]);
        match (date, amount) {
            (Some(date), Some(cents)) if cents > 0 => {
                lines.push(StatementLine { line: n, date, amount_cents: cents, description: cols[2..].join(" ") })
            }
            (Some(_), Some(_)) => {} // a debit
            // A header line: the first line that is not data.
            _ if n == 1 => {}
            (None, _) => problems.push(StatementProblem { line: n, code: ValidationCode::Date }),
            (_, None) => problems.push(StatementProblem { line: n, code: ValidationCode::Amount }),
        }
    }
    (lines, problems)
}

fn split_csv(line: &str, sep: char) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur).trim().to_owned()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_owned());
    out
}

fn parse_statement_date(s: &str) -> Option<String> {
    let s = s.trim();
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .map(|d| d.to_string())
}

fn parse_statement_amount(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('+');
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    // `1.234,56` (Italian) when a comma is the last separator, else `1234.56`.
    let locale = match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(d)) if c > d => Locale::It,
        (Some(_), None) => Locale::It,
        _ => Locale::En,
    };
    let cents = Cents::parse(s, locale).ok()?.0;
    Some(if negative { -cents } else { cents })
}

/// What a statement line means for the gifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MatchOutcome {
    /// A pledged gift with this reference and amount: confirming it is safe.
    Match {
        donation_id: i64,
        donor_name: String,
    },
    /// The reference matches a pledge but the amount differs: staff decide.
    AmountDiffers {
        donation_id: i64,
        donor_name: String,
        pledged_cents: i64,
    },
    AlreadyReceived {
        donation_id: i64,
    },
    /// A reference that no gift has.
    UnknownReference {
        reference: String,
    },
    /// No Legami reference in the description.
    NoReference,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementMatch {
    pub line: StatementLine,
    pub outcome: MatchOutcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementPreview {
    pub matches: Vec<StatementMatch>,
    pub problems: Vec<StatementProblem>,
}

/// The report to the funding foundation for a period: income by source,
/// spending by category, per campaign and fund. All from the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderReport {
    /// `YYYY-MM-DD`, inclusive, Europe/Rome.
    pub from: String,
    pub to: String,
    pub income_by_method: Vec<MethodTotal>,
    pub spending_by_category: Vec<CategoryTotal>,
    pub campaigns: Vec<CampaignTotals>,
    pub total_income_cents: i64,
    pub total_spending_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MethodTotal {
    pub method: PaymentMethod,
    pub cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryTotal {
    pub category: ExpenseCategory,
    pub cents: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignTotals {
    pub campaign: String,
    pub fund: String,
    pub income_cents: i64,
    pub spending_cents: i64,
}

/// A report period: both dates valid, `from` not after `to`.
pub fn parse_period(from: &str, to: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), ApiError> {
    let mut errs = FieldErrors::default();
    let f = errs.check("from", parse_date(from));
    let t = errs.check(
        "to",
        parse_date(to).and_then(|t| match parse_date(from) {
            Ok(f) if t < f => Err(ValidationCode::EndBeforeStart),
            _ => Ok(t),
        }),
    );
    errs.finish(|| Some((f?, t?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codice_fiscale() {
        assert!(TaxCode::parse("RSSMRA85T10A562S").is_ok());
        assert!(TaxCode::parse("rssmra85t10a562s").is_ok(), "case does not matter");
        assert!(TaxCode::parse("BNCGNN80A01D150I").is_ok());
        assert_eq!(TaxCode::parse("RSSMRA85T10A562X"), Err(ValidationCode::TaxCode), "wrong check letter");
        assert_eq!(TaxCode::parse("RSSMRA85Z10A562S"), Err(ValidationCode::TaxCode), "no month Z");
        assert_eq!(TaxCode::parse("RSSMRA85T10A56"), Err(ValidationCode::TaxCode));
        assert_eq!(TaxCode::parse(""), Err(ValidationCode::Required));
        // Organisations: 11 digits with a Luhn-style check digit.
        assert!(TaxCode::parse("00743110157").is_ok());
        assert_eq!(TaxCode::parse("00743110158"), Err(ValidationCode::TaxCode));
    }

    #[test]
    fn omocodia_is_accepted() {
        // RSSMRA85T10A562S with its last digit 2 replaced by N (omocodia), new check letter.
        let base = "RSSMRA85T10A56N";
        let check = (b'A'..=b'Z').map(|c| format!("{base}{}", c as char)).find(|c| TaxCode::parse(c).is_ok());
        assert!(check.is_some());
    }

    #[test]
    fn slugs() {
        assert_eq!(Slug::from_title("Banca dell'acqua 2026").unwrap().as_ref(), "banca-dell-acqua-2026");
        assert_eq!(Slug::from_title("Fondo di comunità!").unwrap().as_ref(), "fondo-di-comunita");
        assert!(Slug::parse("Banca").is_err());
        assert!(Slug::parse("a--b").is_err());
        assert!(Slug::parse("-a").is_err());
        assert!(Slug::from_title("!!!").is_none());
    }

    #[test]
    fn transitions_exhaustive() {
        use DonationEvent::*;
        use DonationStatus::*;
        for from in [Pledged, Received, Refunded] {
            for event in [Receive, Refund] {
                let expected = match (from, event) {
                    (Pledged, Receive) => Some(Received),
                    (Received, Refund) => Some(Refunded),
                    _ => None,
                };
                assert_eq!(donation_transition(from, event), expected, "{from:?} {event:?}");
            }
        }
    }

    #[test]
    fn progress_and_days_left() {
        let c = CampaignSummary {
            slug: "x".into(),
            title: "X".into(),
            story: String::new(),
            fund: "F".into(),
            status: CampaignStatus::Published,
            goal_cents: 200_000,
            raised_cents: 50_000,
            spent_cents: 0,
            donors: 3,
            starts_on: "2026-11-01".into(),
            ends_on: "2026-11-30".into(),
            days_left: 0,
            ended: false,
        };
        assert_eq!(c.percent(), 25);
        assert_eq!(c.days_left_on("2026-11-25"), 6);
        assert_eq!(c.days_left_on("2026-12-25"), 0);
    }

    #[test]
    fn gifts_only_in_the_window_of_a_published_campaign() {
        use CampaignStatus::*;
        assert_eq!(gift_window(Published, "2026-12-31", "2026-12-31"), Ok(()), "the end day is included");
        assert_eq!(gift_window(Published, "2026-12-31", "2026-01-01"), Ok(()));
        assert_eq!(gift_window(Published, "2026-12-31", "2027-01-01"), Err(ApiError::CampaignEnded));
        assert_eq!(gift_window(Draft, "2026-12-31", "2026-06-01"), Err(ApiError::CampaignClosed));
        assert_eq!(gift_window(Closed, "2026-12-31", "2026-06-01"), Err(ApiError::CampaignClosed));
        assert_eq!(gift_window(Closed, "2026-12-31", "2027-06-01"), Err(ApiError::CampaignClosed));
    }

    #[test]
    fn card_is_refused_only_without_a_provider() {
        for method in [PaymentMethod::BankTransfer, PaymentMethod::Card] {
            assert_eq!(method_offered(method, true), Ok(()));
        }
        assert_eq!(method_offered(PaymentMethod::BankTransfer, false), Ok(()));
        assert_eq!(method_offered(PaymentMethod::Card, false), Err(ValidationCode::CardUnavailable));
    }

    #[test]
    fn campaign_status_changes() {
        use CampaignStatus::*;
        let all = [Draft, Published, Closed];
        for from in all {
            for to in all {
                let expected = matches!((from, to), (Draft, Published) | (Published, Closed) | (Closed, Published));
                assert_eq!(campaign_transition_allowed(from, to), expected, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn campaign_input() {
        let ok = CampaignInput {
            title: "Banca dell'acqua 2027".into(),
            slug: String::new(),
            story: "Storia".into(),
            fund_id: 1,
            goal_cents: 1_000_000,
            starts_on: "2027-01-01".into(),
            ends_on: "2027-12-31".into(),
        };
        assert_eq!(ok.parse().unwrap().slug.as_ref(), "banca-dell-acqua-2027");
        let bad = CampaignInput { ends_on: "2026-12-31".into(), goal_cents: 0, title: " ".into(), ..ok.clone() };
        match bad.parse() {
            Err(ApiError::Validation(f)) => {
                let codes: Vec<_> = f.iter().map(|f| (f.field.as_str(), f.code)).collect();
                assert!(codes.contains(&("ends_on", ValidationCode::EndBeforeStart)), "{codes:?}");
                assert!(codes.contains(&("goal_cents", ValidationCode::AmountTooSmall)));
                assert!(codes.contains(&("title", ValidationCode::Required)));
            }
            other => panic!("{other:?}"),
        }
        let bad_date = CampaignInput { starts_on: "31/12/2026".into(), ..ok };
        assert!(bad_date.parse().is_err());
    }

    #[test]
    fn offline_gifts() {
        let cash = OfflineGiftRequest {
            amount_cents: 2000,
            donor_name: "Signora Rosa".into(),
            email: String::new(),
            anonymous: false,
            method: "cash".into(),
            tax_code: None,
            note: String::new(),
        };
        let g = cash.parse(Cents(1_000_000)).unwrap();
        assert!(g.email.is_none() && !g.method.tax_deductible());
        let online = OfflineGiftRequest { method: "card".into(), ..cash.clone() };
        assert!(online.parse(Cents(1_000_000)).is_err(), "card gifts come from the provider");
        let in_kind = OfflineGiftRequest { method: "in_kind".into(), ..cash };
        match in_kind.parse(Cents(1_000_000)) {
            Err(e) => assert!(e.field_message("note", Locale::It).is_some()),
            Ok(_) => panic!("in-kind gifts must say what was given"),
        }
    }

    #[test]
    fn bank_statements() {
        let csv = "Data;Importo;Causale\n\
                   25/11/2026;12,50;BONIFICO DA ROSSI LGM-ABCD2345 grazie\n\
                   2026-11-24;1.234,56;\"Bianchi; donazione\"\n\
                   24/11/2026;-50,00;commissioni\n\
                   31/02/2026;10,00;data sbagliata\n\
                   24/11/2026;dieci;importo sbagliato\n";
        let (lines, problems) = parse_statement(csv);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[0],
            StatementLine {
                line: 2,
                date: "2026-11-25".into(),
                amount_cents: 1250,
                description: "BONIFICO DA ROSSI LGM-ABCD2345 grazie".into()
            }
        );
        assert_eq!(lines[1].amount_cents, 123456);
        assert_eq!(lines[1].description, "Bianchi; donazione", "quoted separators");
        assert_eq!(
            problems,
            vec![
                StatementProblem { line: 5, code: ValidationCode::Date },
                StatementProblem { line: 6, code: ValidationCode::Amount },
            ]
        );
        let (lines, _) = parse_statement("2026-11-25,12.50,LGM-ABCD2345\n");
        assert_eq!(lines[0].amount_cents, 1250, "comma-separated, plain decimals, no header");
    }

    #[test]
    fn receipt_numbers() {
        assert_eq!(receipt_number(2026, 1), "2026/000001");
        assert_eq!(receipt_number(2026, 123456), "2026/123456");
    }

    #[test]
    fn methods() {
        assert!(!PaymentMethod::Cash.tax_deductible());
        assert!(PaymentMethod::InKind.tax_deductible());
        assert!(!PaymentMethod::Cash.is_online());
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.code()), Some(m));
        }
    }

    #[test]
    fn gift_validation_names_each_field() {
        let req = GiftRequest {
            amount_cents: 50,
            donor_name: " ".into(),
            email: "x".into(),
            anonymous: false,
            message: "a".repeat(501),
            method: "cash".into(),
            tax_code: Some("RSSMRA85T10A562X".into()),
        };
        match req.parse(Cents(1_000_000)) {
            Err(ApiError::Validation(f)) => {
                let names: Vec<_> = f.iter().map(|f| f.field.as_str()).collect();
                assert_eq!(names, ["amount_cents", "donor_name", "email", "message", "method", "tax_code"]);
            }
            other => panic!("{other:?}"),
        }
        let ok = GiftRequest {
            amount_cents: 1250,
            donor_name: "Maria".into(),
            email: "maria@example.org".into(),
            anonymous: true,
            message: "Per le famiglie".into(),
            method: "bank_transfer".into(),
            tax_code: None,
        };
        let gift = ok.parse(Cents(1_000_000)).unwrap();
        assert_eq!(gift.amount, Cents(1250));
        assert_eq!(parse_amount(2_000_000, Cents(1_000_000)), Err(ValidationCode::AmountTooLarge));
    }

    #[test]
    fn wall_hides_anonymous_donors() {
        assert_eq!(wall_name("Maria", true, Locale::It), "Anonimo");
        assert_eq!(wall_name("Maria", false, Locale::It), "Maria");
    }

    proptest! {
        #[test]
        fn references_are_found_again(random in any::<[u8; 7]>(), prefix in "[a-z ]{0,20}") {
            let r = payment_reference(random);
            prop_assert_eq!(find_payment_reference(&format!("{prefix} bonifico {r} grazie")), Some(r.clone()));
            prop_assert_eq!(find_payment_reference(&r.to_lowercase().replace('-', " ")), Some(r));
        }

        #[test]
        fn a_typo_in_a_reference_is_caught(random in any::<[u8; 7]>(), pos in 4usize..11, c in "[A-Z2-9]") {
            let r = payment_reference(random);
            let mut typo = r.clone().into_bytes();
            typo[pos] = c.as_bytes()[0];
            let typo = String::from_utf8(typo).unwrap();
            if typo != r {
                // One changed character changes the check or is the check.
                prop_assert_ne!(find_payment_reference(&typo), Some(r));
            }
        }
    }
}
