//! The indicator charts as PNG images for a Word document: the SVG that
//! the HTML export shows ([`crate::publish::chart::svg`]), rasterised by
//! resvg, so a chart is drawn once.

use std::sync::OnceLock;

use resvg::{tiny_skia, usvg};

/// Pixels per SVG unit: twice the size, sharp when printed.
const SCALE: f32 = 2.0;

/// Returns the fonts of the system, loaded once per process (scanning
/// them takes tens of milliseconds), with a sans-serif family that is
/// really there for the charts' `sans-serif`.
fn fonts() -> &'static std::sync::Arc<usvg::fontdb::Database> {
    static DB: OnceLock<std::sync::Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        let families: Vec<String> = db.faces().flat_map(|f| f.families.iter().map(|(name, _)| name.clone())).collect();
        if let Some(f) = ["Liberation Sans", "DejaVu Sans", "Arial", "Helvetica", "Noto Sans", "Carlito"]
            .into_iter()
            .find(|want| families.iter().any(|f| f == want))
        {
            db.set_sans_serif_family(f);
        }
        std::sync::Arc::new(db)
    })
}

/// Returns true when the system has fonts for the charts' labels.
pub fn has_fonts() -> bool {
    !fonts().is_empty()
}

/// A chart as a PNG and its size in SVG units (pixels at 96 dpi).
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: f32,
    pub height: f32,
}

/// Returns `svg` as a PNG on a white ground, or `None` when resvg cannot
/// read it (the chart module writes it, so that would be a bug there; the
/// document then goes without the image rather than not at all).
pub fn png(svg: &str) -> Option<Png> {
    let opt = usvg::Options { fontdb: fonts().clone(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &opt).ok()?;
    let size = tree.size();
    let (w, h) = ((size.width() * SCALE).ceil() as u32, (size.height() * SCALE).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(SCALE, SCALE), &mut pixmap.as_mut());
    let bytes = pixmap.encode_png().ok()?;
    Some(Png { bytes, width: size.width(), height: size.height() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_a_png_of_twice_its_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40" height="20"><rect x="0" y="0" width="20" height="20" fill="#1d4f91"/><text x="22" y="14" font-family="sans-serif">1</text></svg>"##;
        let p = png(svg).expect("renders");
        assert!(p.bytes.starts_with(b"\x89PNG"));
        assert_eq!((p.width, p.height), (40.0, 20.0));
        // The IHDR chunk holds the size in pixels.
        assert_eq!(&p.bytes[16..24], &[0, 0, 0, 80, 0, 0, 0, 40]);
        assert!(png("<not svg").is_none());
    }
}
