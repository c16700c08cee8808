package backupsync.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The link emulator against real servers on loopback: what it delays, limits, holds and cuts is measured on the
 * bytes that arrive. Times are only lower bounds (a loaded 2-core host can only make things slower).
 */
class LinkEmulatorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int MIB = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aRoundTripTakesAtLeastBothOneWayDelaysAndADelayChangeAppliesToALiveConnection() throws Exception {
        Echo echo = keep(new Echo());
        LinkEmulator link = keep(LinkEmulator.to(echo.port()));
        Socket client = keep(connect(link));
        assertThat(roundTripNanos(client)).as("no delay yet").isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));

        link.setDelay(Duration.ofMillis(40));
        for (int i = 0; i < 5; i++) {
            assertThat(roundTripNanos(client)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
        }
        link.toClient().setDelay(Duration.ZERO);
        link.toServer().setDelay(Duration.ofMillis(60));
        assertThat(roundTripNanos(client)).as("one direction only").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
    }

    @Test
    void eachDirectionHasItsOwnDelayAndCounters() throws Exception {
        Sink sink = keep(new Sink("SSH-2.0-sink\r\n"));
        LinkEmulator link = keep(LinkEmulator.to(sink.port()));
        link.toServer().setDelay(Duration.ofHours(1));
        Socket first = keep(connect(link));
        assertThat(new String(first.getInputStream().readNBytes(14), StandardCharsets.US_ASCII)).isEqualTo("SSH-2.0-sink\r\n");

        link.toServer().setDelay(Duration.ZERO);
        link.toClient().setDelay(Duration.ofHours(1));
        Socket second = keep(connect(link));
        write(second, new byte[1000]);
        await().atMost(PATIENCE).until(() -> sink.total() == 1000);

        assertThat(link.toServer().bytesForwarded()).isEqualTo(1000);
        assertThat(link.toClient().bytesForwarded()).isEqualTo(14);
        assertThat(link.toClient().bytesInFlight()).as("the second greeting").isEqualTo(14);
    }

    @Test
    void bytesArriveIntactAndInOrderThroughDelayAndRate() throws Exception {
        Echo echo = keep(new Echo());
        LinkEmulator link = keep(LinkEmulator.to(echo.port()));
        link.setDelay(Duration.ofMillis(5));
        link.setRate(16L * MIB);
        byte[] sent = new byte[3 * MIB + 12_345];
        new Random(21).nextBytes(sent);
        Socket client = keep(connect(link));
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(client, sent));
        byte[] back = client.getInputStream().readNBytes(sent.length);
        writing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(back).isEqualTo(sent);
        // A direction counts a chunk once its write returned: the reader may have had the bytes a moment before.
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(link.toServer().bytesForwarded()).isEqualTo(sent.length);
            assertThat(link.toClient().bytesForwarded()).isEqualTo(sent.length);
        });
        client.shutdownOutput();
        assertThat(client.getInputStream().read()).as("the end of stream went through too").isEqualTo(-1);
        await().atMost(PATIENCE).until(() -> link.openConnections() == 0);
        assertThat(link.toServer().bytesInFlight()).isZero();
    }

    @Test
    void theRateLimitHolds4MiBAt2MiBPerSecondForMoreThan1Point6Seconds() throws Exception {
        Sink sink = keep(new Sink());
        LinkEmulator link = keep(LinkEmulator.to(sink.port()));
        link.toServer().setRate(2L * MIB);
        Socket client = keep(connect(link));

        long start = System.nanoTime();
        write(client, new byte[4 * MIB]);
        await().atMost(PATIENCE).until(() -> sink.total() == 4L * MIB);
        long elapsed = System.nanoTime() - start;

        assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1600));
        assertThat(link.toServer().bytesForwarded()).isEqualTo(4L * MIB);
    }

    @Test
    void aDelayDoesNotCapThroughputBecauseManyChunksAreInFlightAtOnce() throws Exception {
        Sink sink = keep(new Sink());
        LinkEmulator link = keep(LinkEmulator.to(sink.port()));
        link.setDelay(Duration.ofMillis(50));
        Socket client = keep(connect(link));

        long start = System.nanoTime();
        write(client, new byte[8 * MIB]);
        await().atMost(PATIENCE).until(() -> sink.total() == 8L * MIB);
        long elapsed = System.nanoTime() - start;

        // A pause per 64 KiB chunk would hold one chunk at a time and need 128 x 50 ms for the 8 MiB.
        assertThat(link.toServer().peakBytesInFlight()).isGreaterThan(MIB);
        assertThat(elapsed).as("a coarse bound: half what pausing would take").isLessThan(TimeUnit.MILLISECONDS.toNanos(3200));
        assertThat(link.toServer().bytesInFlight()).isZero();
    }

    @Test
    void cutAllResetsALiveConnectionAndTheLinkStillAcceptsNewOnes() throws Exception {
        Echo echo = keep(new Echo());
        LinkEmulator link = keep(LinkEmulator.to(echo.port()));
        Socket client = keep(connect(link));
        roundTripNanos(client);

        assertThat(link.cutAll()).isEqualTo(1);

        assertBroken(client);
        assertThat(link.connectionsCut()).isEqualTo(1);
        assertThat(link.openConnections()).isZero();
        roundTripNanos(keep(connect(link)));
        assertThat(link.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void aStallHoldsEveryByteOnAnOpenConnectionUntilResumed() throws Exception {
        Sink sink = keep(new Sink());
        LinkEmulator link = keep(LinkEmulator.to(sink.port()));
        Socket client = keep(connect(link));
        write(client, new byte[1000]);
        await().atMost(PATIENCE).until(() -> sink.total() == 1000);

        link.stallUntilResumed();
        write(client, new byte[100_000]);
        await().atMost(PATIENCE).until(() -> link.toServer().bytesInFlight() == 100_000);
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> sink.total() == 1000);
        assertThat(link.toServer().bytesForwarded()).isEqualTo(1000);

        link.resume();
        await().atMost(PATIENCE).until(() -> sink.total() == 101_000);
        assertThat(sink.connections()).as("the same connection carried on").hasSize(1);
    }

    @Test
    void aTimedStallEndsByItself() throws Exception {
        Sink sink = keep(new Sink());
        LinkEmulator link = keep(LinkEmulator.to(sink.port()));
        Socket client = keep(connect(link));

        long start = System.nanoTime();
        link.stall(Duration.ofMillis(500));
        write(client, new byte[10_000]);
        await().atMost(PATIENCE).until(() -> sink.total() == 10_000);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void cutAfterBytesLetsExactlyThatManyBytesThroughThenResetsTheConnection() throws Exception {
        Sink sink = keep(new Sink());
        LinkEmulator link = keep(LinkEmulator.to(sink.port()));
        link.toServer().setRate(8L * MIB); // a sink that keeps up, so nothing is left in a socket buffer at the reset
        link.cutAfterBytes(700_000);
        Socket client = keep(connect(link));

        CompletableFuture.runAsync(() -> write(client, new byte[MIB]));
        Sink.Received first = await().atMost(PATIENCE).until(() -> sink.connections().isEmpty() ? null
                : sink.connections().get(0), received -> received != null && received.ended.isDone());

        assertThat(first.ended.get()).isEqualTo("reset");
        assertThat(first.bytes.get()).isBetween(700_000L - CHUNK, 700_000L);
        assertThat(link.toServer().bytesForwarded()).isEqualTo(700_000);
        assertBroken(client);
        assertThat(link.connectionsCut()).isEqualTo(1);

        link.cutAfterBytes(0);
        Socket second = keep(connect(link));
        write(second, new byte[MIB]);
        await().atMost(PATIENCE).until(() -> sink.total() == first.bytes.get() + MIB);
    }

    @Test
    void refusedConnectionsFindThePortClosedWhileOpenOnesCarryOn() throws Exception {
        Echo echo = keep(new Echo());
        LinkEmulator link = keep(LinkEmulator.to(echo.port()));
        Socket before = keep(connect(link));
        roundTripNanos(before); // accepted by the link, not just waiting in the listener's backlog

        link.refuseNewConnections(true);
        assertThatThrownBy(() -> keep(connect(link))).isInstanceOf(ConnectException.class);
        roundTripNanos(before);

        link.refuseNewConnections(false);
        roundTripNanos(keep(connect(link)));
        assertThat(link.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void theStandaloneProcessTakesCommandsOnStdinAndAnswersOk() throws Exception {
        Echo echo = keep(new Echo());
        Path stderr = tmp.resolve("link-emulator.err");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), LinkEmulator.class.getName(),
                "--listen", "127.0.0.1:0", "--target", "127.0.0.1:" + echo.port(), "--delay-ms", "0", "--rate", "off")
                .redirectError(stderr.toFile()).start();
        keep(process::destroyForcibly);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);

        String listening = line(out, process, stderr);
        Matcher port = Pattern.compile("link-emulator listening on 127\\.0\\.0\\.1:(\\d+)").matcher(listening);
        assertThat(port.matches()).as(listening).isTrue();
        assertThat(send(in, out, process, stderr, "delay 10")).isEqualTo("ok");
        Socket client = keep(new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1))));
        client.setSoTimeout((int) PATIENCE.toMillis());
        assertThat(roundTripNanos(client)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(send(in, out, process, stderr, "rate 25M")).isEqualTo("ok");
        assertThat(send(in, out, process, stderr, "rate off")).isEqualTo("ok");
        assertThat(send(in, out, process, stderr, "stall")).isEqualTo("ok");
        assertThat(send(in, out, process, stderr, "resume")).isEqualTo("ok");
        assertThat(send(in, out, process, stderr, "stats")).startsWith("ok to-server 1 to-client 1 accepted 1");
        assertThat(send(in, out, process, stderr, "bogus")).startsWith("error: unknown command");
        assertThat(send(in, out, process, stderr, "cut")).isEqualTo("ok");
        assertBroken(client);
        assertThat(send(in, out, process, stderr, "quit")).isEqualTo("ok");

        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("exits after quit").isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void ratesAndSizesReadAsTheUsageSays() {
        assertThat(LinkEmulatorCli.parseRate("2500000")).isEqualTo(2_500_000);
        assertThat(LinkEmulatorCli.parseRate("25M")).isEqualTo(25L * MIB);
        assertThat(LinkEmulatorCli.parseRate("200mbit")).isEqualTo(25_000_000);
        assertThat(LinkEmulatorCli.parseRate("off")).isZero();
        assertThat(LinkEmulatorCli.parseSize("16M")).isEqualTo(16L * MIB);
        assertThat(LinkEmulatorCli.parseSize("700000")).isEqualTo(700_000);
        assertThatThrownBy(() -> LinkEmulatorCli.parseRate("fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkEmulatorCli.fromArguments("--delay-ms", "5")).hasMessageContaining("--target");
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(0, closeable);
        return closeable;
    }

    private static Socket connect(LinkEmulator link) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), link.port());
        socket.setSoTimeout((int) PATIENCE.toMillis());
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** One byte out and back: the nanoseconds it took. */
    private static long roundTripNanos(Socket client) throws IOException {
        long start = System.nanoTime();
        client.getOutputStream().write(7);
        assertThat(client.getInputStream().read()).isEqualTo(7);
        return System.nanoTime() - start;
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The connection reads as reset or ended, not merely silent. */
    private static void assertBroken(Socket client) {
        try {
            InputStream in = client.getInputStream();
            while (in.read() >= 0) {
                // an echo of what was in flight may come first
            }
        } catch (SocketTimeoutException silent) {
            throw new AssertionError("the connection is still open after " + PATIENCE, silent);
        } catch (IOException reset) {
            assertThat(reset).hasMessageContaining("reset");
        }
    }

    private static String send(Writer in, BufferedReader out, Process process, Path stderr, String command)
            throws Exception {
        in.write(command + "\n");
        in.flush();
        return line(out, process, stderr);
    }

    private static String line(BufferedReader out, Process process, Path stderr) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String read = line.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (read == null) {
            throw new AssertionError("the link emulator exited with " + process.waitFor() + ": " + Files.readString(stderr));
        }
        return read;
    }

    /** Echoes every byte back, on every connection. */
    private static final class Echo implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Echo() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket socket = server.accept();
                        Thread pump = new Thread(() -> {
                            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                                in.transferTo(out);
                            } catch (IOException gone) {
                                // the client or the link went away
                            }
                        }, "echo");
                        pump.setDaemon(true);
                        pump.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Reads and counts every byte of every connection, and notes how each connection ended. */
    private static final class Sink implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Received> connections = new CopyOnWriteArrayList<>();
        private final byte[] greeting;

        static final class Received {
            final AtomicLong bytes = new AtomicLong();
            final CompletableFuture<String> ended = new CompletableFuture<>();
        }

        Sink() throws IOException {
            this("");
        }

        /** Writes {@code greeting} to each connection first, as sshd sends its banner. */
        Sink(String greeting) throws IOException {
            this.greeting = greeting.getBytes(StandardCharsets.US_ASCII);
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket socket = server.accept();
                        Received received = new Received();
                        connections.add(received);
                        Thread reader = new Thread(() -> drain(socket, received), "sink");
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "sink-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void drain(Socket socket, Received received) {
            byte[] buffer = new byte[CHUNK];
            try (socket; InputStream in = socket.getInputStream()) {
                socket.getOutputStream().write(greeting);
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.bytes.addAndGet(n);
                }
                received.ended.complete("eof");
            } catch (IOException reset) {
                received.ended.complete(reset.getMessage().contains("reset") ? "reset" : reset.getMessage());
            }
        }

        int port() {
            return server.getLocalPort();
        }

        List<Received> connections() {
            return connections;
        }

        long total() {
            return connections.stream().mapToLong(received -> received.bytes.get()).sum();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
