package io.github.userservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's Markdown documents as the tests that keep them honest read them: their links, the anchors their
 * headings make (as GitHub makes them), and the fenced code blocks under a heading. Only what these documents use is
 * understood: ATX headings ({@code ## Title}), fences of three backticks, inline links and images.
 */
public final class Markdown {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath();
  /** Folders that hold no document of the repository: build output, runtime state, installed tools. */
  private static final Set<String> NOT_DOCUMENTS = Set.of(".git", "target", "node_modules", "run", "data", "out");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  private final Path path;
  private final List<String> lines;

  private Markdown(Path path, List<String> lines) {
    this.path = path;
    this.lines = lines;
  }

  public static Markdown read(Path path) {
    try {
      return new Markdown(path, Files.readAllLines(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code .md} file of the repository, outside build output and runtime folders. */
  public static List<Path> documents() {
    try (Stream<Path> files = Files.walk(REPOSITORY)) {
      return files
        .filter(file -> file.toString().endsWith(".md"))
        .filter(file -> !inNonDocumentFolder(REPOSITORY.relativize(file)))
        .sorted()
        .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean inNonDocumentFolder(Path file) {
    for (int i = 0; i < file.getNameCount() - 1; i++) {
      if (NOT_DOCUMENTS.contains(file.getName(i).toString())) {
        return true;
      }
    }
    return false;
  }

  public Path path() {
    return path;
  }

  /** The link and image destinations outside code, in order: {@code docs/nginx.md}, {@code #try-it}, {@code https://...}. */
  public List<String> links() {
    List<String> links = new ArrayList<>();
    StringBuilder prose = new StringBuilder();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        prose.append('\n');
        continue;
      }
      prose.append(fenced ? "" : line).append('\n');
    }
    // code spans may run over a line break; links may too, between their text and destination never
    Matcher link = LINK.matcher(withoutCodeSpans(prose.toString()));
    while (link.find()) {
      links.add(link.group(1));
    }
    return links;
  }

  /**
   * The text with its code spans blanked, by CommonMark's rule: a run of n backticks opens a span that the next run of
   * exactly n backticks closes; a run that nothing closes is a literal backtick.
   */
  static String withoutCodeSpans(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '`') {
        out.append(text.charAt(i++));
        continue;
      }
      int run = runLength(text, i);
      int close = i + run;
      while (close < text.length() && (text.charAt(close) != '`' || runLength(text, close) != run)) {
        close += text.charAt(close) == '`' ? runLength(text, close) : 1;
      }
      if (close < text.length()) {
        out.append(' ');
        i = close + run;
      } else {
        out.append(text, i, i + run);
        i += run;
      }
    }
    return out.toString();
  }

  private static int runLength(String text, int from) {
    int end = from;
    while (end < text.length() && text.charAt(end) == '`') {
      end++;
    }
    return end - from;
  }

  /** The anchors of this document's headings, as GitHub makes them, a repeated one numbered {@code -1}, {@code -2}. */
  public List<String> anchors() {
    List<String> anchors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        Matcher heading = HEADING.matcher(line);
        if (heading.matches()) {
          String slug = slug(heading.group(2));
          int times = seen.merge(slug, 1, Integer::sum);
          anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
        }
      }
    }
    return anchors;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped (Unicode letters and digits kept), spaces to hyphens. */
  public static String slug(String heading) {
    String text = heading.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
    StringBuilder slug = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        slug.appendCodePoint(c);
      } else if (c == ' ') {
        slug.append('-');
      }
    });
    return slug.toString();
  }

  /**
   * The fenced code blocks between the heading with this text and the next heading of any level, each as its lines.
   * Fails when the document has no such heading, so a renamed section cannot silently drop its commands.
   */
  public List<List<String>> codeBlocksUnder(String headingText) {
    List<List<String>> blocks = new ArrayList<>();
    boolean inSection = false;
    boolean found = false;
    List<String> block = null;
    for (String line : lines) {
      if (block != null) {
        if (line.startsWith("```")) {
          blocks.add(List.copyOf(block));
          block = null;
        } else {
          block.add(line);
        }
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        inSection = heading.group(2).equals(headingText);
        found |= inSection;
      } else if (inSection && line.startsWith("```")) {
        block = new ArrayList<>();
      }
    }
    if (!found) {
      throw new AssertionError(path + " has no heading '" + headingText + "'");
    }
    return blocks;
  }
}
