package com.usageintel.pipeline.warehouse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings the embedded PostgreSQL starts with: a scratch server keeps the library's fast,
 * non-durable ones; the warehouse is durable and takes SCRAM passwords only.
 */
final class EmbeddedServerSettings {
  private EmbeddedServerSettings() {}

  /** The library's fsync=off and synchronous_commit=off, chosen for speed; trust for local connections. */
  static EmbeddedPostgres startScratch(Path directory, int port) throws IOException {
    return common(directory, port).start();
  }

  /**
   * Durable, and the superuser logs in with {@code password}. A new cluster gets the password from
   * initdb itself: never a moment without one.
   */
  static EmbeddedPostgres startDurable(Path directory, int port, String password, boolean newCluster)
      throws IOException {
    EmbeddedPostgres.Builder builder =
        common(directory, port)
            // Durable: the library's defaults (-F, i.e. fsync=off, and synchronous_commit=off)
            // are for throw-away test databases; -c options come after -F and win.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("password_encryption", "scram-sha-256")
            // The library waits for the server by connecting as the superuser.
            .setConnectConfig("password", password);
    if (!newCluster) {
      return builder.start();
    }
    // initdb sets the superuser's password and writes a pg_hba.conf of SCRAM lines only (its
    // options after the library's "-A trust" win).
    Path initdbPasswordFile =
        WarehouseCredentials.ownerOnlyTempFile(directory.getParent(), ".initdb-", ".pw");
    try {
      Files.writeString(initdbPasswordFile, password + "\n", StandardCharsets.UTF_8);
      return builder.setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", initdbPasswordFile.toString())
          .start();
    } finally {
      try {
        Files.deleteIfExists(initdbPasswordFile);
      } catch (IOException ignored) {
        // Mode 0600 in the user's own directory; the next start does not read it.
      }
    }
  }

  private static EmbeddedPostgres.Builder common(Path directory, int port) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            // Stopped by EmbeddedDatabase's own hook, after what must be done with the server up.
            .setRegisterShutdownHook(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "100")
            .setServerConfig("jit", "off")
            .setLocaleConfig("encoding", "UTF8")
            .setLocaleConfig("locale", "C");
    if (port != 0) {
      builder.setPort(port);
    }
    return builder;
  }
}
