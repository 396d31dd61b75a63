//! LOGO: the square SVG logo. The analysis (`crate::svg`) has read, parsed, rendered and
//! measured it once; these rules turn its facts into findings.

use std::ops::Range;

use super::{Check, Context, Family, Findings, Limit, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::{Applicability, Diagnostic, Fix, Severity};
use crate::svg::work::HEAVY_WORK;
use crate::svg::{DoctypeKind, HazardKind, Logo, NotSvgKind, RenderError, SizeFinding};

const FIELD: &str = "product.logo";

/// Elements above which a logo is heavy for a tile.
pub const MAX_ELEMENTS: usize = 5_000;

/// The logo's analysis and the manifest's `product.logo` value.
fn logo<'a>(context: &Context<'a>) -> Option<(&'a Logo, &'a crate::manifest::Text)> {
    let text = context.package.listing.as_ref()?.logo.as_ref()?;
    Some((context.logo?, text))
}

/// Reports in the SVG file when there is text to point at, else at `product.logo`.
fn report<'f>(
    findings: &'f mut Findings,
    context: &Context,
    rule: &'static Rule,
    span: Option<Range<usize>>,
    message: String,
) -> Option<&'f mut Diagnostic> {
    let (logo, field) = logo(context)?;
    let diagnostic = match (&logo.source, span) {
        (Some(source), Some(span)) => findings.report_in(source, rule, FIELD, span, message),
        _ => findings.report(rule, FIELD, field.span.clone(), message),
    };
    diagnostic.fix = repair_fix(logo, rule.code);
    Some(diagnostic)
}

/// The fix a finding the logo repair addresses carries: no edits (the repair renders the logo
/// several times over for its proof, far more work than the check), but what `mdelist fix`
/// does about it. Display-only when the logo has live text, which no repair can outline
/// without the font.
fn repair_fix(logo: &Logo, code: &str) -> Option<Fix> {
    if !crate::fix::logo::REPAIRED_CODES.contains(&code) {
        return None;
    }
    // A logo the repair refuses before rendering (stretched, cropped, of unknown size) has no
    // fix to offer.
    let source = logo.source.as_ref()?;
    if crate::fix::logo::refused_before_rendering(source.text.as_bytes()).is_some() {
        return None;
    }
    let live_text = logo
        .hazards
        .iter()
        .any(|hazard| hazard.kind == HazardKind::Text);
    Some(if live_text {
        Fix {
            applicability: Applicability::DisplayOnly,
            message: "`mdelist fix --diff` shows the logo repair; it is not applied while the \
                      logo has live text, which needs its font to be outlined"
                .into(),
            edits: Vec::new(),
        }
    } else {
        Fix {
            applicability: Applicability::Safe,
            message: "run `mdelist fix`: it repairs the logo and writes the repair only when a \
                      pixel-by-pixel proof against the original holds"
                .into(),
            edits: Vec::new(),
        }
    })
}

fn hazards(logo: &Logo, kinds: &[HazardKind]) -> Vec<(Range<usize>, String, HazardKind)> {
    logo.hazards
        .iter()
        .filter(|hazard| kinds.contains(&hazard.kind))
        .map(|hazard| (hazard.span.clone(), hazard.detail.clone(), hazard.kind))
        .collect()
}

pub static LOGO001: Rule = Rule {
    code: "LOGO001",
    name: "logo-not-svg",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "the file is not an SVG document: other format (PNG, HTML, gzip/SVGZ…), malformed XML, root is not `<svg>` in the SVG namespace, not UTF-8, or beyond safe parsing limits (depth, element count)",
    docs: RuleDocs {
        what: "The logo is an uncompressed SVG document: UTF-8 text, well-formed XML, an <svg> \
               root in the SVG namespace, and within safe limits (128 levels of nesting, 50,000 \
               elements, <use> references expanding to at most 200,000 elements). PNG, JPEG, \
               HTML, PDF and gzip-compressed SVGZ files are recognised and named.",
        why: "The program requires an SVG logo; a raster or broken file cannot be scaled to \
              every tile size, and an oversized document is a denial-of-service risk for \
              whoever renders it.",
        example: "[product]\nlogo = \"logo.png\"   # a PNG renamed, or exported as PNG\n",
        fix: "Export the logo from the design tool as a plain SVG file (SVG 1.1, UTF-8, not \
              compressed).",
    },
    check: Check::Listing(not_svg),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn not_svg(context: &Context, findings: &mut Findings) {
    let Some((logo, field)) = logo(context) else {
        return;
    };
    // Why the logo cannot be used, and the kind of fix that helps: a fact from the pre-pass, or
    // what the render reported.
    enum Cause {
        NotSvg(NotSvgKind),
        TooHeavy,
    }
    let (reason, span, cause) = match (&logo.not_svg, &logo.render) {
        (Some(not_svg), _) => (
            not_svg.reason.clone(),
            not_svg.span.clone(),
            Cause::NotSvg(not_svg.kind),
        ),
        (None, Some(Err(RenderError::Invalid(message)))) => (
            format!("cannot be drawn: {message}"),
            None,
            Cause::NotSvg(NotSvgKind::Other),
        ),
        (None, Some(Err(RenderError::Failed(reason)))) => (
            format!("could not be rendered: {reason}"),
            None,
            Cause::NotSvg(NotSvgKind::Other),
        ),
        (None, Some(Err(RenderError::TooMuchWork { work, cap }))) => (
            format!(
                "could not be rendered: it needs an estimated {} million pixel operations, over \
                 the limit of {} million",
                millions(*work),
                millions(*cap)
            ),
            None,
            Cause::TooHeavy,
        ),
        (None, Some(Err(RenderError::TimedOut))) => (
            format!(
                "could not be rendered: rendering did not finish within {} s, so it was stopped",
                crate::svg::render::TIME_BUDGET.as_secs()
            ),
            None,
            Cause::TooHeavy,
        ),
        _ => return,
    };
    let help = match cause {
        Cause::TooHeavy => {
            "simplify the artwork: merge shapes, remove hidden layers and heavy filters"
        }
        Cause::NotSvg(NotSvgKind::Compressed) => {
            "decompress it and refer to the .svg: gunzip -c logo.svgz > logo.svg"
        }
        Cause::NotSvg(NotSvgKind::OverLimit) => {
            "simplify the artwork (merge paths, flatten groups, remove hidden layers) and export again"
        }
        Cause::NotSvg(NotSvgKind::NoNamespace) => {
            "add xmlns=\"http://www.w3.org/2000/svg\" to the <svg> element"
        }
        Cause::NotSvg(NotSvgKind::Other) => {
            "export the logo from your design tool as a plain SVG file (SVG 1.1, UTF-8)"
        }
    };
    let message = format!("logo {} {reason}", quote(&field.value));
    if let Some(diagnostic) = report(findings, context, &LOGO001, span, message) {
        diagnostic.with_help(help);
    }
}

pub static LOGO002: Rule = Rule {
    code: "LOGO002",
    name: "logo-not-square",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "the intrinsic aspect ratio is not 1:1 (tolerance 0.5 %); taken from `viewBox`, else from `width`/`height`; a square `width`/`height` with a non-square `viewBox` is reported too. The message gives both figures",
    docs: RuleDocs {
        what: "The logo is square: its viewBox (else its width and height) has an aspect ratio \
               of 1:1 within 0.5 %, and width and height, when both are given, agree with the \
               viewBox (otherwise the art is letterboxed, or stretched with \
               preserveAspectRatio=\"none\"). Units px, pt, pc, mm, cm and in are converted.",
        why: "The partner page shows logos in square tiles; a wide logo is shrunk to fit and \
              a stretched one is distorted.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 100\">…</svg>",
        fix: "Make the artboard square in the design tool and export again (Illustrator: \
              Object → Artboards → Artboard Options; Inkscape: File → Document Properties; \
              Figma: a square frame, exported as SVG), or give the logo a square viewBox (e.g. \
              viewBox=\"0 0 256 256\") with the artwork centred in it, and square (or no) width \
              and height. `mdelist fix` does the latter: a square viewBox centred on the \
              artwork's measured bounds, proved to draw the same pixels, the original kept as \
              logo.orig.svg.",
    },
    check: Check::Listing(not_square),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn not_square(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    for finding in &logo.size_findings {
        if let SizeFinding::NotSquare {
            message,
            span,
            against_view_box,
        } = finding
        {
            // `mdelist fix` repairs the frame, but not while live text makes the artwork
            // unmeasurable (the renders draw no text).
            let live_text = logo
                .hazards
                .iter()
                .any(|hazard| hazard.kind == HazardKind::Text);
            let help = match (*against_view_box, live_text) {
                (true, false) => {
                    "make width and height square too, or remove them and keep the square \
                     viewBox (`mdelist fix` does it)"
                }
                (true, true) => {
                    "make width and height square too, or remove them and keep the square viewBox"
                }
                (false, false) => {
                    "make the artboard square with the artwork centred, then export again \
                     (Illustrator: Object → Artboards → Artboard Options, equal width and height; \
                     Inkscape: File → Document Properties, equal width and height; Figma: put the \
                     logo in a square frame and export the frame as SVG), or run `mdelist fix`, \
                     which centres a square viewBox on the artwork and keeps the original"
                }
                (false, true) => {
                    "make the artboard square with the artwork centred, then export again \
                     (Illustrator: Object → Artboards → Artboard Options, equal width and height; \
                     Inkscape: File → Document Properties, equal width and height; Figma: put the \
                     logo in a square frame and export the frame as SVG); once its text is \
                     converted to outlines, `mdelist fix` can centre a square viewBox on it"
                }
            };
            if let Some(diagnostic) = report(
                findings,
                context,
                &LOGO002,
                Some(span.clone()),
                format!("logo is not square: {message}"),
            ) {
                diagnostic.with_help(help);
            }
        }
    }
}

pub static LOGO003: Rule = Rule {
    code: "LOGO003",
    name: "logo-no-viewbox",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "no `viewBox`: the logo will not scale cleanly",
    docs: RuleDocs {
        what: "The <svg> root has a viewBox.",
        why: "Without a viewBox the drawing has a fixed pixel size; tiles of other sizes crop \
              or pad it instead of scaling it.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\">…</svg>",
        fix: "Add viewBox=\"0 0 W H\" with the drawing's width and height.",
    },
    check: Check::Listing(no_view_box),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn no_view_box(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    for finding in &logo.size_findings {
        if let SizeFinding::NoViewBox { span } = finding
            && let Some(diagnostic) = report(
                findings,
                context,
                &LOGO003,
                Some(span.clone()),
                "logo has no viewBox, so it will not scale cleanly".into(),
            )
        {
            diagnostic
                .with_label("no viewBox")
                .with_help("add viewBox=\"0 0 W H\" with the drawing's width and height");
        }
    }
}

pub static LOGO004: Rule = Rule {
    code: "LOGO004",
    name: "logo-size-unresolvable",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "no usable size: zero or negative `viewBox`/`width`/`height`, or percentages with no `viewBox`",
    docs: RuleDocs {
        what: "The logo has a usable size: a viewBox with positive width and height, or \
               positive absolute width and height; percentages need a viewBox.",
        why: "Without a size the renderer guesses one, and the tile shows a crop or nothing.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"100%\">…</svg>",
        fix: "Add a viewBox with the drawing's size, e.g. viewBox=\"0 0 256 256\".",
    },
    check: Check::Listing(size_unresolvable),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn size_unresolvable(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    let mut reported = false;
    for finding in &logo.size_findings {
        if let SizeFinding::Unresolvable { message, span } = finding {
            reported = true;
            if let Some(diagnostic) = report(
                findings,
                context,
                &LOGO004,
                Some(span.clone()),
                format!("logo has no usable size: {message}"),
            ) {
                diagnostic.with_help(
                    "give the logo a viewBox with its size, e.g. viewBox=\"0 0 256 256\"",
                );
            }
        }
    }
    if !reported
        && matches!(logo.render, Some(Err(RenderError::Size)))
        && let Some(diagnostic) = report(
            findings,
            context,
            &LOGO004,
            None,
            "logo has no usable size: the renderer could not determine one".into(),
        )
    {
        diagnostic.with_help("give the logo a viewBox with its size, e.g. viewBox=\"0 0 256 256\"");
    }
}

/// The rules that report hazards one for one: code, hazard kinds, message prefix, help.
fn report_hazards(
    context: &Context,
    findings: &mut Findings,
    rule: &'static Rule,
    kinds: &[HazardKind],
    message: impl Fn(&str, HazardKind) -> String,
    help: &str,
) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    for (span, detail, kind) in hazards(logo, kinds) {
        if let Some(diagnostic) =
            report(findings, context, rule, Some(span), message(&detail, kind))
        {
            diagnostic.with_help(help);
        }
    }
}

pub static LOGO005: Rule = Rule {
    code: "LOGO005",
    name: "logo-script",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "`<script>`, any `on*` event attribute (any case), or a `javascript:` URL",
    docs: RuleDocs {
        what: "The logo carries no code: no <script> element, no event-handler attribute \
               (onload, onclick… in any letter case), and no javascript: URL.",
        why: "An SVG is a document that browsers can run; a logo with code is a cross-site \
              scripting vector on Microsoft's portal and is rejected.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\" onload=\"alert(1)\">…</svg>",
        fix: "Remove the script, handler or link; a logo needs none.",
    },
    check: Check::Listing(script),
    suppression: Suppression::Never,
    limits: &[],
};

fn script(context: &Context, findings: &mut Findings) {
    report_hazards(
        context,
        findings,
        &LOGO005,
        &[
            HazardKind::Script,
            HazardKind::EventHandler,
            HazardKind::JavascriptUrl,
        ],
        |detail, _| format!("logo contains {detail}"),
        "remove it: a logo carries no code, and the portal rejects logos that do",
    );
}

pub static LOGO006: Rule = Rule {
    code: "LOGO006",
    name: "logo-external-reference",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "any reference leaving the file: `href`/`xlink:href`, CSS `url()` or `@import` pointing to `http(s):`, `file:`, a relative or absolute path, or another document. Only `#fragment` references and `data:` images are internal",
    docs: RuleDocs {
        what: "Everything the logo draws is inside the file: href and xlink:href, CSS url() \
               and @import (in attributes and <style>), and xml-stylesheet instructions point \
               only at #fragments of the same document or at data: images. Nothing referenced \
               is ever fetched or read while checking.",
        why: "An external reference breaks the logo wherever the file travels without its \
              companions, leaks the viewer's address to a third party, and can read local files \
              in careless renderers.",
        example: "<image href=\"https://cdn.contoso.com/logo.png\" width=\"10\" height=\"10\"/>",
        fix: "Embed what is referenced (paths inline, raster images as data: URLs) or remove \
              the reference.",
    },
    check: Check::Listing(external_reference),
    suppression: Suppression::Never,
    limits: &[],
};

fn external_reference(context: &Context, findings: &mut Findings) {
    report_hazards(
        context,
        findings,
        &LOGO006,
        &[HazardKind::ExternalReference],
        |detail, _| format!("logo refers outside the file: {detail}"),
        "embed what it needs (paths inline, images as data: URLs) or remove the reference; \
         only #fragment references stay inside the file",
    );
}

pub static LOGO007: Rule = Rule {
    code: "LOGO007",
    name: "logo-embedded-raster",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "an `<image>` with embedded raster data: the logo is not truly vector",
    docs: RuleDocs {
        what: "The logo draws no embedded raster image (PNG, JPEG, GIF, WebP as a data: URL). \
               An embedded SVG document is reported too: it is not drawn by the checks.",
        why: "A raster inside an SVG blurs or pixelates when the tile scales it, which is what \
              the SVG requirement is meant to avoid.",
        example: "<image href=\"data:image/png;base64,iVBORw0KGgo…\" width=\"256\" height=\"256\"/>",
        fix: "Redraw or trace the artwork as vector shapes.",
    },
    check: Check::Listing(embedded_raster),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn embedded_raster(context: &Context, findings: &mut Findings) {
    report_hazards(
        context,
        findings,
        &LOGO007,
        &[HazardKind::EmbeddedRaster, HazardKind::EmbeddedSvg],
        |detail, kind| match kind {
            HazardKind::EmbeddedSvg => {
                "logo embeds another SVG document as an image, which the checks do not draw"
                    .to_string()
            }
            _ => format!("logo embeds a raster image ({detail}), so it is not truly vector"),
        },
        "redraw or trace the artwork as vector shapes",
    );
}

pub static LOGO008: Rule = Rule {
    code: "LOGO008",
    name: "logo-text-element",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "`<text>`: rendering depends on fonts the portal may not have; convert text to paths",
    docs: RuleDocs {
        what: "The logo draws no live <text>. The checks render without fonts, so text is \
               absent from the renders and measures.",
        why: "Text renders with whatever fonts the viewer has; the wordmark changes shape or \
              disappears on the portal.",
        example: "<text x=\"10\" y=\"40\" font-family=\"Segoe UI\">Contoso</text>",
        fix: "Convert the text to outlines in the design tool (Illustrator: Type → Create \
              Outlines; Inkscape: Path → Object to Path).",
    },
    check: Check::Listing(text_element),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn text_element(context: &Context, findings: &mut Findings) {
    report_hazards(
        context,
        findings,
        &LOGO008,
        &[HazardKind::Text],
        |detail, _| {
            if detail.is_empty() {
                "logo draws text with <text>".to_string()
            } else {
                format!("logo draws text with <text> ({})", quote(detail))
            }
        },
        "convert the text to outlines (Illustrator: Type → Create Outlines; Inkscape: Path → \
         Object to Path)",
    );
}

pub static LOGO009: Rule = Rule {
    code: "LOGO009",
    name: "logo-foreign-object",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "`<foreignObject>` (HTML inside SVG)",
    docs: RuleDocs {
        what: "The logo contains no <foreignObject>.",
        why: "A foreignObject embeds HTML, which renderers outside a browser drop and which \
              can carry active content.",
        example: "<foreignObject width=\"10\" height=\"10\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Contoso</div></foreignObject>",
        fix: "Draw the content with SVG shapes instead.",
    },
    check: Check::Listing(foreign_object),
    suppression: Suppression::Never,
    limits: &[],
};

fn foreign_object(context: &Context, findings: &mut Findings) {
    report_hazards(
        context,
        findings,
        &LOGO009,
        &[HazardKind::ForeignObject],
        |_, _| "logo contains <foreignObject> (HTML inside SVG)".to_string(),
        "remove it and draw the content with SVG shapes",
    );
}

pub static LOGO010: Rule = Rule {
    code: "LOGO010",
    name: "logo-doctype",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: Some(Severity::Warning),
    summary: "error for entity declarations or external DTD subsets (XXE, entity expansion); warning for a plain DOCTYPE, which is then ignored",
    docs: RuleDocs {
        what: "The logo has no DOCTYPE. A DOCTYPE with an internal subset (entity \
               declarations) or referring to a DTD other than the W3C SVG ones is an error; \
               a plain one (<!DOCTYPE svg> or the W3C SVG 1.0/1.1 declarations editors write) \
               is a warning and is ignored. No entity is ever expanded.",
        why: "Entity declarations enable entity-expansion bombs (\"billion laughs\") and \
              external entities (XXE) that read local files in careless parsers.",
        example: "<!DOCTYPE svg [ <!ENTITY a \"aaaaaaaaaa\"> <!ENTITY b \"&a;&a;&a;&a;\"> ]>",
        fix: "Remove the <!DOCTYPE …> declaration; SVG needs none. An Illustrator file saved \
              with its editing data (entities ns_ai, ns_extend …) is exported again instead: \
              File → Export → Export As…, format SVG.",
    },
    check: Check::Listing(doctype),
    suppression: Suppression::WarningOnly,
    limits: &[],
};

fn doctype(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    let Some(doctype) = &logo.doctype else {
        return;
    };
    let (message, severity) = match &doctype.kind {
        DoctypeKind::Plain => (
            "logo has a DOCTYPE declaration, which is ignored".to_string(),
            Severity::Warning,
        ),
        DoctypeKind::InternalSubset if doctype.illustrator => (
            "logo is an Illustrator file saved with its editing data (the entities ns_ai, \
             ns_extend … in its DOCTYPE); entities are never expanded"
                .to_string(),
            Severity::Error,
        ),
        DoctypeKind::InternalSubset => (
            "logo declares entities in its DOCTYPE; they are never expanded".to_string(),
            Severity::Error,
        ),
        DoctypeKind::ExternalSubset(system) => (
            format!(
                "logo's DOCTYPE refers to an external DTD ({}); it is never read",
                quote(system)
            ),
            Severity::Error,
        ),
    };
    if let Some(diagnostic) = report(
        findings,
        context,
        &LOGO010,
        Some(doctype.span.clone()),
        message,
    ) {
        let help = if doctype.illustrator {
            // Deleting the declaration leaves `&ns_ai;` references that no longer resolve.
            "export a plain SVG from Illustrator: File → Export → Export As…, format SVG (or \
             Save As SVG with \"Preserve Illustrator Editing Capabilities\" unticked); \
             deleting the DOCTYPE by hand leaves the file broken"
        } else {
            "remove the <!DOCTYPE …> declaration; SVG needs none"
        };
        diagnostic.with_severity(severity).with_help(help);
    }
}

pub static LOGO011: Rule = Rule {
    code: "LOGO011",
    name: "logo-file-size",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: Some(Severity::Error),
    summary: "warning above `logo_warn_bytes` (32 KiB), error above `logo_max_bytes` (1 MiB)",
    docs: RuleDocs {
        what: "The logo file is at most `limits.logo_warn_bytes` (default 32 KiB; a warning \
               above) and at most `limits.logo_max_bytes` (default 1 MiB; an error above).",
        why: "A tile-sized logo needs a few kilobytes; large files are usually editor metadata, \
              embedded rasters or unoptimised paths, and slow every page that shows them.",
        example: "A 2.4 MB logo.svg exported with an embedded 4K bitmap and editor metadata.",
        fix: "Remove editor metadata and hidden layers, simplify paths, or run it through an \
              SVG optimiser such as svgo.",
    },
    check: Check::Listing(file_size),
    suppression: Suppression::Allowed,
    limits: &[Limit::LogoWarnBytes, Limit::LogoMaxBytes],
};

fn kibibytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

fn file_size(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    let size = logo.byte_len as u64;
    let limits = context.limits;
    let (limit, severity) = if size > limits.logo_max_bytes {
        (limits.logo_max_bytes, Severity::Error)
    } else if size > limits.logo_warn_bytes {
        (limits.logo_warn_bytes, Severity::Warning)
    } else {
        return;
    };
    let message = format!(
        "logo is {} ({size} bytes); the {} is {}",
        kibibytes(size),
        if severity == Severity::Error {
            "limit"
        } else {
            "recommended maximum"
        },
        kibibytes(limit)
    );
    if let Some(diagnostic) = report(findings, context, &LOGO011, None, message) {
        diagnostic.with_severity(severity).with_help(
            "remove editor metadata and hidden layers, simplify paths, or run it through an SVG \
             optimiser such as svgo",
        );
    }
}

pub static LOGO012: Rule = Rule {
    code: "LOGO012",
    name: "logo-blank",
    family: Family::Logo,
    severity: Severity::Error,
    other_severity: None,
    summary: "renders to no visible pixel",
    docs: RuleDocs {
        what: "Rendered at 256 × 256 px on a transparent background, the logo draws at least \
               one visible pixel.",
        why: "A logo whose shapes have no fill, lie outside the viewBox, or rely on a missing \
              font or image shows as an empty tile.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect x=\"20\" width=\"5\" height=\"5\"/></svg>",
        fix: "Check that the artwork has a fill or stroke and lies inside the viewBox.",
    },
    check: Check::Listing(blank),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn blank(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    if logo
        .measures
        .as_ref()
        .is_some_and(|measures| measures.visible_pixels == 0)
        && let Some(diagnostic) = report(
            findings,
            context,
            &LOGO012,
            None,
            "logo renders to no visible pixel".into(),
        )
    {
        diagnostic.with_help(
            "check that the artwork has a fill or stroke and lies inside the viewBox (text and \
             external images are not drawn)",
        );
    }
}

pub static LOGO013: Rule = Rule {
    code: "LOGO013",
    name: "logo-artwork-placement",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "the visible artwork is tiny (its bounding box spans less than half the canvas in both directions) or off-centre (its centre more than 10 % of the canvas side from the canvas centre)",
    docs: RuleDocs {
        what: "In the 256 px render, the visible artwork spans at least half the canvas in one \
               direction, and its centre lies within 10 % of the canvas side from the middle.",
        why: "A tiny or off-centre drawing looks lost in the tile next to other partners' \
              logos.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\"><circle cx=\"80\" cy=\"80\" r=\"10\"/></svg>",
        fix: "Crop the viewBox to the artwork, with even margins.",
    },
    check: Check::Listing(placement),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

fn placement(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    let Some(measures) = &logo.measures else {
        return;
    };
    let (Some((width, height)), Some(offset)) = (measures.extent(), measures.centre_offset())
    else {
        return;
    };
    let mut problems = Vec::new();
    if width < 0.5 && height < 0.5 {
        problems.push(format!(
            "the artwork is tiny: it spans {} × {} of the canvas",
            percent(width),
            percent(height)
        ));
    }
    if offset > 0.1 {
        problems.push(format!(
            "the artwork is off-centre: its centre is {} of the canvas side from the middle",
            percent(offset)
        ));
    }
    for problem in problems {
        if let Some(diagnostic) = report(
            findings,
            context,
            &LOGO013,
            None,
            format!("logo: {problem}"),
        ) {
            diagnostic.with_help("crop the viewBox to the artwork, with even margins on all sides");
        }
    }
}

pub static LOGO014: Rule = Rule {
    code: "LOGO014",
    name: "logo-animation",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "`<animate>`, `<set>`, `<animateTransform>`, `<animateMotion>` or CSS animations",
    docs: RuleDocs {
        what: "The logo is static: no SMIL animation elements (animate, set, animateTransform, \
               animateMotion, animateColor) and no CSS animations or transitions.",
        why: "The tile is static; an animated logo shows an arbitrary frame, and motion \
              distracts in a list of partners.",
        example: "<animateTransform attributeName=\"transform\" type=\"rotate\" from=\"0\" to=\"360\" dur=\"2s\"/>",
        fix: "Remove the animation and keep the frame that represents the brand.",
    },
    check: Check::Listing(animation),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn animation(context: &Context, findings: &mut Findings) {
    report_hazards(
        context,
        findings,
        &LOGO014,
        &[HazardKind::Animation, HazardKind::CssAnimation],
        |detail, _| format!("logo is animated ({detail})"),
        "remove the animation; the partner page shows a static tile",
    );
}

pub static LOGO015: Rule = Rule {
    code: "LOGO015",
    name: "logo-low-contrast",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "on the portal's light background (#FFFFFF) or dark background (#1B1A19), most of the artwork (over 90 % of visible pixels) has a WCAG contrast ratio below 1.5:1 against it: the logo vanishes in that theme",
    docs: RuleDocs {
        what: "Composited on the portal's light theme (#FFFFFF) and dark theme (#1B1A19), at \
               most 90 % of the logo's visible pixels have a WCAG contrast ratio below 1.5:1 \
               against the background.",
        why: "The Defender portal has a light and a dark theme; a white logo vanishes on the \
              first, a black one on the second.",
        example: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#FFFFFF\"/></svg>",
        fix: "Add a contrasting outline or a background plate, or choose colours that stand \
              out on both #FFFFFF and #1B1A19.",
    },
    check: Check::Listing(low_contrast),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn low_contrast(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    let Some(measures) = logo.measures.as_ref().filter(|m| m.visible_pixels > 0) else {
        return;
    };
    for (theme, background, share) in [
        ("light", "#FFFFFF", measures.low_contrast_light),
        ("dark", "#1B1A19", measures.low_contrast_dark),
    ] {
        if share > 0.9 {
            let message = format!(
                "logo almost vanishes on the portal's {theme} theme ({background}): {} of its \
                 visible pixels have a contrast below 1.5:1",
                percent(share)
            );
            if let Some(diagnostic) = report(findings, context, &LOGO015, None, message) {
                diagnostic.with_help(
                    "add a contrasting outline or a background plate, or use colours that stand \
                     out on both #FFFFFF and #1B1A19",
                );
            }
        }
    }
}

pub static LOGO016: Rule = Rule {
    code: "LOGO016",
    name: "logo-complexity",
    family: Family::Logo,
    severity: Severity::Warning,
    other_severity: None,
    summary: "over 5,000 elements, or over an estimated 8 million pixel operations to render: heavy for a small tile (a logo over 50 million, or whose render overran the 3 s budget, is not rendered: `LOGO001`)",
    docs: RuleDocs {
        what: "The logo has at most 5,000 elements, and rendering it at the three tile sizes \
               takes at most an estimated 8 million pixel operations. The estimate is counted \
               from the document (nodes, path segments and dashes, the area of every fill, \
               stroke, layer, clip, mask and filter primitive, pattern tiles, embedded \
               pixels), so the verdict is the same on every machine. A logo over 50 million is \
               not rendered, and a render that overruns 3 s is stopped; both are `LOGO001` \
               errors, since the pixel rules could not look at it.",
        why: "A tile needs a simple drawing; thousands of elements or heavy filters slow every \
              page that shows the logo.",
        example: "An SVG traced from a photo, with 40,000 tiny paths.",
        fix: "Simplify the artwork: merge shapes, remove hidden layers and heavy filters.",
    },
    check: Check::Listing(complexity),
    suppression: Suppression::Allowed,
    limits: &[],
};

/// Work units in millions, for messages.
fn millions(work: u64) -> String {
    let millions = work / 1_000_000;
    let digits = millions.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

fn complexity(context: &Context, findings: &mut Findings) {
    let Some((logo, _)) = logo(context) else {
        return;
    };
    let mut problems = Vec::new();
    if logo.element_count > MAX_ELEMENTS {
        problems.push((
            Severity::Warning,
            format!(
                "logo has {} elements; over {MAX_ELEMENTS} is heavy for a small tile",
                logo.element_count
            ),
        ));
    }
    match &logo.render {
        Some(Ok(renders)) if renders.work > HEAVY_WORK => problems.push((
            Severity::Warning,
            format!(
                "rendering the logo takes an estimated {} million pixel operations (over {}): \
                 heavy for a small tile",
                millions(renders.work),
                millions(HEAVY_WORK)
            ),
        )),
        _ => {}
    }
    for (severity, problem) in problems {
        if let Some(diagnostic) = report(findings, context, &LOGO016, None, problem) {
            diagnostic.with_severity(severity).with_help(
                "simplify the artwork: merge shapes, remove hidden layers and heavy filters",
            );
        }
    }
}
