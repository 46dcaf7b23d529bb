//! The filters column: the year and budget ranges, then one box per facet
//! with its values, counts and ticks.

use maud::{html, Markup, Render};

/// A range typed in two boxes, applied by Enter or by its button (a range
/// is typed, so nothing submits on change).
pub(crate) struct RangeBox<'a> {
    /// Its legend.
    pub(crate) legend: &'static str,
    /// Its id, after `plage-`.
    pub(crate) id: &'static str,
    /// The lower bound's parameter and value.
    pub(crate) min: (&'a str, &'a str),
    /// The upper bound's parameter and value.
    pub(crate) max: (&'a str, &'a str),
    /// An example in the lower box.
    pub(crate) placeholder: &'static str,
}

impl Render for RangeBox<'_> {
    fn render(&self) -> Markup {
        let (min, vmin) = self.min;
        let (max, vmax) = self.max;
        html! {
            fieldset.facet.range id={ "plage-" (self.id) } {
                legend { (self.legend) }
                p {
                    label for=(min) { "De" } " "
                    input type="text" inputmode="numeric" id=(min) name=(min) value=(vmin)
                        placeholder=(self.placeholder) size="8" autocomplete="off";
                    " " label for=(max) { "à" } " "
                    input type="text" inputmode="numeric" id=(max) name=(max) value=(vmax)
                        size="8" autocomplete="off";
                    " " button type="submit" class="secondary" { "Appliquer" }
                }
            }
        }
    }
}

/// One value of a facet as shown.
pub(crate) struct FacetValue<'a> {
    /// The value sent (the index's spelling).
    pub(crate) value: &'a str,
    /// What it reads.
    pub(crate) label: &'a str,
    /// Its count, formatted.
    pub(crate) count: String,
    /// Whether it is ticked.
    pub(crate) checked: bool,
}

/// One facet's box.
pub(crate) struct FacetBox<'a> {
    /// The facet's key: the parameter's name and the ids' part.
    pub(crate) key: &'a str,
    /// Its heading.
    pub(crate) heading: &'a str,
    /// Whether it gets a box filtering its list (shown by the script).
    pub(crate) filterable: bool,
    /// Its values, in display order.
    pub(crate) values: Vec<FacetValue<'a>>,
    /// Values shown before "more"; the rest fold into a `<details>`.
    pub(crate) shown: usize,
}

impl FacetBox<'_> {
    fn value(&self, i: usize, v: &FacetValue) -> Markup {
        let id = format!("f-{}-{i}", self.key);
        html! {
            li {
                input type="checkbox" id=(id) name=(self.key) value=(v.value) checked[v.checked] data-submit;
                label for=(id) { (v.label) " " span.count { (v.count) } }
            }
        }
    }
}

impl Render for FacetBox<'_> {
    fn render(&self) -> Markup {
        let key = self.key;
        let (first, rest) = self.values.split_at(self.shown.min(self.values.len()));
        // a ticked value must be seen, to be unticked
        let open = rest.iter().any(|v| v.checked);
        html! {
            fieldset.facet id={ "facette-" (key) } {
                legend { (self.heading) }
                @if self.filterable {
                    // shown by the script only: without it the whole list is there
                    p.facet-filter hidden {
                        label for={ "filtre-" (key) } { "Filtrer la liste" } " "
                        input type="search" id={ "filtre-" (key) } data-facet-filter={ "facette-" (key) }
                            autocomplete="off" aria-controls={ "facette-" (key) };
                    }
                }
                ul { @for (i, v) in first.iter().enumerate() { (self.value(i, v)) } }
                @if !rest.is_empty() {
                    details.more open[open] {
                        summary { (rest.len()) " de plus" }
                        ul {
                            @for (i, v) in rest.iter().enumerate() {
                                (self.value(first.len() + i, v))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The filters column.
pub(crate) struct FiltersView<'a> {
    /// The year and budget ranges.
    pub(crate) ranges: Vec<RangeBox<'a>>,
    /// The facets that have values.
    pub(crate) facets: Vec<FacetBox<'a>>,
    /// The search without any filter.
    pub(crate) clear: String,
}

impl Render for FiltersView<'_> {
    fn render(&self) -> Markup {
        html! {
            aside.facets aria-labelledby="titre-filtres" {
                details #filtres open {
                    summary { h2 #titre-filtres { "Filtres" } }
                    @for range in &self.ranges { (range) }
                    @for facet in &self.facets { (facet) }
                    @if self.facets.is_empty() {
                        p.hint { "Aucun filtre pour cette recherche." }
                    }
                    p.apply {
                        button type="submit" class="secondary js-hidden" { "Appliquer les filtres" }
                        " " a href=(self.clear) { "Effacer les filtres" }
                    }
                }
            }
        }
    }
}
