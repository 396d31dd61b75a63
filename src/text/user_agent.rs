//! The partner User-Agent, `MdePartner-{CompanyName}-{ProductName}/{Version}`: derivation from
//! the listing and parsing of a given string.

pub const PREFIX: &str = "MdePartner-";

/// A name as a User-Agent token: every character that is not an ASCII letter or digit removed,
/// case kept ("Contoso Cognito" → "ContosoCognito").
pub fn name_token(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The User-Agent derived from the listing, or `None` when a name has no ASCII letter or digit.
pub fn derive(company: &str, product: &str, version: &str) -> Option<String> {
    let company = name_token(company);
    let product = name_token(product);
    let version = version.trim();
    if company.is_empty() || product.is_empty() || version.is_empty() {
        return None;
    }
    Some(format!("{PREFIX}{company}-{product}/{version}"))
}

/// The three parts of a User-Agent of the right shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts<'a> {
    pub company: &'a str,
    pub product: &'a str,
    pub version: &'a str,
    /// More than one hyphen between the prefix and the slash: the split is a guess.
    pub ambiguous: bool,
}

/// Why a string is not of the form `MdePartner-{CompanyName}-{ProductName}/{Version}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    Whitespace,
    Prefix,
    Slash(usize),
    NoHyphen,
    EmptyPart(&'static str),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Whitespace => write!(f, "starts or ends with white space"),
            FormatError::Prefix => write!(f, "does not start with `{PREFIX}`"),
            FormatError::Slash(0) => write!(f, "has no `/` before the version"),
            FormatError::Slash(_) => write!(f, "has more than one `/`"),
            FormatError::NoHyphen => {
                write!(f, "has no `-` between the company and the product name")
            }
            FormatError::EmptyPart(part) => write!(f, "has an empty {part} part"),
        }
    }
}

pub fn parse(user_agent: &str) -> Result<Parts<'_>, FormatError> {
    if user_agent.trim() != user_agent {
        return Err(FormatError::Whitespace);
    }
    let rest = user_agent.strip_prefix(PREFIX).ok_or(FormatError::Prefix)?;
    let slashes = rest.matches('/').count();
    if slashes != 1 {
        return Err(FormatError::Slash(slashes));
    }
    let (names, version) = rest.split_once('/').ok_or(FormatError::Slash(0))?;
    let (company, product) = names.split_once('-').ok_or(FormatError::NoHyphen)?;
    for (part, value) in [
        ("company", company),
        ("product", product),
        ("version", version),
    ] {
        if value.is_empty() {
            return Err(FormatError::EmptyPart(part));
        }
    }
    Ok(Parts {
        company,
        product,
        version,
        ambiguous: product.contains('-'),
    })
}

/// RFC 9110 `tchar`: the characters a token (and so a product and its version) may hold.
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '.'
                | '^'
                | '_'
                | '`'
                | '|'
                | '~'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_the_documented_example() {
        assert_eq!(
            derive("Contoso", "Contoso Cognito", "1.0.0").as_deref(),
            Some("MdePartner-Contoso-ContosoCognito/1.0.0")
        );
        assert_eq!(derive("Contoso", "コントソ", "1.0.0"), None);
        assert_eq!(
            derive("Fabrikam, Inc.", "Fabrikam™ Shield-X", "2.1.0").as_deref(),
            Some("MdePartner-FabrikamInc-FabrikamShieldX/2.1.0")
        );
    }

    #[test]
    fn parses_and_round_trips_derived_agents() {
        let derived = derive("Contoso", "Contoso Cognito", "1.0.0").unwrap();
        assert_eq!(
            parse(&derived),
            Ok(Parts {
                company: "Contoso",
                product: "ContosoCognito",
                version: "1.0.0",
                ambiguous: false
            })
        );
        assert!(parse("MdePartner-A-B-C/1.0").unwrap().ambiguous);
        assert_eq!(parse("mdepartner-A-B/1"), Err(FormatError::Prefix));
        assert_eq!(parse(" MdePartner-A-B/1"), Err(FormatError::Whitespace));
        assert_eq!(parse("MdePartner-AB/1"), Err(FormatError::NoHyphen));
        assert_eq!(parse("MdePartner-A-B"), Err(FormatError::Slash(0)));
        assert_eq!(parse("MdePartner-A-B/1/2"), Err(FormatError::Slash(2)));
        assert_eq!(
            parse("MdePartner--B/1"),
            Err(FormatError::EmptyPart("company"))
        );
        assert_eq!(
            parse("MdePartner-A-B/"),
            Err(FormatError::EmptyPart("version"))
        );
    }
}
