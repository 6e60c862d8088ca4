package io.wabridge.client.stanza;

/** An iq request that got no usable result. */
public abstract sealed class IqException extends Exception
        permits IqErrorException, IqTimeoutException, ConnectionClosedException {

    protected IqException(String message) {
        super(message);
    }
}
