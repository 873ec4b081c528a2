package io.github.userservice.password;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standard Argon2id PHC string, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} with unpadded
 * base64, as libargon2, argon2-cffi and other services write it, so hashes can be imported and exported.
 *
 * <p>Own parser: vertx-auth-common 5.0.7's {@code HashString} reads the {@code v=19} segment as the
 * parameters and the parameters as the salt (see PhcStringTest), so it cannot read this format.
 */
public record PhcString(int memoryKiB, int iterations, int parallelism, String salt, String hash) {

  public static final String ALGORITHM = "argon2id";
  public static final int VERSION = 19;

  private static final Pattern FORMAT = Pattern.compile(
    "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{6,512})");
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  public PhcString {
    if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("Argon2 parameters out of range");
    }
  }

  public static PhcString of(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
    return new PhcString(memoryKiB, iterations, parallelism, ENCODER.encodeToString(salt), ENCODER.encodeToString(hash));
  }

  /** True when the text claims to be an Argon2id PHC string (it may still be malformed). */
  public static boolean isArgon2id(String encoded) {
    return encoded.startsWith("$" + ALGORITHM + "$");
  }

  /** @throws IllegalArgumentException when the text is not a well-formed Argon2id v19 PHC string */
  public static PhcString parse(String encoded) {
    Matcher matcher = FORMAT.matcher(encoded);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not an Argon2id v=19 PHC string");
    }
    return new PhcString(
      Integer.parseInt(matcher.group(1)),
      Integer.parseInt(matcher.group(2)),
      Integer.parseInt(matcher.group(3)),
      matcher.group(4),
      matcher.group(5));
  }

  /** The same hash in the layout vertx-auth-common's {@code HashString} reads: no version segment. */
  public String toVertxHashString() {
    return "$" + ALGORITHM + "$" + parameters() + "$" + salt + "$" + hash;
  }

  @Override
  public String toString() {
    return "$" + ALGORITHM + "$v=" + VERSION + "$" + parameters() + "$" + salt + "$" + hash;
  }

  private String parameters() {
    return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
  }
}
