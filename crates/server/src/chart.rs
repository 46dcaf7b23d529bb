//! The timeline chart of a search, as SVG drawn by hand: results per year
//! as bars (left scale) and their budget as a line (right scale). Here the
//! geometry; the SVG is `templates::chart`.
//!
//! Why by hand rather than `plotters`: the chart is two series on one year
//! axis, about eighty lines of code; written here it is inline SVG with
//! presentation attributes only (no `style` attribute or element, no
//! script), which the page's Content-Security-Policy (`default-src 'none';
//! style-src 'self'`) lets through as it is; tooltips are SVG `<title>`
//! elements, which need no script; labels use the page's French number
//! formats; and it adds no dependency (plotters brings a font stack and
//! several crates to the build for the same picture).

use super::figures::compact_usd;
use super::labels;
use super::templates::chart::{BarShape, GridLine, Point, Timeline};
use oim_search::group_thousands;
use oim_search::YearTotal;

/// The drawing area, in SVG user units (the SVG scales to its box).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 72.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;
/// Horizontal grid lines above the axis.
const TICKS: u32 = 4;

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

    /// A bar's width: most of its slot, never too thin to see, and never
    /// so wide that one year looks like a span of years.
    fn bar_width(&self) -> f64 {
        (self.slot * 0.7).clamp(MIN_BAR_WIDTH, MAX_BAR_WIDTH)
    }

    /// The y of `value` on a scale from 0 (the axis) to `max` (the top).
    fn y_of(value: f64, max: f64) -> f64 {
        TOP + PLOT_H * (1.0 - value / max)
    }
}

/// The narrowest bar drawn, in SVG units, when years are far apart.
const MIN_BAR_WIDTH: f64 = 2.0;
/// The widest bar drawn, in SVG units, when there are few years.
const MAX_BAR_WIDTH: f64 = 48.0;
/// The least room between two year labels, in SVG units: enough for the
/// larger type the stylesheet gives the chart on a phone.
const LABEL_ROOM: f64 = 56.0;

/// The chart, every shape placed (see [`Timeline`] for its SVG), or `None`
/// when no result has a year. `years` are sorted oldest first, as in
/// [`oim_search::Aggregates`]. Only the years with results are drawn: a
/// year without any is a gap on the axis, not a bar or a budget of zero.
pub(crate) fn timeline(years: &[YearTotal]) -> Option<Timeline> {
    let mut years: Vec<YearTotal> = years.iter().filter(|y| y.count > 0).copied().collect();
    years.sort_by_key(|y| y.year);
    years.dedup_by_key(|y| y.year);
    let (first, last) = (years.first()?.year, years.last()?.year);
    let (bars, slots) = bars(&years);
    let frame = Frame::new(&bars, slots);
    let title = labels::chart_title(frame.has_budget, first, last);
    let (points, lines) = if frame.has_budget {
        budget_line(&bars, &frame)
    } else {
        (Vec::new(), Vec::new())
    };
    Some(Timeline {
        view_box: format!("0 0 {WIDTH} {HEIGHT}"),
        title,
        grid_x1: LEFT.to_string(),
        grid_x2: (WIDTH - RIGHT).to_string(),
        count_x: (LEFT - 6.0).to_string(),
        amount_x: (WIDTH - RIGHT + 6.0).to_string(),
        grid: grid(&frame),
        bars: bar_shapes(&bars, &frame),
        years: year_labels(&bars, &frame),
        years_y: (HEIGHT - 8.0).to_string(),
        lines,
        points,
    })
}

/// A coordinate as the SVG holds it: one decimal.
fn at(value: f64) -> String {
    format!("{value:.1}")
}

/// The grid and its scales: counts on the left, budgets on the right.
fn grid(frame: &Frame) -> Vec<GridLine> {
    (0..=TICKS)
        .map(|tick| {
            let share = tick as f64 / TICKS as f64;
            let y = Frame::y_of(share, 1.0);
            GridLine {
                y: at(y),
                label_y: at(y + 4.0),
                count: group_thousands((frame.max_count * share).round()),
                amount: frame
                    .has_budget
                    .then(|| compact_usd(frame.max_budget * share).replace("\u{a0}USD", "")),
            }
        })
        .collect()
}

/// One bar per year with results, with a tooltip.
fn bar_shapes(bars: &[Bar], frame: &Frame) -> Vec<BarShape> {
    bars.iter()
        .map(|bar| {
            let x = frame.x_center(bar);
            let top = Frame::y_of(bar.count as f64, frame.max_count);
            let money = if frame.has_budget {
                format!(", {}", compact_usd(bar.budget_usd))
            } else {
                String::new()
            };
            BarShape {
                x: at(x - frame.bar_width() / 2.0),
                y: at(top),
                width: at(frame.bar_width()),
                height: at(TOP + PLOT_H - top),
                tooltip: labels::chart_tooltip(
                    &bar.label(),
                    &format!(
                        "{}{money}",
                        labels::count(bar.count as usize, "résultat", "résultats")
                    ),
                ),
            }
        })
        .collect()
}

/// The year labels under the bars, thinned so that they never overlap
/// (the last one always shown).
fn year_labels(bars: &[Bar], frame: &Frame) -> Vec<(String, String)> {
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
    }
    labelled
        .into_iter()
        .map(|(x, year)| (at(x), year.to_string()))
        .collect()
}

/// The budget per year: a point (and tooltip) per year, and lines broken
/// where years have no results (a gap, not a fall to zero).
fn budget_line(bars: &[Bar], frame: &Frame) -> (Vec<Point>, Vec<String>) {
    let point = |b: &Bar| {
        format!(
            "{:.1},{:.1}",
            frame.x_center(b),
            Frame::y_of(b.budget_usd, frame.max_budget)
        )
    };
    let consecutive = |a: &Bar, b: &Bar| b.slot - a.slot == 1;
    let lines = bars
        .chunk_by(consecutive)
        .filter(|run| run.len() > 1)
        .map(|run| run.iter().map(point).collect::<Vec<_>>().join(" "))
        .collect();
    let points = bars
        .iter()
        .map(|b| Point {
            cx: at(frame.x_center(b)),
            cy: at(Frame::y_of(b.budget_usd, frame.max_budget)),
            tooltip: labels::chart_tooltip(&b.label(), &compact_usd(b.budget_usd)),
        })
        .collect();
    (points, lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use maud::Render;

    /// The chart's SVG.
    fn timeline_svg(years: &[YearTotal]) -> Option<String> {
        timeline(years).map(|t| t.render().into_string())
    }

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
        assert!(svg.contains("<title>2011\u{a0}: 5 résultats, 4,3\u{a0}M\u{a0}USD</title>"));
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
        assert!(svg.contains("<title>2020\u{a0}: 1 résultat</title>"));
    }

    #[test]
    fn no_year_no_chart() {
        assert!(timeline(&[]).is_none());
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
