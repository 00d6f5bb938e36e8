import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * chainkg's local Neo4j: an embedded Neo4j Community DBMS that listens for Bolt on 127.0.0.1 only (no HTTP).
 *
 * <pre>
 * java -Xmx512m -cp "$(cat classpath.txt)" Neo4jLauncher.java --dir DIR --port P [--auth-password-env VAR] [--page-cache-mb N]
 * </pre>
 *
 * Started by {@code python -m chainkg.graph.localserver neo4j} (module chainkg.graph.localneo4j), which
 * resolves the classpath with Maven (pom.xml beside this file) and compiles this file once.
 * Prints exactly one line on stdout, {@code READY bolt://127.0.0.1:P}, once Bolt accepts connections;
 * errors go to stderr, Neo4j's own logs to DIR/logs. SIGTERM or SIGINT shuts the DBMS down and exits 0.
 * Auth is off unless --auth-password-env names an environment variable holding the password of
 * the user neo4j (at least 8 characters; never on the command line); it is set on every start, with
 * no change required. DIR must be new, empty, or made by this launcher (it holds the file
 * {@value #MARKER}); LOAD CSV reads file:/// URLs from DIR/import.
 * Exit status: 0 stopped by a signal, 1 failed to start, 2 bad arguments or directory.
 */
public final class Neo4jLauncher {
    static final String MARKER = ".neo4j-launcher";

    public static void main(String[] args) {
        try {
            run(args);
        } catch (UsageException e) {
            System.err.println("Neo4jLauncher: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("Neo4jLauncher: failed to start: " + e);
            Throwable cause = e.getCause();
            for (int depth = 0; cause != null && depth < 8; cause = cause.getCause(), depth++) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path dir = null;
        int port = -1;
        String passwordVar = null;
        long pageCacheMb = 64;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--dir" -> dir = Path.of(require(args[i], value)).toAbsolutePath().normalize();
                case "--port" -> port = parseInt(args[i], require(args[i], value), 1, 65535);
                case "--auth-password-env" -> passwordVar = require(args[i], value);
                case "--page-cache-mb" -> pageCacheMb = parseInt(args[i], require(args[i], value), 8, 1 << 20);
                default -> throw new UsageException("unknown argument " + args[i]
                        + "; usage: --dir DIR --port P [--auth-password-env VAR] [--page-cache-mb N]");
            }
            i++;
        }
        if (dir == null || port < 0) {
            throw new UsageException("--dir and --port are required");
        }
        String password = null;
        if (passwordVar != null) {
            password = System.getenv(passwordVar);
            if (password == null || password.length() < 8) {
                throw new UsageException("environment variable " + passwordVar
                        + " must hold the password, at least 8 characters");
            }
        }
        claimDirectory(dir);

        boolean passwordSet = false;
        if (password != null && !Files.exists(dir.resolve("data/databases/system"))) {
            // New store: set the password before Bolt ever listens, so the default neo4j/neo4j never does.
            DatabaseManagementService setup = builder(dir, port, true, pageCacheMb).setConfig(BoltConnector.enabled, false).build();
            try {
                setPassword(setup, password);
                passwordSet = true;
            } finally {
                setup.shutdown();
            }
        }
        DatabaseManagementService dbms = builder(dir, port, password != null, pageCacheMb).build();
        // From here on, SIGTERM/SIGINT/exit shut the DBMS down cleanly; the signals exit with status 0.
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
        }

        for (String name : List.of(GraphDatabaseSettings.SYSTEM_DATABASE_NAME, GraphDatabaseSettings.DEFAULT_DATABASE_NAME)) {
            if (!dbms.database(name).isAvailable(120_000)) {
                throw new IllegalStateException("database " + name + " did not become available; see " + dir.resolve("logs"));
            }
        }
        if (password != null && !passwordSet) {
            setPassword(dbms, password);
        }
        awaitPort(port, 30_000);
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join(); // until a signal; the shutdown hook does the rest
    }

    private static DatabaseManagementServiceBuilder builder(Path dir, int port, boolean auth, long pageCacheMb) {
        return new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.logs_directory, dir.resolve("logs"))
                // LOAD CSV FROM 'file:///x.csv' reads DIR/import/x.csv (and nothing outside it).
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, dir.resolve("import"))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Transaction logs otherwise reserve 256 MiB of disk per database up front.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Internal setting: Bolt's event loops otherwise idle 5 s each before a shutdown completes.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
    }

    /** Refuses a directory that holds anything but a store this launcher made; marks a new one. */
    private static void claimDirectory(Path dir) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            return;
        }
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException(dir + " is not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException(dir + " is not empty and has no " + MARKER
                            + " file: refusing to put a Neo4j store there");
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(marker, "Neo4j store made by Neo4jLauncher\n");
    }

    /** Sets the password of the user neo4j, usable at once; the same password again is a no-op. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally("ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    java.util.Map.of("password", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static void awaitPort(int port, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Bolt is not listening on 127.0.0.1:" + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new UsageException(flag + " needs a value");
        }
        return value;
    }

    private static int parseInt(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException(flag + " must be a number from " + min + " to " + max + ", not " + value);
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
