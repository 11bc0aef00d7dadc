package com.usageintel.pipeline.warehouse;

import com.usageintel.pipeline.UserFacingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The port the embedded server is asked for must be its own: free before it starts, and served
 * from its data directory once it has.
 */
final class EmbeddedPort {
  private EmbeddedPort() {}

  /**
   * The server cannot tell that its port is taken: the library would then wait for, and find,
   * the other program's server on that port.
   */
  static void requireFree(int port) {
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

  /** The server that {@code statement} talks to on {@code port} keeps its data in {@code dataDirectory}. */
  static void requireServedFrom(Statement statement, Path dataDirectory, int port)
      throws SQLException, IOException {
    try (ResultSet servedDirectory = statement.executeQuery("show data_directory")) {
      servedDirectory.next();
      Path served = Path.of(servedDirectory.getString(1));
      if (!served.equals(dataDirectory)
          && !(Files.exists(served) && Files.isSameFile(served, dataDirectory))) {
        throw new UserFacingException("port " + port + " is served by another PostgreSQL (data in "
            + served + "), not by the embedded one of " + dataDirectory
            + ": stop it, or choose another port");
      }
    }
  }
}
