/**
 * Status updates in the contract (status.proto): send_status and mark_status_seen on the session's client, the
 * status event, the status error codes.
 */
package io.wabridge.bridge.status;
