package backupsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import backupsync.api.Uuids;

/**
 * A test installation: store directories, backup files with real bytes, and the inventory YAML describing them.
 */
public final class Fixture {
    public final Path root;
    public final Path dataDir;
    public final Path primary;
    public final Path dr;
    public final Path third;
    public final String primaryUuid = Uuids.random();
    public final String drUuid = Uuids.random();
    public final String thirdUuid = Uuids.random();
    public final String disabledStoreUuid = Uuids.random();
    public final String disconnectedStoreUuid = Uuids.random();
    private final List<String> backupEntries = new ArrayList<>();
    private final List<String> accountEntries = new ArrayList<>();
    private final List<String> policyEntries = new ArrayList<>();
    private final List<String> verifyPolicyEntries = new ArrayList<>();
    private Long drTotalCapacity;

    public Fixture(Path root) throws IOException {
        this.root = root;
        this.dataDir = Files.createDirectories(root.resolve("data"));
        this.primary = Files.createDirectories(root.resolve("stores/primary"));
        this.dr = Files.createDirectories(root.resolve("stores/dr"));
        this.third = Files.createDirectories(root.resolve("stores/third"));
        Files.createDirectories(root.resolve("stores/disabled"));
        Files.createDirectories(root.resolve("stores/disconnected"));
        accountEntries.add("  - {name: admin, password: password, type: SystemAdmin}");
        accountEntries.add("  - {name: tenant1, password: secret1, type: Normal}");
        accountEntries.add("  - {name: tenant2, password: secret2, type: Normal}");
    }

    public Fixture drTotalCapacity(long bytes) {
        this.drTotalCapacity = bytes;
        return this;
    }

    /** A backup of {@code size} random bytes on the primary store, owned by {@code owner}; returns its uuid. */
    public String backup(String owner, long size) throws IOException {
        return backup(owner, size, "{\"version\":\"3.0.0\"}", "Enabled", "Ready");
    }

    public String backup(String owner, long size, String metadata, String state, String status) throws IOException {
        String uuid = Uuids.random();
        addBackup(uuid, "Backup-" + uuid.substring(0, 6), owner, size, metadata, state, status, false);
        return uuid;
    }

    /** An admin backup named {@code name} (names may repeat, as ZStack's nightly backups of one database do). */
    public String namedBackup(String name, long size) throws IOException {
        String uuid = Uuids.random();
        addBackup(uuid, name, "admin", size, "{\"version\":\"3.0.0\"}", "Enabled", "Ready", false);
        return uuid;
    }

    /** A backup whose file and Ready ref are already on the DR store as well as on the primary. */
    public String backupAlreadyOnDr(long size) throws IOException {
        String uuid = Uuids.random();
        addBackup(uuid, "Backup-" + uuid.substring(0, 6), "admin", size, "{\"version\":\"3.0.0\"}", "Enabled", "Ready", true);
        return uuid;
    }

    private void addBackup(String uuid, String name, String owner, long size, String metadata, String state, String status,
                           boolean alsoOnDr) throws IOException {
        writeRandomFile(primary.resolve("zsbak").resolve(uuid), size, uuid.hashCode());
        if (alsoOnDr) {
            Files.createDirectories(dr.resolve("zsbak"));
            Files.copy(onPrimary(uuid), onDr(uuid));
        }
        backupEntries.add(("  - {uuid: %s, name: %s, description: nightly, owner: %s, installPath: 'zstore://zsbak/%s', "
                + "backupStorageUuids: [%s], metadata: '%s', state: %s, status: %s}")
                .formatted(uuid, name, owner, uuid, alsoOnDr ? primaryUuid + ", " + drUuid : primaryUuid, metadata, state, status));
    }

    /** Adds an entry (the YAML flow map's inside) to the inventory's replicationPolicies section. */
    public Fixture replicationPolicy(String fields) {
        policyEntries.add("  - {" + fields + "}");
        return this;
    }

    /** Adds an entry (the YAML flow map's inside) to the inventory's verifyPolicies section. */
    public Fixture verifyPolicy(String fields) {
        verifyPolicyEntries.add("  - {" + fields + "}");
        return this;
    }

    public Path writeInventory() throws IOException {
        String yaml = "accounts:\n" + String.join("\n", accountEntries) + "\n"
                + "backupStorages:\n"
                + "  - {uuid: %s, name: primary, url: %s}\n".formatted(primaryUuid, primary)
                + "  - {uuid: %s, name: dr, url: %s%s}\n".formatted(drUuid, dr,
                        drTotalCapacity == null ? "" : ", totalCapacity: " + drTotalCapacity)
                + "  - {uuid: %s, name: third, url: %s}\n".formatted(thirdUuid, third)
                + "  - {uuid: %s, name: disabled, url: %s, state: Disabled}\n".formatted(disabledStoreUuid, root.resolve("stores/disabled"))
                + "  - {uuid: %s, name: disconnected, url: %s, status: Disconnected}\n".formatted(disconnectedStoreUuid, root.resolve("stores/disconnected"))
                + "databaseBackups:\n" + String.join("\n", backupEntries) + "\n"
                + (policyEntries.isEmpty() ? "" : "replicationPolicies:\n" + String.join("\n", policyEntries) + "\n")
                + (verifyPolicyEntries.isEmpty() ? "" : "verifyPolicies:\n" + String.join("\n", verifyPolicyEntries) + "\n");
        Path file = root.resolve("inventory.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    public ServiceRunner service() throws IOException {
        return new ServiceRunner(dataDir, writeInventory());
    }

    public Path onPrimary(String backupUuid) {
        return primary.resolve("zsbak").resolve(backupUuid);
    }

    public Path onDr(String backupUuid) {
        return dr.resolve("zsbak").resolve(backupUuid);
    }

    /** Every file under a store, temporary ones included. */
    public static List<Path> filesUnder(Path store) throws IOException {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    public static void writeRandomFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; ) {
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, size - written);
                out.write(buffer, 0, n);
                written += n;
            }
        }
    }

    public static String md5(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
