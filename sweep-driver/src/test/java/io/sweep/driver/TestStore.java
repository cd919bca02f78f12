package io.sweep.driver;

import io.sweep.driver.store.Store;
import io.sweep.driver.views.StoreViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;

/**
 * A temporary store of an integration test: runs CLI verbs against it in-process (logs under
 * {@code logs}, master {@code local[2]}) and queries its SQL views with the test JVM's session.
 */
public record TestStore(Path store, Path logs) {

  /** A store {@code dir/store} with logs in {@code dir/logs}. */
  public static TestStore in(Path dir) {
    return new TestStore(dir.resolve("store"), dir.resolve("logs"));
  }

  /** {@code bin/sweep VERB MORE... --store STORE} in this JVM. */
  public CliRun cli(String verb, String... more) {
    String[] args = new String[more.length + 7];
    args[0] = verb;
    System.arraycopy(more, 0, args, 1, more.length);
    int i = more.length + 1;
    args[i++] = "--store";
    args[i++] = store.toString();
    args[i++] = "--set";
    args[i++] = "engine.log-dir=\"" + logs + "\"";
    args[i++] = "--master";
    args[i] = "local[2]";
    return CliRun.of(args);
  }

  /** Copies a store (or any directory tree) file by file to {@code to}. */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of {@code sql} over the store's views. */
  public List<Row> rows(String sql) {
    Store s = Store.open(TestSpark.session(), store.toString());
    StoreViews.register(s);
    return TestSpark.session().sql(sql).collectAsList();
  }
}
