/**
 * The simulator's media: an HTTPS media host with its own certificate ({@link io.wabridge.simulator.media.MediaServer},
 * {@link io.wabridge.simulator.media.MediaCertificate}) answering {@code media_conn}, uploads and downloads as
 * WhatsApp's CDN does, and the simulated phones' side of media ({@link io.wabridge.simulator.media.SimulatedMedia}:
 * their uploads and downloads, and their answers to {@code mediaretry} requests). Mirrors the client's
 * {@code io.wabridge.client.media}.
 */
package io.wabridge.simulator.media;
