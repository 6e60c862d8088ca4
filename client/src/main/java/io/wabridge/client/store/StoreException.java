package io.wabridge.client.store;

/** A store operation failed for a reason other than bad arguments. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
