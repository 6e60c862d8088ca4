/**
 * Account and worker protection: per-session outbound rate limits ({@link
 * io.wabridge.bridge.protection.OutboundRateLimiter}, error {@code RATE_LIMITED}) and the worker-wide cap on running
 * sessions ({@link io.wabridge.bridge.protection.SessionLimitException}, error {@code SESSION_LIMIT}). Configured under
 * {@code wabridge.limits}; see the README's "Account protection and sizing".
 */
package io.wabridge.bridge.protection;
