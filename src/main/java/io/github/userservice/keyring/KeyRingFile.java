package io.github.userservice.keyring;

import io.github.userservice.files.OwnerOnlyFiles;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The key ring in a JSON file created owner-only (0600): it holds private keys. Replaced in one step (written
 * beside, then moved), so a crash leaves the old ring or the new one, never half of one. Blocking: for the keeper's
 * worker thread only. Changes take turns within the process; one process keeps the file (SQLite's one store node).
 */
final class KeyRingFile implements KeyRingStorage {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRingFile.class);
  /** One for every ring file of the process: two keepers of one file must not interleave their changes. */
  private static final Object CHANGES = new Object();

  private final Path file;
  private final Clock clock;

  KeyRingFile(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<KeyRing> load() {
    return update(UnaryOperator.identity());
  }

  @Override
  public Future<KeyRing> update(UnaryOperator<KeyRing> change) {
    synchronized (CHANGES) {
      return change(change);
    }
  }

  private Future<KeyRing> change(UnaryOperator<KeyRing> change) {
    try {
      boolean exists = Files.exists(file);
      KeyRing ring = exists ? read() : KeyRing.first(clock.instant());
      KeyRing next = change.apply(ring);
      if (!exists || next != ring) {
        save(next);
      }
      if (!exists) {
        LOG.info("generated a token signing key (kid {}) into {}", next.current().kid(), file);
      }
      return Future.succeededFuture(next);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private KeyRing read() {
    try {
      return KeyRing.fromJson(new JsonObject(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token signing keys from " + file, e);
    }
  }

  private void save(KeyRing ring) {
    try {
      OwnerOnlyFiles.createFolder(file.toAbsolutePath().getParent());
      OwnerOnlyFiles.replace(file, ring.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token signing keys to " + file, e);
    }
  }
}
