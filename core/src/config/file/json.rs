//! A Logto OIDC-connector configuration pasted as JSON: `json = '''{…}'''` or
//! `jsonFile = "acme.json"` in a provider table. The JSON object's fields are
//! merged into the table, so they go through exactly the same checks.

use std::path::Path;

use crate::config::ConfigProblem;

/// Expands every provider's `json` / `jsonFile` in place.
pub(super) fn expand(file: &mut toml::Table, source: &str) -> Vec<ConfigProblem> {
    let mut problems = Vec::new();
    let Some(toml::Value::Array(providers)) = file.get_mut("providers") else {
        return problems;
    };
    let folder = Path::new(source).parent().unwrap_or(Path::new("."));
    for (index, provider) in providers.iter_mut().enumerate() {
        let Some(table) = provider.as_table_mut() else { continue };
        let mut problem = |field: &str, reason: String| {
            problems.push(ConfigProblem {
                variable: format!("{source} providers[#{}].{field}", index + 1),
                reason,
            });
        };
        let text = match (table.remove("json"), table.remove("jsonFile")) {
            (None, None) => continue,
            (Some(_), Some(_)) => {
                problem("json", "give either json or jsonFile, not both".into());
                continue;
            }
            (Some(toml::Value::String(text)), None) => text,
            (None, Some(toml::Value::String(path))) => match std::fs::read_to_string(folder.join(&path)) {
                Ok(text) => text,
                Err(err) => {
                    problem("jsonFile", format!("cannot read `{path}`: {err}"));
                    continue;
                }
            },
            _ => {
                problem("json", "must be a string".into());
                continue;
            }
        };
        let fields = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(fields)) => fields,
            Ok(_) => {
                problem("json", "must be a JSON object".into());
                continue;
            }
            Err(err) => {
                problem("json", format!("is not valid JSON: {err}"));
                continue;
            }
        };
        for (name, value) in fields {
            if table.contains_key(&name) {
                problem(&name, "is given both in the table and in the JSON".into());
                continue;
            }
            match toml::Value::try_from(without_nulls(value)) {
                Ok(value) => {
                    table.insert(name, value);
                }
                Err(err) => problem(&name, format!("cannot be used: {err}")),
            }
        }
    }
    problems
}

/// JSON `null` (an unset optional field) has no TOML form: leave it out.
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}
