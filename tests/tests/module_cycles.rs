//! No module cycles. In every crate of the workspace, sibling modules (the top-level modules of
//! a crate, or the children of one module) must not depend on each other in a circle: shared
//! types live below the modules that use them. A dependency of module `a` on sibling `b` is
//! any path from a file under `a` that resolves to `b` or below (`crate::b::…`,
//! `super::b::…`, `use crate::{b::X, …}`). A child naming its parent's items (`super::Item`)
//! is not a sibling dependency. Test code (`tests.rs`, `*_tests.rs`, `#[cfg(test)]` blocks)
//! is left out. The test prints every cycle it finds; one is enough to fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// Every module file of a crate's `src`, by module path.
fn modules(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap().with_extension("");
            let mut m: ModPath = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let last = m.last().cloned().unwrap_or_default();
            if last == "tests" || last.ends_with("_tests") {
                continue;
            }
            if ["mod", "lib", "main"].contains(&last.as_str()) {
                m.pop();
            }
            // `main.rs` beside `lib.rs` is another crate root: its modules are the binary's.
            if last == "main" && src.join("lib.rs").exists() {
                continue;
            }
            out.insert(m, p);
        }
    }
    out
}

/// The source without test code and comments.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a source names from `crate`, `super` or `self`, with `use` groups expanded.
fn paths(src: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .any(|k| chars[i..].starts_with(&k.chars().collect::<Vec<_>>()));
        let boundary = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if starts && boundary {
            let (found, end) = path_at(&chars, i, Vec::new());
            out.extend(found);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Read a path starting at `i` (after `prefix`): identifiers joined by `::`, a `{…}` group
/// expanded into one path per member.
fn path_at(c: &[char], mut i: usize, prefix: Vec<String>) -> (Vec<Vec<String>>, usize) {
    let mut path = prefix;
    loop {
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        if i < c.len() && c[i] == '{' {
            let mut out = Vec::new();
            i += 1;
            loop {
                while i < c.len() && (c[i].is_whitespace() || c[i] == ',') {
                    i += 1;
                }
                if i >= c.len() || c[i] == '}' {
                    return (out, i + 1);
                }
                let (found, end) = path_at(c, i, path.clone());
                out.extend(found);
                i = end;
            }
        }
        let start = i;
        while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
            i += 1;
        }
        if start == i {
            return (vec![path], i);
        }
        path.push(c[start..i].iter().collect());
        if c[i..].starts_with(&[':', ':']) {
            i += 2;
        } else {
            // Skip `as name` and the rest of a group member.
            while i < c.len() && !matches!(c[i], ',' | '}' | ';' | '\n') {
                i += 1;
            }
            return (vec![path], i);
        }
    }
}

/// Resolve a path named in module `from` to the deepest known module it reaches.
fn resolve(from: &ModPath, path: &[String], known: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut at: ModPath = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self" | "super") => {
            at = from.clone();
            while let Some(step) = rest.first() {
                match step.as_str() {
                    "self" => {}
                    "super" => {
                        at.pop()?;
                    }
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    for seg in rest {
        let mut next = at.clone();
        next.push(seg.clone());
        if !known.contains(&next) {
            break;
        }
        at = next;
    }
    Some(at)
}

/// Sibling dependencies: (parent, from child, to child).
fn edges(src: &Path) -> BTreeSet<(ModPath, String, String)> {
    let mods = modules(src);
    let known: BTreeSet<ModPath> = mods.keys().cloned().collect();
    let mut out = BTreeSet::new();
    for (m, file) in &mods {
        let text = code(&fs::read_to_string(file).unwrap());
        for p in paths(&text) {
            let Some(to) = resolve(m, &p, &known) else {
                continue;
            };
            let common = m.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if let (Some(a), Some(b)) = (m.get(common), to.get(common)) {
                out.insert((m[..common].to_vec(), a.clone(), b.clone()));
            }
        }
    }
    out
}

/// Every cycle among the children of one parent, as `a -> b -> a`.
fn cycles(edges: &BTreeSet<(ModPath, String, String)>) -> Vec<String> {
    let mut found = BTreeSet::new();
    let parents: BTreeSet<&ModPath> = edges.iter().map(|(p, _, _)| p).collect();
    for parent in parents {
        let next = |a: &str| -> Vec<String> {
            edges
                .iter()
                .filter(|(p, x, _)| p == parent && x == a)
                .map(|(_, _, b)| b.clone())
                .collect()
        };
        let starts: BTreeSet<String> = edges
            .iter()
            .filter(|(p, _, _)| p == parent)
            .map(|(_, a, _)| a.clone())
            .collect();
        for s in starts {
            // Depth-first from `s`, reporting the paths that come back to it.
            let mut stack = vec![vec![s.clone()]];
            let mut seen = BTreeSet::new();
            while let Some(route) = stack.pop() {
                let last = route.last().unwrap().clone();
                for n in next(&last) {
                    if n == s {
                        let mut ring = route.clone();
                        let min = ring.iter().min().unwrap().clone();
                        let at = ring.iter().position(|x| *x == min).unwrap();
                        ring.rotate_left(at);
                        let name = format!("{}::{}", parent.join("::"), ring.join(" -> "));
                        found.insert(format!("{name} -> {min}"));
                    } else if seen.insert(n.clone()) {
                        let mut r = route.clone();
                        r.push(n);
                        stack.push(r);
                    }
                }
            }
        }
    }
    found.into_iter().collect()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn no_crate_has_a_module_cycle() {
    let root = workspace();
    let mut crates: Vec<PathBuf> = fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .collect();
    crates.push(root.join("src-tauri/src"));
    crates.sort();
    let mut all = Vec::new();
    for src in &crates {
        let name = src.parent().unwrap().file_name().unwrap().to_string_lossy();
        all.extend(
            cycles(&edges(src))
                .into_iter()
                .map(|c| format!("{name}: {c}")),
        );
    }
    assert!(all.is_empty(), "module cycles:\n{}", all.join("\n"));
}

#[test]
fn a_cycle_is_found() {
    let tmp = std::env::temp_dir().join(format!("vonxa-cycles-{}", std::process::id()));
    fs::create_dir_all(tmp.join("b")).unwrap();
    fs::write(tmp.join("lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    fs::write(tmp.join("a.rs"), "use crate::{b::X, c};\n").unwrap();
    fs::write(tmp.join("b/mod.rs"), "mod inner;\npub struct X;\n").unwrap();
    fs::write(
        tmp.join("b/inner.rs"),
        "use super::super::a::Y;\nuse super::X;\n",
    )
    .unwrap();
    fs::write(tmp.join("c.rs"), "// crate::a::Y in a comment\n").unwrap();
    let found = cycles(&edges(&tmp));
    fs::remove_dir_all(&tmp).unwrap();
    assert_eq!(found, vec!["::a -> b -> a".to_owned()]);
}
