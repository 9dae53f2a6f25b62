//! How every list is sorted when a person clicks a column heading: by that column,
//! and a second click the other way round. Ties fall back to a fixed order, so two
//! reads of the same rows always show them the same way.

use std::cmp::Ordering;

/// A list's sort: one of its columns (`Column`), and whether the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListSort<Column> {
    pub key: Column,
    pub reversed: bool,
}

impl<Column: PartialEq + Copy> ListSort<Column> {
    /// A click on a column's heading: that column, or the same one the other way.
    pub fn clicked(self, key: Column) -> Self {
        ListSort { key, reversed: self.key == key && !self.reversed }
    }

    /// Sorts `rows` by `by_column` (this sort's column, reversed if asked), then by
    /// `ties`, which is never reversed.
    pub fn arrange<Row>(
        self,
        rows: &mut [Row],
        by_column: impl Fn(Column, &Row, &Row) -> Ordering,
        ties: impl Fn(&Row, &Row) -> Ordering,
    ) {
        rows.sort_by(|a, b| {
            let by_column = by_column(self.key, a, b);
            let by_column = if self.reversed { by_column.reverse() } else { by_column };
            by_column.then_with(|| ties(a, b))
        });
    }
}

/// Orders text as a person reads it: case and accents aside ("Ní Bhriain" beside
/// "Nixon").
pub fn by_text(a: &str, b: &str) -> Ordering {
    super::text::fold(a).cmp(&super::text::fold(b))
}

/// Puts the missing after the rest, e.g. the unallocated (before them when reversed).
pub fn missing_last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    enum Column {
        #[default]
        Name,
        Count,
    }

    fn compare(column: Column, a: &(&str, u32), b: &(&str, u32)) -> Ordering {
        match column {
            Column::Name => by_text(a.0, b.0),
            Column::Count => a.1.cmp(&b.1),
        }
    }

    #[test]
    fn a_click_sorts_by_the_column_and_a_second_click_reverses() {
        let sort = ListSort::<Column>::default();
        let by_count = sort.clicked(Column::Count);
        assert_eq!(by_count, ListSort { key: Column::Count, reversed: false });
        assert_eq!(by_count.clicked(Column::Count), ListSort { key: Column::Count, reversed: true });
        assert_eq!(
            by_count.clicked(Column::Count).clicked(Column::Name),
            ListSort { key: Column::Name, reversed: false }
        );
    }

    #[test]
    fn text_sorts_as_read_and_ties_keep_their_own_order() {
        let mut rows = vec![("nixon", 2), ("Ní Bhriain", 1), ("Abbott", 2), ("Zeller", 1)];
        ListSort { key: Column::Count, reversed: true }.arrange(&mut rows, compare, |a, b| by_text(a.0, b.0));
        assert_eq!(rows, vec![("Abbott", 2), ("nixon", 2), ("Ní Bhriain", 1), ("Zeller", 1)]);
        ListSort { key: Column::Name, reversed: false }.arrange(&mut rows, compare, |_, _| Ordering::Equal);
        assert_eq!(rows.iter().map(|row| row.0).collect::<Vec<_>>(), ["Abbott", "Ní Bhriain", "nixon", "Zeller"]);
    }

    #[test]
    fn the_missing_go_last() {
        let mut values = vec![None, Some(3), Some(1), None];
        values.sort_by(|a, b| missing_last(*a, *b));
        assert_eq!(values, vec![Some(1), Some(3), None, None]);
    }

    proptest! {
        /// Reversing a sort reverses the column's order and nothing else: the rows are
        /// the same, and within equal keys the tie order holds both ways.
        #[test]
        fn reversed_is_the_mirror_by_column(rows in proptest::collection::vec((0u32..5, 0u32..50), 0..40)) {
            let compare = |_: Column, a: &(u32, u32), b: &(u32, u32)| a.0.cmp(&b.0);
            let mut forward = rows.clone();
            ListSort { key: Column::Count, reversed: false }.arrange(&mut forward, compare, |a, b| a.1.cmp(&b.1));
            let mut backward = rows.clone();
            ListSort { key: Column::Count, reversed: true }.arrange(&mut backward, compare, |a, b| a.1.cmp(&b.1));
            let mut sorted_rows = rows.clone();
            sorted_rows.sort();
            let mut sorted_forward = forward.clone();
            sorted_forward.sort();
            prop_assert_eq!(sorted_forward, sorted_rows);
            prop_assert!(forward.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(backward.windows(2).all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 <= w[1].1)));
        }
    }
}
