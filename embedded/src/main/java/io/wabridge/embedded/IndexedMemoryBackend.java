package io.wabridge.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's memory backend, with one difference: a query that names every field of a unique index by
 * value AND adds conditions (e.g. {@code {s: "acme", n: "bob", d: 0, $or: [{e: {$lte: 3}}, ...]}}, the epoch
 * fence of every store write) is served by that index and the extra conditions checked on the one document it
 * finds. The stock backend uses an index only when the query has exactly the index's fields, so such a query scans
 * the whole collection: thousands of documents per write under load, until the server stops answering heartbeats.
 * Real MongoDB plans these queries on the index by itself; this only keeps the test server close to that.
 */
final class IndexedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new IndexedCollection(this, collectionName, options, getCursorRegistry());
            }
        };
    }

    private static final class IndexedCollection extends MemoryCollection {

        IndexedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            for (Index<Integer> index : getIndexes()) {
                Document byKey = keyPart(index, query);
                if (byKey != null && index.canHandle(byKey)) {
                    return matchDocuments(query, index.getPositions(byKey), orderBy, skip, limit, batchSize,
                            fieldSelector);
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /** The query restricted to the unique index's fields, if it names all of them and has more; else null. */
        private static Document keyPart(Index<Integer> index, Document query) {
            if (!index.isUnique() || query.size() <= index.getKeys().size()) {
                return null;
            }
            Document byKey = new Document();
            for (IndexKey key : index.getKeys()) {
                Object value = query.get(key.getKey());
                if (value == null || value instanceof Document) {
                    return null;
                }
                byKey.put(key.getKey(), value);
            }
            return byKey;
        }
    }
}
