package com.usageintel.pipeline.cli;

import com.usageintel.pipeline.UserFacingException;
import com.usageintel.pipeline.warehouse.EmbeddedDatabase;
import com.usageintel.pipeline.warehouse.WarehouseSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code usage-intel serve}: keeps the embedded PostgreSQL up on a fixed port so that psql, a BI
 * tool or runs with --jdbcUrl can use the loaded tables, until Ctrl-C.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Keep the embedded PostgreSQL up and print how to connect, until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "54329", description = "Port to listen on (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--embeddedDataDir",
      defaultValue = ".usage-intel/pgdata",
      description = "Data directory, the same as the run command's (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedDatabase database = EmbeddedDatabase.startWarehouse(dataDir, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      database.close();
      stopped.countDown();
    }));
    try (Connection connection = database.dataSource().connect()) {
      WarehouseSchema.apply(database.dataSource(), connection);
    } catch (SQLException e) {
      throw new UserFacingException("cannot prepare the schema: " + UserFacingException.firstLine(e), e);
    }
    Path credentials = database.credentialsFile();
    var out = spec.commandLine().getOut();
    out.println("embedded PostgreSQL is up (data in " + database.dataDirectory() + ")");
    out.println("  host 127.0.0.1  port " + database.port() + "  database " + EmbeddedDatabase.DATABASE
        + "  user " + EmbeddedDatabase.USER + "  password in " + credentials + " (readable by you only)");
    out.println("  psql:  PGPASSFILE=" + credentials + " psql -h 127.0.0.1 -p " + database.port()
        + " -U " + EmbeddedDatabase.USER + " " + EmbeddedDatabase.DATABASE);
    out.println("  ~/.pgpass line (for BI tools and psql without PGPASSFILE):  127.0.0.1:" + database.port()
        + ":*:" + EmbeddedDatabase.USER + ":" + EmbeddedDatabase.readPassword(credentials));
    out.println("  JDBC:  " + database.jdbcUrl());
    out.println("  runs:  PGPASSFILE=" + credentials + " ... run --jdbcUrl=" + database.jdbcUrl()
        + " --input=...");
    out.println("Ctrl-C stops it.");
    out.flush();
    stopped.await();
    return 0;
  }
}
