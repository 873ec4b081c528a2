package io.github.userservice.session;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two keys the store keeps outside its database: the HMAC key of the refresh tokens and the AES key of the TOTP
 * secrets, 256 random bits each, in one JSON file made owner-only (0600) on first start, as the certificate's key is.
 * With the database alone nobody can make a refresh token or read a TOTP secret. Every store node of a database needs
 * the same file; the database keeps a check value of each key ({@link #checkValue}), so that a node with another file,
 * or none, is told at start rather than failing every refresh and every second factor.
 */
public record SessionKeys(byte[] refreshTokens, byte[] totpSecrets) {

  private static final int KEY_BYTES = 32;
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  public SessionKeys {
    if (refreshTokens.length != KEY_BYTES || totpSecrets.length != KEY_BYTES) {
      throw new IllegalArgumentException("session keys are 32 bytes each");
    }
  }

  static SessionKeys generate(SecureRandom random) {
    byte[] refresh = new byte[KEY_BYTES];
    byte[] totp = new byte[KEY_BYTES];
    random.nextBytes(refresh);
    random.nextBytes(totp);
    return new SessionKeys(refresh, totp);
  }

  /**
   * The keys in {@code file}; empty when there is no file.
   *
   * @throws IllegalStateException when the file cannot be read, is not a key file, or other users may read it
   */
  static Optional<SessionKeys> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      if (POSIX && Files.getPosixFilePermissions(file).stream().anyMatch(OPEN_TO_OTHERS::contains)) {
        throw new IllegalStateException("the session key file " + file + " may be read by other users: chmod 600 it");
      }
      JsonObject json = new JsonObject(Files.readString(file));
      Base64.Decoder base64 = Base64.getDecoder();
      return Optional.of(new SessionKeys(base64.decode(json.getString("refreshTokenKey")), base64.decode(json.getString("totpSecretKey"))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the session key file " + file, e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalStateException) {
        throw e;
      }
      throw new IllegalStateException("the session key file " + file + " is not one this service wrote (two base64 keys of 32 bytes)", e);
    }
  }

  /**
   * Writes new keys into {@code file}, which must not exist: written owner-only beside it, then linked into place,
   * which fails if another process made the file meanwhile, so two store nodes starting together on one shared path
   * never replace each other's keys.
   *
   * @return false when the file appeared meanwhile (read it instead)
   */
  static boolean create(Path file, SessionKeys keys) {
    Path folder = file.toAbsolutePath().getParent();
    Path temporary = folder.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.createDirectories(folder);
      Files.deleteIfExists(temporary);
      if (POSIX) {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Base64.Encoder base64 = Base64.getEncoder();
      Files.writeString(temporary, new JsonObject()
        .put("refreshTokenKey", base64.encodeToString(keys.refreshTokens()))
        .put("totpSecretKey", base64.encodeToString(keys.totpSecrets()))
        .encodePrettily());
      Files.createLink(file, temporary);
      return true;
    } catch (FileAlreadyExistsException made) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the session key file " + file, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a stray temporary file, owner-only
      }
    }
  }

  /**
   * What the database keeps to recognise a key without holding it: HMAC-SHA256 of a fixed text under the key, in
   * base64. Reveals nothing of the key.
   */
  static String checkValue(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal("user-service key check v1".getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "SessionKeys[hidden]";
  }
}
