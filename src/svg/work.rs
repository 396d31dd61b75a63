//! A deterministic estimate of the work of rendering a parsed logo: the same number for the same
//! document on every machine, whatever its load. It counts what the rasterizer pays for — nodes,
//! path segments and dashes, the pixels each fill, stroke, layer, clip, mask and filter primitive
//! covers at the render size, pattern tiles, embedded raster pixels — in units of about one
//! pixel written. `LOGO016` warns above [`HEAVY_WORK`]; a document above [`MAX_WORK`] is not
//! rendered at all.

use resvg::usvg;

/// Work above which a logo is heavy for a tile (`LOGO016`). The example logo needs 0.2 million;
/// on the machine the constants were measured on (one core of a shared 2-core virtual machine)
/// one unit took 6 to 56 ns depending on the kind of work, about 30 ns typically, so this much
/// work takes about a quarter of a second.
pub const HEAVY_WORK: u64 = 8_000_000;
/// Work above which a logo is not rendered: about a second and a half on that machine, half of
/// the render budget, which stays as a safety stop.
pub const MAX_WORK: u64 = 50_000_000;

/// Units for a node visited, whatever it draws.
const NODE: u64 = 200;
/// Units per path segment (flattening, edge building).
const SEGMENT: u64 = 50;
/// Units per dash of a dashed stroke (each dash is a path of its own).
const DASH: u64 = 64;

/// The estimated work of rendering `tree` once at each of `sides` (px, square).
pub fn estimate(tree: &usvg::Tree, sides: &[u32]) -> u64 {
    let size = tree.size();
    let longest = size.width().max(size.height());
    sides.iter().fold(0u64, |total, side| {
        let side = f64::from(*side);
        let scale = if longest > 0.0 {
            side / f64::from(longest)
        } else {
            0.0
        };
        let walk = Walk {
            // resvg never makes a layer larger than 5 × 5 canvases.
            layer_cap: (5.0 * side) * (5.0 * side),
        };
        total.saturating_add(walk.group(tree.root(), scale))
    })
}

struct Walk {
    layer_cap: f64,
}

/// Pixels, as work units, saturating; a non-finite area counts as the cap.
fn units(area: f64) -> u64 {
    if area.is_finite() && area >= 0.0 {
        if area >= u64::MAX as f64 {
            u64::MAX
        } else {
            area as u64
        }
    } else {
        u64::MAX
    }
}

/// The larger axis scale of a transform.
fn transform_scale(transform: usvg::Transform) -> f64 {
    let (sx, sy) = transform.get_scale();
    f64::from(sx.max(sy))
}

fn rect_area(rect: usvg::Rect, scale: f64) -> f64 {
    f64::from(rect.width()) * f64::from(rect.height()) * scale * scale
}

impl Walk {
    /// Device area of a rectangle, capped at the largest layer resvg would allocate.
    fn covered(&self, area: f64) -> f64 {
        if area.is_finite() {
            area.min(self.layer_cap)
        } else {
            self.layer_cap
        }
    }

    /// `scale` maps the group's root coordinates (where `abs_*` geometry lives) to pixels.
    fn group(&self, group: &usvg::Group, scale: f64) -> u64 {
        let mut work = NODE;
        if group.should_isolate() {
            let layer = self.covered(rect_area(group.abs_layer_bounding_box().to_rect(), scale));
            // The layer is allocated, drawn into and composited back.
            work = work.saturating_add(units(2.0 * layer));
            if let Some(clip) = group.clip_path() {
                work = work.saturating_add(self.clip(clip, scale, layer));
            }
            if let Some(mask) = group.mask() {
                work = work.saturating_add(self.mask(mask, scale, layer));
            }
            let factor = transform_scale(group.abs_transform()) * scale;
            for filter in group.filters() {
                work = work.saturating_add(self.filter(filter, factor));
            }
        }
        for node in group.children() {
            work = work.saturating_add(self.node(node, scale));
        }
        work
    }

    fn clip(&self, clip: &usvg::ClipPath, scale: f64, layer: f64) -> u64 {
        let mut work = units(2.0 * layer).saturating_add(self.group(clip.root(), scale));
        if let Some(inner) = clip.clip_path() {
            work = work.saturating_add(self.clip(inner, scale, layer));
        }
        work
    }

    fn mask(&self, mask: &usvg::Mask, scale: f64, layer: f64) -> u64 {
        let mut work = units(3.0 * layer).saturating_add(self.group(mask.root(), scale));
        if let Some(inner) = mask.mask() {
            work = work.saturating_add(self.mask(inner, scale, layer));
        }
        work
    }

    /// Every primitive works over the filter region (which resvg fits into the layer cap);
    /// some do much more per pixel.
    fn filter(&self, filter: &usvg::filter::Filter, factor: f64) -> u64 {
        use usvg::filter::Kind;
        let region = self.covered(rect_area(filter.rect().to_rect(), factor));
        filter.primitives().iter().fold(0u64, |work, primitive| {
            let per_pixel = match primitive.kind() {
                // Three box blurs each way.
                Kind::GaussianBlur(_) | Kind::DropShadow(_) => 8.0,
                Kind::Morphology(morphology) => {
                    let rx = f64::from(morphology.radius_x().get()) * factor;
                    let ry = f64::from(morphology.radius_y().get()) * factor;
                    (2.0 * rx + 1.0) * (2.0 * ry + 1.0) / 4.0
                }
                Kind::ConvolveMatrix(matrix) => {
                    f64::from(matrix.matrix().columns()) * f64::from(matrix.matrix().rows())
                }
                Kind::Turbulence(turbulence) => 16.0 * f64::from(turbulence.num_octaves().max(1)),
                Kind::DiffuseLighting(_) | Kind::SpecularLighting(_) => 16.0,
                Kind::Image(image) => {
                    return work
                        .saturating_add(units(region))
                        .saturating_add(self.group(image.root(), factor));
                }
                _ => 2.0,
            };
            work.saturating_add(units(region * per_pixel.max(1.0)))
        })
    }

    fn node(&self, node: &usvg::Node, scale: f64) -> u64 {
        match node {
            usvg::Node::Group(group) => self.group(group, scale),
            usvg::Node::Path(path) => self.path(path, scale),
            usvg::Node::Image(image) => {
                let drawn = self.covered(rect_area(image.abs_bounding_box(), scale));
                let decoded = match image.kind() {
                    usvg::ImageKind::SVG(tree) => {
                        return units(drawn).saturating_add(
                            self.group(tree.root(), scale * transform_scale(image.abs_transform())),
                        );
                    }
                    usvg::ImageKind::PNG(data)
                    | usvg::ImageKind::JPEG(data)
                    | usvg::ImageKind::GIF(data)
                    | usvg::ImageKind::WEBP(data) => imagesize::blob_size(data)
                        .map(|size| size.width as f64 * size.height as f64)
                        .unwrap_or(0.0),
                };
                NODE.saturating_add(units(drawn + 4.0 * decoded))
            }
            usvg::Node::Text(text) => self.group(text.flattened(), scale),
        }
    }

    fn path(&self, path: &usvg::Path, scale: f64) -> u64 {
        let data = path.data();
        let segments = data.verbs().len() as u64;
        let mut work = NODE.saturating_add(segments.saturating_mul(SEGMENT));
        if !path.is_visible() {
            return work;
        }
        let path_scale = transform_scale(path.abs_transform()) * scale;
        if let Some(fill) = path.fill() {
            let area = self.covered(rect_area(path.abs_bounding_box(), scale));
            work = work.saturating_add(units(area)).saturating_add(self.paint(
                fill.paint(),
                path_scale,
                area,
            ));
        }
        if let Some(stroke) = path.stroke() {
            let area = self.covered(rect_area(path.abs_stroke_bounding_box(), scale));
            work = work
                .saturating_add(units(2.0 * area))
                .saturating_add(self.paint(stroke.paint(), path_scale, area));
            if let Some(dashes) = stroke.dasharray() {
                let period: f64 = dashes.iter().map(|dash| f64::from(dash.abs())).sum();
                let length = polyline_length(data);
                let count = if period > 0.0 {
                    length / period
                } else {
                    f64::INFINITY
                };
                work = work.saturating_add(units(count).saturating_mul(DASH));
            }
        }
        work
    }

    /// A pattern is drawn once into a tile pixmap at device resolution, then repeated.
    fn paint(&self, paint: &usvg::Paint, path_scale: f64, area: f64) -> u64 {
        let usvg::Paint::Pattern(pattern) = paint else {
            return 0;
        };
        let tile_scale = path_scale * transform_scale(pattern.transform());
        let rect = pattern.rect();
        // The tile pixmap is not capped by resvg: its whole area counts.
        let tile = f64::from(rect.width()) * f64::from(rect.height()) * tile_scale * tile_scale;
        units(tile + area).saturating_add(self.group(pattern.root(), tile_scale))
    }
}

/// The length of the path's control polygon: at least the length of the curve.
fn polyline_length(path: &resvg::tiny_skia::Path) -> f64 {
    path.points()
        .windows(2)
        .map(|pair| {
            let dx = f64::from(pair[1].x - pair[0].x);
            let dy = f64::from(pair[1].y - pair[0].y);
            dx.hypot(dy)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(body: &str) -> u64 {
        let text = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">{body}</svg>"#
        );
        let tree = usvg::Tree::from_str(&text, &usvg::Options::default()).unwrap();
        estimate(&tree, &[64, 128, 256])
    }

    #[test]
    fn the_estimate_is_exact_and_grows_with_what_is_drawn() {
        let square = r##"<rect width="128" height="128" fill="#0F4C81"/>"##;
        // Per size: the root group and the rect (2 nodes), 5 segments, the covered pixels.
        let expected: u64 = [64u64, 128, 256]
            .iter()
            .map(|side| NODE + NODE + 5 * SEGMENT + (side / 2) * (side / 2))
            .sum();
        assert_eq!(work(square), expected);
        assert!(work(&square.repeat(2)) > work(square));
        let blurred = r##"<filter id="f"><feGaussianBlur stdDeviation="4"/></filter><rect width="128" height="128" fill="#0F4C81" filter="url(#f)"/>"##;
        assert!(work(blurred) > 2 * work(square));
    }

    #[test]
    fn a_pattern_tile_counts_with_its_whole_area() {
        // The 260-byte logo that aborted the rasterizer: a tile 9,000,000 units wide.
        let bomb = r##"<pattern id="p" width="9000000" height="10" patternUnits="userSpaceOnUse"><rect width="5" height="5"/></pattern><rect width="256" height="256" fill="url(#p)"/>"##;
        assert!(work(bomb) > MAX_WORK, "{}", work(bomb));
    }

    #[test]
    fn the_example_logo_is_far_from_heavy() {
        let text = include_str!("../../examples/contoso-cognito/logo.svg");
        let tree = usvg::Tree::from_str(text, &usvg::Options::default()).unwrap();
        let work = estimate(&tree, &[64, 128, 256]);
        assert!(work < HEAVY_WORK / 10, "{work}");
    }
}
