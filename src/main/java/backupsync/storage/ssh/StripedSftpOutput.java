package backupsync.storage.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote write spread over several SFTP channels on the same file, in stripes: stripe k of the file goes to
 * channel k mod n, each with a handle of its own. OpenSSH gives each channel a window of its own (2 MiB), so n
 * channels keep up to n windows of writes in flight: at 100 ms of round trip one window holds a link to about
 * 168 Mbit/s. One thread writes; it waits on a channel only when that channel's window is full, while the other
 * channels' writes are on their way. The first channel is the caller's (its handle fsyncs and renames); the others
 * are taken from the pool only when free, so a busy store writes over fewer.
 */
final class StripedSftpOutput extends OutputStream {
    private static final Logger LOG = LoggerFactory.getLogger(StripedSftpOutput.class);
    static final int STRIPE = 1 << 20;

    private record Lane(SshConnections.Sftp sftp, SftpClient.CloseableHandle handle, AcknowledgedSftpOutput out) {
    }

    private final List<Lane> lanes;
    /** The file offset of the next byte. */
    private long offset;
    /** False until the first byte: a resumed write may begin mid-stripe. */
    private boolean started;
    /** The extra channels went back to the pool (or were dropped): others may use them now, so never touch them again. */
    private boolean extrasReleased;

    private StripedSftpOutput(List<Lane> lanes, long offset) {
        this.lanes = lanes;
        this.offset = offset;
        lanes.get(0).out().setOffset(offset);
    }

    /**
     * Writes from {@code offset} on over {@code main} (which holds {@code handle}) and up to {@code channels - 1}
     * more channels of the pool that are free now, each opening the file for writing.
     */
    static StripedSftpOutput open(SshConnections connections, SshConnections.Sftp main, String path,
                                  SftpClient.CloseableHandle handle, long offset, int channels) {
        List<Lane> lanes = new ArrayList<>();
        lanes.add(new Lane(main, handle, new AcknowledgedSftpOutput(main.asyncCapable(), path, handle)));
        for (int i = 1; i < channels; i++) {
            SshConnections.Sftp extra = null;
            try {
                extra = connections.sftpIfFree();
                if (extra == null) {
                    break;
                }
                // No Create: the file is the one the first channel made.
                SftpClient.CloseableHandle extraHandle = extra.client().open(path, EnumSet.of(OpenMode.Write));
                lanes.add(new Lane(extra, extraHandle, new AcknowledgedSftpOutput(extra.asyncCapable(), path, extraHandle)));
            } catch (IOException | RuntimeException e) {
                LOG.debug("writing {} over {} channels instead of {}: {}", path, lanes.size(), channels, e.toString());
                if (extra != null) {
                    extra.discard();
                }
                break;
            }
        }
        return new StripedSftpOutput(lanes, offset);
    }

    int channels() {
        return lanes.size();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int from, int length) throws IOException {
        if (lanes.size() == 1) {
            lanes.get(0).out().write(buffer, from, length);
            offset += length;
            return;
        }
        while (length > 0) {
            Lane lane = lanes.get((int) ((offset / STRIPE) % lanes.size()));
            int n = (int) Math.min(length, STRIPE - offset % STRIPE);
            if (offset % STRIPE == 0 || !started) {
                // A stripe's first byte: the lane's previous stripe was flushed whole, so nothing of it is pending
                // (mid-stripe, a buffered packet of this lane would be sent at the wrong place).
                lane.out().setOffset(offset);
                started = true;
            }
            lane.out().write(buffer, from, n);
            offset += n;
            from += n;
            length -= n;
            if (offset % STRIPE == 0) {
                // Sends the stripe's last packet before the lane jumps to its next stripe.
                lane.out().flush();
            }
        }
    }

    /** Bytes from the start of the file that the server confirmed written: the lowest a lane still waits for. */
    long acknowledged() {
        long lowest = offset;
        for (Lane lane : lanes) {
            lowest = Math.min(lowest, lane.out().acknowledged());
        }
        return lowest;
    }

    /**
     * Sends what is buffered and waits for every write's acknowledgement; the extra channels' handles are closed and
     * their channels given back, the first channel's handle stays open for the fsync and the rename.
     */
    @Override
    public void close() throws IOException {
        for (Lane lane : lanes) {
            lane.out().close();
        }
        if (extrasReleased) {
            return;
        }
        extrasReleased = true;
        for (Lane lane : lanes.subList(1, lanes.size())) {
            try {
                lane.handle().close();
                lane.sftp().close();
            } catch (IOException | RuntimeException e) {
                lane.sftp().discard();
            }
        }
    }

    /** Drops the extra channels without waiting for anything (a failed link, an abort); the first is the caller's. */
    void discardExtraChannels() {
        if (extrasReleased) {
            return;
        }
        extrasReleased = true;
        for (Lane lane : lanes.subList(1, lanes.size())) {
            lane.sftp().discard();
        }
    }
}
