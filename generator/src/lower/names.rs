//! The names users call: each operation's group (the client's accessor) and
//! its method name in that group, planned for all operations at once so that
//! shortening never makes two names one.
//!
//! In order of precedence:
//! 1. what the vendor's own SDK says: `x-speakeasy-group` and
//!    `x-speakeasy-name-override`, or the call in an `x-codeSamples` sample
//!    (see `vendor.rs`); a tag whose operations show their SDK group lends
//!    that group to its other operations;
//! 2. otherwise a tag's group is the first path segment that all its
//!    operations share, when that segment is made of the tag's own words
//!    (`Unified HRIS API` at `/hris/...` is `hris`), else the tag without a
//!    trailing `API` (`Custom Stuff API` is `custom_stuff`);
//! 3. a method is its operationId without the words its group already says
//!    (`get_hris_employees` in `hris` is `get_employees`) and without the
//!    names of its path parameters, which the arguments say
//!    (`patch_skills_skill_id` is `patch_skills`).
//!
//! A shortened name that two operations of one group (or two groups) would
//! share is not used: those keep the long name. Everything depends on the
//! spec alone, so the names are the same on every run.

use std::collections::{BTreeMap, HashMap};

use heck::ToSnakeCase;

use crate::naming::field_name;
use crate::runtime_api::CLIENT_METHODS;

use super::groups::UNTAGGED;

/// What naming needs to know of one operation.
pub(super) struct NameInput<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub operation_id: &'a str,
    pub tag: Option<&'a str>,
    /// The group and method the vendor's SDK uses, where the spec says.
    pub sdk_group: Option<String>,
    pub sdk_name: Option<String>,
}

/// One operation's planned names: its group's key (snake_case) and its
/// method name (snake_case, escaped if a keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Planned {
    pub group: String,
    pub method: String,
}

/// Words that start an operationId and name the HTTP method or the action.
const VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "trace", "list", "create",
    "update", "remove",
];

/// Words after which a path parameter's name is part of the sense
/// (`get_integration_by_token`), not noise.
const LINKING: &[&str] = &[
    "by", "for", "of", "in", "with", "from", "to", "and", "or", "per",
];

/// Plans the names of all operations, in the order given.
pub(super) fn plan(ops: &[NameInput<'_>]) -> Vec<Planned> {
    // Tags whose operations show their SDK group lend it to the others.
    let mut learned: HashMap<&str, String> = HashMap::new();
    for op in ops {
        if let (Some(group), Some(tag)) = (&op.sdk_group, op.tag) {
            learned.entry(tag).or_insert_with(|| group.clone());
        }
    }
    let short_groups = short_group_names(ops, &learned);

    let mut planned: Vec<Planned> = Vec::with_capacity(ops.len());
    // The operations whose method was shortened here.
    let mut shortened = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let long = field_name(op.operation_id, "operation");
        let sdk_group = op
            .sdk_group
            .clone()
            .or_else(|| op.tag.and_then(|t| learned.get(t)).cloned());
        let (group, method) = match (sdk_group, op.tag) {
            (Some(group), _) => {
                let method = match &op.sdk_name {
                    Some(name) => name.clone(),
                    None => strip_words(&long, &[op.method, &group]),
                };
                (group, method)
            }
            (None, tag) => {
                let group = match tag {
                    Some(tag) => short_groups
                        .get(tag)
                        .cloned()
                        .unwrap_or_else(|| field_name(tag, "api")),
                    None => UNTAGGED.to_string(),
                };
                let says = if tag.is_some() { group.as_str() } else { "" };
                let method = short_method(&long, says, op.path);
                if method != long {
                    shortened.push(i);
                }
                (group, method)
            }
        };
        // A group is a method of the client: keep clear of its own.
        let group = match CLIENT_METHODS.contains(&group.as_str()) {
            true => format!("{group}_api"),
            false => group,
        };
        planned.push(Planned { group, method });
    }
    // A short name taken by another operation of the group, shortened or
    // not, is not used: those operations keep their long names.
    let mut taken: HashMap<(&str, &str), usize> = HashMap::new();
    for p in &planned {
        *taken.entry((&p.group, &p.method)).or_default() += 1;
    }
    let clashing: Vec<usize> = shortened
        .into_iter()
        .filter(|&i| taken[&(planned[i].group.as_str(), planned[i].method.as_str())] > 1)
        .collect();
    for i in clashing {
        planned[i].method = field_name(ops[i].operation_id, "operation");
    }
    planned
}

/// The short group name of each tag that has no SDK group: the first path
/// segment all its operations share, when it is made of the tag's words,
/// else the tag without a trailing `api`. Tags whose short names would be
/// one keep their full names.
fn short_group_names(
    ops: &[NameInput<'_>],
    learned: &HashMap<&str, String>,
) -> HashMap<String, String> {
    // Tag -> the first literal segment of each of its operations' paths.
    let mut segments: BTreeMap<&str, Vec<Option<String>>> = BTreeMap::new();
    for op in ops {
        if let Some(tag) = op.tag
            && !learned.contains_key(tag)
            && op.sdk_group.is_none()
        {
            segments
                .entry(tag)
                .or_default()
                .push(first_segment(op.path));
        }
    }
    let mut short: BTreeMap<&str, String> = BTreeMap::new();
    for (tag, firsts) in &segments {
        let tag_words = words(tag);
        let shared = firsts
            .first()
            .and_then(|s| s.as_ref())
            .filter(|s| firsts.iter().all(|f| f.as_ref() == Some(*s)))
            .filter(|s| {
                let seg_words = words(s);
                !seg_words.is_empty() && seg_words.iter().all(|w| tag_words.contains(w))
            });
        let name = match shared {
            Some(segment) => field_name(segment, "api"),
            None => {
                let mut w = tag_words.clone();
                if w.len() > 1 && w.last().map(String::as_str) == Some("api") {
                    w.pop();
                }
                field_name(&w.join("_"), "api")
            }
        };
        short.insert(tag, name);
    }
    // Two tags with one short name, or a short name that is another tag's
    // or an SDK group's full name: those tags keep their full names.
    let mut count: HashMap<String, usize> = HashMap::new();
    for name in short.values() {
        *count.entry(name.clone()).or_default() += 1;
    }
    let others: Vec<String> = learned
        .values()
        .cloned()
        .chain(ops.iter().filter_map(|op| op.sdk_group.clone()))
        .chain(std::iter::once(UNTAGGED.to_string()))
        .collect();
    short
        .into_iter()
        .map(|(tag, name)| {
            let full = field_name(tag, "api");
            let clash = count[&name] > 1
                || others.contains(&name)
                || (name != full && segments.keys().any(|t| field_name(t, "api") == name));
            (tag.to_string(), if clash { full } else { name })
        })
        .collect()
}

/// The first path segment that is not a parameter, a version (`v1`) or
/// `api`.
fn first_segment(path: &str) -> Option<String> {
    let segment = path
        .split('/')
        .filter(|s| !s.is_empty())
        .find(|s| !is_version(s) && *s != "api")?;
    (!segment.contains('{')).then(|| segment.to_string())
}

fn is_version(s: &str) -> bool {
    let rest = s.strip_prefix(['v', 'V']).unwrap_or("");
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The snake_case words of a name.
fn words(s: &str) -> Vec<String> {
    s.to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// `long` without its path parameters' names and then without its group's
/// words (after a leading verb, or at the start). Never only a verb, never empty.
fn short_method(long: &str, group: &str, path: &str) -> String {
    // `r#type` is the word `type`.
    let mut w = words(long.trim_start_matches("r#"));
    let verb_at = usize::from(w.first().is_some_and(|v| VERBS.contains(&v.as_str())));
    for param in path_params(path) {
        let p = words(&param);
        if p.is_empty() {
            continue;
        }
        // From the end, so that `by_token_token` loses the last `token`;
        // never the first word.
        for i in (1..=w.len().saturating_sub(p.len())).rev() {
            let linked = LINKING.contains(&w[i - 1].as_str());
            if w[i..].starts_with(&p) && !linked && w.len() - p.len() > verb_at {
                w.drain(i..i + p.len());
            }
        }
    }
    let group_words = words(group);
    if !group_words.is_empty()
        && w.len() > verb_at + group_words.len()
        && w[verb_at..].starts_with(&group_words)
    {
        w.drain(verb_at..verb_at + group_words.len());
    }
    let short = field_name(&w.join("_"), "operation");
    if w.len() <= verb_at || short.trim_start_matches("r#") == long.trim_start_matches("r#") {
        return long.to_string();
    }
    short
}

/// The names of a path template's parameters: `/a/{b}/c/{d}` gives b, d.
fn path_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// `post_connect_activate_integration` without `post` and `connect` ->
/// `activate_integration`, the way the official SDKs name methods in a group.
fn strip_words(name: &str, prefixes: &[&str]) -> String {
    let mut rest = name;
    for prefix in prefixes {
        if let Some(stripped) = rest.strip_prefix(prefix).and_then(|r| r.strip_prefix('_')) {
            if !stripped.is_empty() {
                rest = stripped;
            }
        }
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op<'a>(path: &'a str, method: &'a str, id: &'a str, tag: Option<&'a str>) -> NameInput<'a> {
        NameInput {
            path,
            method,
            operation_id: id,
            tag,
            sdk_group: None,
            sdk_name: None,
        }
    }

    fn names(ops: &[NameInput<'_>]) -> Vec<String> {
        plan(ops)
            .into_iter()
            .map(|p| format!("{}.{}", p.group, p.method))
            .collect()
    }

    #[test]
    fn groups_take_the_shared_path_segment_and_methods_drop_what_it_says() {
        let hris = Some("Unified HRIS API");
        let ops = [
            op("/hris/employees", "get", "GetHrisEmployees", hris),
            op("/hris/employees", "post", "PostHrisEmployees", hris),
            op(
                "/hris/skills/{skill_id}",
                "patch",
                "PatchHrisSkillsSkillId",
                hris,
            ),
            op(
                "/hris/provisioning-groups/{group_id}/setup-links",
                "post",
                "PostHrisProvisioningGroupsGroupIdSetupLinks",
                hris,
            ),
            op("/check-api-key", "get", "GetCheckApiKey", Some("General")),
            op("/lms/users", "get", "GetLmsUsers", Some("General")),
            op(
                "/custom/datev/x",
                "get",
                "GetCustomDatevX",
                Some("Custom Endpoints"),
            ),
            op(
                "/connect/integration-by-token/{token}",
                "get",
                "GetConnectIntegrationByTokenToken",
                Some("Kombo Connect"),
            ),
        ];
        assert_eq!(
            names(&ops),
            [
                "hris.get_employees",
                "hris.post_employees",
                "hris.patch_skills",
                "hris.post_provisioning_groups_setup_links",
                "general.get_check_api_key",
                "general.get_lms_users",
                "custom.get_datev_x",
                "connect.get_integration_by_token",
            ]
        );
    }

    #[test]
    fn a_tag_without_a_shared_segment_drops_a_trailing_api() {
        let ops = [
            op("/a", "get", "getA", Some("Stuff API")),
            op("/b", "get", "getB", Some("Stuff API")),
        ];
        assert_eq!(names(&ops), ["stuff.get_a", "stuff.get_b"]);
    }

    #[test]
    fn shortened_names_that_would_clash_keep_their_long_names() {
        let t = Some("Items");
        let ops = [
            op("/items/{id}", "get", "getItemsId", t),
            op("/items", "get", "getItems", t),
            // Both would be `get_things`.
            op("/items/{a}/things", "get", "getItemsAThings", t),
            op("/items/{b}/things", "get", "getItemsBThings", t),
        ];
        assert_eq!(
            names(&ops),
            [
                "items.get_items_id",
                "items.get_items",
                "items.get_items_a_things",
                "items.get_items_b_things",
            ]
        );
    }

    #[test]
    fn operation_ids_led_by_the_group_lose_it() {
        let ops = [
            op("/repos/{owner}/{repo}", "get", "repos/get", Some("repos")),
            op(
                "/repos/{owner}/{repo}/forks",
                "get",
                "repos/list-forks",
                Some("repos"),
            ),
        ];
        assert_eq!(names(&ops), ["repos.get", "repos.list_forks"]);
    }

    #[test]
    fn two_tags_with_one_short_name_keep_their_full_names() {
        let ops = [
            op("/a", "get", "getA", Some("Pets API")),
            op("/b", "get", "getB", Some("Pets")),
        ];
        assert_eq!(names(&ops), ["pets_api.get_a", "pets.get_b"]);
    }

    #[test]
    fn sdk_names_win_and_lend_their_group_to_the_tag() {
        let mut sample = op(
            "/connect/integration-by-token/{token}",
            "get",
            "GetConnectIntegrationByTokenToken",
            Some("Kombo Connect"),
        );
        sample.sdk_group = Some("connect".into());
        sample.sdk_name = Some("get_integration_by_token".into());
        let ops = [
            sample,
            op(
                "/connect/activate-integration",
                "post",
                "PostConnectActivateIntegration",
                Some("Kombo Connect"),
            ),
        ];
        assert_eq!(
            names(&ops),
            [
                "connect.get_integration_by_token",
                "connect.activate_integration"
            ]
        );
    }

    #[test]
    fn never_only_a_verb_and_untagged_operations_go_to_api() {
        let ops = [
            op("/t", "get", "type", None),
            op("/{item}", "get", "getItem", None),
            op("/x/{id}", "delete", "deleteXId", None),
        ];
        assert_eq!(names(&ops), ["api.r#type", "api.get_item", "api.delete_x"]);
    }
}
