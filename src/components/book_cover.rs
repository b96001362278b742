//! Covers drawn from the title and authors (no image is ever downloaded):
//! a cloth colour chosen from the book's id, the title set in lines.

use leptos::prelude::*;

const CLOTHS: [(&str, &str); 8] = [
    ("#7a2e1d", "#f6efe4"),
    ("#1f3b5a", "#f1e7d0"),
    ("#2f5233", "#f4ecd8"),
    ("#5b2a4e", "#f7ede2"),
    ("#8a6a1f", "#fffaf0"),
    ("#23404a", "#e9f1ef"),
    ("#4a3b2a", "#f3e9d7"),
    ("#6b1f2f", "#fbeee6"),
];
const LINE_CHARS: usize = 14;
const MAX_LINES: usize = 5;

/// Breaks a title into at most [`MAX_LINES`] lines of about [`LINE_CHARS`]
/// characters, on word boundaries where it can; an ellipsis marks a cut.
pub fn title_lines(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in title.split_whitespace() {
        let word: String = if word.chars().count() > LINE_CHARS {
            // A long word (or a title without spaces, as in Japanese) is split.
            let chars: Vec<char> = word.chars().collect();
            for chunk in chars.chunks(LINE_CHARS) {
                if !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                current = chunk.iter().collect();
            }
            continue;
        } else {
            word.to_string()
        };
        if current.is_empty() {
            current = word;
        } else if current.chars().count() + 1 + word.chars().count() <= LINE_CHARS {
            current.push(' ');
            current.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut current, word));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('\u{2026}');
        }
    }
    lines
}

#[component]
pub fn BookCover(
    id: i64,
    #[prop(into)] title: String,
    #[prop(into)] authors: String,
    /// Width in CSS pixels; the height follows (2:3).
    #[prop(default = 120)]
    width: u32,
) -> impl IntoView {
    let (cloth, ink) = CLOTHS[id.rem_euclid(CLOTHS.len() as i64) as usize];
    let lines = title_lines(&title);
    let first_y = 52 - (lines.len() as i32 - 1) * 7;
    let author_line: String = authors.chars().take(24).collect();
    view! {
        // Decorative: the title and authors are always in the text beside it.
        <svg class="cover" viewBox="0 0 120 180" width=width height=width * 3 / 2 aria-hidden="true" focusable="false">
            <rect width="120" height="180" rx="4" fill=cloth></rect>
            <rect x="8" y="8" width="104" height="164" rx="2" fill="none" stroke=ink stroke-opacity="0.5"></rect>
            <text x="60" y=first_y text-anchor="middle" fill=ink font-family="Georgia, 'Hiragino Mincho ProN', 'Yu Mincho', 'Noto Serif CJK JP', serif" font-size="12" font-weight="bold">
                {lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, line)| view! { <tspan x="60" dy=if i == 0 { "0" } else { "15" }>{line}</tspan> })
                    .collect_view()}
            </text>
            <line x1="40" y1="128" x2="80" y2="128" stroke=ink stroke-opacity="0.6"></line>
            <text x="60" y="148" text-anchor="middle" fill=ink font-family="Georgia, 'Hiragino Mincho ProN', 'Yu Mincho', 'Noto Serif CJK JP', serif" font-size="9">{author_line}</text>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::title_lines;

    #[test]
    fn titles_wrap_on_words() {
        assert_eq!(title_lines("Pride and Prejudice"), ["Pride and", "Prejudice"]);
        assert_eq!(title_lines("Emma"), ["Emma"]);
    }

    #[test]
    fn long_words_and_long_titles_are_cut() {
        assert_eq!(title_lines("吾輩は猫である"), ["吾輩は猫である"]);
        assert_eq!(
            title_lines("Incomprehensibilities everywhere"),
            ["Incomprehensib", "ilities", "everywhere"]
        );
        let long = title_lines("The Life and Opinions of Tristram Shandy, Gentleman, with many more words to come");
        assert_eq!(long.len(), 5);
        assert!(long[4].ends_with('\u{2026}'));
    }
}
