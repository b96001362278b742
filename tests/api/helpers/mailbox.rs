//! Reading what the app sent: the `.eml` files of its mail folder
//! (development delivery), and the plain-text part of a message, decoded.

use std::path::Path;
use std::time::Duration;

use base64::Engine;

/// The messages in `folder` that `keep` accepts, waiting up to 10 s for `count`.
pub async fn messages_where(folder: &Path, count: usize, keep: impl Fn(&str) -> bool) -> Vec<String> {
    for _ in 0..100 {
        let found: Vec<String> = std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .filter(|m| keep(m))
                    .collect()
            })
            .unwrap_or_default();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{count} message(s) did not arrive in {}", folder.display());
}

/// The `text/plain` part of `message`, its transfer encoding undone.
pub fn plain_text(message: &str) -> String {
    let message = message.replace("\r\n", "\n");
    let start = message.find("Content-Type: text/plain").expect("a text/plain part");
    let part = &message[start..];
    let (headers, rest) = part.split_once("\n\n").expect("the part's body");
    let body = rest.split("\n--").next().unwrap_or_default();
    let encoding = headers
        .lines()
        .find_map(|l| l.strip_prefix("Content-Transfer-Encoding: "))
        .unwrap_or("7bit")
        .trim()
        .to_ascii_lowercase();
    match encoding.as_str() {
        "base64" => {
            let compact: String = body.split_whitespace().collect();
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(compact).unwrap()).unwrap()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    }
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
