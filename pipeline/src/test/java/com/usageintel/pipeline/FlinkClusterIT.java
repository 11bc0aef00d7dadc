package com.usageintel.pipeline;

import static com.usageintel.pipeline.TestRuns.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.usageintel.pipeline.generate.UsageDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Beam's FlinkRunner on a real standalone Flink 1.19 session cluster: a JobManager and three
 * single-slot TaskManagers as separate JVMs (started by run-configs/flink-cluster.sh), jobs
 * submitted by the shaded jar in a process of its own, as a user submits them with
 * run-configs/flink-cluster.properties. A run publishes what the Direct runner publishes; a run
 * that loses a TaskManager either recovers (the cluster's restart strategy) or fails without
 * publishing, and a re-run completes it; an input the workers cannot read fails in one line.
 *
 * <p>Runs in {@code mvn verify}'s integration-test phase, after package built the shaded jar.
 * Logs stay in {@code pipeline/target/flink-cluster-it/}. The cluster script reads its settings
 * from the environment too: with {@code FLINK_RESTART_ATTEMPTS=0} the killed run takes the
 * failing branch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterIT {
  /** The Direct runner without its per-element checks, for the reference loads. */
  private static final String[] DIRECT = {
    "--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false"
  };

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Path repo;
  private static Path jar;
  private static Path work;
  private static Path clusterDir;
  private static int restPort;
  private static int rpcPort;
  private static int processes;

  @BeforeAll
  static void startCluster() throws IOException, InterruptedException {
    repo = repositoryRoot();
    jar = repo.resolve("pipeline/target/usage-intel.jar");
    if (!Files.isRegularFile(jar)) {
      fail(jar + " is missing: build it first with 'mvn -B package -DskipTests'"
          + " ('mvn -B verify' runs this test after packaging)");
    }
    work = repo.resolve("pipeline/target/flink-cluster-it");
    clusterDir = work.resolve("cluster");
    Files.createDirectories(work);
    restPort = freePort();
    rpcPort = freePort();
    // Leftovers of an earlier run of this test that was killed before it could stop them.
    cluster("stop").waitFor(2, TimeUnit.MINUTES);
    Process start = cluster("start");
    if (!start.waitFor(4, TimeUnit.MINUTES) || start.exitValue() != 0) {
      start.destroyForcibly();
      fail("the Flink cluster did not start:\n" + Files.readString(work.resolve("cluster-start.log")));
    }
  }

  @AfterAll
  static void stopCluster() throws IOException, InterruptedException {
    if (clusterDir != null) {
      Process stop = cluster("stop");
      stop.waitFor(2, TimeUnit.MINUTES);
    }
  }

  @Test
  @Order(1)
  void theSampleOnTheClusterPublishesWhatTheDirectRunnerPublishes() throws Exception {
    Path input = repo.resolve("data/connected_vehicle_usage_unclean.csv");
    String onCluster = TestDatabase.freshDatabase();
    CompletableFuture<Map<String, List<List<String>>>> direct = directRunnerTables(input);

    JarRun run = submit(onCluster, input);

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.stdout().contains("run 1 succeeded"), run.describe());
    assertEquals(direct.join(), PublishedTables.snapshot(onCluster));
    // The progress names the job's own page, by the id the cluster gave the job of run 1...
    String jobId = null;
    for (JsonNode job : rest("/jobs/overview").path("jobs")) {
      if ("usage-intel-run-1".equals(job.path("name").asText())) {
        jobId = job.path("jid").asText();
      }
    }
    assertTrue(jobId != null, "no job usage-intel-run-1 on the cluster");
    assertTrue(run.stdout().contains("Flink job: http://127.0.0.1:" + restPort + "/#/job/running/"
        + jobId + "/overview"), run.describe());
    // ...and the rows read so far, from Beam's counter as Flink reports it while the job runs:
    // the sample's 52,000 rows once they are all read.
    assertTrue(run.stdout().lines().anyMatch(line -> line.contains(": rows read 52,000, ")),
        run.describe());
  }

  @Test
  @Order(2)
  void aRunThatLosesATaskManagerRecoversOrFailsCleanlyAndARerunCompletesIt() throws Exception {
    Path first = generate("before.csv", 2_000, 31);
    Path large = generate("large.csv", 40_000, 32);
    String onCluster = TestDatabase.freshDatabase();
    assertEquals("succeeded", load(onCluster, first, DIRECT).status());
    Map<String, List<List<String>>> before = PublishedTables.exact(onCluster);
    CompletableFuture<Map<String, List<List<String>>>> direct = directRunnerTables(first, large);

    Instant submitted = Instant.now();
    JarRun interrupted = start(onCluster, large);
    awaitRunningJob(interrupted);
    Thread.sleep(5_000);
    String victim = busyTaskManager();
    long pid = Long.parseLong(Files.readString(clusterDir.resolve("run/" + victim + ".pid")).strip());
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false),
        victim + " (pid " + pid + ") was not running");
    interrupted = interrupted.await();
    String outcome = interrupted.exitCode() == 0 ? "recovered" : "failed cleanly";
    System.out.printf("killed %s (pid %d) mid-run: the run %s after %d s%n", victim, pid, outcome,
        Duration.between(submitted, Instant.now()).toSeconds());
    Map<String, List<List<String>>> expected = direct.join();

    if (interrupted.exitCode() == 0) {
      assertTrue(interrupted.stdout().contains("run 2 succeeded"), interrupted.describe());
      assertEquals(expected, PublishedTables.snapshot(onCluster));
    } else {
      List<String> errors = interrupted.stderr().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, errors.size(), interrupted.describe());
      assertTrue(errors.get(0).startsWith("usage-intel: run 2 failed and published nothing: "),
          interrupted.describe());
      assertEquals(before, PublishedTables.exact(onCluster), "a failed run changed published tables");
    }

    Process restart = cluster("start");
    assertTrue(restart.waitFor(3, TimeUnit.MINUTES) && restart.exitValue() == 0,
        "the killed TaskManager did not come back: " + Files.readString(work.resolve("cluster-start.log")));
    JarRun rerun = submit(onCluster, large);

    assertEquals(0, rerun.exitCode(), rerun.describe());
    assertEquals(expected, PublishedTables.snapshot(onCluster));
  }

  @Test
  @Order(3)
  void anInputTheWorkersCannotReadFailsWithOneLine() throws Exception {
    // The command checks every input before it submits; the file goes away before a worker reads it.
    Path input = generate("vanishing.csv", 1_000, 41);
    String onCluster = TestDatabase.freshDatabase();

    JarRun run = start(onCluster, input);
    await(() -> run.stdout().contains("run 1 started"), Duration.ofMinutes(1), "the run to start", run);
    Files.delete(input);
    run.await();

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(
        List.of("usage-intel: run 1 failed and published nothing: a worker cannot read the input"
            + " (No files matched spec: " + input + "); on a cluster every TaskManager must read"
            + " each --input file at the same path"),
        run.stderr().lines().filter(l -> !l.isBlank()).toList(), run.describe());
    assertEquals(List.of(List.of("failed")),
        TestDatabase.rows(onCluster, "select status from etl_run where run_id = 1"));
  }

  private static Path generate(String name, long rows, long seed) throws IOException {
    Path file = work.resolve(name);
    new UsageDataGenerator(1).generate(rows, seed, file);
    return file;
  }

  /**
   * The tables the Direct runner publishes from these inputs, loaded one run each into a fresh
   * database, in the background (the cluster's run mostly waits meanwhile).
   */
  private static CompletableFuture<Map<String, List<List<String>>>> directRunnerTables(Path... inputs) {
    return CompletableFuture.supplyAsync(() -> {
      String db = TestDatabase.freshDatabase();
      for (Path input : inputs) {
        assertEquals("succeeded", load(db, input, DIRECT).status());
      }
      return PublishedTables.snapshot(db);
    });
  }

  private static JarRun submit(String jdbcUrl, Path input) throws InterruptedException {
    return start(jdbcUrl, input).await();
  }

  /** {@code java -jar usage-intel.jar run} with the cluster's run configuration, as a user runs it. */
  private static JarRun start(String jdbcUrl, Path input) {
    return JarRun.start(work, "run-" + (++processes),
        "--optionsFile=" + repo.resolve("run-configs/flink-cluster.properties"),
        "--flinkMaster=127.0.0.1:" + restPort,
        "--filesToStage=" + jar,
        "--input=" + input,
        "--jdbcUrl=" + jdbcUrl);
  }

  private static void awaitRunningJob(JarRun run) throws InterruptedException {
    await(() -> jobsInState("RUNNING") > 0, Duration.ofMinutes(1), "a running job", run);
  }

  private static long jobsInState(String state) {
    JsonNode jobs = rest("/jobs/overview").path("jobs");
    long count = 0;
    for (JsonNode job : jobs) {
      if (state.equals(job.path("state").asText())) {
        count++;
      }
    }
    return count;
  }

  /** A TaskManager whose slot the running job holds. */
  private static String busyTaskManager() {
    for (JsonNode taskManager : rest("/taskmanagers").path("taskmanagers")) {
      if (taskManager.path("freeSlots").asInt() < taskManager.path("slotsNumber").asInt()) {
        return taskManager.path("id").asText();
      }
    }
    throw new AssertionError("no TaskManager runs the job: " + rest("/taskmanagers"));
  }

  private static JsonNode rest(String path) {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what, JarRun run)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      assertFalse(Instant.now().isAfter(deadline), "no " + what + " within " + timeout + "\n" + run.describe());
      assertTrue(run.process().isAlive(), "the run ended before " + what + "\n" + run.describe());
      Thread.sleep(200);
    }
  }

  /** run-configs/flink-cluster.sh with this test's ports, size and directory. */
  private static Process cluster(String command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        "bash", repo.resolve("run-configs/flink-cluster.sh").toString(), command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("cluster-" + command + ".log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = builder.environment();
    env.put("FLINK_REST_PORT", Integer.toString(restPort));
    env.put("FLINK_RPC_PORT", Integer.toString(rpcPort));
    // Three single-slot TaskManagers for jobs of parallelism 2: one may be lost.
    env.put("FLINK_TASKMANAGERS", "3");
    env.put("FLINK_SLOTS", "1");
    // A lost TaskManager is noticed within ~3 s (heartbeat RPCs fail), so 5 s between restarts
    // suffices here and keeps the failing run short.
    env.put("FLINK_RESTART_DELAY", "5 s");
    env.put("FLINK_CLUSTER_DIR", clusterDir.toString());
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("run-configs/flink-cluster.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("run-configs/flink-cluster.sh not found above " + Path.of("").toAbsolutePath());
  }
}
