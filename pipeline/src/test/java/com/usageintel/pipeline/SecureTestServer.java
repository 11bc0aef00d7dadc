package com.usageintel.pipeline;

import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second embedded PostgreSQL for the security tests, set up as a production server should be:
 * TCP connections only over TLS (hostssl; plain ones are rejected), a server certificate for
 * localhost and 127.0.0.1 signed by a CA made in the test, and a SCRAM password for every role but
 * the tests' superuser. It also listens on 127.0.0.2, an address its certificate does not name.
 */
final class SecureTestServer {
  static final String SUPERUSER = EmbeddedDatabase.USER;
  static final String UNNAMED_ADDRESS = "127.0.0.2";
  /** The role sql/etl-role.sql creates. */
  static final String LOADING_ROLE = "usage_intel_etl";

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static SecureTestServer instance;

  private final EmbeddedPostgres server;
  private final Path caCertificate;

  private SecureTestServer(EmbeddedPostgres server, Path caCertificate) {
    this.server = server;
    this.caCertificate = caCertificate;
  }

  static synchronized SecureTestServer get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          instance.server.close();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    return instance;
  }

  private static SecureTestServer start() {
    try {
      Path tls = Files.createTempDirectory("usage-intel-test-tls");
      TestCertificates authority = TestCertificates.authority("usage-intel test CA");
      Path caCertificate = authority.writeCertificate(tls.resolve("ca.pem"));
      authority.writeServerCertificate(tls, List.of("localhost"), List.of("127.0.0.1"));
      Path data = Files.createTempDirectory("usage-intel-test-pg-tls");
      EmbeddedPostgres server =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(true)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "localhost," + UNNAMED_ADDRESS)
              .setServerConfig("ssl", "on")
              .setServerConfig("ssl_cert_file", tls.resolve("server.crt").toString())
              .setServerConfig("ssl_key_file", tls.resolve("server.key").toString())
              .setServerConfig("jit", "off")
              .setLocaleConfig("encoding", "UTF8")
              .setLocaleConfig("locale", "C")
              .start();
      // The server starts with zonky's trust-everything rules; these replace them (as README's
      // "Requiring TLS" says), and a reload applies them to every later connection.
      Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
          "local   all  " + SUPERUSER + "  trust",
          "hostssl all  " + SUPERUSER + "  127.0.0.0/8  trust",
          "hostssl all  all       127.0.0.0/8  scram-sha-256",
          "host    all  all       0.0.0.0/0    reject",
          "host    all  all       ::/0         reject",
          ""));
      SecureTestServer secure = new SecureTestServer(server, caCertificate);
      secure.execute("postgres", "select pg_reload_conf()");
      return secure;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Path caCertificate() {
    return caCertificate;
  }

  int port() {
    return server.getPort();
  }

  /** The URL of {@code database} with the server's certificate fully verified against the test CA. */
  String url(String host, String database) {
    return url(host, database, caCertificate);
  }

  String url(String host, String database, Path trustedCa) {
    return "jdbc:postgresql://" + host + ":" + port() + "/" + database
        + "?sslmode=verify-full&sslrootcert=" + trustedCa;
  }

  /** A new empty database; returns its name. */
  String freshDatabase() {
    String name = "secure_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    execute("postgres", "create database " + name);
    return name;
  }

  /** Applies sql/etl-role.sql to {@code database} and gives its role {@code password}. */
  void createLoadingRole(String database, String password) {
    execute(database, script("etl-role.sql"));
    execute(database, "alter role " + LOADING_ROLE + " password '" + password + "'");
  }

  /** A script of the top-level sql/ folder, as shipped in the jar. */
  static String script(String name) {
    try (InputStream in = SecureTestServer.class.getResourceAsStream("/sql/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Statements run as the superuser, each committed on its own. */
  void execute(String database, String... statements) {
    try (Connection connection = TestDatabase.connect(url("localhost", database));
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  List<List<String>> rows(String database, String sql) {
    return TestDatabase.rows(url("localhost", database), sql);
  }
}
