package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TableDefTest {
  private record Point(String name, int count, double value) {}

  private static final TableDef<Point> POINTS = TableDef.<Point>named("points")
      .required("name", StringType, Point::name)
      .optional("count", IntegerType, Point::count)
      .finite("value", Point::value)
      .build();

  @Test
  void schemaAndRowComeFromTheSameColumnsInOrder() {
    assertEquals("points", POINTS.name());
    assertEquals("struct<name:string,count:int,value:double>", POINTS.schema().simpleString());
    assertEquals(List.of(false, true, true),
        Arrays.stream(POINTS.schema().fields()).map(f -> f.nullable()).toList());
    Map<String, Object> cells = StoredRows.byName(POINTS.schema(), POINTS.row(new Point("a", 3, 0.5)));
    assertEquals(Map.of("name", "a", "count", 3, "value", 0.5), cells);
  }

  @Test
  void finiteColumnsStoreNaNAndInfinitiesAsNull() {
    List<Row> rows = POINTS.rows(List.of(new Point("nan", 0, Double.NaN),
        new Point("inf", 0, Double.POSITIVE_INFINITY), new Point("-inf", 0, Double.NEGATIVE_INFINITY),
        new Point("max", 0, Double.MAX_VALUE)));
    assertEquals(Arrays.asList(null, null, null, Double.MAX_VALUE),
        rows.stream().map(r -> r.get(2)).toList());
  }

  @Test
  void aFiniteColumnKeepsAnAbsentValueNull() {
    TableDef<Map<String, Double>> t = TableDef.<Map<String, Double>>named("t")
        .finite("x", m -> m.get("x")).build();
    assertEquals(null, t.row(new HashMap<>()).get(0));
  }

  @Test
  void aColumnDeclaredTwiceIsRejected() {
    TableDef.Builder<Point> b = TableDef.<Point>named("points").required("name", StringType, Point::name);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> b.optional("name", StringType, Point::name));
    assertEquals("table points declares column name twice", e.getMessage());
  }
}
