package io.github.userservice.support;

import com.google.zxing.common.DecoderResult;
import com.google.zxing.qrcode.decoder.Decoder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a QR code the service drew as an SVG {@code data:} URI: its dark modules, each a one-unit square of the path,
 * become ZXing's module grid, and ZXing's decoder (not the library that made the code) reads the text. The quiet
 * zone of four modules around the code is checked too, since a scanner needs it.
 */
public final class QrCodeImages {

  private static final String PREFIX = "data:image/svg+xml;base64,";
  private static final Pattern SIDE = Pattern.compile("viewBox=\"0 0 (\\d+) \\1\"");
  private static final Pattern MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
  private static final int QUIET_ZONE = 4;

  private QrCodeImages() {
  }

  public static String read(String dataUri) throws Exception {
    assertTrue(dataUri.startsWith(PREFIX), dataUri);
    String svg = new String(Base64.getDecoder().decode(dataUri.substring(PREFIX.length())), StandardCharsets.US_ASCII);
    Matcher side = SIDE.matcher(svg);
    assertTrue(side.find(), svg);
    int size = Integer.parseInt(side.group(1)) - 2 * QUIET_ZONE;
    boolean[][] modules = new boolean[size][size];
    Matcher module = MODULE.matcher(svg);
    while (module.find()) {
      int x = Integer.parseInt(module.group(1)) - QUIET_ZONE;
      int y = Integer.parseInt(module.group(2)) - QUIET_ZONE;
      assertTrue(x >= 0 && y >= 0 && x < size && y < size, () -> "a dark module in the quiet zone: " + module.group());
      modules[y][x] = true;
    }
    DecoderResult result = new Decoder().decode(modules);
    return result.getText();
  }
}
