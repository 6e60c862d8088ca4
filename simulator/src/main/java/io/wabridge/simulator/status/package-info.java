/**
 * The server's side of status updates ({@code status@broadcast}): routes posts to the devices their sender listed,
 * forwards seen receipts to the author, and records both for tests and the control API.
 */
package io.wabridge.simulator.status;
