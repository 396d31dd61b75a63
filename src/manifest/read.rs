//! Reading `listing.toml`: bytes → UTF-8 → TOML with spans → checked against the schema →
//! typed [`Listing`], keeping every problem on the way as a [`ManifestProblem`] with its exact
//! position (the MAN rules word them).

use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;
use toml::de::{DeTable, DeValue};

use super::files::{FileProvider, PathProblem};
use super::problem::{Expected, Found, ManifestProblem, MissingKind, PlainSyntaxKind, SyntaxKind};
use super::schema::{self, Field, Kind};
use super::{
    Allow, Listing, LoadedFile, Localized, Onboarding, Package, PressRelease, Review, Spanned, Text,
};
use crate::diagnostics::SourceFile;
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
            let problems = vec![ManifestProblem::NotUtf8 {
                at: bad_at,
                byte: bad_byte,
            }];
            return Package {
                dir,
                manifest: source,
                listing: None,
                logo: None,
                press: Vec::new(),
                unlisted_press: Vec::new(),
                problems,
            };
        }
    };

    let source = SourceFile::new(manifest_path, text);
    let mut problems = Vec::new();
    let listing = parse_listing(&source.text, &mut problems);
    let mut logo = None;
    let mut press = Vec::new();
    if let Some(listing) = &listing {
        logo = listing
            .logo
            .as_ref()
            .and_then(|path| load_referenced(&dir, resolve, path, "product.logo", &mut problems));
        press = listing
            .press_releases
            .iter()
            .enumerate()
            .map(|(index, release)| {
                let field = format!("press_release[{index}].file");
                release
                    .file
                    .as_ref()
                    .and_then(|path| load_referenced(&dir, resolve, path, &field, &mut problems))
            })
            .collect();
    }
    Package {
        dir,
        manifest: source,
        listing,
        logo,
        press,
        unlisted_press: Vec::new(),
        problems,
    }
}

fn load_referenced(
    dir: &Path,
    resolve: &dyn FileProvider,
    relative: &Text,
    field: &str,
    problems: &mut Vec<ManifestProblem>,
) -> Option<LoadedFile> {
    let (field, span, value) = (
        field.to_string(),
        relative.span.clone(),
        relative.value.clone(),
    );
    // A line break or other control character in a file name cannot be written safely into
    // the bundle's SHA256SUMS or shown in a message, and no design tool produces one.
    if let Some(control) = relative.value.chars().find(|c| c.is_control()) {
        problems.push(ManifestProblem::ControlInFileName {
            field,
            span,
            value,
            control,
        });
        return None;
    }
    let problem = match resolve.read(&relative.value) {
        Ok(bytes) => {
            return Some(LoadedFile {
                relative: relative.value.clone(),
                // "logo.svg" reads better than "./logo.svg" in messages about the current folder.
                path: if dir == Path::new(".") {
                    Path::new(&relative.value).to_path_buf()
                } else {
                    dir.join(&relative.value)
                },
                bytes,
            });
        }
        Err(PathProblem::Escapes(reason)) => ManifestProblem::PathEscapes {
            field,
            span,
            value,
            reason,
        },
        Err(PathProblem::Missing { near }) => ManifestProblem::FileMissing {
            field,
            span,
            value,
            near,
        },
        Err(PathProblem::Unreadable(reason)) => ManifestProblem::FileUnreadable {
            field,
            span,
            value,
            reason,
        },
    };
    problems.push(problem);
    None
}

/// The largest `listing.toml` that is parsed. A listing is about 2 KB; the TOML reader keeps
/// every token, event and value of the file at once (about 90 bytes of memory per byte of a
/// file of small values: 16 MiB took 1.5 GiB), so the cap is what bounds its memory.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// Parses and checks the manifest text; `None` when it is not TOML at all or too large to read.
pub(crate) fn parse_listing(text: &str, problems: &mut Vec<ManifestProblem>) -> Option<Listing> {
    if text.len() > MAX_MANIFEST_BYTES {
        problems.push(ManifestProblem::TooLarge {
            bytes: text.len(),
            max: MAX_MANIFEST_BYTES,
        });
        return None;
    }
    let document = match DeTable::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let problem = match unquoted_value(text, span.clone()) {
                Some(plain) => plain,
                None => ManifestProblem::Syntax {
                    span,
                    message: error.message().trim().to_string(),
                    kind: syntax_kind(text, &error),
                },
            };
            problems.push(problem);
            return None;
        }
    };
    let root = document.get_ref();
    let mut reader = Reader { text, problems };
    reader.check_table(root, schema::ROOT, "", 0..0);
    Some(reader.listing(root))
}

const CURLY_QUOTES: &[char] = &['“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '＂'];

/// A syntax error in the words of the person who made it: a value typed in a word processor's
/// curly quotes, or with no quotes at all ([`ManifestProblem::PlainSyntax`]).
fn unquoted_value(text: &str, span: Range<usize>) -> Option<ManifestProblem> {
    let line_start = text.get(..span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |at| line_start + at);
    let line = &text[line_start..line_end];
    let equals = line.find('=')?;
    let (key, value) = (&line[..equals], &line[equals + 1..]);
    let key = key.trim();
    let value_start = line_start + equals + 1;
    let value = value.split(" #").next().unwrap_or(value).trim();
    if key.is_empty() || value.is_empty() || !text[value_start..line_end].contains(value) {
        return None;
    }
    let at = value_start + text[value_start..line_end].find(value)?;
    let value_span = at..at + value.len();
    // Only when the parser stopped inside this value, not at something later on the line.
    if !(value_span.start..=value_span.end).contains(&span.start) {
        return None;
    }
    let plain = |kind| ManifestProblem::PlainSyntax {
        span: value_span.clone(),
        key: key.to_string(),
        kind,
    };
    if value.contains(CURLY_QUOTES) {
        let inner = value.trim_matches(|c: char| CURLY_QUOTES.contains(&c) || c == '"');
        return Some(plain(PlainSyntaxKind::CurlyQuotes {
            straight: toml_edit::Value::from(inner.replace(CURLY_QUOTES, "\""))
                .to_string()
                .trim()
                .to_string(),
        }));
    }
    let first = value.chars().next()?;
    let unquoted = first.is_alphabetic()
        && !matches!(value, "true" | "false")
        && !value.starts_with(['"', '\'', '[', '{']);
    if unquoted
        && ["yes", "no", "true", "false", "on", "off"]
            .iter()
            .any(|word| value.eq_ignore_ascii_case(word))
    {
        return Some(plain(PlainSyntaxKind::YesNo));
    }
    unquoted.then(|| {
        plain(PlainSyntaxKind::Unquoted {
            quoted: toml_edit::Value::from(value).to_string().trim().to_string(),
        })
    })
}

/// What the parser's error is about. The toml crate's messages are its only account of that,
/// so they are read here, once, where the crate is used.
fn syntax_kind(text: &str, error: &toml::de::Error) -> SyntaxKind {
    let message = error.message();
    let line = error
        .span()
        .and_then(|span| text.get(..span.start))
        .and_then(|before| before.lines().last())
        .unwrap_or("");
    if message.contains("string") && !line.contains('=') {
        SyntaxKind::StringWithoutKey
    } else if message.contains("string") {
        SyntaxKind::String
    } else if message.contains("duplicate") {
        SyntaxKind::DuplicateKey
    } else if message.contains("recurse") {
        SyntaxKind::TooDeep
    } else {
        SyntaxKind::Other
    }
}

struct Reader<'r> {
    text: &'r str,
    problems: &'r mut Vec<ManifestProblem>,
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn found(value: &DeValue) -> Found {
    match value {
        DeValue::String(_) => Found::String,
        DeValue::Integer(_) => Found::Integer,
        DeValue::Float(_) => Found::Float,
        DeValue::Boolean(_) => Found::Boolean,
        DeValue::Datetime(_) => Found::Datetime,
        DeValue::Array(_) => Found::Array,
        DeValue::Table(_) => Found::Table,
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

impl Reader<'_> {
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
        let known: Vec<&'static str> = fields.iter().map(|field| field.key).collect();
        self.problems.push(ManifestProblem::UnknownKey {
            path: path.to_string(),
            span,
            suggestion: closest(key, &known),
            known,
        });
    }

    fn missing(&mut self, field: &Field, prefix: &str, header: Range<usize>) {
        let what = match &field.kind {
            Kind::Table(children) => MissingKind::Table {
                required: children
                    .iter()
                    .filter(|child| child.required)
                    .map(|child| child.key)
                    .collect(),
            },
            _ => MissingKind::Key { doc: field.doc },
        };
        // A key missing at the top level has no table to point at: point where it would be added.
        let top_level = prefix.is_empty();
        let span = if top_level {
            let end = self.text.trim_end().len();
            end..end
        } else {
            header
        };
        self.problems.push(ManifestProblem::Missing {
            path: join(prefix, field.key),
            span,
            key: field.key,
            top_level,
            what,
        });
    }

    fn wrong_type(&mut self, path: &str, span: Range<usize>, expected: Expected, found: &DeValue) {
        self.problems.push(ManifestProblem::WrongType {
            path: path.to_string(),
            span,
            expected,
            found: self::found(found),
            found_text: match found {
                DeValue::String(text) => Some(text.trim().to_string()),
                _ => None,
            },
        });
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
                    self.problems.push(ManifestProblem::NotOneOf {
                        path: path.to_string(),
                        span,
                        found: text.to_string(),
                        values,
                        suggestion: closest(text, values),
                    });
                }
            }
            (Kind::Integer, DeValue::Integer(_)) | (Kind::Bool, DeValue::Boolean(_)) => {}
            (Kind::Date, found) => {
                if as_date(found).is_none() {
                    self.wrong_type(path, span, Expected::Date, found);
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
                        other => self.wrong_type(&entry_path, entry.span(), Expected::Table, other),
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
                        other => self.wrong_type(&item_path, item.span(), Expected::Table, other),
                    }
                }
            }
            (kind, found) => {
                let expected = match kind {
                    Kind::String | Kind::OneOf { .. } => Expected::QuotedString,
                    Kind::Integer => Expected::Integer,
                    Kind::Bool => Expected::Boolean,
                    Kind::Date => Expected::Date,
                    Kind::Table(_) | Kind::TagMap(_) => Expected::Table,
                    Kind::TableArray(_) => Expected::ArrayOfTables,
                };
                self.wrong_type(path, span, expected, found);
            }
        }
    }

    fn check_blank(&mut self, field: &Field, text: &str, span: Range<usize>, path: &str) {
        if field.blank_is_missing && text.trim().is_empty() {
            self.problems.push(ManifestProblem::Empty {
                path: path.to_string(),
                span,
                doc: field.doc,
            });
            return;
        }
        let length = grapheme_count(text.trim());
        if let Some(max) = field.max_graphemes.filter(|max| length > *max) {
            self.problems.push(ManifestProblem::TooLong {
                path: path.to_string(),
                span,
                max,
                length,
                doc: field.doc,
            });
        }
    }

    fn check_tag(&mut self, tag: &str, span: Range<usize>, path: &str) {
        if language_tags::LanguageTag::parse(tag).is_ok() {
            return;
        }
        let hyphenated = tag.replace('_', "-");
        let hyphenated = (tag.contains('_')
            && language_tags::LanguageTag::parse(&hyphenated).is_ok())
        .then_some(hyphenated);
        self.problems.push(ManifestProblem::BadLanguageTag {
            path: path.to_string(),
            span,
            tag: tag.to_string(),
            hyphenated,
        });
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

#[cfg(test)]
mod plain_syntax_tests {
    use super::unquoted_value;
    use crate::manifest::problem::{ManifestProblem, PlainSyntaxKind};

    #[test]
    fn curly_and_missing_quotes_and_odd_lines_never_panic() {
        let text = "name\u{A0}= “Tenvik”\n";
        let at = text.find('“').unwrap();
        let Some(ManifestProblem::PlainSyntax { span, key, kind }) =
            unquoted_value(text, at..at + 1)
        else {
            panic!("curly quotes not recognised");
        };
        assert_eq!(&text[span], "“Tenvik”");
        assert_eq!(key, "name");
        assert_eq!(
            kind,
            PlainSyntaxKind::CurlyQuotes {
                straight: "\"Tenvik\"".into()
            }
        );
        let text = "multi_tenant = yes\n";
        assert!(matches!(
            unquoted_value(text, 15..16),
            Some(ManifestProblem::PlainSyntax {
                kind: PlainSyntaxKind::YesNo,
                ..
            })
        ));
        // Not for an error elsewhere on the line, nor for a quoted value.
        assert!(unquoted_value("name = \"x\" y\n", 11..12).is_none());
        for text in ["=", "= x", "a =", "é=“", "x = 1\ny = z", "a\u{A0}=\u{A0}b"] {
            for at in 0..=text.len() {
                let _ = unquoted_value(text, at..at);
            }
        }
    }
}

#[cfg(test)]
mod problem_tests {
    use super::parse_listing;
    use crate::manifest::problem::{
        Expected, Found, ManifestProblem, MissingKind, PlainSyntaxKind, SyntaxKind,
    };

    const VALID: &str = "[partner]\ncompany = \"Contoso\"\n\n[product]\nname = \"Cognito\"\n\
        description = \"d\"\nlogo = \"logo.svg\"\nlanding_page = \"https://contoso.example\"\n\
        category = \"network-security\"\n\n[integration]\nversion = \"1.0\"\nmulti_tenant = true\n";

    fn problems(text: &str) -> Vec<ManifestProblem> {
        let mut problems = Vec::new();
        parse_listing(text, &mut problems);
        problems
    }

    #[test]
    fn a_valid_listing_has_no_problems() {
        assert_eq!(problems(VALID), vec![]);
    }

    #[test]
    fn unknown_keys_carry_the_nearest_known_key_and_the_table_s_keys() {
        let text = VALID.replace("description =", "descripton =");
        let found = problems(&text);
        let at = text.find("descripton").unwrap();
        assert_eq!(
            found[0],
            ManifestProblem::UnknownKey {
                path: "product.descripton".into(),
                span: at..at + "descripton".len(),
                suggestion: Some("description"),
                known: crate::manifest::schema::ROOT
                    .iter()
                    .find(|field| field.key == "product")
                    .map(|field| match &field.kind {
                        crate::manifest::schema::Kind::Table(fields) => {
                            fields.iter().map(|field| field.key).collect()
                        }
                        _ => Vec::new(),
                    })
                    .unwrap(),
            }
        );
        // The misspelt key leaves the real one missing, pointed at the table's header.
        assert!(matches!(
            &found[1],
            ManifestProblem::Missing {
                path,
                key: "description",
                top_level: false,
                what: MissingKind::Key { .. },
                ..
            } if path == "product.description"
        ));
    }

    #[test]
    fn a_missing_table_names_its_required_keys_and_points_at_the_end() {
        let text = VALID.replace(
            "[integration]\nversion = \"1.0\"\nmulti_tenant = true\n",
            "",
        );
        let end = text.trim_end().len();
        assert_eq!(
            problems(&text),
            vec![ManifestProblem::Missing {
                path: "integration".into(),
                span: end..end,
                key: "integration",
                top_level: true,
                what: MissingKind::Table {
                    required: vec!["version", "multi_tenant"]
                },
            }]
        );
    }

    #[test]
    fn wrong_types_carry_the_expected_form_the_found_type_and_a_found_string() {
        let text =
            format!("{VALID}\n[[press_release]]\nfile = \"p.md\"\nsubmitted = \"2026-11-02\"\n");
        let at = text.find("\"2026-11-02\"").unwrap();
        assert_eq!(
            problems(&text),
            vec![ManifestProblem::WrongType {
                path: "press_release[0].submitted".into(),
                span: at..at + "\"2026-11-02\"".len(),
                expected: Expected::Date,
                found: Found::String,
                found_text: Some("2026-11-02".into()),
            }]
        );
        let text = VALID.replace("multi_tenant = true", "multi_tenant = 1.5");
        assert!(matches!(
            &problems(&text)[..],
            [ManifestProblem::WrongType {
                expected: Expected::Boolean,
                found: Found::Float,
                found_text: None,
                ..
            }]
        ));
    }

    #[test]
    fn blank_fixed_value_and_tag_problems_are_typed() {
        let text = VALID.replace("company = \"Contoso\"", "company = \"  \"");
        assert!(matches!(
            &problems(&text)[..],
            [ManifestProblem::Empty { path, .. }] if path == "partner.company"
        ));
        let text = format!(
            "{VALID}\n[[press_release]]\nfile = \"p.md\"\n[[press_release.review]]\nteam = \"marketting\"\n"
        );
        // The review's other required keys are missing too; the bad team is the first problem.
        assert!(matches!(
            &problems(&text)[0],
            ManifestProblem::NotOneOf { found, suggestion: Some("marketing"), .. } if found == "marketting"
        ));
        let text = format!("{VALID}\n[product.localized.pt_BR]\nname = \"Cognito\"\n");
        assert!(matches!(
            &problems(&text)[..],
            [ManifestProblem::BadLanguageTag { tag, hyphenated: Some(fixed), .. }]
                if tag == "pt_BR" && fixed == "pt-BR"
        ));
    }

    #[test]
    fn syntax_errors_keep_the_parser_s_message_and_what_it_is_about() {
        let found = problems("[partner]\ncompany = \"Contoso\ncompany = \"x\"\n");
        assert!(matches!(
            &found[..],
            [ManifestProblem::Syntax { kind: SyntaxKind::String, message, .. }] if !message.is_empty()
        ));
        let found = problems("[partner]\ncompany = \"a\"\ncompany = \"b\"\n");
        assert!(matches!(
            &found[..],
            [ManifestProblem::Syntax {
                kind: SyntaxKind::DuplicateKey,
                ..
            }]
        ));
        let found = problems("[partner]\ncompany = Contoso\n");
        assert_eq!(
            found,
            vec![ManifestProblem::PlainSyntax {
                span: 20..27,
                key: "company".into(),
                kind: PlainSyntaxKind::Unquoted {
                    quoted: "\"Contoso\"".into()
                },
            }]
        );
    }

    #[test]
    fn an_oversized_manifest_is_not_parsed() {
        let text = " ".repeat(super::MAX_MANIFEST_BYTES + 1);
        assert_eq!(
            problems(&text),
            vec![ManifestProblem::TooLarge {
                bytes: super::MAX_MANIFEST_BYTES + 1,
                max: super::MAX_MANIFEST_BYTES,
            }]
        );
    }
}
