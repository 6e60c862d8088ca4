package io.wabridge.client.transport;

/** The client's connection preamble (edge-routing prefix or WA header) is not what the protocol allows. */
public final class MalformedPreambleException extends FramingException {

    public MalformedPreambleException(String message) {
        super(message);
    }
}
