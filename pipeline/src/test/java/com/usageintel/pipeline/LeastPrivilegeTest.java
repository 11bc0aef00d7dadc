package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.PostgresDataSource;
import com.usageintel.pipeline.warehouse.RunLedger.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline run by the role of sql/etl-role.sql, which owns its schema usage_intel and nothing
 * else, logging in with a SCRAM password from a password file (the driver's ~/.pgpass route) over
 * verified TLS.
 */
class LeastPrivilegeTest {
  private static final SecureTestServer SERVER = SecureTestServer.get();
  private static final String ROLE = SecureTestServer.LOADING_ROLE;
  /** Every migration the build ships (target/classes/sql/migrations), in the order Flyway applies them. */
  private static final List<String> MIGRATIONS = migrations();
  private static final String PASSWORD = "lp-" + Long.toHexString(System.nanoTime());
  /** Where pgjdbc looks for a password file before PGPASSFILE and ~/.pgpass. */
  private static final String PGPASSFILE_PROPERTY = "org.postgresql.pgpassfile";

  @TempDir Path dir;
  private String database;

  @BeforeEach
  void createTheRoleAndForeignTables() throws IOException {
    database = SERVER.freshDatabase();
    SERVER.createLoadingRole(database, PASSWORD);
    SERVER.execute(database,
        "create table public.payroll (salary int)",
        "create schema finance",
        "create table finance.ledger (amount int)");
    Path pgpass = dir.resolve("pgpass");
    Files.createFile(pgpass,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(pgpass,
        "localhost:" + SERVER.port() + ":" + database + ":" + ROLE + ":" + PASSWORD + "\n");
    System.setProperty(PGPASSFILE_PROPERTY, pgpass.toString());
  }

  @AfterEach
  void forgetThePasswordFile() {
    System.clearProperty(PGPASSFILE_PROPERTY);
  }

  @Test
  void theRoleHasNoPowersBeyondItsSchema() {
    assertEquals(List.of(List.of("f", "f", "f", "f", "f", "usage_intel_etl")), SERVER.rows(database,
        "select r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolbypassrls, r.rolreplication,"
            + " pg_get_userbyid(n.nspowner) from pg_roles r, pg_namespace n"
            + " where r.rolname = '" + ROLE + "' and n.nspname = 'usage_intel'"));
    assertEquals(List.of(List.of("f", "f")), SERVER.rows(database,
        "select has_schema_privilege('" + ROLE + "', 'public', 'create'),"
            + " has_database_privilege('" + ROLE + "', current_database(), 'create')"));
  }

  @Test
  void aRunAsTheRoleBuildsEveryTableInsideItsSchema() throws IOException {
    Path input = Files.writeString(dir.resolve("fixture.csv"), LoadRunTest.FIXTURE, StandardCharsets.UTF_8);
    String url = SERVER.url("localhost", database) + "&currentSchema=usage_intel";

    RunSummary first = TestRuns.load(url, input, "--dbUser=" + ROLE);
    RunSummary second = TestRuns.load(url, input, "--dbUser=" + ROLE);

    // The fixture's accounting, worked out line by line in LoadRunTest.FIXTURE.
    assertEquals(new RunSummary(1, "succeeded", 10, 5, 0, 1, 4), first);
    assertEquals(new RunSummary(2, "succeeded", 10, 0, 5, 1, 4), second);
    // Every table the migrations leave is in usage_intel (the fact's monthly partitions with it)
    // and every view bi.sql declares in bi, owned by the role; it owns nothing else.
    assertEquals(List.of(List.of(String.join(",", tablesOfTheMigrations()))), SERVER.rows(database,
        "select string_agg(c.relname, ',' order by c.relname) from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname = 'usage_intel' and c.relkind in ('r', 'p') and not c.relispartition"
            + " and pg_get_userbyid(c.relowner) = '" + ROLE + "'"));
    assertEquals(List.of(List.of(String.join(",", declared("bi.sql",
            "create or replace view bi\\.(\\w+)")))), SERVER.rows(database,
        "select string_agg(c.relname, ',' order by c.relname) from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname = 'bi' and c.relkind = 'v'"
            + " and pg_get_userbyid(c.relowner) = '" + ROLE + "'"));
    assertEquals(List.of(List.of("0")), SERVER.rows(database,
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where pg_get_userbyid(c.relowner) = '" + ROLE + "'"
            + " and n.nspname not in ('usage_intel', 'bi', 'pg_toast')"));
    assertEquals(List.of(List.of("5")),
        SERVER.rows(database, "select count(*) from usage_intel.fact_feature_usage"));
  }

  @Test
  void theRoleCannotCreateOutsideItsSchemaNorReadOtherSchemas() throws SQLException {
    try (Connection connection = PostgresDataSource.of(SERVER.url("localhost", database), ROLE).connect();
        Statement statement = connection.createStatement()) {
      assertEquals("usage_intel", single(statement, "show search_path"));
      assertEquals(ROLE, single(statement, "select current_user"));

      assertDenied(statement, "create table public.intruder (x int)", "permission denied for schema public");
      assertDenied(statement, "create schema elsewhere", "permission denied for database " + database);
      assertDenied(statement, "select * from public.payroll", "permission denied for table payroll");
      assertDenied(statement, "select * from finance.ledger", "permission denied for schema finance");
    }
  }

  private static void assertDenied(Statement statement, String sql, String reason) {
    SQLException denied = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
    assertTrue(denied.getMessage().contains(reason), denied.getMessage());
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (var rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The tables the migrations of sql/migrations leave, read from their text in version order
   * (creates, drops and renames), with Flyway's history table.
   */
  private static Set<String> tablesOfTheMigrations() {
    Set<String> tables = new TreeSet<>(Set.of("flyway_schema_history"));
    // A name followed by %s is a pattern of names (the fact's partitions), not a table.
    Pattern statement = Pattern.compile("create (?:unlogged )?table (?:if not exists )?+(\\w+)(?=[\\s(])"
        + "|drop table (?:if exists )?(\\w+)|alter table (\\w+) rename to (\\w+)");
    for (String migration : MIGRATIONS) {
      Matcher matcher = statement.matcher(SecureTestServer.script("migrations/" + migration));
      while (matcher.find()) {
        if (matcher.group(1) != null) {
          tables.add(matcher.group(1));
        } else if (matcher.group(2) != null) {
          tables.remove(matcher.group(2));
        } else {
          tables.remove(matcher.group(3));
          tables.add(matcher.group(4));
        }
      }
    }
    return tables;
  }

  private static List<String> migrations() {
    try (Stream<Path> files = Files.list(Path.of("target", "classes", "sql", "migrations"))) {
      return files.map(file -> file.getFileName().toString())
          .sorted(Comparator.comparingInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names a script of sql/ creates, read from its text rather than from the database. */
  private static Set<String> declared(String script, String createPattern) {
    Matcher create = Pattern.compile(createPattern).matcher(SecureTestServer.script(script));
    Set<String> names = new TreeSet<>();
    while (create.find()) {
      names.add(create.group(1));
    }
    return names;
  }
}
