//! Turns data/names.toml into a static table (`$OUT_DIR/names.rs`), so the names cost nothing to
//! load at run time, and a mistake in the table fails the build with the entry it is in; and
//! names the build (`$OUT_DIR/build_id.rs`), for the render worker.

use std::fmt::Write as _;
use std::path::PathBuf;

const KINDS: &[(&str, &str)] = &[
    ("current", "Kind::Current"),
    ("localized", "Kind::Localized"),
    ("former", "Kind::Former"),
    ("abbreviation", "Kind::Abbreviation"),
];

/// The languages the tool claims to support, as BCP 47 tags.
const LANGUAGES: &[&str] = &[
    "en", "ko", "ja", "zh-Hans", "zh-Hant", "de", "fr", "es", "pt", "it", "nl",
];

fn main() {
    println!("cargo::rerun-if-changed=data/names.toml");
    println!("cargo::rerun-if-changed=build.rs");
    if let Err(message) = generate() {
        eprintln!("data/names.toml: {message}");
        std::process::exit(1);
    }
    if let Err(message) = build_id() {
        eprintln!("the build's identity: {message}");
        std::process::exit(1);
    }
}

/// Writes `$OUT_DIR/build_id.rs`: the version and a hash of every source file and of the
/// locked dependencies. `mdelist` hands it to the render worker it starts, which serves only a
/// parent of its own build (`worker::BUILD`).
fn build_id() -> Result<(), String> {
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    let mut folders = vec![PathBuf::from("src")];
    while let Some(folder) = folders.pop() {
        for entry in
            std::fs::read_dir(&folder).map_err(|error| format!("{}: {error}", folder.display()))?
        {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    if std::path::Path::new("Cargo.lock").is_file() {
        files.push(PathBuf::from("Cargo.lock"));
    }
    // FNV-1a over each path and its bytes.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in &files {
        let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
        for byte in path
            .to_string_lossy()
            .bytes()
            .chain([0])
            .chain(bytes)
            .chain([0])
        {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let version = std::env::var("CARGO_PKG_VERSION").map_err(|error| error.to_string())?;
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|error| error.to_string())?);
    std::fs::write(
        out.join("build_id.rs"),
        format!(
            "/// This build: its version, and a hash of its sources and locked dependencies.\n\
             pub const BUILD: &str = \"{version}-{hash:016x}\";\n"
        ),
    )
    .map_err(|error| error.to_string())
}

/// Han, kana and Hangul (the same ranges as `text::names::is_cjk`).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// A form as the matcher looks for it: lower case, one space between words, none next to a CJK
/// character. `text::names` folds text the same way (a unit test there holds the two together),
/// so the automaton is built from these strings with no work at run time.
fn fold(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let mut folded = String::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            let previous = words[index - 1].chars().next_back().is_some_and(is_cjk);
            let next = word.chars().next().is_some_and(is_cjk);
            if !previous && !next {
                folded.push(' ');
            }
        }
        folded.push_str(word);
    }
    folded
}

fn string<'a>(table: &'a toml::Table, key: &str, at: &str) -> Result<&'a str, String> {
    match table.get(key) {
        Some(toml::Value::String(value)) if !value.trim().is_empty() => Ok(value),
        Some(_) => Err(format!("{at}: `{key}` must be a non-empty string")),
        None => Err(format!("{at}: `{key}` is missing")),
    }
}

fn generate() -> Result<(), String> {
    let text = std::fs::read_to_string("data/names.toml").map_err(|error| error.to_string())?;
    let table: toml::Table = text.parse().map_err(|error| format!("{error}"))?;
    for key in table.keys() {
        if key != "product" && key != "form" {
            return Err(format!("unknown table `{key}`"));
        }
    }
    let empty = Vec::new();
    let products = match table.get("product") {
        Some(toml::Value::Array(products)) => products,
        _ => &empty,
    };
    let forms = match table.get("form") {
        Some(toml::Value::Array(forms)) => forms,
        _ => &empty,
    };
    let mut out = String::from("// Generated by build.rs from data/names.toml.\n\n");
    let mut product_names = Vec::new();
    let mut mentioned = Vec::new();
    out.push_str("pub static PRODUCTS: &[Product] = &[\n");
    for (index, product) in products.iter().enumerate() {
        let at = format!("[[product]] {}", index + 1);
        let product = product.as_table().ok_or(format!("{at}: not a table"))?;
        for key in product.keys() {
            if key != "name" && key != "mentioned" {
                return Err(format!("{at}: unknown key `{key}`"));
            }
        }
        let name = string(product, "name", &at)?;
        let is_mentioned = match product.get("mentioned") {
            None => false,
            Some(toml::Value::Boolean(value)) => *value,
            Some(_) => return Err(format!("{at}: `mentioned` must be true or false")),
        };
        if is_mentioned {
            mentioned.push(name.to_owned());
        }
        if product_names.iter().any(|known: &String| known == name) {
            return Err(format!("{at}: product `{name}` is listed twice"));
        }
        product_names.push(name.to_owned());
        writeln!(
            out,
            "    Product {{ name: {name:?}, mentioned: {is_mentioned} }},"
        )
        .map_err(|error| error.to_string())?;
    }
    out.push_str("];\n\n");
    if mentioned.len() != 1 {
        return Err("exactly one [[product]] must be `mentioned = true`".into());
    }
    let mut texts: Vec<String> = Vec::new();
    out.push_str("pub static FORMS: &[NameForm] = &[\n");
    for (index, form) in forms.iter().enumerate() {
        let at = format!("[[form]] {}", index + 1);
        let form = form.as_table().ok_or(format!("{at}: not a table"))?;
        for key in form.keys() {
            if ![
                "text",
                "product",
                "kind",
                "languages",
                "translates",
                "acronym",
                "source",
            ]
            .contains(&key.as_str())
            {
                return Err(format!("{at}: unknown key `{key}`"));
            }
        }
        let text = string(form, "text", &at)?;
        let at = format!("{at} (\"{text}\")");
        let product = string(form, "product", &at)?;
        if !product_names.iter().any(|name| name == product) {
            return Err(format!("{at}: `{product}` is not a [[product]]"));
        }
        let kind = string(form, "kind", &at)?;
        let kind = KINDS
            .iter()
            .find(|(name, _)| *name == kind)
            .map(|(_, variant)| *variant)
            .ok_or(format!("{at}: unknown kind `{kind}`"))?;
        let languages: Vec<&str> = match form.get("languages") {
            Some(toml::Value::Array(languages)) if !languages.is_empty() => languages
                .iter()
                .map(|language| language.as_str().unwrap_or(""))
                .collect(),
            _ => return Err(format!("{at}: `languages` must be a non-empty array")),
        };
        for language in &languages {
            if !LANGUAGES.contains(language) {
                return Err(format!("{at}: unsupported language `{language}`"));
            }
        }
        let english = languages == ["en"];
        if kind == "Kind::Localized" && english {
            return Err(format!("{at}: a localized form names its languages"));
        }
        let translates = match form.get("translates") {
            None => None,
            Some(toml::Value::String(value)) => Some(value.as_str()),
            Some(_) => return Err(format!("{at}: `translates` must be a string")),
        };
        if translates.is_some() && english {
            return Err(format!("{at}: an English form translates nothing"));
        }
        let acronym = match form.get("acronym") {
            None => false,
            Some(toml::Value::Boolean(value)) => *value,
            Some(_) => return Err(format!("{at}: `acronym` must be true or false")),
        };
        if acronym && !text.chars().any(char::is_uppercase) {
            return Err(format!("{at}: an acronym has capitals"));
        }
        let source = string(form, "source", &at)?;
        if text.contains(['-', '\u{AD}', '\u{200B}']) {
            return Err(format!(
                "{at}: write the form without hyphens or invisible characters"
            ));
        }
        let folded = fold(text);
        if texts.contains(&folded) {
            return Err(format!("{at}: the form is listed twice"));
        }
        texts.push(folded.clone());
        writeln!(
            out,
            "    NameForm {{ text: {text:?}, folded: {folded:?}, product: {product:?}, kind: {kind}, languages: &{languages:?}, translates: {translates:?}, acronym: {acronym}, source: {source:?} }},"
        )
        .map_err(|error| error.to_string())?;
    }
    out.push_str("];\n");
    let path =
        PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("names.rs");
    std::fs::write(path, out).map_err(|error| error.to_string())
}
