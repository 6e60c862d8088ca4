-- wabridge schema, version 2: what the bridge keeps next to the account stores (session registry, session leases,
-- command results), so a deployment on PostgreSQL needs no MongoDB. Times are epoch milliseconds.

CREATE TABLE bridge_sessions (
    id          text    NOT NULL PRIMARY KEY,
    desired     text    NOT NULL,
    state       text    NOT NULL,
    partition   integer NOT NULL,
    partitions  integer NOT NULL,
    me_pn       text,
    me_lid      text,
    owner       text,
    epoch       bigint,           -- lease epoch of the latest fenced write; NULL: none yet
    created     bigint  NOT NULL,
    updated     bigint  NOT NULL
);
CREATE INDEX bridge_sessions_desired_partition ON bridge_sessions (desired, partition);

CREATE TABLE leases (
    session_id  text   NOT NULL PRIMARY KEY,
    owner       text,
    epoch       bigint NOT NULL,
    expires     bigint NOT NULL,
    acquired    bigint NOT NULL
);
CREATE INDEX leases_owner ON leases (owner);

CREATE TABLE command_results (
    session_id  text   NOT NULL,
    command_id  text   NOT NULL,
    type        text   NOT NULL,
    result      bytea  NOT NULL,
    at          bigint NOT NULL,
    PRIMARY KEY (session_id, command_id)
);
CREATE INDEX command_results_at ON command_results (at);
