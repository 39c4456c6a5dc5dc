#!/usr/bin/env python3
"""Validates the SVG files of a hypershap report: each parses as XML, has an <svg> root with a
finite viewBox, every coordinate and length is a finite number inside the figure, and no two
labels overlap (their boxes estimated from the font size, as the figures lay them out).

usage: validate_svg.py FILE_OR_DIR...   (exit 0 when every file passes, 1 otherwise)
"""
import math
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
NUMERIC = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "stroke-width",
           "font-size", "fill-opacity", "stroke-opacity"}
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
CHAR_WIDTH = 0.62  # the average glyph width in em the figures assume (DejaVu Sans)


def numbers_in(text):
    return re.findall(r"[^\s,()a-zA-Z]+|[a-zA-Z]+", text)


def check_number(value, where, problems):
    if not NUMBER.match(value):
        problems.append(f"{where}: '{value}' is not a plain finite number")
        return None
    x = float(value)
    if not math.isfinite(x):
        problems.append(f"{where}: '{value}' is not finite")
        return None
    return x


def text_box(element):
    """The box a <text> covers, or None for rotated text (axis titles)."""
    if "transform" in element.attrib:
        return None
    content = "".join(t for t in element.itertext())
    # a <title> child is the hover text, not drawn
    for child in element:
        if child.tag == NS + "title" and child.text:
            content = content.replace(child.text, "", 1)
    size = float(element.get("font-size", "12"))
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    width = len(content) * size * CHAR_WIDTH
    anchor = element.get("text-anchor", "start")
    left = x - (width / 2 if anchor == "middle" else width if anchor == "end" else 0)
    return (left, y - 0.75 * size, left + width, y + 0.2 * size, content)


def overlap(a, b, slack=1.0):
    return (a[0] + slack < b[2] and b[0] + slack < a[2] and
            a[1] + slack < b[3] and b[1] + slack < a[3])


def validate(path):
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return [f"{path}: not well-formed XML: {e}"]
    if root.tag != NS + "svg":
        return [f"{path}: the root is {root.tag}, not an SVG <svg>"]
    box = [check_number(v, f"{path}: viewBox", problems) for v in root.get("viewBox", "").split()]
    if len(box) != 4 or None in box or box[2] <= 0 or box[3] <= 0:
        return problems + [f"{path}: viewBox '{root.get('viewBox')}' is not 4 positive numbers"]
    _, _, width, height = box
    texts = []
    for element in root.iter():
        tag = element.tag.replace(NS, "")
        for name, value in element.attrib.items():
            where = f"{path}: <{tag} {name}>"
            if name in NUMERIC:
                check_number(value, where, problems)
            elif name == "points":
                for token in value.replace(",", " ").split():
                    check_number(token, where, problems)
            elif name == "transform":
                for token in re.findall(r"-?[\w.]+", value.replace("rotate", "")):
                    check_number(token, where, problems)
            if re.search(r"\b(nan|inf|infinity)\b", value, re.IGNORECASE) and name != "class":
                problems.append(f"{where}: '{value}' mentions NaN or infinity")
        if tag in ("text",) and not problems:
            b = text_box(element)
            if b is not None:
                if b[0] < -1 or b[2] > width + 1 or b[1] < -1 or b[3] > height + 1:
                    problems.append(f"{path}: text '{b[4]}' at ({b[0]:.0f}, {b[1]:.0f})-"
                                    f"({b[2]:.0f}, {b[3]:.0f}) leaves the {width:g}x{height:g} figure")
                texts.append(b)
        if tag in ("circle", "rect", "line") and not problems:
            for name in ("cx", "x", "x1", "x2"):
                if name in element.attrib and not -1 <= float(element.get(name)) <= width + 1:
                    problems.append(f"{path}: <{tag} {name}={element.get(name)}> is outside the figure")
            for name in ("cy", "y", "y1", "y2"):
                if name in element.attrib and not -1 <= float(element.get(name)) <= height + 1:
                    problems.append(f"{path}: <{tag} {name}={element.get(name)}> is outside the figure")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if overlap(a, b):
                problems.append(f"{path}: labels '{a[4]}' and '{b[4]}' overlap")
    return problems


def main(arguments):
    files = []
    for argument in arguments:
        p = pathlib.Path(argument)
        files += sorted(p.glob("*.svg")) if p.is_dir() else [p]
    if not files:
        print("validate_svg.py: no SVG files given", file=sys.stderr)
        return 1
    problems = []
    for f in files:
        problems += validate(f)
    for p in problems[:50]:
        print(p)
    print(f"validate_svg.py: {len(files)} SVG files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
