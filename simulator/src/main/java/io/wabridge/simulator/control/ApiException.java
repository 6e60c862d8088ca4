package io.wabridge.simulator.control;

/** A control-API request that fails with this HTTP status and a machine-readable error code. */
final class ApiException extends RuntimeException {
    final int status;
    final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
