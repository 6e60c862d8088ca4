/**
 * What a paired device does once the server accepts its login: record its LID, keep one-time prekeys on the
 * server, rotate the signed prekey, go active, and answer prekey-low notifications.
 */
package io.wabridge.client.login;
