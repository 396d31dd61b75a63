#!/usr/bin/env python3
"""`check --changed-since` against a full check, on a generated repository of many listings.

Builds a git repository of N listings (default 3,000; each a listing.toml and a logo of its
own colour and shape), commits it on `main`, then on a branch changes C of them (default 3:
a logo, a description, a new press release). Times, with the machine's load average before
and after:

  1. `mdelist check .` (every listing),
  2. `mdelist check --changed-since main .` (git's diff, then the changed listings),

each run R times (default 3), and prints the best and median wall time of each and their
ratio. The repository is removed afterwards unless `--keep DIR` names where to build it.

Usage: python3 bench/changed_since.py [--listings 3000] [--changed 3] [--runs 3]
                                      [--binary target/release/mdelist] [--keep DIR]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

COLOURS = ["#0F4C81", "#2F8FD8", "#D83B01", "#107C10", "#5C2D91", "#008272", "#B4009E"]

LISTING = """[partner]
company = "Vendor {i:04d} Security"

[product]
name = "Sentry {i:04d}"
description = "Send Sentry {i:04d} verdicts to Microsoft Defender for Endpoint and block malicious files everywhere."
logo = "logo.svg"
landing_page = "https://www.vendor{i:04d}.example/sentry/defender"
category = "threat-intelligence"

[integration]
version = "1.{minor}.0"
multi_tenant = false
"""


def logo(i: int) -> str:
    colour = COLOURS[i % len(COLOURS)]
    inset = 4 + i % 12
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect x="{inset}" y="{inset}" width="{64 - 2 * inset}" height="{64 - 2 * inset}" '
        f'rx="{i % 9}" fill="{colour}"/></svg>'
    )


def git(repo: str, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com",
         "-c", "init.defaultBranch=main", *args],
        cwd=repo, check=True, stdout=subprocess.DEVNULL,
    )


def generate(repo: str, listings: int, changed: int) -> None:
    git(repo, "init", "-q")
    for i in range(listings):
        folder = os.path.join(repo, "listings", f"sentry-{i:04d}")
        os.makedirs(folder)
        with open(os.path.join(folder, "listing.toml"), "w") as f:
            f.write(LISTING.format(i=i, minor=i % 10))
        with open(os.path.join(folder, "logo.svg"), "w") as f:
            f.write(logo(i))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "listings")
    git(repo, "checkout", "-q", "-b", "work")
    step = max(1, listings // max(1, changed))
    for n in range(changed):
        i = n * step
        folder = os.path.join(repo, "listings", f"sentry-{i:04d}")
        if n % 3 == 0:
            with open(os.path.join(folder, "logo.svg"), "w") as f:
                f.write(logo(i + 1))
        elif n % 3 == 1:
            path = os.path.join(folder, "listing.toml")
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text.replace("block malicious files", "stop malicious files"))
        else:
            os.makedirs(os.path.join(folder, "press"))
            with open(os.path.join(folder, "press", "note.md"), "w") as f:
                f.write("# A note\n\nNothing about any product yet.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "three listings changed")


def timed(binary: str, repo: str, extra: list, runs: int) -> list:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [binary, "check", "--format", "json", "--today", "2026-11-22", *extra, "."],
            cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"mdelist exited {result.returncode}: {result.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=3000)
    parser.add_argument("--changed", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", default="target/release/mdelist")
    parser.add_argument("--keep")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    repo = args.keep or tempfile.mkdtemp(prefix="mdelist-changed-")
    os.makedirs(repo, exist_ok=True)
    try:
        generate(repo, args.listings, args.changed)
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        full = timed(binary, repo, [], args.runs)
        changed = timed(binary, repo, ["--changed-since", "main"], args.runs)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        print(f"{args.listings} listings, {args.changed} changed, {args.runs} runs each")
        for name, times in (("full check", full), ("--changed-since main", changed)):
            print(f"  {name:22} best {min(times):7.3f} s   median {statistics.median(times):7.3f} s")
        print(f"  ratio (best): {min(changed) / min(full):.4f}"
              f"  (median): {statistics.median(changed) / statistics.median(full):.4f}")
    finally:
        if not args.keep:
            shutil.rmtree(repo, ignore_errors=True)


if __name__ == "__main__":
    main()
