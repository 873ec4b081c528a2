package io.github.userservice.store;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.files.OwnerOnlyFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The embedded default: one SQLite file behind a {@link JDBCPool} per store instance, with the settings that make it
 * safe to share:
 * <ul>
 *   <li>WAL journal (set once by {@link #prepare}), so readers never wait for the writer;</li>
 *   <li>{@code synchronous=FULL}: every commit is fsynced before a 201 is sent, so an acknowledged registration
 *       survives a {@code kill -9} and a power cut alike. NORMAL would survive {@code kill -9} only, and the fsync
 *       costs about a millisecond next to tens of milliseconds of Argon2;</li>
 *   <li>a busy timeout, so concurrent writers wait for the lock instead of failing.</li>
 * </ul>
 * The file and its folder are created owner-only (0600 / 0700); SQLite gives its WAL files the database's mode.
 * Instants are RFC 3339 text. The schema version is {@code PRAGMA user_version}.
 */
final class SqliteDialect implements Dialect {

  private static final int BUSY_TIMEOUT_MS = 5_000;
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final DateTimeFormatter COMPARABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * Schema migrations in order: entry {@code i} brings {@code PRAGMA user_version} from {@code i} to {@code i + 1}.
   * Append, never edit: a database already at version {@code i + 1} will not run entry {@code i} again.
   */
  private static final List<List<String>> MIGRATIONS = List.of(
    List.of("""
      CREATE TABLE users (
        login         TEXT NOT NULL PRIMARY KEY,
        password_hash TEXT NOT NULL,
        registered_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID"""),
    // 2: a counter bumped by every password change; access tokens carry it and are refused once it moved
    List.of("ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1"),
    // 3: the audit trail, and the webhook deliveries written in the same transaction as their event; AUTOINCREMENT,
    // so that an id is never given twice, even after the newest events were purged: followers read "after" an id
    List.of("""
      CREATE TABLE audit_events (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        occurred_at    TEXT NOT NULL,
        type           TEXT NOT NULL,
        login          TEXT,
        actor          TEXT,
        client_address TEXT,
        request_id     TEXT,
        detail         TEXT
      ) STRICT""",
      "CREATE INDEX audit_events_login ON audit_events (login, id)",
      "CREATE INDEX audit_events_type ON audit_events (type, id)",
      "CREATE INDEX audit_events_time ON audit_events (occurred_at)",
      """
      CREATE TABLE webhook_outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id        INTEGER NOT NULL,
        url             TEXT NOT NULL,
        payload         TEXT NOT NULL,
        attempts        INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        claimed_until   TEXT NOT NULL,
        created_at      TEXT NOT NULL
      ) STRICT""",
      "CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at)"),
    // 4: account mail. A user's email address (unique in lower case, in email_key), whether it is verified, and when
    // the last reset and verification mails went out (one a minute each); the tokens those mails carry, as SHA-256
    // digests only; reset requests answered but not yet looked up; the mail still to send, written in the
    // transaction of the token it carries
    List.of(
      "ALTER TABLE users ADD COLUMN email TEXT",
      "ALTER TABLE users ADD COLUMN email_key TEXT",
      "ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0",
      "ALTER TABLE users ADD COLUMN reset_mail_at TEXT",
      "ALTER TABLE users ADD COLUMN verification_mail_at TEXT",
      "CREATE UNIQUE INDEX users_email_key ON users (email_key)",
      """
      CREATE TABLE account_tokens (
        digest             TEXT NOT NULL PRIMARY KEY,
        purpose            TEXT NOT NULL,
        login              TEXT NOT NULL,
        credential_version INTEGER NOT NULL,
        email              TEXT,
        created_at         TEXT NOT NULL,
        expires_at         TEXT NOT NULL
      ) STRICT, WITHOUT ROWID""",
      "CREATE INDEX account_tokens_login ON account_tokens (login, purpose)",
      "CREATE INDEX account_tokens_expiry ON account_tokens (expires_at)",
      """
      CREATE TABLE reset_requests (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        login          TEXT,
        email_key      TEXT,
        client_address TEXT,
        request_id     TEXT,
        created_at     TEXT NOT NULL
      ) STRICT""",
      """
      CREATE TABLE mail_outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        recipient       TEXT NOT NULL,
        template        TEXT NOT NULL,
        variables       TEXT NOT NULL,
        attempts        INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        claimed_until   TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        expires_at      TEXT NOT NULL
      ) STRICT""",
      "CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)"),
    // 5: sessions and their refresh tokens' generations, TOTP second factors and recovery codes, the password steps
    // waiting for a second factor, and the check values of the keys kept outside the database; all gone with their user
    List.of("""
      CREATE TABLE sessions (
        id                 TEXT NOT NULL PRIMARY KEY,
        login              TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        credential_version INTEGER NOT NULL,
        generation         INTEGER NOT NULL,
        amr                TEXT NOT NULL,
        created_at         TEXT NOT NULL,
        refreshed_at       TEXT NOT NULL,
        expires_at         TEXT NOT NULL,
        client_address     TEXT,
        user_agent         TEXT
      ) STRICT, WITHOUT ROWID""",
      "CREATE INDEX sessions_login ON sessions (login, refreshed_at)",
      "CREATE INDEX sessions_expiry ON sessions (expires_at)",
      "CREATE INDEX sessions_idle ON sessions (refreshed_at)",
      """
      CREATE TABLE mfa_challenges (
        token_hash         TEXT NOT NULL PRIMARY KEY,
        login              TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        credential_version INTEGER NOT NULL,
        client_address     TEXT NOT NULL,
        expires_at         TEXT NOT NULL
      ) STRICT, WITHOUT ROWID""",
      "CREATE INDEX mfa_challenges_expiry ON mfa_challenges (expires_at)",
      """
      CREATE TABLE totp_factors (
        login      TEXT NOT NULL PRIMARY KEY REFERENCES users (login) ON DELETE CASCADE,
        secret     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        enabled_at TEXT,
        last_step  INTEGER
      ) STRICT, WITHOUT ROWID""",
      """
      CREATE TABLE recovery_codes (
        login     TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        PRIMARY KEY (login, code_hash)
      ) STRICT, WITHOUT ROWID""",
      """
      CREATE TABLE key_checks (
        name        TEXT NOT NULL PRIMARY KEY,
        check_value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID"""),
    // 6: passkeys (WebAuthn credentials) with their signature counters and backup flags, each user's random user
    // handle, and the challenges of the ceremonies under way (single use, stored as SHA-256); all gone with their user
    List.of("""
      CREATE TABLE passkey_users (
        login       TEXT NOT NULL PRIMARY KEY REFERENCES users (login) ON DELETE CASCADE,
        user_handle TEXT NOT NULL UNIQUE
      ) STRICT, WITHOUT ROWID""",
      """
      CREATE TABLE passkeys (
        credential_id   TEXT NOT NULL PRIMARY KEY,
        login           TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        name            TEXT NOT NULL,
        public_key      TEXT NOT NULL,
        aaguid          TEXT NOT NULL,
        sign_count      INTEGER NOT NULL,
        backup_eligible INTEGER NOT NULL,
        backup_state    INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        last_used_at    TEXT
      ) STRICT, WITHOUT ROWID""",
      "CREATE INDEX passkeys_login ON passkeys (login, created_at)",
      """
      CREATE TABLE passkey_challenges (
        challenge_hash TEXT NOT NULL PRIMARY KEY,
        purpose        TEXT NOT NULL,
        login          TEXT REFERENCES users (login) ON DELETE CASCADE,
        session_id     TEXT,
        expires_at     TEXT NOT NULL
      ) STRICT, WITHOUT ROWID""",
      "CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at)"));

  /** The statements that make a store instance's connection refuse writes to {@code users} once the fence says so. */
  private static final List<String> FENCE = List.of("INSERT", "UPDATE", "DELETE").stream()
    .map(operation -> "CREATE TEMP TRIGGER IF NOT EXISTS fence_" + operation.toLowerCase() + " BEFORE " + operation + " ON main.users"
      + " WHEN NOT " + SqliteFence.FUNCTION + "() BEGIN SELECT RAISE(ABORT, 'this store node does not own the cluster''s users now'); END")
    .toList();

  private final Path file;
  private volatile BooleanSupplier fence;

  SqliteDialect(ServiceConfig.Db db) {
    this.file = Path.of(db.path());
  }

  /**
   * Creates the file if needed, switches it to WAL and migrates the schema, through a connection of its own that
   * is closed afterwards. Run it once before any store instance opens the file: connections opening a fresh file
   * at the same moment race for the journal-mode switch, and SQLite answers that race with SQLITE_BUSY at once.
   */
  @Override
  public Future<Integer> prepare(Vertx vertx) {
    return vertx.executeBlocking(() -> pool(vertx, null)).compose(pool -> migrate(pool).eventually(pool::close));
  }

  private Future<Integer> migrate(Pool pool) {
    return pool.query("PRAGMA journal_mode = WAL").execute().compose(wal -> inTransaction(pool, connection ->
      connection.query("PRAGMA user_version").execute()
        .map(rows -> rows.iterator().next().getInteger(0))
        .compose(version -> Migrations.apply(connection, version, MIGRATIONS, reached -> "PRAGMA user_version = " + reached))));
  }

  /**
   * Written out as SQL rather than {@code Pool.withTransaction}: vertx-jdbc-client 5.0.7 leaves a pooled connection
   * in {@code autocommit=false} after any such transaction (vert-x3/vertx-jdbc-client#356, fixed after 5.0.7), so every
   * later statement on it would run inside a transaction that is never committed. {@code IMMEDIATE} takes the write
   * lock at once, so that the transaction cannot fail half-way for want of it.
   */
  @Override
  public <T> Future<T> inTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(connection -> connection.query("BEGIN IMMEDIATE").execute()
      .compose(begun -> work.apply(connection))
      .compose(
        result -> connection.query("COMMIT").execute().map(result),
        failure -> connection.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(failure))));
  }

  /** In WAL mode a read transaction sees the database as of its first read, and never blocks the writers. */
  @Override
  public String beginSnapshot() {
    return "BEGIN DEFERRED";
  }

  /**
   * A pool of one connection: each store instance works through its requests one at a time, and a pool shared between
   * instances would run every instance's statements on the first one's context.
   */
  @Override
  public Pool open(Vertx vertx) {
    return pool(vertx, fence);
  }

  private Pool pool(Vertx vertx, BooleanSupplier writable) {
    createOwnerOnly(file);
    // a name of its own per pool, so that each pool's metrics are kept apart
    return JDBCPool.pool(vertx, writable == null ? dataSource() : new SqliteFence(sqliteConfig(), file, writable, FENCE),
      new PoolOptions().setMaxSize(1).setName("user-store-" + POOLS.incrementAndGet()));
  }

  /**
   * From now on, the store instances' connections ({@link #open}) refuse to insert, change or delete a user while
   * {@code writable} is false, checked inside SQLite as the statement runs: not before it, where a pause between the
   * check and the write could let a write through after the right to it lapsed. Returns {@code writable}.
   */
  BooleanSupplier fenceWrites(BooleanSupplier writable) {
    fence = writable;
    return writable;
  }

  private SQLiteDataSource dataSource() {
    SQLiteDataSource dataSource = new SQLiteDataSource(sqliteConfig());
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static SQLiteConfig sqliteConfig() {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MS);
    // off by default in SQLite, per connection: a deleted user takes its sessions and second factor with it
    sqlite.enforceForeignKeys(true);
    return sqlite;
  }

  /**
   * {@code VACUUM INTO} a new file, on a connection of its own: a read transaction, so in WAL mode registrations go on
   * meanwhile, and the copy is the database as of its start, compacted. The file is made empty and owner-only first
   * (SQLite writes into an empty file), in a folder made owner-only: a backup holds every password hash.
   */
  @Override
  public Future<Backup> backup(Vertx vertx, Path folder) {
    return vertx.executeBlocking(() -> {
      OwnerOnlyFiles.createFolder(folder);
      Path target = newBackupFile(folder);
      try (Connection connection = dataSource().getConnection();
           PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
        vacuum.setString(1, target.toString());
        vacuum.execute();
      } catch (SQLException e) {
        Files.deleteIfExists(target);
        throw e;
      }
      return new Backup(target.getFileName().toString(), Files.size(target));
    }, false);
  }

  /** {@code users-20261202T101500.123Z.db}, or with a suffix when two backups start in the same millisecond. */
  private static Path newBackupFile(Path folder) throws IOException {
    String stamp = BACKUP_STAMP.format(Instant.now());
    for (int attempt = 1; ; attempt++) {
      Path candidate = folder.resolve("users-" + stamp + (attempt == 1 ? "" : "-" + attempt) + ".db");
      try {
        return OwnerOnlyFiles.createFile(candidate);
      } catch (FileAlreadyExistsException taken) {
        // another backup of the same millisecond: the next suffix
      }
    }
  }

  @Override
  public String sql(String statement) {
    return statement;
  }

  @Override
  public Instant instant(Row row, int column) {
    return Instant.parse(row.getString(column));
  }

  /**
   * RFC 3339 text of a fixed width, to the millisecond: text compares as the instants do only when every value has the
   * same layout ({@code Instant.toString()} leaves out zero fractions, and "10:00:00.5Z" would sort before
   * "10:00:00Z"). Values written before in the shorter layout still read.
   */
  @Override
  public Object parameter(Instant instant) {
    return COMPARABLE.format(instant);
  }

  @Override
  public boolean singleStore() {
    return true;
  }

  /** One store node, one writer at a time: nobody else can hold the rows. */
  @Override
  public String skipLocked() {
    return "";
  }

  /** None: the one store node keeps the throttle in memory and the key ring in a file beside the database. */
  @Override
  public Optional<Pool> sharedStatePool(Vertx vertx) {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "SQLite " + file;
  }

  private static void createOwnerOnly(Path file) {
    try {
      OwnerOnlyFiles.createFolder(file.toAbsolutePath().getParent());
      OwnerOnlyFiles.createFile(file);
    } catch (FileAlreadyExistsException existing) {
      // made by an earlier start, or by another store instance a moment ago
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database file " + file, e);
    }
  }
}
