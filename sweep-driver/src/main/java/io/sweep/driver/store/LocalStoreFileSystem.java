package io.sweep.driver.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksums and all) that sets permissions with a system call
 * instead of a {@code chmod} process. Without Hadoop's native library, which Spark's client jars
 * do not ship, {@link RawLocalFileSystem#setPermission} forks {@code chmod} for every file and
 * directory it creates: about four processes per committed Parquet file, about 10 ms of wall time
 * each (docs/PERFORMANCE.md, issue #17 fifth part). Used for local stores by {@link Store} and its
 * {@link DirectParquet} writers; Spark's own jobs keep the file system the session configures.
 */
public final class LocalStoreFileSystem extends LocalFileSystem {
  /** Hadoop instantiates file systems by reflection. */
  public LocalStoreFileSystem() {
    super(new Raw());
  }

  /** The raw file system underneath: only {@link #setPermission} differs from Hadoop's. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.util.Set<java.nio.file.attribute.PosixFilePermission> perms;
      try {
        // rwxr-xr-x; a sticky bit or setuid ('t', 's') does not parse and goes the old way
        perms = PosixFilePermissions.fromString(permission.toString());
      } catch (IllegalArgumentException e) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), perms);
      } catch (UnsupportedOperationException e) { // not a POSIX file system (Windows)
        super.setPermission(p, permission);
      }
    }
  }
}
