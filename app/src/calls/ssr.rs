//! What the calls pages ask of the server (see `crate::ssr`). Every method
//! checks the caller's role and, for an application, their relation to it
//! (applicant, staff, assigned evaluator without a conflict of interest).

use shared::applications::{
    ApplicationRow, ApplicationView, AssistedStart, AttachmentKind, AttachmentRow, DashboardRow, DecisionInput,
    DraftSaved, FollowUp, MentoringInput, MentoringRow, MilestoneInput, MilestoneRow, NoteInput, NoteRow, RankingRow,
    ReviewInput, ReviewRow, ReviewSubject, SaveDraft, StartApplication, StatusCheckInput, TrancheRequest, TrancheRow,
    TransitionRequest,
};
use shared::calls::{
    CallDetail, CallForm, CallStatus, CallSummary, EligibilityAnswers, EligibilityResult, EvaluatorRow,
};
use shared::ApiError;

#[async_trait::async_trait]
pub trait CallsBackend: Send + Sync {
    /// Published calls; staff also see drafts.
    async fn calls(&self) -> Result<Vec<CallSummary>, ApiError>;
    async fn call(&self, id: i64) -> Result<CallDetail, ApiError>;
    /// Staff: a new call, as a draft.
    async fn create_call(&self, form: CallForm) -> Result<CallDetail, ApiError>;
    /// Staff: change a call while it is a draft.
    async fn update_call(&self, id: i64, form: CallForm) -> Result<CallDetail, ApiError>;
    /// Staff: publish, close, publish the results.
    async fn set_call_status(&self, id: i64, status: CallStatus) -> Result<CallDetail, ApiError>;
    async fn call_evaluators(&self, id: i64) -> Result<Vec<EvaluatorRow>, ApiError>;
    /// Staff: everyone with the evaluator role, to choose a call's panel from.
    async fn evaluator_candidates(&self) -> Result<Vec<EvaluatorRow>, ApiError>;
    /// Staff: assign (or remove) an evaluator for every application of a call.
    async fn assign_call_evaluator(&self, id: i64, person: i64, assigned: bool) -> Result<(), ApiError>;
    /// Staff: assign (or remove) an evaluator for one application.
    async fn assign_application_evaluator(&self, id: i64, person: i64, assigned: bool) -> Result<(), ApiError>;
    /// Anyone: whether these answers make one eligible, and why not.
    async fn check_eligibility(&self, id: i64, answers: EligibilityAnswers) -> Result<EligibilityResult, ApiError>;
    /// Signed in: start (or resume) one's application; `true` when created.
    async fn start_application(&self, call: i64, req: StartApplication) -> Result<(ApplicationView, bool), ApiError>;
    /// Staff: start an application with a resident.
    async fn start_assisted_application(
        &self,
        call: i64,
        req: AssistedStart,
    ) -> Result<(ApplicationView, bool), ApiError>;
    async fn my_applications(&self) -> Result<Vec<ApplicationRow>, ApiError>;
    /// Staff: all; evaluators: those assigned to them.
    async fn call_applications(&self, call: i64) -> Result<Vec<ApplicationRow>, ApiError>;
    async fn application(&self, id: i64) -> Result<ApplicationView, ApiError>;
    /// Autosave of a draft, with the version it was loaded with.
    async fn save_draft(&self, id: i64, req: SaveDraft) -> Result<DraftSaved, ApiError>;
    async fn take_action(&self, id: i64, req: TransitionRequest) -> Result<ApplicationView, ApiError>;
    async fn attachments(&self, id: i64) -> Result<Vec<AttachmentRow>, ApiError>;
    async fn upload_attachment(&self, id: i64, name: String, bytes: Vec<u8>) -> Result<AttachmentRow, ApiError>;
    async fn attachment_file(&self, id: i64, file: i64) -> Result<(AttachmentKind, Vec<u8>), ApiError>;
    async fn delete_attachment(&self, id: i64, file: i64) -> Result<(), ApiError>;
    /// Evaluators: declare a conflict (or none), or submit scores.
    async fn review(&self, id: i64, input: ReviewInput) -> Result<Vec<ReviewRow>, ApiError>;
    async fn reviews(&self, id: i64) -> Result<Vec<ReviewRow>, ApiError>;
    /// Assigned evaluators (not recused): whom an application concerns,
    /// before they declare a conflict of interest or none.
    async fn review_subject(&self, id: i64) -> Result<ReviewSubject, ApiError>;
    /// Staff: the committee's ranking.
    async fn ranking(&self, call: i64) -> Result<Vec<RankingRow>, ApiError>;
    /// Staff: approve, approve with conditions or reject, with a letter.
    async fn decide(&self, id: i64, input: DecisionInput) -> Result<ApplicationView, ApiError>;
    async fn notes(&self, id: i64) -> Result<Vec<NoteRow>, ApiError>;
    async fn add_note(&self, id: i64, input: NoteInput) -> Result<NoteRow, ApiError>;
    async fn follow_up(&self, id: i64) -> Result<FollowUp, ApiError>;
    async fn add_milestone(&self, id: i64, input: MilestoneInput) -> Result<MilestoneRow, ApiError>;
    async fn update_milestone(&self, id: i64, milestone: i64, input: MilestoneInput) -> Result<MilestoneRow, ApiError>;
    async fn add_tranche(&self, id: i64, req: TrancheRequest) -> Result<TrancheRow, ApiError>;
    async fn add_mentoring(&self, id: i64, input: MentoringInput) -> Result<MentoringRow, ApiError>;
    async fn save_status_check(&self, id: i64, input: StatusCheckInput) -> Result<FollowUp, ApiError>;
    /// Staff: applications per call, state and lab of origin.
    async fn calls_dashboard(&self) -> Result<Vec<DashboardRow>, ApiError>;
}
