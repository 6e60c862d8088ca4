/**
 * The server's side of trusted-contact privacy tokens (mirrors the client's {@code io.wabridge.client.privacy}):
 * {@link io.wabridge.simulator.privacy.PrivacyTokenService} mints a token when an account issues one to a contact
 * ({@code <iq xmlns="privacy" type="set">} from a device, or a simulated phone through the control API), delivers it
 * to the holder's linked devices as {@code <notification type="privacy_token">}, and checks the {@code <tctoken>} a
 * 1:1 message carries against what its recipient issued to its sender.
 */
package io.wabridge.simulator.privacy;
