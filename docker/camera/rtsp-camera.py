#!/usr/bin/python3
"""Serves a video file as endless live RTSP cameras: rtsp-camera FILE rtsp://HOST:PORT/PATH...

For each URL, FFmpeg plays FILE in a loop in real time (-re -stream_loop -1, no re-encoding) as RTP to a
local UDP port, and GStreamer's RTSP server relays that to every client of PATH (one shared live stream,
like a real camera: a client joins at the current frame). The server listens on PORT on all addresses.
The H.264 parameter sets (SPS/PPS) come from the SDP that FFmpeg writes: the MP4 has them only in its
header, and FFmpeg's bitstream filter that would put them in-band fails when the file loops.
"""
import os
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

CAPS = "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96"


def feed(file, udp_port, sdp):
    """FFmpeg playing the file forever; restarted if it ever exits."""
    while True:
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", file,
                        "-map", "0:v:0", "-c", "copy", "-f", "rtp", "-sdp_file", sdp,
                        f"rtp://127.0.0.1:{udp_port}?pkt_size=1200"])
        print(f"rtsp-camera: ffmpeg for {file} exited; restarting", flush=True)
        time.sleep(1)


def parameter_sets(sdp):
    """sprop-parameter-sets of the SDP FFmpeg writes once it has opened the file."""
    for _ in range(200):
        if os.path.exists(sdp):
            found = re.search(r"sprop-parameter-sets=([^;\s]+)", open(sdp).read())
            if found:
                return found.group(1)
        time.sleep(0.1)
    sys.exit(f"rtsp-camera: FFmpeg wrote no H.264 parameter sets to {sdp}")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: rtsp-camera FILE rtsp://HOST:PORT/PATH...")
    file, urls = sys.argv[1], [urlparse(u) for u in sys.argv[2:]]
    ports = {u.port or 554 for u in urls}
    if len(ports) != 1:
        sys.exit(f"rtsp-camera: all URLs must use one port, got {sorted(ports)}")
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("0.0.0.0")
    server.set_service(str(ports.pop()))
    for i, url in enumerate(urls):
        udp_port, sdp = 5000 + 2 * i, f"/tmp/camera-{i}.sdp"
        threading.Thread(target=feed, args=(file, udp_port, sdp), daemon=True).start()
        caps = f'{CAPS},sprop-parameter-sets=(string)\\"{parameter_sets(sdp)}\\"'
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(f'( udpsrc port={udp_port} caps="{caps}" ! rtph264depay ! h264parse '
                           f'! rtph264pay name=pay0 pt=96 config-interval=1 )')
        factory.set_shared(True)
        server.get_mount_points().add_factory(url.path, factory)
        print(f"rtsp-camera: {url.path} plays {file} in a loop", flush=True)
    server.attach(None)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
