package io.wabridge.store.postgres;

import io.wabridge.store.postgres.entity.CredentialsRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.hibernate.reactive.stage.Stage;

/**
 * A session's rows through the entities: reads by key or by HQL, and the fenced HQL delete every store uses
 * ({@code delete ... where session = :session and epoch <= :epoch and ...}: a view that lost the session deletes only
 * what no newer epoch wrote; a fenced delete changes nothing and is not an error). HQL names the entity as {@code r}.
 */
final class Rows {

    private Rows() {
    }

    /** The row of {@code entity} with key {@code id}, if any. */
    static <T> Optional<T> get(Database db, Class<T> entity, Object id) {
        return Optional.ofNullable(db.read(s -> s.get(entity, id)));
    }

    /**
     * The session's rows of {@code entity} matching {@code where} (HQL; empty for all), in {@code orderBy} order (HQL;
     * null for any), at most {@code limit} (0: all).
     */
    static <T> List<T> list(Database db, String sessionId, Class<T> entity, String where, Map<String, ?> params,
                            String orderBy, int limit) {
        String hql = "from " + entity.getSimpleName() + " r where " + session(entity) + " = :session"
                + (where.isEmpty() ? "" : " and " + where) + (orderBy == null ? "" : " order by " + orderBy);
        return db.read(s -> {
            Stage.SelectionQuery<T> q = s.createSelectionQuery(hql, entity).setParameter("session", sessionId);
            params.forEach(q::setParameter);
            if (limit > 0) {
                q.setMaxResults(limit);
            }
            return q.getResultList();
        });
    }

    /** One value ({@code select}, HQL over {@code r}) of the session's rows of {@code entity}: a count, a maximum. */
    static <V> V aggregate(Database db, String sessionId, Class<?> entity, String select, Class<V> type) {
        String hql = "select " + select + " from " + entity.getSimpleName() + " r where " + session(entity) + " = :session";
        return db.read(s -> s.createSelectionQuery(hql, type).setParameter("session", sessionId).getSingleResult());
    }

    /** {@link #delete(Stage.StatelessSession, Fence, Class, String, Map)} in a transaction of its own. */
    static int delete(Database db, Fence fence, Class<?> entity, String where, Map<String, ?> params) {
        return db.write(s -> delete(s, fence, entity, where, params));
    }

    /** Deletes the session's rows of {@code entity} matching {@code where} (HQL; empty for all) that no newer epoch wrote. */
    static CompletionStage<Integer> delete(Stage.StatelessSession s, Fence fence, Class<?> entity, String where,
                                           Map<String, ?> params) {
        return fenced(s, fence, "delete from " + entity.getSimpleName() + " r", entity, where, params);
    }

    /** Stamps the session's rows of {@code entity} with the fence's epoch, but those a newer epoch wrote. */
    static CompletionStage<Integer> claim(Stage.StatelessSession s, Fence fence, Class<?> entity) {
        return fenced(s, fence, "update " + entity.getSimpleName() + " r set r.epoch = :epoch", entity, "", Map.of());
    }

    private static CompletionStage<Integer> fenced(Stage.StatelessSession s, Fence fence, String head, Class<?> entity,
                                                   String where, Map<String, ?> params) {
        Stage.MutationQuery q = s.createMutationQuery(head + " where " + session(entity) + " = :session and r.epoch <= :epoch"
                        + (where.isEmpty() ? "" : " and " + where))
                .setParameter("session", fence.sessionId()).setParameter("epoch", fence.epoch());
        params.forEach(q::setParameter);
        return q.executeUpdate();
    }

    /** The path of the session id: the key itself for the credentials, the key's first part elsewhere. */
    private static String session(Class<?> entity) {
        return entity == CredentialsRow.class ? "r.sessionId" : "r.id.sessionId";
    }
}
