package io.vigil.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {
    private static final String PW = "Sekr3tPw";

    @ParameterizedTest
    @ValueSource(strings = {
            "rtsp://admin:Sekr3tPw@10.0.0.5:554/stream1",
            "rtsp://admin:Sekr3tPw@weird@10.0.0.5/stream1",
            "rtsp://Sekr3tPw@10.0.0.5/stream1",
            "http://10.0.0.5/video.cgi?user=admin&password=Sekr3tPw",
            "http://10.0.0.5/video.cgi?user=admin&pwd=Sekr3tPw&resolution=640",
            "http://10.0.0.5/video.cgi?usr=a&PassWord=Sekr3tPw#frag",
            "rtsp://10.0.0.5/cam/realmonitor;user=admin;password=Sekr3tPw",
            "rtsp://10.0.0.5/user=admin_password=Sekr3tPw_channel=1_stream=0.sdp",
            "http://10.0.0.5/snap?token=Sekr3tPw",
            "http://10.0.0.5/snap?api_key=Sekr3tPw&x=1",
            "http://10.0.0.5/snap?auth=Sekr3tPw",
            "jdbc:postgresql://db:5432/vigil?user=vigil&password=Sekr3tPw&ssl=true",
            "jdbc:postgresql://vigil:Sekr3tPw@db/vigil",
            "rtsp://admin:Sekr3tPw@10.0.0.5/x?user=admin&password=Sekr3tPw"})
    void urlsLoseTheirSecrets(String url) {
        String r = Redaction.url(url);
        assertThat(r).doesNotContain(PW).contains(Redaction.HIDDEN);
        assertThat(Redaction.text("Did not find a video or audio stream inside \"" + url + "\" for videoStream == 0", url))
                .doesNotContain(PW);
        assertThat(Redaction.text("Could not open " + url + ": refused")).doesNotContain(PW);
    }

    @Test
    void hostPathAndHarmlessParametersStay() {
        assertThat(Redaction.url("rtsp://admin:x@10.0.0.5:554/stream1?channel=2")).isEqualTo("rtsp://***@10.0.0.5:554/stream1?channel=2");
        assertThat(Redaction.url("http://10.0.0.5/video.cgi?user=admin&password=p&resolution=640"))
                .isEqualTo("http://10.0.0.5/video.cgi?user=***&password=***&resolution=640");
        assertThat(Redaction.url("/videos/lobby.mp4")).isEqualTo("/videos/lobby.mp4");
        assertThat(Redaction.url("jdbc:sqlite:/data/vigil.db")).isEqualTo("jdbc:sqlite:/data/vigil.db");
    }

    @Test
    void passwordsWithSpecialCharactersAndTheirDecodedFormAreHiddenInText() {
        String url = "rtsp://admin:p%2Ba%26s%25s%20w%40rd@cam/stream";
        assertThat(Redaction.url(url)).isEqualTo("rtsp://***@cam/stream");
        String text = Redaction.text("auth failed for admin with p+a&s%s w@rd at rtsp://admin:p%2Ba%26s%25s%20w%40rd@cam/stream", url);
        assertThat(text).doesNotContain("p+a&s%s w@rd").doesNotContain("p%2Ba");
    }
}
