//! Operation groups: one per tag, named as the official SDKs name them where
//! the spec shows it, and one (`api`) for the operations without a tag. Each
//! group is an accessor method of the client and a struct of methods.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{Group, GroupId, Operation};
use crate::naming::{RustIdent, type_name};

/// The group of the operations that have no tag.
pub(super) const UNTAGGED: &str = "api";

/// Hands out groups in first-use order.
#[derive(Default)]
pub(super) struct Groups {
    groups: Vec<Group>,
    by_key: HashMap<String, GroupId>,
    structs: BTreeSet<String>,
}

impl Groups {
    /// The group whose accessor is `key` (snake_case, escaped), made on first
    /// use. A group whose struct would be another's (`a1b` and `a_1b` both
    /// give `A1bApi`) is renamed `a_1b_2` (`_3`...).
    pub(super) fn group(&mut self, key: &str) -> GroupId {
        if let Some(id) = self.by_key.get(key) {
            return *id;
        }
        let struct_of = |accessor: &RustIdent| format!("{}Api", type_name(accessor.bare(), "Api"));
        let spelled = RustIdent::new(key);
        let mut accessor = spelled.clone();
        let mut n = 1;
        while self.structs.contains(&struct_of(&accessor)) {
            n += 1;
            accessor = RustIdent::new(format!("{}_{n}", spelled.bare()));
        }
        let struct_name = struct_of(&accessor);
        self.structs.insert(struct_name.clone());
        let id = GroupId(self.groups.len());
        self.groups.push(Group {
            accessor,
            struct_name: RustIdent::new(struct_name),
            operations: Vec::new(),
        });
        self.by_key.insert(key.to_string(), id);
        id
    }

    /// The accessor of a group.
    pub(super) fn accessor(&self, id: GroupId) -> &RustIdent {
        &self.groups[id.0].accessor
    }

    /// The groups, each with its operations in spec order.
    pub(super) fn finish(mut self, operations: &[Operation]) -> Vec<Group> {
        for (i, op) in operations.iter().enumerate() {
            self.groups[op.group.0].operations.push(i);
        }
        self.groups
    }
}
