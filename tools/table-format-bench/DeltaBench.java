import io.sweep.driver.store.Store;
import io.sweep.driver.store.Tables;
import java.nio.file.*;
import java.sql.Timestamp;
import java.util.*;
import java.util.concurrent.*;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;
import scala.jdk.javaapi.CollectionConverters;

/** Commit latency of the store's hand-written append vs Delta Lake 4.0 appends, same rows. */
public class DeltaBench {
  static Object value(DataType t, Random r, int i) {
    if (t instanceof StringType) return "s" + r.nextInt(1000) + "-" + i;
    if (t instanceof IntegerType) return r.nextInt(100);
    if (t instanceof LongType) return r.nextLong();
    if (t instanceof DoubleType) return r.nextDouble();
    if (t instanceof BooleanType) return r.nextBoolean();
    if (t instanceof TimestampType) return new Timestamp(System.currentTimeMillis());
    if (t instanceof ArrayType a) {
      List<Object> l = new ArrayList<>();
      for (int k = 0; k < 3; k++) l.add(value(a.elementType(), r, i));
      return CollectionConverters.asScala(l).toSeq();
    }
    if (t instanceof MapType m) {
      return scala.collection.immutable.Map$.MODULE$.empty();
    }
    throw new IllegalArgumentException(t.toString());
  }

  static List<Row> rows(StructType schema, int n, Random r, int commit) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] v = new Object[schema.size()];
      for (int c = 0; c < v.length; c++) {
        StructField f = schema.fields()[c];
        v[c] = f.name().equals("sweep") ? "bench" : f.name().equals("run_id") ? String.format("%08x%08x", commit, i) : value(f.dataType(), r, i);
      }
      rows.add(RowFactory.create(v));
    }
    return rows;
  }

  static double median(List<Double> xs) { List<Double> s = new ArrayList<>(xs); Collections.sort(s); return s.get(s.size() / 2); }
  static double p90(List<Double> xs) { List<Double> s = new ArrayList<>(xs); Collections.sort(s); return s.get((int) (s.size() * 0.9)); }

  public static void main(String[] args) throws Exception {
    int commits = Integer.parseInt(args[0]);
    int perCommit = Integer.parseInt(args[1]);
    Path base = Files.createTempDirectory("deltabench");
    SparkSession spark = SparkSession.builder().master("local[2]").appName("deltabench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    StructType schema = Tables.RUNS_SCHEMA;
    System.out.println("runs schema: " + schema.size() + " columns; " + commits + " commits of " + perCommit + " rows");
    Random r = new Random(1);
    // warm up both paths
    Store warm = Store.open(spark, base.resolve("warm-hand").toString());
    for (int i = 0; i < 5; i++) {
      warm.appendDirect("runs", schema, rows(schema, perCommit, r, i));
      spark.createDataFrame(rows(schema, perCommit, r, i), schema).write().format("delta").mode("append").partitionBy("sweep").save(base.resolve("warm-delta").toString());
    }
    Store hand = Store.open(spark, base.resolve("hand").toString());
    String delta = base.resolve("delta").toString();
    String deltaTxn = base.resolve("delta-txn").toString();
    List<Double> th = new ArrayList<>(), td = new ArrayList<>(), tt = new ArrayList<>();
    for (int c = 0; c < commits; c++) {
      List<Row> rs = rows(schema, perCommit, r, c);
      long t0 = System.nanoTime();
      hand.appendDirect("runs", schema, rs);
      long t1 = System.nanoTime();
      spark.createDataFrame(rs, schema).write().format("delta").mode("append").partitionBy("sweep").save(delta);
      long t2 = System.nanoTime();
      // idempotent append (exactly once under retries): txnAppId + txnVersion
      spark.createDataFrame(rs, schema).write().format("delta").mode("append").partitionBy("sweep")
          .option("txnAppId", "bench").option("txnVersion", Integer.toString(c)).save(deltaTxn);
      long t3 = System.nanoTime();
      th.add((t1 - t0) / 1e6); td.add((t2 - t1) / 1e6); tt.add((t3 - t2) / 1e6);
    }
    System.out.printf("commit ms  hand-written: median %.0f p90 %.0f total %.1f s%n", median(th), p90(th), th.stream().mapToDouble(x -> x).sum() / 1e3);
    System.out.printf("commit ms  delta append: median %.0f p90 %.0f total %.1f s%n", median(td), p90(td), td.stream().mapToDouble(x -> x).sum() / 1e3);
    System.out.printf("commit ms  delta idempotent (txnAppId): median %.0f p90 %.0f total %.1f s%n", median(tt), p90(tt), tt.stream().mapToDouble(x -> x).sum() / 1e3);
    // a retried idempotent commit is skipped
    long before = spark.read().format("delta").load(deltaTxn).count();
    spark.createDataFrame(rows(schema, perCommit, r, 0), schema).write().format("delta").mode("append").partitionBy("sweep")
        .option("txnAppId", "bench").option("txnVersion", "0").save(deltaTxn);
    System.out.println("delta txn retry skipped: " + (spark.read().format("delta").load(deltaTxn).count() == before));
    // read after the commits
    for (int k = 0; k < 3; k++) {
      long a = System.nanoTime();
      long n1 = spark.read().parquet(base.resolve("hand/runs").toString()).select("run_id").distinct().count();
      long b = System.nanoTime();
      long n2 = spark.read().format("delta").load(delta).select("run_id").distinct().count();
      long c2 = System.nanoTime();
      System.out.printf("read distinct run_id: hand %d rows in %.0f ms, delta %d rows in %.0f ms%n", n1, (b - a) / 1e6, n2, (c2 - b) / 1e6);
    }
    // concurrent writers: 3 threads, each 20 commits
    for (String kind : List.of("hand", "delta")) {
      String dir = base.resolve("conc-" + kind).toString();
      Store st = Store.open(spark, dir);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      long a = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int ww = w;
        fs.add(pool.submit(() -> {
          Random rr = new Random(ww);
          for (int c = 0; c < 20; c++) {
            List<Row> rs = rows(schema, perCommit, rr, ww * 1000 + c);
            if (kind.equals("hand")) st.appendDirect("runs", schema, rs);
            else spark.createDataFrame(rs, schema).write().format("delta").mode("append").partitionBy("sweep").save(dir);
          }
          return null;
        }));
      }
      String err = "none";
      for (Future<?> f : fs) { try { f.get(); } catch (ExecutionException e) { err = e.getCause().toString(); } }
      pool.shutdown();
      long n = kind.equals("hand") ? spark.read().parquet(dir + "/runs").count() : spark.read().format("delta").load(dir).count();
      System.out.printf("3 concurrent writers x 20 commits, %s: %.1f s, %d rows (expected %d), error: %s%n", kind, (System.nanoTime() - a) / 1e9, n, 3 * 20 * perCommit, err);
    }
    // files on disk
    for (String d : List.of("hand/runs", "delta")) {
      try (var s = Files.walk(base.resolve(d))) {
        System.out.println(d + ": " + s.filter(Files::isRegularFile).count() + " files");
      }
    }
    spark.stop();
  }
}
