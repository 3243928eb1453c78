//! The OpenAPI 3.0 document served at /v1/openapi.json, written by hand next to the protocol
//! types it describes (a test checks that every route and reject code appears).

use serde_json::{Value, json};
use vonxa_protocol::{ALL_ERROR_CODES, ALL_REJECT_CODES, PROTOCOL_VERSION, VERSION_HEADER, paths};

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
        (
            "408",
            err(
                "The body stopped arriving, or the request took too long (code request_timeout); retry",
            ),
        ),
        (
            "415",
            err(
                "A body type or Content-Encoding the province does not read (code unsupported_media_type)",
            ),
        ),
        ("500", err("Province failure (code internal); retry later")),
    ];
    if auth {
        v.push(("401", err("Unknown or revoked device (code unauthorized)")));
        v.push(("429", err("Too many requests (code rate_limited)")));
    }
    v
}

/// Enrolment's own refusal: a device id the province knows already.
fn known_device(mut responses: Value) -> Value {
    responses["409"] = err(
        "The device id is known already: enrolled, revoked or reserved (code device_known); \
         the code stays unused",
    );
    responses
}

fn responses(success: Value, auth: bool) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("200".into(), success);
    for (k, v) in errors(auth) {
        m.insert(k.into(), v);
    }
    Value::Object(m)
}

/// An operation that reads a JSON body: 413 past the limit (counted after decompression).
fn with_body(mut responses: Value) -> Value {
    responses["413"] = err(&format!(
        "The body is larger than {} bytes once decompressed, or holds too many changes (code too_large)",
        vonxa_protocol::BODY_LIMIT_BYTES
    ));
    responses
}

fn obj(required: &[&str], properties: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": properties })
}

fn str_enum(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// The whole document: the sync API and the console's (`crate::console::openapi`).
pub fn document() -> Value {
    let mut doc = sync_document();
    if let (Some(paths), Value::Object(more)) = (
        doc["paths"].as_object_mut(),
        crate::console::openapi::paths(),
    ) {
        paths.extend(more);
    }
    if let (Some(schemas), Value::Object(more)) = (
        doc["components"]["schemas"].as_object_mut(),
        crate::console::openapi::schemas(),
    ) {
        schemas.extend(more);
    }
    doc["components"]["securitySchemes"]["console"] =
        json!({ "type": "apiKey", "in": "cookie", "name": crate::console::auth::COOKIE });
    doc
}

fn sync_document() -> Value {
    let version = json!({ "name": VERSION_HEADER, "in": "header", "required": true,
        "schema": { "type": "integer", "enum": [PROTOCOL_VERSION] } });
    let reject_codes: Vec<&str> = ALL_REJECT_CODES.iter().map(|c| c.as_str()).collect();
    let error_codes: Vec<&str> = ALL_ERROR_CODES.iter().map(|c| c.as_str()).collect();
    let uuid = json!({ "type": "string", "format": "uuid" });
    let date = json!({ "type": "string", "format": "date" });
    let money = json!({ "type": "integer", "format": "int64", "description": "whole đồng" });
    let scoped = |success: Value| {
        let mut v = responses(success, true);
        v["403"] = err("Outside the device's scope, or not bank staff (code forbidden)");
        v
    };
    let kinds: Vec<&str> = vonxa_domain::entity::EntityKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    let entity = str_enum(&kinds);
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
    let hash = json!({ "type": "string", "pattern": "^[0-9a-f]{64}$",
        "description": "SHA-256 of the photo's bytes, lower-case hex" });
    let hash_param = json!({ "name": "hash", "in": "path", "required": true, "schema": hash });
    let count = json!({ "type": "integer", "minimum": 0 });
    let outcome = str_enum(&[
        "used_as_intended",
        "partly_misused",
        "wholly_misused",
        "not_yet_used",
        "fronted",
        "absconded",
        "died_or_missing",
        "objective_risk",
    ]);
    let flag = str_enum(&["early_recall", "risk_file", "police"]);
    let not_named = "No accepted fund check in the device's scope names this photo (code forbidden); nothing stored";
    let mut blob_status = responses(ok("BlobStatus"), true);
    blob_status["403"] = err(not_named);
    let mut blob_put = responses(ok("BlobStatus"), true);
    blob_put["403"] = err(not_named);
    blob_put["413"] = err("The photo is larger than 10 MiB (code too_large)");
    blob_put["429"] = err(
        "Too many requests, too many photo bytes per second for this device, or the chunk would \
         take the device over its quota of bytes in unfinished uploads (code rate_limited); \
         nothing stored, try again later",
    );
    let mut blob_get = scoped(json!({ "description": "The whole photo",
        "headers": { "ETag": { "description": "The hash, quoted", "schema": { "type": "string" } } },
        "content": { "image/jpeg": { "schema": { "type": "string", "format": "binary" } },
            "image/png": { "schema": { "type": "string", "format": "binary" } } } }));
    blob_get["206"] = json!({ "description": "The byte range asked for (resume a cut download)",
        "headers": { "Content-Range": { "description": "bytes <first>-<last>/<size>",
            "schema": { "type": "string" } } },
        "content": { "image/jpeg": { "schema": { "type": "string", "format": "binary" } },
            "image/png": { "schema": { "type": "string", "format": "binary" } } } });
    blob_get["403"] = err("No fund check in the device's scope names this photo (code forbidden)");
    blob_get["404"] =
        err("No check names this photo, or it has not arrived complete (code not_found)");
    blob_get["416"] = err(
        "The range starts past the end (code range_not_satisfiable; Content-Range: bytes */<size>)",
    );
    let range = json!({ "name": "Range", "in": "header", "required": false,
        "description": "One byte range, e.g. `bytes=262144-` or `bytes=0-262143`; other forms get the whole photo",
        "schema": { "type": "string" } });
    let policy_param = |name: &str, what: &str| {
        json!({ "name": name, "in": "query", "description": what,
            "schema": { "type": "integer", "minimum": 1 } })
    };
    json!({
        "openapi": "3.0.3",
        "info": { "title": "vonxa provincial endpoint", "version": env!("CARGO_PKG_VERSION"),
            "description": "Sync between vonxa devices and the province. See docs/SYNC.md. Bodies may be gzip-compressed (Content-Encoding: gzip). Every error answer is an ErrorBody, also an unknown path (404 not_found) and a method a path does not take (405 method_not_allowed)." },
        "components": {
            "securitySchemes": { "device": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "ErrorBody": { "type": "object", "required": ["code", "message"], "properties": {
                    "code": str_enum(&error_codes),
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
                "GroupFigures": obj(&["groupId", "period", "interestDue", "interestCollected", "savings",
                    "principalFromSavings", "cash", "receipts"], json!({
                    "groupId": uuid, "period": date, "interestDue": money, "interestCollected": money,
                    "savings": money, "principalFromSavings": money, "cash": money,
                    "receipts": { "type": "integer" }, "handover": r("HandoverFigure") })),
                "HandoverFigure": obj(&["id", "sessionId", "groupId", "period", "expected", "counted",
                    "difference"], json!({ "id": uuid, "sessionId": uuid, "groupId": uuid, "period": date,
                    "expected": money, "counted": money, "difference": money,
                    "explanation": { "type": "string", "nullable": true } })),
                "SessionFigure": obj(&["id", "heldOn", "openingCash", "closed"], json!({
                    "id": uuid, "heldOn": date, "openingCash": money, "closed": { "type": "boolean" },
                    "systemTotal": money, "countedTotal": money, "difference": money,
                    "explanation": { "type": "string", "nullable": true } })),
                "DiscrepancyFigure": obj(&["kind", "id", "sessionId", "amount"], json!({
                    "kind": str_enum(&["handover", "close"]), "id": uuid, "sessionId": uuid,
                    "groupId": uuid, "amount": money,
                    "explanation": { "type": "string", "nullable": true } })),
                "DiscrepancyResolution": obj(&["id", "pointId", "caseKind", "caseId", "outcome",
                    "note", "resolvedOn", "resolvedBy", "link"], json!({
                    "id": uuid, "pointId": uuid, "caseKind": str_enum(&["handover", "close"]),
                    "caseId": uuid, "outcome": str_enum(&["made_good", "counting_error", "escalated"]),
                    "amount": { "type": "integer", "format": "int64", "nullable": true,
                        "description": "made_good only: > 0 and at most the case's difference, whole đồng" },
                    "settledInSession": { "type": "string", "format": "uuid", "nullable": true,
                        "description": "made_good only: the session of the point where the cash was paid in or out" },
                    "note": { "type": "string", "maxLength": 1000 }, "resolvedOn": date,
                    "resolvedBy": { "type": "string" },
                    "link": { "type": "object", "description": "the record's place in the device's money chain" } })),
                "PointFigures": obj(&["pointCode", "from", "to", "deposits", "withdrawals", "memberSavings",
                    "savingsMobilised", "interestCollected", "sessions", "handovers", "openDiscrepancies",
                    "resolvedDiscrepancies"], json!({
                    "pointCode": { "type": "string" }, "from": date, "to": date, "deposits": money,
                    "withdrawals": money, "memberSavings": money, "savingsMobilised": money,
                    "interestCollected": money,
                    "sessions": { "type": "array", "items": r("SessionFigure") },
                    "handovers": { "type": "array", "items": r("HandoverFigure") },
                    "openDiscrepancies": { "type": "array", "items": r("DiscrepancyFigure"),
                        "description": "Differences at handovers and closes without a discrepancy_resolution record" },
                    "resolvedDiscrepancies": { "type": "integer", "minimum": 0,
                        "description": "Cases of the period with their discrepancy_resolution (made_good, counting_error or escalated)" } })),
                "ChainAlert": obj(&["deviceId", "kind", "seq", "entityId", "changeId", "detectedAt"], json!({
                    "deviceId": uuid, "kind": str_enum(&["gap", "fork", "altered"]),
                    "seq": { "type": "integer" }, "entityId": uuid, "changeId": uuid,
                    "detectedAt": { "type": "string", "format": "date-time" } })),
                "AlertsResponse": obj(&["alerts"], json!({
                    "alerts": { "type": "array", "items": r("ChainAlert") } })),
                "StatusResponse": { "type": "object", "required": ["epoch", "deviceId", "scope", "role", "head"],
                    "properties": { "epoch": uuid, "deviceId": uuid, "scope": r("Scope"), "role": role,
                        "head": { "type": "integer" } } },
                "BlobStatus": { "type": "object", "required": ["hash", "received", "complete"],
                    "properties": { "hash": hash, "received": { "type": "integer", "minimum": 0 },
                        "complete": { "type": "boolean" } } },
                "EvidenceInfo": { "type": "object", "required": ["hash", "received"],
                    "properties": { "hash": hash, "received": { "type": "boolean" } } },
                "FlagInfo": { "type": "object", "required": ["checkId", "loanId", "flag", "outcome",
                        "raisedAt", "check", "evidence"],
                    "properties": { "checkId": uuid, "loanId": uuid, "flag": flag, "outcome": outcome,
                        "raisedAt": { "type": "string", "format": "date-time" },
                        "supersededBy": { "type": "string", "format": "uuid", "nullable": true },
                        "check": { "type": "object", "description": "The fund-use check (06/TD) as recorded" },
                        "evidence": { "type": "array", "items": r("EvidenceInfo") } } },
                "FlagsResponse": { "type": "object", "required": ["flags"], "properties": {
                    "flags": { "type": "array", "items": r("FlagInfo") } } },
                "CountRow": { "type": "object", "required": ["level", "key", "name", "due", "onTime",
                        "late", "missing", "byOutcome"],
                    "properties": { "level": str_enum(&["group", "organisation", "commune"]),
                        "key": { "type": "string" }, "name": { "type": "string" },
                        "due": count, "onTime": count, "late": count, "missing": count,
                        "byOutcome": { "type": "object", "additionalProperties": count,
                            "description": "Checks in force made in the period, by outcome" } } },
                "CountsResponse": { "type": "object", "required": ["from", "to", "rows"], "properties": {
                    "from": date, "to": date, "rows": { "type": "array", "items": r("CountRow") } } }
            }
        },
        "paths": {
            (paths::HEALTH): { "get": { "summary": "Liveness", "responses": { "200": ok("Health") } } },
            (paths::OPENAPI): { "get": { "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.0 document",
                    "content": { "application/json": { "schema": { "type": "object" } } } } } } },
            (paths::ENROL): { "post": { "summary": "Redeem a one-time enrolment code for a device token",
                "parameters": [version], "requestBody": body("EnrolRequest"),
                "responses": known_device(with_body(responses(ok("EnrolResponse"), false))) } },
            (paths::PUSH): { "post": { "summary": "Push a page of change-log entries (idempotent by change id)",
                "security": [{ "device": [] }], "parameters": [version], "requestBody": body("PushRequest"),
                "responses": with_body(responses(ok("PushResponse"), true)) } },
            (paths::PULL): { "get": { "summary": "Accepted changes in the device's scope after a server sequence",
                "security": [{ "device": [] }],
                "parameters": [version,
                    { "name": "after", "in": "query", "schema": { "type": "integer", "default": 0 } },
                    { "name": "limit", "in": "query", "schema": { "type": "integer",
                        "default": vonxa_protocol::PULL_DEFAULT_LIMIT, "maximum": vonxa_protocol::PULL_MAX_LIMIT } }],
                "responses": responses(ok("PullResponse"), true) } },
            (paths::FIGURES_GROUP): { "get": { "summary": "A group's money for a month: collected against due, the handover",
                "security": [{ "device": [] }],
                "parameters": [version,
                    { "name": "id", "in": "path", "required": true, "schema": uuid },
                    { "name": "period", "in": "query", "required": true,
                        "schema": { "type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$" } }],
                "responses": scoped(ok("GroupFigures")) } },
            (paths::FIGURES_POINT): { "get": { "summary": "A point's money over days: savings mobilised, sessions, handovers, open discrepancy cases",
                "security": [{ "device": [] }],
                "parameters": [version,
                    { "name": "code", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "from", "in": "query", "required": true, "schema": date },
                    { "name": "to", "in": "query", "required": true, "schema": date }],
                "responses": scoped(ok("PointFigures")) } },
            (paths::ALERTS): { "get": { "summary": "Broken money chains (gap, fork, altered) of devices sharing a point with the caller; bank staff",
                "security": [{ "device": [] }], "parameters": [version],
                "responses": scoped(ok("AlertsResponse")) } },
            (paths::STATUS): { "get": { "summary": "The device as the province knows it, and the head sequence",
                "security": [{ "device": [] }], "parameters": [version],
                "responses": responses(ok("StatusResponse"), true) } },
            (paths::BLOB): {
                "get": { "summary": "How much of a photo the province holds (resume an upload from `received`); only for a photo an accepted check in the device's scope names. An upload untouched for the expiry (default 48 h) is dropped: `received` is 0 again",
                    "security": [{ "device": [] }], "parameters": [version, hash_param],
                    "responses": blob_status },
                "put": { "summary": "One chunk of a photo (JPEG or PNG, at most 10 MiB) an accepted check in the device's scope names; a chunk not at `received` changes nothing; the last one is checked against the SHA-256 (bad_request when it differs: start again from 0)",
                    "security": [{ "device": [] }],
                    "parameters": [version, hash_param,
                        { "name": "offset", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 0 } },
                        { "name": "total", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 1 } }],
                    "requestBody": { "required": true, "content": { "application/octet-stream": {
                        "schema": { "type": "string", "format": "binary" } } } },
                    "responses": blob_put } },
            (paths::BLOB_CONTENT): { "get": { "summary": "A complete photo's bytes, for a device whose scope holds a fund check naming it; honours one `Range`",
                "security": [{ "device": [] }], "parameters": [version, hash_param, range],
                "responses": blob_get } },
            (paths::FUNDUSE_FLAGS): { "get": { "summary": "Flags raised by fund-use check findings in the device's scope, with the check and its evidence",
                "security": [{ "device": [] }], "parameters": [version],
                "responses": responses(ok("FlagsResponse"), true) } },
            (paths::FUNDUSE_COUNTS): { "get": { "summary": "Fund-use checks per group, organisation and commune for a period: due, on time, late, missing, by outcome",
                "security": [{ "device": [] }],
                "parameters": [version,
                    { "name": "from", "in": "query", "required": true, "schema": date },
                    { "name": "to", "in": "query", "required": true, "schema": date },
                    policy_param("firstCheckDays", "Days after disbursement for the first check (default 30)"),
                    policy_param("recheckMonths", "Months between re-checks (default 12)"),
                    policy_param("notYetUsedRecheckDays", "Days to the re-check after \"not yet used\" (default 30)")],
                "responses": responses(ok("CountsResponse"), true) } }
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
            paths::BLOB,
            paths::BLOB_CONTENT,
            paths::FUNDUSE_FLAGS,
            paths::FUNDUSE_COUNTS,
            paths::FIGURES_GROUP,
            paths::FIGURES_POINT,
            paths::ALERTS,
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
        let documented = &doc["components"]["schemas"]["ErrorBody"]["properties"]["code"]["enum"];
        for c in ALL_ERROR_CODES {
            assert!(
                documented
                    .as_array()
                    .is_some_and(|a| a.iter().any(|v| v == c.as_str())),
                "{c:?} is an ErrorBody code"
            );
            if c == vonxa_protocol::ErrorCode::MethodNotAllowed {
                continue; // not an operation's answer: info.description says it
            }
            let status = c.http_status().to_string();
            assert!(
                doc["paths"].as_object().is_some_and(|p| p
                    .values()
                    .flat_map(|o| o.as_object())
                    .flatten()
                    .any(|(_, op)| op["responses"].get(&status).is_some())),
                "{c:?}: some operation documents {status}"
            );
        }
    }
}
