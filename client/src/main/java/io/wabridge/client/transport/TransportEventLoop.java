package io.wabridge.client.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one Netty event loop group all client connections of this JVM share: a few daemon threads
 * multiplex every session's socket, so 10,000 sessions cost 10,000 channels, not 10,000 threads.
 * Size with {@code -Dwabridge.transport.threads=N} (default: min(4, available processors)).
 */
public final class TransportEventLoop {

    public static final String THREADS_PROPERTY = "wabridge.transport.threads";

    private TransportEventLoop() {
    }

    public static EventLoopGroup shared() {
        return Holder.GROUP;
    }

    public static int threads() {
        return Holder.THREADS;
    }

    private static final class Holder {
        static final int THREADS = Integer.getInteger(THREADS_PROPERTY, Math.min(4, Runtime.getRuntime().availableProcessors()));
        static final EventLoopGroup GROUP = new NioEventLoopGroup(THREADS, new DefaultThreadFactory("wa-transport", true));
    }
}
