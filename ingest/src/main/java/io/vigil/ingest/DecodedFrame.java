package io.vigil.ingest;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A decoded picture in the source's own pixel format, valid until the next frame is decoded.
 *
 * @param image     the decoder's frame (owned by the decoder: do not free)
 * @param ptsMicros presentation time in microseconds since the start of the source
 */
record DecodedFrame(AVFrame image, long ptsMicros) {}
