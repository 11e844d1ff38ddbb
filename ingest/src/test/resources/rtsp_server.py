#!/usr/bin/python3
"""A real RTSP server for ingest tests: GStreamer's RTSP server (Debian packages
gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-good/-bad/-libav) serving an
H.264 MP4 at rtsp://127.0.0.1:PORT/MOUNT. Each client gets the file from its start.

usage: rtsp_server.py FILE PORT MOUNT
Prints READY when it listens; runs until killed.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    path, port, mount = sys.argv[1], sys.argv[2], sys.argv[3]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( filesrc location=%s ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )" % path)
    server.get_mount_points().add_factory("/" + mount.lstrip("/"), factory)
    if server.attach(None) == 0:
        sys.exit("could not listen on 127.0.0.1:%s" % port)
    print("READY", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
