//! The per-visitor regions of a kept page (the header; on the home page
//! also the sign-in status), found once per kept page by rendering them for
//! a visitor without a session and finding that exact text in the page.
//! Assembling then puts the regions rendered for a visitor in their place,
//! so the page assembled for a visitor without a session is the kept page,
//! byte for byte; a region not found exactly once is never assembled.

use std::ops::Range;

/// Where the per-visitor regions are, in the kept page's identity bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots(pub Vec<Range<usize>>);

impl Slots {
    /// Finds each of `regions` (as rendered for nobody) exactly once in
    /// `page`, in order; `None` when one is missing or ambiguous.
    pub fn find(page: &[u8], regions: &[String]) -> Option<Slots> {
        let page = std::str::from_utf8(page).ok()?;
        let mut found = Vec::with_capacity(regions.len());
        let mut from = 0;
        for region in regions {
            if region.is_empty() {
                return None;
            }
            let mut hits = page.match_indices(region.as_str());
            let (start, _) = hits.next()?;
            if hits.next().is_some() || start < from {
                return None;
            }
            from = start + region.len();
            found.push(start..from);
        }
        Some(Slots(found))
    }

    /// The page with each slot replaced by the matching part.
    pub fn splice(&self, page: &[u8], parts: &[String]) -> Vec<u8> {
        let grown: usize = parts.iter().map(String::len).sum();
        let mut body = Vec::with_capacity(page.len() + grown);
        let mut at = 0;
        for (slot, part) in self.0.iter().zip(parts) {
            body.extend_from_slice(&page[at..slot.start]);
            body.extend_from_slice(part.as_bytes());
            at = slot.end;
        }
        body.extend_from_slice(&page[at..]);
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(body: Vec<u8>) -> String {
        String::from_utf8(body).unwrap()
    }

    #[test]
    fn regions_are_found_once_and_replaced() {
        let page = b"<h>nobody</h><main>x</main><s>out</s><f/>";
        let slots = Slots::find(page, &["<h>nobody</h>".into(), "<s>out</s>".into()]).unwrap();
        assert_eq!(
            joined(slots.splice(page, &["<h>nobody</h>".into(), "<s>out</s>".into()])).as_bytes(),
            page
        );
        assert_eq!(
            joined(slots.splice(page, &["<h>Ada</h>".into(), "<s>in</s>".into()])),
            "<h>Ada</h><main>x</main><s>in</s><f/>"
        );
    }

    #[test]
    fn a_region_missing_twice_or_out_of_order_is_not_a_slot() {
        let page = b"<h>nobody</h><h>nobody</h><s>out</s>";
        assert_eq!(Slots::find(page, &["<h>nobody</h>".into()]), None);
        assert_eq!(Slots::find(page, &["<x/>".into()]), None);
        assert_eq!(
            Slots::find(page, &["<s>out</s>".into(), "<h>nobody</h><h>".into()]),
            None
        );
        assert_eq!(Slots::find(page, &["".into()]), None);
    }
}
