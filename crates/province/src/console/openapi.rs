//! The console's JSON API in the OpenAPI document (`crate::openapi::document` merges it):
//! its paths under `/console/api`, the cookie that carries the session, the `X-CSRF-Token`
//! header every change echoes, and its answers.

use serde_json::{Value, json};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn ok(name: &str, array: bool) -> Value {
    let schema = if array {
        json!({ "type": "array", "items": r(name) })
    } else {
        r(name)
    };
    json!({ "description": "OK", "content": { "application/json": { "schema": schema } } })
}

fn refused(desc: &str) -> Value {
    json!({ "description": desc, "content": { "application/json": { "schema": r("ConsoleError") } } })
}

/// The answers every console operation may give besides its success.
fn answers(success: (&str, Value), change: bool) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(success.0.into(), success.1);
    m.insert(
        "401".into(),
        refused("Not logged in, or the session ended (error unauthorized)"),
    );
    m.insert(
        "403".into(),
        refused(
            "The role may not, or (a change) the CSRF token is missing (error forbidden, csrf)",
        ),
    );
    m.insert("404".into(), refused("No such record"));
    m.insert("408".into(), refused("The request took too long"));
    m.insert("500".into(), refused("Province failure"));
    if change {
        m.insert(
            "400".into(),
            refused("A field is wrong (error validation, field, code) or the body is unreadable"),
        );
        m.insert("413".into(), refused("The body is too large"));
        m.insert("415".into(), refused("Not a JSON body"));
        m.insert("422".into(), refused("A JSON body of the wrong shape"));
    }
    Value::Object(m)
}

/// The console's schemas.
pub fn schemas() -> Value {
    let text = json!({ "type": "string" });
    let opt = json!({ "type": "string", "nullable": true });
    let int = json!({ "type": "integer", "nullable": true });
    json!({
        "ConsoleError": { "type": "object", "required": ["message"], "description": "A console refusal (error, field and code name what is wrong; message says it in the language asked for by Accept-Language). Refusals before the console's handler (an unreadable body) carry the endpoint's code and message.",
            "properties": { "error": text, "field": text, "code": text, "message": text } },
        "ConsoleLogin": { "type": "object", "required": ["username", "password"],
            "properties": { "username": text, "password": text } },
        "ConsoleScope": { "type": "object", "required": ["kind", "label"], "properties": {
            "kind": { "type": "string", "enum": ["province", "office", "commune", "organisation"] },
            "id": opt, "label": text } },
        "ConsoleUser": { "type": "object", "required": ["id", "username", "displayName", "role", "scope", "active", "createdAt"],
            "properties": { "id": text, "username": text, "displayName": text,
                "role": { "type": "string", "enum": ["admin", "credit_officer", "office_officer", "board_member", "committee_member", "org_reader"] },
                "scope": r("ConsoleScope"), "active": { "type": "boolean" }, "createdAt": text, "lastLoginAt": opt } },
        "ConsoleMe": { "type": "object", "required": ["user", "csrf"],
            "properties": { "user": r("ConsoleUser"), "csrf": text } },
        "ConsoleNewUser": { "type": "object", "required": ["username", "displayName", "role", "scopeKind", "password"],
            "properties": { "username": text, "displayName": text, "role": text, "scopeKind": text, "scopeId": opt, "password": text } },
        "ConsolePassword": { "type": "object", "required": ["current", "new"],
            "properties": { "current": text, "new": text } },
        "ConsoleAudit": { "type": "object", "required": ["seq", "at", "action", "from", "ok"], "properties": {
            "seq": { "type": "integer" }, "at": text, "userId": opt, "username": opt, "action": text,
            "target": opt, "from": text, "ok": { "type": "boolean" }, "detail": opt } },
        "ConsoleDevice": { "type": "object", "required": ["id", "pointCodes", "scopeLabel", "role", "enrolledAt", "revoked"], "properties": {
            "id": text, "pointCodes": { "type": "array", "items": text }, "scopeLabel": text, "role": text,
            "appVersion": opt, "enrolledAt": text, "lastSeenAt": opt, "lastSyncAt": opt, "waiting": int,
            "dbBytes": int, "lastError": opt, "revoked": { "type": "boolean" }, "silentDays": int,
            "users": { "type": "array", "items": { "type": "object", "required": ["username", "displayName", "role", "active"], "properties": {
                "username": text, "displayName": text, "role": text, "active": { "type": "boolean" } } } } } },
        "ConsoleEnrol": { "type": "object", "required": ["role"], "description": "Point codes, or one group (a group leader's laptop)", "properties": {
            "pointCodes": { "type": "array", "items": text }, "groupId": opt, "role": text } },
        "ConsoleQueueLine": { "type": "object", "required": ["applicationId", "programme", "amount", "termMonths", "appliedOn"], "properties": {
            "applicationId": text, "pointCode": opt, "representativeName": opt, "customerCode": opt,
            "programme": text, "amount": { "type": "integer" }, "termMonths": { "type": "integer" }, "appliedOn": text } },
        "ConsoleDecision": { "type": "object", "required": ["approve"], "properties": {
            "approve": { "type": "boolean" }, "amount": int, "reason": opt } },
        "ConsoleDecided": { "type": "object", "required": ["applicationId", "status"], "properties": {
            "applicationId": text, "status": text } },
        "ConsoleRates": { "type": "object", "required": ["version", "programmes"], "properties": {
            "version": { "type": "integer" }, "programmes": { "type": "array", "items": { "type": "object",
                "required": ["code", "nameVi", "rows"], "properties": { "code": text, "nameVi": text, "rateTodayPpm": int,
                "rows": { "type": "array", "items": { "type": "object", "required": ["effectiveFrom"], "properties": {
                    "effectiveFrom": text, "ratePpm": int, "shareOf": opt, "sharePerMille": int, "legalBasis": opt } } } } } } } },
        "ConsoleNewRate": { "type": "object", "required": ["programme", "ratePpm", "effectiveFrom", "legalBasis"], "properties": {
            "programme": text, "ratePpm": { "type": "integer", "minimum": 0 }, "effectiveFrom": { "type": "string", "format": "date" }, "legalBasis": text } },
        "ConsolePublished": { "type": "object", "required": ["version", "afterPpm"], "properties": {
            "version": { "type": "integer" }, "beforePpm": int, "afterPpm": { "type": "integer" } } },
        "ConsoleReview": { "type": "object", "required": ["changes", "alerts"], "properties": {
            "changes": { "type": "array", "items": { "type": "object",
                "required": ["changeId", "pointCodes", "userId", "entity", "entityId", "outcome", "receivedAt"], "properties": {
                "changeId": text, "pointCodes": { "type": "array", "items": text }, "userId": text, "entity": text,
                "entityId": text, "outcome": text, "code": opt, "field": opt, "messageVi": opt, "messageEn": opt, "receivedAt": text } } },
            "alerts": { "type": "array", "items": { "type": "object",
                "required": ["pointCodes", "kind", "seq", "changeId", "detectedAt"], "properties": {
                "pointCodes": { "type": "array", "items": text }, "kind": text, "seq": { "type": "integer" },
                "changeId": text, "detectedAt": text } } } } },
        "ConsoleGroup": { "type": "object", "required": ["id", "name"], "properties": {
            "id": text, "name": text, "pointCode": opt } },
        "ConsoleRelief": { "type": "object", "required": ["code", "cut", "from", "to", "legalBasis"], "properties": {
            "code": text, "cut": { "type": "integer", "minimum": 1, "description": "The cut of the annual rate in millionths (2 %/yr: 20000)" },
            "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" },
            "provinces": { "type": "array", "items": text }, "communes": { "type": "array", "items": text },
            "programmes": { "type": "array", "items": text }, "legalBasis": text } },
        "ConsoleReliefEffect": { "type": "object", "required": ["version", "lines", "overlapping"], "properties": {
            "version": { "type": "integer" }, "overlapping": { "type": "array", "items": text },
            "lines": { "type": "array", "items": { "type": "object", "required": ["programme", "nameVi", "beforePpm", "afterPpm"], "properties": {
                "programme": text, "nameVi": text, "beforePpm": { "type": "integer" }, "afterPpm": { "type": "integer" } } } } } },
        "ConsoleNewLoan": { "type": "object", "required": ["contractNo", "customerCode", "programme", "amount", "termMonths"], "properties": {
            "contractNo": text, "customerCode": text, "programme": text, "amount": { "type": "integer" },
            "disbursedOn": { "type": "string", "format": "date", "nullable": true }, "termMonths": { "type": "integer", "minimum": 0 }, "purpose": text } },
        "ConsoleLoanLine": { "type": "object", "required": ["row", "contractNo", "customerCode", "programme", "amount"], "properties": {
            "row": { "type": "integer" }, "contractNo": text, "customerCode": text, "programme": text, "amount": { "type": "integer" },
            "disbursedOn": opt, "loanId": opt, "ratePpm": int, "field": opt, "code": opt, "messageVi": opt, "messageEn": opt } },
        "ConsoleImported": { "type": "object", "required": ["lines", "recorded"], "properties": {
            "lines": { "type": "array", "items": r("ConsoleLoanLine") }, "recorded": { "type": "integer" } } },
        "ConsoleEnrolCode": { "type": "object", "required": ["code", "qrSvg", "expiresAt"],
            "properties": { "code": text, "qrSvg": text, "expiresAt": text } }
    })
}

/// The console's paths.
pub fn paths() -> Value {
    let cookie = json!([{ "console": [] }]);
    let csrf = json!({ "name": "X-CSRF-Token", "in": "header", "required": true,
        "description": "The session's token, from the login or /console/api/me", "schema": { "type": "string" } });
    let id =
        json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } });
    let body = |name: &str| json!({ "required": true, "content": { "application/json": { "schema": r(name) } } });
    let mut login = answers(("200", ok("ConsoleMe", false)), true);
    login["429"] = refused(
        "Five wrong passwords for this name from this address within 15 minutes (error throttled)",
    );
    let done = json!({ "description": "Done" });
    let xlsx = json!({ "description": "The template", "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } } } });
    json!({
        "/console/api/login": { "post": { "summary": "Log in: the session cookie (HttpOnly, SameSite=Strict) and the CSRF token",
            "requestBody": body("ConsoleLogin"), "responses": login } },
        "/console/api/logout": { "post": { "summary": "End the session", "security": cookie, "parameters": [csrf],
            "responses": answers(("204", done.clone()), true) } },
        "/console/api/me": { "get": { "summary": "Who is logged in, and the session's CSRF token", "security": cookie,
            "responses": answers(("200", ok("ConsoleMe", false)), false) } },
        "/console/api/password": { "post": { "summary": "Change one's own password (the account's other sessions end)",
            "security": cookie, "parameters": [csrf], "requestBody": body("ConsolePassword"),
            "responses": answers(("204", done), true) } },
        "/console/api/users": {
            "get": { "summary": "Console accounts (administrator)", "security": cookie,
                "responses": answers(("200", ok("ConsoleUser", true)), false) },
            "post": { "summary": "Add an account (administrator)", "security": cookie, "parameters": [csrf],
                "requestBody": body("ConsoleNewUser"), "responses": answers(("200", ok("ConsoleUser", false)), true) } },
        "/console/api/users/{id}/disable": { "post": { "summary": "Disable an account; its sessions end (administrator)",
            "security": cookie, "parameters": [csrf, id], "responses": answers(("200", ok("ConsoleUser", false)), true) } },
        "/console/api/audit": { "get": { "summary": "The audit of console actions, newest first (administrator)", "security": cookie,
            "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 5000 } }],
            "responses": answers(("200", ok("ConsoleAudit", true)), false) } },
        "/console/api/devices": { "get": { "summary": "The devices of the reader's area with what each reported of itself", "security": cookie,
            "responses": answers(("200", ok("ConsoleDevice", true)), false) } },
        "/console/api/devices/{id}/revoke": { "post": { "summary": "Revoke a device (administrator)", "security": cookie,
            "parameters": [csrf, id], "responses": answers(("200", ok("ConsoleDevice", false)), true) } },
        "/console/api/decisions": { "get": { "summary": "The 03/TD lines sent to the bank in the reader's area (04/TD queue)",
            "security": cookie, "responses": answers(("200", ok("ConsoleQueueLine", true)), false) } },
        "/console/api/decisions/{id}": { "post": { "summary": "The bank's decision on one line: approve (a smaller amount), or reject with a reason",
            "security": cookie, "parameters": [csrf, id], "requestBody": body("ConsoleDecision"),
            "responses": answers(("200", ok("ConsoleDecided", false)), true) } },
        "/console/api/rates": {
            "get": { "summary": "The programme table in force: each programme's dated rates and today's", "security": cookie,
                "responses": answers(("200", ok("ConsoleRates", false)), false) },
            "post": { "summary": "Publish a dated rate (to 0.001 %, with its legal basis) as the table's next version (administrator)",
                "security": cookie, "parameters": [csrf], "requestBody": body("ConsoleNewRate"),
                "responses": answers(("200", ok("ConsolePublished", false)), true) } },
        "/console/api/review": { "get": { "summary": "Changes the province did not accept (refused, conflicts) and money-chain alerts, of the reader's area",
            "security": cookie, "responses": answers(("200", ok("ConsoleReview", false)), false) } },
        "/console/api/groups": { "get": { "summary": "The savings-and-loan groups of the reader's area (to enrol a group leader's laptop)",
            "security": cookie, "responses": answers(("200", ok("ConsoleGroup", true)), false) } },
        "/console/api/reliefs": { "post": { "summary": "Preview (?preview=true: nothing written) or publish a relief as the table's next version (administrator)",
            "security": cookie, "parameters": [csrf, { "name": "preview", "in": "query", "schema": { "type": "boolean" } }],
            "requestBody": body("ConsoleRelief"), "responses": answers(("200", ok("ConsoleReliefEffect", false)), true) } },
        "/console/api/loans": { "post": { "summary": "Record one disbursement (the household by its customer code) in the reader's area",
            "security": cookie, "parameters": [csrf], "requestBody": body("ConsoleNewLoan"),
            "responses": answers(("200", ok("ConsoleLoanLine", false)), true) } },
        "/console/api/loans/import": { "post": { "summary": "Check the bank's list of disbursements (an .xlsx file), and record it whole (?commit=true) when every line is right",
            "security": cookie, "parameters": [csrf, { "name": "commit", "in": "query", "schema": { "type": "boolean" } }],
            "requestBody": { "required": true, "description": "The .xlsx file's bytes, whatever the Content-Type says",
                "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
            "responses": answers(("200", ok("ConsoleImported", false)), true) } },
        "/console/api/loans/template": { "get": { "summary": "The disbursement file's template (.xlsx)", "security": cookie,
            "responses": answers(("200", xlsx), false) } },
        "/console/api/enrol-codes": { "post": { "summary": "A one-time enrolment code, as text and QR (administrator)",
            "security": cookie, "parameters": [csrf], "requestBody": body("ConsoleEnrol"),
            "responses": answers(("200", ok("ConsoleEnrolCode", false)), true) } }
    })
}
