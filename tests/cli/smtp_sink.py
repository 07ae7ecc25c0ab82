#!/usr/bin/python3
"""smtp_sink.py FOLDER [PORT]: a local SMTP server for the mail tests
(aiosmtpd, Debian's python3-aiosmtpd), on 127.0.0.1, without TLS. Each
message it accepts is written whole to FOLDER/NNNN.eml, with its envelope
recipients in FOLDER/NNNN.rcpt; once it listens, its port is written to
FOLDER/port. Runs until it is sent SIGTERM."""
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller

folder = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
if port == 0:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
os.makedirs(folder, exist_ok=True)
lock = threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            n = len([f for f in os.listdir(folder) if f.endswith(".eml")]) + 1
            base = os.path.join(folder, "%04d" % n)
            with open(base + ".rcpt", "w") as f:
                f.write("\n".join(envelope.rcpt_tos) + "\n")
            with open(base + ".eml.tmp", "wb") as f:
                f.write(envelope.original_content)
            os.rename(base + ".eml.tmp", base + ".eml")
        return "250 Message accepted for delivery"


c = Controller(Sink(), hostname="127.0.0.1", port=port)
c.start()
with open(os.path.join(folder, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
stop.wait()
c.stop()
