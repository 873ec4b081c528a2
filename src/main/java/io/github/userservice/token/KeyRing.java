package io.github.userservice.token;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The token signing keys, newest first, kept in a JSON file created owner-only (0600): it holds private keys.
 * The newest key signs; every key still listed verifies. A rotation puts a new key first and keeps each older key
 * until the tokens it signed have expired ({@code retention}), so rotating never logs anybody out.
 * Thread-safe: every HTTP verticle instance reads the same ring; file work is blocking (worker threads only).
 */
public final class KeyRing {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

  private final Path file;
  private final Clock clock;
  private final Duration retention;
  private volatile List<SigningKey> keys;

  private KeyRing(Path file, Clock clock, Duration retention, List<SigningKey> keys) {
    this.file = file;
    this.clock = clock;
    this.retention = retention;
    this.keys = List.copyOf(keys);
  }

  /** Reads the file, or creates it with a first key. Blocking. */
  public static KeyRing loadOrCreate(Path file, Clock clock, Duration retention) {
    Objects.requireNonNull(file);
    if (Files.exists(file)) {
      return new KeyRing(file, clock, retention, read(file));
    }
    KeyRing ring = new KeyRing(file, clock, retention, List.of(SigningKey.generate(clock.instant())));
    ring.save();
    LOG.info("generated a token signing key (kid {}) into {}", ring.current().kid(), file);
    return ring;
  }

  public SigningKey current() {
    return keys.get(0);
  }

  /** Newest first; the list object changes identity at every rotation. */
  public List<SigningKey> keys() {
    return keys;
  }

  /** A new signing key; older ones stay for verification while tokens they signed may be alive. Blocking. */
  public synchronized SigningKey rotate() {
    Instant now = clock.instant();
    List<SigningKey> next = new ArrayList<>();
    next.add(SigningKey.generate(now));
    List<SigningKey> previous = keys;
    for (int i = 0; i < previous.size(); i++) {
      // a key stopped signing when the key before it in the list was created
      Instant retired = i == 0 ? now : previous.get(i - 1).createdAt();
      if (retired.plus(retention).isAfter(now)) {
        next.add(previous.get(i));
      }
    }
    keys = List.copyOf(next);
    save();
    LOG.info("rotated the token signing key: kid {} signs now, {} older key(s) still verify", current().kid(), keys.size() - 1);
    return current();
  }

  /** Rotates when the signing key is older than {@code maxAge}; true when it did. Blocking. */
  public synchronized boolean rotateIfOlderThan(Duration maxAge) {
    if (current().createdAt().plus(maxAge).isAfter(clock.instant())) {
      return false;
    }
    rotate();
    return true;
  }

  private void save() {
    JsonObject json = new JsonObject().put("keys", new JsonArray(keys.stream().map(SigningKey::toJson).toList()));
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temporary = folder.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(temporary, json.encodePrettily());
      // replace in one step: a crash leaves the old file or the new one, never half of one
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token signing keys to " + file, e);
    }
  }

  private static List<SigningKey> read(Path file) {
    try {
      JsonArray keys = new JsonObject(Files.readString(file)).getJsonArray("keys");
      List<SigningKey> read = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        read.add(SigningKey.fromJson(keys.getJsonObject(i)));
      }
      if (read.isEmpty()) {
        throw new IllegalStateException("the token key file " + file + " holds no key");
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token signing keys from " + file, e);
    }
  }
}
