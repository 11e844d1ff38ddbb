package io.vigil.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_get_media_type_string;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Looks inside a file with libavformat to say in plain words why it cannot be decoded as video:
 * not a media file, no video stream, or a video codec this FFmpeg build cannot decode.
 */
final class MediaProbe {
    private MediaProbe() {}

    /** The reason {@code input} has no decodable video, or null when it looks decodable. */
    static String whyNotDecodable(String input, AVDictionary options) {
        Ffmpeg.init();
        AVFormatContext ctx = new AVFormatContext(null);
        int ret = avformat_open_input(ctx, input, null, options);
        if (ret < 0) return "not a video file, or a corrupt or truncated one (FFmpeg: " + Ffmpeg.errorText(ret) + ")";
        try {
            ret = avformat_find_stream_info(ctx, (PointerPointer<?>) null);
            if (ret < 0) return "no stream information (FFmpeg: " + Ffmpeg.errorText(ret) + ")";
            List<String> found = new ArrayList<>();
            String unsupported = null;
            for (int i = 0; i < ctx.nb_streams(); i++) {
                AVCodecParameters par = ctx.streams(i).codecpar();
                String type = mediaType(par.codec_type());
                String codec = codecName(par);
                found.add(type + " " + codec);
                if (par.codec_type() == AVMEDIA_TYPE_VIDEO) {
                    if (par.codec_id() == avcodec.AV_CODEC_ID_NONE || avcodec_find_decoder(par.codec_id()) == null) {
                        unsupported = codec;
                    } else {
                        return null;
                    }
                }
            }
            if (unsupported != null) return "unsupported video codec " + unsupported;
            return "no video stream" + (found.isEmpty() ? "" : " (found: " + String.join(", ", found) + ")");
        } finally {
            avformat_close_input(ctx);
        }
    }

    private static String mediaType(int type) {
        BytePointer name = av_get_media_type_string(type);
        return name == null || name.isNull() ? "unknown" : name.getString();
    }

    private static String codecName(AVCodecParameters par) {
        if (par.codec_id() != avcodec.AV_CODEC_ID_NONE) return avcodec_get_name(par.codec_id()).getString();
        int tag = par.codec_tag();
        if (tag == 0) return "(unknown)";
        char[] fourcc = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = (tag >> (8 * i)) & 0xff;
            fourcc[i] = c >= 32 && c < 127 ? (char) c : '?';
        }
        return "'" + new String(fourcc) + "' (unknown to FFmpeg)";
    }
}
