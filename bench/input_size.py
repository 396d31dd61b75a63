#!/usr/bin/env python3
"""Time and peak memory of the worst input of each class that once grew faster than its size.

Writes one listing folder per case (the example listing with one hostile file), runs
`mdelist check` (and `verify` for the bundle case) on each under `/usr/bin/time -v`, and prints
wall time, peak RSS, exit status and the codes reported. Give `--before` a second binary (an
older build) for a side-by-side table; runs over `--timeout` seconds are stopped.

Usage: python3 bench/input_size.py [--binary target/release/mdelist] [--before PATH]
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "contoso-cognito")
OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">'
WORDML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def read(name):
    with open(os.path.join(EXAMPLE, name), "rb") as file:
        return file.read()


def listing(root, name, logo=None, releases=None, manifest=None):
    """A copy of the example listing with the given logo, press releases or manifest."""
    folder = os.path.join(root, name)
    os.makedirs(os.path.join(folder, "press"))
    text = manifest if manifest is not None else read("listing.toml").decode()
    releases = releases or {"press/2026-11-launch.md": read("press/2026-11-launch.md")}
    for index, path in enumerate(releases):
        if index == 0:
            text = text.replace("press/2026-11-launch.md", path)
        else:
            text += f'\n[[press_release]]\nfile = "{path}"\nsubmitted = 2026-11-02\npublish = 2026-11-20\n'
    with open(os.path.join(folder, "listing.toml"), "w", encoding="utf-8") as file:
        file.write(text)
    with open(os.path.join(folder, "logo.svg"), "wb") as file:
        file.write(logo.encode() if logo is not None else read("logo.svg"))
    for path, data in releases.items():
        with open(os.path.join(folder, path), "wb") as file:
            file.write(data)
    return folder


def docx(runs, depth):
    xml = (
        f'<w:document xmlns:w="{WORDML}"><w:body><w:p>'
        + "<w:sdt><w:sdtContent>" * depth
        + "<w:r><w:t>Contoso</w:t></w:r>" * runs
        + "</w:sdtContent></w:sdt>" * depth
        + "</w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def cases(root):
    base = read("listing.toml").decode()
    element = "<rect" + "".join(f' a{i}=""' for i in range(64)) + "/>"
    small_values = base + "\n[extra]\nvalues = ["
    yield "logo element, 60,000 attributes", listing(
        root, "attributes", logo=OPEN + "<rect" + "".join(f' a{i}=""' for i in range(60000)) + "/></svg>"
    )
    yield "logo elements of 64 attributes, 15 MiB", listing(
        root, "attributes-at-cap", logo=OPEN + element * (15 * 2**20 // len(element)) + "</svg>"
    )
    yield "logo root, 60,000 namespaces", listing(
        root, "namespaces", logo=OPEN[:-1] + "".join(f' xmlns:n{i}="u{i}"' for i in range(60000)) + "/>"
    )
    yield "100 namespaces, 60,000 elements declaring one", listing(
        root,
        "namespace-copies",
        logo=OPEN[:-1] + "".join(f' xmlns:n{i}="u"' for i in range(100)) + ">" + '<g xmlns:x="v"/>' * 60000 + "</svg>",
    )
    yield ".docx, 100,000 runs under 20,000 levels", listing(
        root, "docx-nesting", releases={"press/launch.docx": docx(100000, 20000)}
    )
    yield "Markdown, 12 MB of [a](", listing(root, "markdown", releases={"press/a.md": b"[a](" * (3 * 2**20)})
    yield "Markdown, 1 MiB of [a]( (largest read)", listing(
        root, "markdown-at-cap", releases={"press/a.md": b"[a](" * (2**18 - 4)}
    )
    yield "listing.toml, 16 MB of small values", listing(
        root, "toml", manifest=small_values + "1," * (8 * 2**20 - 2000) + "]\n"
    )
    yield "press release, 40,000 findings on one 600 KB line", listing(
        root,
        "long-line",
        releases={"press/a.md": ("# Tenvik\n\n" + "é MDE and Windows Defender ATP, " * 20000 + "\n").encode()},
    )
    count = (2**20 - len(small_values.encode()) - 10) // 2
    yield "listing.toml, 1 MiB of small values", listing(
        root, "toml-at-cap", manifest=small_values + "1," * count + "]\n"
    )


def measure(binary, args, timeout):
    with tempfile.NamedTemporaryFile() as times:
        command = ["/usr/bin/time", "-v", "-o", times.name, "timeout", str(timeout), binary, *args]
        result = subprocess.run(command, capture_output=True, text=True)
        report = open(times.name).read()
    field = lambda name: next(line.split(": ", 1)[1] for line in report.splitlines() if name in line)
    codes = []
    try:
        for entry in json.loads(result.stdout)["listings"]:
            codes += [diagnostic["code"] for diagnostic in entry["diagnostics"]]
    except (ValueError, KeyError):
        pass
    status = "stopped" if result.returncode == 124 else f"exit {result.returncode}"
    peak = int(field("Maximum resident")) // 1024
    return f"{field('Elapsed (wall').strip():>9} {peak:>6} MiB {status:<8} {','.join(sorted(set(codes)))}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "mdelist"))
    parser.add_argument("--before")
    parser.add_argument("--timeout", type=int, default=120)
    options = parser.parse_args()
    binaries = [("after", options.binary)] + ([("before", options.before)] if options.before else [])
    with tempfile.TemporaryDirectory() as root:
        for name, folder in cases(root):
            for label, binary in binaries:
                line = measure(binary, ["check", folder, "--format", "json", "--today", "2026-11-22"], options.timeout)
                print(f"{name:<48} {label:<6} {line}", flush=True)
        # A bundle of five 12 MiB `[a](` releases, written by the older binary (which still
        # bundled them) or, without one, skipped.
        if options.before:
            source = listing(root, "bundle", releases={f"press/{i}.md": b"[a](" * (3 * 2**20) for i in range(5)})
            out = os.path.join(root, "out")
            subprocess.run([options.before, "bundle", source, "--out", out, "--today", "2026-11-22"], capture_output=True)
            bundles = [os.path.join(out, name) for name in os.listdir(out)] if os.path.isdir(out) else []
            for bundle in bundles:
                for label, binary in binaries:
                    line = measure(binary, ["verify", bundle, "--today", "2026-11-22"], max(options.timeout, 600))
                    print(f"{'verify, bundle with 60 MiB of [a](':<48} {label:<6} {line}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
