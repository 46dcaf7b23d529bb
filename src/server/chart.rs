//! The timeline chart of a search, as SVG written by hand: results per year
//! as bars (left scale) and their budget as a line (right scale).
//!
//! Why by hand rather than `plotters`: the chart is two series on one year
//! axis, about eighty lines of code; written here it is inline SVG with
//! presentation attributes only (no `style` attribute or element, no
//! script), which the page's Content-Security-Policy (`default-src 'none';
//! style-src 'self'`) lets through as it is; tooltips are SVG `<title>`
//! elements, which need no script; labels use the page's French number
//! formats; and it adds no dependency (plotters brings a font stack and
//! several crates to the build for the same picture).

use std::fmt::Write;

use super::figures::compact_usd;
use super::html::escape;
use crate::document::group_thousands;
use crate::search::YearTotal;

/// The drawing area, in SVG user units (the SVG scales to its box).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 72.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 26.0;
/// Horizontal grid lines above the axis.
const TICKS: u32 = 4;

const BAR_COLOR: &str = "#0b4f8a";
const LINE_COLOR: &str = "#d9480f";
const GRID_COLOR: &str = "#d5d8dc";
const TEXT_COLOR: &str = "#55595e";

/// The smallest "round" number (1, 2, 2.5 or 5 times a power of ten, times
/// `TICKS`) at or above `max`, so the grid lines fall on round values;
/// `whole` keeps the steps whole numbers (counts).
fn nice_ceiling(max: f64, whole: bool) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return TICKS as f64;
    }
    let mut step = max / TICKS as f64;
    if whole {
        step = step.ceil();
    }
    let power = 10f64.powf(step.log10().floor());
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= step)
        .unwrap_or(10.0 * power);
    nice * TICKS as f64
}

/// Every year from the first to the last, with zeros for the missing ones,
/// so the bars stand on an honest time axis.
fn continuous(years: &[YearTotal]) -> Vec<YearTotal> {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return Vec::new();
    };
    (first.year..=last.year)
        .map(|year| {
            years
                .iter()
                .find(|y| y.year == year)
                .copied()
                .unwrap_or(YearTotal {
                    year,
                    count: 0,
                    budget_usd: 0.0,
                })
        })
        .collect()
}

/// `1 résultat` / `12 résultats`.
fn results(count: u64) -> String {
    match count {
        1 => "1 résultat".to_string(),
        n => format!("{} résultats", group_thousands(n as f64)),
    }
}

/// The plot area inside the margins.
const PLOT_W: f64 = WIDTH - LEFT - RIGHT;
const PLOT_H: f64 = HEIGHT - TOP - BOTTOM;

/// Where things go on one chart: the tops of both scales and the width of
/// each year's slot.
struct Frame {
    max_count: f64,
    max_budget: f64,
    /// Whether any year has a budget: if none, no budget scale or line.
    has_budget: bool,
    slot: f64,
}

impl Frame {
    /// The frame for `years` (continuous, not empty).
    fn new(years: &[YearTotal]) -> Frame {
        Frame {
            max_count: nice_ceiling(
                years.iter().map(|y| y.count).max().unwrap_or(0) as f64,
                true,
            ),
            max_budget: nice_ceiling(
                years.iter().map(|y| y.budget_usd).fold(0.0, f64::max),
                false,
            ),
            has_budget: years.iter().any(|y| y.budget_usd > 0.0),
            slot: PLOT_W / years.len() as f64,
        }
    }

    /// The x of the middle of the `i`-th year's slot.
    fn x_center(&self, i: usize) -> f64 {
        LEFT + self.slot * (i as f64 + 0.5)
    }

    /// The y of `value` on a scale from 0 (the axis) to `max` (the top).
    fn y_of(value: f64, max: f64) -> f64 {
        TOP + PLOT_H * (1.0 - value / max)
    }
}

/// The chart as an inline `<svg>` element, or `None` when no result has a
/// year. `years` are sorted oldest first, as in [`crate::Aggregates`].
pub(crate) fn timeline_svg(years: &[YearTotal]) -> Option<String> {
    let years = continuous(years);
    if years.is_empty() {
        return None;
    }
    let frame = Frame::new(&years);
    let (first, last) = (years[0].year, years[years.len() - 1].year);
    let mut svg = format!(
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"graphique-titre\" font-size=\"11\" fill=\"{TEXT_COLOR}\">\n<title id=\"graphique-titre\">Résultats{budget} par année, {span}</title>\n",
        budget = if frame.has_budget { " et budget" } else { "" },
        span = if first == last {
            first.to_string()
        } else {
            format!("{first} à {last}")
        },
    );
    write_scales(&mut svg, &frame);
    write_bars(&mut svg, &years, &frame);
    if frame.has_budget {
        write_budget_line(&mut svg, &years, &frame);
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// The grid and its scales: counts on the left, budgets on the right.
fn write_scales(svg: &mut String, frame: &Frame) {
    for tick in 0..=TICKS {
        let share = tick as f64 / TICKS as f64;
        let y = Frame::y_of(share, 1.0);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{x2}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{GRID_COLOR}\"/>\n<text x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{count}</text>",
            x2 = WIDTH - RIGHT,
            lx = LEFT - 6.0,
            ty = y + 4.0,
            count = group_thousands((frame.max_count * share).round()),
        );
        if frame.has_budget {
            let _ = writeln!(
                svg,
                "<text x=\"{rx}\" y=\"{ty:.1}\" fill=\"{LINE_COLOR}\">{amount}</text>",
                rx = WIDTH - RIGHT + 6.0,
                ty = y + 4.0,
                amount = escape(&compact_usd(frame.max_budget * share).replace("\u{a0}USD", "")),
            );
        }
    }
}

/// One bar per year (with a tooltip) and the year labels under them.
fn write_bars(svg: &mut String, years: &[YearTotal], frame: &Frame) {
    // one label every few years, so labels never overlap (about 40 units each)
    let every = (years.len() as f64 * 40.0 / PLOT_W).ceil().max(1.0) as usize;
    for (i, year) in years.iter().enumerate() {
        let x = frame.x_center(i);
        let top = Frame::y_of(year.count as f64, frame.max_count);
        let _ = writeln!(
            svg,
            "<rect class=\"bar\" x=\"{bx:.1}\" y=\"{top:.1}\" width=\"{bw:.1}\" height=\"{bh:.1}\" fill=\"{BAR_COLOR}\"><title>{year} : {what}{money}</title></rect>",
            bx = x - frame.slot * 0.35,
            bw = frame.slot * 0.7,
            bh = TOP + PLOT_H - top,
            year = year.year,
            what = results(year.count),
            money = if frame.has_budget {
                format!(", {}", escape(&compact_usd(year.budget_usd)))
            } else {
                String::new()
            },
        );
        if i % every == 0 || i + 1 == years.len() && i % every > every / 2 {
            let _ = writeln!(
                svg,
                "<text x=\"{x:.1}\" y=\"{ty}\" text-anchor=\"middle\">{year}</text>",
                ty = HEIGHT - 8.0,
                year = year.year,
            );
        }
    }
}

/// The budget per year as a line, with a point (and tooltip) per year.
fn write_budget_line(svg: &mut String, years: &[YearTotal], frame: &Frame) {
    let points: Vec<String> = years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            format!(
                "{:.1},{:.1}",
                frame.x_center(i),
                Frame::y_of(y.budget_usd, frame.max_budget)
            )
        })
        .collect();
    let _ = writeln!(
        svg,
        "<polyline class=\"budget\" points=\"{}\" fill=\"none\" stroke=\"{LINE_COLOR}\" stroke-width=\"2\"/>",
        points.join(" ")
    );
    for (i, y) in years.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3\" fill=\"{LINE_COLOR}\"><title>{year} : {amount}</title></circle>",
            cx = frame.x_center(i),
            cy = Frame::y_of(y.budget_usd, frame.max_budget),
            year = y.year,
            amount = escape(&compact_usd(y.budget_usd)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(year: i32, count: u64, budget_usd: f64) -> YearTotal {
        YearTotal {
            year,
            count,
            budget_usd,
        }
    }

    #[test]
    fn nice_ceiling_table() {
        for (max, whole, expected) in [
            (0.0, true, 4.0),
            (1.0, true, 4.0),
            (3.0, true, 4.0),
            (5.0, true, 8.0),
            (37.0, true, 40.0),
            (1.0, false, 1.0),
            (4_312_345.0, false, 8_000_000.0),
            (1_000_000.0, false, 1_000_000.0),
        ] {
            assert_eq!(nice_ceiling(max, whole), expected, "{max}");
        }
    }

    #[test]
    fn one_bar_per_year_of_the_span_and_one_point_each() {
        let svg = timeline_svg(&[year(2008, 2, 100_000.0), year(2011, 5, 4_300_000.0)]).unwrap();
        assert_eq!(
            svg.matches("<rect class=\"bar\"").count(),
            4,
            "2008 to 2011"
        );
        assert_eq!(svg.matches("<circle").count(), 4);
        assert!(svg.contains("<title>2009 : 0 résultats, 0\u{a0}USD</title>"));
        assert!(svg.contains("<title>2011 : 5 résultats, 4,3\u{a0}M\u{a0}USD</title>"));
        assert!(svg.contains(">Résultats et budget par année, 2008 à 2011</title>"));
        // nothing the Content-Security-Policy would block: no style, no
        // script, no event-handler attribute
        assert!(!svg.contains("style") && !svg.contains("<script") && !svg.contains(" on"));
    }

    #[test]
    fn without_budgets_there_is_no_line() {
        let svg = timeline_svg(&[year(2020, 1, 0.0)]).unwrap();
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(!svg.contains("<polyline"));
        assert!(svg.contains(">Résultats par année, 2020</title>"));
        assert!(svg.contains("<title>2020 : 1 résultat</title>"));
    }

    #[test]
    fn no_year_no_chart() {
        assert_eq!(timeline_svg(&[]), None);
    }

    #[test]
    fn labels_thin_out_on_long_spans() {
        let years: Vec<YearTotal> = (1950..=2025).map(|y| year(y, 1, 0.0)).collect();
        let svg = timeline_svg(&years).unwrap();
        let labels = svg.matches("text-anchor=\"middle\"").count();
        assert!((8..=14).contains(&labels), "{labels} year labels");
    }
}
