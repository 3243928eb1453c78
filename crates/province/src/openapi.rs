//! The OpenAPI 3.0 document served at /v1/openapi.json, written by hand next to the protocol
//! types it describes (a test checks that every route and reject code appears).

use serde_json::{Value, json};
use vonxa_protocol::{ALL_REJECT_CODES, PROTOCOL_VERSION, VERSION_HEADER, paths};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn body(name: &str) -> Value {
    json!({ "content": { "application/json": { "schema": r(name) } } })
}

fn ok(name: &str) -> Value {
    json!({ "description": "OK", "content": { "application/json": { "schema": r(name) } } })
}

fn err(desc: &str) -> Value {
    json!({ "description": desc, "content": { "application/json": { "schema": r("ErrorBody") } } })
}

fn errors(auth: bool) -> Vec<(&'static str, Value)> {
    let mut v = vec![
        (
            "400",
            err("Unreadable body or query (code bad_request or invalid_code)"),
        ),
        (
            "426",
            err("Unsupported protocol version (code unsupported_version)"),
        ),
        ("500", err("Province failure (code internal); retry later")),
    ];
    if auth {
        v.push(("401", err("Unknown or revoked device (code unauthorized)")));
        v.push(("429", err("Too many requests (code rate_limited)")));
    }
    v
}

fn responses(success: Value, auth: bool) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("200".into(), success);
    for (k, v) in errors(auth) {
        m.insert(k.into(), v);
    }
    Value::Object(m)
}

fn str_enum(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

pub fn document() -> Value {
    let version = json!({ "name": VERSION_HEADER, "in": "header", "required": true,
        "schema": { "type": "integer", "enum": [PROTOCOL_VERSION] } });
    let reject_codes: Vec<&str> = ALL_REJECT_CODES.iter().map(|c| c.as_str()).collect();
    let uuid = json!({ "type": "string", "format": "uuid" });
    let entity = str_enum(&[
        "office",
        "point",
        "point_commune",
        "village",
        "organisation",
        "group",
        "group_role",
        "household",
        "person",
        "poverty_status",
        "membership",
        "user",
    ]);
    let op = str_enum(&["insert", "update", "delete"]);
    let role = str_enum(&[
        "admin",
        "point_leader",
        "point_controller",
        "point_teller",
        "group_leader",
        "org_officer",
        "viewer",
    ]);
    json!({
        "openapi": "3.0.3",
        "info": { "title": "vonxa provincial endpoint", "version": env!("CARGO_PKG_VERSION"),
            "description": "Sync between vonxa devices and the province. See docs/SYNC.md. Bodies may be gzip-compressed (Content-Encoding: gzip)." },
        "components": {
            "securitySchemes": { "device": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "ErrorBody": { "type": "object", "required": ["code", "message"], "properties": {
                    "code": str_enum(&["unsupported_version", "unauthorized", "forbidden",
                        "invalid_code", "bad_request", "too_large", "rate_limited", "internal"]),
                    "message": { "type": "string" } } },
                "Health": { "type": "object", "required": ["status", "version", "protocol", "backend"],
                    "properties": { "status": { "type": "string" }, "version": { "type": "string" },
                        "protocol": { "type": "integer" }, "backend": str_enum(&["sqlite", "postgres"]) } },
                "Scope": { "oneOf": [
                    { "type": "object", "required": ["kind", "codes"], "properties": {
                        "kind": str_enum(&["points"]), "codes": { "type": "array", "items": { "type": "string" } } } },
                    { "type": "object", "required": ["kind", "groupId"], "properties": {
                        "kind": str_enum(&["group"]), "groupId": uuid } } ] },
                "EnrolRequest": { "type": "object", "required": ["code", "deviceId", "label"],
                    "properties": { "code": { "type": "string" }, "deviceId": uuid, "label": { "type": "string" } } },
                "EnrolResponse": { "type": "object", "required": ["deviceId", "token", "scope", "role", "epoch"],
                    "properties": { "deviceId": uuid, "token": { "type": "string" }, "scope": r("Scope"),
                        "role": role, "epoch": uuid } },
                "PushChange": { "type": "object", "required": ["changeId", "deviceSeq", "deviceId", "userId",
                        "entity", "entityId", "op", "payload", "baseVersion", "deviceTime"],
                    "properties": { "changeId": uuid, "deviceSeq": { "type": "integer" }, "deviceId": uuid,
                        "userId": { "type": "string" }, "entity": entity, "entityId": uuid, "op": op,
                        "payload": { "type": "object" }, "baseVersion": { "type": "integer" },
                        "deviceTime": { "type": "string", "format": "date-time" } } },
                "PushRequest": { "type": "object", "required": ["changes"], "properties": {
                    "replay": { "type": "boolean", "default": false },
                    "changes": { "type": "array", "maxItems": vonxa_protocol::PUSH_MAX_ENTRIES, "items": r("PushChange") } } },
                "PushResult": { "type": "object", "required": ["changeId", "outcome"], "properties": {
                    "changeId": uuid, "outcome": str_enum(&["accepted", "rejected", "conflict"]),
                    "serverSeq": { "type": "integer" }, "code": str_enum(&reject_codes),
                    "field": { "type": "string" }, "domain": { "type": "string" },
                    "serverVersion": { "type": "integer" }, "lastDevice": uuid } },
                "PushResponse": { "type": "object", "required": ["epoch", "results"], "properties": {
                    "epoch": uuid, "results": { "type": "array", "items": r("PushResult") } } },
                "PulledChange": { "type": "object", "required": ["serverSeq", "changeId", "deviceId",
                        "entity", "entityId", "op", "payload"],
                    "properties": { "serverSeq": { "type": "integer" }, "changeId": uuid, "deviceId": uuid,
                        "entity": entity, "entityId": uuid, "op": op, "payload": { "type": "object" } } },
                "PullResponse": { "type": "object", "required": ["epoch", "changes", "next", "more"],
                    "properties": { "epoch": uuid, "changes": { "type": "array", "items": r("PulledChange") },
                        "next": { "type": "integer" }, "more": { "type": "boolean" } } },
                "StatusResponse": { "type": "object", "required": ["epoch", "deviceId", "scope", "role", "head"],
                    "properties": { "epoch": uuid, "deviceId": uuid, "scope": r("Scope"), "role": role,
                        "head": { "type": "integer" } } }
            }
        },
        "paths": {
            (paths::HEALTH): { "get": { "summary": "Liveness", "responses": { "200": ok("Health") } } },
            (paths::OPENAPI): { "get": { "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.0 document" } } } },
            (paths::ENROL): { "post": { "summary": "Redeem a one-time enrolment code for a device token",
                "parameters": [version], "requestBody": body("EnrolRequest"),
                "responses": responses(ok("EnrolResponse"), false) } },
            (paths::PUSH): { "post": { "summary": "Push a page of change-log entries (idempotent by change id)",
                "security": [{ "device": [] }], "parameters": [version], "requestBody": body("PushRequest"),
                "responses": responses(ok("PushResponse"), true) } },
            (paths::PULL): { "get": { "summary": "Accepted changes in the device's scope after a server sequence",
                "security": [{ "device": [] }],
                "parameters": [version,
                    { "name": "after", "in": "query", "schema": { "type": "integer", "default": 0 } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer",
                        "default": vonxa_protocol::PULL_DEFAULT_LIMIT, "maximum": vonxa_protocol::PULL_MAX_LIMIT } }],
                "responses": responses(ok("PullResponse"), true) } },
            (paths::STATUS): { "get": { "summary": "The device as the province knows it, and the head sequence",
                "security": [{ "device": [] }], "parameters": [version],
                "responses": responses(ok("StatusResponse"), true) } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_and_every_schema_reference_resolves() {
        let doc = document();
        for p in [
            paths::HEALTH,
            paths::OPENAPI,
            paths::ENROL,
            paths::PUSH,
            paths::PULL,
            paths::STATUS,
        ] {
            assert!(doc["paths"].get(p).is_some(), "{p} is documented");
        }
        let text = doc.to_string();
        for part in text.split("#/components/schemas/").skip(1) {
            let name: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(
                doc["components"]["schemas"].get(&name).is_some(),
                "{name} is defined"
            );
        }
        for c in ALL_REJECT_CODES {
            assert!(text.contains(c.as_str()));
        }
    }
}
