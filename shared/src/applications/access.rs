//! Who may do what on one application: one rule, [`Standing::allows`], that
//! every server path asks (the pages' server functions and the JSON API go
//! through the same backend methods), and the pages read back through
//! [`super::ApplicationView::may`] to choose their panels.
//!
//! The principle: **no one judges their own idea.** The applicant and the
//! staff member who filled the application in with them act only as the
//! applicant on it: they never review it, serve as its evaluator, assign
//! its evaluators, screen or decide it, nor read its internal notes and the
//! committee's reviews, whatever roles they hold. An evaluator who declared
//! a conflict of interest is recused from everything on it, staff powers
//! included. In a blind call, evaluators never learn who applied.

use super::{actors, Actor};
use crate::error::{ApiError, ValidationCode};
use crate::people::Role;
use serde::{Deserialize, Serialize};

/// What an assigned evaluator declared on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Declaration {
    Undeclared,
    NoConflict,
    Conflict,
}

/// How a person stands to one application. Only the closest tie counts
/// (see [`Relation::of`]): an evaluator of the call who is the applicant is
/// the applicant, and so recused from reviewing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The resident who owns it.
    Applicant,
    /// The staff member who filled it in with the resident.
    AssistingStaff,
    /// Assigned to review it (to its whole call or to it alone).
    Evaluator(Declaration),
    /// None of these.
    Unrelated,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Applicant,
        Relation::AssistingStaff,
        Relation::Evaluator(Declaration::Undeclared),
        Relation::Evaluator(Declaration::NoConflict),
        Relation::Evaluator(Declaration::Conflict),
        Relation::Unrelated,
    ];

    /// The relation from the facts: owning beats assisting beats being
    /// assigned (`assigned`: the declaration when assigned, `None` when not).
    pub fn of(applicant: bool, assisting: bool, assigned: Option<Declaration>) -> Relation {
        match (applicant, assisting, assigned) {
            (true, _, _) => Relation::Applicant,
            (false, true, _) => Relation::AssistingStaff,
            (false, false, Some(d)) => Relation::Evaluator(d),
            (false, false, None) => Relation::Unrelated,
        }
    }

    /// The applicant, or the staff member acting as them.
    pub fn applicant_side(self) -> bool {
        matches!(self, Relation::Applicant | Relation::AssistingStaff)
    }

    /// Whether an evaluator assigned to the whole call is recused from this
    /// application because it is their own (recorded in its audit log).
    pub fn recused_as_own(self) -> bool {
        self.applicant_side()
    }
}

/// Something done to, or read of, one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApplicationAction {
    /// The call and the idea's title: what an evaluator reads before
    /// declaring a conflict of interest or none.
    ReadSubject,
    /// The public part: texts, budget, attachments, state, timeline.
    ReadContent,
    /// Who applied: name, email, who assisted, the files' own names, the
    /// decision letter (addressed to the applicant by name).
    ReadIdentity,
    /// Messages sent to the applicant.
    ReadMessages,
    ReadInternalNotes,
    WriteInternalNote,
    /// Write to the applicant (also emailed).
    MessageApplicant,
    /// The committee's reviews (scorers see the others' after their own).
    ReadReviews,
    /// Declare a conflict of interest or none, then score.
    Review,
    /// Be assigned as its evaluator: asked of the person to be assigned.
    ServeAsEvaluator,
    AssignEvaluators,
    /// Edit the texts, attach files, submit, resubmit, withdraw.
    ActAsApplicant,
    /// The staff workflow steps: screening, requests for information,
    /// starting the review, funding, closing.
    StaffStep,
    /// Approve, approve with conditions, reject (the decision route).
    Decide,
    ReadFollowUp,
    WriteFollowUp,
}

impl ApplicationAction {
    pub const ALL: [ApplicationAction; 16] = [
        ApplicationAction::ReadSubject,
        ApplicationAction::ReadContent,
        ApplicationAction::ReadIdentity,
        ApplicationAction::ReadMessages,
        ApplicationAction::ReadInternalNotes,
        ApplicationAction::WriteInternalNote,
        ApplicationAction::MessageApplicant,
        ApplicationAction::ReadReviews,
        ApplicationAction::Review,
        ApplicationAction::ServeAsEvaluator,
        ApplicationAction::AssignEvaluators,
        ApplicationAction::ActAsApplicant,
        ApplicationAction::StaffStep,
        ApplicationAction::Decide,
        ApplicationAction::ReadFollowUp,
        ApplicationAction::WriteFollowUp,
    ];
}

/// A person (their roles) as they stand to one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub roles: Vec<Role>,
    pub relation: Relation,
    /// The call's review is blind.
    pub blind: bool,
    /// The application is still a draft: the committee does not see drafts.
    pub draft: bool,
}

impl Standing {
    /// The rule. Roles give powers; the relation takes them away.
    pub fn allows(&self, action: ApplicationAction) -> bool {
        use ApplicationAction::*;
        let staff = self.roles.iter().any(|r| matches!(r, Role::Staff | Role::Admin));
        let evaluator = self.roles.contains(&Role::Evaluator);
        let own = self.relation.applicant_side();
        // Assigned, not recused, and the application submitted.
        let reviewing = evaluator
            && !self.draft
            && matches!(self.relation, Relation::Evaluator(Declaration::Undeclared | Declaration::NoConflict));
        // …and declared no conflict: may read the content.
        let cleared = reviewing && self.relation == Relation::Evaluator(Declaration::NoConflict);
        // Staff with no tie to it that would make them judge their own idea
        // or one they declared a conflict on.
        let office = staff && !own && self.relation != Relation::Evaluator(Declaration::Conflict);
        match action {
            ReadSubject | Review => reviewing,
            ReadContent | ReadMessages => own || office || cleared,
            // Who applied matters to the conflict declaration, so a reviewer
            // reads it before declaring, unless the review is blind.
            ReadIdentity => own || office || (reviewing && !self.blind),
            ReadInternalNotes | WriteInternalNote | ReadReviews => office || cleared,
            MessageApplicant | AssignEvaluators | StaffStep | Decide | WriteFollowUp => office,
            ServeAsEvaluator => evaluator && !own,
            ActAsApplicant => own,
            ReadFollowUp => own || office,
        }
    }

    /// [`Self::allows`] as an error: 403, except for
    /// [`ApplicationAction::ServeAsEvaluator`], asked about someone else,
    /// which answers 422 on field `person_id` saying why.
    pub fn check(&self, action: ApplicationAction) -> Result<(), ApiError> {
        if self.allows(action) {
            return Ok(());
        }
        Err(match action {
            ApplicationAction::ServeAsEvaluator if !self.roles.contains(&Role::Evaluator) => {
                ApiError::validation("person_id", ValidationCode::NotEvaluator)
            }
            ApplicationAction::ServeAsEvaluator => ApiError::validation("person_id", ValidationCode::OwnApplication),
            _ => ApiError::Forbidden,
        })
    }

    /// Everything this person may do, in [`ApplicationAction::ALL`] order.
    pub fn allowed(&self) -> Vec<ApplicationAction> {
        ApplicationAction::ALL.into_iter().filter(|a| self.allows(*a)).collect()
    }

    /// The actors of the workflow table ([`super::TRANSITIONS`]) this person
    /// is on the application: only the applicant when applicant-side, none
    /// when recused by a conflict, their roles' otherwise.
    pub fn actors(&self) -> Vec<Actor> {
        match self.relation {
            Relation::Applicant | Relation::AssistingStaff => vec![Actor::Applicant],
            Relation::Evaluator(Declaration::Conflict) => Vec::new(),
            Relation::Evaluator(_) | Relation::Unrelated => actors(&self.roles, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::{transition, Action, ApplicationState, TRANSITIONS};
    use ApplicationAction::*;

    /// Every set of roles: the 16 subsets of the four.
    fn role_sets() -> Vec<Vec<Role>> {
        (0u32..1 << Role::ALL.len())
            .map(|mask| {
                Role::ALL.into_iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, r)| r).collect()
            })
            .collect()
    }

    /// The rule written out a second time, as a table per relation: which
    /// actions each kind of person may take. `S` staff or admin, `E`
    /// evaluator role, `B` blind call, `D` draft.
    fn expected(relation: Relation, roles: &[Role], blind: bool, draft: bool, action: ApplicationAction) -> bool {
        let s = roles.contains(&Role::Staff) || roles.contains(&Role::Admin);
        let e = roles.contains(&Role::Evaluator);
        match relation {
            // The applicant and who assisted them: their own side only,
            // whatever their roles.
            Relation::Applicant | Relation::AssistingStaff => {
                matches!(action, ReadContent | ReadMessages | ReadIdentity | ActAsApplicant | ReadFollowUp)
            }
            // Recused: nothing at all, staff or not (being assigned again
            // changes nothing: the declaration stays).
            Relation::Evaluator(Declaration::Conflict) => action == ServeAsEvaluator && e,
            Relation::Evaluator(d) => {
                let reviewer = e && !draft;
                let cleared = reviewer && d == Declaration::NoConflict;
                match action {
                    ReadSubject | Review => reviewer,
                    ReadContent | ReadMessages | ReadInternalNotes | WriteInternalNote | ReadReviews => s || cleared,
                    ReadIdentity => s || (reviewer && !blind),
                    MessageApplicant | AssignEvaluators | StaffStep | Decide | WriteFollowUp | ReadFollowUp => s,
                    ServeAsEvaluator => e,
                    ActAsApplicant => false,
                }
            }
            Relation::Unrelated => match action {
                ReadSubject | Review | ActAsApplicant => false,
                ServeAsEvaluator => e,
                _ => s,
            },
        }
    }

    #[test]
    fn the_whole_matrix_of_relations_roles_and_actions() {
        let mut checked = 0;
        for relation in Relation::ALL {
            for roles in role_sets() {
                for blind in [false, true] {
                    for draft in [false, true] {
                        let standing = Standing { roles: roles.clone(), relation, blind, draft };
                        for action in ApplicationAction::ALL {
                            assert_eq!(
                                standing.allows(action),
                                expected(relation, &roles, blind, draft, action),
                                "{relation:?} {roles:?} blind={blind} draft={draft} {action:?}"
                            );
                            assert_eq!(standing.check(action).is_ok(), standing.allows(action));
                            checked += 1;
                        }
                        let allowed = standing.allowed();
                        assert!(allowed.iter().all(|a| standing.allows(*a)));
                        assert_eq!(
                            allowed.len(),
                            ApplicationAction::ALL.iter().filter(|a| standing.allows(**a)).count()
                        );
                    }
                }
            }
        }
        assert_eq!(checked, 6 * 16 * 2 * 2 * 16);
    }

    #[test]
    fn no_one_judges_their_own_idea_whatever_their_roles() {
        let judging = [
            ReadInternalNotes,
            WriteInternalNote,
            ReadReviews,
            Review,
            ServeAsEvaluator,
            AssignEvaluators,
            StaffStep,
            Decide,
            MessageApplicant,
            WriteFollowUp,
        ];
        let everything = Role::ALL.to_vec();
        for relation in [Relation::Applicant, Relation::AssistingStaff] {
            for blind in [false, true] {
                let s = Standing { roles: everything.clone(), relation, blind, draft: false };
                for action in judging {
                    assert!(!s.allows(action), "{relation:?} {action:?}");
                }
                assert!(s.allows(ActAsApplicant) && s.allows(ReadIdentity));
                assert_eq!(s.actors(), [Actor::Applicant]);
            }
        }
    }

    #[test]
    fn the_closest_tie_wins() {
        let d = Some(Declaration::NoConflict);
        assert_eq!(Relation::of(true, true, d), Relation::Applicant);
        assert_eq!(Relation::of(true, false, d), Relation::Applicant, "an evaluator who applies is the applicant");
        assert_eq!(Relation::of(false, true, d), Relation::AssistingStaff);
        assert_eq!(Relation::of(false, false, d), Relation::Evaluator(Declaration::NoConflict));
        assert_eq!(Relation::of(false, false, None), Relation::Unrelated);
        assert!(Relation::Applicant.recused_as_own() && Relation::AssistingStaff.recused_as_own());
        assert!(!Relation::Evaluator(Declaration::Undeclared).recused_as_own());
    }

    #[test]
    fn staff_steps_and_decisions_agree_with_the_workflow_table() {
        // A staff transition is possible for the rule's actors exactly when
        // the rule allows the step (or the decision) itself.
        for relation in Relation::ALL {
            for roles in role_sets() {
                let s = Standing { roles: roles.clone(), relation, blind: false, draft: false };
                let who = s.actors();
                for step in TRANSITIONS.iter().filter(|t| t.who.contains(&Actor::Staff)) {
                    let by_table = transition(step.from, step.action, &who, Some("motivo")).is_ok();
                    let decision =
                        matches!(step.action, Action::Approve | Action::ApproveWithConditions | Action::Reject);
                    let by_rule = s.allows(if decision { Decide } else { StaffStep });
                    assert_eq!(by_table, by_rule, "{relation:?} {roles:?} {:?}", step.action);
                }
                let submit = transition(ApplicationState::Draft, Action::Submit, &who, None).is_ok();
                assert_eq!(submit, s.allows(ActAsApplicant), "{relation:?} {roles:?}");
            }
        }
    }

    #[test]
    fn refusals_say_why() {
        let own = Standing { roles: vec![Role::Evaluator], relation: Relation::Applicant, blind: false, draft: false };
        let e = own.check(ServeAsEvaluator).unwrap_err();
        assert_eq!(e, ApiError::validation("person_id", ValidationCode::OwnApplication));
        let resident =
            Standing { roles: vec![Role::Resident], relation: Relation::Unrelated, blind: false, draft: false };
        assert_eq!(
            resident.check(ServeAsEvaluator).unwrap_err(),
            ApiError::validation("person_id", ValidationCode::NotEvaluator)
        );
        assert_eq!(resident.check(Decide).unwrap_err(), ApiError::Forbidden);
        let text = ValidationCode::OwnApplication.text();
        assert!(!text.it.is_empty() && text.it != text.en);
    }
}
