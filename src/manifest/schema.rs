//! The shape of `listing.toml` schema 1, as data: the parser checks keys and types against it,
//! `MAN003` suggests from it, and `mdelist schema` turns it into JSON Schema. One source of truth.

use serde_json::{Map, Value, json};

#[derive(Debug)]
pub enum Kind {
    String,
    Integer,
    Bool,
    /// A TOML local date (`2026-11-02`, no quotes).
    Date,
    /// A string from a fixed set; `checked_by_parser` is false where a rule of its own
    /// (`CAT001`) reports bad values with a better suggestion.
    OneOf {
        values: &'static [&'static str],
        checked_by_parser: bool,
    },
    Table(&'static [Field]),
    /// A table whose keys are chosen by the user (BCP 47 tags) and whose values share a shape.
    TagMap(&'static [Field]),
    /// `[[name]]` or an array of inline tables.
    TableArray(&'static [Field]),
}

#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Whether an empty or white-space-only string is reported as missing (`MAN002`). Off where
    /// a rule of the field's own family explains blank values better.
    pub blank_is_missing: bool,
    /// The most grapheme clusters a text value may have (after trimming), where there is a limit.
    pub max_graphemes: Option<usize>,
    pub doc: &'static str,
}

const fn field(key: &'static str, kind: Kind, required: bool, doc: &'static str) -> Field {
    Field {
        key,
        kind,
        required,
        blank_is_missing: true,
        max_graphemes: None,
        doc,
    }
}

pub const CATEGORIES: &[&str] = &[
    "security-information-and-analytics",
    "orchestration-and-automation",
    "threat-intelligence",
    "network-security",
    "cross-platform",
    "other-integrations",
];

/// The partner page's section titles, in the order of `CATEGORIES`.
pub const CATEGORY_TITLES: &[&str] = &[
    "Security information and analytics",
    "Orchestration and automation",
    "Threat intelligence",
    "Network security",
    "Cross platform",
    "Other integrations",
];

pub const TEAMS: &[&str] = &["marketing", "engineering"];
pub const VERDICTS: &[&str] = &["approved", "changes-requested"];
pub const LICENSES: &[&str] = &["none", "trial", "subscribed"];
pub const MISA: &[&str] = &["none", "nominated", "member"];

const PARTNER: &[Field] = &[Field {
    max_graphemes: Some(64),
    ..field(
        "company",
        Kind::String,
        true,
        "Company name as it appears in the User-Agent (1–64 characters).",
    )
}];

const LOCALIZED: &[Field] = &[
    field(
        "name",
        Kind::String,
        false,
        "The product name in this language, if it differs.",
    ),
    field(
        "description",
        Kind::String,
        false,
        "The description in this language, counted with this language's word segmentation.",
    ),
];

const PRODUCT: &[Field] = &[
    field(
        "name",
        Kind::String,
        true,
        "The product name shown on the partner page.",
    ),
    field(
        "description",
        Kind::String,
        true,
        "The 15-word product description.",
    ),
    field(
        "logo",
        Kind::String,
        true,
        "Path of the square SVG logo, relative to this file.",
    ),
    field(
        "landing_page",
        Kind::String,
        true,
        "https link to the page where the customer completes the integration.",
    ),
    field(
        "category",
        Kind::OneOf {
            values: CATEGORIES,
            checked_by_parser: false,
        },
        true,
        "The partner-page section the listing appears in.",
    ),
    field(
        "localized",
        Kind::TagMap(LOCALIZED),
        false,
        "Translations, keyed by BCP 47 language tag.",
    ),
];

const INTEGRATION: &[Field] = &[
    field(
        "version",
        Kind::String,
        true,
        "The integration's version (SemVer), as sent in the User-Agent.",
    ),
    field(
        "user_agent",
        Kind::String,
        false,
        "MdePartner-{CompanyName}-{ProductName}/{Version}; derived when absent.",
    ),
    field(
        "multi_tenant",
        Kind::Bool,
        true,
        "Whether the Microsoft Entra app registration is multi-tenant.",
    ),
    Field {
        blank_is_missing: false,
        ..field(
            "entra_app_name",
            Kind::String,
            false,
            "Microsoft Entra application name; required when multi_tenant = true.",
        )
    },
    Field {
        blank_is_missing: false,
        ..field(
            "azure_ad_app_name",
            Kind::String,
            false,
            "Former name of entra_app_name; accepted.",
        )
    },
];

const REVIEW: &[Field] = &[
    field(
        "team",
        Kind::OneOf {
            values: TEAMS,
            checked_by_parser: true,
        },
        true,
        "Which Microsoft team gave the verdict.",
    ),
    field(
        "verdict",
        Kind::OneOf {
            values: VERDICTS,
            checked_by_parser: true,
        },
        true,
        "The team's verdict.",
    ),
    field("date", Kind::Date, true, "When the verdict was received."),
    Field {
        blank_is_missing: false,
        ..field("note", Kind::String, false, "What the team said.")
    },
];

const PRESS_RELEASE: &[Field] = &[
    field(
        "file",
        Kind::String,
        true,
        "Path of the press release (.md, .txt, .html, .htm, .docx).",
    ),
    field(
        "submitted",
        Kind::Date,
        false,
        "Date it was sent to Microsoft for review (latest round).",
    ),
    field("publish", Kind::Date, false, "Planned publication date."),
    field(
        "review",
        Kind::TableArray(REVIEW),
        false,
        "One entry per verdict received.",
    ),
];

const ONBOARDING: &[Field] = &[
    field(
        "license",
        Kind::OneOf {
            values: LICENSES,
            checked_by_parser: true,
        },
        false,
        "Defender for Endpoint developer or trial licence.",
    ),
    field(
        "joint_customer",
        Kind::String,
        false,
        "The customer who approved the integration design.",
    ),
    field(
        "demo",
        Kind::Date,
        false,
        "Date of the demo to the Defender for Endpoint team.",
    ),
    field(
        "approved",
        Kind::Date,
        false,
        "Date the integration was approved.",
    ),
    field(
        "misa",
        Kind::OneOf {
            values: MISA,
            checked_by_parser: true,
        },
        false,
        "Microsoft Intelligent Security Association status.",
    ),
];

const ALLOW: &[Field] = &[
    field(
        "rule",
        Kind::String,
        true,
        "The rule code to suppress, e.g. LOGO008.",
    ),
    Field {
        blank_is_missing: false,
        ..field(
            "reason",
            Kind::String,
            false,
            "Why the finding does not apply (required).",
        )
    },
    field(
        "until",
        Kind::Date,
        false,
        "Date after which the suppression expires.",
    ),
];

const CHECKS: &[Field] = &[field(
    "allow",
    Kind::TableArray(ALLOW),
    false,
    "Suppressions, each with a reason.",
)];

pub const ROOT: &[Field] = &[
    field(
        "schema",
        Kind::Integer,
        false,
        "Schema version; 1 is the only one.",
    ),
    field(
        "partner",
        Kind::Table(PARTNER),
        true,
        "The partner company.",
    ),
    field(
        "product",
        Kind::Table(PRODUCT),
        true,
        "What the partner page shows.",
    ),
    field(
        "integration",
        Kind::Table(INTEGRATION),
        true,
        "How the integration identifies itself.",
    ),
    field(
        "press_release",
        Kind::TableArray(PRESS_RELEASE),
        false,
        "Press releases naming the product, and their reviews.",
    ),
    field(
        "onboarding",
        Kind::Table(ONBOARDING),
        false,
        "The steps before the listing.",
    ),
    field(
        "checks",
        Kind::Table(CHECKS),
        false,
        "Per-listing suppressions.",
    ),
];

/// The field at a dotted key path such as `product.name` or `press_release.review.team`
/// (array tables and tag maps are entered by their own key; the user's tag is left out:
/// `product.localized.description`).
pub fn find_field(path: &str) -> Option<&'static Field> {
    let mut fields = ROOT;
    let mut found = None;
    for key in path.split('.') {
        let field = fields.iter().find(|field| field.key == key)?;
        fields = match &field.kind {
            Kind::Table(inner) | Kind::TagMap(inner) | Kind::TableArray(inner) => inner,
            _ => &[],
        };
        found = Some(field);
    }
    found
}

/// Every leaf field's dotted key path, in schema order.
pub fn leaf_paths() -> Vec<String> {
    fn walk(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
        for field in fields {
            let path = if prefix.is_empty() {
                field.key.to_string()
            } else {
                format!("{prefix}.{}", field.key)
            };
            match &field.kind {
                Kind::Table(inner) | Kind::TagMap(inner) | Kind::TableArray(inner) => {
                    walk(inner, &path, out);
                }
                _ => out.push(path),
            }
        }
    }
    let mut out = Vec::new();
    walk(ROOT, "", &mut out);
    out
}

/// The JSON Schema (draft 2020-12) of `listing.toml`, for editors.
pub fn json_schema() -> Value {
    let mut schema = object_schema(ROOT);
    if let Value::Object(map) = &mut schema {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        head.insert(
            "$id".into(),
            json!("https://mdelist.dev/schema/listing-1.json"),
        );
        head.insert("title".into(), json!("mdelist listing.toml, schema 1"));
        head.append(map);
        *map = head;
    }
    schema
}

fn object_schema(fields: &[Field]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|field| (field.key.to_string(), field_schema(field)))
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|field| field.required)
        .map(|field| field.key)
        .collect();
    let mut object = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        object["required"] = json!(required);
    }
    object
}

fn field_schema(field: &Field) -> Value {
    let mut schema = match &field.kind {
        Kind::String => json!({ "type": "string" }),
        Kind::Integer => json!({ "type": "integer" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Date => json!({ "type": "string", "format": "date" }),
        Kind::OneOf { values, .. } => json!({ "type": "string", "enum": values }),
        Kind::Table(fields) => object_schema(fields),
        Kind::TagMap(fields) => json!({
            "type": "object",
            "additionalProperties": object_schema(fields),
        }),
        Kind::TableArray(fields) => json!({ "type": "array", "items": object_schema(fields) }),
    };
    schema["description"] = json!(field.doc);
    if let Some(max) = field.max_graphemes {
        schema["maxLength"] = json!(max);
    }
    if field.key == "schema" {
        schema["const"] = json!(1);
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_by_their_dotted_path() {
        assert_eq!(
            find_field("product.name").map(|field| field.key),
            Some("name")
        );
        assert_eq!(
            find_field("press_release.review.team").map(|field| field.doc),
            Some("Which Microsoft team gave the verdict.")
        );
        assert!(find_field("product.localized.description").is_some());
        assert!(find_field("product.nickname").is_none());
        assert!(find_field("product.name.more").is_none());
        let paths = leaf_paths();
        assert!(paths.contains(&"checks.allow.until".to_string()));
        assert!(paths.iter().all(|path| find_field(path).is_some()));
    }
}
