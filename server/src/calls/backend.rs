//! The calls rules for each caller, shared by the API and the pages: the
//! role check first (`RequestCtx::require`), then, for an application, the
//! caller's relation to it (`super::viewer`), then the operation.

use super::{applications, attachments, calls, decisions, follow_up, notes, open_for, reviews, workflow};
use super::{Application, Call};
use crate::ctx::RequestCtx;
use crate::db::now;
use app::calls::ssr::CallsBackend;
use app::ssr::Backend;
use shared::applications::{
    ApplicationAction, ApplicationRow, ApplicationView, AssistedStart, AttachmentKind, AttachmentRow, DashboardRow,
    DecisionInput, DraftSaved, FollowUp, MentoringInput, MentoringRow, MilestoneInput, MilestoneRow, NoteInput,
    NoteRow, RankingRow, ReviewInput, ReviewRow, ReviewSubject, SaveDraft, Standing, StartApplication,
    StatusCheckInput, TrancheRequest, TrancheRow, TransitionRequest,
};
use shared::calls::{
    CallDetail, CallForm, CallStatus, CallSummary, EligibilityAnswers, EligibilityResult, EvaluatorRow,
};
use shared::people::{Access, Me, Role};
use shared::ApiError;

impl RequestCtx {
    async fn staff_caller(&self) -> Result<bool, ApiError> {
        Ok(self.me().await?.is_some_and(|m| m.is_staff()))
    }

    /// The signed-in caller with an application on which the rule
    /// (`shared::applications::Standing`) allows them `action`.
    pub(crate) async fn open_application(
        &self,
        id: i64,
        action: ApplicationAction,
    ) -> Result<(Me, Application, Call, Standing), ApiError> {
        let me = self.require(Access::SignedIn).await?;
        let (app, call, standing) = open_for(&self.state.db, &me, id, action).await?;
        Ok((me, app, call, standing))
    }

    /// Staff (the role first: a resident learns nothing of the application),
    /// allowed `action` on it.
    async fn staff_application(
        &self,
        id: i64,
        action: ApplicationAction,
    ) -> Result<(Me, Application, Call, Standing), ApiError> {
        let me = self.require(Access::STAFF).await?;
        let (app, call, standing) = open_for(&self.state.db, &me, id, action).await?;
        Ok((me, app, call, standing))
    }

    /// Evaluators (the role first), allowed `action` on it.
    async fn evaluator_application(
        &self,
        id: i64,
        action: ApplicationAction,
    ) -> Result<(Me, Application, Call, Standing), ApiError> {
        let me = self.require(Access::AnyOf(&[Role::Evaluator])).await?;
        let (app, call, standing) = open_for(&self.state.db, &me, id, action).await?;
        Ok((me, app, call, standing))
    }

    async fn view_of(&self, id: i64) -> Result<ApplicationView, ApiError> {
        let (me, app, call, standing) = self.open_application(id, ApplicationAction::ReadContent).await?;
        applications::view(&self.state.db, &app, &call, &me, &standing, self.locale).await
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
        let db = &self.state.db;
        // The call's panel reviews every application of the call: choosing it
        // is choosing the evaluators of each, so the rule is asked for the
        // caller's own applications to it (and refuses).
        let call = super::load_call(db, id).await?;
        for app in super::own_in_call(db, id, staff.id).await? {
            super::standing_of(db, staff.id, &staff.roles, &app, &call)
                .await?
                .check(ApplicationAction::AssignEvaluators)?;
        }
        calls::assign(db, id, person, assigned, staff.id).await?;
        if assigned {
            // Their own applications to the call, if any, they will not review.
            super::record_recusals(&self.state.db, id, person).await?;
        }
        Ok(())
    }

    async fn assign_application_evaluator(&self, id: i64, person: i64, assigned: bool) -> Result<(), ApiError> {
        let (staff, app, call, _) = self.staff_application(id, ApplicationAction::AssignEvaluators).await?;
        applications::assign(&self.state.db, &app, &call, person, assigned, staff.id).await
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
        let (me, app, call, standing) = self.open_application(id, ApplicationAction::ReadContent).await?;
        let url = self.state.config.public_url();
        workflow::take(&self.state.db, &app, &call, &me, &standing, &req, self.locale, &url).await?;
        self.view_of(id).await
    }

    async fn attachments(&self, id: i64) -> Result<Vec<AttachmentRow>, ApiError> {
        let (_, app, _, standing) = self.open_application(id, ApplicationAction::ReadContent).await?;
        let named = standing.allows(ApplicationAction::ReadIdentity);
        attachments::list(&self.state.db, app.id, named, self.locale).await
    }

    async fn upload_attachment(&self, id: i64, name: String, bytes: Vec<u8>) -> Result<AttachmentRow, ApiError> {
        let (me, app, _, standing) = self.open_application(id, ApplicationAction::ActAsApplicant).await?;
        applications::editable(&self.state.db, &app, &standing, now()).await?;
        attachments::upload(&self.state.db, &self.state.storage, &app, me.id, &name, bytes).await
    }

    async fn attachment_file(&self, id: i64, file: i64) -> Result<(AttachmentKind, Vec<u8>), ApiError> {
        let (_, app, _, _) = self.open_application(id, ApplicationAction::ReadContent).await?;
        attachments::file(&self.state.db, &self.state.storage, app.id, file).await
    }

    async fn delete_attachment(&self, id: i64, file: i64) -> Result<(), ApiError> {
        let (_, app, _, standing) = self.open_application(id, ApplicationAction::ActAsApplicant).await?;
        applications::editable(&self.state.db, &app, &standing, now()).await?;
        attachments::delete(&self.state.db, &self.state.storage, app.id, file).await
    }

    async fn review(&self, id: i64, input: ReviewInput) -> Result<Vec<ReviewRow>, ApiError> {
        let (me, app, call, _) = self.evaluator_application(id, ApplicationAction::Review).await?;
        let db = &self.state.db;
        reviews::submit(db, &app, &call, &me, &input).await?;
        if matches!(input.conflict, shared::applications::ConflictDeclaration::Conflict { .. }) {
            // Recused: nothing more to see.
            return Ok(Vec::new());
        }
        // What was declared changes the standing: ask the rule again.
        let (_, app, call, standing) = self.open_application(id, ApplicationAction::ReadReviews).await?;
        reviews::list(db, &app, &call, &me, &standing, self.locale).await
    }

    async fn reviews(&self, id: i64) -> Result<Vec<ReviewRow>, ApiError> {
        let (me, app, call, standing) = self.open_application(id, ApplicationAction::ReadReviews).await?;
        reviews::list(&self.state.db, &app, &call, &me, &standing, self.locale).await
    }

    async fn review_subject(&self, id: i64) -> Result<ReviewSubject, ApiError> {
        let (_, app, call, standing) = self.evaluator_application(id, ApplicationAction::ReadSubject).await?;
        let db = &self.state.db;
        let applicant_name = if standing.allows(ApplicationAction::ReadIdentity) {
            Some(applications::applicant_name(db, app.applicant_id).await?)
        } else {
            None
        };
        Ok(ReviewSubject { call_title: call.title, idea_title: app.idea_title, applicant_name })
    }

    async fn ranking(&self, call: i64) -> Result<Vec<RankingRow>, ApiError> {
        let me = self.require(Access::STAFF).await?;
        let call = super::load_call(&self.state.db, call).await?;
        reviews::ranking(&self.state.db, &call, &me).await
    }

    async fn decide(&self, id: i64, input: DecisionInput) -> Result<ApplicationView, ApiError> {
        // Who first: a resident, or staff deciding their own idea, learns nothing from field errors.
        let (me, app, call, standing) = self.open_application(id, ApplicationAction::Decide).await?;
        decisions::decide(&self.state.db, &app, &call, &me, &standing, &input, self.locale).await?;
        self.view_of(id).await
    }

    async fn notes(&self, id: i64) -> Result<Vec<NoteRow>, ApiError> {
        let (_, app, _, standing) = self.open_application(id, ApplicationAction::ReadMessages).await?;
        notes::list(&self.state.db, &app, &standing, self.locale).await
    }

    async fn add_note(&self, id: i64, input: NoteInput) -> Result<NoteRow, ApiError> {
        let needs =
            if input.to_applicant { ApplicationAction::MessageApplicant } else { ApplicationAction::WriteInternalNote };
        let (me, app, _, _) = self.open_application(id, needs).await?;
        notes::add(&self.state.db, &app, &me, &input, &self.state.config.public_url()).await
    }

    async fn follow_up(&self, id: i64) -> Result<FollowUp, ApiError> {
        let (_, app, _, _) = self.open_application(id, ApplicationAction::ReadFollowUp).await?;
        follow_up::get(&self.state.db, &app).await
    }

    async fn add_milestone(&self, id: i64, input: MilestoneInput) -> Result<MilestoneRow, ApiError> {
        let (_, app, _, _) = self.staff_application(id, ApplicationAction::WriteFollowUp).await?;
        follow_up::add_milestone(&self.state.db, &app, &input).await
    }

    async fn update_milestone(&self, id: i64, milestone: i64, input: MilestoneInput) -> Result<MilestoneRow, ApiError> {
        let (_, app, _, _) = self.staff_application(id, ApplicationAction::WriteFollowUp).await?;
        follow_up::update_milestone(&self.state.db, &app, milestone, &input).await
    }

    async fn add_tranche(&self, id: i64, req: TrancheRequest) -> Result<TrancheRow, ApiError> {
        let (_, app, _, _) = self.staff_application(id, ApplicationAction::WriteFollowUp).await?;
        follow_up::add_tranche(&self.state.db, &app, &req, self.locale).await
    }

    async fn add_mentoring(&self, id: i64, input: MentoringInput) -> Result<MentoringRow, ApiError> {
        let (me, app, _, _) = self.staff_application(id, ApplicationAction::WriteFollowUp).await?;
        follow_up::add_mentoring(&self.state.db, &app, &input, me.id).await
    }

    async fn save_status_check(&self, id: i64, input: StatusCheckInput) -> Result<FollowUp, ApiError> {
        let (me, app, _, _) = self.staff_application(id, ApplicationAction::WriteFollowUp).await?;
        follow_up::save_check(&self.state.db, &app, &input, me.id).await
    }

    async fn calls_dashboard(&self) -> Result<Vec<DashboardRow>, ApiError> {
        self.require(Access::STAFF).await?;
        calls::dashboard(&self.state.db).await
    }
}
