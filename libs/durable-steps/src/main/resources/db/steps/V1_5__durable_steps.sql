-- Durable steps (libs/durable-steps), shared by every service that calls out to Zuora, Salesforce or SMTP.
-- Add "db/steps" to the service's Flyway locations. Version 1.5: after a service's first migration (V1), before
-- its V2, so services that already ran V1 take it as the next migration.

-- The work a service owes, one row per kind of step and subject (an order id): what to do, for which operator
-- attempt, its retry state and its deadline. Operators read it (the order's timeline, the stuck list).
--   pending  recorded, to be run (again) at next_attempt_at
--   done     succeeded
--   failed   ended by a refusal that no retry will change; waits for an operator's retry
--   stuck    its deadline passed while it still failed: an operator incident
CREATE TABLE step (
    kind            text        NOT NULL,
    subject         text        NOT NULL,
    order_id        uuid        NOT NULL,
    attempt         integer     NOT NULL DEFAULT 0,
    state           text        NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'stuck')),
    payload         text,
    tries           integer     NOT NULL DEFAULT 0,
    -- Bumped whenever the step is made due again from outside; a try that started before does not end it.
    generation      integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    deadline        timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    PRIMARY KEY (kind, subject)
);
CREATE INDEX step_of_order ON step (order_id);
CREATE INDEX step_unfinished ON step (kind, state) WHERE state <> 'done';

-- Every try of a step: when, how long, how it ended (the timeline operators read).
CREATE TABLE step_try (
    kind        text        NOT NULL,
    subject     text        NOT NULL,
    try_number  integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    outcome     text        NOT NULL,
    detail      text,
    PRIMARY KEY (kind, subject, try_number)
);

-- db-scheduler's execution queue (its documented PostgreSQL schema): which step runs when, and who runs it.
-- A row per pending step: task_name = step kind, task_instance = subject; deleted when the step ends.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
