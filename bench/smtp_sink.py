"""A local SMTP sink for the load and fault runs: accepts every message, keeps none.

Run with the bench virtualenv (aiosmtpd is not a dependency of the site):
    .venv-bench/bin/python bench/smtp_sink.py --port 8025 --count-file /tmp/received.txt

One line is appended to --count-file per message received (time and size only: the messages
hold the fake names and addresses of the run, and nothing here needs them).
"""

import argparse
import signal
import threading
import time

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, count_file):
        self.count_file = count_file

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with open(self.count_file, "a") as out:
            out.write(f"{time.time():.3f} {len(envelope.content)}\n")
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--count-file", required=True)
    parser.add_argument("--max-seconds", type=int, default=4 * 3600, help="Stop after this long.")
    args = parser.parse_args()
    controller = Controller(CountingHandler(args.count_file), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait(args.max_seconds)
    controller.stop()


if __name__ == "__main__":
    main()
