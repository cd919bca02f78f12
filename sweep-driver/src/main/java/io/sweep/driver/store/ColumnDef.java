package io.sweep.driver.store;

import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * One column of a table: its name, Spark type and nullability, and how its value is read from the
 * object a row is made of. A {@link TableDef} is an ordered list of these, so a column's place in
 * the schema and in the row is the same by construction.
 *
 * @param name     snake_case column name (DESIGN.md, Contract)
 * @param type     Spark type of the stored column
 * @param nullable whether the column may hold null
 * @param value    the cell of a source object, as a Spark {@code Row} holds it ({@code String},
 *                 {@code Integer}, {@code Long}, {@code Double}, {@code Boolean},
 *                 {@code java.sql.Timestamp}, a Scala map), or null
 * @param <S>      the object a row is made of
 */
public record ColumnDef<S>(String name, DataType type, boolean nullable, Function<? super S, ?> value) {

  /** The column as a field of the table's schema. */
  public StructField field() {
    return DataTypes.createStructField(name, type, nullable);
  }
}
