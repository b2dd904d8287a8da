//! The small charts of the MRC's digest (Code 9.6, 9.7): the trend of timeliness over the
//! last periods and the period's complaints by category. plotters lays each chart out as SVG;
//! resvg draws it as a PNG with a font typst ships (Libertinus Serif), so the machine's fonts
//! do not matter and nothing is fetched. The email carries each PNG inline, with alt text
//! that says what the chart shows and its figures as a table beside it, so a reader who
//! cannot see the image, or whose mail client hides images, has the same information.

use plotters::prelude::*;
use redress_domain::values::words;
use redress_store::outbox::InlineImage;
use redress_store::performance::Rate;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The size a chart is shown at, in CSS pixels. It is drawn at twice that, so that it stays
/// sharp on high-density screens.
pub const WIDTH: u32 = 600;
pub const HEIGHT: u32 = 300;
const SCALE: f32 = 2.0;
/// The categories a chart shows by name; the rest are added up as one bar.
const CATEGORIES_SHOWN: usize = 8;
const FONT: &str = "Libertinus Serif";
/// GOV.UK blue and purple: each at least 3:1 against white (WCAG 2.2, 1.4.11), and the two
/// series differ by marker and line as well as colour.
const STAGE1: RGBColor = RGBColor(29, 112, 184);
const STAGE2: RGBColor = RGBColor(76, 44, 146);
const INK: RGBColor = RGBColor(11, 12, 12);
const GRID: RGBColor = RGBColor(177, 180, 182);

/// A chart, drawn, with what a reader needs without the image.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The Content-ID the HTML names the image by.
    pub cid: String,
    pub title: String,
    /// What the chart shows, in a sentence or two, for the image's `alt`.
    pub alt: String,
    /// The figures drawn, as a table: its column headings and rows.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub png: Vec<u8>,
}

impl Chart {
    /// The chart for a template: everything but the image, which travels as an inline part.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "cid": self.cid, "title": self.title, "alt": self.alt,
            "columns": self.columns, "rows": self.rows,
            "width": WIDTH, "height": HEIGHT,
        })
    }

    pub fn inline(&self) -> InlineImage {
        InlineImage {
            cid: self.cid.clone(),
            content_type: "image/png".to_owned(),
            bytes: self.png.clone(),
        }
    }
}

/// One period's timeliness: responses sent within the Code's timescales at each stage.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    /// The period as the axis names it: "Nov 2026", "Oct–Dec 2026".
    pub label: String,
    pub stage1: Rate,
    pub stage2: Rate,
}

fn rate_cell(r: &Rate) -> String {
    match r.pct {
        Some(pct) => format!("{pct:.1}% ({} of {})", r.count, r.of),
        None => "no responses".to_owned(),
    }
}

/// How one stage went over the periods, for the alt text.
fn trend_phrase(stage: &str, points: &[(&str, Option<f64>)]) -> String {
    let known: Vec<&(&str, Option<f64>)> = points.iter().filter(|(_, p)| p.is_some()).collect();
    match (known.first(), known.last()) {
        (Some((l0, Some(p0))), Some((l1, Some(p1)))) if known.len() > 1 => {
            let went = if p1 > p0 {
                "rose"
            } else if p1 < p0 {
                "fell"
            } else {
                "stayed"
            };
            if went == "stayed" {
                format!("{stage}: {p1:.1}% in {l0} and in {l1}")
            } else {
                format!("{stage}: {went} from {p0:.1}% in {l0} to {p1:.1}% in {l1}")
            }
        }
        (Some((l0, Some(p0))), _) => {
            format!("{stage}: {p0:.1}% in {l0}, the only period with responses")
        }
        _ => format!("{stage}: no responses in these periods"),
    }
}

/// The trend of timeliness: the share of stage 1 and stage 2 responses sent within the
/// Code's timescales (Code 5.6, 6.5, 6.14), period by period, the oldest first.
pub fn timeliness_trend(points: &[TrendPoint]) -> anyhow::Result<Chart> {
    let labels: Vec<String> = points.iter().map(|p| p.label.clone()).collect();
    let n = i32::try_from(points.len()).unwrap_or(i32::MAX);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        drawn(root.fill(&WHITE))?;
        let mut chart = drawn(
            ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(32)
                .y_label_area_size(48)
                .build_cartesian_2d(bands(n), 0f64..100f64),
        )?;
        let label_of = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => usize::try_from(*i)
                .ok()
                .and_then(|i| labels.get(i).cloned())
                .unwrap_or_default(),
            _ => String::new(),
        };
        drawn(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE)
                .bold_line_style(GRID.stroke_width(1))
                .axis_style(INK.stroke_width(1))
                .x_labels(points.len())
                .y_labels(6)
                .x_label_formatter(&label_of)
                .y_label_formatter(&|v: &f64| format!("{v:.0}%"))
                .label_style((FONT, 14).into_font().color(&INK))
                .draw(),
        )?;
        for (stage, colour, pick) in [
            (
                "Stage 1",
                STAGE1,
                (|p: &TrendPoint| p.stage1) as fn(&TrendPoint) -> Rate,
            ),
            ("Stage 2", STAGE2, |p: &TrendPoint| p.stage2),
        ] {
            // A period without responses breaks the line rather than joining across it.
            let values: Vec<(i32, Option<f64>)> = points
                .iter()
                .zip(0..)
                .map(|(p, i)| (i, pick(p).pct))
                .collect();
            let style = colour.stroke_width(3);
            for run in values.split(|(_, v)| v.is_none()) {
                let line: Vec<(SegmentValue<i32>, f64)> = run
                    .iter()
                    .filter_map(|(i, v)| v.map(|v| (SegmentValue::CenterOf(*i), v)))
                    .collect();
                drawn(chart.draw_series(LineSeries::new(line, style)))?;
            }
            let marks = values
                .iter()
                .filter_map(|(i, v)| v.map(|v| (SegmentValue::CenterOf(*i), v)));
            let series = if stage == "Stage 1" {
                drawn(chart.draw_series(marks.map(|c| Circle::new(c, 5, colour.filled()))))?
            } else {
                drawn(chart.draw_series(marks.map(|c| TriangleMarker::new(c, 7, colour.filled()))))?
            };
            series.label(stage).legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3))
            });
        }
        drawn(
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .background_style(WHITE.mix(0.9))
                .border_style(INK)
                .label_font((FONT, 14).into_font().color(&INK))
                .draw(),
        )?;
        drawn(root.present())?;
    }
    let stage1: Vec<(&str, Option<f64>)> = points
        .iter()
        .map(|p| (p.label.as_str(), p.stage1.pct))
        .collect();
    let stage2: Vec<(&str, Option<f64>)> = points
        .iter()
        .map(|p| (p.label.as_str(), p.stage2.pct))
        .collect();
    let alt = format!(
        "Line chart of the share of responses sent within the Code's timescales, {} periods from {} to {}. {}. {}. The figures are in the table below the chart.",
        points.len(),
        points.first().map(|p| p.label.as_str()).unwrap_or_default(),
        points.last().map(|p| p.label.as_str()).unwrap_or_default(),
        trend_phrase("Stage 1", &stage1),
        trend_phrase("Stage 2", &stage2),
    );
    Ok(Chart {
        cid: "timeliness-trend".to_owned(),
        title: "Responses sent within the timescales".to_owned(),
        alt,
        columns: vec![
            "Period".to_owned(),
            "Stage 1 responses in time".to_owned(),
            "Stage 2 responses in time".to_owned(),
        ],
        rows: points
            .iter()
            .map(|p| vec![p.label.clone(), rate_cell(&p.stage1), rate_cell(&p.stage2)])
            .collect(),
        png: png(&svg)?,
    })
}

/// The period's complaints received by category, the largest first; past the first few,
/// the rest as one bar.
pub fn by_category(period: &str, counts: &[(String, u64)]) -> anyhow::Result<Chart> {
    let mut sorted: Vec<(String, u64)> = counts
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|(k, c)| (words(k), *c))
        .collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if sorted.len() > CATEGORIES_SHOWN {
        let rest: u64 = sorted[CATEGORIES_SHOWN - 1..].iter().map(|(_, c)| c).sum();
        let others = sorted.len() - (CATEGORIES_SHOWN - 1);
        sorted.truncate(CATEGORIES_SHOWN - 1);
        sorted.push((format!("{others} other categories"), rest));
    }
    let most = sorted.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let n = i32::try_from(sorted.len()).unwrap_or(i32::MAX);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        drawn(root.fill(&WHITE))?;
        let mut chart = drawn(
            ChartBuilder::on(&root)
                .margin(12)
                .margin_right(40)
                .x_label_area_size(28)
                .y_label_area_size(190)
                .build_cartesian_2d(0u64..(most.max(1) + most.div_ceil(8)), bands(n)),
        )?;
        // The largest at the top: the top band is the last.
        let name_of = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => usize::try_from(n - 1 - *i)
                .ok()
                .and_then(|i| sorted.get(i).map(|(name, _)| name.clone()))
                .unwrap_or_default(),
            _ => String::new(),
        };
        drawn(
            chart
                .configure_mesh()
                .disable_y_mesh()
                .light_line_style(WHITE)
                .bold_line_style(GRID.stroke_width(1))
                .axis_style(INK.stroke_width(1))
                .y_labels(sorted.len().max(1))
                .x_labels(6)
                .y_label_formatter(&name_of)
                .x_label_formatter(&|v: &u64| v.to_string())
                .label_style((FONT, 14).into_font().color(&INK))
                .draw(),
        )?;
        let bars = sorted.iter().zip(0..).map(|((_, count), rank)| {
            let i = n - 1 - rank;
            let mut bar = Rectangle::new(
                [
                    (0u64, SegmentValue::Exact(i)),
                    (*count, SegmentValue::Exact(i + 1)),
                ],
                STAGE1.filled(),
            );
            bar.set_margin(5, 5, 0, 0);
            bar
        });
        drawn(chart.draw_series(bars))?;
        let values = sorted.iter().zip(0..).map(|((_, count), rank)| {
            EmptyElement::at((*count, SegmentValue::CenterOf(n - 1 - rank)))
                + Text::new(
                    count.to_string(),
                    (6, -8),
                    (FONT, 14).into_font().color(&INK),
                )
        });
        drawn(chart.draw_series(values))?;
        drawn(root.present())?;
    }
    let listed: Vec<String> = sorted
        .iter()
        .map(|(k, c)| format!("{} {c}", k.to_lowercase()))
        .collect();
    let alt = if listed.is_empty() {
        format!("Bar chart of complaints received in {period} by category: none were received.")
    } else {
        format!(
            "Bar chart of complaints received in {period} by category, the largest first: {}. The figures are in the table below the chart.",
            listed.join(", ")
        )
    };
    Ok(Chart {
        cid: "by-category".to_owned(),
        title: format!("Complaints received by category, {period}"),
        alt,
        columns: vec!["Category".to_owned(), "Complaints".to_owned()],
        rows: sorted
            .iter()
            .map(|(k, c)| vec![k.clone(), c.to_string()])
            .collect(),
        png: png(&svg)?,
    })
}

/// `n` bands, one per value from 0: plotters' segmented range has one band per value up to
/// and including the range's end.
fn bands(
    n: i32,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32> {
    (0..(n - 1).max(0)).into_segmented()
}

fn drawn<T, E: std::fmt::Display>(r: Result<T, E>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("drawing a chart: {e}"))
}

/// The fonts the charts are drawn with: typst's, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for data in typst_assets::fonts() {
                db.load_font_data(data.to_vec());
            }
            db.set_serif_family(FONT);
            db.set_sans_serif_family(FONT);
            Arc::new(db)
        })
        .clone()
}

/// Draws an SVG as a PNG at twice its size.
fn png(svg: &str) -> anyhow::Result<Vec<u8>> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: FONT.to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size().scale_by(SCALE);
    let size = size.ok_or_else(|| anyhow::anyhow!("a chart has no size"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("a chart has no size"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap.encode_png()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(count: u64, of: u64) -> Rate {
        Rate::new(count, of)
    }

    /// The PNG's width and height, from its IHDR chunk.
    fn dimensions(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (be(&png[16..20]), be(&png[20..24]))
    }

    #[test]
    fn the_trend_is_drawn_with_its_alt_text_and_table() {
        let points = vec![
            TrendPoint {
                label: "Sep 2026".into(),
                stage1: rate(6, 10),
                stage2: rate(0, 0),
            },
            TrendPoint {
                label: "Oct 2026".into(),
                stage1: rate(7, 10),
                stage2: rate(1, 2),
            },
            TrendPoint {
                label: "Nov 2026".into(),
                stage1: rate(9, 10),
                stage2: rate(2, 2),
            },
        ];
        let c = timeliness_trend(&points).unwrap();
        assert_eq!(dimensions(&c.png), (WIDTH * 2, HEIGHT * 2));
        assert_eq!(
            c.alt,
            "Line chart of the share of responses sent within the Code's timescales, 3 periods from Sep 2026 to Nov 2026. \
             Stage 1: rose from 60.0% in Sep 2026 to 90.0% in Nov 2026. Stage 2: rose from 50.0% in Oct 2026 to 100.0% in Nov 2026. \
             The figures are in the table below the chart."
        );
        assert_eq!(c.rows[0], ["Sep 2026", "60.0% (6 of 10)", "no responses"]);
        assert_eq!(
            c.rows[2],
            ["Nov 2026", "90.0% (9 of 10)", "100.0% (2 of 2)"]
        );
    }

    #[test]
    fn a_trend_with_no_responses_still_draws_and_says_so() {
        let points = vec![TrendPoint {
            label: "Nov 2026".into(),
            stage1: rate(0, 0),
            stage2: rate(0, 0),
        }];
        let c = timeliness_trend(&points).unwrap();
        assert!(
            c.alt.contains("Stage 1: no responses in these periods"),
            "{}",
            c.alt
        );
        assert_eq!(dimensions(&c.png), (WIDTH * 2, HEIGHT * 2));
    }

    #[test]
    fn categories_are_drawn_largest_first_with_the_rest_added_up() {
        let counts: Vec<(String, u64)> = (1..=10)
            .map(|i| (format!("category_{i:02}"), i))
            .chain([("damp_and_mould".to_owned(), 20), ("noise".to_owned(), 0)])
            .collect();
        let c = by_category("November 2026", &counts).unwrap();
        assert_eq!(dimensions(&c.png), (WIDTH * 2, HEIGHT * 2));
        assert_eq!(c.rows[0], ["Damp and mould", "20"]);
        assert_eq!(c.rows[1], ["Category 10", "10"]);
        // Eight bars: seven named and the other four added up (1 + 2 + 3 + 4).
        assert_eq!(c.rows.len(), 8);
        assert_eq!(c.rows[7], ["4 other categories", "10"]);
        assert!(c.alt.starts_with(
            "Bar chart of complaints received in November 2026 by category, the largest first: damp and mould 20, category 10 10"
        ), "{}", c.alt);
        assert!(!c.alt.contains("noise"), "{}", c.alt);
    }

    #[test]
    fn no_complaints_draws_an_empty_chart_that_says_so() {
        let c = by_category("November 2026", &[]).unwrap();
        assert_eq!(
            c.alt,
            "Bar chart of complaints received in November 2026 by category: none were received."
        );
        assert!(c.rows.is_empty());
        assert_eq!(dimensions(&c.png), (WIDTH * 2, HEIGHT * 2));
    }

    #[test]
    fn text_is_drawn_with_the_shipped_font_not_dropped() {
        // Without a font for it, resvg leaves text out: the two images would be the same.
        let blank = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"></svg>"#;
        let text = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="4" y="24" font-family="sans-serif" font-size="16">Stage 1</text></svg>"#;
        let inked = |png_bytes: Vec<u8>| {
            let pixmap = tiny_skia::Pixmap::decode_png(&png_bytes).unwrap();
            pixmap.pixels().iter().filter(|p| p.red() < 128).count()
        };
        assert_eq!(inked(png(blank).unwrap()), 0);
        assert!(inked(png(text).unwrap()) > 50);
    }
}
