-- wabridge schema, version 3.1: the message archive of the `messages` domain (received and sent messages kept for
-- quotes, edits and on-demand history; bounded per session by the store's archive retention). Times are epoch ms.

CREATE TABLE message_archive (
    session_id  text COLLATE "C" NOT NULL,
    chat        text COLLATE "C" NOT NULL,
    id          text COLLATE "C" NOT NULL,
    from_me     boolean NOT NULL,
    sender      text    NOT NULL,
    sender_pn   text,
    sender_lid  text,
    push_name   text,
    ts          bigint  NOT NULL,
    message     bytea   NOT NULL,
    epoch       bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, chat, id)
);
CREATE INDEX message_archive_chat_time ON message_archive (session_id, chat, ts, id);
CREATE INDEX message_archive_session_time ON message_archive (session_id, ts, id, chat);
