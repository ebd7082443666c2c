#!/usr/bin/python3
"""Walks the workbench's accessibility tree as a screen reader does, over AT-SPI.

Run by tests/screen_reader/run.sh, which starts a virtual display, the accessibility bus and the
workbench. Prints the application's tree: each node's role and name, its description when it has
one, indented by depth; the canvas's phases, lanes and cards are the part that matters.
Use Debian's python3 (/usr/bin/python3) with python3-pyatspi.
"""
import sys
import time

import pyatspi


def find_app(name, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and name.lower() in (app.name or "").lower():
                return app
        time.sleep(0.5)
    return None


def walk(node, depth, out, limit):
    if node is None or len(out) >= limit:
        return
    try:
        role = node.getRoleName()
        name = node.name or ""
        description = node.description or ""
    except Exception as e:  # a node gone while walking
        out.append("  " * depth + f"<gone: {e}>")
        return
    line = "  " * depth + f"[{role}] {name}"
    if description:
        line += f" — {description}"
    out.append(line)
    for i in range(node.childCount):
        walk(node.getChildAtIndex(i), depth + 1, out, limit)


def main():
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else "rapport")
    if app is None:
        print("screen reader: the workbench never appeared on the accessibility bus")
        names = [a.name for a in pyatspi.Registry.getDesktop(0) if a is not None]
        print("applications seen:", names)
        return 1
    out = []
    # The tree is built when a client first asks; give it a moment, then walk.
    time.sleep(2)
    walk(app, 0, out, 4000)
    print("\n".join(out))
    groups = [l for l in out if "[grouping]" in l or "[panel]" in l]
    cards = [l for l in out if "Touchpoint " in l]
    print(f"\nscreen reader: {len(cards)} cards named, {len(groups)} groups")
    return 0 if cards else 1


if __name__ == "__main__":
    sys.exit(main())
