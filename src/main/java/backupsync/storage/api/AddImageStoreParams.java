package backupsync.storage.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.data.BackupStorageRow;
import backupsync.storage.ssh.SshEndpoint;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The params of AddImageStoreBackupStorage, checked field by field with ZStack's limits (the SDK's {@code @Param}s)
 * before anything is reached or recorded.
 *
 * @param privateKeyFile key auth: the request's {@code privateKeyFile}, else {@code backupsync.ssh.private-key-file}
 *                       when the request has no password; null for password auth
 * @param keyFileFromRequest whether the key file was named by the request (recorded) or by the node (not recorded:
 *                       the property stays the one place that names it)
 * @param pinnedFingerprint the {@code hostKeyFingerprint} the admin expects, or null: trust on first use
 */
public record AddImageStoreParams(String uuid, String name, String description, String url, String hostname,
                                  String username, String password, int sshPort, Path privateKeyFile,
                                  boolean keyFileFromRequest, String pinnedFingerprint) {
    public static final String HOST_KEY_FINGERPRINT = "hostKeyFingerprint";
    public static final String PRIVATE_KEY_FILE = "privateKeyFile";
    /** Host names and addresses as DNS and IPv4/IPv6 spell them: nothing else reaches a message or the database. */
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9._-]{1,255}|[0-9A-Fa-f:.]{2,255}");
    static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    static AddImageStoreParams from(StorageOperation operation, Path nodeKeyFile) {
        JsonNode params = operation.getParams();
        String name = text(params, "name", 255, true);
        String url = text(params, "url", 2048, true);
        String hostname = text(params, "hostname", 255, true);
        String username = text(params, "username", 255, true);
        String password = text(params, "password", 255, false);
        String description = text(params, "description", 2048, false);
        String type = text(params, "type", 255, false);
        if (type != null && !type.equals(BackupStorageRow.IMAGE_STORE)) {
            throw ApiException.invalidField("type", "must be %s, got '%s'".formatted(BackupStorageRow.IMAGE_STORE, shorten(type)));
        }
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw ApiException.invalidField("hostname", "'%s' is not a host name or an IP address".formatted(shorten(hostname)));
        }
        if (username.isBlank() || username.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw ApiException.invalidField("username", "must be a user name without spaces or control characters");
        }
        checkRoot(url);
        int sshPort = 22;
        JsonNode port = params.get("sshPort");
        if (port != null && !port.isNull()) {
            if (!port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535
                    || !(port.isIntegralNumber() || port.asText().matches("\\d{1,5}"))) {
                throw ApiException.invalidField("sshPort", "must be a TCP port between 1 and 65535");
            }
            sshPort = port.asInt();
        }
        String uuid = text(params, "resourceUuid", 32, false);
        if (uuid != null && !Uuids.isValid(uuid)) {
            throw ApiException.invalidField("resourceUuid", "'%s' is not a ZStack uuid (32 lowercase hex characters)".formatted(shorten(uuid)));
        }
        String pinned = operation.directive(HOST_KEY_FINGERPRINT);
        if (pinned != null && !FINGERPRINT.matcher(pinned).matches()) {
            throw ApiException.invalidField(HOST_KEY_FINGERPRINT, "must be SHA256:<base64> as 'ssh-keygen -l' prints it");
        }
        String keyFile = operation.directive(PRIVATE_KEY_FILE);
        Path key = null;
        boolean fromRequest = keyFile != null;
        if (fromRequest) {
            key = keyFile(keyFile, PRIVATE_KEY_FILE);
        } else if ((password == null || password.isEmpty()) && nodeKeyFile != null) {
            key = keyFile(nodeKeyFile.toString(), "backupsync.ssh.private-key-file");
        }
        if (key == null && (password == null || password.isEmpty())) {
            throw ApiException.invalidField("password", "a password is required, or privateKeyFile (a param, a system tag "
                    + "privateKeyFile::<path>, or the property backupsync.ssh.private-key-file) for key authentication");
        }
        return new AddImageStoreParams(uuid == null ? Uuids.random() : uuid, name, description, new SshEndpoint(hostname,
                sshPort, username, url).rootDirectory(), hostname, username, password, sshPort, key, fromRequest, pinned);
    }

    public SshEndpoint endpoint() {
        return new SshEndpoint(hostname, sshPort, username, url);
    }

    /** An absolute path without . or .. segments: the store's root on its host, as a name no path trick can move. */
    private static void checkRoot(String url) {
        if (!url.startsWith("/")) {
            throw ApiException.invalidField("url", "must be an absolute directory on the host, such as /zstack_bs; got '%s'".formatted(shorten(url)));
        }
        for (String segment : url.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw ApiException.invalidField("url", "may not contain '.' or '..' segments: '%s'".formatted(shorten(url)));
            }
        }
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiException.invalidField("url", "may not contain control characters");
        }
    }

    private static Path keyFile(String file, String field) {
        Path path = Path.of(file);
        if (!path.isAbsolute() || !Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw ApiException.invalidField(field, "'%s' is not a readable file on this node (an absolute path)".formatted(shorten(file)));
        }
        return path;
    }

    private static String text(JsonNode params, String field, int maxLength, boolean required) {
        JsonNode node = params.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.invalidField(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.invalidField(field, "must be a string");
        }
        String value = node.asText();
        if (required && value.isBlank() && !field.equals("name")) {
            throw ApiException.invalidField(field, "may not be empty");
        }
        if (value.length() > maxLength) {
            throw ApiException.invalidField(field, "is longer than %d characters".formatted(maxLength));
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.invalidField(field, "may not contain the NUL character");
        }
        return value;
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "AddImageStoreParams[%s, %s, name=%s, auth=%s, pinned=%s]".formatted(uuid, endpoint().location(), name,
                privateKeyFile != null ? "key " + privateKeyFile : "password (not shown)", pinnedFingerprint);
    }
}
