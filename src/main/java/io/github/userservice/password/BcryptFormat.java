package io.github.userservice.password;

import io.github.userservice.config.ServiceConfig;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bcrypt in the modular crypt format of OpenBSD, {@code $2b$12$<22 characters of salt><31 of hash>}, with the minor
 * versions {@code 2a} (most libraries until 2014), {@code 2b} (OpenBSD since 2014) and {@code 2y} (PHP's
 * crypt_blowfish, the same algorithm as 2b). Computed and compared (in constant time) by BouncyCastle's
 * {@link OpenBSDBCrypt}, which like the references (OpenBSD, pyca/bcrypt) uses the password's first 72 UTF-8 bytes
 * and ignores the rest. {@code 2x} (crypt_blowfish's marker for hashes made with its sign-extension bug) and the
 * original {@code 2} are not accepted.
 */
final class BcryptFormat implements StoredHashFormat {

  private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final int MIN_COST = 4;
  private static final int MAX_COST = 31;

  private final ServiceConfig.Imports limits;

  BcryptFormat(ServiceConfig.Imports limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  @Override
  public boolean claims(String stored) {
    return stored.startsWith("$2a$") || stored.startsWith("$2b$") || stored.startsWith("$2y$");
  }

  @Override
  public Optional<String> refusal(String stored) {
    Matcher matcher = FORMAT.matcher(stored);
    int cost = matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    if (cost < MIN_COST || cost > MAX_COST) {
      return Optional.of("malformed bcrypt hash");
    }
    if (cost > limits.maxBcryptCost()) {
      return Optional.of("bcrypt cost " + cost + " is above the limit " + limits.maxBcryptCost());
    }
    return Optional.empty();
  }

  @Override
  public boolean matches(String stored, String password) {
    return OpenBSDBCrypt.checkPassword(stored, password.getBytes(StandardCharsets.UTF_8));
  }
}
