-- Calls for enterprise ideas, applications, their workflow, review,
-- decisions and follow-up. Times are UTC seconds; booleans 0/1; money
-- integer cents. A call's eligibility questions and criteria, and an
-- application's budget lines, are JSON text: they are always read and
-- written whole with their owner, never queried on their own, and reviews
-- refer to a criterion by its position (criteria are frozen once a call is
-- published). Review scores are JSON for the same reason.

CREATE TABLE calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    budget_cents BIGINT NOT NULL CHECK (budget_cents > 0),
    max_per_application_cents BIGINT NOT NULL CHECK (max_per_application_cents > 0),
    eligibility TEXT NOT NULL,
    criteria TEXT NOT NULL,
    blind_review BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'decided')),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL
);

CREATE TABLE call_evaluators (
    call_id BIGINT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    assigned_at BIGINT NOT NULL,
    assigned_by BIGINT REFERENCES people(id),
    PRIMARY KEY (call_id, person_id)
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    applicant_id BIGINT NOT NULL REFERENCES people(id),
    state TEXT NOT NULL,
    -- Raised by every save and state change: autosave's optimistic check.
    version BIGINT NOT NULL DEFAULT 1,
    idea_title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    problem_and_customers TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    community_benefit TEXT NOT NULL DEFAULT '',
    budget_lines TEXT NOT NULL DEFAULT '[]',
    budget_total_cents BIGINT NOT NULL DEFAULT 0,
    requested_cents BIGINT,
    -- A neighbourhood lab; no foreign key: labs live in another module.
    lab_id BIGINT,
    eligibility_answers TEXT NOT NULL DEFAULT '[]',
    consent_at BIGINT,
    assisted_by BIGINT REFERENCES people(id),
    granted_cents BIGINT,
    funded_on TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT,
    UNIQUE (call_id, applicant_id)
);
CREATE INDEX applications_applicant ON applications (applicant_id);
CREATE INDEX applications_call_state ON applications (call_id, state);

CREATE TABLE application_evaluators (
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    assigned_at BIGINT NOT NULL,
    assigned_by BIGINT REFERENCES people(id),
    PRIMARY KEY (application_id, person_id)
);

-- Every state change, written in the same transaction as the change.
CREATE TABLE application_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES people(id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX application_audit_application ON application_audit (application_id, id);

CREATE TABLE application_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    storage_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'odt', 'docx', 'jpeg', 'png')),
    name TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX application_attachments_application ON application_attachments (application_id);

-- One row per evaluator and application: the conflict declaration first,
-- then (without a conflict) the scores.
CREATE TABLE reviews (
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    evaluator_id BIGINT NOT NULL REFERENCES people(id),
    conflict BIGINT NOT NULL,
    conflict_reason TEXT,
    declared_at BIGINT NOT NULL,
    scores TEXT,
    submitted_at BIGINT,
    PRIMARY KEY (application_id, evaluator_id)
);

-- Internal notes (staff, evaluators) and messages to the applicant.
CREATE TABLE application_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    to_applicant BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX application_notes_application ON application_notes (application_id, id);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    letter TEXT NOT NULL,
    feedback TEXT,
    next_step TEXT,
    granted_cents BIGINT,
    decided_by BIGINT REFERENCES people(id),
    decided_at BIGINT NOT NULL
);
CREATE INDEX decisions_application ON decisions (application_id, id);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE tranches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    milestone_id BIGINT REFERENCES milestones(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    due_on TEXT NOT NULL,
    paid_on TEXT,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE mentoring (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    mentor TEXT NOT NULL,
    topic TEXT NOT NULL,
    notes TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);

CREATE TABLE status_checks (
    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    checkpoint TEXT NOT NULL CHECK (checkpoint IN ('six_months', 'twelve_months', 'twenty_four_months')),
    checked_on TEXT NOT NULL,
    active BIGINT NOT NULL,
    people_working BIGINT NOT NULL,
    notes TEXT NOT NULL,
    recorded_by BIGINT REFERENCES people(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (application_id, checkpoint)
);
