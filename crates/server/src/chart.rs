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
use oim_search::group_thousands;
use oim_search::YearTotal;

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

/// Most bars on one chart. Pages and NDJSON hold years to 1900–2100, but
/// documents added through the library may carry any year: past this many
/// years with results, neighbouring years share a bar, so the chart stays
/// a few kilobytes whatever the years.
const MAX_BARS: usize = 250;

/// One bar: the results of the years `first..=last` that have any (one
/// year, unless more than [`MAX_BARS`] years have results).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bar {
    first: i32,
    last: i32,
    count: u64,
    budget_usd: f64,
    /// Its slot on the axis, counted from the first year's.
    slot: i64,
}

impl Bar {
    /// `2019`, or `1900–1949` for a bar of several years.
    fn label(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}–{}", self.first, self.last)
        }
    }
}

/// The bars of `years` (with results, sorted, not empty) and the number of
/// slots on the axis from the first to the last. Slots are counted, never
/// held: nothing here grows with the span of the years.
fn bars(years: &[YearTotal]) -> (Vec<Bar>, i64) {
    let first = years.first().map_or(0, |y| i64::from(y.year));
    let last = years.last().map_or(0, |y| i64::from(y.year));
    let span = last - first + 1;
    let years_per_slot = if years.len() <= MAX_BARS {
        1
    } else {
        (span + MAX_BARS as i64 - 1) / MAX_BARS as i64
    };
    let mut bars: Vec<Bar> = Vec::new();
    for year in years {
        let slot = (i64::from(year.year) - first) / years_per_slot;
        match bars.last_mut() {
            Some(bar) if bar.slot == slot => {
                bar.last = year.year;
                bar.count += year.count;
                bar.budget_usd += year.budget_usd;
            }
            _ => bars.push(Bar {
                first: year.year,
                last: year.year,
                count: year.count,
                budget_usd: year.budget_usd,
                slot,
            }),
        }
    }
    (bars, (span - 1) / years_per_slot + 1)
}

/// Where things go on one chart: the tops of both scales, and the time
/// axis from the first to the last year with results. Positions are
/// computed from each bar's slot, so years 1 and 99 999, or ±2³¹, cost
/// what two neighbouring years cost.
struct Frame {
    max_count: f64,
    max_budget: f64,
    /// Whether any year has a budget: if none, no budget scale or line.
    has_budget: bool,
    /// Width of one slot on the axis.
    slot: f64,
}

impl Frame {
    /// The frame for `bars` on an axis of `slots` slots.
    fn new(bars: &[Bar], slots: i64) -> Frame {
        Frame {
            max_count: nice_ceiling(bars.iter().map(|b| b.count).max().unwrap_or(0) as f64, true),
            max_budget: nice_ceiling(bars.iter().map(|b| b.budget_usd).fold(0.0, f64::max), false),
            has_budget: bars.iter().any(|b| b.budget_usd > 0.0),
            slot: PLOT_W / slots.max(1) as f64,
        }
    }

    /// The x of the middle of `bar`'s slot.
    fn x_center(&self, bar: &Bar) -> f64 {
        LEFT + self.slot * (bar.slot as f64 + 0.5)
    }

    /// A bar's width: most of its slot, and never too thin to see.
    fn bar_width(&self) -> f64 {
        (self.slot * 0.7).max(MIN_BAR_WIDTH)
    }

    /// The y of `value` on a scale from 0 (the axis) to `max` (the top).
    fn y_of(value: f64, max: f64) -> f64 {
        TOP + PLOT_H * (1.0 - value / max)
    }
}

/// The narrowest bar drawn, in SVG units, when years are far apart.
const MIN_BAR_WIDTH: f64 = 2.0;
/// The least room between two year labels, in SVG units.
const LABEL_ROOM: f64 = 40.0;

/// The chart as an inline `<svg>` element, or `None` when no result has a
/// year. `years` are sorted oldest first, as in [`oim_search::Aggregates`].
/// Only the years with results are drawn: a year without any is a gap on
/// the axis, not a bar or a budget of zero.
pub(crate) fn timeline_svg(years: &[YearTotal]) -> Option<String> {
    let mut years: Vec<YearTotal> = years.iter().filter(|y| y.count > 0).copied().collect();
    years.sort_by_key(|y| y.year);
    years.dedup_by_key(|y| y.year);
    let (first, last) = (years.first()?.year, years.last()?.year);
    let (bars, slots) = bars(&years);
    let frame = Frame::new(&bars, slots);
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
    write_bars(&mut svg, &bars, &frame);
    if frame.has_budget {
        write_budget_line(&mut svg, &bars, &frame);
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

/// One bar per year with results (with a tooltip), and year labels under
/// them, thinned so that they never overlap (the last one always shown).
fn write_bars(svg: &mut String, bars: &[Bar], frame: &Frame) {
    let mut labelled: Vec<(f64, i32)> = Vec::new();
    let room = |labelled: &[(f64, i32)], x: f64| {
        labelled.last().is_none_or(|(at, _)| x - at >= LABEL_ROOM)
    };
    for (i, bar) in bars.iter().enumerate() {
        let x = frame.x_center(bar);
        if room(&labelled, x) {
            labelled.push((x, bar.first));
        } else if i + 1 == bars.len() {
            // the last year takes the place of the label too close to it
            labelled.pop();
            if room(&labelled, x) {
                labelled.push((x, bar.first));
            }
        }
        let top = Frame::y_of(bar.count as f64, frame.max_count);
        let _ = writeln!(
            svg,
            "<rect class=\"bar\" x=\"{bx:.1}\" y=\"{top:.1}\" width=\"{bw:.1}\" height=\"{bh:.1}\" fill=\"{BAR_COLOR}\"><title>{year} : {what}{money}</title></rect>",
            bx = x - frame.bar_width() / 2.0,
            bw = frame.bar_width(),
            bh = TOP + PLOT_H - top,
            year = bar.label(),
            what = results(bar.count),
            money = if frame.has_budget {
                format!(", {}", escape(&compact_usd(bar.budget_usd)))
            } else {
                String::new()
            },
        );
    }
    for (x, year) in labelled {
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{ty}\" text-anchor=\"middle\">{year}</text>",
            ty = HEIGHT - 8.0,
        );
    }
}

/// The budget per year as a line, broken where years have no results (a
/// gap, not a fall to zero), with a point (and tooltip) per year.
fn write_budget_line(svg: &mut String, bars: &[Bar], frame: &Frame) {
    let point = |b: &Bar| {
        format!(
            "{:.1},{:.1}",
            frame.x_center(b),
            Frame::y_of(b.budget_usd, frame.max_budget)
        )
    };
    let consecutive = |a: &Bar, b: &Bar| b.slot - a.slot == 1;
    for run in bars.chunk_by(consecutive).filter(|run| run.len() > 1) {
        let points: Vec<String> = run.iter().map(point).collect();
        let _ = writeln!(
            svg,
            "<polyline class=\"budget\" points=\"{}\" fill=\"none\" stroke=\"{LINE_COLOR}\" stroke-width=\"2\"/>",
            points.join(" ")
        );
    }
    for b in bars {
        let _ = writeln!(
            svg,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3\" fill=\"{LINE_COLOR}\"><title>{year} : {amount}</title></circle>",
            cx = frame.x_center(b),
            cy = Frame::y_of(b.budget_usd, frame.max_budget),
            year = b.label(),
            amount = escape(&compact_usd(b.budget_usd)),
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
    fn one_bar_per_year_with_results_and_gaps_between() {
        let svg = timeline_svg(&[
            year(2008, 2, 100_000.0),
            year(2009, 1, 200_000.0),
            year(2011, 5, 4_300_000.0),
        ])
        .unwrap();
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 3);
        assert_eq!(svg.matches("<circle").count(), 3);
        // 2010 is a gap: no zero bar, and the line stops at 2009
        assert!(!svg.contains("2010"));
        assert_eq!(svg.matches("<polyline").count(), 1);
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
    fn far_apart_years_cost_nothing_more() {
        for (a, b) in [(1, 99_999), (i32::MIN, i32::MAX), (2019, 20_190_101)] {
            let svg = timeline_svg(&[year(a, 1, 10.0), year(b, 2, 20.0)]).unwrap();
            assert!(svg.len() < 4_000, "{a}..{b}: {} bytes", svg.len());
            assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
    }

    #[test]
    fn thousands_of_years_share_a_bounded_number_of_bars() {
        let years: Vec<YearTotal> = (0..20_000).map(|y| year(y * 7, 1, 5.0)).collect();
        let svg = timeline_svg(&years).unwrap();
        let bars = svg.matches("<rect class=\"bar\"").count();
        assert!((MAX_BARS / 2..=MAX_BARS).contains(&bars), "{bars} bars");
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
        // every result is counted in some bar
        let (all, _) = super::bars(&years);
        assert_eq!(all.iter().map(|b| b.count).sum::<u64>(), 20_000);
        assert!(svg.contains("<title>0–"), "a bar names its years");
    }

    #[test]
    fn labels_thin_out_on_long_spans() {
        let years: Vec<YearTotal> = (1950..=2025).map(|y| year(y, 1, 0.0)).collect();
        let svg = timeline_svg(&years).unwrap();
        let labels = svg.matches("text-anchor=\"middle\"").count();
        assert!((8..=14).contains(&labels), "{labels} year labels");
    }
}
