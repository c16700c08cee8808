package backupsync.storage.ssh;

import java.io.IOException;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;

/**
 * Store names as paths on the remote host, and the check that what exists of them stays under the root: the host
 * resolves symbolic links (SFTP realpath) of the deepest part that exists, and that must lie under the root's own
 * resolved path. StoreName already rules out '..' and separators; this rules out links that lead out.
 */
final class RemotePaths {
    private final SshEndpoint endpoint;
    private final String root;
    private volatile String realRoot;

    RemotePaths(SshEndpoint endpoint) {
        this.endpoint = endpoint;
        this.root = endpoint.rootDirectory();
    }

    String root() {
        return root;
    }

    String folder(StoreName name) {
        return join(root, name.folder());
    }

    String file(StoreName name) {
        return join(folder(name), name.file());
    }

    private static String join(String parent, String child) {
        return parent.endsWith("/") ? parent + child : parent + "/" + child;
    }

    /** Throws StoragePathException when the name, through a link of what exists, leads outside the root. */
    void confine(SftpClient sftp, StoreName name) throws IOException {
        String resolvedRoot = resolvedRoot(sftp);
        for (String candidate : new String[] {file(name), folder(name)}) {
            String resolved = resolve(sftp, candidate);
            if (resolved != null) {
                if (!isUnder(resolved, resolvedRoot)) {
                    throw new StoragePathException("'%s' leads outside the root of the store %s through a symbolic link"
                            .formatted(name, endpoint.location()));
                }
                return;
            }
        }
        // Nothing of it exists yet: it will be created under the root, which was resolved above.
    }

    private String resolvedRoot(SftpClient sftp) throws IOException {
        String known = realRoot;
        if (known == null) {
            known = resolve(sftp, root);
            if (known == null) {
                throw new IOException("the root directory %s does not exist on %s".formatted(root, endpoint.hostAddress()));
            }
            realRoot = known;
        }
        return known;
    }

    /** The host's resolved path, or null when there is nothing at that path (or a link that leads nowhere). */
    private static String resolve(SftpClient sftp, String path) throws IOException {
        try {
            SftpClient.Attributes attributes = sftp.lstat(path);
            String resolved = sftp.canonicalPath(path);
            if (attributes.isSymbolicLink()) {
                // Some servers answer realpath lexically for a link that leads nowhere: make sure it exists.
                sftp.stat(path);
            }
            return resolved;
        } catch (SftpException e) {
            if (isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    static boolean isMissing(SftpException e) {
        return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
    }

    private static boolean isUnder(String path, String resolvedRoot) {
        if (resolvedRoot.equals("/")) {
            return true;
        }
        return path.equals(resolvedRoot) || path.startsWith(resolvedRoot + "/");
    }
}
