package io.wabridge.bridge.console;

/** An action the console could not take: the HTTP status and a message for the page (and the contract code, if any). */
final class ConsoleException extends Exception {
    final int status;
    final String code;

    ConsoleException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
