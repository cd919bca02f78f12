package io.sweep.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Parquet data sets for tests, written with the test JVM's Spark session. */
public final class TestData {
  private TestData() {}

  /**
   * A seeded regression set: x1, x2, x3 ~ N(0, 1), y = 0.5 x1 − x2 + 0.25 x3 + 0.1 ε and a second
   * label y2 = x1 x2; one file.
   */
  public static Path regression(Path dir, String name, int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double x1 = rng.nextGaussian();
      double x2 = rng.nextGaussian();
      double x3 = rng.nextGaussian();
      double y = 0.5 * x1 - x2 + 0.25 * x3 + 0.1 * rng.nextGaussian();
      data.add(RowFactory.create(x1, x2, x3, y, x1 * x2));
    }
    return write(dir, name, data, schema("x1 double", "x2 double", "x3 double", "y double",
        "y2 double"));
  }

  /**
   * A seeded 3-class set: class c ∈ {setosa, versicolor, virginica} with centre 2·e_c in four
   * dimensions plus N(0, 0.5²) noise, features in one array column {@code x} and as columns f0 … f3.
   */
  public static Path classification(Path dir, String name, int rows, long seed) {
    String[] classes = {"virginica", "setosa", "versicolor"}; // not sorted: encoding sorts
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int c = rng.nextInt(3);
      double[] f = new double[4];
      for (int j = 0; j < 4; j++) {
        f[j] = (j == c ? 2 : 0) + 0.5 * rng.nextGaussian();
      }
      List<Double> x = List.of(f[0], f[1], f[2], f[3]);
      data.add(RowFactory.create(x, f[0], f[1], f[2], f[3], classes[c], c == 0 ? 1.0 : 0.0));
    }
    return write(dir, name, data, schema("x array<double>", "f0 double", "f1 double", "f2 double",
        "f3 double", "species string", "is_virginica double"));
  }

  /** Writes rows as Parquet (one file) at dir/name, replacing what is there. */
  public static Path write(Path dir, String name, List<Row> rows, StructType schema) {
    Path out = dir.resolve(name);
    TestSpark.session().createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(out.toString());
    return out;
  }

  /** A schema from "name type" pairs in Spark's DDL. */
  public static StructType schema(String... columns) {
    List<StructField> fields = new ArrayList<>();
    for (String c : columns) {
      int sp = c.indexOf(' ');
      fields.add(DataTypes.createStructField(c.substring(0, sp),
          org.apache.spark.sql.types.DataType.fromDDL(c.substring(sp + 1)), true));
    }
    return DataTypes.createStructType(fields);
  }
}
