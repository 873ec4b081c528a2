package io.github.userservice.totp;

import io.nayuki.qrcodegen.QrCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An {@code otpauth://} URI as the QR code authenticator apps scan: an SVG image in a {@code data:} URI, which a page
 * shows as an {@code <img>} (Supabase Auth answers its enrollments so too). Nayuki's QR Code generator makes the code
 * (error correction level M); this only draws its dark modules as one path, inside the four-module quiet zone the
 * standard asks for. The image carries the secret, as the URI does: it belongs in the enrollment's answer only.
 */
public final class OtpauthQrCode {

  private static final int QUIET_ZONE = 4;

  private OtpauthQrCode() {
  }

  public static String dataUri(String otpauthUri) {
    QrCode code = QrCode.encodeText(otpauthUri, QrCode.Ecc.MEDIUM);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < code.size; y++) {
      for (int x = 0; x < code.size; x++) {
        if (code.getModule(x, y)) {
          path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
        }
      }
    }
    int side = code.size + 2 * QUIET_ZONE;
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + side + "\" height=\"" + side + "\" viewBox=\"0 0 " + side + " " + side
      + "\" shape-rendering=\"crispEdges\">"
      + "<rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
    return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.US_ASCII));
  }
}
