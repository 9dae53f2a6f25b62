//! A bar chart of one measure over months, worked out once and drawn twice: on the
//! Unit screen (iced's canvas) and in the printed report (PDF). The scale, its ticks,
//! each bar's place and every label live here, so the window and the paper agree.
//!
//! The bars are one dark colour with their number printed above, and a month with
//! nothing to count is marked "–" rather than drawn as zero: the chart reads the same
//! in black and white and to a colour-blind reader.

use chrono::NaiveDate;

/// One bar: its month's short label ("Mar"), its height in the chart's units (a
/// percentage, or a count), and the words printed above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` when there was nothing to count that month.
    pub value: Option<f32>,
    pub caption: String,
}

/// A chart: its bars in order and whether they are percentages (a 0–100 scale).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    pub percent: bool,
}

/// The value axis: its top and the ticks to rule and label.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub top: f32,
    pub ticks: Vec<f32>,
}

impl Scale {
    /// The label for a tick: "50%" or "4".
    pub fn label(&self, tick: f32, percent: bool) -> String {
        if percent { format!("{tick:.0}%") } else { format!("{tick:.0}") }
    }
}

/// Where a bar goes inside the plot, as shares of its width and height (0 to 1,
/// measured up from the axis), so either renderer scales them to its own size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarPlace {
    pub left: f32,
    pub width: f32,
    pub height: f32,
}

impl BarChart {
    /// A percentage chart of monthly figures: "86%" over each bar, "–" for none.
    pub fn of_percentages(months: &[(NaiveDate, Option<u32>)]) -> Self {
        let bars = months
            .iter()
            .map(|(month, percent)| Bar {
                label: month_label(*month),
                value: percent.map(|percent| percent as f32),
                caption: percent.map_or("–".to_string(), |percent| format!("{percent}%")),
            })
            .collect();
        BarChart { bars, percent: true }
    }

    /// A chart of monthly counts, each printed over its bar.
    pub fn of_counts(months: &[(NaiveDate, usize)]) -> Self {
        let bars = months
            .iter()
            .map(|(month, count)| Bar {
                label: month_label(*month),
                value: Some(*count as f32),
                caption: count.to_string(),
            })
            .collect();
        BarChart { bars, percent: false }
    }

    /// The axis: 0 to 100 in quarters for percentages; for counts, steps of 1, 2 or
    /// 5 times a power of ten, at most five of them, reaching past the largest bar.
    pub fn scale(&self) -> Scale {
        if self.percent {
            return Scale { top: 100.0, ticks: vec![0.0, 25.0, 50.0, 75.0, 100.0] };
        }
        let largest = self.bars.iter().filter_map(|bar| bar.value).fold(0.0_f32, f32::max);
        let step = nice_step(largest / 4.0);
        let top = (largest / step).ceil().max(1.0) * step;
        let ticks = (0..=((top / step).round() as usize)).map(|index| index as f32 * step).collect();
        Scale { top, ticks }
    }

    /// Each bar's place in the plot: equal slots, the bar filling 60% of its slot.
    pub fn places(&self) -> Vec<BarPlace> {
        let scale = self.scale();
        let slot = 1.0 / self.bars.len().max(1) as f32;
        self.bars
            .iter()
            .enumerate()
            .map(|(index, bar)| BarPlace {
                left: index as f32 * slot + slot * 0.2,
                width: slot * 0.6,
                height: bar.value.map_or(0.0, |value| (value / scale.top).clamp(0.0, 1.0)),
            })
            .collect()
    }
}

/// "Mar", or "Jan 26" for January so the year turning is seen.
pub fn month_label(month: NaiveDate) -> String {
    if chrono::Datelike::month(&month) == 1 {
        month.format("%b %y").to_string()
    } else {
        month.format("%b").to_string()
    }
}

fn nice_step(rough: f32) -> f32 {
    if rough <= 1.0 {
        return 1.0;
    }
    let power = 10f32.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|factor| factor * power).find(|step| *step >= rough).unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn counts_get_a_round_scale_above_the_largest_bar() {
        let chart = BarChart::of_counts(&[(month("2026-03-01"), 7), (month("2026-04-01"), 0)]);
        let scale = chart.scale();
        assert_eq!(scale.top, 8.0);
        assert_eq!(scale.ticks, vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        let none = BarChart::of_counts(&[(month("2026-03-01"), 0)]).scale();
        assert_eq!(none.ticks, vec![0.0, 1.0], "an empty chart still has an axis");
        let many = BarChart::of_counts(&[(month("2026-03-01"), 130)]).scale();
        assert_eq!((many.top, many.ticks.len()), (150.0, 4));
    }

    #[test]
    fn a_month_with_nothing_to_count_has_no_bar_and_says_so() {
        let chart = BarChart::of_percentages(&[(month("2026-01-01"), Some(50)), (month("2026-02-01"), None)]);
        let places = chart.places();
        assert_eq!(places[0].height, 0.5);
        assert_eq!(places[1].height, 0.0);
        assert_eq!(chart.bars[1].caption, "–");
        assert_eq!(chart.bars[0].label, "Jan 26", "the year shows where it turns");
        assert!(places[0].left + places[0].width <= places[1].left, "bars never overlap");
    }
}
