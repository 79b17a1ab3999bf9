package io.tokengate.db.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides where tests get PostgreSQL from.
 *
 * <ol>
 *   <li>{@value #ENV}: a JDBC URL (user and password as URL parameters) of a server and a role
 *       that may create databases. {@code .ci/run} sets it to this machine's PostgreSQL.</li>
 *   <li>Otherwise Testcontainers starts PostgreSQL 16 when a Docker engine answers.</li>
 *   <li>Otherwise the test fails and says how to provide a database; it never skips silently.</li>
 * </ol>
 *
 * Each test JVM gets a fresh, empty database of its own (created here, dropped at exit), so the
 * real migrations run from scratch every time and modules never see each other's rows.
 */
public final class TestDatabase {

    public static final String ENV = "TOKENGATE_TEST_DB_URL";
    private static final String IMAGE = "postgres:16-alpine";

    private static volatile TestDatabase shared;

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String serverUrl;
    private final String serverUser;
    private final String serverPassword;

    private TestDatabase(String jdbcUrl, String username, String password, String serverUrl, String serverUser,
                         String serverPassword) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.serverUrl = serverUrl;
        this.serverUser = serverUser;
        this.serverPassword = serverPassword;
    }

    /**
     * Another fresh, empty database on the same server (also dropped at exit), for a test that
     * needs a gateway started from nothing, such as the first start of a new installation.
     */
    public TestDatabase another() {
        return freshDatabaseOn(serverUrl, serverUser, serverPassword);
    }

    /** The database of this JVM, created on first use. */
    public static TestDatabase get() {
        TestDatabase db = shared;
        if (db == null) {
            synchronized (TestDatabase.class) {
                db = shared;
                if (db == null) {
                    db = create();
                    shared = db;
                }
            }
        }
        return db;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /**
     * A connection to the server's own database (the one the tests were pointed at), not to this
     * test database: for statements that must not run inside it, such as refusing its connections
     * to simulate an outage.
     */
    public Connection connectToServer() throws SQLException {
        return open(serverUrl, serverUser, serverPassword);
    }

    /** This test database's name. */
    public String name() {
        String path = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        path = path.substring(path.indexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static TestDatabase create() {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            return freshDatabaseOn(url.trim(), null, null);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-db-container-stop"));
            return freshDatabaseOn(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        throw new IllegalStateException("""
                No PostgreSQL for the tests. Either set %s to a JDBC URL of a server and a role \
                that may create databases, for example \
                jdbc:postgresql://127.0.0.1:5432/postgres?user=tokengate&password=tokengate \
                (.ci/run does this and creates the role), or start a Docker engine so that \
                Testcontainers can run %s.""".formatted(ENV, IMAGE));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static TestDatabase freshDatabaseOn(String serverUrl, String user, String password) {
        String name = "tokengate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection admin = open(serverUrl, user, password); Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            String dbUser = user != null ? user : admin.getMetaData().getUserName();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(serverUrl, user, password, name),
                    "test-db-drop"));
            return new TestDatabase(withDatabase(serverUrl, name), dbUser, passwordOf(serverUrl, password), serverUrl,
                    user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + redact(serverUrl)
                    + " (the role needs CREATEDB): " + e.getMessage(), e);
        }
    }

    private static Connection open(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(url, props);
    }

    private static void drop(String serverUrl, String user, String password, String name) {
        try (Connection admin = open(serverUrl, user, password); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // Best effort at JVM exit; a leftover database is harmless and uniquely named.
        }
    }

    /** Replaces the database segment of {@code jdbc:postgresql://host:port/db?params}. */
    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int hostStart = base.indexOf("//") + 2;
        int slash = base.indexOf('/', hostStart);
        String hostPart = slash < 0 ? base : base.substring(0, slash);
        return hostPart + "/" + database + params;
    }

    private static String passwordOf(String url, String explicit) {
        if (explicit != null) {
            return explicit;
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            if (pair.startsWith("password=")) {
                return pair.substring("password=".length());
            }
        }
        return null;
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
