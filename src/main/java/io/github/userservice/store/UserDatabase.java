package io.github.userservice.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the SQLite file behind a {@link JDBCPool}, with the settings that make it safe to share:
 * <ul>
 *   <li>WAL journal (set by {@link Migrations}, once the busy timeout is in force), so readers never wait for the writer;</li>
 *   <li>{@code synchronous=FULL}: every commit is fsynced before a 201 is sent, so an acknowledged registration
 *       survives a {@code kill -9} and a power cut alike. NORMAL would survive {@code kill -9} only, and the fsync
 *       costs about a millisecond next to tens of milliseconds of Argon2;</li>
 *   <li>a busy timeout, so concurrent writers wait for the lock instead of failing.</li>
 * </ul>
 * The file and its folder are created owner-only (0600 / 0700); SQLite gives its WAL files the database's mode.
 */
final class UserDatabase {

  private static final int BUSY_TIMEOUT_MS = 5_000;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private UserDatabase() {
  }

  /**
   * Creates the file if needed, switches it to WAL and migrates the schema, through a connection of its own that
   * is closed afterwards. Run it once before any store instance opens the file: connections opening a fresh file
   * at the same moment race for the journal-mode switch, and SQLite answers that race with SQLITE_BUSY at once.
   */
  static Future<Integer> prepare(Vertx vertx, Path file) {
    return vertx.executeBlocking(() -> open(vertx, file))
      .compose(pool -> Migrations.apply(pool).eventually(pool::close));
  }

  /**
   * A pool of one connection for one store instance: each instance works through its requests one at a time,
   * and a pool shared between instances would run every instance's statements on the first one's context.
   * Blocking (creates the file): call it from a worker thread.
   */
  static Pool open(Vertx vertx, Path file) {
    createOwnerOnly(file);
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + file);
    // a name of its own per pool, so that each pool's metrics are kept apart
    return JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(1).setName("user-store-" + POOLS.incrementAndGet()));
  }

  /** Whether a failure is SQLite refusing a second row with the same primary key. */
  static boolean isDuplicateKey(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException) {
        SQLiteErrorCode code = ((SQLiteException) cause).getResultCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
      }
    }
    return false;
  }

  private static void createOwnerOnly(Path file) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      Path folder = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(folder)) {
        if (posix) {
          Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(folder);
        }
      }
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (FileAlreadyExistsException existing) {
      // made by an earlier start, or by another store instance a moment ago
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database file " + file, e);
    }
  }
}
