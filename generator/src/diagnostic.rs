//! Errors drawn the way rustc draws them: the message, then each place in a
//! spec it is about with its `file:line:column` and the lines around it
//! (codespan-reporting does the drawing).
//!
//! ```text
//! error: #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref: dangling `$ref: #/components/schemas/Pet`: nothing in the document is there
//!   --> pets.yaml:10:17
//!    |
//!  8 |             application/json:
//!  9 |               schema:
//! 10 |                 $ref: '#/components/schemas/Pet'
//!    |                 ^^^^
//! ```

use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config};

use crate::error::{Error, Position};

/// Lines longer than this (minified JSON) are shown as a window around the
/// place, so that one place does not print a megabyte.
const WIDE: usize = 160;
/// Characters shown either side of a place on a wide line.
const SIDE: usize = 60;

/// The error with the spec lines it is about, read from the files it names,
/// or `None` when it names no line (an I/O error, or an error from
/// [`generate_documents`](crate::generate_documents), which has no file to
/// read) or the file cannot be read any more. The first line is the
/// message, as `{error}` says it but with the place moved below.
pub fn render(error: &Error) -> Option<String> {
    let places: Vec<(PathBuf, Position)> = error
        .places()
        .into_iter()
        .filter_map(|place| Some((place.path, place.at?)))
        .collect();
    if places.is_empty() {
        return None;
    }
    let mut files = SimpleFiles::new();
    let mut labels = Vec::new();
    // Files in the order they are first named, each read once.
    let mut ids: Vec<(PathBuf, usize)> = Vec::new();
    let notes = label_notes(error);
    for (path, _) in &places {
        if ids.iter().any(|(p, _)| p == path) {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned();
        let marks: Vec<Position> = places
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, at)| *at)
            .collect();
        let (view, ranges) = view(&text, &marks);
        let id = files.add(path.display().to_string(), view);
        ids.push((path.clone(), id));
        for (at, range) in marks.iter().zip(ranges) {
            let index = places.iter().position(|(p, a)| p == path && a == at)?;
            let label = if index == 0 {
                Label::primary(id, range)
            } else {
                Label::secondary(id, range)
            };
            labels.push((
                index,
                label.with_message(notes.get(index).copied().unwrap_or("")),
            ));
        }
    }
    labels.sort_by_key(|(index, _)| *index);
    let diagnostic = Diagnostic::error()
        .with_message(message(error))
        .with_labels(labels.into_iter().map(|(_, label)| label).collect());
    let config = Config {
        chars: Chars::ascii(),
        before_label_lines: 2,
        after_label_lines: 1,
        ..Config::default()
    };
    term::emit_into_string(&config, &files, &diagnostic).ok()
}

/// The error's message without its leading place, which the drawing shows.
fn message(error: &Error) -> String {
    match error {
        Error::Invalid {
            pointer, message, ..
        } => format!("{pointer}: {message}"),
        Error::Unsupported { pointer, what, .. } => format!("{pointer}: not supported: {what}"),
        Error::Conflict {
            pointer,
            first,
            second,
            ..
        } => format!(
            "{pointer} is defined differently in {} and {}",
            first.display(),
            second.display()
        ),
        Error::Syntax {
            format, message, ..
        } => format!("invalid {format}: {message}"),
        other => other.to_string(),
    }
}

/// What each place's label says, in the order of [`Error::places`].
fn label_notes(error: &Error) -> Vec<&'static str> {
    match error {
        Error::Conflict { .. } => vec!["defined here", "and differently here first"],
        Error::Invalid { also: Some(_), .. } => vec!["here", "and here first"],
        _ => vec![""],
    }
}

/// The text to show, with wide lines cut to a window around their places,
/// and the byte range in it of each place: the key or token that starts
/// there.
fn view(text: &str, marks: &[Position]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len().min(1 << 20));
    let mut ranges = vec![0..0; marks.len()];
    let last = marks.iter().map(|m| m.line).max().unwrap_or(0) + 4;
    for (number, line) in text.lines().take(last).enumerate() {
        let number = number + 1;
        let chars: Vec<char> = line.chars().collect();
        let here: Vec<usize> = (0..marks.len())
            .filter(|&i| marks[i].line == number)
            .collect();
        // The characters shown, and the offset of the first one.
        let (start, end) = if chars.len() <= WIDE {
            (0, chars.len())
        } else if let Some(&i) = here.first() {
            let column = marks[i].column.saturating_sub(1).min(chars.len());
            (
                column.saturating_sub(SIDE),
                (column + SIDE).min(chars.len()),
            )
        } else {
            (0, WIDE)
        };
        if start > 0 {
            out.push_str("...");
        }
        let shown_start = out.len();
        out.extend(
            chars[start..end]
                .iter()
                .map(|&c| if c.is_control() { ' ' } else { c }),
        );
        for &i in &here {
            let column = marks[i].column.saturating_sub(1).clamp(start, end);
            let from = shown_start + byte_len(&chars[start..column]);
            let token_end = (column + token_len(&chars[column..end])).min(end);
            let len = byte_len(&chars[column..token_end]);
            ranges[i] = from..from + len;
        }
        if end < chars.len() {
            out.push_str("...");
        }
        out.push('\n');
    }
    // No empty line after the last one; a place past the end (a syntax
    // error at the end of the file) is shown there.
    out.truncate(out.trim_end_matches('\n').len());
    let lines = text.lines().count();
    for (range, mark) in ranges.iter_mut().zip(marks) {
        if range.start == range.end && mark.line > lines {
            *range = out.len()..out.len();
        }
    }
    (out, ranges)
}

fn byte_len(chars: &[char]) -> usize {
    chars.iter().map(|c| c.len_utf8()).sum()
}

/// How many characters the token at the start of `rest` has: a quoted
/// string with its quotes, or up to the `:`, `,` or bracket that ends a
/// plain key or scalar; at least one.
fn token_len(rest: &[char]) -> usize {
    let len = match rest.first() {
        Some(&quote @ ('"' | '\'')) => rest[1..]
            .iter()
            .position(|&c| c == quote)
            .map_or(rest.len(), |i| i + 2),
        _ => rest
            .iter()
            .position(|&c| matches!(c, ':' | ',' | '{' | '}' | '[' | ']'))
            .unwrap_or(rest.len()),
    };
    let trimmed = rest[..len]
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |i| i + 1);
    trimmed.max(1).min(rest.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_keys_or_quoted_strings() {
        let len = |s: &str| token_len(&s.chars().collect::<Vec<_>>());
        assert_eq!(len("schema:\n"), 6);
        assert_eq!(len("\"a:b\": 1"), 5);
        assert_eq!(len("'x' : y"), 3);
        assert_eq!(len("$ref: '#/a'"), 4);
        assert_eq!(len(""), 1);
    }

    #[test]
    fn wide_lines_are_cut_around_the_place() {
        let line = format!("{{\"a\": \"{}\", \"b\": 1}}", "x".repeat(500));
        let (view, ranges) = view(
            &line,
            &[Position {
                line: 1,
                column: 511,
            }],
        );
        assert!(
            view.starts_with("...") && view.trim_end().ends_with('}'),
            "{view}"
        );
        assert_eq!(&view[ranges[0].clone()], "\"b\"");
    }
}
