//! Reading `listing.toml`: bytes → UTF-8 → TOML with spans → checked against the schema →
//! typed [`Listing`], reporting every `MAN` finding on the way with its exact position.

use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;
use toml::de::{DeTable, DeValue};

use super::files::{FileProvider, PathProblem};
use super::schema::{self, Field, Kind};
use super::{
    Allow, Listing, LoadedFile, Localized, Onboarding, Package, PressRelease, Review, Spanned, Text,
};
use crate::diagnostics::SourceFile;
use crate::rules::manifest::{MAN001, MAN002, MAN003, MAN004, MAN006, MAN007, MAN008};
use crate::rules::{Findings, quote};
use crate::text::chars::grapheme_count;
use crate::text::suggest::closest;

/// Reads a listing from the manifest's bytes, taking referenced files from `resolve` (the
/// listing folder on disk, or a bundle in memory). `dir` is only used to name files in messages.
pub fn package_from_bytes(
    manifest_path: &Path,
    dir: &Path,
    bytes: Vec<u8>,
    resolve: &dyn FileProvider,
) -> Package {
    let dir = dir.to_path_buf();
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bad_at = error.utf8_error().valid_up_to();
            let bad_byte = error.as_bytes().get(bad_at).copied().unwrap_or_default();
            // The valid prefix is the same in the lossy text, where the bad byte became U+FFFD.
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let source = SourceFile::new(manifest_path, lossy);
            let mut findings = Findings::new(&source);
            findings
                .report(
                    &MAN008,
                    "",
                    bad_at..bad_at + '\u{FFFD}'.len_utf8(),
                    format!(
                        "listing.toml is not UTF-8 text: byte 0x{bad_byte:02X} cannot appear here in UTF-8"
                    ),
                )
                .with_label("probably saved as Windows-1252 or Latin-1")
                .with_help("save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)");
            let diagnostics = findings.into_vec();
            return Package {
                dir,
                manifest: source,
                listing: None,
                logo: None,
                press: Vec::new(),
                diagnostics,
            };
        }
    };

    let source = SourceFile::new(manifest_path, text);
    let mut findings = Findings::new(&source);
    let listing = parse_listing(&source.text, &mut findings);
    let mut logo = None;
    let mut press = Vec::new();
    if let Some(listing) = &listing {
        logo = listing
            .logo
            .as_ref()
            .and_then(|path| load_referenced(&dir, resolve, path, "product.logo", &mut findings));
        press = listing
            .press_releases
            .iter()
            .enumerate()
            .map(|(index, release)| {
                let field = format!("press_release[{index}].file");
                release
                    .file
                    .as_ref()
                    .and_then(|path| load_referenced(&dir, resolve, path, &field, &mut findings))
            })
            .collect();
    }
    let diagnostics = findings.into_vec();
    Package {
        dir,
        manifest: source,
        listing,
        logo,
        press,
        diagnostics,
    }
}

fn load_referenced(
    dir: &Path,
    resolve: &dyn FileProvider,
    relative: &Text,
    field: &str,
    findings: &mut Findings,
) -> Option<LoadedFile> {
    // A line break or other control character in a file name cannot be written safely into
    // the bundle's SHA256SUMS or shown in a message, and no design tool produces one.
    if let Some(control) = relative.value.chars().find(|c| c.is_control()) {
        findings
            .report(
                &MAN007,
                field,
                relative.span.clone(),
                format!(
                    "`{field}` file {} has a control character (U+{:04X}) in its name",
                    quote(&relative.value),
                    u32::from(control)
                ),
            )
            .with_help("rename the file without line breaks, tabs or other control characters");
        return None;
    }
    match resolve.read(&relative.value) {
        Ok(bytes) => Some(LoadedFile {
            relative: relative.value.clone(),
            // "logo.svg" reads better than "./logo.svg" in messages about the current folder.
            path: if dir == Path::new(".") {
                Path::new(&relative.value).to_path_buf()
            } else {
                dir.join(&relative.value)
            },
            bytes,
        }),
        Err(PathProblem::Escapes(reason)) => {
            findings
                .report(
                    &MAN006,
                    field,
                    relative.span.clone(),
                    format!("`{field}` {reason}: {}", quote(&relative.value)),
                )
                .with_label("must stay inside the listing folder")
                .with_help(
                    "put the file inside the folder that holds listing.toml and give its path \
                     relative to that folder, e.g. \"logo.svg\"",
                );
            None
        }
        Err(PathProblem::Unreadable(reason)) => {
            findings
                .report(
                    &MAN007,
                    field,
                    relative.span.clone(),
                    format!("`{field}` file {} {reason}", quote(&relative.value)),
                )
                .with_help(
                    "check the path (it is relative to the folder that holds listing.toml) and \
                     that the file is a readable regular file of at most 16 MiB",
                );
            None
        }
    }
}

/// Parses and checks the manifest text; `None` only when it is not TOML at all.
pub(crate) fn parse_listing(text: &str, findings: &mut Findings) -> Option<Listing> {
    let document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_string();
            findings
                .report(
                    &MAN001,
                    "",
                    span,
                    format!("listing.toml is not valid TOML: {message}"),
                )
                .with_label(message)
                .with_help(syntax_help(text, &error));
            return None;
        }
    };
    let root = document.get_ref();
    let mut reader = Reader { text, findings };
    reader.check_table(root, schema::ROOT, "", 0..0);
    Some(reader.listing(root))
}

fn syntax_help(text: &str, error: &toml::de::Error) -> String {
    let message = error.message();
    let line = error
        .span()
        .and_then(|span| text.get(..span.start))
        .and_then(|before| before.lines().last())
        .unwrap_or("");
    if message.contains("string") && !line.contains('=') {
        "strings are written in double quotes: name = \"Contoso Cognito\"".into()
    } else if message.contains("string") {
        "close the string with the same quote it opened with, on the same line (use \"\"\"…\"\"\" \
         for text over several lines)"
            .into()
    } else if message.contains("duplicate") {
        "each key may appear once per table: remove or rename the repeated one".into()
    } else if message.contains("recurse") {
        "nesting this deep is never needed in a listing: flatten the value".into()
    } else {
        "fix the TOML at the marked position; text values need double quotes, dates none \
         (submitted = 2026-11-02)"
            .into()
    }
}

struct Reader<'r, 'f> {
    text: &'r str,
    findings: &'r mut Findings<'f>,
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A schema description as part of a sentence: no capital, no full stop.
fn fragment(doc: &str) -> String {
    let doc = doc.trim_end_matches('.');
    let mut chars = doc.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => doc.to_string(),
    }
}

fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date/time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A TOML local date (no time, no offset) as a civil date.
fn as_date(value: &DeValue) -> Option<Date> {
    let DeValue::Datetime(datetime) = value else {
        return None;
    };
    if datetime.time.is_some() || datetime.offset.is_some() {
        return None;
    }
    let date = datetime.date?;
    Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
}

impl Reader<'_, '_> {
    /// Reports unknown keys, wrong types and missing required keys of one table, recursively.
    fn check_table(
        &mut self,
        table: &DeTable,
        fields: &'static [Field],
        prefix: &str,
        header: Range<usize>,
    ) {
        for (key, value) in table.iter() {
            let path = join(prefix, key.get_ref());
            match fields
                .iter()
                .find(|field| field.key == key.get_ref().as_ref())
            {
                Some(field) => self.check_value(field, value.get_ref(), value.span(), &path),
                None => self.unknown_key(fields, key.get_ref(), key.span(), &path),
            }
        }
        for field in fields.iter().filter(|field| field.required) {
            if table.get(field.key).is_none() {
                self.missing(field, prefix, header.clone());
            }
        }
    }

    fn unknown_key(&mut self, fields: &[Field], key: &str, span: Range<usize>, path: &str) {
        let known: Vec<&str> = fields.iter().map(|field| field.key).collect();
        let diagnostic = self
            .findings
            .report(&MAN003, path, span, format!("unknown key `{path}`"))
            .with_label("not a key of listing.toml schema 1");
        match closest(key, &known) {
            Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_help(format!(
                "remove it, or use one of the known keys here: {}",
                known.join(", ")
            )),
        };
    }

    fn missing(&mut self, field: &Field, prefix: &str, header: Range<usize>) {
        let path = join(prefix, field.key);
        let (message, help) = match &field.kind {
            Kind::Table(children) => {
                let required: Vec<&str> = children
                    .iter()
                    .filter(|child| child.required)
                    .map(|child| child.key)
                    .collect();
                (
                    format!("missing required table `[{path}]`"),
                    format!("add the [{path}] table with {}", required.join(", ")),
                )
            }
            _ if prefix.is_empty() => (
                format!("missing required key `{path}`"),
                format!("add `{} = …` at the top of the file", field.key),
            ),
            _ => (
                format!("missing required key `{path}`"),
                format!(
                    "add `{} = …` to this table ({})",
                    field.key,
                    fragment(field.doc)
                ),
            ),
        };
        // A key missing at the top level has no table to point at: point where it would be added.
        let (span, label) = if prefix.is_empty() {
            let end = self.text.trim_end().len();
            (end..end, format!("`{path}` is missing from this file"))
        } else {
            (
                header,
                format!("`{}` is missing from this table", field.key),
            )
        };
        self.findings
            .report(&MAN002, &path, span, message)
            .with_label(label)
            .with_help(help);
    }

    fn wrong_type(&mut self, path: &str, span: Range<usize>, expected: &str, found: &DeValue) {
        let found_text = describe(found);
        let help = match found {
            DeValue::String(text) if expected.contains("date") => format!(
                "write the date without quotes: {} = {}",
                path.rsplit('.').next().unwrap_or(path),
                text.trim()
            ),
            DeValue::String(text)
                if expected.contains("boolean") && matches!(text.trim(), "true" | "false") =>
            {
                format!(
                    "write it without quotes: {} = {}",
                    path.rsplit('.').next().unwrap_or(path),
                    text.trim()
                )
            }
            _ => format!("`{path}` takes {expected}"),
        };
        self.findings
            .report(
                &MAN004,
                path,
                span,
                format!("`{path}` must be {expected}, found {found_text}"),
            )
            .with_help(help);
    }

    fn check_value(
        &mut self,
        field: &'static Field,
        value: &DeValue,
        span: Range<usize>,
        path: &str,
    ) {
        match (&field.kind, value) {
            (Kind::String, DeValue::String(text)) => self.check_blank(field, text, span, path),
            (
                Kind::OneOf {
                    values,
                    checked_by_parser,
                },
                DeValue::String(text),
            ) => {
                if text.trim().is_empty() {
                    self.check_blank(field, text, span, path);
                } else if *checked_by_parser && !values.contains(&text.as_ref()) {
                    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                    let diagnostic = self.findings.report(
                        &MAN004,
                        path,
                        span,
                        format!(
                            "`{path}` must be one of {}, found \"{text}\"",
                            quoted.join(", ")
                        ),
                    );
                    match closest(text, values) {
                        Some(suggestion) => {
                            diagnostic.with_help(format!("did you mean \"{suggestion}\"?"))
                        }
                        None => diagnostic.with_help(format!("use one of {}", quoted.join(", "))),
                    };
                }
            }
            (Kind::Integer, DeValue::Integer(_)) | (Kind::Bool, DeValue::Boolean(_)) => {}
            (Kind::Date, found) => {
                if as_date(found).is_none() {
                    let expected = "a date like 2026-11-02 (no quotes, no time)";
                    self.wrong_type(path, span, expected, found);
                }
            }
            (Kind::Table(children), DeValue::Table(table)) => {
                self.check_table(table, children, path, span)
            }
            (Kind::TagMap(children), DeValue::Table(table)) => {
                for (tag, entry) in table.iter() {
                    let entry_path = format!("{path}.{}", tag.get_ref());
                    self.check_tag(tag.get_ref(), tag.span(), &entry_path);
                    match entry.get_ref() {
                        DeValue::Table(inner) => {
                            self.check_table(inner, children, &entry_path, entry.span())
                        }
                        other => self.wrong_type(&entry_path, entry.span(), "a table", other),
                    }
                }
            }
            (Kind::TableArray(children), DeValue::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{index}]");
                    match item.get_ref() {
                        DeValue::Table(table) => {
                            self.check_table(table, children, &item_path, item.span())
                        }
                        other => self.wrong_type(&item_path, item.span(), "a table", other),
                    }
                }
            }
            (kind, found) => {
                let expected = match kind {
                    Kind::String | Kind::OneOf { .. } => "a string in double quotes",
                    Kind::Integer => "an integer",
                    Kind::Bool => "a boolean (true or false)",
                    Kind::Date => "a date",
                    Kind::Table(_) | Kind::TagMap(_) => "a table",
                    Kind::TableArray(_) => "an array of tables",
                };
                self.wrong_type(path, span, expected, found);
            }
        }
    }

    fn check_blank(&mut self, field: &Field, text: &str, span: Range<usize>, path: &str) {
        if field.blank_is_missing && text.trim().is_empty() {
            self.findings
                .report(&MAN002, path, span, format!("`{path}` is empty"))
                .with_help(format!("fill it in ({})", fragment(field.doc)));
            return;
        }
        let length = grapheme_count(text.trim());
        if let Some(max) = field.max_graphemes.filter(|max| length > *max) {
            self.findings
                .report(
                    &MAN004,
                    path,
                    span,
                    format!("`{path}` must be at most {max} characters, found {length}"),
                )
                .with_help(format!("shorten it ({})", fragment(field.doc)));
        }
    }

    fn check_tag(&mut self, tag: &str, span: Range<usize>, path: &str) {
        if language_tags::LanguageTag::parse(tag).is_ok() {
            return;
        }
        let help = if tag.contains('_')
            && language_tags::LanguageTag::parse(&tag.replace('_', "-")).is_ok()
        {
            format!(
                "BCP 47 separates parts with hyphens: use \"{}\"",
                tag.replace('_', "-")
            )
        } else {
            "use a BCP 47 language tag such as \"ja-JP\", \"de\", \"zh-Hans\" or \"pt-BR\"".into()
        };
        self.findings
            .report(
                &MAN004,
                path,
                span,
                format!("`{tag}` is not a well-formed BCP 47 language tag"),
            )
            .with_help(help);
    }

    // Typed extraction. Values of the wrong type were reported above and are skipped here.

    fn text(&self, table: &DeTable, key: &str, blank_is_missing: bool) -> Option<Text> {
        let value = table.get(key)?;
        let DeValue::String(text) = value.get_ref() else {
            return None;
        };
        if blank_is_missing && text.trim().is_empty() {
            return None;
        }
        Some(Text::new(text.to_string(), value.span(), self.text))
    }

    fn date(&self, table: &DeTable, key: &str) -> Option<Spanned<Date>> {
        let value = table.get(key)?;
        as_date(value.get_ref()).map(|date| Spanned {
            value: date,
            span: value.span(),
        })
    }

    fn one_of(&self, table: &DeTable, key: &str, values: &[&str]) -> Option<Text> {
        self.text(table, key, true)
            .filter(|text| values.contains(&text.value.as_str()))
    }

    fn listing(&self, root: &DeTable) -> Listing {
        let empty = DeTable::default();
        let partner = sub_table(root, "partner").map_or(&empty, |(table, _)| table);
        let product = sub_table(root, "product").map_or(&empty, |(table, _)| table);
        let integration = sub_table(root, "integration").map_or(&empty, |(table, _)| table);

        let localized = sub_table(product, "localized")
            .map(|(map, _)| {
                map.iter()
                    .filter_map(|(tag, entry)| {
                        let DeValue::Table(entry) = entry.get_ref() else {
                            return None;
                        };
                        Some(Localized {
                            tag: Text::new(tag.get_ref().to_string(), tag.span(), self.text),
                            name: self.text(entry, "name", true),
                            description: self.text(entry, "description", true),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();

        let schema = root.get("schema").and_then(|value| {
            let integer = value.get_ref().as_integer()?;
            let digits = integer.as_str().replace('_', "");
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            Some(Spanned {
                // Out of range is as unsupported as any other number but 1.
                value: i64::from_str_radix(digits, integer.radix()).unwrap_or(i64::MAX),
                span: value.span(),
            })
        });

        Listing {
            schema,
            company: self.text(partner, "company", true),
            name: self.text(product, "name", true),
            description: self.text(product, "description", true),
            logo: self.text(product, "logo", true),
            landing_page: self.text(product, "landing_page", true),
            category: self.text(product, "category", true),
            localized,
            version: self.text(integration, "version", true),
            user_agent: self.text(integration, "user_agent", true),
            multi_tenant: integration.get("multi_tenant").and_then(|value| {
                value.get_ref().as_bool().map(|flag| Spanned {
                    value: flag,
                    span: value.span(),
                })
            }),
            entra_app_name: self.text(integration, "entra_app_name", false),
            azure_ad_app_name: self.text(integration, "azure_ad_app_name", false),
            press_releases: tables(root, "press_release")
                .map(|(release, span)| PressRelease {
                    file: self.text(release, "file", true),
                    submitted: self.date(release, "submitted"),
                    publish: self.date(release, "publish"),
                    reviews: tables(release, "review")
                        .map(|(review, span)| Review {
                            team: self.one_of(review, "team", schema::TEAMS),
                            verdict: self.one_of(review, "verdict", schema::VERDICTS),
                            date: self.date(review, "date"),
                            note: self.text(review, "note", false),
                            span,
                        })
                        .collect(),
                    span,
                })
                .collect(),
            onboarding: sub_table(root, "onboarding").map(|(onboarding, span)| Onboarding {
                license: self.one_of(onboarding, "license", schema::LICENSES),
                joint_customer: self.text(onboarding, "joint_customer", true),
                demo: self.date(onboarding, "demo"),
                approved: self.date(onboarding, "approved"),
                misa: self.one_of(onboarding, "misa", schema::MISA),
                span,
            }),
            allow: sub_table(root, "checks")
                .map(|(checks, _)| {
                    tables(checks, "allow")
                        .map(|(entry, span)| Allow {
                            rule: self.text(entry, "rule", true),
                            reason: self.text(entry, "reason", true),
                            until: self.date(entry, "until"),
                            span,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

fn sub_table<'t, 'i>(
    parent: &'t DeTable<'i>,
    key: &str,
) -> Option<(&'t DeTable<'i>, Range<usize>)> {
    let value = parent.get(key)?;
    match value.get_ref() {
        DeValue::Table(table) => Some((table, value.span())),
        _ => None,
    }
}

/// The tables of an array of tables, with their spans; other items are skipped.
fn tables<'t, 'i>(
    parent: &'t DeTable<'i>,
    key: &str,
) -> impl Iterator<Item = (&'t DeTable<'i>, Range<usize>)> + 't {
    let items = parent.get(key).and_then(|value| match value.get_ref() {
        DeValue::Array(items) => Some(items),
        _ => None,
    });
    items
        .into_iter()
        .flat_map(|items| items.iter())
        .filter_map(|item| match item.get_ref() {
            DeValue::Table(table) => Some((table, item.span())),
            _ => None,
        })
}
