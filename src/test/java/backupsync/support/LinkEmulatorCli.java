package backupsync.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link LinkEmulator} as a process a bench script drives: options on the command line, commands on stdin. */
final class LinkEmulatorCli {
    static final String USAGE = String.join("\n",
            "usage: LinkEmulator --target HOST:PORT [--listen HOST:PORT] [--delay-ms MS] [--rate RATE] [--buffer SIZE]",
            "  --listen   defaults to 127.0.0.1:0 (a free port, printed once listening)",
            "  --delay-ms one-way delay, each direction (default 0)",
            "  --rate     bytes/s each direction: 2500000, 25M (MiB/s), 200mbit (10^6 bits/s) or off (the default)",
            "  --buffer   bytes in flight per connection and direction (default 16M)",
            "stdin, one command a line, answered by ok or error: ...: delay MS | rate RATE | stall [MS] | resume | cut",
            "  | cut-after BYTES|off | refuse on|off | stats | quit. After the end of stdin it runs until killed.");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)([kmg]?)(bit)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)");

    private LinkEmulatorCli() {
    }

    /** Runs one stdin command; returns the line to answer. */
    static String command(LinkEmulator link, String line) throws IOException {
        String[] words = line.trim().toLowerCase(Locale.ROOT).split("\\s+");
        String argument = words.length > 1 ? words[1] : "";
        switch (words[0]) {
            case "delay" -> link.setDelay(Duration.ofMillis(Long.parseLong(argument)));
            case "rate" -> link.setRate(parseRate(argument));
            case "stall" -> {
                if (argument.isEmpty()) {
                    link.stallUntilResumed();
                } else {
                    link.stall(Duration.ofMillis(Long.parseLong(argument)));
                }
            }
            case "resume" -> link.resume();
            case "cut" -> link.cutAll();
            case "cut-after" -> link.cutAfterBytes(argument.equals("off") ? 0 : parseSize(argument));
            case "refuse" -> link.refuseNewConnections(switch (argument) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("refuse on or refuse off");
            });
            case "stats" -> {
                return String.format("ok to-server %d to-client %d accepted %d open %d cut %d",
                        link.toServer().bytesForwarded(), link.toClient().bytesForwarded(), link.connectionsAccepted(),
                        link.openConnections(), link.connectionsCut());
            }
            case "quit" -> link.close();
            default -> throw new IllegalArgumentException("unknown command: " + words[0]);
        }
        return "ok";
    }

    static void run(String... args) throws InterruptedException {
        LinkEmulator link;
        try {
            link = fromArguments(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("link-emulator: " + bad.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        } catch (IOException cannotListen) {
            System.err.println("link-emulator cannot start: " + cannotListen.getMessage());
            System.exit(1);
            return;
        }
        PrintStream out = System.out;
        out.println("link-emulator listening on " + link.host() + ":" + link.port());
        out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.println(command(link, line));
                } catch (RuntimeException | IOException failed) {
                    out.println("error: " + failed.getMessage());
                }
                out.flush();
                if (link.isClosed()) {
                    return;
                }
            }
        } catch (IOException stdinGone) {
            // as at the end of stdin
        }
        // Without stdin (a script's background job reads /dev/null) it runs until killed.
        new CountDownLatch(1).await();
    }

    static LinkEmulator fromArguments(String... args) throws IOException {
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        InetSocketAddress target = null;
        long delayMs = 0;
        long rate = 0;
        long buffer = LinkEmulator.DEFAULT_BUFFER;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--listen" -> listen = parseAddress(value);
                case "--target" -> target = parseAddress(value);
                case "--delay-ms" -> delayMs = Long.parseLong(value);
                case "--rate" -> rate = parseRate(value);
                case "--buffer" -> buffer = parseSize(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("--target HOST:PORT is required");
        }
        if (buffer > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--buffer is at most 2G");
        }
        LinkEmulator link = new LinkEmulator(listen, target, (int) buffer);
        link.setDelay(Duration.ofMillis(delayMs));
        link.setRate(rate);
        return link;
    }

    static InetSocketAddress parseAddress(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not HOST:PORT: " + hostAndPort);
        }
        return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    /** Bytes per second: {@code 2500000}, {@code 25M} (binary multiples of bytes), {@code 200mbit} (decimal bits). */
    static long parseRate(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("off")) {
            return 0;
        }
        Matcher m = RATE.matcher(lower);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: " + text + " (2500000, 25M, 200mbit or off)");
        }
        double value = Double.parseDouble(m.group(1));
        int power = power(m.group(2));
        return m.group(3) != null ? (long) (value * Math.pow(1000, power) / 8) : (long) (value * Math.pow(1024, power));
    }

    /** Bytes: {@code 1000000}, {@code 64K}, {@code 16M}, {@code 1G} (binary multiples). */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text + " (1000000, 64K, 16M or 1G)");
        }
        return Long.parseLong(m.group(1)) << (10 * power(m.group(2)));
    }

    /** 0 without a suffix, 1 for k, 2 for m, 3 for g. */
    private static int power(String suffix) {
        return suffix.isEmpty() ? 0 : "kmg".indexOf(suffix) + 1;
    }
}
