package io.github.userservice.session;

import io.github.userservice.store.Dialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Brings the store its {@link SessionKeys} at start, and refuses to start with the wrong ones. The database records a
 * check value of each key the first time a store node starts on it; from then on a node starts only with the file
 * those keys came from:
 * <ul>
 *   <li>the file and the records agree: start;</li>
 *   <li>no file and no records (a new database, or one from before sessions): make the file, record its keys;</li>
 *   <li>no file, but records: stop. Every session and every TOTP secret was made with the lost keys; new ones would
 *       silently log everybody out and lock every user with a second factor out. Restore the file (copy it from
 *       another store node), or, knowingly, delete the records (table {@code key_checks}) to start over;</li>
 *   <li>a file whose keys differ from the records: stop, for the same reason (another node's file, or a new one).</li>
 * </ul>
 */
final class KeyFile {

  private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
  static final String REFRESH_TOKENS = "refresh-tokens";
  static final String TOTP_SECRETS = "totp-secrets";

  private KeyFile() {
  }

  static Future<SessionKeys> load(Vertx vertx, Dialect dialect, String keysPath) {
    Path file = Path.of(keysPath);
    return vertx.executeBlocking(() -> dialect.open(vertx))
      .compose(pool -> checked(vertx, new SessionRepository(pool, dialect), file).eventually(pool::close));
  }

  private static Future<SessionKeys> checked(Vertx vertx, SessionRepository checks, Path file) {
    return checks.recordedKeyChecks().compose(recorded -> vertx.executeBlocking(() -> read(file, recorded))
      .compose(keys -> checks.keyChecks(values(keys.keys()))
        .compose(agreed -> agreed.equals(values(keys.keys()))
          ? Future.succeededFuture(keys.keys())
          : mismatch(file, keys.created()))));
  }

  private record Loaded(SessionKeys keys, boolean created) {
  }

  private static Loaded read(Path file, Map<String, String> recorded) {
    Optional<SessionKeys> existing = SessionKeys.read(file);
    if (existing.isPresent()) {
      return new Loaded(existing.get(), false);
    }
    if (!recorded.isEmpty()) {
      throw new IllegalStateException("the session key file " + file.toAbsolutePath() + " is missing, but this database's sessions and TOTP "
        + "secrets were made with its keys: restore it (every store node needs the same file: copy it from another), or, to log "
        + "everybody out and turn every second factor unusable, delete the rows of the table key_checks");
    }
    SessionKeys made = SessionKeys.generate(new SecureRandom());
    if (SessionKeys.create(file, made)) {
      LOG.info("generated the session keys (refresh tokens, TOTP secrets) into {}: every store node of this database needs this file", file);
      return new Loaded(made, true);
    }
    // another store node made it a moment ago, on a shared path
    return new Loaded(SessionKeys.read(file).orElseThrow(), false);
  }

  private static Future<SessionKeys> mismatch(Path file, boolean created) {
    if (created) {
      try {
        // made a moment ago and refused: another node recorded its keys first; leave room for its file
        Files.deleteIfExists(file);
      } catch (java.io.IOException e) {
        LOG.warn("could not delete {}", file, e);
      }
    }
    return Future.failedFuture(new IllegalStateException("the session key file " + file.toAbsolutePath() + " holds other keys than the ones "
      + "this database's sessions and TOTP secrets were made with: every store node needs the same file (copy it from the first store node)"));
  }

  private static Map<String, String> values(SessionKeys keys) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(REFRESH_TOKENS, SessionKeys.checkValue(keys.refreshTokens()));
    values.put(TOTP_SECRETS, SessionKeys.checkValue(keys.totpSecrets()));
    return values;
  }
}
