/*
 * The casegraph development Neo4j server: Neo4j 5.26 LTS Community embedded in one JVM,
 * with the Bolt connector on loopback and authentication on.
 *
 * Started by scripts/neo4j-dev, never by hand. Usage:
 *
 *     java -cp CLASSPATH:CLASSES DevServer HOME_DIR PORT
 *
 * The password of the user "neo4j" comes from the environment variable NEO4J_PASSWORD, so it
 * never shows in the process list. It is set at every start, so changing NEO4J_PASSWORD and
 * restarting is enough to change it.
 *
 * Bulk import (scripts/neo4j-dev import DIR): the script writes the path of an arguments file
 * (one argument of `neo4j-admin database import full` a line) into HOME/../import.request.
 * The server then stops its default database (the DBMS, the system database and Bolt stay up),
 * runs the import tool of the same distribution in this JVM (no second JVM to start, no server
 * restart), starts the database again and writes the tool's exit code into
 * HOME/../import.result.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.database.Database;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

public final class DevServer {

    private DevServer() {}

    private static volatile DatabaseManagementService service;
    private static final Object LOCK = new Object();

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: DevServer HOME_DIR PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set and at least 8 characters long");
            System.exit(2);
        }
        String pageCache = System.getenv().getOrDefault("NEO4J_DEV_PAGECACHE", "512m");

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (scripts/neo4j-dev stop) runs this hook: a clean shutdown flushes the store, so
        // the next start needs no recovery.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("casegraph-neo4j-dev: shutting down");
            synchronized (LOCK) {
                if (service != null) {
                    service.shutdown();
                    service = null;
                }
            }
            stopped.countDown();
            System.out.println("casegraph-neo4j-dev: stopped");
        }, "casegraph-neo4j-dev-shutdown"));

        synchronized (LOCK) {
            service = start(home, port, pageCache, password);
        }
        System.out.println("casegraph-neo4j-dev: ready, bolt://127.0.0.1:" + port);
        Path request = home.resolveSibling("import.request");
        while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
            if (Files.exists(request)) {
                bulkImport(home, request, port, pageCache, password);
            }
        }
    }

    private static DatabaseManagementService start(
            Path home, int port, String pageCache, String password) {
        DatabaseManagementService started = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                // Loopback only: the dev server must never be reachable from the network.
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(pageCache))
                // A dev database needs no point-in-time recovery: keep the transaction logs small.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                // No usage reports to neo4j.com: the dev server makes no outside connections.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt waits 2 x 5 s for idle connections at shutdown by default; a dev server
                // holds no connection worth waiting for, so stop (and make test) stay quick.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time,
                        Duration.ofMillis(200))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time,
                        Duration.ofMillis(200))
                .build();
        setPassword(started.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        return started;
    }

    /**
     * Stop the default database, run `database import full` into it with the arguments the
     * request names, start it again, report the exit code.
     */
    private static void bulkImport(
            Path home, Path request, int port, String pageCache, String password) {
        Path result = home.resolveSibling("import.result");
        int code = 1;
        Database database = null;
        synchronized (LOCK) {
            try {
                String argsFile = Files.readString(request, StandardCharsets.UTF_8).strip();
                Files.delete(request);
                String memory = System.getenv().getOrDefault("NEO4J_DEV_IMPORT_MEMORY", "1g");
                List<String> args = new ArrayList<>(List.of(
                        "database", "import", "full", "neo4j", "--overwrite-destination",
                        "--max-off-heap-memory=" + memory));
                for (String line : Files.readAllLines(Path.of(argsFile), StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        args.add(line);
                    }
                }
                System.out.println("casegraph-neo4j-dev: importing (" + argsFile + ")");
                long t0 = System.nanoTime();
                // Only the default database stops (its files closed, its locks released); the
                // DBMS, the system database and Bolt stay up. Stopping and starting the whole
                // DBMS cost several seconds more on every import.
                database = defaultDatabase();
                database.stop();
                System.out.println("casegraph-neo4j-dev: database stopped in " + millis(t0) + " ms");
                Path conf = home.resolve("conf");
                Files.createDirectories(conf);
                code = AdminTool.execute(new ExecutionContext(home, conf), args.toArray(new String[0]));
                if (code != 0) {
                    // The tool has already deleted the old database and leaves a half-written
                    // one: start on an empty database instead.
                    deleteTree(home.resolve("data/databases/neo4j"));
                    deleteTree(home.resolve("data/transactions/neo4j"));
                }
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
            } finally {
                long t1 = System.nanoTime();
                restart(database, home, port, pageCache, password);
                System.out.println("casegraph-neo4j-dev: database started in " + millis(t1) + " ms");
            }
        }
        System.out.println("casegraph-neo4j-dev: import finished (exit code " + code + "), ready");
        try {
            Path tmp = home.resolveSibling("import.result.tmp");
            Files.writeString(tmp, Integer.toString(code), StandardCharsets.UTF_8);
            Files.move(tmp, result, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    /** The default database's kernel object, which stops and starts on its own. */
    private static Database defaultDatabase() {
        GraphDatabaseAPI api = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        return api.getDependencyResolver().resolveDependency(Database.class);
    }

    /**
     * Start the default database again after an import; if that fails (or it was never
     * stopped), restart the whole DBMS, which opens whatever the import left.
     */
    private static void restart(
            Database database, Path home, int port, String pageCache, String password) {
        if (database != null) {
            try {
                database.start();
                if (database.isStarted()) {
                    return;
                }
            } catch (RuntimeException e) {
                e.printStackTrace();
            }
        }
        try {
            service.shutdown();
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        service = start(home, port, pageCache, password);
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // Neo4j refuses to "change" a password to its current value; that is the normal
            // case on every start after the first.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }
}
