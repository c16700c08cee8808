import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small closed-loop load generator for the bench scripts (run as `java bench/LoadGen.java ...`, no build).
 *   sync   <baseUrl> <session> <src> <dst> <uuids-file> <connections>   one sync per uuid, each a real copy
 *   reject <baseUrl> <session> <requests> <connections>                  requests that fail validation (SYS.1007)
 * Prints: requests, seconds, requests/s, p50 ms, p99 ms, and the count of unexpected answers.
 */
public class LoadGen {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String base = args[1];
        String session = args[2];
        List<HttpRequest> requests = new ArrayList<>();
        int connections;
        int expected;
        if (mode.equals("sync")) {
            String body = "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"" + args[3]
                    + "\",\"dstBackupStorageUuid\":\"" + args[4] + "\"}}";
            for (String uuid : Files.readAllLines(Path.of(args[5]))) {
                if (!uuid.isBlank()) {
                    requests.add(put(base + "/zstack/v1/database-backups/" + uuid.strip() + "/actions", session, body));
                }
            }
            connections = Integer.parseInt(args[6]);
            expected = 200;
        } else {
            String body = "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"0123456789abcdef0123456789abcdef\"}}";
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                requests.add(put(base + "/zstack/v1/database-backups/0123456789abcdef0123456789abcdef/actions", session, body));
            }
            connections = Integer.parseInt(args[4]);
            expected = 503;
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(2, connections))).build();
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(workers.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(requests.get(i), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != expected) {
                            if (unexpected.incrementAndGet() <= 3) {
                                System.err.println("unexpected " + response.statusCode() + " " + response.body());
                            }
                        }
                    } catch (Exception e) {
                        unexpected.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        workers.shutdown();
        List<Long> sorted = new ArrayList<>();
        for (long l : latencies) {
            sorted.add(l);
        }
        Collections.sort(sorted);
        System.out.printf("%d %.3f %.1f %.2f %.2f %d%n", requests.size(), seconds, requests.size() / seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, unexpected.get());
        System.exit(0);
    }

    private static HttpRequest put(String url, String session, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "OAuth " + session).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
