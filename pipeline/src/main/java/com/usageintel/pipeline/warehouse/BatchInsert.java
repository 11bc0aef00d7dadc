package com.usageintel.pipeline.warehouse;

import java.io.Serializable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * An insert of a whole batch of rows in one statement: each column travels as one array
 * parameter and {@code unnest} turns the arrays back into rows. One round trip and one statement
 * per batch is what makes JdbcIO fast even when a runner hands it one-element bundles.
 *
 * <pre>insert into t (run_id, a, b) select 7, u.a, decode(u.b, 'hex')
 *     from unnest(?::text[], ?::text[]) as u (a, b) on conflict ...</pre>
 */
public final class BatchInsert<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One column: its name, the SQL type of its array parameter, and how to read it from a row. */
  private static final class Column<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    final String name;
    final String arrayType;
    final String expression;
    final SerializableFunction<T, Object> value;

    Column(String name, String arrayType, String expression, SerializableFunction<T, Object> value) {
      this.name = name;
      this.arrayType = arrayType;
      this.expression = expression;
      this.value = value;
    }
  }

  private final String table;
  private final long runId;
  private final String onConflict;
  private final List<Column<T>> columns;

  private BatchInsert(String table, long runId, String onConflict, List<Column<T>> columns) {
    this.table = table;
    this.runId = runId;
    this.onConflict = onConflict;
    this.columns = List.copyOf(columns);
  }

  /** Rows for {@code table}, whose first column is {@code run_id}, set to this run's id. */
  public static <T> BatchInsert<T> into(String table, long runId, String onConflict) {
    return new BatchInsert<>(table, runId, onConflict, List.of());
  }

  /** A column sent as-is; {@code sqlType} is the PostgreSQL element type (text, float8, ...). */
  public BatchInsert<T> column(String name, String sqlType, SerializableFunction<T, Object> value) {
    return column(name, sqlType, "u." + name, value);
  }

  /** A column computed in SQL from its parameter value, written as {@code u.<name>}. */
  public BatchInsert<T> column(
      String name, String sqlType, String expression, SerializableFunction<T, Object> value) {
    List<Column<T>> more = new ArrayList<>(columns);
    more.add(new Column<>(name, sqlType, expression, value));
    return new BatchInsert<>(table, runId, onConflict, more);
  }

  public String table() {
    return table;
  }

  public String sql() {
    String names = columns.stream().map(c -> c.name).collect(Collectors.joining(", "));
    String expressions = columns.stream().map(c -> c.expression).collect(Collectors.joining(", "));
    String parameters =
        columns.stream().map(c -> "?::" + c.arrayType + "[]").collect(Collectors.joining(", "));
    return "insert into " + table + " (run_id, " + names + ") select " + runId + ", " + expressions
        + " from unnest(" + parameters + ") as u (" + names + ") " + onConflict;
  }

  /**
   * The same rows as a COPY: {@code copy <table> (run_id, ...) from stdin (format csv)}. Only for
   * tables whose columns are all sent as-is, since COPY computes nothing.
   */
  public String copySql() {
    for (Column<T> column : columns) {
      if (!column.expression.equals("u." + column.name)) {
        throw new IllegalStateException(table + "." + column.name + " is computed in SQL: COPY cannot");
      }
    }
    String names = columns.stream().map(c -> c.name).collect(Collectors.joining(", "));
    return "copy " + table + " (run_id, " + names + ") from stdin (format csv)";
  }

  /**
   * Appends one row in COPY's csv format: NULL as an empty field, every other value quoted (so an
   * empty string stays one), a quote doubled.
   */
  public void appendCsv(T row, StringBuilder out) {
    out.append(runId);
    for (Column<T> column : columns) {
      out.append(',');
      Object value = column.value.apply(row);
      if (value != null) {
        String text = value.toString();
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (c == '"') {
            out.append('"');
          }
          out.append(c);
        }
        out.append('"');
      }
    }
    out.append('\n');
  }

  /** Binds one batch: one array per column. */
  public JdbcIO.PreparedStatementSetter<List<T>> setter() {
    return new BindBatch<>(columns);
  }

  private static final class BindBatch<T> implements JdbcIO.PreparedStatementSetter<List<T>> {
    private static final long serialVersionUID = 1L;
    private final List<Column<T>> columns;

    BindBatch(List<Column<T>> columns) {
      this.columns = columns;
    }

    @Override
    public void setParameters(List<T> rows, PreparedStatement statement) throws SQLException {
      Connection connection = statement.getConnection();
      for (int c = 0; c < columns.size(); c++) {
        Column<T> column = columns.get(c);
        Object[] values = new Object[rows.size()];
        for (int r = 0; r < values.length; r++) {
          values[r] = column.value.apply(rows.get(r));
        }
        Array array = connection.createArrayOf(column.arrayType, values);
        statement.setArray(c + 1, array);
      }
    }
  }
}
