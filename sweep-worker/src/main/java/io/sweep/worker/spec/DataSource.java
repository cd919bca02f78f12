package io.sweep.worker.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a run's data comes from: synthetic teacher–student data drawn in the worker ({@link
 * #TEACHER_STUDENT}, the neutral value: what every run of release 0.1.0 used), or a user's data
 * set read once per sweep by the driver and shipped to the executors ({@code data.type =
 * parquet}), identified by its content hash.
 *
 * @param type {@link #TEACHER_STUDENT_TYPE} or {@link #PARQUET}
 * @param path the data set's path or URI as the sweep file gives it; empty for teacher–student
 * @param hash the SHA-256 (hex) of the prepared data set (training pool and test set as the runs
 *             see them); empty for teacher–student, and for a Parquet spec that was only planned
 */
public record DataSource(String type, String path, String hash) implements Serializable {

  /** The {@code data.type} of synthetic teacher–student data. */
  public static final String TEACHER_STUDENT_TYPE = "teacher-student";
  /** The {@code data.type} of a user's Parquet data set. */
  public static final String PARQUET = "parquet";
  /** Teacher–student data: the source of every spec that names none. */
  public static final DataSource TEACHER_STUDENT = new DataSource(TEACHER_STUDENT_TYPE, "", "");

  public DataSource {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(hash, "hash");
    if (type.equals(TEACHER_STUDENT_TYPE)) {
      if (!path.isEmpty() || !hash.isEmpty()) {
        throw new IllegalArgumentException("teacher-student data has no path or hash");
      }
    } else if (type.equals(PARQUET)) {
      if (path.isEmpty()) {
        throw new IllegalArgumentException("a parquet data source needs a path");
      }
    } else {
      throw new IllegalArgumentException(
          "unknown data type '" + type + "'; allowed: " + TEACHER_STUDENT_TYPE + ", " + PARQUET);
    }
  }

  /** A Parquet data set at {@code path} whose prepared content hashes to {@code hash}. */
  public static DataSource parquet(String path, String hash) {
    return new DataSource(PARQUET, path, hash);
  }

  /** Whether the data is provided by the driver (not generated in the worker). */
  public boolean provided() {
    return type.equals(PARQUET);
  }
}
