//! Writes what the command table (src/command_list.rs) generates outside Rust: the UI's typed
//! command map (ui/src/lib/commands.ts) and the main window's capability (one permission per
//! command). `make test` runs this and then fails if the committed files differ
//! (`git diff --exit-code`), as it does for the TypeScript bindings.

use std::collections::BTreeSet;
use std::path::PathBuf;
use vonxa_app_lib::{COMMANDS, SIGNATURES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A Rust type of the table as TypeScript: the contract types live in the bindings (`B.`).
fn ts(rust: &str) -> String {
    let t: String = rust.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|s| s.strip_suffix('>')) {
        return format!("{}[]", ts(inner));
    }
    if let Some(inner) = t.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')) {
        return format!("{} | null", ts(inner));
    }
    match t.as_str() {
        "String" => "string".into(),
        "bool" => "boolean".into(),
        "u32" | "u64" | "i32" | "i64" | "usize" => "number".into(),
        "()" => "null".into(),
        other => format!("B.{other}"),
    }
}

/// snake_case → camelCase, as Tauri names a command's arguments over IPC.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn command_map() -> String {
    let mut out = String::from(
        "// Generated from src-tauri/src/command_list.rs by src-tauri/tests/export_commands.rs.\n\
         // Do not edit: change the table and run `make bindings`.\n\
         import type * as B from \"./bindings\";\n\n\
         /** Every command: its arguments (as sent over IPC) and its result. */\n\
         export interface Commands {\n",
    );
    for s in SIGNATURES {
        let args = if s.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = s
                .args
                .iter()
                .map(|(n, t)| format!("{}: {}", camel(n), ts(t)))
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        out.push_str(&format!(
            "  {}: {{ args: {}; result: {} }};\n",
            s.name,
            args,
            ts(s.result)
        ));
    }
    out.push_str(
        "}\n\n/** The commands that write records (the sync runner is woken after them). */\n",
    );
    let writes: Vec<String> = SIGNATURES
        .iter()
        .filter(|s| s.kind == "write")
        .map(|s| format!("  \"{}\",\n", s.name))
        .collect();
    out.push_str(&format!(
        "export const WRITES: ReadonlySet<keyof Commands> = new Set<keyof Commands>([\n{}]);\n",
        writes.concat()
    ));
    out
}

fn capability() -> String {
    let mut permissions: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    // Besides its own commands, the UI may only listen to events (the sync status).
    permissions.push("core:event:allow-listen".into());
    permissions.push("core:event:allow-unlisten".into());
    let doc = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "The main window may call the app's own commands, each granted by name, and nothing else.",
        "windows": ["main"],
        "permissions": permissions,
    });
    format!("{}\n", serde_json::to_string_pretty(&doc).expect("json"))
}

#[test]
fn the_table_is_well_formed_and_its_outputs_are_written() {
    let names: BTreeSet<_> = COMMANDS.iter().collect();
    assert_eq!(names.len(), COMMANDS.len(), "a command declared twice");
    for s in SIGNATURES {
        assert!(
            matches!(s.kind, "read" | "write" | "custom"),
            "{}: {}",
            s.name,
            s.kind
        );
    }
    std::fs::write(root().join("ui/src/lib/commands.ts"), command_map()).expect("commands.ts");
    std::fs::write(
        root().join("src-tauri/capabilities/main.json"),
        capability(),
    )
    .expect("main.json");
}

#[test]
fn rust_types_become_the_bindings_types() {
    assert_eq!(ts("Vec < ReceiptInfo >"), "B.ReceiptInfo[]");
    assert_eq!(ts("Option<String>"), "string | null");
    assert_eq!(ts("()"), "null");
    assert_eq!(camel("household_id"), "householdId");
}
