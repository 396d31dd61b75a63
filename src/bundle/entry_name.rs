//! Entry names as an extractor writes them. `unzip`, macOS's Archive Utility and Windows'
//! Explorer do not write an entry name byte for byte: they drop `.` and empty components,
//! take `\` as a separator, strip the trailing dots and spaces of a component (Windows), and
//! land on file systems that fold case (Windows, macOS) and Unicode normalization (macOS).
//! `verify` refuses a name any of them would write differently from how it reads, and two
//! names that would land on one file; `bundle` checks its plan with the same two functions, so
//! it never writes a name its own `verify` rejects.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

/// Names Windows reserves for devices, whatever the extension (`nul.md` is the device too).
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest entry name taken, in bytes: four times what Windows' classic path limit allows,
/// and it keeps the work on names bounded whatever the archive holds.
pub const MAX_NAME_BYTES: usize = 1024;
/// The longest component taken, in bytes: what Linux, macOS and Windows file systems allow.
pub const MAX_COMPONENT_BYTES: usize = 255;

/// Why an extractor would not write `name` as it reads, if it would not. Every name `bundle`
/// writes passes.
pub fn name_problem(name: &str) -> Option<String> {
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "is {} bytes long; names longer than {MAX_NAME_BYTES} bytes are refused",
            name.len()
        ));
    }
    let bytes = name.as_bytes();
    if name.starts_with('/') || name.starts_with('\\') || (bytes.len() > 1 && bytes[1] == b':') {
        return Some("is an absolute path".into());
    }
    if name.contains('\0') {
        return Some("contains a NUL character".into());
    }
    if name.contains('\\') {
        return Some(
            "contains `\\`, which Windows and some unzip builds take as a folder separator".into(),
        );
    }
    let components: Vec<&str> = name.split('/').collect();
    if components.contains(&"..") {
        return Some("has a `..` component, which extractors resolve or refuse".into());
    }
    if let Some(control) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "contains the control character U+{:04X}",
            u32::from(control)
        ));
    }
    if let Some(reserved) = name.chars().find(|c| "<>:\"|?*".contains(*c)) {
        return Some(format!(
            "contains `{reserved}`, which Windows cannot write in a name"
        ));
    }
    // A trailing `/` marks a folder entry: its last component may be empty.
    let last = components.len() - 1;
    for (at, component) in components.iter().enumerate() {
        if component.is_empty() && at != last {
            return Some("has an empty component (`//`), which extractors drop".into());
        }
        if component.len() > MAX_COMPONENT_BYTES {
            return Some(format!(
                "has a component of {} bytes; file systems take at most {MAX_COMPONENT_BYTES}",
                component.len()
            ));
        }
        if *component == "." {
            return Some("has a `.` component, which extractors drop".into());
        }
        if component.ends_with(['.', ' ']) && !component.is_empty() {
            return Some(format!(
                "has the component `{component}`, which Windows writes without its trailing dots and spaces"
            ));
        }
        let stem = component.split('.').next().unwrap_or("").trim_end();
        if WINDOWS_DEVICES.contains(&stem.to_ascii_lowercase().as_str()) {
            return Some(format!(
                "has the component `{component}`, which Windows takes as the device {}",
                stem.to_ascii_uppercase()
            ));
        }
    }
    None
}

/// The file `name` lands on where case and Unicode normalization are folded (macOS, Windows):
/// the components an extractor keeps, in NFC, case-folded.
pub fn landing_key(name: &str) -> String {
    let kept: Vec<&str> = name
        .split(['/', '\\'])
        .map(|component| component.trim_end_matches(['.', ' ']))
        .filter(|component| !component.is_empty() && *component != ".")
        .collect();
    // Folded in one pass over the whole name: `/` is the same before and after.
    fold(&kept.join("/"))
}

/// Case folding, full: `ß` and `ss`, `ſ` and `s`, the Kelvin sign and `k` fold alike.
/// Compatibility forms fold too (`ﬁ` and `fi`), which may refuse a pair no file system would
/// merge, never the other way round.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let nfc: String = text.nfkc().collect();
    nfc.to_uppercase().to_lowercase().nfc().collect()
}

/// Pairs of names that land on one file, or where one needs a folder at the other's file:
/// each as (first, second, what happens). Names over [`MAX_NAME_BYTES`] are left out: they
/// are refused on their own.
pub fn collisions<'n>(names: impl IntoIterator<Item = &'n str>) -> Vec<(String, String, String)> {
    let mut by_key: BTreeMap<String, &str> = BTreeMap::new();
    let mut found = Vec::new();
    for name in names
        .into_iter()
        .filter(|name| name.len() <= MAX_NAME_BYTES)
    {
        let key = landing_key(name);
        match by_key.get(&key) {
            Some(first) => found.push((
                (*first).to_string(),
                name.to_string(),
                "land on one file when extracted".to_string(),
            )),
            None => {
                by_key.insert(key, name);
            }
        }
    }
    // A file `a` and a file `a/b`: the extractor cannot make `a` both. With `/` read as the
    // smallest character, every key under `a/` sorts right after `a`, so comparing neighbours
    // finds each such pair in time linear in the names' length (no prefix of a long name is
    // looked up one by one).
    let mut ordered: Vec<(String, &str)> = by_key
        .iter()
        .map(|(key, name)| (key.replace('/', "\0"), *name))
        .collect();
    ordered.sort();
    for pair in ordered.windows(2) {
        let [(file_key, file), (key, name)] = pair else {
            continue;
        };
        if key.len() > file_key.len()
            && key.starts_with(file_key.as_str())
            && key.as_bytes()[file_key.len()] == 0
        {
            found.push((
                (*file).to_string(),
                (*name).to_string(),
                "cannot both be extracted: the first is a file where the second needs a folder"
                    .to_string(),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_extractors_write_differently_are_refused() {
        for (name, problem) in [
            ("/etc/passwd", "is an absolute path"),
            ("C:/x", "is an absolute path"),
            (
                "top/../x",
                "has a `..` component, which extractors resolve or refuse",
            ),
            (
                "top/a\\b.md",
                "contains `\\`, which Windows and some unzip builds take as a folder separator",
            ),
            (
                "top//a.md",
                "has an empty component (`//`), which extractors drop",
            ),
            ("top/./a.md", "has a `.` component, which extractors drop"),
            ("./top/a.md", "has a `.` component, which extractors drop"),
            (
                "top/a.md.",
                "has the component `a.md.`, which Windows writes without its trailing dots and spaces",
            ),
            (
                "top/a.md ",
                "has the component `a.md `, which Windows writes without its trailing dots and spaces",
            ),
            (
                "top/press /a.md",
                "has the component `press `, which Windows writes without its trailing dots and spaces",
            ),
            (
                "top/a:b.md",
                "contains `:`, which Windows cannot write in a name",
            ),
            ("top/a\u{7}.md", "contains the control character U+0007"),
            (
                "top/nul.md",
                "has the component `nul.md`, which Windows takes as the device NUL",
            ),
            (
                "top/Com1",
                "has the component `Com1`, which Windows takes as the device COM1",
            ),
        ] {
            assert_eq!(name_problem(name).as_deref(), Some(problem), "{name:?}");
        }
        let long = format!("top/{}", "a".repeat(MAX_NAME_BYTES));
        assert_eq!(
            name_problem(&long).as_deref(),
            Some("is 1028 bytes long; names longer than 1024 bytes are refused")
        );
        let wide = format!("top/{}.md", "a".repeat(MAX_COMPONENT_BYTES));
        assert_eq!(
            name_problem(&wide).as_deref(),
            Some("has a component of 258 bytes; file systems take at most 255")
        );
        for fine in [
            "top/",
            "top/press/launch.md",
            "top/press/été.md",
            "top/.hidden",
            "top/console.md",
        ] {
            assert_eq!(name_problem(fine), None, "{fine:?}");
        }
    }

    #[test]
    fn names_that_land_on_one_file_collide() {
        let nfd = "top/press/e\u{301}te\u{301}.md";
        let cases: &[(&[&str], usize)] = &[
            (&["top/press/launch.md", "top/press/Launch.md"], 1),
            (&["top/press/été.md", nfd], 1),
            (&["top/press/straße.md", "top/press/STRASSE.md"], 1),
            (&["top/press/k.md", "top/press/\u{212A}.md"], 1),
            (&["top/a.md", "top/a.md."], 1),
            (&["top/a.md", "top//a.md"], 1),
            (&["top/a.md", "top\\a.md"], 1),
            (&["top/a", "top/A/b.md"], 1),
            (&["top/a", "top/a-b", "top/a.c", "top/a/b.md"], 1),
            (&["top/a/b", "top/a/b/c/d.md"], 1),
            (&["top/press/launch.md", "top/launch.md"], 0),
        ];
        for (names, expected) in cases {
            let found = collisions(names.iter().copied());
            assert_eq!(found.len(), *expected, "{names:?}: {found:?}");
        }
        assert_eq!(
            collisions(["top/a.md", "top/A.MD"]),
            [(
                "top/a.md".to_string(),
                "top/A.MD".to_string(),
                "land on one file when extracted".to_string()
            )]
        );
    }
}
