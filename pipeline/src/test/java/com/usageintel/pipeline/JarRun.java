package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar usage-intel.jar run ...} in a JVM of its own, as a user runs it, its output in
 * files: for the integration tests that kill runs or run several at once. The shaded jar is built
 * by {@code package}, which {@code mvn verify} runs before these tests.
 */
record JarRun(Process process, Path stdoutFile, Path stderrFile) {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  static JarRun start(Path workDir, String name, String... runArgs) {
    return startCommand(workDir, name, "run", runArgs);
  }

  /** Another command of the jar than {@code run}, such as {@code bench}. */
  static JarRun startCommand(Path workDir, String name, String subcommand, String... args) {
    Path jar = jar();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
        jar.toString(), subcommand));
    command.addAll(List.of(args));
    Path stdout = workDir.resolve(name + ".out");
    Path stderr = workDir.resolve(name + ".err");
    try {
      Process process = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      return new JarRun(process, stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JarRun await() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the run did not end within " + TIMEOUT + "\n" + describe());
    }
    return this;
  }

  /** SIGKILL: the JVM gets no chance to clean up. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  int exitCode() {
    return process.exitValue();
  }

  String stdout() {
    return read(stdoutFile);
  }

  String stderr() {
    return read(stderrFile);
  }

  String describe() {
    return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path jar() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve("pipeline/target/usage-intel.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
      if (Files.isRegularFile(dir.resolve("target/usage-intel.jar"))) {
        return dir.resolve("target/usage-intel.jar");
      }
    }
    throw new IllegalStateException("usage-intel.jar is missing: build it first with"
        + " 'mvn -B package -DskipTests' ('mvn -B verify' runs this test after packaging)");
  }
}
