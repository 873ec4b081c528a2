package io.github.userservice.password;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2 PHC string, as libargon2, argon2-cffi, passlib and Ory Kratos write them:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in unpadded standard base64. Argon2id and
 * Argon2i, version 19, or 16: written {@code v=16}, or without the version segment as libargon2 wrote it before 2016
 * (and still reads it). Argon2d, which is not meant for passwords, is not read. The service writes Argon2id version 19
 * only ({@link #isServiceFormat()}); the others come with users imported from other systems.
 *
 * <p>Own parser: vertx-auth-common 5.0.7's {@code HashString} reads the {@code v=19} segment as the parameters and
 * the parameters as the salt (see PhcStringTest), so it cannot read this format.
 */
public record PhcString(String type, int version, int memoryKiB, int iterations, int parallelism, String salt, String hash) {

  public static final String ARGON2ID = "argon2id";
  public static final String ARGON2I = "argon2i";
  public static final int VERSION = 19;
  public static final int LEGACY_VERSION = 16;

  private static final Pattern FORMAT = Pattern.compile("\\$(argon2id|argon2i)(?:\\$v=(16|19))?"
    + "\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{6,512})");
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  /** @throws IllegalArgumentException when the parameters are out of Argon2's range */
  public PhcString {
    if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism) {
      throw new IllegalArgumentException("Argon2 parameters out of range");
    }
  }

  /** An Argon2id version 19 string, the service's own format. */
  public static PhcString of(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
    return new PhcString(ARGON2ID, VERSION, memoryKiB, iterations, parallelism, ENCODER.encodeToString(salt), ENCODER.encodeToString(hash));
  }

  /** The string read field by field; empty when it is not a well-formed Argon2id or Argon2i PHC string. */
  public static Optional<PhcString> read(String encoded) {
    Matcher matcher = FORMAT.matcher(encoded);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long memoryKiB = Long.parseLong(matcher.group(3));
    long iterations = Long.parseLong(matcher.group(4));
    int parallelism = Integer.parseInt(matcher.group(5));
    if (memoryKiB > Integer.MAX_VALUE || iterations > Integer.MAX_VALUE || parallelism < 1 || iterations < 1 || memoryKiB < 8L * parallelism) {
      return Optional.empty();
    }
    if (!isBase64(matcher.group(6)) || !isBase64(matcher.group(7))) {
      return Optional.empty();
    }
    int version = "19".equals(matcher.group(2)) ? VERSION : LEGACY_VERSION;
    return Optional.of(new PhcString(matcher.group(1), version, (int) memoryKiB, (int) iterations, parallelism, matcher.group(6), matcher.group(7)));
  }

  /** @throws IllegalArgumentException when the text is not a well-formed Argon2id or Argon2i PHC string */
  public static PhcString parse(String encoded) {
    return read(encoded).orElseThrow(() -> new IllegalArgumentException("not an Argon2 PHC string"));
  }

  /** Argon2id version 19: what the service writes. */
  public boolean isServiceFormat() {
    return type.equals(ARGON2ID) && version == VERSION;
  }

  public byte[] saltBytes() {
    return Base64.getDecoder().decode(salt);
  }

  public byte[] hashBytes() {
    return Base64.getDecoder().decode(hash);
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /** The same hash in the layout vertx-auth-common's {@code HashString} reads: no version segment. */
  public String toVertxHashString() {
    return "$" + type + "$" + parameters() + "$" + salt + "$" + hash;
  }

  @Override
  public String toString() {
    return "$" + type + "$v=" + version + "$" + parameters() + "$" + salt + "$" + hash;
  }

  private String parameters() {
    return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
  }
}
