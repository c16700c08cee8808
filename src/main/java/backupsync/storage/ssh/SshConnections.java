package backupsync.storage.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH connections of one store, pooled and bounded: at most {@code maxConnections} connections, each with at most
 * {@code channelsPerConnection} channels open (OpenSSH refuses more than MaxSessions, 10 by default). SFTP channels are
 * kept for reuse; a channel or connection found dead is dropped and replaced on the next use. Keepalives with a
 * reply and the read timeout bound every wait: a dead link closes the connection within the read timeout.
 */
final class SshConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnections.class);
    /** md5sum answers one line; a host that says more is cut off here rather than filling the heap. */
    private static final int MAX_COMMAND_OUTPUT = 64 * 1024;
    /**
     * MINA's own order with AES-GCM first. MINA prefers chacha20-poly1305, which it implements in plain Java: on a
     * loopback copy it took three quarters of the service's CPU (JFR) and held a 1 GiB copy to a third of scp's
     * speed. AES-GCM runs on the JDK's AES-NI and CLMUL intrinsics. The set offered is unchanged, so a server
     * without GCM still gets a cipher it knows.
     */
    private static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr,
            BuiltinCiphers.aes128cbc, BuiltinCiphers.aes192cbc, BuiltinCiphers.aes256cbc);

    static final long RECEIVE_WINDOW_BYTES = 8L << 20;

    private final SshStoreSettings settings;
    private final PinnedHostKey hostKey;
    private final SshClient client;
    private final Semaphore channelSlots;
    private final List<Connection> connections = new ArrayList<>();
    private final Deque<Sftp> idle = new ArrayDeque<>();
    private boolean closed;

    private static final class Connection {
        final ClientSession session;
        int channels;

        Connection(ClientSession session) {
            this.session = session;
        }

        boolean usable() {
            return session.isOpen() && !session.isClosing();
        }
    }

    /** An SFTP channel lent to one operation; closing it gives it back (or drops it when it broke). */
    final class Sftp implements AutoCloseable {
        private final Connection connection;
        private final SftpClient client;
        private boolean returned;

        private Sftp(Connection connection, SftpClient client) {
            this.connection = connection;
            this.client = client;
        }

        SftpClient client() {
            return client;
        }

        AbstractSftpClient asyncCapable() {
            return (AbstractSftpClient) client;
        }

        /** Closes the channel instead of giving it back: what it had in flight is of no use to anyone. */
        void discard() {
            closeQuietly(client);
            close();
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                giveBack(this);
            }
        }
    }

    SshConnections(SshStoreSettings settings) {
        this.settings = settings;
        this.hostKey = new PinnedHostKey(settings.hostKeyFingerprint());
        this.channelSlots = new Semaphore(settings.maxConnections() * settings.channelsPerConnection(), true);
        this.client = newClient(settings, hostKey);
        client.start();
    }

    private static SshClient newClient(SshStoreSettings settings, PinnedHostKey hostKey) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(hostKey);
        // Nothing from this node's ~/.ssh: no config file, no default keys, no agent; only what the store names.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setAgentFactory(null);
        client.setCipherFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(true, CIPHERS)));
        if (settings.privateKeyFile() != null) {
            client.setKeyIdentityProvider(new FileKeyPairProvider(settings.privateKeyFile()));
            client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        } else {
            client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            client.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        }
        Duration read = settings.readTimeout();
        // What the host may send ahead of our reading: with MINA's 2 MiB, a 1 GiB read from a loopback OpenSSH took
        // 7-10 s; with 8 MiB (and 255 KiB read requests) 2.2-3.4 s. Also what a long link needs in flight.
        CoreModuleProperties.WINDOW_SIZE.set(client, RECEIVE_WINDOW_BYTES);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, settings.connectTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.authTimeout());
        // MINA waits for each SFTP answer up to the idle timeout, and closes a connection that heard nothing (not even a
        // keepalive reply) for that long: both are the read timeout.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, read);
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(client, read);
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, read);
        AbstractSftpClient.SFTP_CLIENT_CMD_TIMEOUT.set(client, read);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.keepaliveInterval());
        CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client,
                (int) Math.max(1, read.toMillis() / settings.keepaliveInterval().toMillis()));
        return client;
    }

    /** An SFTP channel for one operation; the caller closes it (try-with-resources). */
    Sftp sftp() throws IOException {
        takeSlot();
        return sftpInSlot();
    }

    private Sftp sftpInSlot() throws IOException {
        try {
            Sftp reused = reusableIdle();
            if (reused != null) {
                return reused;
            }
            Connection connection = connectionWithRoom();
            try {
                return new Sftp(connection, SftpClientFactory.instance().createSftpClient(connection.session));
            } catch (IOException | RuntimeException e) {
                release(connection);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            channelSlots.release();
            throw e;
        }
    }

    /** As {@link #sftp}, for work that only speeds things up: null at once when every slot is taken. */
    Sftp sftpIfFree() throws IOException {
        return channelSlots.tryAcquire() ? sftpInSlot() : null;
    }

    /**
     * Runs a command over an exec channel and answers what it wrote to stdout; fails when it exits other than 0 or
     * does not end within {@code timeout}. The command is sent as is: the caller quotes its arguments.
     */
    String exec(String command, Duration timeout) throws IOException {
        try (Running running = start(command)) {
            return running.finish(timeout);
        }
    }

    /**
     * Starts a command over an exec channel that the caller feeds on its stdin while it runs, then {@link Running#finish
     * finishes}. The channel holds one of the store's slots until closed.
     */
    Running start(String command) throws IOException {
        takeSlot();
        return startInSlot(command);
    }

    /**
     * As {@link #start}, for a command that only speeds things up: null at once when every slot is taken, rather than
     * wait while the caller holds a slot itself (six copies holding three slots would each wait for a fourth).
     */
    Running startIfFree(String command) throws IOException {
        return channelSlots.tryAcquire() ? startInSlot(command) : null;
    }

    private Running startInSlot(String command) throws IOException {
        Connection connection = null;
        ChannelExec channel = null;
        try {
            connection = connectionWithRoom();
            channel = connection.session.createExecChannel(command);
            Running running = new Running(connection, channel, command);
            channel.open().verify(settings.readTimeout());
            return running;
        } catch (IOException | RuntimeException | Error e) {
            if (channel != null) {
                channel.close(true);
            }
            if (connection != null) {
                release(connection);
            }
            channelSlots.release();
            throw e;
        }
    }

    /** A command running on the host: its stdin to write to, its stdout and stderr kept (capped) for the end. */
    final class Running implements AutoCloseable {
        private final Connection connection;
        private final ChannelExec channel;
        private final String command;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private boolean closed;

        private Running(Connection connection, ChannelExec channel, String command) {
            this.connection = connection;
            this.channel = channel;
            this.command = command;
            channel.setOut(new Capped(out));
            channel.setErr(new Capped(err));
        }

        /** The command's stdin; closing it sends EOF. Only valid once the channel is open. */
        OutputStream stdin() {
            return channel.getInvertedIn();
        }

        /** Sends EOF, waits for the command to end and answers its stdout; fails unless it exited 0 in time. */
        String finish(Duration timeout) throws IOException {
            channel.getInvertedIn().close();
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new IOException("'%s' did not finish within %s".formatted(command, timeout));
            }
            Integer status = channel.getExitStatus();
            if (status == null) {
                throw new IOException("'%s' ended without an exit status (connection lost or exec refused)".formatted(command));
            }
            if (status != 0) {
                throw new IOException("'%s' exited with %d: %s".formatted(command, status, errors()));
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Whatever the command wrote to stderr so far. */
        String errors() {
            // ByteArrayOutputStream is synchronized: MINA's I/O thread may still be writing.
            return err.toString(StandardCharsets.UTF_8).strip();
        }

        /** Closes the channel (the host's command sees EOF and its output pipe closed) and gives the slot back. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    channel.close(true);
                } finally {
                    release(connection);
                    channelSlots.release();
                }
            }
        }
    }

    private void takeSlot() throws IOException {
        try {
            // Copies hold a channel for their whole length; a store this busy answers "busy" rather than hang.
            if (!channelSlots.tryAcquire(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("all %d SSH channels of the store are busy".formatted(
                        settings.maxConnections() * settings.channelsPerConnection()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an SSH channel");
        }
    }

    private synchronized Sftp reusableIdle() {
        for (Sftp sftp = idle.pollFirst(); sftp != null; sftp = idle.pollFirst()) {
            if (sftp.client.isOpen() && sftp.connection.usable()) {
                return new Sftp(sftp.connection, sftp.client);
            }
            closeQuietly(sftp.client);
            sftp.connection.channels--;
        }
        return null;
    }

    /** A live connection with a free channel; connects a new one when none has room (the slot guarantees one may). */
    private Connection connectionWithRoom() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the store's connections are closed");
            }
            connections.removeIf(connection -> {
                if (!connection.usable()) {
                    idle.removeIf(sftp -> sftp.connection == connection);
                    connection.session.close(true);
                    return true;
                }
                return false;
            });
            for (Connection connection : connections) {
                if (connection.channels < settings.channelsPerConnection()) {
                    connection.channels++;
                    return connection;
                }
            }
            if (connections.size() >= settings.maxConnections()) {
                // Every channel is open but, since this caller holds a slot, some are idle: close one, take its place.
                Sftp spare = idle.pollLast();
                if (spare == null) {
                    throw new IllegalStateException("no idle SSH channel although a slot was free");
                }
                closeQuietly(spare.client);
                return spare.connection;
            }
        }
        // Connecting takes seconds at worst: outside the lock, so other operations go on meanwhile.
        Connection connection = new Connection(connect());
        synchronized (this) {
            connection.channels++;
            connections.add(connection);
            if (closed) {
                connection.session.close(true);
                throw new IOException("the store's connections are closed");
            }
        }
        return connection;
    }

    private ClientSession connect() throws IOException {
        SshEndpoint endpoint = settings.endpoint();
        ClientSession session;
        try {
            session = client.connect(endpoint.username(), endpoint.hostname(), endpoint.sshPort())
                    .verify(settings.connectTimeout()).getClientSession();
        } catch (IOException e) {
            throw new SshStoreException(endpoint.hostAddress(), "cannot connect to %s: %s".formatted(endpoint.hostAddress(), LinkFailures.connectReason(e)), e);
        }
        try {
            if (settings.privateKeyFile() == null) {
                session.addPasswordIdentity(settings.password());
            } else if (!client.getKeyIdentityProvider().loadKeys(session).iterator().hasNext()) {
                // MINA skips keys it cannot parse in silence; say so rather than fail as a refused login.
                throw new IOException("the key file holds no key this node can use (Ed25519 needs an EdDSA provider the jar lacks; use ECDSA or RSA)");
            }
            session.auth().verify(settings.authTimeout());
            LOG.info("connected to {} (host key {})", endpoint.hostAddress(), hostKey.pinned());
            return session;
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            String presented = hostKey.takeMismatchOf(session);
            session.close(true);
            if (presented != null) {
                throw new HostKeyMismatchException(endpoint.hostAddress(), hostKey.pinned(), presented);
            }
            // MINA's messages name neither the password nor the key's content; ours name the key file only.
            throw new SshStoreException(endpoint.hostAddress(), "cannot log in to %s with %s: %s".formatted(endpoint.hostAddress(),
                    settings.privateKeyFile() != null ? "the key " + settings.privateKeyFile() : "the password",
                    e.getMessage()), e);
        }
    }

    private void giveBack(Sftp sftp) {
        try {
            synchronized (this) {
                if (!closed && sftp.client.isOpen() && sftp.connection.usable()) {
                    idle.addFirst(sftp);
                    return;
                }
                sftp.connection.channels--;
            }
            closeQuietly(sftp.client);
        } finally {
            channelSlots.release();
        }
    }

    private synchronized void release(Connection connection) {
        connection.channels--;
    }

    private static void closeQuietly(SftpClient sftp) {
        try {
            sftp.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing an SFTP channel: {}", e.toString());
        }
    }

    @Override
    public void close() {
        List<Connection> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(connections);
            connections.clear();
            idle.clear();
        }
        open.forEach(connection -> connection.session.close(true));
        client.stop();
    }

    /** Keeps the first bytes a command writes and drops the rest. */
    private static final class Capped extends OutputStream {
        private final ByteArrayOutputStream out;

        Capped(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            if (out.size() < MAX_COMMAND_OUTPUT) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, Math.max(0, Math.min(len, MAX_COMMAND_OUTPUT - out.size())));
        }
    }
}
