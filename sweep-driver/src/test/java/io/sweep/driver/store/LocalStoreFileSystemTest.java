package io.sweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's local file system: Hadoop's, with permissions set by a system call. */
class LocalStoreFileSystemTest {
  @TempDir java.nio.file.Path dir;

  private static FileSystem open(Configuration conf) throws java.io.IOException {
    FileSystem fs = new LocalStoreFileSystem();
    fs.initialize(java.net.URI.create("file:///"), conf);
    return fs;
  }

  private String perms(java.nio.file.Path p) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void filesGetTheSamePermissionsAndChecksumsAsWithHadoopsOwn() throws Exception {
    Configuration conf = new Configuration();
    FileSystem ours = open(conf);
    FileSystem hadoops = FileSystem.newInstance(java.net.URI.create("file:///"), conf);
    for (FileSystem fs : new FileSystem[] {ours, hadoops}) {
      Path file = new Path(dir.toUri().toString(), fs.getClass().getSimpleName() + "/sub/f.bin");
      try (FSDataOutputStream out = fs.create(file)) {
        out.write(new byte[] {1, 2, 3});
      }
      assertTrue(fs.exists(new Path(file.getParent(), ".f.bin.crc")), "checksum file");
    }
    java.nio.file.Path a = dir.resolve("LocalStoreFileSystem/sub/f.bin");
    java.nio.file.Path b = dir.resolve("LocalFileSystem/sub/f.bin");
    assertEquals(perms(b), perms(a));
    assertEquals(perms(b.getParent()), perms(a.getParent()));
    assertEquals(3, Files.size(a));
  }

  @Test
  void setPermissionSetsWhatItIsAsked() throws Exception {
    FileSystem fs = open(new Configuration());
    java.nio.file.Path f = Files.createFile(dir.resolve("x"));
    fs.setPermission(new Path(f.toUri()), new FsPermission((short) 0600));
    assertEquals("rw-------", perms(f));
    fs.setPermission(new Path(f.toUri()), new FsPermission((short) 0754));
    assertEquals("rwxr-xr--", perms(f));
    java.nio.file.Path d = Files.createDirectory(dir.resolve("d"));
    fs.setPermission(new Path(d.toUri()), new FsPermission((short) 01777)); // sticky: the old way
    assertEquals("rwxrwxrwx", perms(d));
  }

  @Test
  void onlyHadoopsDefaultLocalFileSystemIsReplaced() throws Exception {
    Configuration conf = new Configuration();
    assertInstanceOf(LocalStoreFileSystem.class, Store.localWithoutChmod(FileSystem.getLocal(conf), conf));
    FileSystem raw = new RawLocalFileSystem();
    raw.initialize(java.net.URI.create("file:///"), conf);
    assertSame(raw, Store.localWithoutChmod(raw, conf), "a user's own choice stays");
  }
}
