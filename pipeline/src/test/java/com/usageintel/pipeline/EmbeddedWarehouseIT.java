package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.usageintel.pipeline.generate.UsageDataGenerator;
import com.usageintel.pipeline.run.LoadRun;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded warehouse as processes meet it: the shaded jar in JVMs of its own, stopped with
 * real signals (SIGKILL, SIGTERM), serve on a real port.
 */
class EmbeddedWarehouseIT {
  @TempDir Path work;

  @Test
  void aRunKilledWithSigkillLeavesItsServerRunningAndTheNextRunStopsItAndCompletes()
      throws Exception {
    Path input = generate("input.csv", 20_000);
    Path data = work.resolve("pgdata");
    JarRun killed = JarRun.start(work, "killed", "--input=" + input, "--embeddedDataDir=" + data);
    awaitOutput(killed, "run 1 started");
    long postmaster = postmasterPid(data);
    killed.kill();
    assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
        "the killed run's PostgreSQL is left running (the case under test)");

    JarRun next = JarRun.start(work, "next", "--input=" + input, "--embeddedDataDir=" + data).await();

    assertEquals(0, next.exitCode(), next.describe());
    assertTrue(next.stderr().contains("stopped the embedded PostgreSQL (pid " + postmaster + ")"),
        next.describe());
    assertTrue(next.stdout().contains("marked 1 abandoned run(s) as failed"), next.describe());
    assertTrue(next.stdout().contains("run 2 succeeded"), next.describe());
    assertFalse(isRunning(postmaster), "the orphaned server is stopped");
  }

  @Test
  void aServerInUseByALiveServeIsNeverTouched() throws Exception {
    Path data = work.resolve("pgdata");
    int port = freePort();
    JarRun serve = JarRun.startCommand(work, "serve", "serve", "--port=" + port,
        "--embeddedDataDir=" + data);
    try {
      awaitOutput(serve, "Ctrl-C stops it.");
      long postmaster = postmasterPid(data);

      JarRun run = JarRun.start(work, "run", "--input=" + generate("input.csv", 100),
          "--embeddedDataDir=" + data).await();

      assertEquals(1, run.exitCode(), run.describe());
      assertTrue(run.stderr().contains("is in use by another usage-intel process"), run.describe());
      assertEquals(postmaster, postmasterPid(data));
      try (Connection connection = DriverManager.getConnection(
          "jdbc:postgresql://127.0.0.1:" + port + "/postgres", login(data))) {
        assertEquals(1, count(connection, "select 1"));
      }
    } finally {
      serve.process().destroy();
      serve.process().waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void serveIsDurableAndAdmitsOnlyTheOwner() throws Exception {
    Path data = work.resolve("pgdata");
    int port = freePort();
    JarRun serve = JarRun.startCommand(work, "serve", "serve", "--port=" + port,
        "--embeddedDataDir=" + data);
    try {
      awaitOutput(serve, "Ctrl-C stops it.");
      String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
      Path credentials = EmbeddedDatabase.credentialsFile(data);

      assertTrue(serve.stdout().contains("password in " + credentials), serve.stdout());
      assertTrue(serve.stdout().contains("127.0.0.1:" + port + ":*:postgres:"
          + EmbeddedDatabase.readPassword(credentials)), serve.stdout());
      assertFalse(serve.stdout().contains("no password"), serve.stdout());
      Properties anyone = new Properties();
      anyone.setProperty("user", "postgres");
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url, anyone).close());
      try (Connection owner = DriverManager.getConnection(url, login(data));
          Statement statement = owner.createStatement()) {
        for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
          try (ResultSet rs = statement.executeQuery("show " + setting)) {
            rs.next();
            assertEquals("on", rs.getString(1), setting);
          }
        }
      }
    } finally {
      serve.process().destroy();
      serve.process().waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void serveOnATakenPortSaysSoInOneLineAndExits() throws Exception {
    // Another PostgreSQL, which lets anyone in, holds the port.
    int taken = TestDatabase.server().port();

    JarRun serve = JarRun.startCommand(work, "serve", "serve", "--port=" + taken,
        "--embeddedDataDir=" + work.resolve("pgdata"));

    if (!serve.process().waitFor(90, TimeUnit.SECONDS)) {
      serve.process().destroy();
      serve.process().waitFor(60, TimeUnit.SECONDS);
      fail("serve kept running on a port another server holds:\n" + serve.describe());
    }
    assertNotEquals(0, serve.exitCode(), serve.describe());
    assertFalse(serve.stdout().contains("is up"), serve.describe());
    assertEquals(1, serve.stderr().strip().lines().count(), serve.describe());
    assertTrue(serve.stderr().contains("port " + taken + " is already in use"), serve.describe());
  }

  @Test
  void aRunStoppedBySigtermIsMarkedFailedWithTheReason() throws Exception {
    Path data = work.resolve("pgdata");
    JarRun stopped = JarRun.start(work, "stopped", "--input=" + generate("input.csv", 50_000),
        "--embeddedDataDir=" + data);
    awaitOutput(stopped, "run 1 started");
    Thread.sleep(1_000);
    stopped.process().destroy(); // SIGTERM
    assertTrue(stopped.process().waitFor(120, TimeUnit.SECONDS), stopped.describe());

    try (EmbeddedDatabase warehouse = EmbeddedDatabase.startWarehouse(data, 0);
        Connection connection = warehouse.dataSource().connect();
        Statement statement = connection.createStatement();
        ResultSet run = statement.executeQuery(
            "select status, error_message from etl_run where run_id = 1")) {
      assertTrue(run.next());
      assertEquals("failed", run.getString(1), stopped.describe());
      assertEquals(LoadRun.STOPPED, run.getString(2));
    }
  }

  private Path generate(String name, int rows) throws IOException {
    Path file = work.resolve(name);
    new UsageDataGenerator(1).generate(rows, 7, file);
    return file;
  }

  private static void awaitOutput(JarRun process, String text) throws InterruptedException {
    awaitTrue(() -> process.stdout().contains(text), process, "'" + text + "'");
  }

  private static void awaitTrue(Supplier<Boolean> condition, JarRun process, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!condition.get()) {
      if (!process.process().isAlive() || System.nanoTime() > deadline) {
        process.process().destroyForcibly();
        fail("no " + what + " from the process:\n" + process.describe());
      }
      Thread.sleep(100);
    }
  }

  private static long postmasterPid(Path data) throws IOException {
    return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
  }

  private static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static Properties login(Path data) {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    properties.setProperty("password",
        EmbeddedDatabase.readPassword(EmbeddedDatabase.credentialsFile(data)));
    return properties;
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
