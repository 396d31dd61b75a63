//! Logo repair over the corpus in `tests/data/logos/`: wide, tall, off-centre, editor exports
//! and hostile logos are repaired through the real confined worker, pass the pixel proof at
//! 64, 128 and 256 px, and pass every LOGO rule when checked by the real binary; the refusals
//! say why; and a second renderer (librsvg's `rsvg-convert`) draws the repaired logos with the
//! same artwork, within the proof's tolerance.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use mdelist::fix::logo::{self, Refusal, RepairOptions, Repaired, proof};
use mdelist::worker::Pool;

fn pool() -> Pool {
    Pool::new(PathBuf::from(env!("CARGO_BIN_EXE_mdelist")))
}

fn corpus(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/logos")
        .join(folder);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "svg"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn repair(pool: &Pool, bytes: &[u8]) -> Result<Repaired, Refusal> {
    logo::repair(
        bytes,
        RepairOptions {
            title: Some("Contoso Cognito"),
            fonts: &[],
        },
        pool,
    )
}

/// The corpus repaired once for all the tests of this module.
fn repaired_corpus() -> &'static [(String, Vec<u8>, Repaired)] {
    static REPAIRED: OnceLock<Vec<(String, Vec<u8>, Repaired)>> = OnceLock::new();
    REPAIRED.get_or_init(repair_corpus)
}

fn repair_corpus() -> Vec<(String, Vec<u8>, Repaired)> {
    let pool = pool();
    corpus("repairable")
        .into_iter()
        .map(|(name, bytes)| {
            let repaired = repair(&pool, &bytes)
                .unwrap_or_else(|refusal| panic!("{name} was refused: {refusal}"));
            (name, bytes, repaired)
        })
        .collect()
}

#[test]
fn the_corpus_is_large_enough() {
    assert!(corpus("repairable").len() >= 40);
}

#[test]
fn every_repaired_logo_holds_the_proof_and_is_stable() {
    let pool = pool();
    for (name, _, repaired) in repaired_corpus() {
        assert_eq!(repaired.proof.len(), 3, "{name}");
        for comparison in &repaired.proof {
            assert!(comparison.holds(), "{name}: {comparison:?}");
            assert!(comparison.artwork_pixels > 0, "{name}: {comparison:?}");
        }
        assert_eq!(repaired.display_only, None, "{name}");
        // A second repair changes nothing.
        let again = repair(&pool, &repaired.bytes).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&again.bytes),
            String::from_utf8_lossy(&repaired.bytes),
            "{name}: the repair is not idempotent"
        );
        assert!(!again.reframed, "{name}");
        let text = String::from_utf8(repaired.bytes.clone()).unwrap();
        for gone in [
            "script",
            "SCRIPT",
            "onload",
            "onclick",
            "foreignObject",
            "animate",
            "<set",
            "sodipodi",
            "inkscape",
            "i:pgf",
            "<metadata",
            "<!--",
            "DOCTYPE",
            "https:",
            "@import",
            "keyframes",
        ] {
            assert!(!text.contains(gone), "{name} still has {gone}:\n{text}");
        }
        assert!(text.contains("<title>"), "{name}:\n{text}");
    }
}

/// The corpus in one `mdelist check --format json` run: each repaired logo in a copy of the
/// passing example; no LOGO finding may remain.
#[test]
fn every_repaired_logo_passes_every_logo_rule() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-cognito");
    let manifest = std::fs::read_to_string(example.join("listing.toml")).unwrap();
    let root = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for (name, _, repaired) in repaired_corpus() {
        let dir = root.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("listing.toml"), &manifest).unwrap();
        std::fs::write(dir.join("logo.svg"), &repaired.bytes).unwrap();
        dirs.push(dir);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_mdelist"))
        .arg("check")
        .args(&dirs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    let listings = report["listings"].as_array().unwrap();
    assert_eq!(listings.len(), dirs.len());
    for listing in listings {
        let logo_findings: Vec<String> = listing["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"].as_str().unwrap().starts_with("LOGO"))
            .map(|d| format!("{}: {}", d["code"], d["message"]))
            .collect();
        assert!(
            logo_findings.is_empty(),
            "{}: {logo_findings:#?}",
            listing["path"]
        );
    }
}

#[test]
fn the_refusals_say_why() {
    let pool = pool();
    let refusals: Vec<(String, String)> = corpus("refused")
        .into_iter()
        .map(|(name, bytes)| {
            let refusal = match repair(&pool, &bytes) {
                Ok(repaired) => panic!(
                    "{name} was repaired:\n{}",
                    String::from_utf8_lossy(&repaired.bytes)
                ),
                Err(refusal) => refusal.to_string(),
            };
            (name, refusal)
        })
        .collect();
    let text: String = refusals
        .iter()
        .map(|(name, refusal)| format!("{name}: {refusal}\n"))
        .collect();
    insta_like(&text);
}

/// The refusals' exact wording, kept beside this file.
fn insta_like(text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/logos/refused.txt");
    if std::env::var_os("MDELIST_WRITE_REFUSALS").is_some() {
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        text, expected,
        "the refusals changed; rerun with MDELIST_WRITE_REFUSALS=1 and read the diff"
    );
}

#[test]
fn live_text_is_display_only_with_the_reason() {
    let pool = pool();
    let bytes = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect x="10" y="10" width="80" height="80" fill="#0078D4"/><text x="100" y="60" font-size="40" fill="#0078D4">Tenvik</text></svg>"##;
    let repaired = repair(&pool, bytes).unwrap();
    let reason = repaired.display_only.unwrap();
    assert!(
        reason.starts_with("the logo has live text (\"Tenvik\")"),
        "{reason}"
    );
    let text = String::from_utf8(repaired.bytes).unwrap();
    assert!(text.contains(">Tenvik</text>"), "{text}");
}

fn rsvg_convert() -> Option<PathBuf> {
    let found = Command::new("rsvg-convert")
        .arg("--version")
        .output()
        .is_ok();
    if found {
        return Some(PathBuf::from("rsvg-convert"));
    }
    assert!(
        std::env::var_os("MDELIST_REQUIRE_RSVG").is_none(),
        "rsvg-convert is required (librsvg2-bin)"
    );
    eprintln!("skipped: rsvg-convert (librsvg2-bin) is not installed");
    None
}

/// librsvg draws each repaired logo at 256 px; compared with the original as rendered by
/// resvg (moved by the change of frame), it holds the same tolerance.
#[test]
fn a_second_renderer_draws_the_same_artwork() {
    let Some(rsvg) = rsvg_convert() else {
        return;
    };
    let pool = pool();
    let dir = tempfile::tempdir().unwrap();
    for (name, original, repaired) in repaired_corpus() {
        let svg = dir.path().join(format!("{name}.svg"));
        let png = dir.path().join(format!("{name}.png"));
        std::fs::write(&svg, &repaired.bytes).unwrap();
        let status = Command::new(&rsvg)
            .args(["--width", "256", "--height", "256", "--keep-aspect-ratio"])
            .arg("--output")
            .arg(&png)
            .arg(&svg)
            .status()
            .unwrap();
        assert!(status.success(), "{name}");
        let drawn = resvg::tiny_skia::Pixmap::load_png(&png).unwrap();
        assert_eq!((drawn.width(), drawn.height()), (256, 256), "{name}");
        let placement = logo::original_placement(original, 1024).unwrap();
        let text =
            mdelist::svg::prepass::prepass(std::str::from_utf8(original).unwrap()).parse_text;
        let original_render = mdelist::svg::RenderLogo::render(&pool, &text, &[1024]).unwrap();
        let comparison = proof::compare(
            &drawn,
            logo::repaired_placement(repaired, 256).unwrap(),
            &original_render.pixmaps[0],
            placement,
        );
        assert!(comparison.holds(), "{name}: {comparison:?}");
    }
}

/// The reference example with `logo` (a file of the corpus) as its logo.
fn listing_with_logo(root: &Path, logo: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("listing");
    std::fs::create_dir_all(dir.join("press")).unwrap();
    for file in ["listing.toml", "press/2026-11-launch.md"] {
        std::fs::copy(
            source.join("examples/contoso-cognito").join(file),
            dir.join(file),
        )
        .unwrap();
    }
    std::fs::copy(
        source.join("tests/data/logos").join(logo),
        dir.join("logo.svg"),
    )
    .unwrap();
    dir
}

/// The code and `fix` of each LOGO finding in a check's JSON report.
fn logo_fixes(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| diagnostic["code"].as_str().unwrap().starts_with("LOGO"))
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().unwrap().to_string(),
                diagnostic["fix"].clone(),
            )
        })
        .collect()
}

#[test]
fn logo_findings_carry_the_repair_as_their_fix() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing_with_logo(root.path(), "repairable/hostile-everything-at-once.svg");
    let (_, report) = super::support::check_json(&dir, &[]);
    let safe = serde_json::json!({
        "applicability": "safe",
        "message": "run `mdelist fix`: it repairs the logo and writes the repair only when a \
                    pixel-by-pixel proof against the original holds",
        "edits": [],
    });
    let fixes = logo_fixes(&report);
    assert!(!fixes.is_empty());
    for (code, fix) in &fixes {
        if logo::REPAIRED_CODES.contains(&code.as_str()) {
            assert_eq!(fix, &safe, "{code}");
        } else {
            assert_eq!(fix, &serde_json::Value::Null, "{code}");
        }
    }
    // The human report marks them; SARIF, whose fixes need a change, carries it as a property.
    let output = super::support::mdelist(&["check", "--today", "2026-11-22", "."], &dir);
    let text = super::support::stdout(&output);
    assert!(text.contains("error[LOGO005]: [*] logo contains"), "{text}");
    let output = super::support::mdelist(
        &["check", "--format", "sarif", "--today", "2026-11-22", "."],
        &dir,
    );
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|result| result["ruleId"] == "LOGO005")
        .unwrap();
    assert_eq!(result["properties"]["fix"]["applicability"], "safe");
    assert_eq!(result.get("fixes"), None);
}

#[test]
fn live_text_makes_the_logo_fix_display_only() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken-logo");
    let (_, report) = super::support::check_json(&dir, &[]);
    let display_only = serde_json::json!({
        "applicability": "display-only",
        "message": "`mdelist fix --diff` shows the logo repair; it is not applied while the logo \
                    has live text, which needs its font to be outlined",
        "edits": [],
    });
    let fixes = logo_fixes(&report);
    assert!(fixes.iter().any(|(code, _)| code == "LOGO008"));
    for (code, fix) in &fixes {
        if logo::REPAIRED_CODES.contains(&code.as_str()) {
            assert_eq!(fix, &display_only, "{code}");
        }
    }
}

#[test]
fn a_stretched_logo_offers_no_fix() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing_with_logo(root.path(), "repairable/hostile-everything-at-once.svg");
    std::fs::write(
        dir.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 256 256\" width=\"300\" \
         height=\"200\" preserveAspectRatio=\"none\"><title>Contoso Cognito</title>\
         <rect x=\"16\" y=\"16\" width=\"224\" height=\"224\" fill=\"#0A5\"/></svg>",
    )
    .unwrap();
    let (_, report) = super::support::check_json(&dir, &[]);
    let fixes = logo_fixes(&report);
    assert!(fixes.iter().any(|(code, _)| code == "LOGO002"), "{fixes:?}");
    for (code, fix) in &fixes {
        assert_eq!(fix, &serde_json::Value::Null, "{code}");
    }
}

/// Debian's DejaVu Sans (fonts-dejavu-core, installed by `.ci/run`).
const DEJAVU_SANS: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

fn dejavu() -> Vec<mdelist::svg::FontFile> {
    let bytes = std::fs::read(DEJAVU_SANS)
        .unwrap_or_else(|error| panic!("{DEJAVU_SANS} (fonts-dejavu-core): {error}"));
    vec![std::sync::Arc::new(bytes)]
}

fn repair_with_fonts(
    pool: &Pool,
    bytes: &[u8],
    fonts: &[mdelist::svg::FontFile],
) -> Result<Repaired, Refusal> {
    logo::repair(
        bytes,
        RepairOptions {
            title: Some("Contoso Cognito"),
            fonts,
        },
        pool,
    )
}

/// A wide logo, mark on the left and wordmark on the right, so the repair reframes it and the
/// text is most of the artwork.
const WORDMARK: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><rect x="10" y="10" width="80" height="80" fill="#0078D4"/><text x="100" y="68" font-family="DejaVu Sans" font-size="40" fill="#0078D4">Tenvik</text></svg>"##;

/// Text under transforms of its own and of its group, a generic family, a tspan painted and
/// stroked apart, and a text referred to by `<use>`.
const TRANSFORMED: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200">
  <g transform="translate(20 10) scale(1.5)">
    <circle cx="30" cy="40" r="25" fill="#107C10"/>
    <text id="word" transform="rotate(-8 120 40) translate(4 2)" x="70" y="55" font-family="sans-serif" font-size="32" fill="#323130">Ten<tspan fill="#D83B01" stroke="#000000" stroke-width="0.8" font-weight="bold">vik</tspan></text>
  </g>
  <use href="#word" x="30" y="90" opacity="0.6"/>
</svg>"##;

#[test]
fn font_outlines_live_text_and_the_proof_holds() {
    let pool = pool();
    let fonts = dejavu();
    for (name, source) in [("wordmark", WORDMARK), ("transformed", TRANSFORMED)] {
        let repaired = repair_with_fonts(&pool, source.as_bytes(), &fonts)
            .unwrap_or_else(|refusal| panic!("{name}: {refusal}"));
        assert_eq!(repaired.display_only, None, "{name}");
        assert_eq!(repaired.outlined_texts, 1, "{name}");
        assert_eq!(repaired.proof.len(), 3, "{name}");
        for comparison in &repaired.proof {
            assert!(comparison.holds(), "{name}: {comparison:?}");
        }
        let text = String::from_utf8(repaired.bytes.clone()).unwrap();
        assert!(!text.contains("<text"), "{name}:\n{text}");
        assert!(!text.contains("<tspan"), "{name}:\n{text}");
        assert!(text.contains("aria-label=\"Tenvik\""), "{name}:\n{text}");
        assert!(text.contains("<path d=\"M"), "{name}:\n{text}");
        // The outlined logo needs no font: a second repair, without any, changes nothing and is
        // not display-only.
        let again = repair(&pool, &repaired.bytes).unwrap();
        assert_eq!(again.display_only, None, "{name}");
        assert_eq!(
            String::from_utf8_lossy(&again.bytes),
            text,
            "{name}: not idempotent"
        );
    }
    // The repair reframed the wide wordmark around mark and text together.
    let repaired = repair_with_fonts(&pool, WORDMARK.as_bytes(), &fonts).unwrap();
    assert!(repaired.reframed);
    // The transformed text keeps its id on the group, so the <use> still draws it.
    let repaired = repair_with_fonts(&pool, TRANSFORMED.as_bytes(), &fonts).unwrap();
    let text = String::from_utf8(repaired.bytes).unwrap();
    assert!(
        text.contains("<g id=\"word\" transform=\"rotate(-8 120 40) translate(4 2)\""),
        "{text}"
    );
}

/// The proof compares the text: the original drawn with the font differs from the original
/// drawn without it, beyond the tolerance.
#[test]
fn font_the_proof_sees_the_text() {
    let pool = pool();
    let fonts = dejavu();
    let with = pool.render_with_fonts(WORDMARK, &[256], &fonts).unwrap();
    let without = mdelist::svg::RenderLogo::render(&pool, WORDMARK, &[256]).unwrap();
    let placement = logo::original_placement(WORDMARK.as_bytes(), 256).unwrap();
    let comparison = proof::compare(&without.pixmaps[0], placement, &with.pixmaps[0], placement);
    assert!(!comparison.holds(), "{comparison:?}");
}

/// librsvg draws the outlined logo (it has no font to find: the text is paths) with the same
/// artwork as our renderer draws the original with the font.
#[test]
fn font_a_second_renderer_draws_the_outlined_text() {
    let Some(rsvg) = rsvg_convert() else {
        return;
    };
    let pool = pool();
    let fonts = dejavu();
    let dir = tempfile::tempdir().unwrap();
    for (name, source) in [("wordmark", WORDMARK), ("transformed", TRANSFORMED)] {
        let repaired = repair_with_fonts(&pool, source.as_bytes(), &fonts).unwrap();
        let svg = dir.path().join(format!("{name}.svg"));
        let png = dir.path().join(format!("{name}.png"));
        std::fs::write(&svg, &repaired.bytes).unwrap();
        let status = Command::new(&rsvg)
            .args(["--width", "256", "--height", "256", "--keep-aspect-ratio"])
            .arg("--output")
            .arg(&png)
            .arg(&svg)
            .status()
            .unwrap();
        assert!(status.success(), "{name}");
        let drawn = resvg::tiny_skia::Pixmap::load_png(&png).unwrap();
        let original = pool.render_with_fonts(source, &[1024], &fonts).unwrap();
        let comparison = proof::compare(
            &drawn,
            logo::repaired_placement(&repaired, 256).unwrap(),
            &original.pixmaps[0],
            logo::original_placement(source.as_bytes(), 1024).unwrap(),
        );
        assert!(comparison.holds(), "{name}: {comparison:?}");
        assert!(comparison.artwork_pixels > 1000, "{name}: {comparison:?}");
    }
}

#[test]
fn font_refuses_a_family_the_fonts_do_not_provide() {
    let pool = pool();
    let logo = WORDMARK.replace("DejaVu Sans", "Segoe UI, sans-serif");
    let refusal = repair_with_fonts(&pool, logo.as_bytes(), &dejavu()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "the text \"Tenvik\" asks for the font families \"Segoe UI\", sans-serif, and the fonts \
         given with --font provide only \"DejaVu Sans\": outlined with another font the \
         wordmark would change; give the font it asks for"
    );
    // Through CSS as well as the attribute.
    let logo = WORDMARK
        .replace(" font-family=\"DejaVu Sans\"", " class=\"brand\"")
        .replace(
            "<rect",
            "<style>.brand { font-family: 'Segoe UI' }</style><rect",
        );
    let refusal = repair_with_fonts(&pool, logo.as_bytes(), &dejavu()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "the text \"Tenvik\" asks for the font family \"Segoe UI\", and the fonts given with \
         --font provide only \"DejaVu Sans\": outlined with another font the wordmark would \
         change; give the font it asks for"
    );
}

#[test]
fn font_generic_families_and_no_family_take_the_given_font() {
    let pool = pool();
    for family in [" font-family=\"serif\"", " font-family=\"monospace\"", ""] {
        let logo = WORDMARK.replace(" font-family=\"DejaVu Sans\"", family);
        let repaired = repair_with_fonts(&pool, logo.as_bytes(), &dejavu())
            .unwrap_or_else(|refusal| panic!("{family}: {refusal}"));
        assert_eq!(repaired.outlined_texts, 1, "{family}");
        assert_eq!(repaired.display_only, None, "{family}");
    }
}

#[test]
fn font_refuses_a_character_the_font_has_no_glyph_for() {
    let pool = pool();
    let logo = WORDMARK.replace(">Tenvik<", ">Tenvik 中文<");
    let refusal = repair_with_fonts(&pool, logo.as_bytes(), &dejavu()).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "the font \"DejaVu Sans\" has no glyph for U+4E2D (\"中\") in the text \"Tenvik 中文\", \
         which would be drawn as an empty box; give a font that has it"
    );
}

#[test]
fn font_without_it_live_text_stays_display_only() {
    let pool = pool();
    let repaired = repair(&pool, WORDMARK.as_bytes()).unwrap();
    assert!(repaired.display_only.is_some());
    assert_eq!(repaired.outlined_texts, 0);
    assert!(
        String::from_utf8(repaired.bytes)
            .unwrap()
            .contains(">Tenvik</text>")
    );
}

/// `mdelist fix --font` on a listing: the logo is outlined and written, and a check of it has
/// no LOGO finding left.
#[test]
fn font_fix_on_the_command_line_outlines_and_checks_clean() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing_with_logo(root.path(), "repairable/square-already-fine.svg");
    std::fs::write(dir.join("logo.svg"), WORDMARK).unwrap();
    // Without --font: display only, nothing written.
    let output = super::support::mdelist(
        &["fix", "--allow-dirty", "--today", "2026-11-22", "."],
        &dir,
    );
    let text = super::support::stdout(&output);
    assert!(
        text.starts_with(
            "not applied (display only): logo.svg: the logo has live text (\"Tenvik\")"
        ),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("logo.svg")).unwrap(),
        WORDMARK
    );
    let output = super::support::mdelist(
        &[
            "fix",
            "--allow-dirty",
            "--today",
            "2026-11-22",
            "--font",
            DEJAVU_SANS,
            ".",
        ],
        &dir,
    );
    let text = super::support::stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("fixed logo.svg: viewBox 0 0 300 100 → ")
            && first.contains(
                "; added a <title>; outlined 1 <text> with the given font; proof: 64 px "
            )
            && first.ends_with("(the original is kept as logo.orig.svg)"),
        "{text}"
    );
    assert_eq!(text.lines().nth(1), Some("listing.toml: clean"), "{text}");
    let written = std::fs::read_to_string(dir.join("logo.svg")).unwrap();
    assert!(!written.contains("<text"), "{written}");
    assert_eq!(
        std::fs::read_to_string(dir.join("logo.orig.svg")).unwrap(),
        WORDMARK
    );
    let (_, report) = super::support::check_json(&dir, &[]);
    let logo_codes: Vec<String> = super::support::codes(&report)
        .into_iter()
        .filter(|code| code.starts_with("LOGO"))
        .collect();
    assert_eq!(logo_codes, Vec::<String>::new());
}

#[test]
fn font_files_that_cannot_be_used_are_refused_by_name() {
    let root = tempfile::tempdir().unwrap();
    let dir = listing_with_logo(root.path(), "repairable/square-already-fine.svg");
    std::fs::write(dir.join("logo.svg"), WORDMARK).unwrap();
    std::fs::write(dir.join("notes.ttf"), "not a font at all\n").unwrap();
    let large = std::fs::File::create(dir.join("huge.otf")).unwrap();
    large.set_len(32 * 1024 * 1024 + 1).unwrap();
    drop(large);
    std::fs::create_dir(dir.join("fonts")).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["notes.ttf"],
            "error: --font notes.ttf: is not a font (TrueType, OpenType or a collection of them)\n",
        ),
        (
            &["huge.otf"],
            "error: --font huge.otf: is larger than 32 MiB (33554433 bytes)\n",
        ),
        (
            &["fonts"],
            "error: --font fonts: is not a regular file (it is a folder)\n",
        ),
        (
            &["missing.ttf"],
            "error: --font missing.ttf: cannot be opened: not found\n",
        ),
        (
            &[
                DEJAVU_SANS,
                DEJAVU_SANS,
                DEJAVU_SANS,
                DEJAVU_SANS,
                DEJAVU_SANS,
            ],
            "error: --font is given 5 times; at most 4 fonts are read\n",
        ),
    ];
    for (fonts, expected) in cases {
        let mut args = vec!["fix", "--allow-dirty", "--today", "2026-11-22"];
        for font in fonts {
            args.extend(["--font", font]);
        }
        args.push(".");
        let output = super::support::mdelist(&args, &dir);
        assert_eq!(output.status.code(), Some(2), "{fonts:?}");
        assert_eq!(super::support::stderr(&output), expected, "{fonts:?}");
        assert_eq!(super::support::stdout(&output), "", "{fonts:?}");
        assert_eq!(
            std::fs::read_to_string(dir.join("logo.svg")).unwrap(),
            WORDMARK
        );
    }
}
