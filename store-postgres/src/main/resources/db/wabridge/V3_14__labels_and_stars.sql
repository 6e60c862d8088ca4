-- Issue 14, account state: the account's labels (app state label_edit), each chat's label ids (label_jid, a JSON
-- array of strings; null when none), the starred flag of archived messages (app state star) and the account's
-- locale (app state setting_locale) with the credentials.
CREATE TABLE chat_labels (
    session_id  text COLLATE "C" NOT NULL,
    label_id    text COLLATE "C" NOT NULL,
    name        text,
    color       integer NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, label_id)
);
ALTER TABLE threads ADD COLUMN labels text;
ALTER TABLE message_archive ADD COLUMN starred boolean NOT NULL DEFAULT false;
ALTER TABLE credentials ADD COLUMN locale text;
