//! HTML character references in text, decoded with the position of each kept.
//!
//! The named references a press release uses in practice (Latin-1 letters, typographic quotes
//! and dashes, marks); a rarer one is left as written, which never hides a product name.

use super::extract::Extracted;

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{A0}"),
    ("shy", "\u{AD}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
    ("zwnj", "\u{200C}"),
    ("zwj", "\u{200D}"),
    ("lrm", "\u{200E}"),
    ("rlm", "\u{200F}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsaquo", "‹"),
    ("rsaquo", "›"),
    ("hellip", "…"),
    ("bull", "•"),
    ("middot", "·"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("dagger", "†"),
    ("Dagger", "‡"),
    ("times", "×"),
    ("divide", "÷"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("ordf", "ª"),
    ("ordm", "º"),
    ("szlig", "ß"),
    ("Agrave", "À"),
    ("Aacute", "Á"),
    ("Acirc", "Â"),
    ("Atilde", "Ã"),
    ("Auml", "Ä"),
    ("Aring", "Å"),
    ("AElig", "Æ"),
    ("Ccedil", "Ç"),
    ("Egrave", "È"),
    ("Eacute", "É"),
    ("Ecirc", "Ê"),
    ("Euml", "Ë"),
    ("Igrave", "Ì"),
    ("Iacute", "Í"),
    ("Icirc", "Î"),
    ("Iuml", "Ï"),
    ("Ntilde", "Ñ"),
    ("Ograve", "Ò"),
    ("Oacute", "Ó"),
    ("Ocirc", "Ô"),
    ("Otilde", "Õ"),
    ("Ouml", "Ö"),
    ("Oslash", "Ø"),
    ("Ugrave", "Ù"),
    ("Uacute", "Ú"),
    ("Ucirc", "Û"),
    ("Uuml", "Ü"),
    ("Yacute", "Ý"),
    ("agrave", "à"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("aring", "å"),
    ("aelig", "æ"),
    ("ccedil", "ç"),
    ("egrave", "è"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("euml", "ë"),
    ("igrave", "ì"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iuml", "ï"),
    ("ntilde", "ñ"),
    ("ograve", "ò"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("oslash", "ø"),
    ("ugrave", "ù"),
    ("uacute", "ú"),
    ("ucirc", "û"),
    ("uuml", "ü"),
    ("yacute", "ý"),
    ("yuml", "ÿ"),
    ("OElig", "Œ"),
    ("oelig", "œ"),
];

/// References that browsers also recognise without the closing semicolon.
const WITHOUT_SEMICOLON: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// The C1 range of numeric references, read as Windows-1252 as browsers do.
fn windows_1252(code: u32) -> Option<char> {
    Some(match code {
        0x80 => '€',
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x99 => '™',
        _ => return None,
    })
}

fn numeric(code: u32) -> char {
    if code == 0 {
        return '\u{FFFD}';
    }
    windows_1252(code)
        .or_else(|| char::from_u32(code))
        .unwrap_or('\u{FFFD}')
}

/// One reference at the start of `text` (which starts with `&`): what it decodes to and its
/// length in bytes.
fn reference(text: &str) -> Option<(String, usize)> {
    let rest = text.get(1..)?;
    if let Some(number) = rest.strip_prefix('#') {
        let (digits, radix, prefix) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (number, 10, 1),
        };
        let length = digits
            .bytes()
            .take_while(|byte| (*byte as char).is_digit(radix))
            .count();
        if length == 0 {
            return None;
        }
        // Overlong numbers are out of range, like any code point past U+10FFFF.
        let code = u32::from_str_radix(&digits[..length.min(8)], radix)
            .ok()
            .filter(|_| length <= 8)
            .unwrap_or(u32::MAX);
        let semicolon = usize::from(digits[length..].starts_with(';'));
        return Some((numeric(code).to_string(), 1 + prefix + length + semicolon));
    }
    let length = rest
        .bytes()
        .take_while(|byte| byte.is_ascii_alphanumeric())
        .count();
    let name = &rest[..length];
    let (_, value) = NAMED.iter().find(|(known, _)| *known == name)?;
    if rest[length..].starts_with(';') {
        Some((value.to_string(), length + 2))
    } else if WITHOUT_SEMICOLON.contains(&name) {
        Some((value.to_string(), length + 1))
    } else {
        None
    }
}

/// Appends `raw` (found in the source at `source_at`) with its references decoded.
pub fn push_decoded(extracted: &mut Extracted, raw: &str, source_at: usize) {
    let mut literal_start = 0;
    let mut at = 0;
    while let Some(found) = raw[at..].find('&') {
        let start = at + found;
        match reference(&raw[start..]) {
            Some((decoded, length)) => {
                extracted.push_verbatim(&raw[literal_start..start], source_at + literal_start);
                extracted.push_mapped(&decoded, source_at + start..source_at + start + length);
                at = start + length;
                literal_start = at;
            }
            None => at = start + 1,
        }
    }
    extracted.push_verbatim(&raw[literal_start..], source_at + literal_start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(raw: &str) -> String {
        let mut extracted = Extracted::default();
        push_decoded(&mut extracted, raw, 0);
        extracted.text
    }

    #[test]
    fn references_decode_and_unknown_ones_stay() {
        assert_eq!(decode("A&amp;B &lt;x&gt;"), "A&B <x>");
        assert_eq!(
            decode("conexi&oacute;n f&#252;r f&#xFC;r"),
            "conexión für für"
        );
        assert_eq!(
            decode("&#x92;s &#0; &#99999999999;"),
            "’s \u{FFFD} \u{FFFD}"
        );
        assert_eq!(decode("&unknown; & &amp"), "&unknown; & &");
        assert_eq!(decode("&#;&#x;&"), "&#;&#x;&");
    }

    #[test]
    fn decoded_characters_map_to_the_whole_reference() {
        let raw = "für f&uuml;r";
        let mut extracted = Extracted::default();
        push_decoded(&mut extracted, raw, 10);
        let at = extracted.text.rfind('ü').unwrap();
        assert_eq!(extracted.source_span(at..at + 'ü'.len_utf8()), 16..22);
        assert_eq!(extracted.source_span(0..4), 10..14);
    }
}
