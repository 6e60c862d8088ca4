package io.wabridge.store.mongo;

import org.bson.BsonDocument;
import org.bson.BsonString;

/** Filters for key-ordered pages: the session's documents whose key field is after an exclusive cursor. */
final class Paging {

    private Paging() {
    }

    static BsonDocument after(String sessionId, String keyField, String afterKey) {
        BsonDocument filter = Docs.session(sessionId);
        return afterKey == null ? filter : filter.append(keyField, new BsonDocument("$gt", new BsonString(afterKey)));
    }
}
