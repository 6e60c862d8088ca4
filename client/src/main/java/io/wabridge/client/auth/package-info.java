/**
 * Becoming and being a linked device: fresh credentials, the ClientPayload (registration or login), QR pairing
 * ({@code pair-device} refs, {@code pair-success} verification with HMAC and XEdDSA account signature, the signed
 * answer) and pairing by code (PBKDF2, AES-CTR, key bundle). Everything here runs on the session executor.
 */
package io.wabridge.client.auth;
