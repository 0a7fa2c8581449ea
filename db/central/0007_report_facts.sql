-- 0007: what each station's reports count, as its pushes sent them, so that the bureau's report
-- over every station (`zhifa --central URL report`) is counted by the same code as a station's
-- own (`report::count_stations`). A projection of the station's records, itself re-derivable
-- from its events (the station's `zhifa verify` replays the rows it is read from); the events
-- above stay the record. Each push sends the records its events touched, as the station then
-- stood, replacing the rows held for them (so a push sent twice, or cut and resumed, leaves the
-- same rows). No parties, reporters, phones, identity numbers or facts: only what is counted.

-- A patrol planned, with its findings: [[seq, action, grid or null], …].
CREATE TABLE report_patrols (
    station    text    NOT NULL REFERENCES stations (code),
    id         bigint  NOT NULL,
    team       text    NOT NULL,
    grids      jsonb   NOT NULL,
    officers   jsonb   NOT NULL,
    planned_on date    NOT NULL,
    status     text    NOT NULL,
    findings   jsonb   NOT NULL,
    PRIMARY KEY (station, id)
);
CREATE INDEX report_patrols_by_day ON report_patrols (planned_on);

-- A re-inspection an order to correct left (with its finding's grid).
CREATE TABLE report_reinspections (
    station text    NOT NULL REFERENCES stations (code),
    patrol  bigint  NOT NULL,
    seq     bigint  NOT NULL,
    team    text    NOT NULL,
    grid    text,
    due     date    NOT NULL,
    done    boolean NOT NULL,
    PRIMARY KEY (station, patrol, seq)
);
CREATE INDEX report_reinspections_by_due ON report_reinspections (due);

-- A complaint: when, how it came, what was done about it, its item's domain and department.
CREATE TABLE report_tickets (
    station     text    NOT NULL REFERENCES stations (code),
    id          bigint  NOT NULL,
    team        text,
    channel     text    NOT NULL,
    received_on date    NOT NULL,
    reply_due   date,
    replied_on  date,
    transferred boolean NOT NULL,
    repeat      boolean NOT NULL,
    callback    boolean,
    domain      text,
    department  text,
    PRIMARY KEY (station, id)
);
CREATE INDEX report_tickets_by_day ON report_tickets (received_on);

-- A case: its team, grid, first item's domain and department, source, and its procedural state
-- (`Case`, without its free texts); lead_on, decided_on and open repeat what the state says, for
-- the period's ranges.
CREATE TABLE report_cases (
    station    text    NOT NULL REFERENCES stations (code),
    id         bigint  NOT NULL,
    team       text    NOT NULL,
    grid       text,
    domain     text,
    department text,
    source     text    NOT NULL,
    lead_on    date    NOT NULL,
    decided_on date,
    open       boolean NOT NULL,
    state      jsonb   NOT NULL,
    PRIMARY KEY (station, id)
);
CREATE INDEX report_cases_by_lead ON report_cases (lead_on);
CREATE INDEX report_cases_by_decision ON report_cases (decided_on);
CREATE INDEX report_cases_open ON report_cases (station) WHERE open;

-- Per station, replaced whole at each push: its officers (certificates), the names of its
-- teams, grids and officers, and the calendar years it loaded (its clocks are judged on them).
CREATE TABLE report_officers (
    station     text    NOT NULL REFERENCES stations (code),
    badge       text    NOT NULL,
    team        text,
    role        text    NOT NULL,
    active      boolean NOT NULL,
    cert_expiry date,
    PRIMARY KEY (station, badge)
);

CREATE TABLE report_names (
    station text NOT NULL REFERENCES stations (code),
    code    text NOT NULL,
    name    text NOT NULL,
    PRIMARY KEY (station, code)
);

CREATE TABLE report_calendars (
    station   text    NOT NULL REFERENCES stations (code),
    year      integer NOT NULL,
    file_text text    NOT NULL,
    PRIMARY KEY (station, year)
);

-- Per station: the last event whose records' facts are at the centre (a push resumes after it).
CREATE TABLE report_facts_pushed (
    station     text        PRIMARY KEY REFERENCES stations (code),
    through_seq bigint      NOT NULL CHECK (through_seq >= 0),
    pushed_at   timestamptz NOT NULL DEFAULT now()
);
