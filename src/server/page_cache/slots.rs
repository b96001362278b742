//! The per-visitor regions of a kept page (the header; on the home page
//! also the sign-in status), found once per kept page by rendering them for
//! a visitor without a session and finding that exact text in the page.
//! Assembling then puts the regions rendered for a visitor in their place,
//! so the page assembled for a visitor without a session is the kept page,
//! byte for byte; a region not found exactly once is never assembled.

use std::ops::Range;

use crate::server::page_cache::brotli_join::{catable, join};

/// Where the per-visitor regions are, in the kept page's identity bytes,
/// and the parts around them compressed once, to be joined per request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots {
    ranges: Vec<Range<usize>>,
    /// The parts before, between and after the regions, as brotli streams.
    around_br: Vec<Vec<u8>>,
}

/// The quality the regions are compressed at on each request (a few KB):
/// quick, as tower-http's on-the-fly compression is.
const REGION_QUALITY: i32 = 4;
/// The kept parts, compressed once per kept page.
const KEPT_QUALITY: i32 = 6;

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
        let mut around_br = Vec::with_capacity(found.len() + 1);
        let mut at = 0;
        for range in &found {
            around_br.push(catable(&page.as_bytes()[at..range.start], KEPT_QUALITY));
            at = range.end;
        }
        around_br.push(catable(&page.as_bytes()[at..], KEPT_QUALITY));
        Some(Slots {
            ranges: found,
            around_br,
        })
    }

    /// The page with each slot replaced by the matching part, compressed
    /// with brotli: only the parts are compressed now.
    pub fn splice_brotli(&self, parts: &[String]) -> Option<Vec<u8>> {
        let parts: Vec<Vec<u8>> = parts
            .iter()
            .map(|part| catable(part.as_bytes(), REGION_QUALITY))
            .collect();
        let mut streams: Vec<&[u8]> = Vec::with_capacity(self.around_br.len() + parts.len());
        for (i, around) in self.around_br.iter().enumerate() {
            streams.push(around);
            if let Some(part) = parts.get(i) {
                streams.push(part);
            }
        }
        join(&streams)
    }

    /// The page with each slot replaced by the matching part.
    pub fn splice(&self, page: &[u8], parts: &[String]) -> Vec<u8> {
        let grown: usize = parts.iter().map(String::len).sum();
        let mut body = Vec::with_capacity(page.len() + grown);
        let mut at = 0;
        for (slot, part) in self.ranges.iter().zip(parts) {
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
    fn the_brotli_page_is_the_spliced_page() {
        let page = "<html><head>kept</head><h>nobody</h><main>x</main><s>out</s><f/></html>";
        let slots = Slots::find(page.as_bytes(), &["<h>nobody</h>".into(), "<s>out</s>".into()]).unwrap();
        let parts = ["<h>Ada</h>".to_string(), "<s>in</s>".to_string()];
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &slots.splice_brotli(&parts).unwrap()[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, slots.splice(page.as_bytes(), &parts));
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
