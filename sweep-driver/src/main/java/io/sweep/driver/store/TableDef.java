package io.sweep.driver.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table declared once: its name in the store and its ordered columns, from which both its schema
 * (for the writer, the reader and the SQL views) and its rows are made. Nothing is matched by
 * position: a column added to the list is in the schema and in every row at the same place.
 *
 * <p>The stored schema is a contract (DESIGN.md): never rename, reorder or retype a column; add new
 * ones at the end. {@code TablesTest} pins every table's schema. Immutable and thread-safe when the
 * value functions are.
 *
 * @param <S> the object one row is made of
 */
public final class TableDef<S> {
  private final String name;
  private final List<ColumnDef<S>> columns;
  private final StructType schema;

  private TableDef(String name, List<ColumnDef<S>> columns) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.schema = new StructType(columns.stream().map(ColumnDef::field).toArray(StructField[]::new));
  }

  /** Starts the declaration of the table stored (and viewed) under {@code name}. */
  public static <S> Builder<S> named(String name) {
    return new Builder<>(name);
  }

  /** The table's directory under the store and its SQL view name. */
  public String name() {
    return name;
  }

  /** The columns, in schema order. */
  public List<ColumnDef<S>> columns() {
    return columns;
  }

  /** The table's schema, in column order. */
  public StructType schema() {
    return schema;
  }

  /** The row of one source object: every column's value, in schema order. */
  public Row row(S source) {
    Object[] cells = new Object[columns.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = columns.get(i).value().apply(source);
    }
    return RowFactory.create(cells);
  }

  /** The rows of some source objects, in their order. */
  public List<Row> rows(Collection<? extends S> sources) {
    List<Row> rows = new ArrayList<>(sources.size());
    for (S s : sources) {
      rows.add(row(s));
    }
    return rows;
  }

  /** A double for a stored column: non-finite (NaN, ±Infinity) becomes null. */
  static Double finiteOrNull(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }

  /** Collects the columns of a {@link TableDef} in order. Not thread-safe. */
  public static final class Builder<S> {
    private final String name;
    private final List<ColumnDef<S>> columns = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Builder(String name) {
      this.name = name;
    }

    /** A column that is never null. */
    public Builder<S> required(String column, DataType type, Function<? super S, ?> value) {
      return add(new ColumnDef<>(column, type, false, value));
    }

    /** A column that may be null. */
    public Builder<S> optional(String column, DataType type, Function<? super S, ?> value) {
      return add(new ColumnDef<>(column, type, true, value));
    }

    /**
     * A nullable double column storing non-finite values (NaN, ±Infinity: a diverged run, a metric
     * that does not apply) as null, so that {@code avg()} over a phase cell is not poisoned; the
     * row's status and error say what happened.
     */
    public Builder<S> finite(String column, Function<? super S, Double> value) {
      return add(new ColumnDef<S>(column, DataTypes.DoubleType, true, s -> finiteOrNull(value.apply(s))));
    }

    /** The declared table. */
    public TableDef<S> build() {
      return new TableDef<>(name, columns);
    }

    private Builder<S> add(ColumnDef<S> column) {
      if (!names.add(column.name())) {
        throw new IllegalStateException("table " + name + " declares column " + column.name() + " twice");
      }
      columns.add(column);
      return this;
    }
  }
}
