//! Brotli for assembled pages without a brotli pass over the whole page per
//! request: the kept page's parts around the per-visitor regions are
//! compressed once as catable streams, a request compresses only its
//! regions (a few KB), and the streams are joined by
//! `brotli::concat::BroCatli`, which splices them without decompressing.

use brotli::concat::{BroCatli, BroCatliResult};
use brotli::enc::BrotliEncoderParams;

/// One window size for every stream: a joined stream may not grow it.
const LGWIN: i32 = 18;

/// `bytes` as a brotli stream that can be joined to others.
pub fn catable(bytes: &[u8], quality: i32) -> Vec<u8> {
    let params = BrotliEncoderParams {
        quality,
        lgwin: LGWIN,
        catable: true,
        appendable: true,
        use_dictionary: false,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3 + 16);
    // Writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

/// The streams joined into one, in order; `None` if one was not made by
/// [`catable`].
pub fn join(streams: &[&[u8]]) -> Option<Vec<u8>> {
    let mut joiner = BroCatli::new_with_window_size(LGWIN as u8);
    let mut out = vec![0u8; streams.iter().map(|s| s.len()).sum::<usize>() + 64];
    let mut written = 0;
    for stream in streams {
        joiner.new_brotli_file();
        let mut read = 0;
        loop {
            match joiner.stream(stream, &mut read, &mut out, &mut written) {
                BroCatliResult::NeedsMoreInput => break,
                BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                _ => return None,
            }
        }
    }
    loop {
        match joiner.finish(&mut out, &mut written) {
            BroCatliResult::Success => break,
            BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
            _ => return None,
        }
    }
    out.truncate(written);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decompressed(stream: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &stream[..], &mut out).unwrap();
        out
    }

    #[test]
    fn joined_streams_decompress_to_the_joined_bytes() {
        let parts: Vec<Vec<u8>> = vec![
            "<html><head><title>Books</title></head><body>".repeat(40).into_bytes(),
            b"<header>Signed in as <strong>Ada</strong></header>".to_vec(),
            "<main><p>Dracula, Emma, Frankenstein</p></main>"
                .repeat(300)
                .into_bytes(),
            Vec::new(),
            b"</body></html>".to_vec(),
        ];
        let streams: Vec<Vec<u8>> = parts.iter().map(|p| catable(p, 5)).collect();
        let joined = join(&streams.iter().map(Vec::as_slice).collect::<Vec<_>>()).unwrap();
        assert_eq!(decompressed(&joined), parts.concat());
        assert!(joined.len() < parts.concat().len() / 4, "still compressed");
    }

    #[test]
    fn a_stream_not_made_to_be_joined_is_refused() {
        let mut plain = Vec::new();
        let params = BrotliEncoderParams {
            quality: 5,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &b"not catable, larger window"[..], &mut plain, &params).unwrap();
        let first = catable(b"first", 5);
        assert!(join(&[&first, &plain]).is_none());
    }
}
