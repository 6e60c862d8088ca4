package io.wabridge.store.postgres;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.ContextInternal;
import org.hibernate.reactive.vertx.VertxInstance;
import io.wabridge.client.store.StoreException;
import io.wabridge.store.postgres.entity.Entities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.hibernate.boot.registry.BootstrapServiceRegistry;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;
import org.hibernate.reactive.provider.Settings;
import org.hibernate.reactive.stage.Stage;

/**
 * Hibernate Reactive over the Vert.x PostgreSQL pool, and the one place a store call waits for it.
 *
 * <p>Every statement runs on Vert.x's event loop; the store SPI is synchronous, so the calling thread (a session's
 * flush, a command) waits for the completion here, bounded by the options' timeout. The event loop itself must
 * never wait: a call from a Vert.x event-loop thread is refused instead of dead-locking.
 *
 * <p>Public for the bridge's own tables (session registry, leases, command results) in the same schema.
 *
 * <p>One SPI call is one stateless session and, when it writes, one transaction: a batch commits whole or not at
 * all (a fenced batch rolls back).
 */
public final class Database implements AutoCloseable {

    private final Vertx vertx;
    private final Stage.SessionFactory factory;
    private final org.hibernate.SessionFactory ormFactory;
    private final String schema;
    private final long timeoutMillis;

    private Database(Vertx vertx, org.hibernate.SessionFactory ormFactory, String schema, long timeoutMillis) {
        this.vertx = vertx;
        this.ormFactory = ormFactory;
        this.factory = ormFactory.unwrap(Stage.SessionFactory.class);
        this.schema = schema;
        this.timeoutMillis = timeoutMillis;
    }

    static Database open(PostgresStoreOptions options) {
        return open(options, java.util.Map.of());
    }

    /**
     * @param overrides Hibernate settings on top of ours (a test turns on {@code hibernate.hbm2ddl.auto=validate}; in
     *                  production the Flyway migrations own the schema and Hibernate never looks at it)
     */
    static Database open(PostgresStoreOptions options, java.util.Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty(Settings.JAKARTA_JDBC_URL, options.jdbcUrl());
        p.setProperty(Settings.JAKARTA_JDBC_USER, options.user());
        p.setProperty(Settings.JAKARTA_JDBC_PASSWORD, options.password());
        p.setProperty(Settings.POOL_SIZE, Integer.toString(options.poolSize()));
        p.setProperty(Settings.POOL_CONNECT_TIMEOUT, Long.toString(options.timeout().toMillis()));
        p.setProperty(Settings.POOL_MAX_WAIT_QUEUE_SIZE, "10000");
        p.setProperty("jakarta.persistence.database-product-name", "PostgreSQL");
        p.setProperty("hibernate.boot.allow_jdbc_metadata_access", "false");
        p.setProperty(Settings.SHOW_SQL, "false");
        p.setProperty(Settings.DEFAULT_SCHEMA, options.schema()); // the entities' tables, as table(name) names them
        p.setProperty(Settings.HBM2DDL_AUTO, "none");
        // HQL is translated once per query text and kept (the stores' HQL texts are constants; lists of keys go native)
        p.setProperty(Settings.QUERY_PLAN_CACHE_ENABLED, "true");
        p.putAll(overrides);
        // A Vert.x of our own: the pool's event loops serve only the store, and every operation starts on a context of
        // it (see run), never on a context of a host's Vert.x (Quarkus) that happens to be current on the caller.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, Math.min(4, options.poolSize())))
                .setWorkerPoolSize(1));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader ours = Database.class.getClassLoader();
        thread.setContextClassLoader(ours); // Hibernate's service files, not the host's
        org.hibernate.SessionFactory built = null;
        try {
            // Hibernate resolves the entity classes BY NAME (hibernate-models) through its aggregated class loader,
            // which asks Hibernate's own loader and the system class loader before the context loader. Under a host
            // with layered class loaders (Quarkus: dependencies in a base loader whose parent, the JVM's class path,
            // also holds this module's classes) the name resolves to a second copy of each entity class, and every
            // lookup with ours fails ("Unknown entity type"). Our loader goes first, so the name means our class.
            BootstrapServiceRegistry bootstrap = new BootstrapServiceRegistryBuilder().applyClassLoader(ours).build();
            Configuration configuration = new Configuration(bootstrap);
            configuration.setProperties(p);
            Entities.ALL.forEach(configuration::addAnnotatedClass);
            var registry = new ReactiveServiceRegistryBuilder(bootstrap).applySettings(configuration.getProperties())
                    .addService(VertxInstance.class, (VertxInstance) () -> vertx)
                    .build();
            built = configuration.buildSessionFactory(registry);
            checkEntities(built);
            return new Database(vertx, built, options.schema(), options.timeout().toMillis());
        } catch (RuntimeException e) {
            if (built != null) {
                built.close();
            }
            vertx.close();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Fails at start-up, not at the first store call, when the factory does not know one of our entity classes as
     * this module loaded it (a mapping registered for a same-named class of another class loader).
     */
    static void checkEntities(org.hibernate.SessionFactory factory) {
        for (Class<?> entity : Entities.ALL) {
            try {
                factory.getMetamodel().entity(entity);
            } catch (IllegalArgumentException e) {
                String other = factory.getMetamodel().getEntities().stream()
                        .filter(t -> t.getJavaType().getName().equals(entity.getName()))
                        .map(t -> " (Hibernate mapped a copy of it loaded by " + t.getJavaType().getClassLoader() + ")")
                        .findFirst().orElse("");
                throw new IllegalStateException("Hibernate does not know the entity " + entity.getName()
                        + " of class loader " + entity.getClassLoader() + other, e);
            }
        }
    }

    /** Starts {@code work} on a fresh duplicated context of our Vert.x (Hibernate Reactive keeps its session there). */
    private <T> CompletionStage<T> run(java.util.function.Supplier<CompletionStage<T>> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        ContextInternal context = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        context.runOnContext(ignored -> {
            try {
                work.get().whenComplete((value, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** {@code "schema".table}. */
    public String table(String name) {
        return '"' + schema + "\"." + name;
    }

    /** The qualified table of an entity (its {@code @Table} name), for the native statements that write it. */
    String table(Class<?> entity) {
        return table(entity.getAnnotation(jakarta.persistence.Table.class).name());
    }

    /** Reads in one stateless session (no transaction of its own: each statement sees committed data). */
    public <T> T read(Function<Stage.StatelessSession, CompletionStage<T>> work) {
        return await(() -> run(() -> factory.withStatelessSession(work)), timeoutMillis);
    }

    /** Writes in one transaction, committed when the stage completes, rolled back when it fails. */
    public <T> T write(Function<Stage.StatelessSession, CompletionStage<T>> work) {
        return await(() -> run(() -> factory.withStatelessTransaction(work)), timeoutMillis);
    }

    /** The rows of a native query, each as an array of its columns (bytea as byte[], bigint as Long, ...). */
    public static CompletionStage<List<Object[]>> select(Stage.StatelessSession s, String sql, Object... params) {
        Stage.SelectionQuery<Object> query = s.createNativeQuery(sql, Object.class);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.getResultList().thenApply(rows -> {
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Object row : rows) {
                out.add(row instanceof Object[] columns ? columns : new Object[] {row});
            }
            return out;
        });
    }

    /** The number of rows a native INSERT/UPDATE/DELETE changed. */
    public static CompletionStage<Integer> update(Stage.StatelessSession s, String sql, Object... params) {
        Stage.Query<Object> query = s.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        return query.executeUpdate();
    }

    public List<Object[]> select(String sql, Object... params) {
        return read(s -> select(s, sql, params));
    }

    public int update(String sql, Object... params) {
        return write(s -> update(s, sql, params));
    }

    /** Runs {@code statements} in {@code s} one after the other (a session never overlaps statements), summing their counts. */
    public static CompletionStage<Integer> sequence(Stage.StatelessSession s,
                                             List<Function<Stage.StatelessSession, CompletionStage<Integer>>> statements) {
        CompletionStage<Integer> total = CompletableFuture.completedFuture(0);
        for (Function<Stage.StatelessSession, CompletionStage<Integer>> next : statements) {
            total = total.thenCompose(sum -> next.apply(s).thenApply(n -> sum + n));
        }
        return total;
    }

    /** A trivial round trip bounded by {@code timeout}: the failure's description, or empty when the database answered. */
    public java.util.Optional<String> probe(java.time.Duration timeout) {
        try {
            await(() -> run(() -> factory.withStatelessSession(s -> select(s, "SELECT 1, 2"))), timeout.toMillis());
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Runs {@code attempt} and waits for it, bounded by {@code timeoutMillis} in all. A failure of the connection
     * (the server unreachable, restarting, the connection cut) is tried again after a short pause until the time is
     * up, as MongoDB's driver waits for a server: a database that is back within the timeout costs the caller a
     * delay, not a failure. Every store call is idempotent (upserts of the same values, deletes), so repeating one
     * whose commit was lost with the connection is safe; a SQL error or a refusal (fenced, stale) is never repeated.
     */
    private <T> T await(java.util.function.Supplier<CompletionStage<T>> attempt, long timeoutMillis) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking store call on a Vert.x event loop thread ("
                    + Thread.currentThread().getName() + "): call the store from a worker or session thread");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long pause = 50;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                return attempt.get().toCompletableFuture().get(Math.max(1, left), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!transientFailure(cause) || left <= pause) {
                    throw translate(cause);
                }
            } catch (TimeoutException e) {
                throw new StoreException("PostgreSQL did not answer within " + timeoutMillis + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted waiting for PostgreSQL", e);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted waiting for PostgreSQL", e);
            }
            pause = Math.min(pause * 2, 1_000);
        }
    }

    /**
     * A lost or refused connection, or the server shutting down or out of connections (SQLSTATE classes 08, 57, 53);
     * not a SQL error the server reported about the statement, nor one of our own refusals.
     */
    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreException || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                return false;
            }
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (state != null && state.length() >= 2) {
                String sqlClass = state.substring(0, 2);
                return sqlClass.equals("08") || sqlClass.equals("57") || sqlClass.equals("53");
            }
        }
        return true;
    }

    private static RuntimeException translate(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof StoreException store) {
            return store; // StoreFencedException and StaleCredentialsException keep their type
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return (RuntimeException) t;
        }
        return new StoreException("PostgreSQL: " + t.getMessage(), t);
    }

    /** Placeholders {@code (?from, ..., ?from+count-1)}. */
    public static String placeholders(int from, int count) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('?').append(from + i);
        }
        return sb.append(')').toString();
    }

    /** {@code a} followed by {@code b}. */
    static Object[] concat(Object[] a, Object... b) {
        Object[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        try {
            ormFactory.close();
        } finally {
            vertx.close();
        }
    }
}
