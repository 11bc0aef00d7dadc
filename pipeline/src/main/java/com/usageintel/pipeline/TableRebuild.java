package com.usageintel.pipeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a published table the way bulk loads are fast: its foreign keys and secondary indexes
 * (as {@code sql/schema.sql} defines them) are dropped and the table emptied; the caller inserts
 * every row; then each index is built and each key checked in one pass. Checked row by row,
 * every key locks its dimension row once per inserted row: at a million events that was most of
 * the publish time. Runs inside the publish transaction, which locks the tables first: readers of
 * them wait for its commit (dropping a key takes an exclusive lock) and then see the new tables.
 */
final class TableRebuild {
  private final String table;
  private final List<String> foreignKeys;
  private final List<String> indexes;

  private TableRebuild(String table, List<String> foreignKeys, List<String> indexes) {
    this.table = table;
    this.foreignKeys = foreignKeys;
    this.indexes = indexes;
  }

  /** Remembers the table's foreign keys and secondary indexes, drops them and deletes its rows. */
  static TableRebuild prepare(Connection connection, String table) throws SQLException {
    List<String> constraintNames = new ArrayList<>();
    List<String> foreignKeys = new ArrayList<>();
    List<String> indexNames = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("select conname, pg_get_constraintdef(oid)"
          + " from pg_constraint where conrelid = '" + table + "'::regclass and contype = 'f'"
          + " order by conname")) {
        while (rs.next()) {
          constraintNames.add(rs.getString(1));
          foreignKeys.add("add constraint " + quote(rs.getString(1)) + " " + rs.getString(2));
        }
      }
      // Indexes that back a constraint (primary key, unique) stay: dropping them drops it.
      try (ResultSet rs = statement.executeQuery("select i.indexrelid::regclass::text,"
          + " pg_get_indexdef(i.indexrelid) from pg_index i where i.indrelid = '" + table
          + "'::regclass and not exists (select 1 from pg_constraint c"
          + " where c.conindid = i.indexrelid) order by 1")) {
        while (rs.next()) {
          indexNames.add(rs.getString(1));
          indexes.add(rs.getString(2));
        }
      }
      for (String name : constraintNames) {
        statement.execute("alter table " + table + " drop constraint " + quote(name));
      }
      for (String name : indexNames) {
        statement.execute("drop index " + name);
      }
      // Delete, not truncate: truncate is not MVCC-safe, and a reader whose snapshot predates
      // the commit would see the table empty.
      statement.execute("delete from " + table);
    }
    return new TableRebuild(table, foreignKeys, indexes);
  }

  /** Builds the indexes and checks the foreign keys again, once the rows are in. */
  void restore(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("set local maintenance_work_mem = '256MB'");
      for (String index : indexes) {
        statement.execute(index);
      }
      if (!foreignKeys.isEmpty()) {
        statement.execute("alter table " + table + " " + String.join(", ", foreignKeys));
      }
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
