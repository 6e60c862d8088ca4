/**
 * Connections as the client drives them: links and how they are opened, why a connection ended
 * ({@link io.wabridge.client.lifecycle.Disconnect}) and the reconnect policy with its backoff.
 */
package io.wabridge.client.lifecycle;
