package com.usageintel.pipeline.warehouse;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of the tables a run writes, as the migrations in {@code sql/migrations} made them,
 * read from the database's catalog. The DDL is the one place a table's name, columns and types
 * are written: the writers of {@link RunTables} take their types from here and must fill every
 * column, and the publish empties every {@code incoming_*} table it finds.
 */
public final class WarehouseColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The quarantine tables a run writes straight into (they are per run by their run_id). */
  private static final List<String> QUARANTINE = List.of("dq_rejected_rows", "dq_issue_counts");

  private static final String CATALOG_QUERY =
      "select table_name, column_name, udt_name from information_schema.columns"
          + " where table_schema = current_schema() and column_name <> 'run_id'"
          + " and (table_name like 'incoming\\_%' or table_name in ('"
          + String.join("', '", QUARANTINE) + "'))"
          + " order by table_name, ordinal_position";

  /** Table to its columns (in their order, {@code run_id} left out) and each column's type. */
  private final Map<String, Map<String, String>> tables;

  private WarehouseColumns(Map<String, Map<String, String>> tables) {
    this.tables = tables;
  }

  public static WarehouseColumns read(Connection connection) throws SQLException {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(CATALOG_QUERY)) {
      while (rows.next()) {
        tables.computeIfAbsent(rows.getString(1), table -> new LinkedHashMap<>())
            .put(rows.getString(2), rows.getString(3));
      }
    }
    return new WarehouseColumns(tables);
  }

  /** The per-run tables that exist: emptied when a run publishes, or by the next run. */
  static List<String> incomingTables(Connection connection) throws SQLException {
    List<String> incoming = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select tablename from pg_tables"
            + " where schemaname = current_schema() and tablename like 'incoming\\_%' order by 1")) {
      while (rows.next()) {
        incoming.add(rows.getString(1));
      }
    }
    return incoming;
  }

  List<String> tables() {
    return List.copyOf(tables.keySet());
  }

  /** The columns of {@code table} beside run_id, each with its PostgreSQL type name. */
  Map<String, String> columnsOf(String table) {
    Map<String, String> columns = tables.get(table);
    if (columns == null) {
      throw new IllegalStateException(
          "the database has no table " + table + ": is its migration in sql/migrations?");
    }
    return columns;
  }
}
