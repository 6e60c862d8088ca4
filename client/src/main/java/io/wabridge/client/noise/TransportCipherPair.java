package io.wabridge.client.noise;

/** The two directions of an established Noise session, seen from one side. */
public record TransportCipherPair(NoiseCipher sender, NoiseCipher receiver) {

    static TransportCipherPair forInitiator(byte[][] keys) {
        return new TransportCipherPair(NoiseCipher.encryptor(keys[0]), NoiseCipher.decryptor(keys[1]));
    }

    static TransportCipherPair forResponder(byte[][] keys) {
        return new TransportCipherPair(NoiseCipher.encryptor(keys[1]), NoiseCipher.decryptor(keys[0]));
    }
}
