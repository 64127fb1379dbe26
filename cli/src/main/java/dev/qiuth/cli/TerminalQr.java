package dev.qiuth.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code drawn with Unicode half blocks, two module rows per text line, so that it keeps its
 * square shape in a terminal and can be scanned from the screen.
 *
 * <pre>{@code
 * out.print(TerminalQr.render("otpauth://totp/Acme:billing?secret=...", false));
 * }</pre>
 */
final class TerminalQr {
    private static final int QUIET_ZONE = 2;

    private TerminalQr() {
    }

    /**
     * @param darkOnLight {@code false} (default) for the usual light text on a dark terminal: the
     *                    light modules are drawn; {@code true} draws the dark modules instead
     */
    static String render(String text, boolean darkOnLight) {
        BitMatrix m = matrix(text);
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean top = ink(m, x, y, darkOnLight);
                boolean bottom = ink(m, x, y + 1, darkOnLight);
                sb.append(top && bottom ? '\u2588' : top ? '\u2580' : bottom ? '\u2584' : ' ');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One bit per module (true = dark), with the quiet zone around it. */
    static BitMatrix matrix(String text) {
        try {
            // size 0: one pixel per module
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.MARGIN, QUIET_ZONE,
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text too long for a QR code");
        }
    }

    private static boolean ink(BitMatrix m, int x, int y, boolean darkOnLight) {
        // below the last row is more quiet zone: light
        boolean dark = y < m.getHeight() && m.get(x, y);
        return darkOnLight == dark;
    }
}
