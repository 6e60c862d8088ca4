-- Issue 14, account state: the labels on an archived message (app state label_message), a JSON array of label ids
-- as threads.labels holds a chat's; null when none.
ALTER TABLE message_archive ADD COLUMN labels text;
