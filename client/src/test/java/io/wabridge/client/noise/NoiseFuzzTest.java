package io.wabridge.client.noise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.proto.wa.CertChain;
import io.wabridge.proto.wa.CertChain.NoiseCertificate;
import io.wabridge.client.fuzz.Fuzzer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes what the Noise layer reads from a server: the ServerHello (and, on the simulator's side, the ClientHello and
 * ClientFinish), the certificate chain inside it, and transport frames. Every bad input is a {@link NoiseException}
 * (malformed handshake, failed authentication, or a {@link CertificateChainException} naming the failed check), which
 * closes that one connection; a transport frame that is not exactly what was sent never decrypts and never advances
 * the counter.
 */
class NoiseFuzzTest {

    private static final byte[] PROLOGUE = {'W', 'A', 6, 3};
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final X25519KeyPair root = key(1);
    private final X25519KeyPair intermediate = key(2);
    private final X25519KeyPair serverStatic = key(3);
    private final X25519KeyPair clientStatic = key(4);
    private final X25519KeyPair clientEphemeral = key(5);
    private final NoiseCertificateAuthority ca = new NoiseCertificateAuthority(root, intermediate);
    private final byte[] chain = ca.issue(serverStatic.publicKey(), NOW, Duration.ofDays(30)).toByteArray();
    private final NoiseCertificateVerifier verifier =
            new NoiseCertificateVerifier(ca.rootPublicKey(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static X25519KeyPair key(int n) {
        byte[] privateKey = new byte[32];
        Arrays.fill(privateKey, (byte) (n * 17));
        return X25519KeyPair.fromPrivateKey(privateKey);
    }

    private NoiseXXInitiator initiator() {
        NoiseXXInitiator initiator = new NoiseXXInitiator(clientStatic, PROLOGUE, verifier, clientEphemeral);
        return initiator;
    }

    @Test
    void serverHelloFailsOnlyWithNoiseErrors() {
        NoiseXXInitiator first = initiator();
        byte[] serverHello = new NoiseXXResponder(serverStatic, chain, PROLOGUE).readClientHello(first.writeClientHello());
        Fuzzer.Report report = Fuzzer.target("noise-server-hello", input -> {
            NoiseXXInitiator client = initiator();
            client.writeClientHello();
            client.readServerHello(input);
            return "verified";
        })
                .allow(NoiseException.class)
                .seed(serverHello)
                .iterations(1_000)
                .run();
        assertTrue(report.count("verified") >= 1, report.toString());
        assertTrue(report.count("MalformedHandshakeException") > 50, report.toString());
        assertTrue(report.count("NoiseDecryptException") > 50, report.toString());
    }

    @Test
    void certificateChainsAreVerifiedOrRejectedWithTheirReason() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(chain);
        seeds.add(ca.issue(serverStatic.publicKey(), NOW.minus(Duration.ofDays(90)), Duration.ofDays(1)).toByteArray());
        seeds.add(new NoiseCertificateAuthority(intermediate, root).issue(serverStatic.publicKey(), NOW, Duration.ofDays(1))
                .toByteArray());
        Fuzzer.Report report = Fuzzer.target("noise-cert-chain", input -> {
            NoiseXXInitiator client = initiator();
            byte[] hello = new NoiseXXResponder(serverStatic, input, PROLOGUE).readClientHello(client.writeClientHello());
            try {
                client.readServerHello(hello);
                return "verified";
            } catch (CertificateChainException e) {
                return "rejected:" + e.reason();
            }
        })
                .seeds(seeds)
                .iterations(700)
                .run();
        assertTrue(report.count("verified") >= 1, report.toString());
        assertTrue(report.count("rejected:MALFORMED") > 50, report.toString());
        assertTrue(report.countStartingWith("rejected:") > 500, report.toString());
    }

    /**
     * The details inside the certificates, re-signed by the right issuer after mutation, so the checks behind the
     * signatures (details parse, serial links, key length, leaf key, validity window) see hostile input too. The first
     * input byte picks the certificate: even the intermediate (signed by the root), odd the leaf.
     */
    @Test
    void signedButHostileCertificateDetailsAreRejectedWithTheirReason() throws Exception {
        CertChain valid = CertChain.parseFrom(chain);
        Fuzzer.Report report = Fuzzer.target("noise-cert-details", input -> {
            if (input.length == 0) {
                return "empty";
            }
            boolean leaf = (input[0] & 1) == 1;
            NoiseCertificate.Details details;
            try {
                details = NoiseCertificate.Details.parseFrom(Arrays.copyOfRange(input, 1, input.length));
            } catch (InvalidProtocolBufferException e) {
                details = null; // sent as is: the verifier must refuse what does not parse
            }
            byte[] raw = Arrays.copyOfRange(input, 1, input.length);
            NoiseCertificate signed = NoiseCertificate.newBuilder().setDetails(ByteString.copyFrom(raw))
                    .setSignature(ByteString.copyFrom(XEdDsa.sign((leaf ? intermediate : root).privateKey(), raw))).build();
            CertChain hostile = leaf ? valid.toBuilder().setLeaf(signed).build()
                    : valid.toBuilder().setIntermediate(signed).build();
            NoiseXXInitiator client = initiator();
            byte[] hello = new NoiseXXResponder(serverStatic, hostile.toByteArray(), PROLOGUE)
                    .readClientHello(client.writeClientHello());
            try {
                client.readServerHello(hello);
                return "verified";
            } catch (CertificateChainException e) {
                if (details == null && e.reason() != CertificateChainException.Reason.MALFORMED) {
                    throw new AssertionError("unparseable details rejected as " + e.reason());
                }
                return "rejected:" + e.reason();
            }
        })
                .seed(concat((byte) 0, valid.getIntermediate().getDetails().toByteArray()))
                .seed(concat((byte) 1, valid.getLeaf().getDetails().toByteArray()))
                .iterations(700)
                .run();
        assertTrue(report.count("verified") >= 1, report.toString());
        for (String reason : List.of("MALFORMED", "LEAF_ISSUER_MISMATCH", "LEAF_KEY_MISMATCH")) {
            assertTrue(report.count("rejected:" + reason) > 10, reason + ": " + report);
        }
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Test
    void clientHelloAndFinishFailOnlyWithNoiseErrorsOnTheServerSide() {
        byte[] hello = initiator().writeClientHello();
        Fuzzer.target("noise-client-hello", input -> {
            new NoiseXXResponder(serverStatic, chain, PROLOGUE).readClientHello(input);
            return "accepted";
        }).allow(NoiseException.class).seed(hello).iterations(300).run();

        NoiseXXInitiator client = initiator();
        NoiseXXResponder server = new NoiseXXResponder(serverStatic, chain, PROLOGUE);
        byte[] serverHello = server.readClientHello(client.writeClientHello());
        byte[] finish = client.writeClientFinish(client.readServerHello(serverHello), identity -> new byte[] {1, 2, 3})
                .clientFinish();
        Fuzzer.target("noise-client-finish", input -> {
            NoiseXXResponder fresh = new NoiseXXResponder(serverStatic, chain, PROLOGUE);
            NoiseXXInitiator c = initiator();
            fresh.readClientHello(c.writeClientHello());
            fresh.readClientFinish(input);
            return "accepted";
        }).allow(NoiseException.class).seed(finish).iterations(300).run();
    }

    @Test
    void aTransportFrameDecryptsOnlyAsSentAndAFailureKeepsTheCounter() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        List<byte[]> plaintexts = List.of(new byte[0], "hello".getBytes(), new byte[300]);
        List<byte[]> frames = plaintexts.stream().map(p -> NoiseCipher.encryptor(key).encrypt(p)).toList();
        Fuzzer.Report report = Fuzzer.target("noise-transport", input -> {
            NoiseCipher receiver = NoiseCipher.decryptor(key);
            try {
                byte[] plain = receiver.decrypt(input);
                int sent = indexOf(frames, input);
                if (sent < 0 || !Arrays.equals(plain, plaintexts.get(sent)) || receiver.counter() != 1) {
                    throw new AssertionError("a frame that was never sent decrypted");
                }
                return "decrypted";
            } catch (NoiseDecryptException e) {
                if (receiver.counter() != 0) {
                    throw new AssertionError("a failed frame advanced the counter");
                }
                throw e;
            }
        })
                .allow(NoiseDecryptException.class)
                .seeds(frames)
                .iterations(10_000)
                .run();
        assertTrue(report.count("NoiseDecryptException") > 9_000, report.toString());
    }

    private static int indexOf(List<byte[]> frames, byte[] input) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), input)) {
                return i;
            }
        }
        return -1;
    }
}
