//! Where each node of a spec's text is: a JSON pointer -> line and column
//! index, so that an error found after loading (a dangling `$ref`, a merge
//! conflict) names the line of the spec and not only a pointer.
//!
//! serde_yaml and serde_json give no positions for values they parsed
//! fine, so the text is read a second time, with saphyr-parser's events,
//! which carry spans; JSON is YAML 1.2, so the one parser serves both. The
//! index is best effort: where the span parser stops (text that serde_yaml
//! took but saphyr does not), what it saw so far is kept, and a pointer that
//! is not in the index is placed at its nearest ancestor that is.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, Span};

use crate::error::{Position, escape_pointer_token};

/// Line and column of every node of one spec text, by JSON pointer.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    by_pointer: BTreeMap<String, Position>,
}

/// A mapping or sequence being read, with the pointer of the node in it
/// that comes next.
enum Frame {
    Mapping {
        pointer: String,
        /// The key just read, whose value comes next; `None` when a key
        /// comes next.
        key: Option<(String, Position)>,
    },
    Sequence {
        pointer: String,
        next: usize,
    },
}

impl Positions {
    /// Indexes `text` (YAML or JSON).
    pub fn of(text: &str) -> Positions {
        let mut index = Positions::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut root_seen = false;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else {
                break;
            };
            let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
            let is_node = opens || matches!(event, Event::Scalar(..) | Event::Alias(..));
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
                index.value_done(&mut stack);
                continue;
            }
            if !is_node {
                continue;
            }
            // A scalar where a mapping expects a key is that key.
            if let Some(Frame::Mapping {
                key: key @ None, ..
            }) = stack.last_mut()
            {
                if let Event::Scalar(value, ..) = &event {
                    *key = Some((value.to_string(), position(span)));
                    continue;
                }
                if opens {
                    // A complex key (a mapping or sequence as a key): its
                    // insides are not indexed.
                    *key = Some((String::from("?"), position(span)));
                }
            }
            let pointer = match stack.last() {
                None if root_seen => break, // a second YAML document
                None => {
                    root_seen = true;
                    index.insert(String::from("#"), position(span));
                    String::from("#")
                }
                Some(Frame::Mapping { pointer, key }) => {
                    let (key, at) = key.clone().unwrap_or_default();
                    let child = format!("{pointer}/{}", escape_pointer_token(&key));
                    // An entry is placed at its key, where a reader looks.
                    index.insert(child.clone(), at);
                    child
                }
                Some(Frame::Sequence { pointer, next }) => {
                    let child = format!("{pointer}/{next}");
                    index.insert(child.clone(), position(span));
                    child
                }
            };
            if opens {
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping { pointer, key: None },
                    _ => Frame::Sequence { pointer, next: 0 },
                });
            } else {
                index.value_done(&mut stack);
            }
        }
        index
    }

    fn insert(&mut self, pointer: String, at: Position) {
        // YAML allows a key twice (serde_yaml refuses it); the first counts.
        self.by_pointer.entry(pointer).or_insert(at);
    }

    /// A value has been read in the innermost open node: move on to the
    /// next key or item.
    fn value_done(&mut self, stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { next, .. }) => *next += 1,
            None => {}
        }
    }

    /// Where the node at `pointer` (`#/paths/~1pets/get`) starts: its key
    /// for a mapping entry. A pointer that the index does not hold (a part
    /// that normalizing made) gets its nearest indexed ancestor's position.
    pub fn find(&self, pointer: &str) -> Option<Position> {
        let mut prefix = pointer;
        loop {
            if let Some(at) = self.by_pointer.get(prefix) {
                return Some(*at);
            }
            prefix = &prefix[..prefix.rfind('/')?];
        }
    }
}

fn position(span: Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: &Positions, pointer: &str) -> (usize, usize) {
        let p = index.find(pointer).unwrap_or_else(|| panic!("{pointer}"));
        (p.line, p.column)
    }

    #[test]
    fn yaml_entries_are_placed_at_their_keys() {
        let yaml = "openapi: 3.1.0\npaths:\n  /a/b:\n    get:\n      tags: [x, y]\n      responses:\n        '200':\n          description: ok\n";
        let index = Positions::of(yaml);
        assert_eq!(at(&index, "#"), (1, 1));
        assert_eq!(at(&index, "#/paths"), (2, 1));
        assert_eq!(at(&index, "#/paths/~1a~1b/get"), (4, 5));
        assert_eq!(at(&index, "#/paths/~1a~1b/get/tags/1"), (5, 17));
        assert_eq!(at(&index, "#/paths/~1a~1b/get/responses/200"), (7, 9));
        // Not in the text: its nearest ancestor.
        assert_eq!(
            at(&index, "#/paths/~1a~1b/get/responses/200/x-made"),
            (7, 9)
        );
    }

    #[test]
    fn json_is_indexed_too() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"tags\": [\"x\", {\"k\": 1}]}}\n  },\n  \"b~c\": 2\n}\n";
        let index = Positions::of(json);
        assert_eq!(at(&index, "#/paths"), (2, 3));
        assert_eq!(at(&index, "#/paths/~1a/get"), (3, 12));
        assert_eq!(at(&index, "#/paths/~1a/get/tags/1/k"), (3, 35));
        assert_eq!(at(&index, "#/b~0c"), (5, 3));
    }

    #[test]
    fn bad_text_keeps_what_came_before() {
        let index = Positions::of("a:\n  b: 1\nc: [\n");
        assert_eq!(at(&index, "#/a/b"), (2, 3));
        assert!(Positions::of("").find("#/x").is_none());
    }
}
