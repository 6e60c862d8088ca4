/**
 * Block lists and privacy settings on the simulated server: {@link io.wabridge.simulator.blocking.BlockingService}
 * answers the {@code blocklist} and {@code privacy} (settings) iqs, tells the account's other linked devices of each
 * change ({@code <notification type="account_sync">}), and enforces them: a blocked user's messages are not
 * delivered, and an account with read receipts off sends none to others.
 */
package io.wabridge.simulator.blocking;
