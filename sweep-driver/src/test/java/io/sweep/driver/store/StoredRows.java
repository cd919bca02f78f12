package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** Reads a table row back by column name, after checking that every cell fits its column. */
public final class StoredRows {
  /** The Java class of a cell of each (non-map) column type, as Spark's writer expects it. */
  private static final Map<DataType, Class<?>> CELL_CLASSES = Map.of(DataTypes.StringType, String.class,
      DataTypes.IntegerType, Integer.class, DataTypes.LongType, Long.class, DataTypes.DoubleType, Double.class,
      DataTypes.BooleanType, Boolean.class, DataTypes.TimestampType, Timestamp.class);

  private StoredRows() {}

  /**
   * The cells of {@code row} by column name, in schema order. Fails unless the row has one cell per
   * column, each null only where the column is nullable and otherwise of the Java class Spark
   * expects for the column's type (so a cell in the wrong place or of the wrong type is caught here,
   * not at the first write).
   */
  public static Map<String, Object> byName(StructType schema, Row row) {
    assertEquals(schema.size(), row.size(), "cells in the row");
    Map<String, Object> cells = new LinkedHashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.fields()[i];
      Object v = row.get(i);
      if (v == null) {
        assertTrue(f.nullable(), f.name() + " is not nullable but null");
      } else {
        Class<?> expected = f.dataType() instanceof MapType ? scala.collection.Map.class
            : f.dataType() instanceof ArrayType ? scala.collection.Seq.class
            : CELL_CLASSES.get(f.dataType());
        assertTrue(expected != null && expected.isInstance(v),
            f.name() + " is " + f.dataType().simpleString() + " but holds a " + v.getClass().getName());
        if (f.dataType() instanceof ArrayType array) {
          for (Object element : CollectionConverters.asJava((scala.collection.Seq<?>) v)) {
            Class<?> elementClass = CELL_CLASSES.get(array.elementType());
            assertTrue(element == null ? array.containsNull() : elementClass.isInstance(element),
                f.name() + " holds an element " + element + " that is not a "
                    + array.elementType().simpleString());
          }
        }
      }
      cells.put(f.name(), v);
    }
    return cells;
  }

  /**
   * The row as {@code column = value} lines in schema order (checked as by {@link #byName}), less
   * the {@code skipped} columns: timestamps as UTC instants, maps and arrays as Java maps and lists, nulls as null.
   */
  public static String lines(StructType schema, Row row, Set<String> skipped) {
    StringBuilder sb = new StringBuilder();
    byName(schema, row).forEach((column, v) -> {
      if (!skipped.contains(column)) {
        sb.append(column).append(" = ").append(text(v)).append('\n');
      }
    });
    return sb.toString();
  }

  /** {@link #lines(StructType, Row, Set)} of every column. */
  public static String lines(StructType schema, Row row) {
    return lines(schema, row, Set.of());
  }

  private static String text(Object v) {
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      return CollectionConverters.asJava(m).toString();
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return CollectionConverters.asJava(s).toString();
    }
    return String.valueOf(v);
  }
}
