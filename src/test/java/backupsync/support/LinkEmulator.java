package backupsync.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-haul link in user space, for a kernel without netem: a TCP relay that holds each chunk for the one-way delay
 * of its direction, shapes each direction's bandwidth with a token bucket, and cuts, stalls or refuses connections on
 * command (in the spirit of toxiproxy). The delay is a timed queue, not a pause per chunk, so a long link still
 * carries its full rate; the bytes in flight are bounded by a buffer per connection and direction (16 MiB unless
 * told: 200 Mbit/s for 670 ms).
 *
 * <p>In a test: {@code try (LinkEmulator link = LinkEmulator.to(sshdPort)) { link.setDelay(...); ... link.port() }}.
 * Standalone, for a bench script: {@code java -cp target/test-classes backupsync.support.LinkEmulator --target
 * 127.0.0.1:22 --delay-ms 25 --rate 200mbit} prints {@code link-emulator listening on HOST:PORT}, then runs the
 * commands it reads on stdin, one a line, answering {@code ok} to each (see {@link LinkEmulatorCli#USAGE}).
 */
public final class LinkEmulator implements AutoCloseable {
    public static final int DEFAULT_BUFFER = 16 * 1024 * 1024;

    private final InetSocketAddress target;
    private final int bufferBytes;
    private final LinkDirection toServer = new LinkDirection();
    private final LinkDirection toClient = new LinkDirection();
    private final Set<LinkConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile long cutAfterBytes;
    private final Object gate = new Object();
    private long stallEnd = System.nanoTime(); // bytes wait while System.nanoTime() is before it; guarded by gate
    private InetSocketAddress address; // guarded by this
    private ServerSocket listener; // guarded by this
    private Thread acceptor; // guarded by this
    private boolean refusing; // guarded by this
    private volatile boolean closed;

    /** Listens on {@code listen} (port 0 for a free one) and relays each connection to {@code target}. */
    public LinkEmulator(InetSocketAddress listen, InetSocketAddress target, int bufferBytes) throws IOException {
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("the buffer must hold at least one byte: " + bufferBytes);
        }
        this.target = target;
        this.bufferBytes = bufferBytes;
        this.address = listen;
        listen();
    }

    /** A link on a free loopback port in front of {@code targetPort} on loopback, with no delay and no rate limit. */
    public static LinkEmulator to(int targetPort) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new LinkEmulator(new InetSocketAddress(loopback, 0), new InetSocketAddress(loopback, targetPort),
                DEFAULT_BUFFER);
    }

    /** The standalone process for bench scripts; see {@link LinkEmulatorCli#USAGE}. */
    public static void main(String[] args) throws InterruptedException {
        LinkEmulatorCli.run(args);
    }

    public synchronized String host() {
        return address.getAddress().getHostAddress();
    }

    public synchronized int port() {
        return address.getPort();
    }

    public LinkDirection toServer() {
        return toServer;
    }

    public LinkDirection toClient() {
        return toClient;
    }

    /** The one-way delay of both directions. */
    public void setDelay(Duration oneWay) {
        toServer.setDelay(oneWay);
        toClient.setDelay(oneWay);
    }

    /** The bandwidth of each direction, bytes per second; 0 for unlimited. */
    public void setRate(long bytesPerSecond) {
        toServer.setRate(bytesPerSecond);
        toClient.setRate(bytesPerSecond);
    }

    /** Resets every open connection (RST) and returns how many; new connections are still accepted. */
    public int cutAll() {
        int count = (int) connections.stream().filter(LinkConnection::cut).count();
        cuts.addAndGet(count);
        return count;
    }

    /** Holds every byte, both ways, for {@code duration}; connections stay open. */
    public void stall(Duration duration) {
        synchronized (gate) {
            stallEnd = System.nanoTime() + duration.toNanos();
        }
    }

    /** Holds every byte, both ways, until {@link #resume()}; connections stay open. */
    public void stallUntilResumed() {
        stall(Duration.ofDays(365));
    }

    /** Ends any stall: what was held leaves at once if its delay has passed. */
    public void resume() {
        synchronized (gate) {
            stallEnd = System.nanoTime();
            gate.notifyAll();
        }
    }

    /** While refused, new connections find the port closed (connection refused); open ones carry on. */
    public synchronized void refuseNewConnections(boolean refuse) throws IOException {
        if (refuse != refusing && !closed) {
            refusing = refuse;
            if (refuse) {
                stopListening();
            } else {
                listen();
            }
        }
    }

    /** Cuts each connection once exactly {@code n} bytes from its client have reached the server; 0 for never. */
    public void cutAfterBytes(long n) {
        cutAfterBytes = Math.max(0, n);
    }

    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections the emulator reset: by {@link #cutAll()} or at the byte limit. */
    public int connectionsCut() {
        return cuts.get();
    }

    public int openConnections() {
        return connections.size();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            stopListening();
        }
        cutAll();
        resume();
    }

    long cutAfterBytes() {
        return cutAfterBytes;
    }

    void countCut(boolean cut) {
        if (cut) {
            cuts.incrementAndGet();
        }
    }

    void forget(LinkConnection connection) {
        connections.remove(connection);
    }

    /** Returns once no stall holds the bytes. */
    void awaitForwarding() throws InterruptedException {
        synchronized (gate) {
            for (long left; (left = stallEnd - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.timedWait(gate, left);
            }
        }
    }

    /**
     * Closes the listener and waits for its acceptor: the JDK closes a listening socket only once the thread blocked
     * in accept() has woken up, and until then the kernel still completes connections to it.
     */
    private void stopListening() {
        try {
            listener.close();
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        } catch (IOException ignored) {
            // closing is all that is asked
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true); // to listen on the same port again after a refusal
        server.bind(address);
        address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        listener = server;
        acceptor = new Thread(() -> accept(server), "link-emulator-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket server) {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closedListener) {
                return;
            }
            if (server.isClosed()) {
                LinkConnection.reset(client); // it came in while the listener was closing
                return;
            }
            int id = accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true); // Nagle would add its own delay to small chunks
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 10_000);
                LinkConnection connection = new LinkConnection(this, client, upstream, id, bufferBytes);
                connections.add(connection);
                connection.start();
                if (closed) {
                    connection.cut();
                }
            } catch (IOException unreachable) {
                // The target is down: the client sees its connection reset, as through a link to a dead host.
                LinkConnection.reset(upstream);
                LinkConnection.reset(client);
            }
        }
    }
}
