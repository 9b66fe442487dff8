//! The calls rules for each caller, shared by the API and the pages: the
//! role check first (`RequestCtx::require`), then, for an application, the
//! caller's relation to it (`super::viewer`), then the operation.

use super::{
    applications, attachments, calls, decisions, follow_up, load_application, notes, open_for, reviews, workflow,
};
use super::{Application, Call, Viewer};
use crate::ctx::RequestCtx;
use crate::db::now;
use app::calls::ssr::CallsBackend;
use app::ssr::Backend;
use shared::applications::{
    ApplicationRow, ApplicationView, AssistedStart, AttachmentKind, AttachmentRow, DashboardRow, DecisionInput,
    DraftSaved, FollowUp, MentoringInput, MentoringRow, MilestoneInput, MilestoneRow, NoteInput, NoteRow, RankingRow,
    ReviewInput, ReviewRow, ReviewSubject, SaveDraft, StartApplication, StatusCheckInput, TrancheRequest, TrancheRow,
    TransitionRequest,
};
use shared::calls::{
    CallDetail, CallForm, CallStatus, CallSummary, EligibilityAnswers, EligibilityResult, EvaluatorRow,
};
use shared::people::{Access, Me};
use shared::ApiError;

impl RequestCtx {
    async fn staff_caller(&self) -> Result<bool, ApiError> {
        Ok(self.me().await?.is_some_and(|m| m.is_staff()))
    }

    /// The signed-in caller with an application they may read.
    async fn open_application(&self, id: i64) -> Result<(Me, Application, Call, Viewer), ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let (app, call, viewer) = open_for(&self.state.db, &me, id).await?;
        Ok((me, app, call, viewer))
    }

    /// Staff, with an application of any call.
    async fn staff_application(&self, id: i64) -> Result<(Me, Application), ApiError> {
        let me = self.require(Access::STAFF).await?;
        Ok((me, load_application(&self.state.db, id).await?))
    }

    async fn view_of(&self, id: i64) -> Result<ApplicationView, ApiError> {
        let (me, app, call, viewer) = self.open_application(id).await?;
        applications::view(&self.state.db, &app, &call, &me, viewer, self.locale).await
    }

    async fn started(&self, (id, created): (i64, bool)) -> Result<(ApplicationView, bool), ApiError> {
        Ok((self.view_of(id).await?, created))
    }
}

#[async_trait::async_trait]
impl CallsBackend for RequestCtx {
    async fn calls(&self) -> Result<Vec<CallSummary>, ApiError> {
        calls::list(&self.state.db, self.staff_caller().await?).await
    }

    async fn call(&self, id: i64) -> Result<CallDetail, ApiError> {
        calls::detail(&self.state.db, id, self.staff_caller().await?).await
    }

    async fn create_call(&self, form: CallForm) -> Result<CallDetail, ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let id = calls::create(&self.state.db, &form, self.locale, staff.id).await?;
        calls::detail(&self.state.db, id, true).await
    }

    async fn update_call(&self, id: i64, form: CallForm) -> Result<CallDetail, ApiError> {
        self.require(Access::STAFF).await?;
        calls::update(&self.state.db, id, &form, self.locale).await?;
        calls::detail(&self.state.db, id, true).await
    }

    async fn set_call_status(&self, id: i64, status: CallStatus) -> Result<CallDetail, ApiError> {
        self.require(Access::STAFF).await?;
        calls::set_status(&self.state.db, id, status).await?;
        calls::detail(&self.state.db, id, true).await
    }

    async fn call_evaluators(&self, id: i64) -> Result<Vec<EvaluatorRow>, ApiError> {
        self.require(Access::STAFF).await?;
        calls::evaluators(&self.state.db, id).await
    }

    async fn evaluator_candidates(&self) -> Result<Vec<EvaluatorRow>, ApiError> {
        self.require(Access::STAFF).await?;
        calls::evaluator_candidates(&self.state.db).await
    }

    async fn assign_call_evaluator(&self, id: i64, person: i64, assigned: bool) -> Result<(), ApiError> {
        let staff = self.require(Access::STAFF).await?;
        calls::assign(&self.state.db, id, person, assigned, staff.id).await
    }

    async fn assign_application_evaluator(&self, id: i64, person: i64, assigned: bool) -> Result<(), ApiError> {
        let staff = self.require(Access::STAFF).await?;
        applications::assign(&self.state.db, id, person, assigned, staff.id).await
    }

    async fn check_eligibility(&self, id: i64, answers: EligibilityAnswers) -> Result<EligibilityResult, ApiError> {
        let call = calls::visible(&self.state.db, id, self.staff_caller().await?).await?;
        Ok(EligibilityResult::of(&call.eligibility, &answers.answers))
    }

    async fn start_application(&self, call: i64, req: StartApplication) -> Result<(ApplicationView, bool), ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let who = applications::Starter { applicant: me.id, assisted_by: None, consent: false };
        self.started(applications::start(&self.state.db, call, &req.answers, who).await?).await
    }

    async fn start_assisted_application(
        &self,
        call: i64,
        req: AssistedStart,
    ) -> Result<(ApplicationView, bool), ApiError> {
        let staff = self.require(Access::STAFF).await?;
        let db = &self.state.db;
        // The call first: no person is created for a call that cannot take the application.
        let known = calls::visible(db, call, true).await?;
        if !known.accepting(now()) {
            return Err(ApiError::CallNotOpen);
        }
        let applicant = applications::assisted_person(db, &req).await?;
        if applicant == staff.id {
            return Err(ApiError::validation("email", shared::error::ValidationCode::Choice));
        }
        let who = applications::Starter { applicant, assisted_by: Some(staff.id), consent: req.consent };
        self.started(applications::start(db, call, &req.answers, who).await?).await
    }

    async fn my_applications(&self) -> Result<Vec<ApplicationRow>, ApiError> {
        let me = self.require(Access::SignedIn).await?;
        applications::mine(&self.state.db, me.id, self.locale).await
    }

    async fn call_applications(&self, call: i64) -> Result<Vec<ApplicationRow>, ApiError> {
        let me = self.require(Access::SignedIn).await?;
        applications::of_call(&self.state.db, call, &me, self.locale).await
    }

    async fn application(&self, id: i64) -> Result<ApplicationView, ApiError> {
        self.view_of(id).await
    }

    async fn save_draft(&self, id: i64, req: SaveDraft) -> Result<DraftSaved, ApiError> {
        // The session's person id only: autosave runs every few seconds.
        let person = self.person_id().await?.ok_or(ApiError::Unauthenticated)?;
        applications::save_draft(&self.state.db, id, person, &req, self.locale).await
    }

    async fn take_action(&self, id: i64, req: TransitionRequest) -> Result<ApplicationView, ApiError> {
        let (me, app, call, _) = self.open_application(id).await?;
        let url = self.state.config.public_url();
        workflow::take(&self.state.db, &app, &call, &me, &req, self.locale, &url).await?;
        self.view_of(id).await
    }

    async fn attachments(&self, id: i64) -> Result<Vec<AttachmentRow>, ApiError> {
        let (_, app, _, _) = self.open_application(id).await?;
        attachments::list(&self.state.db, app.id).await
    }

    async fn upload_attachment(&self, id: i64, name: String, bytes: Vec<u8>) -> Result<AttachmentRow, ApiError> {
        let (me, app, _, _) = self.open_application(id).await?;
        applications::editable(&self.state.db, &app, me.id, now()).await?;
        attachments::upload(&self.state.db, &self.state.storage, &app, me.id, &name, bytes).await
    }

    async fn attachment_file(&self, id: i64, file: i64) -> Result<(AttachmentKind, Vec<u8>), ApiError> {
        let (_, app, _, _) = self.open_application(id).await?;
        attachments::file(&self.state.db, &self.state.storage, app.id, file).await
    }

    async fn delete_attachment(&self, id: i64, file: i64) -> Result<(), ApiError> {
        let (me, app, _, _) = self.open_application(id).await?;
        applications::editable(&self.state.db, &app, me.id, now()).await?;
        attachments::delete(&self.state.db, &self.state.storage, app.id, file).await
    }

    async fn review(&self, id: i64, input: ReviewInput) -> Result<Vec<ReviewRow>, ApiError> {
        let me = self.require(Access::AnyOf(&[shared::people::Role::Evaluator])).await?;
        let db = &self.state.db;
        let app = load_application(db, id).await?;
        let call = super::load_call(db, app.call_id).await?;
        reviews::submit(db, &app, &call, &me, &input).await?;
        if matches!(input.conflict, shared::applications::ConflictDeclaration::Conflict { .. }) {
            // Recused: nothing more to see.
            return Ok(Vec::new());
        }
        reviews::list(db, &app, &call, &me).await
    }

    async fn reviews(&self, id: i64) -> Result<Vec<ReviewRow>, ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let db = &self.state.db;
        let app = load_application(db, id).await?;
        let call = super::load_call(db, app.call_id).await?;
        reviews::list(db, &app, &call, &me).await
    }

    async fn review_subject(&self, id: i64) -> Result<ReviewSubject, ApiError> {
        let me = self.require(Access::AnyOf(&[shared::people::Role::Evaluator])).await?;
        let db = &self.state.db;
        let app = load_application(db, id).await?;
        let call = super::load_call(db, app.call_id).await?;
        super::reviewer(db, &me, &app).await?;
        let applicant_name =
            if call.blind_review { None } else { Some(applications::applicant_name(db, app.applicant_id).await?) };
        Ok(ReviewSubject { call_title: call.title, idea_title: app.idea_title, applicant_name })
    }

    async fn ranking(&self, call: i64) -> Result<Vec<RankingRow>, ApiError> {
        self.require(Access::STAFF).await?;
        let call = super::load_call(&self.state.db, call).await?;
        reviews::ranking(&self.state.db, &call).await
    }

    async fn decide(&self, id: i64, input: DecisionInput) -> Result<ApplicationView, ApiError> {
        let (me, app, call, _) = self.open_application(id).await?;
        decisions::decide(&self.state.db, &app, &call, &me, &input, self.locale).await?;
        self.view_of(id).await
    }

    async fn notes(&self, id: i64) -> Result<Vec<NoteRow>, ApiError> {
        let (_, app, _, viewer) = self.open_application(id).await?;
        notes::list(&self.state.db, app.id, viewer).await
    }

    async fn add_note(&self, id: i64, input: NoteInput) -> Result<NoteRow, ApiError> {
        let (me, app, _, viewer) = self.open_application(id).await?;
        notes::add(&self.state.db, &app, &me, viewer, &input, &self.state.config.public_url()).await
    }

    async fn follow_up(&self, id: i64) -> Result<FollowUp, ApiError> {
        let (_, app, _, viewer) = self.open_application(id).await?;
        if matches!(viewer, Viewer::Evaluator { .. }) {
            return Err(ApiError::Forbidden);
        }
        follow_up::get(&self.state.db, &app).await
    }

    async fn add_milestone(&self, id: i64, input: MilestoneInput) -> Result<MilestoneRow, ApiError> {
        let (_, app) = self.staff_application(id).await?;
        follow_up::add_milestone(&self.state.db, &app, &input).await
    }

    async fn update_milestone(&self, id: i64, milestone: i64, input: MilestoneInput) -> Result<MilestoneRow, ApiError> {
        let (_, app) = self.staff_application(id).await?;
        follow_up::update_milestone(&self.state.db, &app, milestone, &input).await
    }

    async fn add_tranche(&self, id: i64, req: TrancheRequest) -> Result<TrancheRow, ApiError> {
        let (_, app) = self.staff_application(id).await?;
        follow_up::add_tranche(&self.state.db, &app, &req, self.locale).await
    }

    async fn add_mentoring(&self, id: i64, input: MentoringInput) -> Result<MentoringRow, ApiError> {
        let (me, app) = self.staff_application(id).await?;
        follow_up::add_mentoring(&self.state.db, &app, &input, me.id).await
    }

    async fn save_status_check(&self, id: i64, input: StatusCheckInput) -> Result<FollowUp, ApiError> {
        let (me, app) = self.staff_application(id).await?;
        follow_up::save_check(&self.state.db, &app, &input, me.id).await
    }

    async fn calls_dashboard(&self) -> Result<Vec<DashboardRow>, ApiError> {
        self.require(Access::STAFF).await?;
        calls::dashboard(&self.state.db).await
    }
}
