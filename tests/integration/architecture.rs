//! The library's top-level modules depend on each other in one direction only: no module
//! reaches, through any chain of `crate::` paths, back to itself. Read from the source, so a
//! new `use` that closes a circle fails here, naming it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One `crate::` reference from one top-level module to another, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    from: String,
    to: String,
    at: String,
}

/// The top-level modules `src/lib.rs` declares (`mod x;` or `pub mod x;`, whatever cfg).
fn top_level_modules(lib: &str) -> BTreeSet<String> {
    code_only(lib)
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))?;
            Some(rest.strip_suffix(';')?.trim().to_string())
        })
        .collect()
}

/// The source with comments, string and character literals blanked out (line breaks kept, so
/// line numbers still hold): a path in a doc comment or a message is not a dependency.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('#' | '"')) && !ident_before(&chars, i) {
            // A raw string: r"…", r#"…"#, with as many hashes to close as opened it.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    _ => j += 1,
                }
            }
            for &skipped in &chars[i..j.min(chars.len())] {
                blank(&mut out, skipped);
            }
            i = j;
        } else if c == '"' {
            blank(&mut out, c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if let Some(&skipped) = chars.get(i) {
                    blank(&mut out, skipped);
                }
                i += 1;
            }
            if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{FFFD}'), or else a lifetime ('a) kept as is.
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&j| chars[j] == '\'')
            } else {
                (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            match end {
                Some(end) => {
                    for &skipped in &chars[i..=end] {
                        blank(&mut out, skipped);
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], at: usize) -> bool {
    at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '_')
}

/// The modules a file names through `crate::x` and `crate::{x, y::z}`, with their lines.
fn references(code: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `mycrate::`, not `crate::`
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first name of every item at the group's own depth.
            let mut depth = 0;
            let mut item_start = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                        name.push(c)
                    }
                    _ if item_start && !name.is_empty() => {
                        found.push((std::mem::take(&mut name), line));
                        item_start = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                found.push((name, line));
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push((name, line));
            }
        }
    }
    found
}

/// Every edge between distinct top-level modules in `files` (path relative to `src/`, text).
fn edges(modules: &BTreeSet<String>, files: &[(String, String)]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (path, text) in files {
        let Some(from) = path
            .split('/')
            .next()
            .map(|first| first.trim_end_matches(".rs").to_string())
            .filter(|first| modules.contains(first))
        else {
            continue;
        };
        for (to, line) in references(&code_only(text)) {
            if to != from && modules.contains(&to) {
                edges.push(Edge {
                    from: from.clone(),
                    to,
                    at: format!("src/{path}:{line}"),
                });
            }
        }
    }
    edges
}

/// Each cycle as the modules along it (first repeated at the end), with one place per step.
fn cycles(edges: &[Edge]) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for edge in edges {
        graph
            .entry(edge.from.as_str())
            .or_default()
            .entry(edge.to.as_str())
            .or_insert(edge.at.as_str());
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'g>(
        node: &'g str,
        graph: &BTreeMap<&'g str, BTreeMap<&'g str, &'g str>>,
        marks: &mut BTreeMap<&'g str, Mark>,
        stack: &mut Vec<&'g str>,
        found: &mut Vec<String>,
    ) {
        marks.insert(node, Mark::Open);
        stack.push(node);
        for (&next, _) in graph.get(node).into_iter().flatten() {
            match marks.get(next) {
                None => visit(next, graph, marks, stack, found),
                Some(Mark::Open) => {
                    let start = stack.iter().position(|&n| n == next).unwrap_or(0);
                    let mut path: Vec<&str> = stack[start..].to_vec();
                    path.push(next);
                    let steps: Vec<String> = path
                        .windows(2)
                        .map(|pair| {
                            format!("{} -> {} ({})", pair[0], pair[1], graph[pair[0]][pair[1]])
                        })
                        .collect();
                    found.push(steps.join(", "));
                }
                Some(Mark::Done) => {}
            }
        }
        stack.pop();
        marks.insert(node, Mark::Done);
    }
    let mut marks = BTreeMap::new();
    let mut found = Vec::new();
    for &node in graph.keys() {
        if !marks.contains_key(node) {
            visit(node, &graph, &mut marks, &mut Vec::new(), &mut found);
        }
    }
    found
}

fn rust_files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, root, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn no_circle_between_top_level_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = top_level_modules(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    // The reading must see the library as it is, or the test proves nothing.
    for module in [
        "manifest", "rules", "policy", "svg", "press", "review", "render", "cli",
    ] {
        assert!(
            modules.contains(module),
            "{module} not found in src/lib.rs: {modules:?}"
        );
    }
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    let edges = edges(&modules, &files);
    assert!(
        edges
            .iter()
            .any(|edge| edge.from == "rules" && edge.to == "manifest"),
        "the rules' use of the manifest was not seen: the reader of paths is broken"
    );
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "circles between top-level modules (each step: where it is written):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_circle_is_found_and_named_and_comments_and_strings_are_not_dependencies() {
    let modules: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    let files = [
        (
            "a.rs",
            "use crate::b::Thing;\n// crate::c is only mentioned\n",
        ),
        (
            "b/mod.rs",
            "use crate::{\n    c::{self, More},\n    text,\n};\n",
        ),
        (
            "c/inner.rs",
            "fn f() -> &'static str { \"crate::b\" }\nfn g() { crate::a::h(); }\n",
        ),
    ]
    .map(|(path, text)| (path.to_string(), text.to_string()));
    let edges = edges(&modules, &files);
    let pairs: Vec<(&str, &str, &str)> = edges
        .iter()
        .map(|edge| (edge.from.as_str(), edge.to.as_str(), edge.at.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a", "b", "src/a.rs:1"),
            ("b", "c", "src/b/mod.rs:1"),
            ("c", "a", "src/c/inner.rs:2"),
        ]
    );
    assert_eq!(
        cycles(&edges),
        ["a -> b (src/a.rs:1), b -> c (src/b/mod.rs:1), c -> a (src/c/inner.rs:2)"]
    );
    assert!(cycles(&edges[..2]).is_empty());
}

#[test]
fn declared_modules_are_read_whatever_their_attributes() {
    let lib = "//! docs: mod nothing;\n#[cfg(feature = \"cli\")]\npub mod cli;\nmod text;\npub use x::y;\n";
    assert_eq!(
        top_level_modules(lib),
        ["cli", "text"].map(String::from).into()
    );
}
