package io.github.userservice;

import io.github.userservice.support.Markdown;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The repository's documents")
class DocumentationLinksTest {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath();

  @Test
  @DisplayName("are found: the README, the docs/ folder and the benchmark's")
  void found() {
    List<Path> documents = Markdown.documents();

    for (String expected : List.of("README.md", "docs/configuration.md", "docs/event-bus.md", "bench/README.md", "bench/RESULTS.md")) {
      assertTrue(documents.contains(REPOSITORY.resolve(expected)), expected + " not among " + documents);
    }
  }

  @Test
  @DisplayName("link only to files of the repository that exist, and to headings those files have")
  void everyRelativeLinkResolves() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : Markdown.documents()) {
      Markdown markdown = Markdown.read(document);
      for (String link : markdown.links()) {
        if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto: ... are not this repository's to check
        }
        checked++;
        String problem = problemOf(document, link);
        if (problem != null) {
          broken.add(REPOSITORY.relativize(document) + ": (" + link + ") " + problem);
        }
      }
    }
    assertTrue(checked > 40, "only " + checked + " relative links found: is the parsing broken?");
    assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
  }

  private static String problemOf(Path document, String link) {
    int hash = link.indexOf('#');
    String file = hash < 0 ? link : link.substring(0, hash);
    String anchor = hash < 0 ? null : link.substring(hash + 1);
    Path target = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
    if (!target.startsWith(REPOSITORY)) {
      return "leaves the repository";
    }
    if (!Files.exists(target)) {
      return "no such file: " + REPOSITORY.relativize(target);
    }
    if (anchor != null) {
      if (!target.toString().endsWith(".md")) {
        return "an anchor into a file that is not Markdown";
      }
      List<String> anchors = Markdown.read(target).anchors();
      if (!anchors.contains(anchor)) {
        return "no heading with the anchor #" + anchor + " in " + REPOSITORY.relativize(target) + " (it has " + anchors + ")";
      }
    }
    return null;
  }
}
