-- wabridge store schema, version 1: one table per store domain, session_id leading every primary key, and an
-- epoch column (the lease epoch of the writer, 0 = unfenced) on every row for the fence (see Fence.java).
-- Key columns compared by ORDER BY (paged listings) use the "C" collation: byte order, as MongoDB sorts.

CREATE TABLE credentials (
    session_id                  text    NOT NULL PRIMARY KEY,
    version                     bigint  NOT NULL,
    epoch                       bigint  NOT NULL DEFAULT 0,
    noise_public                bytea   NOT NULL,
    noise_private               bytea   NOT NULL,
    identity_public             bytea   NOT NULL,
    identity_private            bytea   NOT NULL,
    registration_id             integer NOT NULL,
    signed_prekey_id            integer NOT NULL,
    signed_prekey_public        bytea   NOT NULL,
    signed_prekey_private       bytea   NOT NULL,
    signed_prekey_signature     bytea   NOT NULL,
    adv_secret                  bytea   NOT NULL,
    me                          text,
    lid                         text,
    platform                    text,
    push_name                   text,
    account                     bytea,
    routing_info                bytea,
    app_state_key_id            bytea,
    next_prekey_id              integer NOT NULL,
    first_unuploaded_prekey_id  integer NOT NULL,
    registered                  boolean NOT NULL
);

CREATE TABLE signal_sessions (
    session_id  text    NOT NULL,
    name        text    NOT NULL,
    device      integer NOT NULL,
    record      bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, name, device)
);

CREATE TABLE identities (
    session_id    text    NOT NULL,
    name          text    NOT NULL,
    device        integer NOT NULL,
    identity_key  bytea   NOT NULL,
    epoch         bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, name, device)
);

CREATE TABLE prekeys (
    session_id  text    NOT NULL,
    id          integer NOT NULL,
    record      bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
);

CREATE TABLE signed_prekeys (
    session_id  text    NOT NULL,
    id          integer NOT NULL,
    record      bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, id)
);

CREATE TABLE sender_keys (
    session_id  text    NOT NULL,
    group_id    text    NOT NULL,
    name        text    NOT NULL,
    device      integer NOT NULL,
    record      bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, group_id, name, device)
);

CREATE TABLE app_state_keys (
    session_id   text    NOT NULL,
    key_id       bytea   NOT NULL,
    key_data     bytea   NOT NULL,
    fingerprint  bytea   NOT NULL,
    timestamp    bigint  NOT NULL,
    epoch        bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, key_id)
);
CREATE INDEX app_state_keys_latest ON app_state_keys (session_id, timestamp DESC);

CREATE TABLE app_state_versions (
    session_id  text    NOT NULL,
    collection  text    NOT NULL,
    version     bigint  NOT NULL,
    hash        bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, collection)
);

CREATE TABLE app_state_macs (
    session_id  text    NOT NULL,
    collection  text    NOT NULL,
    index_mac   bytea   NOT NULL,
    value_mac   bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, collection, index_mac)
);

CREATE TABLE privacy_tokens (
    session_id  text    NOT NULL,
    jid         text    NOT NULL,
    token       bytea   NOT NULL,
    timestamp   bigint  NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, jid)
);

CREATE TABLE messages (
    session_id  text    NOT NULL,
    chat        text    NOT NULL,
    id          text    NOT NULL,
    message     bytea   NOT NULL,
    expires_at  bigint  NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, chat, id)
);
CREATE INDEX messages_expiry ON messages (expires_at);

CREATE TABLE threads (
    session_id              text COLLATE "C" NOT NULL,
    jid                     text COLLATE "C" NOT NULL,
    name                    text,
    last_message_timestamp  bigint  NOT NULL,
    unread_count            integer NOT NULL,
    archived                boolean NOT NULL,
    pinned                  boolean NOT NULL,
    mute_end_timestamp      bigint  NOT NULL,
    epoch                   bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, jid)
);

CREATE TABLE contacts (
    session_id  text COLLATE "C" NOT NULL,
    jid         text COLLATE "C" NOT NULL,
    full_name   text,
    first_name  text,
    push_name   text,
    epoch       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, jid)
);

-- One row per direction: 'p' (pn -> lid) and 'l' (lid -> pn), so each lookup is one primary-key hit.
CREATE TABLE lid_mappings (
    session_id  text    NOT NULL,
    direction   char(1) NOT NULL,
    k           text    NOT NULL,
    v           text    NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, direction, k)
);
