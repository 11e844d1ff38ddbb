package io.vigil.common;

/**
 * Checks what a JPEG claims about itself before anyone decodes it: the SOI marker, the frame size in the
 * SOF segment and the EOI marker. A 30000×30000 JPEG of a few KB would otherwise make the decoder allocate
 * gigabytes; a truncated one would be decoded as grey.
 */
public final class JpegHeader {
    /** Largest accepted side and pixel count: 8K × 8K. */
    public static final int MAX_SIDE = 8192;
    public static final long MAX_PIXELS = (long) MAX_SIDE * MAX_SIDE;
    /** Smallest accepted side: no camera sends a frame narrower than this. */
    public static final int MIN_SIDE = 8;
    /** Widest accepted aspect ratio (either way): 32:9 panoramas pass, a 1-pixel strip does not. */
    public static final int MAX_ASPECT = 8;

    private JpegHeader() {}

    /** Width and height from the SOF segment. */
    public record Size(int width, int height) {}

    /** Thrown when the bytes are not a JPEG Vigil would decode; the message says why. */
    public static final class InvalidJpegException extends Exception {
        public InvalidJpegException(String message) {
            super(message);
        }
    }

    /** The frame size the JPEG declares, checked against the limits above. */
    public static Size check(byte[] b) throws InvalidJpegException {
        if (b == null || b.length < 4) throw new InvalidJpegException("not a JPEG (" + (b == null ? 0 : b.length) + " bytes)");
        if (u(b, 0) != 0xFF || u(b, 1) != 0xD8) throw new InvalidJpegException("not a JPEG (no SOI marker; " + format(b) + ")");
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) end--; // some encoders pad after EOI
        if (u(b, end - 2) != 0xFF || u(b, end - 1) != 0xD9) throw new InvalidJpegException("truncated JPEG (no EOI marker at the end)");
        Size size = sofSize(b);
        int w = size.width(), h = size.height();
        if (w < MIN_SIDE || h < MIN_SIDE) throw new InvalidJpegException("JPEG header declares " + w + "x" + h + " pixels (less than " + MIN_SIDE + " a side)");
        if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
            throw new InvalidJpegException("JPEG header declares " + w + "x" + h + " pixels (more than " + MAX_SIDE + "x" + MAX_SIDE + ")");
        }
        if (Math.max(w, h) > (long) MAX_ASPECT * Math.min(w, h)) {
            throw new InvalidJpegException("JPEG header declares " + w + "x" + h + " pixels (aspect ratio beyond " + MAX_ASPECT + ":1)");
        }
        return size;
    }

    private static Size sofSize(byte[] b) throws InvalidJpegException {
        int i = 2;
        while (i + 4 <= b.length) {
            if (u(b, i) != 0xFF) throw new InvalidJpegException("corrupt JPEG header (no marker at byte " + i + ")");
            int marker = u(b, i + 1);
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
                i += 2;
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) throw new InvalidJpegException("corrupt JPEG header (no SOF segment before the image data)");
            int length = (u(b, i + 2) << 8) | u(b, i + 3);
            if (length < 2 || i + 2 + length > b.length) throw new InvalidJpegException("corrupt JPEG header (segment length " + length + " at byte " + i + ")");
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (length < 8) throw new InvalidJpegException("corrupt JPEG header (SOF segment of " + length + " bytes)");
                int height = (u(b, i + 5) << 8) | u(b, i + 6);
                int width = (u(b, i + 7) << 8) | u(b, i + 8);
                return new Size(width, height);
            }
            i += 2 + length;
        }
        throw new InvalidJpegException("corrupt JPEG header (no SOF segment)");
    }

    /** Names a few well-known other formats, so the reason is useful. */
    private static String format(byte[] b) {
        if (u(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "a PNG image";
        if (b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return "a GIF image";
        if (b[0] == 'B' && b[1] == 'M') return "a BMP image";
        return "starts with " + String.format("%02X %02X", u(b, 0), u(b, 1));
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
