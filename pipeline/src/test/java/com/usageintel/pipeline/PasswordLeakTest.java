package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.RunLedger;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database password never shows. The product runs as a child JVM, as a user starts it, with a
 * known password in PGPASSWORD, against a server that demands it (SCRAM over verified TLS); the
 * password is searched for in everything it printed (with --verbose, on success and on failures),
 * in etl_run, in every command's --help, and in the process list while it runs.
 */
class PasswordLeakTest {
  private static final SecureTestServer SERVER = SecureTestServer.get();
  private static final String ROLE = SecureTestServer.LOADING_ROLE;
  private static final String PASSWORD = "Sesame-" + Long.toHexString(System.nanoTime()) + "-pw";
  private static final String WAITING = "another run is loading this database; waiting";

  @TempDir Path dir;
  private String database;
  private String url;

  @BeforeEach
  void createThePasswordProtectedRole() {
    database = SERVER.freshDatabase();
    SERVER.createLoadingRole(database, PASSWORD);
    url = SERVER.url("localhost", database) + "&currentSchema=usage_intel";
  }

  @Test
  void aRunShowsThePasswordNowhere() throws Exception {
    Path input = Files.writeString(dir.resolve("fixture.csv"), LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
    Child child;
    List<String> processList;
    // Holding the run lock keeps the child, once connected, waiting: the process list is read
    // while it runs, after the password has been used.
    try (Connection lock = TestDatabase.connect(SERVER.url("localhost", database));
        PreparedStatement statement = lock.prepareStatement("select pg_advisory_lock(?)")) {
      statement.setLong(1, RunLedger.RUN_LOCK_KEY);
      statement.execute();
      child = Child.start(dir, PASSWORD,
          "--verbose", "run", "--input=" + input, "--jdbcUrl=" + url, "--dbUser=" + ROLE);
      assertTrue(child.awaitLine(WAITING), child.output());
      processList = processList(child.process);
      // The control: the password is in the child's environment, readable by its owner only.
      Path environ = Path.of("/proc/" + child.process.pid() + "/environ");
      assertTrue(Files.readString(environ, StandardCharsets.ISO_8859_1)
          .contains("PGPASSWORD=" + PASSWORD));
    }
    int exitCode = child.waitFor();

    assertEquals(0, exitCode, child.output());
    assertTrue(child.output().contains("run 1 succeeded: rows read 10 = new 5"), child.output());
    assertTrue(processList.stream().anyMatch(line -> line.contains(UsageIntel.class.getName())),
        processList.toString());
    assertNoPassword(processList.toString());
    assertNoPassword(child.output());
    assertNoPassword(etlRun());
  }

  @Test
  void failingRunsShowThePasswordNowhere() throws IOException {
    String wrongPassword = "Wrong-" + PASSWORD;
    Path truncated = truncatedGzip(dir.resolve("truncated.csv.gz"));

    Child wrong = Child.start(dir, wrongPassword, "--verbose", "run", "--input=" + truncated,
        "--jdbcUrl=" + url, "--dbUser=" + ROLE);
    Child broken = Child.start(dir, PASSWORD, "--verbose", "run", "--input=" + truncated,
        "--jdbcUrl=" + url, "--dbUser=" + ROLE);
    int wrongExit = wrong.waitFor();
    int brokenExit = broken.waitFor();

    assertEquals(1, wrongExit);
    assertTrue(wrong.output().contains("usage-intel: cannot connect to the database " + url + " as " + ROLE
        + ": FATAL: password authentication failed for user \"" + ROLE + "\""), wrong.output());
    assertFalse(wrong.output().contains(wrongPassword), wrong.output());
    assertNoPassword(wrong.output());
    // The truncated file passes the header check, so the run starts and fails in the pipeline.
    assertEquals(1, brokenExit);
    assertTrue(broken.output().contains("usage-intel: run 1 failed and published nothing: "),
        broken.output());
    assertNoPassword(broken.output());
    assertTrue(etlRun().contains("failed"), etlRun());
    assertNoPassword(etlRun());
  }

  @Test
  void noHelpShowsThePassword() {
    List<Child> helps = new ArrayList<>();
    for (List<String> args : List.of(List.of("--help"), List.of("run", "--help"),
        List.of("generate", "--help"), List.of("serve", "--help"))) {
      helps.add(Child.start(dir, PASSWORD, args.toArray(new String[0])));
    }
    for (Child help : helps) {
      assertEquals(0, help.waitFor(), help.output());
      assertTrue(help.output().contains("Usage: usage-intel"), help.output());
      assertNoPassword(help.output());
    }
  }

  private static void assertNoPassword(String text) {
    assertFalse(text.contains(PASSWORD), "the password appears in: " + text);
  }

  /** Every column of every etl_run row, as text. */
  private String etlRun() {
    return SERVER.rows(database, "select t::text from usage_intel.etl_run t order by run_id").toString();
  }

  /** The command lines of every process (ps), the child's and its descendants' as /proc shows them. */
  private static List<String> processList(Process process) throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    Process ps = new ProcessBuilder("ps", "-e", "-ww", "-o", "pid=,args=").redirectErrorStream(true).start();
    String all = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    lines.addAll(Arrays.asList(all.split("\n")));
    ps.waitFor();
    List<ProcessHandle> family = new ArrayList<>(List.of(process.toHandle()));
    process.descendants().forEach(family::add);
    for (ProcessHandle handle : family) {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + handle.pid() + "/cmdline"));
      lines.add(new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
    }
    return lines;
  }

  /** A 300-row input cut in the middle of its gzip stream: its header line is intact. */
  private static Path truncatedGzip(Path file) throws IOException {
    StringBuilder csv = new StringBuilder(LoadRunTest.HEADER).append('\n');
    for (int i = 0; i < 300; i++) {
      csv.append("u").append(i).append(",UK,VW Golf,Navigation,").append(i % 60)
          .append(",0,4,5.5,Android,active,2025-09-18 09:")
          .append(String.format("%02d", i % 60)).append(":00\n");
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = gz.toByteArray();
    return Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
  }

  /** usage-intel as a user starts it: its own JVM, the password only in its environment. */
  private static final class Child {
    final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Void> drained;

    private Child(Process process) {
      this.process = process;
      this.drained = CompletableFuture.runAsync(this::drain);
    }

    static Child start(Path workDir, String password, String... args) {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), UsageIntel.class.getName()));
      command.addAll(List.of(args));
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
      builder.environment().put("PGPASSWORD", password);
      try {
        Process process = builder.start();
        process.getOutputStream().close();
        return new Child(process);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private void drain() {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          synchronized (output) {
            output.append(line).append('\n');
            output.notifyAll();
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Waits until a line contains {@code text}; false if the process ended without printing it. */
    boolean awaitLine(String text) throws InterruptedException {
      synchronized (output) {
        while (!output.toString().contains(text)) {
          if (drained.isDone()) {
            return false;
          }
          output.wait(1000);
        }
        return true;
      }
    }

    /** The exit code; a child still running after ten minutes is a hung test, killed. */
    int waitFor() {
      try {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("usage-intel did not end: " + output);
        }
        drained.join();
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    String output() {
      return output.toString();
    }
  }
}
