package io.github.userservice.password;

import java.util.Random;

/** Passwords of every kind a hasher may meet: empty, short, ASCII, any Unicode (surrogate pairs too), very long. */
final class RandomPasswords {

  private RandomPasswords() {
  }

  static String next(Random random) {
    int length = switch (random.nextInt(8)) {
      case 0 -> random.nextInt(2);
      case 1 -> 200 + random.nextInt(2_000);
      default -> 1 + random.nextInt(40);
    };
    boolean ascii = random.nextBoolean();
    StringBuilder password = new StringBuilder();
    while (password.length() < length) {
      int codePoint = ascii ? 32 + random.nextInt(95) : random.nextInt(Character.MAX_CODE_POINT + 1);
      if (Character.isDefined(codePoint) && Character.getType(codePoint) != Character.SURROGATE) {
        password.appendCodePoint(codePoint);
      }
    }
    return password.toString();
  }
}
