-- wabridge schema, version 3.13: each chat's disappearing-messages timer (seconds, 0 = off) and when it was set
-- (epoch seconds, 0 = unknown), kept with the chat in the `threads` domain.

ALTER TABLE threads ADD COLUMN ephemeral_expiration integer NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN ephemeral_setting_timestamp bigint NOT NULL DEFAULT 0;
