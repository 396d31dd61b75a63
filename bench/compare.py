#!/usr/bin/env python3
"""Side-by-side figures for the CI gate, measured in one run on this machine.

Generates N synthetic listings with varied, realistic logos (shields, rings, monograms,
gradients, strokes; between 1 and 40 KB), then times:

  1. `mdelist check` over all of them, with 2 threads and with 1 thread;
  2. one `rsvg-convert` process per logo, rendering it at 256 px — the least work a shell
     script that only renders the logos would do;
  3. one listing, whole process, against one `rsvg-convert` render of its logo;
  4. peak memory (max RSS) of `mdelist check` over a larger batch.

With `--baseline PATH` (another build of mdelist, e.g. the last release, or a build that
renders in-process), every mdelist figure is measured for both binaries in the same run and
printed side by side with their ratio. The machine's load average is printed before and after.

Usage: python3 bench/compare.py [--listings 400] [--memory-listings 3000] [--binary PATH]
                                [--baseline PATH]
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

COLOURS = ["#0F4C81", "#2F8FD8", "#D83B01", "#107C10", "#5C2D91", "#008272", "#B4009E", "#FFB900"]
WORDS = ["Sentry", "Guard", "Shield", "Vault", "Pulse", "Beacon", "Aegis", "Harbor", "Lumen", "Orbit"]


def logo(rng: random.Random) -> str:
    """A square logo: a plate, a motif, some detail paths; sometimes a gradient or many nodes."""
    a, b, c = rng.sample(COLOURS, 3)
    parts = [f'<rect width="256" height="256" rx="{rng.randint(0, 64)}" fill="{a}"/>']
    motif = rng.choice(["shield", "ring", "monogram", "grid"])
    if motif == "shield":
        parts.append(f'<path d="M128 36 L204 66 V124 C204 170 172 206 128 222 C84 206 52 170 52 124 V66 Z" fill="{b}"/>')
    elif motif == "ring":
        parts.append(f'<circle cx="128" cy="128" r="{rng.randint(50, 90)}" fill="none" stroke="{b}" stroke-width="{rng.randint(10, 30)}"/>')
    elif motif == "monogram":
        parts.append(f'<path d="M70 190 L128 60 L186 190 M92 140 H164" fill="none" stroke="{b}" stroke-width="22" stroke-linejoin="round"/>')
    else:
        for x in range(48, 208, 32):
            for y in range(48, 208, 32):
                parts.append(f'<rect x="{x}" y="{y}" width="24" height="24" rx="4" fill="{rng.choice([b, c])}"/>')
    if rng.random() < 0.4:
        parts.insert(0, f'<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="{a}"/><stop offset="1" stop-color="{c}"/></linearGradient></defs>')
        parts[1] = parts[1].replace(f'fill="{a}"', 'fill="url(#g)"')
    # Detail: a traced-looking path whose size varies the file from about 1 to 40 KB.
    points = rng.randint(10, 1500)
    d = "M128 128 " + " ".join(
        f"L{rng.uniform(60, 196):.2f} {rng.uniform(60, 196):.2f}" for _ in range(points)
    )
    parts.append(f'<path d="{d}" fill="none" stroke="{c}" stroke-width="0.6" opacity="0.5"/>')
    body = "\n  ".join(parts)
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">\n  {body}\n</svg>\n'


def listing(index: int, rng: random.Random) -> str:
    word = rng.choice(WORDS)
    return f'''[partner]
company = "Vendor {index:04d}"

[product]
name = "Vendor {index:04d} {word}"
description = "Send {word} verdicts to Microsoft Defender for Endpoint and isolate compromised devices automatically."
logo = "logo.svg"
landing_page = "https://www.vendor{index:04d}.io/{word.lower()}/defender"
category = "{rng.choice(["orchestration-and-automation", "threat-intelligence", "network-security"])}"

[integration]
version = "{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
multi_tenant = false
'''


def generate(root: str, count: int, seed: int) -> list:
    rng = random.Random(seed)
    logos = []
    for index in range(count):
        folder = os.path.join(root, f"vendor-{index:04d}")
        os.makedirs(folder)
        with open(os.path.join(folder, "listing.toml"), "w") as handle:
            handle.write(listing(index, rng))
        path = os.path.join(folder, "logo.svg")
        with open(path, "w") as handle:
            handle.write(logo(rng))
        logos.append(path)
    return logos


def timed(command, env=None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if result.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed with {result.returncode}")
    return time.perf_counter() - start


def peak_rss_mib(command, env=None) -> float:
    """Max RSS of one child process (the largest child so far, so run it in a fresh process)."""
    script = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    output = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True, env=env)
    return int(output.stdout.strip()) / 1024


def measure(binary: str, root: str, logos: list, memory_root: str) -> dict:
    """The mdelist figures for one binary: batch on 2 and 1 threads, one listing, peak memory."""
    check = [binary, "check", "--format", "json", "--today", "2026-11-22", root]
    env2 = dict(os.environ, RAYON_NUM_THREADS="2")
    env1 = dict(os.environ, RAYON_NUM_THREADS="1")
    timed(check, env2)  # warm the page cache
    figures = {
        "two": min(timed(check, env2) for _ in range(3)),
        "one": min(timed(check, env1) for _ in range(3)),
    }
    single = os.path.dirname(logos[0])
    figures["single"] = min(timed([binary, "check", "--today", "2026-11-22", single]) for _ in range(20))
    memory_check = [binary, "check", "--format", "json", "--today", "2026-11-22", memory_root]
    memory_start = time.perf_counter()
    figures["peak"] = peak_rss_mib(memory_check, env2)
    figures["memory_time"] = time.perf_counter() - memory_start
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=400)
    parser.add_argument("--memory-listings", type=int, default=3000)
    parser.add_argument("--binary", default="target/release/mdelist")
    parser.add_argument("--baseline", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    baseline = os.path.abspath(args.baseline) if args.baseline else None
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        sys.exit("rsvg-convert is missing: apt-get install librsvg2-bin")

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as memory_root:
        logos = generate(root, args.listings, args.seed)
        generate(memory_root, args.memory_listings, args.seed + 1)
        sizes = [os.path.getsize(path) for path in logos]
        figures = {"mdelist": measure(binary, root, logos, memory_root)}
        if baseline:
            figures["baseline"] = measure(baseline, root, logos, memory_root)
        start = time.perf_counter()
        for path in logos:
            subprocess.run([rsvg, "-w", "256", "-h", "256", path], check=True, stdout=subprocess.DEVNULL)
        renders = time.perf_counter() - start
        single_render = min(
            timed([rsvg, "-w", "256", "-h", "256", logos[0]]) for _ in range(20)
        )
    load_after = os.getloadavg()

    ours = figures["mdelist"]
    print(f"machine: {os.cpu_count()} cores; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"logos {min(sizes)}–{max(sizes)} bytes, median {sorted(sizes)[len(sizes)//2]}")
    print(f"binary:   {binary}")
    if baseline:
        print(f"baseline: {baseline}")
    rows = [
        (f"{args.listings} listings, check, 2 threads", "two", "s", 1),
        (f"{args.listings} listings, check, 1 thread", "one", "s", 1),
        ("one listing, whole process", "single", "ms", 1000),
        (f"{args.memory_listings} listings, peak memory", "peak", "MiB", 1),
        (f"{args.memory_listings} listings, time (2 threads)", "memory_time", "s", 1),
    ]
    header = f"{'':44} {'mdelist':>10}"
    if baseline:
        header += f" {'baseline':>10} {'ratio':>7}"
    print(header)
    for label, key, unit, scale in rows:
        line = f"{label:44} {ours[key] * scale:8.1f} {unit:<3}"
        if baseline:
            theirs = figures["baseline"][key]
            line += f" {theirs * scale:8.1f} {unit:<3} {ours[key] / theirs:6.2f}×"
        print(line)
    print(f"{args.listings} rsvg-convert processes (256 px): {renders:8.3f} s   (mdelist on 2 threads is {renders / ours['two']:.1f}× faster)")
    print(f"one rsvg-convert render: {single_render * 1000:.1f} ms (one listing, whole process, is {ours['single'] / single_render:.2f}× that)")


if __name__ == "__main__":
    main()
