package com.usageintel.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.usageintel.pipeline.warehouse.WarehouseSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sql/bi-readonly-role.sql, run as the operator would, then used as a BI tool would: logged in as
 * usage_intel_bi, it reads every bi view and nothing else, and changes nothing.
 */
class BiRoleTest {
  private static final String ROLE = "usage_intel_bi";

  /** Set here for the test only: the README has the operator set it with psql's \password. */
  private static final String PASSWORD = "bi-role-test-only";

  /** Permission denied. */
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static String db;

  @BeforeAll
  static void createTheRole() throws SQLException {
    db = StarSchemaDatabase.jdbcUrl();
    try (Connection owner = TestDatabase.connect(db);
        Statement statement = owner.createStatement()) {
      String script = WarehouseSchema.sqlScript("bi-readonly-role.sql");
      statement.execute(script);
      statement.execute(script); // re-runnable
      statement.execute("alter role " + ROLE + " password '" + PASSWORD + "'");
    }
  }

  @Test
  void theRoleReadsEveryBiViewAsTheOwnerDoes() throws SQLException {
    List<String> views = names("select table_name from information_schema.views"
        + " where table_schema = 'bi' order by 1");
    assertEquals(19, views.size(), views.toString());
    try (Connection bi = loginAsRole(); Statement statement = bi.createStatement()) {
      for (String view : views) {
        String count = "select count(*) from bi." + view;
        assertEquals(TestDatabase.rows(db, count).get(0).get(0), single(statement, count), view);
      }
      // The fixture's 22 events and 10 days, read through views over tables it cannot read.
      assertEquals("22", single(statement, "select count(*) from bi.fact_usage"));
      assertEquals("10", single(statement, "select count(*) from bi.dim_date"));
    }
  }

  @Test
  void theRoleHasNoRightOnAnyTable() {
    // Views run with their owner's rights: the role needs none on the tables, and has none.
    List<String> tables = names("select table_name from information_schema.tables"
        + " where table_schema = 'public' order by 1");
    assertTrue(tables.containsAll(List.of("fact_feature_usage", "stg_feature_usage",
        "incoming_feature_usage", "dq_rejected_rows", "etl_run", "dim_key")), tables.toString());
    for (String table : tables) {
      assertEquals(List.of(List.of("f")), TestDatabase.rows(db, "select has_table_privilege('"
          + ROLE + "', 'public." + table + "', 'select, insert, update, delete, truncate,"
          + " references, trigger')"), table);
    }
    assertEquals(List.of(List.of("f", "t")), TestDatabase.rows(db, "select"
        + " has_schema_privilege('" + ROLE + "', 'bi', 'create'),"
        + " has_schema_privilege('" + ROLE + "', 'bi', 'usage')"));
  }

  @Test
  void theRoleCannotReadTheTablesStagingQuarantineOrRuns() throws SQLException {
    List<String> tables = names("select table_name from information_schema.tables"
        + " where table_schema = 'public' order by 1");
    try (Connection bi = loginAsRole(); Statement statement = bi.createStatement()) {
      for (String table : tables) {
        assertRefused(statement, "select * from public." + table + " limit 1", table);
      }
    }
  }

  @Test
  void theRoleCannotChangeTheBiViews() throws SQLException {
    String before = TestDatabase.rows(db, "select count(*) from fact_feature_usage").get(0).get(0);
    try (Connection bi = loginAsRole(); Statement statement = bi.createStatement()) {
      // dim_region and fact_usage are simple views PostgreSQL could write through: the
      // privilege check on the view refuses first.
      assertRefused(statement, "insert into bi.dim_region (region_key, region)"
          + " values (999999, 'Atlantis')", "insert");
      assertRefused(statement, "update bi.fact_usage set error_flag = 1", "update");
      assertRefused(statement, "delete from bi.fact_usage", "delete");
      assertRefused(statement, "truncate bi.fact_usage", "truncate");
      assertRefused(statement, "truncate public.fact_feature_usage", "truncate table");
      assertRefused(statement, "create view bi.mine as select 1", "create");
      assertRefused(statement, "drop view bi.fact_usage", "drop");
    }
    assertEquals(before, TestDatabase.rows(db, "select count(*) from fact_feature_usage").get(0).get(0));
    assertEquals(List.of(List.of("0")),
        TestDatabase.rows(db, "select count(*) from dim_region where region = 'Atlantis'"));
  }

  @Test
  void viewsAddedLaterAreReadableToo() throws SQLException {
    // Default privileges of the schema's owner: a view a later version creates is readable.
    try (Connection owner = TestDatabase.connect(db);
        Statement statement = owner.createStatement()) {
      statement.execute("create or replace view bi.later_view as select 1 as one");
    }
    try (Connection bi = loginAsRole(); Statement statement = bi.createStatement()) {
      assertEquals("1", single(statement, "select one from bi.later_view"));
    } finally {
      try (Connection owner = TestDatabase.connect(db);
          Statement statement = owner.createStatement()) {
        statement.execute("drop view bi.later_view");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static Connection loginAsRole() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", ROLE);
    properties.setProperty("password", PASSWORD);
    Connection connection = DriverManager.getConnection(db, properties);
    try (Statement statement = connection.createStatement()) {
      assertEquals(ROLE, single(statement, "select current_user"));
      assertFalse(Boolean.parseBoolean(single(statement,
          "select rolsuper::text from pg_roles where rolname = current_user")));
    }
    // Each refused statement must not abort the next.
    connection.setAutoCommit(true);
    return connection;
  }

  /** A statement refused for want of a privilege (TRUNCATE on a view: not a table, 42809). */
  private static void assertRefused(Statement statement, String sql, String what) {
    SQLException e = assertThrows(SQLException.class, () -> statement.execute(sql), what);
    assertTrue(Set.of(INSUFFICIENT_PRIVILEGE, "42809").contains(e.getSQLState()),
        what + ": " + e.getSQLState() + " " + e.getMessage());
    if (!sql.startsWith("truncate bi.")) {
      assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), what + ": " + e.getMessage());
    }
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  private static List<String> names(String sql) {
    return TestDatabase.rows(db, sql).stream().map(r -> r.get(0)).toList();
  }
}
