package io.github.userservice.account;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses passwords that are commonly used or guessable (NIST SP 800-63B), with zxcvbn: its frequency dictionaries
 * (common passwords, names, words), keyboard patterns, dates, repeats and l33t substitutions estimate how many
 * guesses an attacker needs. The login and its parts count as dictionary words, so {@code alice2024} is weak for
 * {@code alice@example.com}. CPU work of milliseconds: run it on a worker thread. Thread-safe; every instance uses the
 * process's one zxcvbn and its dictionaries.
 *
 * <p>Only the first {@value #MEASURED_CHARS} characters are measured: zxcvbn's cost grows faster than the length
 * (about 4 s for 256 emoji, measured), and a weak prefix is a weak password.
 */
public final class PasswordStrength {

  static final int MEASURED_CHARS = 64;

  private final int minGuessesLog10;

  public PasswordStrength(int minGuessesLog10) {
    this.minGuessesLog10 = minGuessesLog10;
  }

  /** zxcvbn's warning and suggestions when the password is too easy to guess, else empty. */
  public Optional<String> weakness(String password, String canonicalLogin) {
    if (minGuessesLog10 == 0) {
      return Optional.empty();
    }
    Strength strength = Dictionaries.ZXCVBN.measure(prefix(password), loginWords(canonicalLogin));
    if (strength.getGuessesLog10() >= minGuessesLog10) {
      return Optional.empty();
    }
    return Optional.of(describe(strength.getFeedback()));
  }

  /**
   * One zxcvbn for the process: it is thread-safe (nulab/zxcvbn4j#71). Its dictionaries take a few hundred
   * milliseconds to load, so they load when this class is first used, at the first registration, not at start-up.
   */
  private static final class Dictionaries {
    static final Zxcvbn ZXCVBN = new Zxcvbn();
  }

  private static String describe(Feedback feedback) {
    List<String> sentences = new ArrayList<>();
    if (!feedback.getWarning().isEmpty()) {
      sentences.add(feedback.getWarning());
    }
    sentences.addAll(feedback.getSuggestions());
    if (sentences.isEmpty()) {
      sentences.add("Add another word or two. Uncommon words are better.");
    }
    return "This password is too easy to guess. " + String.join(" ", sentences);
  }

  /**
   * The login, its pieces around {@code @ . _ - +} and the pieces run together: {@code robert.smith@example.com}
   * gives robert, smith, example, com and robertsmithexamplecom.
   */
  private static List<String> loginWords(String canonicalLogin) {
    List<String> words = new ArrayList<>(List.of(canonicalLogin));
    StringBuilder joined = new StringBuilder();
    for (String piece : canonicalLogin.split("[@._+\\-]")) {
      joined.append(piece);
      if (piece.length() >= 3) {
        words.add(piece);
      }
    }
    words.add(joined.toString());
    words.add(joined.toString().replaceAll("\\d+$", ""));
    return words;
  }

  private static String prefix(String password) {
    if (password.length() <= MEASURED_CHARS) {
      return password;
    }
    int end = Character.isHighSurrogate(password.charAt(MEASURED_CHARS - 1)) ? MEASURED_CHARS - 1 : MEASURED_CHARS;
    return password.substring(0, end);
  }
}
