package com.usageintel.pipeline.warehouse;

import java.io.Serializable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

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

  /**
   * One column: its name, the type of its array parameter, how SQL computes it from that parameter,
   * and its value: read from the element, or from the field of the element's Beam row it names.
   */
  private record Column<T>(String name, String arrayType, String expression,
      @Nullable SerializableFunction<T, Object> value, @Nullable SchemaFieldColumn field)
      implements Serializable {
    Object valueOf(T element, @Nullable Row row) {
      return value != null ? value.apply(element) : field.valueIn(row);
    }
  }

  private final String table;
  private final Map<String, String> tableColumns;
  private final long runId;
  private final String onConflict;
  private final @Nullable SerializableFunction<T, Row> toRow;
  private final List<Column<T>> columns;

  private BatchInsert(String table, Map<String, String> tableColumns, long runId, String onConflict,
      @Nullable SerializableFunction<T, Row> toRow, List<Column<T>> columns) {
    this.table = table;
    this.tableColumns = tableColumns;
    this.runId = runId;
    this.onConflict = onConflict;
    this.toRow = toRow;
    this.columns = List.copyOf(columns);
  }

  /**
   * Rows for {@code table}, whose first column is {@code run_id}, set to this run's id; its other
   * columns and their types are the catalog's.
   */
  public static <T> BatchInsert<T> into(
      String table, WarehouseColumns catalog, long runId, String onConflict) {
    return new BatchInsert<>(table, catalog.columnsOf(table), runId, onConflict, null, List.of());
  }

  /**
   * Every field of the element's Beam schema fills its column ({@link SchemaFieldColumn}), but for
   * the fields named in {@code except}.
   */
  public BatchInsert<T> schemaFields(Class<T> type, String... except) {
    SchemaRegistry registry = SchemaRegistry.createDefault();
    try {
      TypeDescriptor<T> descriptor = TypeDescriptor.of(type);
      List<Column<T>> more = new ArrayList<>(columns);
      for (SchemaFieldColumn field :
          SchemaFieldColumn.of(registry.getSchema(descriptor), tableColumns, Set.of(except))) {
        String name = field.column();
        more.add(new Column<>(name, typeOf(name), "u." + name, null, field));
      }
      return new BatchInsert<>(
          table, tableColumns, runId, onConflict, registry.getToRowFunction(descriptor), more);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(type + " is not a Beam schema type", e);
    }
  }

  /** A column sent as-is, as the type the catalog gives it. */
  public BatchInsert<T> column(String name, SerializableFunction<T, Object> value) {
    return add(new Column<>(name, typeOf(name), "u." + name, value, null));
  }

  /**
   * A column computed in SQL from a text parameter, written as {@code u.<name>} (for what no
   * parameter type can carry: bytes as hex, an array of text as JSON).
   */
  public BatchInsert<T> column(String name, String expression, SerializableFunction<T, Object> value) {
    typeOf(name);
    return add(new Column<>(name, "text", expression, value, null));
  }

  private BatchInsert<T> add(Column<T> column) {
    List<Column<T>> more = new ArrayList<>(columns);
    more.add(column);
    return new BatchInsert<>(table, tableColumns, runId, onConflict, toRow, more);
  }

  private String typeOf(String column) {
    String type = tableColumns.get(column);
    if (type == null) {
      throw new IllegalStateException(table + " has no column " + column + " in the database");
    }
    return type;
  }

  /**
   * This writer, once it is known to fill every column of its table exactly once: a column added
   * by a migration and forgotten here fails the run before it reads a row, never on a worker.
   */
  public BatchInsert<T> filling() {
    Set<String> filled = new LinkedHashSet<>();
    for (Column<T> column : columns) {
      if (!filled.add(column.name())) {
        throw new IllegalStateException(table + "." + column.name() + " is filled twice");
      }
    }
    Set<String> missing = new LinkedHashSet<>(tableColumns.keySet());
    missing.removeAll(filled);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(table + " has columns nothing fills: " + missing);
    }
    return this;
  }

  public String table() {
    return table;
  }

  public String sql() {
    String names = columns.stream().map(c -> c.name()).collect(Collectors.joining(", "));
    String expressions = columns.stream().map(c -> c.expression()).collect(Collectors.joining(", "));
    String parameters =
        columns.stream().map(c -> "?::" + c.arrayType() + "[]").collect(Collectors.joining(", "));
    return "insert into " + table + " (run_id, " + names + ") select " + runId + ", " + expressions
        + " from unnest(" + parameters + ") as u (" + names + ") " + onConflict;
  }

  /**
   * The same rows as a COPY: {@code copy <table> (run_id, ...) from stdin (format csv)}. Only for
   * tables whose columns are all sent as-is, since COPY computes nothing.
   */
  public String copySql() {
    for (Column<T> column : columns) {
      if (!column.expression().equals("u." + column.name())) {
        throw new IllegalStateException(table + "." + column.name() + " is computed in SQL: COPY cannot");
      }
    }
    String names = columns.stream().map(c -> c.name()).collect(Collectors.joining(", "));
    return "copy " + table + " (run_id, " + names + ") from stdin (format csv)";
  }

  /**
   * Appends one row in COPY's csv format: NULL as an empty field, every other value quoted (so an
   * empty string stays one), a quote doubled.
   */
  public void appendCsv(T row, StringBuilder out) {
    Row asRow = toRow == null ? null : toRow.apply(row);
    out.append(runId);
    for (Column<T> column : columns) {
      out.append(',');
      Object value = column.valueOf(row, asRow);
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
    return new BindBatch<>(toRow, columns);
  }

  private static final class BindBatch<T> implements JdbcIO.PreparedStatementSetter<List<T>> {
    private static final long serialVersionUID = 1L;
    private final @Nullable SerializableFunction<T, Row> toRow;
    private final List<Column<T>> columns;

    BindBatch(@Nullable SerializableFunction<T, Row> toRow, List<Column<T>> columns) {
      this.toRow = toRow;
      this.columns = columns;
    }

    @Override
    public void setParameters(List<T> rows, PreparedStatement statement) throws SQLException {
      Connection connection = statement.getConnection();
      Row[] asRows = new Row[rows.size()];
      if (toRow != null) {
        for (int r = 0; r < asRows.length; r++) {
          asRows[r] = toRow.apply(rows.get(r));
        }
      }
      for (int c = 0; c < columns.size(); c++) {
        Column<T> column = columns.get(c);
        Object[] values = new Object[rows.size()];
        for (int r = 0; r < values.length; r++) {
          values[r] = column.valueOf(rows.get(r), asRows[r]);
        }
        Array array = connection.createArrayOf(column.arrayType(), values);
        statement.setArray(c + 1, array);
      }
    }
  }
}
