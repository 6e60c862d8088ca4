package io.wabridge.client.testing;

import io.wabridge.client.store.AccountStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the client calls its store: a wrapper of every store domain of an {@link AccountStore} that records each call
 * with the place it ran, the session's executor (a task of the runtime's pool), the store I/O executor
 * ({@code ClientRuntime.storeIo()}), or anywhere else (the caller's thread, e.g. {@code WaClient.create}). The
 * {@link ClientHarness} marks its pool and its store I/O executor ({@link #run}); a task of one nested inline in
 * the other (the harness runs both inline) counts where it was last handed.
 *
 * <p>With {@code -Dwabridge.test.storeCalls=<file>} every harness watches its client's store and, at the JVM's end,
 * writes each distinct store call made on the executor with the client frame that made it and the first test that
 * saw it: run the client suite with it to list what is still read or written on the executor.
 */
public final class StoreCalls {

    /** Where a call ran. */
    public enum Where { EXECUTOR, STORE_IO, OTHER }

    /** One store call: {@code domain.method} (e.g. {@code signalSessions.loadAll}), where, and the client frame. */
    public record Call(String name, Where where, String caller) {
        @Override
        public String toString() {
            return name + " (" + caller + ")";
        }
    }

    private static final ThreadLocal<Deque<Where>> WHERE = ThreadLocal.withInitial(ArrayDeque::new);
    private static final String PROPERTY = "wabridge.test.storeCalls";
    private static final Map<String, String> GLOBAL = new ConcurrentHashMap<>();

    static {
        String file = System.getProperty(PROPERTY);
        if (file != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.write(Path.of(file), new TreeMap<>(GLOBAL).entrySet().stream()
                            .map(e -> e.getKey() + "\t" + e.getValue()).toList());
                } catch (IOException e) {
                    e.printStackTrace();
                }
            }));
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    /** Runs {@code task} counted as {@code where}. */
    public static void run(Where where, Runnable task) {
        Deque<Where> stack = WHERE.get();
        stack.push(where);
        try {
            task.run();
        } finally {
            stack.pop();
        }
    }

    /** Whether every harness watches its store ({@code -Dwabridge.test.storeCalls}). */
    static boolean global() {
        return System.getProperty(PROPERTY) != null;
    }

    /** Every call recorded so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls made on the session's executor, in order. */
    public List<Call> onExecutor() {
        return calls.stream().filter(c -> c.where() == Where.EXECUTOR).toList();
    }

    /** The distinct names of the calls made on the session's executor. */
    public Set<String> onExecutorNames() {
        return new java.util.TreeSet<>(onExecutor().stream().map(Call::name).toList());
    }

    public void clear() {
        calls.clear();
    }

    /** {@code store} with every domain watched. */
    public AccountStore watch(AccountStore store) {
        return proxy(AccountStore.class, store, "");
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, Object target, String domain) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            boolean domainGetter = type == AccountStore.class && (args == null || args.length == 0)
                    && method.getReturnType().isInterface()
                    && method.getReturnType().getPackageName().equals(AccountStore.class.getPackageName());
            if (!domainGetter && !isPlain(method)) {
                record(domain.isEmpty() ? method.getName() : domain + "." + method.getName());
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return domainGetter && result != null ? proxy(method.getReturnType(), result, method.getName()) : result;
        });
    }

    /** Accessors that make no round trip. */
    private static boolean isPlain(Method method) {
        return switch (method.getName()) {
            // knownToHold: answered from the store's memory by contract (SignalSessionStore), never a round trip
            case "sessionId", "epoch", "onFenced", "knownToHold", "toString", "hashCode", "equals" -> true;
            default -> false;
        };
    }

    private void record(String name) {
        Deque<Where> stack = WHERE.get();
        Where where = stack.isEmpty() ? Where.OTHER : stack.peek();
        String caller = caller();
        calls.add(new Call(name, where, caller));
        if (where == Where.EXECUTOR && global()) {
            GLOBAL.putIfAbsent(name + "\t" + caller, test());
        }
    }

    /** The first three frames of the client's code outside the store (the innermost first). */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("io.wabridge.client.")
                        && !f.getClassName().startsWith(StoreCalls.class.getName())
                        && !f.getClassName().startsWith("io.wabridge.client.store.")
                        && !f.getClassName().startsWith("io.wabridge.client.testing.")
                        && !f.getClassName().startsWith("jdk.proxy"))
                .limit(3)
                .map(f -> simple(f.getClassName()) + "." + f.getMethodName() + ":" + f.getLineNumber())
                .reduce((a, b) -> a + " < " + b)
                .orElse("?"));
    }

    private static String test() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().endsWith("Test") || f.getClassName().contains("Test$"))
                .reduce((a, b) -> b)
                .map(f -> simple(f.getClassName()) + "." + f.getMethodName())
                .orElse("?"));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** A summary for an assertion message: each distinct call with its callers. */
    public static String describe(List<Call> calls) {
        Map<String, Set<String>> byName = new TreeMap<>();
        for (Call c : calls) {
            byName.computeIfAbsent(c.name(), k -> new java.util.TreeSet<>()).add(c.caller());
        }
        List<String> lines = new ArrayList<>();
        byName.forEach((name, callers) -> lines.add(name + " <- " + callers));
        return String.join("\n", lines);
    }
}
