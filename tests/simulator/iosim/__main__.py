"""Command line: `python -m iosim --lab LAB.yml --state-dir DIR`.

Writes DIR/ports.json once every device listens, serves until SIGTERM or
SIGINT, then closes every session and exits with status 0.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from .api import Simulator
from .lab import LabError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iosim", description=__doc__)
    parser.add_argument("--lab", required=True, help="lab file (YAML)")
    parser.add_argument("--state-dir", required=True, help="where device state is kept")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--fresh", action="store_true", help="discard device state left by a previous run"
    )
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="iosim: %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        simulator = Simulator(args.lab, args.state_dir, host=args.host, fresh=args.fresh)
        ports = simulator.start()
    except (LabError, OSError) as err:
        print(f"iosim: {err}", file=sys.stderr)
        return 2
    logging.info("listening: %s", ports)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
