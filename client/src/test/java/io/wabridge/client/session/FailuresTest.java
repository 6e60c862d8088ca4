package io.wabridge.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {
    @Test
    void takesOffEveryFutureWrapperAndNothingElse() {
        IllegalStateException root = new IllegalStateException("not connected", new RuntimeException("below"));
        Throwable wrapped = new CompletionException(new ExecutionException(new CompletionException(root)));
        assertSame(root, Failures.unwrap(wrapped));
        assertSame(root, Failures.unwrap(root));
        assertEquals("not connected", Failures.message(wrapped));
    }

    @Test
    void aFailedFutureReportsItsCause() {
        CompletableFuture<Void> failed = CompletableFuture.<Void>failedFuture(new IllegalArgumentException("bad jid"))
                .thenApply(v -> v);
        Throwable seen = failed.handle((v, t) -> t).join();
        assertEquals(CompletionException.class, seen.getClass());
        assertEquals("bad jid", Failures.message(seen));
    }

    @Test
    void aWrapperWithoutCauseOrAFailureWithoutMessageIsNamed() {
        CompletionException bare = new CompletionException("bare", null);
        assertSame(bare, Failures.unwrap(bare));
        assertEquals("java.lang.IllegalStateException", Failures.message(new CompletionException(new IllegalStateException())));
    }
}
