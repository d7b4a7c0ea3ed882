//! Which spec file each part of a merged document came from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Maps JSON-pointer prefixes of the merged document (`#/paths/~1pets`,
/// `#/components/schemas/Pet`) to the file that defined them, so that an
/// error found after merging still names the right file.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    default: PathBuf,
    prefixes: BTreeMap<String, PathBuf>,
}

impl Origins {
    /// Origins where everything comes from `default` unless recorded otherwise.
    pub fn new(default: PathBuf) -> Self {
        Origins {
            default,
            prefixes: BTreeMap::new(),
        }
    }

    /// Records that the subtree at `pointer` comes from `file` (first one wins).
    pub fn record(&mut self, pointer: String, file: &Path) {
        self.prefixes
            .entry(pointer)
            .or_insert_with(|| file.to_path_buf());
    }

    /// The file that holds `pointer`: the one recorded for its longest
    /// recorded prefix, or the default.
    pub fn file_for(&self, pointer: &str) -> &Path {
        let mut prefix = pointer;
        loop {
            if let Some(file) = self.prefixes.get(prefix) {
                return file;
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return &self.default,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_recorded_prefix_wins() {
        let mut o = Origins::new("a.yaml".into());
        o.record("#/paths/~1x".into(), Path::new("b.yaml"));
        o.record("#/components/schemas/Pet".into(), Path::new("c.yaml"));
        assert_eq!(
            o.file_for("#/paths/~1x/get/responses/200"),
            Path::new("b.yaml")
        );
        assert_eq!(o.file_for("#/paths/~1x"), Path::new("b.yaml"));
        assert_eq!(o.file_for("#/paths/~1xy/get"), Path::new("a.yaml"));
        assert_eq!(
            o.file_for("#/components/schemas/Pet/properties/id"),
            Path::new("c.yaml")
        );
        assert_eq!(o.file_for("#/components/schemas/Pets"), Path::new("a.yaml"));
        assert_eq!(o.file_for("#/info"), Path::new("a.yaml"));
    }
}
