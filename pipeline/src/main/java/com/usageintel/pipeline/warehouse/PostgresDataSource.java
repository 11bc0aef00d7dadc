package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.UserFacingException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Where the database is, as shipped to every worker: a JDBC URL and a user, never a password.
 * The password is read where the connection is made: for the embedded warehouse from its
 * credentials file (named here, read on connecting); otherwise from the PGPASSWORD environment
 * variable, and without it the PostgreSQL driver falls back to ~/.pgpass itself. Each worker JVM keeps one small
 * connection pool per database, since JdbcIO asks for a connection per bundle.
 */
public final class PostgresDataSource implements SerializableFunction<Void, DataSource> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, BasicDataSource> POOLS = new ConcurrentHashMap<>();

  private final String jdbcUrl;
  private final String user;
  /** The embedded warehouse's credentials file (EmbeddedDatabase), or null: PGPASSWORD. */
  private final String passwordFile;

  private PostgresDataSource(String jdbcUrl, String user, String passwordFile) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.passwordFile = passwordFile;
  }

  public static PostgresDataSource of(String jdbcUrl, String user) {
    if (jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw new UserFacingException(
          "the JDBC URL must not contain a password; set PGPASSWORD or use ~/.pgpass");
    }
    int authority = jdbcUrl.indexOf("//");
    if (authority >= 0 && jdbcUrl.indexOf('@', authority) >= 0) {
      // jdbc:postgresql://user:password@host/db: refused whole, and never repeated (a '@' in a
      // parameter value is written %40).
      throw new UserFacingException("the JDBC URL must not contain a user or password before the"
          + " host (user:password@host): pass the user with --dbUser, the password in PGPASSWORD"
          + " or ~/.pgpass");
    }
    return new PostgresDataSource(jdbcUrl, user, null);
  }

  /** The password is read from {@code passwordFile}, a credentials file of EmbeddedDatabase. */
  static PostgresDataSource withPasswordFile(String jdbcUrl, String user, Path passwordFile) {
    of(jdbcUrl, user);
    return new PostgresDataSource(jdbcUrl, user, passwordFile.toString());
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  @Override
  public DataSource apply(Void unused) {
    return POOLS.computeIfAbsent(
        jdbcUrl + "\u0000" + user + "\u0000" + passwordFile, key -> newPool());
  }

  /**
   * A connection of its own (not from the pool) for the driver program's statements: it holds the
   * run lock, which must end with the connection.
   */
  public Connection connect() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    String password = password();
    if (password != null && !password.isEmpty()) {
      properties.setProperty("password", password);
    }
    try {
      return DriverManager.getConnection(jdbcUrl, properties);
    } catch (SQLException e) {
      throw new UserFacingException(
          "cannot connect to the database " + jdbcUrl + " as " + user + ": " + reason(e), e);
    }
  }

  private String password() {
    return passwordFile == null
        ? System.getenv("PGPASSWORD")
        : EmbeddedDatabase.readPassword(Path.of(passwordFile));
  }

  /** The driver's reason, with a refused TLS certificate (sslmode=verify-full) said plainly. */
  private static String reason(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "the server's TLS certificate is not signed by a certificate authority in sslrootcert";
      }
    }
    Matcher hostname = UNVERIFIED_HOSTNAME.matcher(String.valueOf(e.getMessage()));
    if (hostname.find()) {
      return "the server's TLS certificate does not name the host " + hostname.group(1);
    }
    return UserFacingException.firstLine(e);
  }

  /** pgjdbc's words when verify-full finds the host missing from the certificate. */
  private static final Pattern UNVERIFIED_HOSTNAME =
      Pattern.compile("The hostname (\\S+) could not be verified");

  private BasicDataSource newPool() {
    BasicDataSource pool = new BasicDataSource();
    pool.setDriverClassName("org.postgresql.Driver");
    pool.setUrl(jdbcUrl);
    pool.setUsername(user);
    String password = password();
    if (password != null && !password.isEmpty()) {
      pool.setPassword(password);
    }
    pool.setMaxTotal(16);
    pool.setMaxIdle(8);
    pool.setInitialSize(0);
    // A long-lived JVM (a TaskManager, the test suite) loads many databases in turn: idle
    // connections are closed after half a minute rather than held until the JVM ends, which ran
    // the server out of connections.
    pool.setMinIdle(0);
    pool.setTimeBetweenEvictionRunsMillis(10_000);
    pool.setMinEvictableIdleTimeMillis(30_000);
    pool.setNumTestsPerEvictionRun(-1);
    // Fail over a lost server quickly instead of handing out dead connections.
    pool.setTestOnBorrow(true);
    pool.setValidationQueryTimeout(10);
    pool.setMaxWaitMillis(60_000);
    return pool;
  }
}
