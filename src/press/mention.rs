//! Whether a text names Microsoft Defender for Endpoint, in any of its forms: the current name,
//! its short form, the former names, the invented abbreviations and the localized names, all from
//! the names table (data/names.toml, matched by `text::names`).

use std::ops::Range;

use crate::text::names::{self, Kind, NameForm};

/// How the text names the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Current,
    /// The name in a language other than English (the language's English name).
    Localized(&'static str),
    Former,
    Abbreviation,
}

impl Form {
    pub fn describe(self) -> String {
        match self {
            Form::Current => "the product name".into(),
            Form::Localized(language) => format!("the {language} product name"),
            Form::Former => "a former product name".into(),
            Form::Abbreviation => "an abbreviation of the product name".into(),
        }
    }
}

/// One mention: the byte range in the text given, the form of the table it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    /// The form as the table writes it.
    pub name: &'static str,
    pub form: Form,
    pub entry: &'static NameForm,
}

/// Every mention of the product in `text`, in order. A former name counts even where the text
/// introduces it as such: the release still names the product.
pub fn mentions(text: &str) -> Vec<Mention> {
    let product = names::mentioned_product();
    names::find(text)
        .into_iter()
        .filter(|found| found.form.product == product)
        .map(|found| Mention {
            range: found.range,
            name: found.form.text,
            form: match found.form.kind {
                Kind::Current => Form::Current,
                Kind::Localized => Form::Localized(
                    found
                        .form
                        .languages
                        .first()
                        .map_or("English", |tag| names::language_name(tag)),
                ),
                Kind::Former => Form::Former,
                Kind::Abbreviation => Form::Abbreviation,
            },
            entry: found.form,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Form)> {
        mentions(text)
            .into_iter()
            .map(|mention| (&text[mention.range], mention.form))
            .collect()
    }

    #[test]
    fn every_form_in_any_case_and_across_line_breaks() {
        assert_eq!(
            found("Contoso and MICROSOFT defender FOR\n  Endpoint."),
            [("MICROSOFT defender FOR\n  Endpoint", Form::Current)]
        );
        assert_eq!(
            found("Integriert mit Microsoft Defender für Endpunkt."),
            [("Microsoft Defender für Endpunkt", Form::Localized("German"))]
        );
        // Decomposed ü (as macOS writes it) and a non-breaking space.
        assert_eq!(found("Defender fu\u{308}r\u{A0}Endpunkt").len(), 1);
        assert_eq!(
            found("Contoso は エンドポイント用Microsoft Defenderと連携します。"),
            [(
                "エンドポイント用Microsoft Defender",
                Form::Localized("Japanese")
            )]
        );
        // Full-width Latin letters fold to ASCII.
        assert_eq!(found("Ｄｅｆｅｎｄｅｒ ｆｏｒ Ｅｎｄｐｏｉｎｔ").len(), 1);
        assert_eq!(
            found("엔드포인트용 Microsoft Defender와 통합"),
            [("엔드포인트용 Microsoft Defender", Form::Localized("Korean"))]
        );
        assert_eq!(
            found("끝점용 Microsoft Defender 및 Endpoint용 Defender"),
            [
                ("끝점용 Microsoft Defender", Form::Localized("Korean")),
                ("Endpoint용 Defender", Form::Localized("Korean"))
            ]
        );
        assert_eq!(
            found("Microsoft Defender para punto de conexión y Defender pour point de terminaison"),
            [
                (
                    "Microsoft Defender para punto de conexión",
                    Form::Localized("Spanish")
                ),
                (
                    "Defender pour point de terminaison",
                    Form::Localized("French")
                )
            ]
        );
    }

    #[test]
    fn former_names_and_abbreviations_count() {
        assert_eq!(
            found("Works with Windows Defender ATP, MDATP and MDE."),
            [
                ("Windows Defender ATP", Form::Former),
                ("MDATP", Form::Former),
                ("MDE", Form::Abbreviation)
            ]
        );
        assert_eq!(
            found("Microsoft Defender for Endpoint (formerly MDATP)").len(),
            2
        );
    }

    #[test]
    fn no_mention_in_other_names_or_inside_words() {
        for text in [
            "MdePartner-Contoso-ContosoCognito/1.0.0",
            "Microsoft Defender for Cloud and Microsoft Defender XDR",
            "Contoso Endpoint Defender",
            "Microsoft 365 Defender and Azure AD",
        ] {
            assert!(mentions(text).is_empty(), "{text}");
        }
    }
}
