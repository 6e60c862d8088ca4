/**
 * The simulated server's profile iqs: about text ({@code status}), profile pictures ({@code w:profile:picture}, for
 * users and groups), business profiles ({@code w:biz}), with WhatsApp's privacy refusals and the {@code picture} /
 * {@code status} notifications to every device concerned. The usync status and business answers are in
 * {@code messaging.UsyncResponder}; the state lives on the account ({@code account.AccountProfile}).
 */
package io.wabridge.simulator.profile;
