package io.github.userservice.bench.report;

import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Checks that the benchmark's chart renders in a browser, which is how people see it: the SVG must be well-formed
 * standalone SVG with its size, and a screenshot of it by headless Chromium must have that size and show a chart, not
 * an empty page (no pixel drawn) or an error page (most pixels coloured). Prints what it saw; exits 1 when it fails.
 *
 * <p>{@link #check} returns what it saw, or throws {@link NotRendered} saying what is wrong.
 */
public final class ChartCheck {

  /** The chart does not render as a chart: the message says what was seen. */
  public static final class NotRendered extends Exception {
    NotRendered(String message) {
      super(message);
    }
  }

  // a chart of lines, bars and text on white covers a few percent of its area; an empty page none, an error page most
  private static final double LEAST_DRAWN = 0.01;
  private static final double MOST_DRAWN = 0.5;

  public static String check(Path svgFile, Path pngFile, String chromium, Path profile) throws Exception {
    Path svg = svgFile.toAbsolutePath();
    Path png = pngFile.toAbsolutePath();

    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Element root = null;
    try {
      var builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler()); // throws on fatal errors, prints nothing
      root = builder.parse(svg.toFile()).getDocumentElement();
    } catch (SAXException e) {
      throw new NotRendered(svg + " is not well-formed XML: " + e.getMessage());
    }
    if (!"svg".equals(root.getLocalName()) || !"http://www.w3.org/2000/svg".equals(root.getNamespaceURI())
      || root.getAttribute("viewBox").isBlank()) {
      fail(svg + " is not standalone SVG: the root must be <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=...>");
    }
    int width = Integer.parseInt(root.getAttribute("width"));
    int height = Integer.parseInt(root.getAttribute("height"));

    Files.deleteIfExists(png);
    Process browser = new ProcessBuilder(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
      "--user-data-dir=" + profile, "--hide-scrollbars", "--window-size=" + width + "," + height,
      "--screenshot=" + png, svg.toUri().toString()))
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!browser.waitFor(60, TimeUnit.SECONDS)) {
      browser.destroyForcibly();
      fail("chromium took more than 60 s to take the screenshot of " + svg);
    }
    if (!Files.exists(png)) {
      fail("chromium made no screenshot of " + svg + " (exit status " + browser.exitValue() + ")");
    }

    BufferedImage image = ImageIO.read(new File(png.toString()));
    long drawn = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
          drawn++;
        }
      }
    }
    double share = (double) drawn / ((long) image.getWidth() * image.getHeight());
    String seen = String.format(Locale.ROOT, "%s: %d × %d, %.1f %% of the pixels drawn", png.getFileName(), image.getWidth(),
      image.getHeight(), share * 100);
    if (image.getWidth() != width || image.getHeight() != height) {
      fail(seen + "; expected " + width + " × " + height);
    }
    if (share < LEAST_DRAWN || share > MOST_DRAWN) {
      fail(seen + "; a chart covers between " + (int) (LEAST_DRAWN * 100) + " and " + (int) (MOST_DRAWN * 100) + " %");
    }
    return seen + ": the chart renders in Chromium";
  }

  private static void fail(String message) throws NotRendered {
    throw new NotRendered(message);
  }
}
