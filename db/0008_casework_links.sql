-- 0008: what ties casework together: the procedure a case follows, the patrol finding a case
-- grew from, the ticket a patrol was planned for, the re-inspection of an order to correct, and
-- the number series of on-the-spot decisions.
-- Never edit this file once shipped: add 0009_….sql instead.

-- Brigades (大队) of the bureau, each over some street teams. The bureau is the database.
CREATE TABLE brigades (
    code      TEXT    NOT NULL PRIMARY KEY CHECK (length(trim(code)) > 0),
    name      TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    event_seq INTEGER NOT NULL UNIQUE REFERENCES events (seq)
) STRICT;

CREATE TRIGGER brigades_are_never_deleted BEFORE DELETE ON brigades
BEGIN
    SELECT RAISE(ABORT, 'brigades are never deleted');
END;

-- The brigade a team belongs to (set when the team is added).
ALTER TABLE teams ADD COLUMN brigade_code TEXT REFERENCES brigades (code);

-- 'simple': decided on the spot by two officers (APL arts. 51–52); its number is the decision's.
ALTER TABLE cases ADD COLUMN procedure TEXT NOT NULL DEFAULT 'ordinary'
    CHECK (procedure IN ('ordinary', 'simple'));
-- The finding (patrol, seq) the case was opened from; set at opening, never changed.
ALTER TABLE cases ADD COLUMN finding_patrol INTEGER REFERENCES patrols (id);
ALTER TABLE cases ADD COLUMN finding_seq INTEGER
    CHECK ((finding_patrol IS NULL) = (finding_seq IS NULL));

CREATE TRIGGER case_origin_is_fixed
BEFORE UPDATE OF procedure, finding_patrol, finding_seq ON cases
BEGIN
    SELECT RAISE(ABORT, 'where a case came from is never edited');
END;

-- A patrol planned to look into a ticket (a complaint turned into a patrol task).
ALTER TABLE patrols ADD COLUMN ticket_id INTEGER REFERENCES tickets (id);

CREATE TRIGGER patrol_ticket_is_fixed BEFORE UPDATE OF ticket_id ON patrols
BEGIN
    SELECT RAISE(ABORT, 'the ticket a patrol was planned for is never edited');
END;

-- A finding made on re-inspecting an order to correct (责令限期改正): it closes that task.
ALTER TABLE patrol_findings ADD COLUMN reinspects_patrol INTEGER REFERENCES patrols (id);
ALTER TABLE patrol_findings ADD COLUMN reinspects_seq INTEGER
    CHECK ((reinspects_patrol IS NULL) = (reinspects_seq IS NULL));
CREATE UNIQUE INDEX one_reinspection_per_order
    ON patrol_findings (reinspects_patrol, reinspects_seq) WHERE reinspects_patrol IS NOT NULL;
-- The re-inspection task an order to correct leaves: open until a finding re-inspects it (then
-- marked done, once). The open ones are few however long the history: a partial index.
CREATE TABLE reinspection_tasks (
    patrol_id   INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    team_code   TEXT    NOT NULL REFERENCES teams (code),
    due         TEXT    NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    done_patrol INTEGER,
    done_seq    INTEGER CHECK ((done_patrol IS NULL) = (done_seq IS NULL)),
    PRIMARY KEY (patrol_id, seq),
    FOREIGN KEY (patrol_id, seq) REFERENCES patrol_findings (patrol_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX open_reinspections ON reinspection_tasks (due) WHERE done_patrol IS NULL;

CREATE TRIGGER reinspections_are_done_once BEFORE UPDATE ON reinspection_tasks
WHEN OLD.done_patrol IS NOT NULL OR NEW.patrol_id IS NOT OLD.patrol_id
     OR NEW.seq IS NOT OLD.seq OR NEW.due IS NOT OLD.due OR NEW.team_code IS NOT OLD.team_code
BEGIN
    SELECT RAISE(ABORT, 'a re-inspection task is marked done once, and nothing else changes');
END;

CREATE TRIGGER reinspection_tasks_are_never_deleted BEFORE DELETE ON reinspection_tasks
BEGIN
    SELECT RAISE(ABORT, 're-inspection tasks are never deleted');
END;

-- Number series other than the case numbers (the simple procedure's decisions): one counter per
-- series and year, only ever raised, so a number is never given twice.
CREATE TABLE decision_counters (
    series TEXT    NOT NULL CHECK (series IN ('simple')),
    year   INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last   INTEGER NOT NULL CHECK (last > 0),
    PRIMARY KEY (series, year)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER decision_numbers_only_go_up BEFORE UPDATE ON decision_counters
WHEN NEW.last <= OLD.last
BEGIN
    SELECT RAISE(ABORT, 'decision numbers are never reused');
END;

-- Tickets: a transfer out of the bureau's remit is due within its own period; the callback
-- (回访) result is kept with the ticket's actions.
CREATE INDEX patrols_by_ticket ON patrols (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX cases_by_finding ON cases (finding_patrol, finding_seq) WHERE finding_patrol IS NOT NULL;
