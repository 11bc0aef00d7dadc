package com.usageintel.pipeline.warehouse;

import com.usageintel.transforms.aggregate.CalendarDays;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The column a field of a Beam schema fills, by the warehouse's naming: the field's name in snake
 * case, a nested row's fields in turn; a day key {@code xSk} fills column {@code x_sk}, or else
 * the date column {@code x} with its day.
 */
record SchemaFieldColumn(String column, List<String> fieldPath, boolean dayKeyAsDate)
    implements Serializable {

  /** The columns of {@code schema}'s fields but those named in {@code except}, in its order. */
  static List<SchemaFieldColumn> of(Schema schema, Map<String, String> tableColumns, Set<String> except) {
    List<SchemaFieldColumn> columns = new ArrayList<>();
    add(schema, List.of(), tableColumns, except, columns);
    return columns;
  }

  private static void add(Schema schema, List<String> parentPath, Map<String, String> tableColumns,
      Set<String> except, List<SchemaFieldColumn> out) {
    for (Schema.Field field : schema.getFields()) {
      if (except.contains(field.getName())) {
        continue;
      }
      List<String> path = new ArrayList<>(parentPath);
      path.add(field.getName());
      if (field.getType().getTypeName() == Schema.TypeName.ROW) {
        add(field.getType().getRowSchema(), path, tableColumns, except, out);
        continue;
      }
      String name = snakeCase(field.getName());
      String day = name.endsWith("_sk") ? name.substring(0, name.length() - 3) : null;
      boolean asDate = !tableColumns.containsKey(name) && day != null && "date".equals(tableColumns.get(day));
      out.add(new SchemaFieldColumn(asDate ? day : name, List.copyOf(path), asDate));
    }
  }

  /** {@code dau7dAvg} is {@code dau_7d_avg}: a word starts at a capital or at a run of digits. */
  static String snakeCase(String field) {
    return field.replaceAll("(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Z])", "_").toLowerCase(Locale.ROOT);
  }

  /** This field's value in {@code row}, a day key as its date. */
  Object valueIn(Row row) {
    Row parent = row;
    for (String field : fieldPath.subList(0, fieldPath.size() - 1)) {
      parent = parent.getRow(field);
    }
    Object value = parent.getValue(fieldPath.get(fieldPath.size() - 1));
    return dayKeyAsDate && value != null ? CalendarDays.date((Integer) value).toString() : value;
  }
}
