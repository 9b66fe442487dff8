//! Calls for enterprise ideas (bandi): what a call offers and asks, when it
//! accepts applications, who may apply (eligibility questions a resident
//! answers before writing anything) and how the committee scores (weighted
//! criteria on a 0–[`SCORE_MAX`] scale).
//!
//! Applications to a call, their workflow, reviews and follow-up are in
//! [`crate::applications`].

use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::i18n::{t, Locale, Text};
use crate::money::Cents;
use crate::people::single_line;
use crate::time::rome_local_to_utc;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX_CHARS: usize = 160;
pub const DESCRIPTION_MAX_CHARS: usize = 8000;
pub const QUESTION_MAX_CHARS: usize = 300;
pub const EXPLANATION_MAX_CHARS: usize = 500;
pub const CRITERION_NAME_MAX_CHARS: usize = 120;
pub const CRITERION_DESCRIPTION_MAX_CHARS: usize = 1000;
/// More would make the eligibility step a questionnaire nobody finishes.
pub const MAX_QUESTIONS: usize = 30;
/// More would make every review form unreadable.
pub const MAX_CRITERIA: usize = 20;
/// Criteria weights are percentages: they add up to exactly this.
pub const WEIGHTS_TOTAL: u32 = 100;
/// Scores go from 0 to `SCORE_MAX` included, per criterion.
pub const SCORE_MAX: u8 = 5;

/// Where a call is in its life. `Open` means published: applications are
/// accepted only between its opening and closing times (see [`is_open`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CallStatus {
    /// Being written by staff; not public.
    Draft,
    Open,
    /// No more applications; screening and review go on.
    Closed,
    /// The results are published.
    Decided,
}

impl CallStatus {
    pub const ALL: [CallStatus; 4] = [CallStatus::Draft, CallStatus::Open, CallStatus::Closed, CallStatus::Decided];

    pub fn code(self) -> &'static str {
        match self {
            CallStatus::Draft => "draft",
            CallStatus::Open => "open",
            CallStatus::Closed => "closed",
            CallStatus::Decided => "decided",
        }
    }

    pub fn parse(code: &str) -> Option<CallStatus> {
        CallStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            CallStatus::Draft => t::CALL_STATUS_DRAFT,
            CallStatus::Open => t::CALL_STATUS_OPEN,
            CallStatus::Closed => t::CALL_STATUS_CLOSED,
            CallStatus::Decided => t::CALL_STATUS_DECIDED,
        }
    }

    /// The status changes staff may make: publish, close, publish results.
    /// Nothing goes back: residents may have applied on what was published.
    pub fn can_become(self, to: CallStatus) -> bool {
        use CallStatus::*;
        matches!((self, to), (Draft, Open) | (Open, Closed) | (Closed, Decided))
    }
}

/// Whether a call accepts applications at `now` (UTC seconds): published,
/// and from its opening time (included) to its closing time (excluded).
pub fn is_open(now: i64, opens_at: i64, closes_at: i64, status: CallStatus) -> bool {
    status == CallStatus::Open && opens_at <= now && now < closes_at
}

/// An amount as a form or a JSON body carries it: whole cents (a JSON
/// number) or what a person typed (a JSON string such as `1.234,56` in
/// Italian or `1,234.56` in English, read in the form's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AmountInput {
    Cents(i64),
    Text(String),
}

impl Default for AmountInput {
    fn default() -> AmountInput {
        AmountInput::Text(String::new())
    }
}

impl AmountInput {
    /// `Ok(None)` when left empty; otherwise an amount above zero. The
    /// language matters: `12.500` is twelve thousand five hundred euros in
    /// Italian and a mistake in English, never silently twelve and a half.
    pub fn parse(&self, locale: Locale) -> Result<Option<Cents>, ValidationCode> {
        let cents = match self {
            AmountInput::Cents(c) => Cents(*c),
            AmountInput::Text(s) if s.trim().is_empty() => return Ok(None),
            AmountInput::Text(s) => Cents::parse(s, locale)?,
        };
        if cents.0 > 0 {
            Ok(Some(cents))
        } else {
            Err(ValidationCode::AmountNotPositive)
        }
    }

    /// Like [`AmountInput::parse`], but an empty amount is an error.
    pub fn parse_required(&self, locale: Locale) -> Result<Cents, ValidationCode> {
        self.parse(locale)?.ok_or(ValidationCode::Required)
    }
}

impl From<Cents> for AmountInput {
    fn from(c: Cents) -> AmountInput {
        AmountInput::Cents(c.0)
    }
}

/// A Rome wall-clock time as an HTML `datetime-local` field sends it
/// (`2026-11-25T16:05`, seconds allowed), as UTC seconds.
pub fn parse_rome_datetime(raw: &str) -> Result<i64, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(ValidationCode::Required);
    }
    let local = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| ValidationCode::DateTime)?;
    // The hour skipped when summer time starts does not exist in Rome.
    rome_local_to_utc(local).ok_or(ValidationCode::DateTime)
}

/// A text of several lines (descriptions, answers): trimmed, at most `max`
/// characters, no control characters except line breaks and tabs. Empty is
/// `Ok("")` unless `required`.
pub fn text_block(raw: &str, max: usize, required: bool) -> Result<String, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        return if required { Err(ValidationCode::Required) } else { Ok(String::new()) };
    }
    if s.chars().count() > max {
        Err(ValidationCode::TooLong)
    } else if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Err(ValidationCode::ControlChars)
    } else {
        Ok(s.to_owned())
    }
}

/// A yes/no question a resident answers before applying. Answering
/// differently from `required_answer` means the resident cannot apply, and
/// `explanation` tells them why, before they have written anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityQuestion {
    /// For example "Vivi o lavori in provincia di Cremona?".
    pub question: String,
    /// The answer an eligible applicant gives.
    pub required_answer: bool,
    /// Shown to whoever answers otherwise.
    pub explanation: String,
}

/// One thing the committee scores, with its weight in percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    pub name: String,
    /// What evaluators should look at; may be empty.
    #[serde(default)]
    pub description: String,
    /// 1 to 100; the weights of a call add up to [`WEIGHTS_TOTAL`].
    pub weight: u8,
}

/// A call as staff write it (form or JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallInput {
    pub title: String,
    pub description: String,
    /// Europe/Rome wall-clock time, `YYYY-MM-DDTHH:MM`.
    pub opens_at: String,
    /// Europe/Rome wall-clock time, `YYYY-MM-DDTHH:MM`, after `opens_at`.
    pub closes_at: String,
    /// The money the call gives out in all.
    pub budget: AmountInput,
    /// The most one application may ask for; not more than `budget`.
    pub max_per_application: AmountInput,
    pub eligibility: Vec<EligibilityQuestion>,
    pub criteria: Vec<Criterion>,
}

/// A call that passed every rule: texts trimmed, times in UTC seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCall {
    pub title: String,
    pub description: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub budget: Cents,
    pub max_per_application: Cents,
    pub eligibility: Vec<EligibilityQuestion>,
    pub criteria: Vec<Criterion>,
}

impl CallInput {
    /// Every field checked at once; amounts typed as text are read in
    /// `locale`, the language of the form. Field names: `title`,
    /// `description`, `opens_at`, `closes_at`, `budget`,
    /// `max_per_application`, `eligibility` and `eligibility[i].question` /
    /// `.explanation`, `criteria` and `criteria[i].name` / `.description` /
    /// `.weight`.
    pub fn validate(&self, locale: Locale) -> Result<ValidCall, ApiError> {
        let mut errs = FieldErrors::default();
        let title = errs.check("title", single_line(&self.title, TITLE_MAX_CHARS));
        let description = errs.check("description", text_block(&self.description, DESCRIPTION_MAX_CHARS, true));
        let opens_at = errs.check("opens_at", parse_rome_datetime(&self.opens_at));
        let closes_at = errs.check(
            "closes_at",
            parse_rome_datetime(&self.closes_at).and_then(|closes| match opens_at {
                Some(opens) if closes <= opens => Err(ValidationCode::ClosesBeforeOpens),
                _ => Ok(closes),
            }),
        );
        let budget = errs.check("budget", self.budget.parse_required(locale));
        let max_per_application = errs.check(
            "max_per_application",
            self.max_per_application.parse_required(locale).and_then(|max| match budget {
                Some(budget) if max > budget => Err(ValidationCode::MaxOverBudget),
                _ => Ok(max),
            }),
        );
        let eligibility = validate_questions(&self.eligibility, &mut errs);
        let criteria = validate_criteria(&self.criteria, &mut errs);
        errs.finish(|| {
            Some(ValidCall {
                title: title?,
                description: description?,
                opens_at: opens_at?,
                closes_at: closes_at?,
                budget: budget?,
                max_per_application: max_per_application?,
                eligibility: eligibility?,
                criteria: criteria?,
            })
        })
    }
}

/// The eligibility questions, trimmed; `None` when any is invalid (the
/// errors are in `errs`). A call may have no questions.
fn validate_questions(questions: &[EligibilityQuestion], errs: &mut FieldErrors) -> Option<Vec<EligibilityQuestion>> {
    if questions.len() > MAX_QUESTIONS {
        errs.check::<()>("eligibility", Err(ValidationCode::TooManyItems));
        return None;
    }
    let checked: Vec<Option<EligibilityQuestion>> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let question =
                errs.check(&format!("eligibility[{i}].question"), single_line(&q.question, QUESTION_MAX_CHARS));
            let explanation = errs.check(
                &format!("eligibility[{i}].explanation"),
                text_block(&q.explanation, EXPLANATION_MAX_CHARS, true),
            );
            Some(EligibilityQuestion {
                question: question?,
                required_answer: q.required_answer,
                explanation: explanation?,
            })
        })
        .collect();
    checked.into_iter().collect()
}

/// The criteria, trimmed; `None` when any is invalid or the weights do not
/// add up to [`WEIGHTS_TOTAL`] (reported on `criteria`).
fn validate_criteria(criteria: &[Criterion], errs: &mut FieldErrors) -> Option<Vec<Criterion>> {
    if criteria.is_empty() {
        errs.check::<()>("criteria", Err(ValidationCode::NoCriteria));
        return None;
    }
    if criteria.len() > MAX_CRITERIA {
        errs.check::<()>("criteria", Err(ValidationCode::TooManyItems));
        return None;
    }
    let checked: Vec<Option<Criterion>> = criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = errs.check(&format!("criteria[{i}].name"), single_line(&c.name, CRITERION_NAME_MAX_CHARS));
            let description = errs.check(
                &format!("criteria[{i}].description"),
                text_block(&c.description, CRITERION_DESCRIPTION_MAX_CHARS, false),
            );
            // A criterion weighing nothing would be scored for nothing.
            let weight = errs.check(
                &format!("criteria[{i}].weight"),
                if c.weight == 0 { Err(ValidationCode::WeightZero) } else { Ok(c.weight) },
            );
            Some(Criterion { name: name?, description: description?, weight: weight? })
        })
        .collect();
    let total: u32 = criteria.iter().map(|c| u32::from(c.weight)).sum();
    let total_ok =
        errs.check("criteria", if total == WEIGHTS_TOTAL { Ok(()) } else { Err(ValidationCode::WeightsSum) });
    total_ok?;
    checked.into_iter().collect()
}

/// Why a resident cannot apply yet, for one eligibility question (`index`
/// into the call's questions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EligibilityProblem {
    /// Not answered: ask again ([`t::ELIG_UNANSWERED`]).
    Unanswered { index: usize },
    /// Answered so that the resident is not eligible; show `explanation`.
    NotEligible { index: usize, explanation: String },
}

impl EligibilityProblem {
    pub fn index(&self) -> usize {
        match self {
            EligibilityProblem::Unanswered { index } | EligibilityProblem::NotEligible { index, .. } => *index,
        }
    }
}

/// Checks a resident's answers (`None` or missing: not answered; answers
/// beyond the questions are ignored) before they write an application.
/// `Err` lists every problem in question order, so the resident sees all
/// the reasons at once.
pub fn check_eligibility(
    questions: &[EligibilityQuestion],
    answers: &[Option<bool>],
) -> Result<(), Vec<EligibilityProblem>> {
    let problems: Vec<EligibilityProblem> = questions
        .iter()
        .enumerate()
        .filter_map(|(index, q)| match answers.get(index).copied().flatten() {
            None => Some(EligibilityProblem::Unanswered { index }),
            Some(a) if a != q.required_answer => {
                Some(EligibilityProblem::NotEligible { index, explanation: q.explanation.clone() })
            }
            Some(_) => None,
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Field errors for a start attempt whose answers do not pass
/// [`check_eligibility`]: `eligibility[i]` with `Required` (unanswered) or
/// `NotEligible` (the call's explanation for question `i` says why).
pub fn eligibility_error(problems: &[EligibilityProblem]) -> ApiError {
    let fields = problems
        .iter()
        .map(|p| {
            let code = match p {
                EligibilityProblem::Unanswered { .. } => ValidationCode::Required,
                EligibilityProblem::NotEligible { .. } => ValidationCode::NotEligible,
            };
            crate::error::FieldError::new(&format!("eligibility[{}]", p.index()), code)
        })
        .collect();
    ApiError::Validation(fields)
}

// ---------------------------------------------------------------------------
// Read models and requests of the calls API
// ---------------------------------------------------------------------------

/// A call as staff save it: [`CallInput`] plus whether evaluators review
/// without seeing who applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallForm {
    #[serde(flatten)]
    pub call: CallInput,
    /// Blind review: evaluators do not see the applicant's name or email.
    #[serde(default)]
    pub blind_review: bool,
}

/// A call in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallSummary {
    pub id: i64,
    pub title: String,
    pub status: CallStatus,
    /// UTC seconds.
    pub opens_at: i64,
    /// UTC seconds.
    pub closes_at: i64,
    pub budget_cents: i64,
    pub max_per_application_cents: i64,
    /// Whether it accepts applications right now ([`is_open`] at server time).
    pub accepting: bool,
    pub blind_review: bool,
}

/// A call with everything a resident reads before applying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallDetail {
    pub summary: CallSummary,
    pub description: String,
    pub eligibility: Vec<EligibilityQuestion>,
    pub criteria: Vec<Criterion>,
}

/// A resident's answers to the eligibility questions, in question order
/// (`null`: not answered).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityAnswers {
    pub answers: Vec<Option<bool>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityResult {
    pub eligible: bool,
    /// Every reason at once, in question order.
    pub problems: Vec<EligibilityProblem>,
}

impl EligibilityResult {
    pub fn of(questions: &[EligibilityQuestion], answers: &[Option<bool>]) -> EligibilityResult {
        match check_eligibility(questions, answers) {
            Ok(()) => EligibilityResult { eligible: true, problems: Vec::new() },
            Err(problems) => EligibilityResult { eligible: false, problems },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallStatusRequest {
    pub status: CallStatus,
}

/// An evaluator assigned to a call or an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluatorRow {
    pub person_id: i64,
    pub display_name: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn criterion(name: &str, weight: u8) -> Criterion {
        Criterion { name: name.into(), description: String::new(), weight }
    }

    fn question(q: &str, required_answer: bool, why: &str) -> EligibilityQuestion {
        EligibilityQuestion { question: q.into(), required_answer, explanation: why.into() }
    }

    fn good_call() -> CallInput {
        CallInput {
            title: "  Idee in comune 2027 ".into(),
            description: "Un bando per nuove imprese di comunità.\nScadenza a marzo.".into(),
            opens_at: "2027-01-10T09:00".into(),
            closes_at: "2027-03-31T12:00".into(),
            budget: AmountInput::Text("50.000".into()),
            max_per_application: AmountInput::Cents(1_000_000),
            eligibility: vec![question("Vivi in provincia di Cremona?", true, "Il bando è per chi vive qui.")],
            criteria: vec![criterion("Impatto sociale", 40), criterion("Sostenibilità", 35), criterion("Squadra", 25)],
        }
    }

    fn field_codes(result: Result<ValidCall, ApiError>) -> Vec<(String, ValidationCode)> {
        match result {
            Err(ApiError::Validation(fields)) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn a_good_call_is_accepted_and_normalised() {
        let call = good_call().validate(Locale::It).unwrap();
        assert_eq!(call.title, "Idee in comune 2027");
        assert_eq!(call.budget, Cents(5_000_000));
        assert_eq!(call.max_per_application, Cents(1_000_000));
        // Winter time in Rome: UTC+1.
        let utc = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        assert_eq!(call.opens_at, utc("2027-01-10T08:00:00Z"));
        // Summer time from 28 March 2027: UTC+2.
        assert_eq!(call.closes_at, utc("2027-03-31T10:00:00Z"));
        assert_eq!(call.criteria.len(), 3);
    }

    #[test]
    fn weights_must_add_up_to_one_hundred() {
        let mut call = good_call();
        call.criteria[2].weight = 20;
        assert_eq!(field_codes(call.validate(Locale::It)), [("criteria".to_owned(), ValidationCode::WeightsSum)]);
        call.criteria[2].weight = 30;
        assert_eq!(field_codes(call.validate(Locale::It)), [("criteria".to_owned(), ValidationCode::WeightsSum)]);
        call.criteria = vec![criterion("Tutto", 100)];
        assert!(call.validate(Locale::It).is_ok());
    }

    #[test]
    fn criteria_are_checked_one_by_one() {
        let mut call = good_call();
        call.criteria = vec![criterion("Impatto", 100), criterion(" ", 0), criterion(&"x".repeat(121), 0)];
        let codes = field_codes(call.validate(Locale::It));
        assert_eq!(
            codes,
            [
                ("criteria[1].name".to_owned(), ValidationCode::Required),
                ("criteria[1].weight".to_owned(), ValidationCode::WeightZero),
                ("criteria[2].name".to_owned(), ValidationCode::TooLong),
                ("criteria[2].weight".to_owned(), ValidationCode::WeightZero),
            ]
        );
        call.criteria = vec![];
        assert_eq!(field_codes(call.validate(Locale::It)), [("criteria".to_owned(), ValidationCode::NoCriteria)]);
        call.criteria = (0..25).map(|i| criterion(&format!("c{i}"), 4)).collect();
        assert_eq!(field_codes(call.validate(Locale::It)), [("criteria".to_owned(), ValidationCode::TooManyItems)]);
    }

    #[test]
    fn closing_must_follow_opening() {
        let mut call = good_call();
        call.closes_at = "2027-01-09T09:00".into();
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [("closes_at".to_owned(), ValidationCode::ClosesBeforeOpens)]
        );
        call.closes_at = call.opens_at.clone();
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [("closes_at".to_owned(), ValidationCode::ClosesBeforeOpens)]
        );
        call.closes_at = "31/03/2027".into();
        assert_eq!(field_codes(call.validate(Locale::It)), [("closes_at".to_owned(), ValidationCode::DateTime)]);
        call.closes_at = "2027-03-28T02:30".into();
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [("closes_at".to_owned(), ValidationCode::DateTime)],
            "an hour skipped by summer time"
        );
        call.closes_at = "2027-03-31T12:00:00".into();
        assert!(call.validate(Locale::It).is_ok(), "seconds are accepted");
    }

    #[test]
    fn amounts_are_positive_and_the_maximum_fits_the_budget() {
        let mut call = good_call();
        call.max_per_application = AmountInput::Text("60.000,00".into());
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [("max_per_application".to_owned(), ValidationCode::MaxOverBudget)]
        );
        call.budget = AmountInput::Cents(0);
        call.max_per_application = AmountInput::Text("".into());
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [
                ("budget".to_owned(), ValidationCode::AmountNotPositive),
                ("max_per_application".to_owned(), ValidationCode::Required)
            ]
        );
        call.budget = AmountInput::Cents(-5);
        call.max_per_application = AmountInput::Text("0".into());
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [
                ("budget".to_owned(), ValidationCode::AmountNotPositive),
                ("max_per_application".to_owned(), ValidationCode::AmountNotPositive)
            ]
        );
    }

    #[test]
    fn amounts_are_read_in_the_form_language() {
        let mut call = good_call();
        call.budget = AmountInput::Text("50,000.00".into());
        call.max_per_application = AmountInput::Text("10,000".into());
        let ok = call.validate(Locale::En).unwrap();
        assert_eq!((ok.budget, ok.max_per_application), (Cents(5_000_000), Cents(1_000_000)));
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [("budget".to_owned(), ValidationCode::Amount), ("max_per_application".to_owned(), ValidationCode::Amount)]
        );
    }

    #[test]
    fn eligibility_questions_are_checked_with_their_index() {
        let mut call = good_call();
        call.eligibility = vec![
            question("", true, "Perché sì."),
            question("Hai già un'impresa?", false, ""),
            question("Va bene?", true, "ok\u{0}"),
        ];
        assert_eq!(
            field_codes(call.validate(Locale::It)),
            [
                ("eligibility[0].question".to_owned(), ValidationCode::Required),
                ("eligibility[1].explanation".to_owned(), ValidationCode::Required),
                ("eligibility[2].explanation".to_owned(), ValidationCode::ControlChars),
            ]
        );
        call.eligibility = vec![];
        assert!(call.validate(Locale::It).is_ok(), "a call may have no questions");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let codes = field_codes(CallInput::default().validate(Locale::It));
        let fields: Vec<&str> = codes.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["title", "description", "opens_at", "closes_at", "budget", "max_per_application", "criteria"]
        );
    }

    #[test]
    fn eligibility_explains_before_writing() {
        let questions = [
            question("Vivi in provincia di Cremona?", true, "Il bando è riservato a chi vive in provincia."),
            question("Hai già ricevuto un contributo da questo bando?", false, "Si può ricevere un solo contributo."),
        ];
        assert_eq!(check_eligibility(&questions, &[Some(true), Some(false)]), Ok(()));
        assert_eq!(check_eligibility(&questions, &[Some(true), Some(false), Some(true)]), Ok(()), "extra ignored");
        assert_eq!(
            check_eligibility(&questions, &[Some(false), Some(true)]),
            Err(vec![
                EligibilityProblem::NotEligible {
                    index: 0,
                    explanation: "Il bando è riservato a chi vive in provincia.".into()
                },
                EligibilityProblem::NotEligible {
                    index: 1, explanation: "Si può ricevere un solo contributo.".into()
                },
            ])
        );
        let unanswered = check_eligibility(&questions, &[None]).unwrap_err();
        assert_eq!(
            unanswered,
            [EligibilityProblem::Unanswered { index: 0 }, EligibilityProblem::Unanswered { index: 1 }]
        );
        assert_eq!(unanswered[1].index(), 1);
        assert_eq!(check_eligibility(&[], &[]), Ok(()));
    }

    #[test]
    fn open_between_opening_and_closing_when_published() {
        let (opens, closes) = (1_000, 2_000);
        assert!(!is_open(999, opens, closes, CallStatus::Open));
        assert!(is_open(1_000, opens, closes, CallStatus::Open));
        assert!(is_open(1_999, opens, closes, CallStatus::Open));
        assert!(!is_open(2_000, opens, closes, CallStatus::Open));
        for status in [CallStatus::Draft, CallStatus::Closed, CallStatus::Decided] {
            assert!(!is_open(1_500, opens, closes, status), "{status:?}");
        }
    }

    #[test]
    fn statuses() {
        for s in CallStatus::ALL {
            assert_eq!(CallStatus::parse(s.code()), Some(s));
            assert_ne!(s.text().it, s.text().en);
        }
        assert_eq!(CallStatus::parse("archived"), None);
        use CallStatus::*;
        for from in CallStatus::ALL {
            for to in CallStatus::ALL {
                let expected =
                    (from, to) == (Draft, Open) || (from, to) == (Open, Closed) || (from, to) == (Closed, Decided);
                assert_eq!(from.can_become(to), expected, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn json_carries_amounts_as_numbers_or_text() {
        let json = r#"{"title":"T","description":"D","opens_at":"2027-01-10T09:00","closes_at":"2027-02-10T09:00",
            "budget":"1.000","max_per_application":50000,"criteria":[{"name":"A","weight":100}]}"#;
        let input: CallInput = serde_json::from_str(json).unwrap();
        assert_eq!(input.budget, AmountInput::Text("1.000".into()));
        assert_eq!(input.max_per_application, AmountInput::Cents(50_000));
        let call = input.validate(Locale::It).unwrap();
        assert_eq!((call.budget, call.max_per_application), (Cents(100_000), Cents(50_000)));
        assert!(call.eligibility.is_empty());
    }

    #[test]
    fn text_blocks() {
        assert_eq!(text_block("  a\n\tb  ", 10, true), Ok("a\n\tb".into()));
        assert_eq!(text_block("   ", 10, true), Err(ValidationCode::Required));
        assert_eq!(text_block("   ", 10, false), Ok(String::new()));
        assert_eq!(text_block("èèè", 2, false), Err(ValidationCode::TooLong));
        assert_eq!(text_block("a\u{1b}b", 10, false), Err(ValidationCode::ControlChars));
    }

    #[test]
    fn ineligible_answers_become_field_errors() {
        let questions =
            [question("Vivi qui?", true, "Solo per chi vive qui."), question("Hai 18 anni?", true, "Maggiorenni.")];
        let problems = check_eligibility(&questions, &[Some(false)]).unwrap_err();
        match eligibility_error(&problems) {
            ApiError::Validation(fields) => assert_eq!(
                fields.into_iter().map(|f| (f.field, f.code)).collect::<Vec<_>>(),
                [
                    ("eligibility[0]".to_owned(), ValidationCode::NotEligible),
                    ("eligibility[1]".to_owned(), ValidationCode::Required)
                ]
            ),
            other => panic!("{other:?}"),
        }
        assert!(EligibilityResult::of(&questions, &[Some(true), Some(true)]).eligible);
        assert_eq!(
            EligibilityResult::of(&questions, &[Some(true)]).problems,
            [EligibilityProblem::Unanswered { index: 1 }]
        );
    }

    #[test]
    fn call_form_carries_blind_review_beside_the_call() {
        let json = r#"{"title":"T","description":"D","opens_at":"2027-01-10T09:00","closes_at":"2027-02-10T09:00",
            "budget":100000,"max_per_application":50000,"criteria":[{"name":"A","weight":100}],"blind_review":true}"#;
        let form: CallForm = serde_json::from_str(json).unwrap();
        assert!(form.blind_review);
        assert!(form.call.validate(Locale::It).is_ok());
        let form: CallForm = serde_json::from_str(r#"{"title":"T"}"#).unwrap();
        assert!(!form.blind_review);
    }

    proptest! {
        #[test]
        fn validation_never_panics(title in ".{0,200}", opens in ".{0,20}", budget in ".{0,12}", weights in proptest::collection::vec(any::<u8>(), 0..25)) {
            let input = CallInput {
                title,
                opens_at: opens,
                budget: AmountInput::Text(budget),
                criteria: weights.iter().map(|w| criterion("c", *w)).collect(),
                ..good_call()
            };
            if let Ok(call) = input.validate(Locale::It) {
                prop_assert_eq!(call.criteria.iter().map(|c| u32::from(c.weight)).sum::<u32>(), WEIGHTS_TOTAL);
                prop_assert!(call.closes_at > call.opens_at);
                prop_assert!(call.max_per_application <= call.budget);
            }
        }

        #[test]
        fn eligible_exactly_when_every_answer_matches(required in proptest::collection::vec(any::<bool>(), 0..8), answers in proptest::collection::vec(proptest::option::of(any::<bool>()), 0..8)) {
            let questions: Vec<_> = required.iter().map(|r| question("q", *r, "why")).collect();
            let expected = required.iter().enumerate().all(|(i, r)| answers.get(i).copied().flatten() == Some(*r));
            prop_assert_eq!(check_eligibility(&questions, &answers).is_ok(), expected);
        }
    }
}
