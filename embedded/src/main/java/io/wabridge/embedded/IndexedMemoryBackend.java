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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mongo-java-server's memory backend, with one difference: a query that names every field of a unique index by
 * value AND adds conditions (e.g. {@code {s: "acme", n: "bob", d: 0, e: {$not: {$gt: 3}}}}, the epoch
 * fence of every store write) is served by that index and the extra conditions checked on the one document it
 * finds. The stock backend uses an index only when the query has exactly the index's fields, so such a query scans
 * the whole collection: thousands of documents per write under load, until the server stops answering heartbeats.
 * Real MongoDB plans these queries on the index by itself; this only keeps the test server close to that.
 *
 * <p>Likewise a query naming {@code prefixField} by a string value (the session id {@code s} of every store
 * document: a session's wipe, a take-over claim, device lists) is served by a hash of that field instead of a scan,
 * as MongoDB serves it from the compound indexes that start with it.
 */
final class IndexedMemoryBackend extends MemoryBackend {

    private final String prefixField;

    IndexedMemoryBackend(String prefixField) {
        this.prefixField = prefixField;
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new IndexedCollection(this, collectionName, options, getCursorRegistry(), prefixField);
            }
        };
    }

    private static final class IndexedCollection extends MemoryCollection {
        private final String prefixField;
        /** Value of {@code prefixField} -> positions of the documents holding it (string values only). */
        private final Map<String, Set<Integer>> byPrefix = new ConcurrentHashMap<>();
        /** Position -> the value it is filed under, to move it when an update changes the field. */
        private final Map<Integer, String> filedAs = new ConcurrentHashMap<>();
        /** Set once a document holds a non-string value there (an array matches by element): scan from then on. */
        private volatile boolean unfileable;

        IndexedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors,
                          String prefixField) {
            super(database, name, options, cursors);
            this.prefixField = prefixField;
        }

        @Override
        protected Integer addDocumentInternal(Document document) {
            Integer position = super.addDocumentInternal(document);
            file(position, document.get(prefixField));
            return position;
        }

        @Override
        protected void removeDocument(Integer position) {
            super.removeDocument(position);
            unfile(position);
        }

        /** Updates change documents in place; refile if the field changed. */
        @Override
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            super.handleUpdate(position, oldDocument, newDocument);
            Object now = getDocument(position).get(prefixField);
            if (!Objects.equals(filedAs.get(position), now instanceof String v ? v : null)) {
                unfile(position);
                file(position, now);
            }
        }

        private void file(Integer position, Object value) {
            if (value != null && !(value instanceof String)) {
                unfileable = true;
            }
            if (value instanceof String v) {
                byPrefix.computeIfAbsent(v, k -> ConcurrentHashMap.newKeySet()).add(position);
                filedAs.put(position, v);
            }
        }

        private void unfile(Integer position) {
            String was = filedAs.remove(position);
            if (was != null) {
                byPrefix.computeIfPresent(was, (k, positions) -> {
                    positions.remove(position);
                    return positions.isEmpty() ? null : positions;
                });
            }
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
            if (query.get(prefixField) instanceof String value && !unfileable) {
                Set<Integer> filed = byPrefix.get(value);
                List<Integer> positions = filed == null ? new ArrayList<>() : new ArrayList<>(filed);
                positions.sort(null); // the scan's order: by position
                return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fieldSelector);
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
