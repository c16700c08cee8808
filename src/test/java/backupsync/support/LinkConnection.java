package backupsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One client connection relayed to the target through a {@link LinkEmulator}: a flow each way, each a reader that
 * takes chunks in at the link's rate and stamps them, a timed queue, and a writer that lets each chunk out once its
 * delay has passed. An end of stream travels through the delay like data; a cut, or either side breaking, resets both.
 */
final class LinkConnection {
    private final LinkEmulator link;
    private final Socket client;
    private final Socket server;
    private final List<Flow> flows;
    private final AtomicBoolean over = new AtomicBoolean();
    private final AtomicInteger flowsEnded = new AtomicInteger();

    LinkConnection(LinkEmulator link, Socket client, Socket server, int id, int bufferBytes) {
        this.link = link;
        this.client = client;
        this.server = server;
        this.flows = List.of(new Flow("link-emulator-" + id + "-to-server", client, server, link.toServer(), true, bufferBytes),
                new Flow("link-emulator-" + id + "-to-client", server, client, link.toClient(), false, bufferBytes));
    }

    void start() {
        flows.forEach(Flow::start);
    }

    /** Resets both sockets (RST, not FIN) and drops what was in flight; false when the connection was over already. */
    boolean cut() {
        if (!over.compareAndSet(false, true)) {
            return false;
        }
        reset(client);
        reset(server);
        flows.forEach(Flow::close);
        link.forget(this);
        return true;
    }

    static void reset(Socket socket) {
        try (socket) {
            socket.setSoLinger(true, 0);
        } catch (IOException closedAlready) {
            // nothing left to reset
        }
    }

    /** Both ends of stream went through: close quietly, as both peers did. */
    private void flowEnded() throws IOException {
        if (flowsEnded.incrementAndGet() == 2 && over.compareAndSet(false, true)) {
            try (client; server) {
                link.forget(this);
            }
        }
    }

    /** Bytes, or the end of the stream when {@code data} is null, and when they entered the link. */
    private record Chunk(byte[] data, long enteredAt) {
        int length() {
            return data == null ? 0 : data.length;
        }
    }

    /** One direction; its queue holds at most {@code capacity} bytes, which bounds the memory. */
    private final class Flow {
        private final String name;
        private final Socket from;
        private final Socket to;
        private final LinkDirection direction;
        private final boolean cutsAfterBytes;
        private final int capacity;
        private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
        private long buffered; // queued or being written; guarded by this
        private boolean closed; // guarded by this
        private long sent; // by the writer only
        private List<Thread> threads = List.of();

        Flow(String name, Socket from, Socket to, LinkDirection direction, boolean cutsAfterBytes, int capacity) {
            this.name = name;
            this.from = from;
            this.to = to;
            this.direction = direction;
            this.cutsAfterBytes = cutsAfterBytes;
            this.capacity = capacity;
        }

        void start() {
            threads = List.of(new Thread(this::read, name + "-read"), new Thread(this::write, name + "-write"));
            for (Thread thread : threads) {
                thread.setDaemon(true);
                thread.start();
            }
        }

        void close() {
            synchronized (this) {
                closed = true;
                queue.forEach(this::release);
                queue.clear();
                notifyAll();
            }
            threads.forEach(Thread::interrupt);
        }

        private void read() {
            byte[] buffer = new byte[Math.min(LinkDirection.MIN_BURST, capacity)];
            try {
                InputStream in = from.getInputStream();
                for (int n = 0; n >= 0; ) {
                    n = in.read(buffer);
                    if (n > 0) {
                        direction.take(n); // the rate applies on the way in, as a sender's interface serialises
                    }
                    if (!put(n < 0 ? null : Arrays.copyOf(buffer, n))) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException broken) {
                cut();
            }
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                for (Chunk chunk = take(); chunk != null; chunk = take()) {
                    try {
                        awaitDue(chunk);
                        link.awaitForwarding();
                        if (chunk.data() == null) {
                            to.shutdownOutput();
                            flowEnded();
                            return;
                        }
                        if (!forward(out, chunk)) {
                            return;
                        }
                    } finally {
                        done(chunk);
                    }
                }
            } catch (IOException | InterruptedException broken) {
                cut();
            }
        }

        /** Writes the chunk, or only what is left before the byte limit and then cuts: false once cut. */
        private boolean forward(OutputStream out, Chunk chunk) throws IOException {
            long limit = cutsAfterBytes ? link.cutAfterBytes() : 0;
            boolean last = limit > 0 && limit - sent <= chunk.length();
            int length = last ? (int) Math.max(0, limit - sent) : chunk.length();
            out.write(chunk.data(), 0, length);
            sent += length;
            direction.forwarded(length);
            if (last) {
                link.countCut(cut());
            }
            return !last;
        }

        private void awaitDue(Chunk chunk) throws InterruptedException {
            // The delay is read again on each wake-up, so that a change applies to chunks already queued.
            for (long left; (left = chunk.enteredAt() + direction.delayNanos() - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        /** Queues a chunk once there is room, stamped then: false when the flow is closed. */
        private synchronized boolean put(byte[] data) throws InterruptedException {
            int length = data == null ? 0 : data.length;
            while (!closed && buffered > 0 && buffered + length > capacity) {
                wait();
            }
            if (!closed) {
                queue.add(new Chunk(data, System.nanoTime()));
                buffered += length;
                direction.entered(length);
                notifyAll();
            }
            return !closed && data != null;
        }

        private synchronized Chunk take() throws InterruptedException {
            while (!closed && queue.isEmpty()) {
                wait();
            }
            return closed ? null : queue.poll();
        }

        private synchronized void done(Chunk chunk) {
            release(chunk);
            notifyAll();
        }

        private void release(Chunk chunk) {
            buffered -= chunk.length();
            direction.left(chunk.length());
        }
    }
}
