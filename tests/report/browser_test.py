#!/usr/bin/env python3
"""Renders a hypershap report in headless Chromium and checks that every figure is there.

usage: browser_test.py HYPERSHAP GAME.json WORK_DIR

1. `hypershap report GAME -o WORK_DIR/report` (several games: the same file twice, to get the
   side-by-side section as well);
2. Chromium dumps the DOM of index.html: every figure (graph, upset, waterfall, order bars,
   faithfulness) must be there with an <svg> holding shapes and labels;
3. Chromium takes a screenshot: decoded here (PNG, no third-party modules), it must not be blank
   and must show the paper's red (positive) and blue (negative).

Exits 77 (CTest's skip code) with a message where Chromium is not installed or cannot start.
"""
import html.parser
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77
FIGURES = ("graph", "upset", "waterfall", "order-bars", "faithfulness")
RED = (0xFF, 0x0D, 0x57)
BLUE = (0x1E, 0x88, 0xE5)


def skip(message):
    print(f"SKIPPED: {message}")
    sys.exit(SKIP)


def fail(message):
    print(f"FAILED: {message}")
    sys.exit(1)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_command(chromium, profile, *arguments):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--hide-scrollbars", f"--user-data-dir={profile}", *arguments]


def run_chromium(chromium, profile, *arguments, timeout=120):
    try:
        return subprocess.run(chromium_command(chromium, profile, *arguments),
                              capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return e


class FigureCounter(html.parser.HTMLParser):
    """Per <figure data-figure=...>: how many shapes and texts its SVG holds."""

    def __init__(self):
        super().__init__()
        self.current = None
        self.depth = 0
        self.figures = []  # (kind, {tag: count})

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "figure":
            self.current = {"kind": attributes.get("data-figure", ""), "counts": {}}
            self.figures.append(self.current)
        elif self.current is not None:
            counts = self.current["counts"]
            counts[tag] = counts.get(tag, 0) + 1

    def handle_endtag(self, tag):
        if tag == "figure":
            self.current = None


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = pathlib.Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        fail(f"{path}: PNG kind depth={depth} colour={colour} interlace={interlace} not decoded")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(line)
        previous = line
    return width, height, channels, rows


def near(pixel, colour, tolerance=40):
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour))


def main(hypershap, game, work):
    work = pathlib.Path(work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    report = work / "report"
    result = subprocess.run([hypershap, "report", game, game, "--kind", "tunability", "-o",
                             str(report)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        fail(f"hypershap report exited with {result.returncode}: {result.stderr}")
    index = report / "index.html"

    chromium = find_chromium()
    if chromium is None:
        skip("Chromium is not installed (apt-get install -y --no-install-recommends chromium, "
             "or bash cmake/install-deps.sh --test)")
    probe = run_chromium(chromium, work / "probe-profile", "--dump-dom", "about:blank")
    if isinstance(probe, Exception) or probe.returncode != 0 or b"<html" not in probe.stdout:
        detail = probe if isinstance(probe, Exception) else probe.stderr.decode(errors="replace")
        skip(f"Chromium ({chromium}) cannot start here: {str(detail).strip()[-400:]}")

    dom = run_chromium(chromium, work / "dom-profile", "--dump-dom", index.as_uri())
    if isinstance(dom, Exception) or dom.returncode != 0:
        fail(f"chromium --dump-dom failed: {dom}")
    (work / "dom.html").write_bytes(dom.stdout)
    counter = FigureCounter()
    counter.feed(dom.stdout.decode("utf-8", errors="replace"))
    problems = []
    for kind in FIGURES:
        found = [f for f in counter.figures if f["kind"] == kind]
        if len(found) != 2:
            problems.append(f"expected 2 '{kind}' figures (two games) in the DOM, found {len(found)}")
        for f in found:
            counts = f["counts"]
            shapes = sum(counts.get(t, 0) for t in ("circle", "rect", "line", "polyline", "polygon"))
            if counts.get("svg", 0) != 1 or shapes < 3 or counts.get("text", 0) < 2:
                problems.append(f"'{kind}' figure is empty or broken: {counts}")
    if sum(1 for f in counter.figures if f["kind"] == "comparison") != 2:
        problems.append("the side-by-side section does not show both games' graphs")
    if "HyperSHAP report" not in dom.stdout.decode("utf-8", errors="replace"):
        problems.append("the page title is missing")

    screenshot = work / "report.png"
    shot = run_chromium(chromium, work / "shot-profile", f"--screenshot={screenshot}",
                        "--window-size=1400,4200", index.as_uri())
    if isinstance(shot, Exception) or not screenshot.exists():
        fail(f"chromium --screenshot wrote nothing: {shot}")
    width, height, channels, rows = png_pixels(screenshot)
    total = non_white = red = blue = 0
    for line in rows[::2]:
        for x in range(0, width * channels, channels * 2):
            pixel = line[x:x + 3]
            total += 1
            if min(pixel) < 245:
                non_white += 1
            if near(pixel, RED):
                red += 1
            elif near(pixel, BLUE):
                blue += 1
    print(f"screenshot {width}x{height}: {non_white} of {total} sampled pixels not white, "
          f"{red} red, {blue} blue")
    if non_white < total * 0.01:
        problems.append("the screenshot is (almost) blank")
    if red < 100 or blue < 100:
        problems.append(f"the screenshot lacks the red/blue of the figures ({red} red, {blue} blue)")
    for p in problems:
        print(f"FAILED: {p}")
    if problems:
        return 1
    print(f"OK: {len(counter.figures)} figures in the DOM, screenshot {screenshot}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
