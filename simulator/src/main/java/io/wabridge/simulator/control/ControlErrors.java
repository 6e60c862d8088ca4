package io.wabridge.simulator.control;

import io.wabridge.simulator.account.DuplicateAccountException;
import io.wabridge.simulator.account.InvalidPhoneNumberException;
import io.wabridge.simulator.account.UnknownAccountException;
import io.wabridge.simulator.account.UnknownDeviceException;
import io.wabridge.simulator.contact.ContactSendException;
import io.wabridge.simulator.pairing.InvalidQrException;
import io.wabridge.simulator.pairing.PairingException;
import java.util.Locale;

/** Which HTTP status and error code each simulator exception becomes. */
final class ControlErrors {
    private ControlErrors() {}

    static ApiException translate(RuntimeException e) {
        return switch (e) {
            case ApiException api -> api;
            case InvalidPhoneNumberException bad -> new ApiException(400, "invalid_phone", bad.getMessage());
            case InvalidQrException bad -> new ApiException(400, "invalid_qr", bad.getMessage());
            case DuplicateAccountException dup -> new ApiException(409, "account_exists", dup.getMessage());
            case UnknownAccountException unknown -> new ApiException(404, "unknown_account", unknown.getMessage());
            case UnknownDeviceException unknown -> new ApiException(404, "unknown_device", unknown.getMessage());
            case ContactSendException failed -> new ApiException(502, "send_failed", failed.getMessage());
            case PairingException pairing -> new ApiException(status(pairing.reason()),
                    pairing.reason().name().toLowerCase(Locale.ROOT), pairing.getMessage());
            default -> new ApiException(500, "internal_error", String.valueOf(e));
        };
    }

    private static int status(PairingException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_REF, NO_PENDING_CODE -> 404;
            case EXPIRED_REF -> 410;
            case INVALID_CODE -> 400;
            case KEY_MISMATCH, ALREADY_PAIRING, CODE_MISMATCH -> 409;
            case REJECTED_BY_COMPANION, BAD_DEVICE_SIGNATURE, CONNECTION_CLOSED -> 502;
            case TIMEOUT -> 504;
        };
    }
}
