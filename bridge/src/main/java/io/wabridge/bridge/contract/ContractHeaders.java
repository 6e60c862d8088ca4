package io.wabridge.bridge.contract;

/** Names of the Kafka record headers the contract defines. Header values are UTF-8 text. */
public final class ContractHeaders {

    /** On commands (optional) and events: the value's format, see {@link WireFormat}. */
    public static final String CONTENT_TYPE = "content-type";
    /** On events: the name of the event field that is set, e.g. {@code message}, {@code connection_update}. */
    public static final String TYPE = "type";
    /** On events: the session id (also the record key). */
    public static final String SESSION_ID = "session-id";
    /** On events: the event's ULID. */
    public static final String EVENT_ID = "event-id";
    /** On events caused by a command: that command's command_id. */
    public static final String CAUSATION_ID = "causation-id";
    /** On events: the worker that published it (host name and process id), so consumers see who owns a session. */
    public static final String WORKER_ID = "worker-id";

    /** On DLQ records: an {@link io.wabridge.proto.v1.ErrorCode} name. */
    public static final String DLQ_REASON_CODE = "dlq-reason-code";
    /** On DLQ records: what was wrong, for humans. */
    public static final String DLQ_REASON = "dlq-reason";
    public static final String DLQ_ORIGINAL_TOPIC = "dlq-original-topic";
    /** Decimal partition number of the original record. */
    public static final String DLQ_ORIGINAL_PARTITION = "dlq-original-partition";
    /** Decimal offset of the original record. */
    public static final String DLQ_ORIGINAL_OFFSET = "dlq-original-offset";
    /** When the bridge rejected the record, ISO-8601 UTC, e.g. {@code 2025-11-24T16:00:00.123Z}. */
    public static final String DLQ_FAILED_AT = "dlq-failed-at";
    /** Prefix of every DLQ header; a DLQ record replayed and rejected again gets fresh ones, not a second set. */
    static final String DLQ_PREFIX = "dlq-";

    private ContractHeaders() {
    }
}
