//! What an OpenAPI document promises a client, reduced to what can be compared between two
//! documents: for each operation (method and path), the statuses it lists and, for its request
//! body and each of its answers, every property it names (nested ones as `user.email`, an array's
//! items as `articles[].slug`) with its JSON types and whether it is required. RealWorld's own
//! document, reduced this way, is committed as `capstone/tests/realworld-contract.json`
//! (`cargo course maintain conformance` writes it from the spec); the capstone's test reduces the
//! document it serves and holds it to that contract with [`incompatibilities`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// A document's operations, keyed `"POST /api/users/login"` (the path as served: RealWorld's
/// paths are relative to its server's `/api`, which `prefix` adds).
pub fn contract(document: &Value, prefix: &str) -> Value {
    let mut operations = Map::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let mut statuses = Map::new();
            let responses = operation.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                let response = resolve(document, response);
                statuses.insert(
                    status.clone(),
                    Value::Object(body_fields(document, response)),
                );
            }
            let request = operation
                .get("requestBody")
                .map(|body| body_fields(document, resolve(document, body)))
                .unwrap_or_default();
            operations.insert(
                format!("{} {prefix}{path}", method.to_uppercase()),
                json!({ "request": request, "responses": statuses }),
            );
        }
    }
    Value::Object(operations)
}

/// Where `contract` (the reduced document served) breaks `expected` (RealWorld's): an operation
/// missing, a status not listed, a property a client sends that the server does not describe, or
/// one a client relies on in an answer that is not required there or has a type the client does
/// not expect. Empty when compatible.
pub fn incompatibilities(expected: &Value, contract: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let operations = expected.as_object().into_iter().flatten();
    for (operation, wanted) in operations {
        let Some(served) = contract.get(operation) else {
            problems.push(format!("{operation}: not described"));
            continue;
        };
        let request = &served["request"];
        for (field, want) in fields(&wanted["request"]) {
            match request.get(field) {
                None => problems.push(format!("{operation}: request field `{field}` missing")),
                Some(have) if !types(want).is_subset(&types(have)) => problems.push(format!(
                    "{operation}: request field `{field}` accepts {:?}, a client may send {:?}",
                    types(have),
                    types(want)
                )),
                Some(_) => {}
            }
        }
        for (status, want_fields) in fields(&wanted["responses"]) {
            let Some(have_fields) = served["responses"].get(status) else {
                problems.push(format!("{operation}: status {status} not listed"));
                continue;
            };
            if !status.starts_with('2') {
                continue;
            }
            for (field, want) in fields(want_fields) {
                if want["required"] != true {
                    continue;
                }
                match have_fields.get(field) {
                    Some(have) if have["required"] == true => {
                        if !types(have).is_subset(&types(want)) {
                            problems.push(format!(
                                "{operation}: {status} field `{field}` is {:?}, a client expects \
                                 {:?}",
                                types(have),
                                types(want)
                            ));
                        }
                    }
                    _ => problems.push(format!(
                        "{operation}: {status} field `{field}` is not required (a client relies \
                         on it)"
                    )),
                }
            }
        }
    }
    problems
}

fn fields(value: &Value) -> impl Iterator<Item = (&String, &Value)> {
    value.as_object().into_iter().flatten()
}

/// A field's JSON types; an integer is also a number.
fn types(field: &Value) -> BTreeSet<String> {
    let mut types: BTreeSet<String> = field["types"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|kind| kind.as_str().map(str::to_owned))
        .collect();
    if types.contains("integer") {
        types.insert("number".to_owned());
    }
    types
}

/// The properties of a request's or a response's JSON body, flattened.
fn body_fields(document: &Value, body: &Value) -> Map<String, Value> {
    let mut found = BTreeMap::new();
    if let Some(schema) = body.pointer("/content/application~1json/schema") {
        walk(document, schema, "", &mut found, 0);
    }
    found.into_iter().collect()
}

/// Records every property of `schema` under `prefix`, and theirs in turn.
fn walk(
    document: &Value,
    schema: &Value,
    prefix: &str,
    found: &mut BTreeMap<String, Value>,
    depth: usize,
) {
    // A recursive schema would go on for ever; no body of this API is half as deep.
    if depth > 8 {
        return;
    }
    let schema = resolve(document, schema);
    let variants = variants(document, schema);
    // A part of an `allOf` may require what another part defines.
    let required: BTreeSet<&str> = variants
        .iter()
        .flat_map(|variant| variant["required"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    for variant in variants {
        for (name, property) in fields(&variant["properties"]) {
            let path = format!("{prefix}{name}");
            let property = resolve(document, property);
            let entry = found
                .entry(path.clone())
                .or_insert_with(|| json!({ "types": [], "required": false }));
            if required.contains(name.as_str()) {
                entry["required"] = Value::Bool(true);
            }
            let mut kinds: BTreeSet<String> = entry["types"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|kind| kind.as_str().map(str::to_owned))
                .collect();
            kinds.extend(schema_types(document, property));
            entry["types"] = json!(kinds);
            walk(document, property, &format!("{path}."), found, depth + 1);
        }
        if let Some(items) = variant.get("items") {
            let prefix = prefix.trim_end_matches('.');
            walk(document, items, &format!("{prefix}[]."), found, depth + 1);
        }
    }
}

/// `schema` and, for a `oneOf`, `anyOf` or `allOf`, each of its parts, references resolved.
fn variants<'a>(document: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let mut all = vec![schema];
    for key in ["oneOf", "anyOf", "allOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            all.extend(variants(document, resolve(document, part)));
        }
    }
    all
}

/// The JSON types a schema allows: its `type` (one or a list) or its parts'.
fn schema_types(document: &Value, schema: &Value) -> BTreeSet<String> {
    let mut kinds = BTreeSet::new();
    for variant in variants(document, resolve(document, schema)) {
        match &variant["type"] {
            Value::String(kind) => {
                kinds.insert(kind.clone());
            }
            Value::Array(list) => {
                kinds.extend(
                    list.iter()
                        .filter_map(|kind| kind.as_str().map(str::to_owned)),
                );
            }
            _ if variant.get("properties").is_some() => {
                kinds.insert("object".to_owned());
            }
            _ => {}
        }
    }
    kinds
}

/// What a local `$ref` (`#/components/schemas/User`) points at, followed to the end; anything
/// else as it is.
pub fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match reference
            .strip_prefix('#')
            .and_then(|pointer| document.pointer(pointer))
        {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// Every `$ref` in `document` that points at nothing in it.
pub fn dangling_references(document: &Value) -> Vec<String> {
    let mut dangling = Vec::new();
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let target = reference
                        .strip_prefix('#')
                        .and_then(|pointer| document.pointer(pointer));
                    if target.is_none() {
                        dangling.push(reference.clone());
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    dangling
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(user_bio: Value, required: Value) -> Value {
        json!({
            "paths": {"/user": {"get": {"responses": {
                "200": {"$ref": "#/components/responses/UserResponse"},
                "401": {"description": "no"}
            }}}},
            "components": {
                "responses": {"UserResponse": {"content": {"application/json": {"schema":
                    {"type": "object", "required": ["user"], "properties": {
                        "user": {"$ref": "#/components/schemas/User"}}}}}}},
                "schemas": {"User": {"type": "object", "required": required, "properties": {
                    "email": {"type": "string"}, "bio": user_bio}}}
            }
        })
    }

    #[test]
    fn a_document_is_compatible_with_itself_and_not_with_less() {
        let spec = contract(
            &document(json!({"type": ["string", "null"]}), json!(["email", "bio"])),
            "/api",
        );
        assert_eq!(
            spec["GET /api/user"]["responses"]["200"]["user.bio"],
            json!({"types": ["null", "string"], "required": true})
        );
        assert!(incompatibilities(&spec, &spec).is_empty());

        let optional_bio = contract(
            &document(json!({"type": ["string", "null"]}), json!(["email"])),
            "/api",
        );
        assert_eq!(
            incompatibilities(&spec, &optional_bio),
            ["GET /api/user: 200 field `user.bio` is not required (a client relies on it)"]
        );
        let numeric_bio = contract(
            &document(json!({"type": "integer"}), json!(["email", "bio"])),
            "/api",
        );
        assert_eq!(incompatibilities(&spec, &numeric_bio).len(), 1);
        assert_eq!(
            incompatibilities(&spec, &contract(&json!({"paths": {}}), "/api")),
            ["GET /api/user: not described"]
        );
    }

    #[test]
    fn dangling_references_are_found() {
        let broken = json!({"a": {"$ref": "#/components/schemas/Nothing"}, "components": {}});
        assert_eq!(
            dangling_references(&broken),
            ["#/components/schemas/Nothing"]
        );
    }
}
