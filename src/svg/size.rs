//! The logo's intrinsic size from the document itself: `viewBox`, `width`/`height` with units,
//! `preserveAspectRatio`. Judged before rendering, so the message can give both figures.

use std::ops::Range;

use super::prepass::RootSizing;

/// Relative difference under which two aspect ratios count as equal (0.5 %).
pub const SQUARE_TOLERANCE: f64 = 0.005;

#[derive(Debug, Clone, PartialEq)]
pub enum SizeFinding {
    /// `LOGO002`: not square, with the figures and where. `against_view_box`: the canvas
    /// (`width`/`height`) disagrees with a square viewBox, so the art is letterboxed or
    /// stretched, rather than the document itself being oblong.
    NotSquare {
        message: String,
        span: Range<usize>,
        against_view_box: bool,
    },
    /// `LOGO003`: no viewBox.
    NoViewBox { span: Range<usize> },
    /// `LOGO004`: no usable size.
    Unresolvable { message: String, span: Range<usize> },
}

/// A length in CSS pixels, or a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Length {
    Pixels(f64),
    Percent(f64),
}

pub(crate) fn parse_length(value: &str) -> Result<Length, String> {
    let value = value.trim();
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(value.len());
    // "1e3" is a number, but "1em" has a unit: step back over an `e` that starts a unit.
    let split = if value[..split].ends_with(['e', 'E']) && split < value.len() {
        split - 1
    } else {
        split
    };
    let (number, unit) = value.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{value}` is not a length"))?;
    if !number.is_finite() {
        return Err(format!("`{value}` is not a finite length"));
    }
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "px" => 1.0,
        "pt" => 4.0 / 3.0,
        "pc" => 16.0,
        "mm" => 96.0 / 25.4,
        "cm" => 96.0 / 2.54,
        "in" => 96.0,
        // The CSS initial font size, as browsers use for a standalone SVG.
        "em" => 16.0,
        "ex" => 8.0,
        "%" => return Ok(Length::Percent(number)),
        other => return Err(format!("`{value}` has the unknown unit `{other}`")),
    };
    Ok(Length::Pixels(number * factor))
}

pub(crate) fn parse_view_box(value: &str) -> Result<[f64; 4], String> {
    let numbers: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<f64>().map_err(|_| ()))
        .collect::<Result<_, _>>()
        .map_err(|_| format!("viewBox \"{value}\" is not four numbers"))?;
    match numbers.as_slice() {
        [x, y, w, h] if numbers.iter().all(|n| n.is_finite()) => Ok([*x, *y, *w, *h]),
        _ => Err(format!("viewBox \"{value}\" is not four numbers")),
    }
}

fn figure(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

fn aspect(width: f64, height: f64) -> String {
    format!("{}:1", figure(width / height))
}

fn differs(a: f64, b: f64) -> bool {
    (a / b - 1.0).abs() > SQUARE_TOLERANCE
}

/// Judges the root's sizing attributes. An empty result means square and usable.
pub fn judge(sizing: &RootSizing) -> Vec<SizeFinding> {
    let mut findings = Vec::new();
    let root = sizing.root_span.clone();
    let length = |attribute: &Option<(String, Range<usize>)>| {
        attribute
            .as_ref()
            .map(|(value, span)| (parse_length(value), value.clone(), span.clone()))
    };
    let width = length(&sizing.width);
    let height = length(&sizing.height);
    for (name, parsed) in [("width", &width), ("height", &height)] {
        match parsed {
            Some((Err(message), _, span)) => {
                findings.push(SizeFinding::Unresolvable {
                    message: format!("{name} {message}"),
                    span: span.clone(),
                });
                return findings;
            }
            Some((Ok(Length::Pixels(px) | Length::Percent(px)), value, span)) if *px <= 0.0 => {
                findings.push(SizeFinding::Unresolvable {
                    message: format!("{name} is {value}; it must be above zero"),
                    span: span.clone(),
                });
                return findings;
            }
            _ => {}
        }
    }
    let pixels = |parsed: &Option<(Result<Length, String>, String, Range<usize>)>| match parsed {
        Some((Ok(Length::Pixels(px)), _, _)) => Some(*px),
        _ => None,
    };
    let (declared_width, declared_height) = (pixels(&width), pixels(&height));

    let Some((view_box_text, view_box_span)) = &sizing.view_box else {
        findings.push(SizeFinding::NoViewBox { span: root.clone() });
        let percent = [&width, &height].iter().find_map(|parsed| match parsed {
            Some((Ok(Length::Percent(_)), value, span)) => Some((value.clone(), span.clone())),
            _ => None,
        });
        if let Some((value, span)) = percent {
            findings.push(SizeFinding::Unresolvable {
                message: format!("a size of {value} needs a viewBox to resolve against"),
                span,
            });
            return findings;
        }
        match (declared_width, declared_height) {
            (Some(w), Some(h)) if differs(w, h) => findings.push(SizeFinding::NotSquare {
                message: format!(
                    "width × height is {} × {} (aspect {}), not square",
                    figure(w),
                    figure(h),
                    aspect(w, h)
                ),
                span: root,
                against_view_box: false,
            }),
            (Some(_), Some(_)) => {}
            _ => findings.push(SizeFinding::Unresolvable {
                message: "no viewBox and no width and height: the size is unknown".into(),
                span: root,
            }),
        }
        return findings;
    };

    let [_, _, vb_width, vb_height] = match parse_view_box(view_box_text) {
        Ok(numbers) => numbers,
        Err(message) => {
            findings.push(SizeFinding::Unresolvable {
                message,
                span: view_box_span.clone(),
            });
            return findings;
        }
    };
    if vb_width <= 0.0 || vb_height <= 0.0 {
        findings.push(SizeFinding::Unresolvable {
            message: format!(
                "viewBox is {} × {}; both must be above zero",
                figure(vb_width),
                figure(vb_height)
            ),
            span: view_box_span.clone(),
        });
        return findings;
    }
    if differs(vb_width, vb_height) {
        findings.push(SizeFinding::NotSquare {
            message: format!(
                "viewBox is {} × {} (aspect {}), not square",
                figure(vb_width),
                figure(vb_height),
                aspect(vb_width, vb_height)
            ),
            span: view_box_span.clone(),
            against_view_box: false,
        });
        return findings;
    }
    if let (Some(w), Some(h)) = (declared_width, declared_height)
        && differs(w / h, vb_width / vb_height)
    {
        let stretched = sizing
            .preserve_aspect_ratio
            .as_deref()
            .is_some_and(|value| value.trim().starts_with("none"));
        let effect = if stretched {
            "the art is stretched (preserveAspectRatio=\"none\")"
        } else {
            "the art is letterboxed inside a non-square canvas"
        };
        findings.push(SizeFinding::NotSquare {
            message: format!(
                "width × height is {} × {} but the viewBox is {} × {}: {effect}",
                figure(w),
                figure(h),
                figure(vb_width),
                figure(vb_height)
            ),
            span: root,
            against_view_box: true,
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizing(
        view_box: Option<&str>,
        width: Option<&str>,
        height: Option<&str>,
        par: Option<&str>,
    ) -> RootSizing {
        let attribute = |value: Option<&str>| value.map(|v| (v.to_string(), 0..1));
        RootSizing {
            view_box: attribute(view_box),
            width: attribute(width),
            height: attribute(height),
            preserve_aspect_ratio: par.map(str::to_string),
            root_span: 0..4,
        }
    }

    fn messages(findings: Vec<SizeFinding>) -> Vec<String> {
        findings
            .into_iter()
            .map(|finding| match finding {
                SizeFinding::NotSquare { message, .. } => format!("LOGO002 {message}"),
                SizeFinding::NoViewBox { .. } => "LOGO003".into(),
                SizeFinding::Unresolvable { message, .. } => format!("LOGO004 {message}"),
            })
            .collect()
    }

    #[test]
    fn square_documents_pass_in_any_unit_and_separator() {
        for (vb, w, h) in [
            (Some("0 0 256 256"), None, None),
            (Some("0,0,100,100.4"), Some("1in"), Some("96px")),
            (Some("-5 -5 10 10"), Some("100%"), Some("100%")),
            (Some("0 0 1e2 100"), Some("6pc"), Some("1in")),
        ] {
            assert!(
                judge(&sizing(vb, w, h, None)).is_empty(),
                "{vb:?} {w:?} {h:?}"
            );
        }
        // Without a viewBox only LOGO003 is said, when width and height agree.
        assert_eq!(
            messages(judge(&sizing(None, Some("2.54cm"), Some("72pt"), None))),
            ["LOGO003"]
        );
    }

    #[test]
    fn not_square_letterboxed_and_stretched() {
        assert_eq!(
            messages(judge(&sizing(Some("0 0 200 100"), None, None, None))),
            ["LOGO002 viewBox is 200 × 100 (aspect 2:1), not square"]
        );
        assert_eq!(
            messages(judge(&sizing(
                Some("0 0 100 100"),
                Some("256"),
                Some("128"),
                None
            ))),
            [
                "LOGO002 width × height is 256 × 128 but the viewBox is 100 × 100: the art is letterboxed inside a non-square canvas"
            ]
        );
        assert_eq!(
            messages(judge(&sizing(
                Some("0 0 100 100"),
                Some("300"),
                Some("200"),
                Some("none")
            ))),
            [
                "LOGO002 width × height is 300 × 200 but the viewBox is 100 × 100: the art is stretched (preserveAspectRatio=\"none\")"
            ]
        );
        assert_eq!(
            messages(judge(&sizing(None, Some("64mm"), Some("32mm"), None))),
            [
                "LOGO003",
                "LOGO002 width × height is 241.89 × 120.94 (aspect 2:1), not square"
            ]
        );
    }

    #[test]
    fn unusable_sizes() {
        assert_eq!(
            messages(judge(&sizing(Some("0 0 0 100"), None, None, None))),
            ["LOGO004 viewBox is 0 × 100; both must be above zero"]
        );
        assert_eq!(
            messages(judge(&sizing(None, Some("100%"), Some("100%"), None))),
            [
                "LOGO003",
                "LOGO004 a size of 100% needs a viewBox to resolve against"
            ]
        );
        assert_eq!(
            messages(judge(&sizing(None, None, None, None))),
            [
                "LOGO003",
                "LOGO004 no viewBox and no width and height: the size is unknown"
            ]
        );
        assert_eq!(
            messages(judge(&sizing(Some("0 0 1 1"), Some("-4"), None, None))),
            ["LOGO004 width is -4; it must be above zero"]
        );
        assert_eq!(
            messages(judge(&sizing(Some("0 0 a b"), None, None, None))),
            ["LOGO004 viewBox \"0 0 a b\" is not four numbers"]
        );
        // A billion-pixel declaration is just a size: square, fine.
        assert!(
            judge(&sizing(
                Some("0 0 1000000000 1000000000"),
                Some("1000000000"),
                Some("1000000000"),
                None
            ))
            .is_empty()
        );
    }
}
