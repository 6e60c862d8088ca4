package io.wabridge.conformance;

/** A harness script could not be run, did not finish in time, or exited with an error. */
public final class NodeHarnessException extends RuntimeException {

    public NodeHarnessException(String message) {
        super(message);
    }

    public NodeHarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
