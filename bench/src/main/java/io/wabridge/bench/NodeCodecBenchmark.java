package io.wabridge.bench;

import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.jid.Jid;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode cost of the two stanzas that dominate traffic: a 1:1 message (one {@code enc} of ~200 bytes
 * plus a device identity) and a group message fanned out to 50 participant devices.
 *
 * <pre>java -jar bench/target/benchmarks.jar NodeCodec -f 1 -wi 3 -i 5 -r 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class NodeCodecBenchmark {

    @Param({"3"})
    public int dictionary;

    private NodeCodec codec;
    private Node direct;
    private Node group;
    private byte[] directFrame;
    private byte[] groupFrame;

    @Setup
    public void setUp() {
        codec = NodeCodec.forVersion(dictionary);
        Random random = new Random(42);
        direct = Node.builder("message").attr("to", Jid.pn("15551234567")).attr("id", "3EB0C767D26E1C5B4F12")
                .attr("type", "text")
                .child(Node.builder("enc").attr("v", "2").attr("type", "pkmsg").bytes(bytes(random, 200)).build())
                .child(Node.builder("device-identity").bytes(bytes(random, 150)).build())
                .build();
        NodeBuilder participants = Node.builder("participants");
        for (int i = 0; i < 50; i++) {
            Jid device = Jid.ofDevice("155500" + (10000 + i), i % 4, "s.whatsapp.net");
            participants.child(Node.builder("to").attr("jid", device)
                    .child(Node.builder("enc").attr("v", "2").attr("type", i % 3 == 0 ? "pkmsg" : "msg")
                            .bytes(bytes(random, 200)).build())
                    .build());
        }
        group = Node.builder("message").attr("to", Jid.group("120363042123456789")).attr("id", "3EB0C767D26E1C5B4F13")
                .attr("type", "text")
                .child(Node.builder("enc").attr("v", "2").attr("type", "skmsg").bytes(bytes(random, 200)).build())
                .child(participants.build())
                .child(Node.builder("device-identity").bytes(bytes(random, 150)).build())
                .build();
        directFrame = codec.encode(direct);
        groupFrame = codec.encode(group);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Benchmark
    public byte[] encodeDirect() {
        return codec.encode(direct);
    }

    @Benchmark
    public Node decodeDirect() throws MalformedNodeException {
        return codec.decode(directFrame);
    }

    @Benchmark
    public byte[] encodeGroup50() {
        return codec.encode(group);
    }

    @Benchmark
    public Node decodeGroup50() throws MalformedNodeException {
        return codec.decode(groupFrame);
    }
}
