//! Hostile logos: entity bombs, XXE, deep nesting, element and `<use>` bombs, billion-pixel
//! declarations, disguised formats, a zip bomb posing as SVGZ, and raster images next to the
//! logo that must never be read. Each case runs the real binary on a temporary listing folder
//! and asserts the exact codes and the key part of the message; where only pixels can prove it,
//! the library's renders are inspected.
//!
//! Every run of the binary is also a guard: exit code 0 or 1 (never 2, never a signal), no
//! panic, done within [`HANG_GUARD`], and memory bounded (see [`run`]).
//!
//! Memory: the children's peak RSS would naturally come from `libc::getrusage(RUSAGE_CHILDREN)`,
//! but that is an `unsafe` call, and `#![allow(unsafe_code)]` in this file cannot compile:
//! Cargo.toml sets `unsafe_code = "forbid"`, Cargo passes it as `-F unsafe_code`, and a forbid
//! cannot be lowered by an inner `allow` (error E0453, "allow(unsafe_code) incompatible with
//! previous forbid"). The bound is enforced and measured without `unsafe` instead:
//! - every child runs under `ulimit -d` (RLIMIT_DATA, 512 MiB): since Linux 4.7 it caps the heap
//!   and every private writable mapping (thread stacks included), so a child that tried to go
//!   past 512 MiB would fail to allocate and abort, which the exit-code check turns into a
//!   failure;
//! - while it runs, the child's high-water RSS (`VmHWM` in `/proc/<pid>/status`, which only
//!   grows) is sampled every millisecond, and the last value read is asserted under 512 MiB and
//!   printed (`cargo test --test integration logo_hostile:: -- --nocapture`).

use crate::support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mdelist::manifest::LoadedFile;
use resvg::tiny_skia::{Color, Pixmap};
use serde_json::Value;

/// A run that takes longer than this is a hang, not a slow check.
const HANG_GUARD: Duration = Duration::from_secs(60);
/// The memory a check may use, whatever the logo.
const MEMORY_LIMIT_KIB: u64 = 512 * 1024;

/// A logo that passes every rule: centred, square, contrasting on both themes.
const GOOD_ART: &str = r##"<rect width="256" height="256" rx="48" fill="#0F4C81"/><rect x="64" y="64" width="128" height="128" fill="#FFFFFF"/>"##;

fn svg(inner: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 256 256">{inner}</svg>"#
    )
}

/// One run of `mdelist check` on a listing folder.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// The JSON report (`Value::Null` for the human format).
    report: Value,
    elapsed: Duration,
    /// The highest `VmHWM` seen while the child ran, in KiB.
    peak_rss_kib: u64,
}

impl Run {
    fn codes(&self) -> Vec<String> {
        let mut codes = support::codes(&self.report);
        codes.sort();
        codes
    }

    /// The message and severity of the first diagnostic with `code`.
    fn finding(&self, code: &str) -> (String, String) {
        let diagnostics = self.report["listings"][0]["diagnostics"]
            .as_array()
            .unwrap();
        let found = diagnostics
            .iter()
            .find(|diagnostic| diagnostic["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {}", self.stdout));
        (
            found["message"].as_str().unwrap().to_string(),
            found["severity"].as_str().unwrap().to_string(),
        )
    }

    fn assert_codes(&self, expected: &[&str]) {
        let mut expected: Vec<String> = expected.iter().map(|code| code.to_string()).collect();
        expected.sort();
        assert_eq!(self.codes(), expected, "{}", self.stdout);
    }

    fn assert_message(&self, code: &str, severity: &str, contains: &str) {
        let (message, found_severity) = self.finding(code);
        assert_eq!(found_severity, severity, "{code}: {message}");
        assert!(
            message.contains(contains),
            "{code} message {message:?} lacks {contains:?}"
        );
    }
}

/// A temporary listing folder (the valid support listing) whose `logo.svg` holds `logo`, with
/// `extra` files beside it.
fn listing(logo: &[u8], extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = support::listing(support::VALID_LISTING);
    std::fs::write(dir.path().join("logo.svg"), logo).unwrap();
    for (name, bytes) in extra {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn high_water_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `mdelist check --format <format> --today 2026-11-22 .` in `dir` under a 512 MiB data
/// limit, and checks the guards every run must pass.
fn run(dir: &Path, format: &str) -> Run {
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -d {MEMORY_LIMIT_KIB} || exit 125; exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_mdelist"))
        .args(["check", "--format", format, "--today", "2026-11-22", "."])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak_rss_kib = 0;
    let status = loop {
        if let Some(kib) = high_water_kib(pid) {
            peak_rss_kib = peak_rss_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG_GUARD {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("mdelist check still running after {HANG_GUARD:?} in {dir:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&stdout.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
    let code = status
        .code()
        .unwrap_or_else(|| panic!("mdelist was killed by a signal ({status:?}): {stderr}"));
    assert_ne!(code, 125, "could not set the memory limit: {stderr}");
    assert!(
        code == 0 || code == 1,
        "exit code {code} (0 or 1 expected)\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(elapsed < HANG_GUARD, "{elapsed:?}");
    assert!(
        peak_rss_kib < MEMORY_LIMIT_KIB,
        "peak RSS {peak_rss_kib} KiB is over {MEMORY_LIMIT_KIB} KiB"
    );
    let report = if format == "json" {
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}{stderr}"))
    } else {
        Value::Null
    };
    let thread = std::thread::current();
    println!(
        "{:>8.1} ms {:>7.1} MiB  {} ({format})",
        elapsed.as_secs_f64() * 1000.0,
        peak_rss_kib as f64 / 1024.0,
        thread.name().unwrap_or("?"),
    );
    Run {
        code,
        stdout,
        stderr,
        report,
        elapsed,
        peak_rss_kib,
    }
}

fn check(logo: &[u8]) -> Run {
    let dir = listing(logo, &[]);
    run(dir.path(), "json")
}

/// The library's analysis of a logo file (as the manifest stage would have loaded it).
fn analyze(path: PathBuf) -> mdelist::svg::Logo {
    let bytes = std::fs::read(&path).unwrap();
    mdelist::svg::analyze(
        &LoadedFile {
            relative: "logo.svg".into(),
            path,
            bytes,
        },
        &mdelist::io::render::RenderThread,
        &mdelist::svg::RENDER_SIZES,
    )
}

/// The `root:x:0:0:…` lines of the machine's /etc/passwd: none may ever reach any output.
fn passwd_lines() -> Vec<String> {
    std::fs::read_to_string("/etc/passwd")
        .unwrap_or_default()
        .lines()
        .filter(|line| line.len() >= 8 && line.contains(':'))
        .map(str::to_string)
        .collect()
}

fn assert_no_passwd(outputs: &[&str]) {
    let lines = passwd_lines();
    for output in outputs {
        for line in &lines {
            assert!(
                !output.contains(line.as_str()),
                "/etc/passwd leaked: {line}"
            );
        }
        // The first field pair of every account, e.g. "root:x:0" or "daemon:x:1".
        assert!(!output.contains("root:x:0"), "/etc/passwd leaked");
    }
}

// ---------------------------------------------------------------------------------------------
// Generators: PNGs, base64, gzip (stored and a deflate bomb), CRC-32.

fn png(side: u32, color: Color) -> Vec<u8> {
    let mut pixmap = Pixmap::new(side, side).unwrap();
    pixmap.fill(color);
    pixmap.encode_png().unwrap()
}

fn magenta() -> Color {
    Color::from_rgba8(255, 0, 255, 255)
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let value = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(ALPHABET[(value >> (18 - 6 * index) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const GZIP_HEADER: [u8; 10] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF];

/// A real gzip file of `data` with stored (uncompressed) deflate blocks: what `gzip -0` writes.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = GZIP_HEADER.to_vec();
    let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (index, chunk) in chunks.iter().enumerate() {
        out.push(u8::from(index + 1 == chunks.len()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

struct BitWriter {
    out: Vec<u8>,
    bits: u64,
    count: u32,
}

impl BitWriter {
    /// A value, least significant bit first (deflate header fields).
    fn put(&mut self, value: u64, count: u32) {
        self.bits |= value << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u64, count: u32) {
        let reversed = (0..count).fold(0, |acc, bit| (acc << 1) | ((code >> bit) & 1));
        self.put(reversed, count);
    }
}

/// Copies of (length 258, distance 1) in the bomb: it inflates to 1 + 258 × this many zero
/// bytes, 1,083,600,001 bytes (1.01 GiB), from 6.8 MB.
const BOMB_COPIES: usize = 4_200_000;
/// CRC-32 of those 1,083,600,001 zero bytes (computed once with Python's zlib.crc32, and the
/// whole file checked with Python's gzip module, which verifies CRC and length).
const BOMB_CRC: u32 = 0x4260_48AE;

/// A gzip bomb: one fixed-Huffman deflate block holding a literal zero and then `BOMB_COPIES`
/// back-references of 258 bytes at distance 1 (13 bits each, a 1:159 ratio).
fn gzip_bomb() -> Vec<u8> {
    let mut writer = BitWriter {
        out: GZIP_HEADER.to_vec(),
        bits: 0,
        count: 0,
    };
    writer.put(1, 1); // BFINAL
    writer.put(1, 2); // BTYPE = 01, fixed Huffman codes
    writer.code(0x30, 8); // literal 0
    for _ in 0..BOMB_COPIES {
        writer.code(0xC5, 8); // length symbol 285: 258 bytes
        writer.code(0, 5); // distance symbol 0: distance 1
    }
    writer.code(0, 7); // end of block
    if writer.count > 0 {
        writer.put(0, 8 - writer.count);
    }
    let size = 1 + 258 * BOMB_COPIES as u64;
    writer.out.extend_from_slice(&BOMB_CRC.to_le_bytes());
    writer.out.extend_from_slice(&(size as u32).to_le_bytes());
    writer.out
}

// ---------------------------------------------------------------------------------------------
// Entities and DTDs.

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let mut declarations = String::from(r#"<!ENTITY lol "lol">"#);
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", level - 1)
        };
        declarations.push_str(&format!(
            "\n  <!ENTITY lol{level} \"{}\">",
            format!("&{previous};").repeat(10)
        ));
    }
    let logo = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n  {declarations}\n]>\n{}",
        svg(&format!("<title>&lol9;</title>{GOOD_ART}"))
    );
    let run = check(logo.as_bytes());
    // LOGO010 for the declarations; the never-expanded `&lol9;` then leaves the XML
    // ill-formed, which is LOGO001.
    run.assert_codes(&["LOGO001", "LOGO010"]);
    run.assert_message("LOGO010", "error", "declares entities");
    run.assert_message("LOGO010", "error", "never expanded");
    run.assert_message("LOGO001", "error", "unknown entity reference 'lol9'");
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("lollollol"), "an entity was expanded");
    assert!(run.peak_rss_kib < 128 * 1024, "{} KiB", run.peak_rss_kib);
}

#[test]
fn xxe_never_reads_the_file() {
    let logo = format!(
        "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{}",
        svg(&format!("<title>&x;</title>{GOOD_ART}<desc>&x;</desc>"))
    );
    let dir = listing(logo.as_bytes(), &[]);
    let run = run(dir.path(), "json");
    run.assert_codes(&["LOGO001", "LOGO010"]);
    run.assert_message("LOGO010", "error", "declares entities");
    run.assert_message("LOGO001", "error", "unknown entity reference 'x'");
    let human = self::run(dir.path(), "human");
    assert!(human.stdout.contains("error[LOGO010]"), "{}", human.stdout);
    assert_no_passwd(&[&run.stdout, &run.stderr, &human.stdout, &human.stderr]);
    // Nor does the library's analysis hold it: its source is the logo's own text.
    let logo = analyze(dir.path().join("logo.svg"));
    let source = logo.source.as_ref().map(|s| format!("{s:?}")).unwrap();
    assert_no_passwd(&[&source]);
}

#[test]
fn xxe_in_a_parameter_entity_and_an_attribute() {
    let logo = format!(
        "<!DOCTYPE svg [\n  <!ENTITY % p SYSTEM \"file:///etc/passwd\">\n  %p;\n  <!ENTITY y SYSTEM \"file:///etc/passwd\">\n]>\n{}",
        svg(&format!(
            r#"{GOOD_ART}<rect id="&y;" width="1" height="1"/>"#
        ))
    );
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO001", "LOGO010"]);
    run.assert_message("LOGO010", "error", "declares entities");
    assert_no_passwd(&[&run.stdout, &run.stderr]);
}

#[test]
fn external_dtd_is_an_error_and_never_read() {
    let logo = format!(
        "<!DOCTYPE svg SYSTEM \"file:///etc/passwd\">\n{}",
        svg(GOOD_ART)
    );
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO010"]);
    run.assert_message("LOGO010", "error", "external DTD");
    run.assert_message("LOGO010", "error", "\"file:///etc/passwd\"");
    run.assert_message("LOGO010", "error", "never read");
    assert_eq!(run.code, 1);
    assert_no_passwd(&[&run.stdout, &run.stderr]);
}

// ---------------------------------------------------------------------------------------------
// Parsing limits.

#[test]
fn deep_nesting_is_refused() {
    let logo = svg(&format!(
        "{GOOD_ART}{}{}",
        "<g>".repeat(20_000),
        "</g>".repeat(20_000)
    ));
    let run = check(logo.as_bytes());
    // 140 KB of tags is also over the 32 KiB recommendation (LOGO011, a warning).
    run.assert_codes(&["LOGO001", "LOGO011"]);
    run.assert_message("LOGO001", "error", "nests elements more than 128 deep");
    run.assert_message("LOGO011", "warning", "recommended maximum");
}

#[test]
fn a_hundred_thousand_elements_are_refused() {
    let logo = svg(&format!("{GOOD_ART}{}", "<g/>".repeat(100_000)));
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO001", "LOGO011"]);
    run.assert_message(
        "LOGO001",
        "error",
        "has 100003 elements, beyond the safe limit of 50000",
    );
}

#[test]
fn more_nodes_than_the_parser_allows_are_refused() {
    // Elements under the element limit, but with text nodes between them: over 200,000 nodes.
    let logo = svg(&format!("{GOOD_ART}{}", "<g/> ".repeat(110_000)));
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO001", "LOGO011"]);
    run.assert_message("LOGO001", "error", "beyond safe parsing limits");
}

#[test]
fn use_reference_bomb_is_refused() {
    let mut defs = String::from(r##"<defs><rect id="l0" width="1" height="1" fill="#0F4C81"/>"##);
    for level in 1..40 {
        let previous = level - 1;
        defs.push_str(&format!(
            r##"<g id="l{level}">{}</g>"##,
            format!(r##"<use href="#l{previous}"/>"##).repeat(10)
        ));
    }
    defs.push_str("</defs>");
    let logo = svg(&format!(r##"{defs}{GOOD_ART}<use xlink:href="#l39"/>"##));
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO001"]);
    run.assert_message("LOGO001", "error", "reference bomb");
}

#[test]
fn use_cycles_do_not_hang() {
    let logo = svg(&format!(
        r##"{GOOD_ART}<use id="a" href="#b"/><use id="b" href="#a"/><g id="c"><use href="#c"/></g>"##
    ));
    let run = check(logo.as_bytes());
    // Cycles are not drawn (usvg skips them); the rest of the logo is fine.
    run.assert_codes(&[]);
}

#[test]
fn a_billion_pixel_declaration_is_cheap_and_fine() {
    let logo = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1000000000" height="1000000000" viewBox="0 0 1000000000 1000000000"><rect width="1000000000" height="1000000000" rx="100000000" fill="#0F4C81"/><rect x="250000000" y="250000000" width="500000000" height="500000000" fill="#FFFFFF"/></svg>"##;
    let dir = listing(logo.as_bytes(), &[]);
    let run = run(dir.path(), "json");
    run.assert_codes(&[]);
    assert_eq!(run.code, 0);
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    assert!(run.peak_rss_kib < 128 * 1024, "{} KiB", run.peak_rss_kib);
    let started = Instant::now();
    let analysis = analyze(dir.path().join("logo.svg"));
    let sizes: Vec<(u32, u32)> = analysis
        .renders()
        .unwrap()
        .pixmaps
        .iter()
        .map(|pixmap| (pixmap.width(), pixmap.height()))
        .collect();
    assert_eq!(sizes, [(64, 64), (128, 128), (256, 256)]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// The rasterizer breaks (a panic, or an abort of the whole process) on geometry about 10⁹ px
/// from the canvas; each way of getting there is refused before rendering, as LOGO001.
#[test]
fn geometry_far_outside_the_canvas_is_refused_before_rendering() {
    let far = r#"<circle cx="-2000000000" cy="5" r="30000000000" fill="white"/>"#;
    let small = r#"<circle cx="-2" cy="0.000001" r="3" fill="white"/>"#;
    let cases = [
        ("a shape", far.to_string()),
        (
            "a stroke",
            r#"<path d="M-2 10 L200 20" stroke="black" stroke-width="3e10"/>"#.to_string(),
        ),
        (
            "a transform",
            format!(r#"<g transform="scale(1e10)">{small}</g>"#),
        ),
        (
            "a clip path",
            format!(
                r#"<clipPath id="c">{far}</clipPath><rect width="256" height="256" fill="red" clip-path="url(#c)"/>"#
            ),
        ),
        (
            "a mask",
            format!(
                r#"<mask id="m">{far}</mask><rect width="256" height="256" fill="red" mask="url(#m)"/>"#
            ),
        ),
        (
            "a pattern",
            format!(
                r#"<pattern id="p" width="50" height="50" patternUnits="userSpaceOnUse">{far}</pattern><rect width="256" height="256" fill="url(#p)"/>"#
            ),
        ),
        (
            "a filter offset",
            format!(
                r#"<filter id="f"><feOffset dx="2e10" dy="0"/></filter><g filter="url(#f)">{small}</g>"#
            ),
        ),
        (
            "a use",
            format!(r##"<g id="a">{small}</g><use href="#a" transform="scale(1e10)"/>"##),
        ),
    ];
    for (what, inner) in cases {
        let run = check(svg(&inner).as_bytes());
        run.assert_message("LOGO001", "error", "far outside its canvas");
        assert_eq!(run.code, 1, "{what}");
    }
    // A tiny viewBox scales ordinary coordinates out of reach too; a huge one does not
    // (a_billion_pixel_declaration_is_cheap_and_fine).
    let tiny = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0.000001 0.000001"><circle cx="-2000" cy="0.0000001" r="3000" fill="red"/></svg>"#;
    check(tiny.as_bytes()).assert_message("LOGO001", "error", "far outside its canvas");
    // What the fuzzer found: one path coordinate of -2.2 × 10²⁴.
    let found = std::fs::read(
        support::repo_root().join("fuzz/regressions/logo/path-coordinate-of-minus-2e24.svg"),
    )
    .unwrap();
    check(&found).assert_message("LOGO001", "error", "far outside its canvas");
}

#[test]
fn heavy_filters_are_refused_before_rendering() {
    // usvg caps nothing here: a billion turbulence octaves would render for hours. The work
    // estimate sees it before any pixel is drawn.
    let logo = svg(
        r##"<filter id="f" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="1000000000"/></filter><rect width="256" height="256" fill="#0F4C81" filter="url(#f)"/><rect x="64" y="64" width="128" height="128" fill="#FFFFFF"/>"##,
    );
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO001"]);
    run.assert_message(
        "LOGO001",
        "error",
        "could not be rendered: it needs an estimated 1,376,256,000 million pixel operations, \
         over the limit of 50 million",
    );
    assert!(run.elapsed < Duration::from_secs(20), "{:?}", run.elapsed);
}

// ---------------------------------------------------------------------------------------------
// Not SVG text.

#[test]
fn empty_file() {
    let run = check(b"");
    run.assert_codes(&["LOGO001"]);
    run.assert_message("LOGO001", "error", "\"logo.svg\" is empty");
}

#[test]
fn png_bytes() {
    let run = check(&png(32, magenta()));
    run.assert_codes(&["LOGO001"]);
    run.assert_message("LOGO001", "error", "is a PNG image, not an SVG document");
}

#[test]
fn svgz_is_refused_and_named() {
    let bytes = gzip_stored(svg(GOOD_ART).as_bytes());
    let run = check(&bytes);
    run.assert_codes(&["LOGO001"]);
    run.assert_message("LOGO001", "error", "gzip-compressed (SVGZ)");
    let help = run.report["listings"][0]["diagnostics"][0]["help"]
        .as_str()
        .unwrap();
    assert!(help.contains("gunzip"), "{help}");
}

#[test]
fn a_zip_bomb_posing_as_svgz_is_never_inflated() {
    let bomb = gzip_bomb();
    assert_eq!(bomb.len(), 6_825_021);
    let run = check(&bomb);
    // 6.8 MB is over the 1 MiB limit too.
    run.assert_codes(&["LOGO001", "LOGO011"]);
    run.assert_message("LOGO001", "error", "gzip-compressed (SVGZ)");
    run.assert_message("LOGO011", "error", "the limit is 1.0 MiB");
    // Inflating 1 GiB takes seconds and, held in memory, a gigabyte; reading 6.8 MB takes
    // neither.
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    assert!(run.peak_rss_kib < 128 * 1024, "{} KiB", run.peak_rss_kib);
}

#[test]
fn a_gzip_header_followed_by_garbage_is_refused_quickly() {
    let mut bytes = GZIP_HEADER.to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let run = check(&bytes);
    run.assert_codes(&["LOGO001"]);
    run.assert_message("LOGO001", "error", "gzip-compressed (SVGZ)");
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
}

#[test]
fn latin1_is_not_utf8() {
    let mut bytes = svg("<title>Tenvik S").replace("</svg>", "").into_bytes();
    bytes.extend_from_slice(b"\xE9curit\xE9</title>");
    bytes.extend_from_slice(GOOD_ART.as_bytes());
    bytes.extend_from_slice(b"</svg>");
    let run = check(&bytes);
    run.assert_codes(&["LOGO001"]);
    run.assert_message("LOGO001", "error", "is not UTF-8 text (byte 0xE9");
    run.assert_message("LOGO001", "error", "save it as UTF-8");
}

#[test]
fn a_utf8_bom_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(svg(GOOD_ART).as_bytes());
    let run = check(&bytes);
    run.assert_codes(&[]);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------------------------------------
// Images: never read from disk; drawn only from data: URLs.

#[test]
fn an_image_of_etc_passwd_is_an_external_reference() {
    let logo = svg(&format!(
        r#"{GOOD_ART}<image href="file:///etc/passwd" x="0" y="0" width="256" height="256"/>"#
    ));
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO006"]);
    run.assert_message(
        "LOGO006",
        "error",
        "logo refers outside the file: `file:///etc/passwd`",
    );
    assert_no_passwd(&[&run.stdout, &run.stderr]);
}

fn opaque_pixels(pixmap: &Pixmap) -> usize {
    pixmap.pixels().iter().filter(|p| p.alpha() == 255).count()
}

fn drawn_pixels(pixmap: &Pixmap) -> usize {
    pixmap.pixels().iter().filter(|p| p.alpha() > 0).count()
}

fn magenta_pixels(pixmap: &Pixmap) -> usize {
    pixmap
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && p.red() > 200 && p.green() < 60 && p.blue() > 200)
        .count()
}

const COVERING_IMAGE: &str = r#"x="0" y="0" width="256" height="256" preserveAspectRatio="none""#;

#[test]
fn an_image_beside_the_logo_is_never_read() {
    let beside = png(64, magenta());
    // The same picture under every name a resolver could try: relative, ./, absolute, file:.
    let dir = listing(b"", &[("beside.png", &beside)]);
    let absolute = dir.path().join("beside.png");
    let references = [
        "beside.png".to_string(),
        "./beside.png".to_string(),
        absolute.display().to_string(),
        format!("file://{}", absolute.display()),
    ];
    for reference in &references {
        let logo = svg(&format!(
            r#"<image href="{reference}" {COVERING_IMAGE}/><image xlink:href="{reference}" {COVERING_IMAGE}/>"#
        ));
        std::fs::write(dir.path().join("logo.svg"), &logo).unwrap();
        let run = run(dir.path(), "json");
        // Nothing else is drawn, so the logo is blank too.
        run.assert_codes(&["LOGO006", "LOGO006", "LOGO012"]);
        run.assert_message("LOGO006", "error", &format!("`{reference}`"));
        run.assert_message("LOGO012", "error", "renders to no visible pixel");

        // The pixels: where the image would be (everywhere), nothing at any size.
        let analysis = analyze(dir.path().join("logo.svg"));
        let renders = analysis.renders().expect("rendered");
        assert_eq!(renders.pixmaps.len(), 3);
        for pixmap in &renders.pixmaps {
            assert_eq!(opaque_pixels(pixmap), 0, "{reference} was drawn");
            assert_eq!(drawn_pixels(pixmap), 0, "{reference} was drawn");
            assert_eq!(magenta_pixels(pixmap), 0, "{reference} was drawn");
        }
    }
}

#[test]
fn the_same_image_as_a_data_url_is_drawn() {
    // The control: the test can see a drawn image, so the blank renders above mean something.
    let data = base64(&png(64, magenta()));
    let logo = svg(&format!(
        r#"<image href="data:image/png;base64,{data}" {COVERING_IMAGE}/>"#
    ));
    let dir = listing(logo.as_bytes(), &[]);
    let run = run(dir.path(), "json");
    run.assert_codes(&["LOGO007"]);
    run.assert_message("LOGO007", "warning", "embeds a raster image (image/png)");
    assert_eq!(run.code, 0);
    let analysis = analyze(dir.path().join("logo.svg"));
    let renders = analysis.renders().expect("rendered");
    for pixmap in &renders.pixmaps {
        let side = (pixmap.width() * pixmap.height()) as usize;
        assert_eq!(
            opaque_pixels(pixmap),
            side,
            "the data: image covers the canvas"
        );
        assert_eq!(magenta_pixels(pixmap), side);
    }
}

// ---------------------------------------------------------------------------------------------
// Evasions: hazards written so that a naive scan misses them.

#[test]
fn a_javascript_url_animated_into_an_href_is_a_script() {
    // `values` is a list: the second value sets the link to javascript: when the animation runs.
    let logo = svg(&format!(
        r##"{GOOD_ART}<a><animate attributeName="href" values="#x;javascript:alert(1)" dur="1s"/><circle cx="128" cy="128" r="8" fill="#0F4C81"/></a>"##
    ));
    let run = check(logo.as_bytes());
    // An animation of a link can point it anywhere: it is a reference out of the file too.
    run.assert_codes(&["LOGO005", "LOGO006", "LOGO014"]);
    run.assert_message("LOGO005", "error", "javascript: URL");
    run.assert_message("LOGO006", "error", "an animation of `href` (<animate>)");
}

#[test]
fn css_after_a_comment_in_a_style_element_is_scanned() {
    let logo = svg(&format!(
        r#"<style><!-- brand -->@import "https://cdn.tenvik.io/theme.css"; rect {{ fill: url(https://cdn.tenvik.io/p.svg#p) }}</style><style>circle {{ fill: #0F4C81 }}<!-- x -->@keyframes spin {{ to {{ opacity: 0 }} }}</style>{GOOD_ART}"#
    ));
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO006", "LOGO006", "LOGO014"]);
    run.assert_message("LOGO006", "error", "theme.css");
    run.assert_message("LOGO014", "warning", "@keyframes");
}

#[test]
fn css_positions_after_a_cdata_section_are_exact() {
    let line = r#"<style>rect { stroke: none } <![CDATA[ circle { fill: url(https://cdn.tenvik.io/p.svg#p) } ]]></style>"#;
    let logo = svg(&format!("\n{line}\n{GOOD_ART}\n"));
    let run = check(logo.as_bytes());
    run.assert_codes(&["LOGO006"]);
    let diagnostic = &run.report["listings"][0]["diagnostics"][0];
    let column = line.find("url(").unwrap() + 1;
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
        (Some(2), Some(column as u64)),
        "{diagnostic}"
    );
}

#[test]
fn doctype_text_inside_cdata_is_not_a_doctype() {
    let logo = svg(&format!(
        "<desc><![CDATA[Exported with <!DOCTYPE svg [ ]> stripped]]></desc>{GOOD_ART}"
    ));
    let run = check(logo.as_bytes());
    run.assert_codes(&[]);
}

// ---------------------------------------------------------------------------------------------
// Every hostile input once more, in one place: timings and memory.

#[test]
fn every_hostile_input_is_fast_and_small() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("zip bomb (6.8 MB → 1 GiB)", gzip_bomb()),
        (
            "20,000-deep nesting",
            svg(&format!("{}{}", "<g>".repeat(20_000), "</g>".repeat(20_000))).into_bytes(),
        ),
        (
            "100,000 elements",
            svg(&"<g/>".repeat(100_000)).into_bytes(),
        ),
        (
            "49,000 drawn rects (under the element limit)",
            svg(&r##"<rect x="100" y="100" width="56" height="56" fill="#0F4C81"/>"##.repeat(49_000)).into_bytes(),
        ),
        (
            "one path with 150,000 segments",
            svg(&format!(
                r##"<path fill="#0F4C81" d="M0 0{}Z"/>"##,
                " L256 256 L0 256".repeat(37_500)
            ))
            .into_bytes(),
        ),
        (
            "blur of a billion",
            svg(&format!(
                r##"<filter id="f"><feGaussianBlur stdDeviation="1000000000"/></filter><rect width="256" height="256" fill="#0F4C81" filter="url(#f)"/>{GOOD_ART}"##
            ))
            .into_bytes(),
        ),
        (
            "tiny pattern tile",
            svg(&format!(
                r##"{GOOD_ART}<pattern id="p" width="0.000001" height="0.000001" patternUnits="userSpaceOnUse"><rect width="1" height="1" fill="#F00"/></pattern><rect width="256" height="256" fill="url(#p)"/>"##
            ))
            .into_bytes(),
        ),
        (
            "stroke a billion wide, dashes a billionth long",
            svg(&format!(
                r##"{GOOD_ART}<path d="M0 0 L256 256" stroke="#0F4C81" stroke-width="1000000000" stroke-dasharray="0.000000001"/>"##
            ))
            .into_bytes(),
        ),
    ];
    let mut report = Vec::new();
    for (name, logo) in cases {
        let dir = listing(&logo, &[]);
        let run = run(dir.path(), "json");
        report.push((name, run.elapsed, run.peak_rss_kib, run.codes()));
    }
    report.sort_by_key(|(_, elapsed, _, _)| std::cmp::Reverse(*elapsed));
    for (name, elapsed, peak, codes) in &report {
        println!(
            "{:>8.1} ms {:>7.1} MiB  {name}: {}",
            elapsed.as_secs_f64() * 1000.0,
            *peak as f64 / 1024.0,
            codes.join(" ")
        );
    }
    let peak = report.iter().map(|(_, _, peak, _)| *peak).max().unwrap();
    assert!(peak < MEMORY_LIMIT_KIB, "peak RSS {peak} KiB");
}
