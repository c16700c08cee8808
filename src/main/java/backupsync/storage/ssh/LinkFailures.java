package backupsync.storage.ssh;

import org.apache.sshd.sftp.common.SftpException;

import backupsync.storage.StoragePathException;

/**
 * Tells a failure of the link (dropped, reset, timed out, the host's sshd restarted: worth a reconnect) from an answer
 * of the server or a refusal of ours (a full disk, a denied write, a changed host key, a path out of the root:
 * another try would meet the same).
 */
final class LinkFailures {
    private LinkFailures() {
    }

    static boolean isLinkFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SftpException || t instanceof HostKeyMismatchException || t instanceof StoragePathException) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /**
     * Why a connection could not be made, in words for an ErrorCode's details: MINA's message starts with its
     * future's internals ({@code DefaultConnectFuture[user@/127.0.0.1:22]: Failed (ConnectException) ...}), so the
     * innermost cause's own message is taken, named by its kind when it has none.
     */
    static String connectReason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        return message.replaceFirst("^Default\\w*Future\\[[^\\]]*\\]:\\s*", "");
    }

    /** The wait before a reconnect; an interrupt ends the copy as an I/O failure. */
    static void backOff(java.time.Duration wait) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to reconnect");
        }
    }
}
