package io.vigil.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class JpegHeaderTest {
    /** SOI, an APP0 segment, SOF0 with the given size, a start of scan, EOI. */
    static byte[] jpeg(int width, int height) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int[] head = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46,
                0xFF, 0xC0, 0x00, 0x0B, 0x08, height >> 8, height & 0xFF, width >> 8, width & 0xFF, 0x01, 0x01, 0x11, 0x00,
                0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9};
        for (int v : head) b.write(v);
        return b.toByteArray();
    }

    @Test
    void aCameraFrameIsAccepted() throws Exception {
        assertThat(JpegHeader.check(jpeg(640, 480))).isEqualTo(new JpegHeader.Size(640, 480));
        assertThat(JpegHeader.check(jpeg(7680, 4320))).isEqualTo(new JpegHeader.Size(7680, 4320));
        assertThat(JpegHeader.check(jpeg(16, 9))).isEqualTo(new JpegHeader.Size(16, 9));
    }

    @Test
    void absurdSizesTruncationAndOtherFormatsAreRejectedBeforeDecoding() {
        assertThatThrownBy(() -> JpegHeader.check(jpeg(30000, 30000))).hasMessageContaining("30000x30000");
        assertThatThrownBy(() -> JpegHeader.check(jpeg(0, 480))).hasMessageContaining("0x480");
        assertThatThrownBy(() -> JpegHeader.check(jpeg(4000, 10))).hasMessageContaining("aspect ratio");
        byte[] cut = java.util.Arrays.copyOf(jpeg(640, 480), 20);
        assertThatThrownBy(() -> JpegHeader.check(cut)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> JpegHeader.check(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2})).hasMessageContaining("PNG");
        assertThatThrownBy(() -> JpegHeader.check(new byte[0])).hasMessageContaining("not a JPEG");
    }
}
