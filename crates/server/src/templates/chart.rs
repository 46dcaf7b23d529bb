//! The timeline chart as inline SVG: results per year as bars (left
//! scale), their budget as a line (right scale). `chart` computes where
//! everything goes; this template only draws it, with presentation
//! attributes (no `style`, no script, which the Content-Security-Policy
//! would block) and SVG `<title>` tooltips.

use maud::{html, Markup, Render};

/// Bars' colour.
const BAR_COLOR: &str = "#0b4f8a";
/// Orange that keeps 5.2:1 against white (WCAG AA for its scale's text).
const LINE_COLOR: &str = "#c2410c";
const GRID_COLOR: &str = "#d5d8dc";
const TEXT_COLOR: &str = "#55595e";

/// One horizontal grid line and its scale labels.
pub(crate) struct GridLine {
    /// Its height, and its labels'.
    pub(crate) y: String,
    pub(crate) label_y: String,
    /// The count it stands for.
    pub(crate) count: String,
    /// The budget it stands for, when the chart has a budget scale.
    pub(crate) amount: Option<String>,
}

/// A bar, with its tooltip.
pub(crate) struct BarShape {
    pub(crate) x: String,
    pub(crate) y: String,
    pub(crate) width: String,
    pub(crate) height: String,
    pub(crate) tooltip: String,
}

/// A point of the budget line, with its tooltip.
pub(crate) struct Point {
    pub(crate) cx: String,
    pub(crate) cy: String,
    pub(crate) tooltip: String,
}

/// The whole chart, every number placed and every label worded.
pub(crate) struct Timeline {
    /// The drawing's size in user units (`0 0 640 220`).
    pub(crate) view_box: String,
    /// Its accessible name.
    pub(crate) title: String,
    /// The grid's ends.
    pub(crate) grid_x1: String,
    pub(crate) grid_x2: String,
    /// Where the scales' labels stand.
    pub(crate) count_x: String,
    pub(crate) amount_x: String,
    pub(crate) grid: Vec<GridLine>,
    pub(crate) bars: Vec<BarShape>,
    /// The year labels under the bars: x and text.
    pub(crate) years: Vec<(String, String)>,
    /// Their height.
    pub(crate) years_y: String,
    /// The budget line, one polyline per run of consecutive years.
    pub(crate) lines: Vec<String>,
    pub(crate) points: Vec<Point>,
}

impl Render for Timeline {
    fn render(&self) -> Markup {
        html! {
            svg.timeline viewBox=(self.view_box) role="img" aria-labelledby="graphique-titre"
                font-size="11" fill=(TEXT_COLOR) {
                title #graphique-titre { (self.title) }
                @for line in &self.grid {
                    line x1=(self.grid_x1) x2=(self.grid_x2) y1=(line.y) y2=(line.y) stroke=(GRID_COLOR) {}
                    text x=(self.count_x) y=(line.label_y) text-anchor="end" { (line.count) }
                    @if let Some(amount) = &line.amount {
                        text x=(self.amount_x) y=(line.label_y) fill=(LINE_COLOR) { (amount) }
                    }
                }
                @for bar in &self.bars {
                    rect.bar x=(bar.x) y=(bar.y) width=(bar.width) height=(bar.height) fill=(BAR_COLOR) {
                        title { (bar.tooltip) }
                    }
                }
                @for (x, year) in &self.years {
                    text x=(x) y=(self.years_y) text-anchor="middle" { (year) }
                }
                @for points in &self.lines {
                    polyline.budget points=(points) fill="none" stroke=(LINE_COLOR) stroke-width="2" {}
                }
                @for point in &self.points {
                    circle cx=(point.cx) cy=(point.cy) r="3" fill=(LINE_COLOR) {
                        title { (point.tooltip) }
                    }
                }
            }
        }
    }
}
