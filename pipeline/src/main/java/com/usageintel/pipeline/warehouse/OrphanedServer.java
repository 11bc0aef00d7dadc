package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A usage-intel process killed with SIGKILL leaves its PostgreSQL running over the data
 * directory, which no other server can then open. The library holds a lock on {@code epg-lock}
 * while its server runs: if that lock is free, the process that started the server is gone, and
 * its server (the postmaster in postmaster.pid, a postgres process working in this directory) is
 * stopped as {@code pg_ctl stop -m fast} does. A server whose process is alive is never touched.
 */
final class OrphanedServer {
  private OrphanedServer() {}

  /** Stops the server an ended process left in {@code directory}; refuses one still in use. */
  static void stopIn(Path directory) throws IOException {
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
}
