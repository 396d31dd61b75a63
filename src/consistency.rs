//! Consistency across listings: the compact facts kept of each listing checked, and the
//! comparison of each listing with those before it in path order. A repository of listings is
//! streamed, so nothing of an earlier listing is kept but these facts (a company key, a hashed
//! landing page, a description's word-pair hashes and bucket keys, a logo's 8-byte fingerprint,
//! a version); every match is reported on the later listing, pointing at the earlier one. The
//! `XL` rules word the matches (`rules::consistency`).

use std::collections::HashMap;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::Location;
use crate::manifest::Package;

/// Word pairs two descriptions must share, as a share of the pairs either has (Jaccard
/// similarity over word 2-shingles), to be near-identical: one word changed in fifteen keeps
/// about 0.75, a two-word product name swapped about 0.65; two descriptions of different
/// products that share only "Microsoft Defender for Endpoint" stay far below.
pub const DESCRIPTION_SIMILARITY: f64 = 0.6;
/// Descriptions with fewer word pairs than this are compared only for being identical: a
/// near-match of three words says nothing.
const MIN_SHINGLES: usize = 4;
/// Word pairs of a description kept for the comparison (its first ones): a description is 15
/// words; a runaway one costs no more than this.
const MAX_SHINGLES: usize = 64;
/// MinHash values per description: [`BANDS`] bands of [`ROWS`]. Two descriptions become
/// candidates when all the values of one band agree, which a pair at the threshold (0.6) does
/// with probability 1 − (1 − 0.6²)¹⁶ ≈ 0.999; candidates are then compared exactly.
const BANDS: usize = 16;
const ROWS: usize = 2;
/// Listings kept per bucket (a band's key, a landing page, a company): the earliest ones. A
/// text everybody copies fills its buckets and costs each later listing at most this many
/// comparisons per bucket, however many listings there are.
const BUCKET_CAP: usize = 8;
/// Fingerprint bits (of 64) two logos may differ in and still be the same artwork: re-exports,
/// small recolourings and rescaled canvases stay within 2–3; different marks differ in 20 or
/// more.
pub const LOGO_DISTANCE: u32 = 5;

/// What the comparison keeps of one listing.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub manifest: PathBuf,
    /// `product.name` as written, for messages.
    pub product: Option<String>,
    /// The product's family: its company key and product key. Listings of one family (the
    /// same product in several folders) may share a page, a text and a logo; their versions
    /// must not go backwards.
    pub family: Option<(String, String)>,
    pub company: Option<Company>,
    pub user_agent: Option<Agent>,
    pub landing_page: Option<Page>,
    pub description: Option<Description>,
    pub logo: Option<Fingerprint>,
}

#[derive(Debug, Clone)]
pub struct Company {
    /// The name folded for comparison ([`company_key`]).
    pub key: String,
    pub written: String,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct Agent {
    /// The company part of the User-Agent (given or derived).
    pub company_token: String,
    /// The version part, when it is SemVer.
    pub version: Option<semver::Version>,
    pub version_text: String,
    /// `integration.user_agent` when given (else `partner.company`).
    pub token_at: Location,
    /// `integration.user_agent` when given (else `integration.version`).
    pub version_at: Location,
    /// Whether `integration.user_agent` is given (else derived).
    pub given: bool,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// The address normalised ([`normalized_page`]) and hashed.
    pub key: u64,
    pub normalized: String,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct Description {
    /// The normalised text, hashed: identical descriptions.
    pub exact: u64,
    /// The hashes of its word pairs, sorted, deduplicated.
    pub shingles: Vec<u64>,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct Fingerprint {
    pub hash: u64,
    pub at: Location,
}

/// The facts of a checked package, from its parsed listing, its User-Agent (given or
/// derived), the words its description was counted in, and its logo's fingerprint.
pub fn facts_of(
    package: &Package,
    user_agent: Option<&str>,
    description_words: Option<&[crate::text::words::Word]>,
    logo: Option<&crate::svg::Logo>,
) -> Option<Facts> {
    let listing = package.listing.as_ref()?;
    let locate = |text: &crate::manifest::Text| package.manifest.locate(text.span.clone());
    let company = listing
        .company
        .as_ref()
        .map(|text| Company {
            key: company_key(&text.value),
            written: text.value.trim().to_string(),
            at: locate(text),
        })
        .filter(|company| !company.key.is_empty());
    let product_key = listing
        .name
        .as_ref()
        .map(|text| name_key(&text.value))
        .filter(|key| !key.is_empty());
    let family = company
        .as_ref()
        .zip(product_key)
        .map(|(company, product)| (company.key.clone(), product));
    let user_agent = user_agent.and_then(|agent| {
        let parts = crate::text::user_agent::parse(agent).ok()?;
        // A split that is a guess (UA004) says nothing sure about the company part.
        if parts.ambiguous {
            return None;
        }
        let given = listing.user_agent.as_ref().map(locate);
        Some(Agent {
            company_token: parts.company.to_string(),
            version: semver::Version::parse(parts.version).ok(),
            version_text: parts.version.to_string(),
            token_at: given
                .clone()
                .or_else(|| company.as_ref().map(|company| company.at.clone()))?,
            given: given.is_some(),
            version_at: given.or_else(|| listing.version.as_ref().map(locate))?,
        })
    });
    let landing_page = listing.landing_page.as_ref().and_then(|text| {
        let normalized = normalized_page(&text.value)?;
        Some(Page {
            key: hash_bytes(normalized.as_bytes()),
            normalized,
            at: locate(text),
        })
    });
    let description = listing.description.as_ref().and_then(|text| {
        let words: Vec<String> = match description_words {
            Some(words) => words.iter().map(|word| fold(&word.text)).collect(),
            None => text.value.split_whitespace().map(fold).collect(),
        };
        let words: Vec<String> = words.into_iter().filter(|word| !word.is_empty()).collect();
        if words.is_empty() {
            return None;
        }
        Some(Description {
            exact: hash_bytes(words.join(" ").as_bytes()),
            shingles: shingles(&words),
            at: locate(text),
        })
    });
    let logo = logo
        .and_then(|logo| logo.fingerprint)
        .zip(listing.logo.as_ref())
        .map(|(hash, text)| Fingerprint {
            hash,
            at: locate(text),
        });
    Some(Facts {
        manifest: package.manifest.path().to_path_buf(),
        product: listing
            .name
            .as_ref()
            .map(|name| name.value.trim().to_string()),
        family,
        company,
        user_agent,
        landing_page,
        description,
        logo,
    })
}

/// Words that only say what kind of company it is, dropped from the end of a company name
/// before comparing: "Contoso", "Contoso Ltd" and "Contoso, Inc." are one company.
const LEGAL_FORMS: &[&str] = &[
    "ab",
    "ag",
    "as",
    "aps",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "kk",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "oy",
    "oyj",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sas",
    "se",
    "spa",
    "srl",
    "ug",
];

/// A name folded for comparison: NFKC, lower case, look-alike letters mapped to one
/// representative (the UTS #39 skeleton, so Cyrillic `о` is Latin `o`), and only letters and
/// digits kept.
pub fn name_key(name: &str) -> String {
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    unicode_security::skeleton(&folded)
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A company name folded as [`name_key`] folds it, without a legal form at its end.
pub fn company_key(name: &str) -> String {
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    let mut words: Vec<String> = folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|word| word.chars().filter(|c| *c != '.').collect::<String>())
        .filter(|word| !word.is_empty())
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|last| LEGAL_FORMS.contains(&last.as_str()))
    {
        words.pop();
    }
    name_key(&words.join(" "))
}

/// The first character where two names that fold alike differ only by a look-alike (not by
/// case, spacing, punctuation or a legal form): `Cоntoso` against `Contoso` gives the Cyrillic
/// `о`.
pub fn lookalike(a: &str, b: &str) -> Option<char> {
    let plain = |text: &str| -> String {
        text.nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let (a, b) = (plain(a), plain(b));
    if a == b || a.chars().count() != b.chars().count() {
        return None;
    }
    let differing = a.chars().zip(b.chars()).find(|(x, y)| x != y)?;
    Some(if differing.0.is_ascii() {
        differing.1
    } else {
        differing.0
    })
}

/// A landing page as a key: the URL crate's parse (scheme and host lower case, default port
/// dropped), `http` taken as `https`, the fragment and campaign tracking parameters removed,
/// and a trailing slash dropped. `None` when it is not an http(s) URL.
pub fn normalized_page(address: &str) -> Option<String> {
    let mut url = url::Url::parse(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.trim_end_matches('.').to_string();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .filter(|(name, _)| !crate::text::patterns::is_tracking_parameter(name))
        .collect();
    url.set_fragment(None);
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let port = url
        .port()
        .filter(|port| !(url.scheme() == "http" && *port == 443))
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    let query = url
        .query()
        .map(|query| format!("?{query}"))
        .unwrap_or_default();
    Some(format!("https://{host}{port}{path}{query}"))
}

/// A word as compared: NFKC, lower case, letters and digits only.
fn fold(word: &str) -> String {
    word.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The hashes of the word pairs of `words` (the first [`MAX_SHINGLES`]), sorted, deduplicated;
/// a single word is its own shingle.
fn shingles(words: &[String]) -> Vec<u64> {
    let mut hashes: Vec<u64> = if words.len() < 2 {
        words
            .iter()
            .map(|word| hash_bytes(word.as_bytes()))
            .collect()
    } else {
        words
            .windows(2)
            .take(MAX_SHINGLES)
            .map(|pair| hash_bytes(format!("{} {}", pair[0], pair[1]).as_bytes()))
            .collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Exact Jaccard similarity of two sorted, deduplicated sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// The band keys of a set's MinHash signature: each of [`BANDS`] keys hashes [`ROWS`]
/// minimums, each minimum under its own seeded hash.
fn band_keys(shingles: &[u64]) -> [u64; BANDS] {
    let mut keys = [0u64; BANDS];
    for (band, key) in keys.iter_mut().enumerate() {
        let mut combined = band as u64;
        for row in 0..ROWS {
            let seed = ((band * ROWS + row) as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let minimum = shingles
                .iter()
                .map(|shingle| mix(shingle ^ seed))
                .min()
                .unwrap_or(0);
            combined = mix(combined ^ minimum);
        }
        *key = combined;
    }
    keys
}

/// FNV-1a, then [`mix`]: stable on every platform and run.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix(hash)
}

/// The splitmix64 finaliser.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// An earlier listing a match refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    pub manifest: PathBuf,
    pub product: Option<String>,
    /// The field compared, in the earlier listing.
    pub at: Location,
}

/// What comparing a listing with the earlier ones found.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// The same company (by key) written differently. `tokens` are this listing's and the
    /// earlier one's User-Agent company parts, when they differ too.
    CompanySpelling {
        written: String,
        earlier_written: String,
        lookalike: Option<char>,
        tokens: Option<(String, String)>,
        at: Location,
        earlier: Earlier,
    },
    /// The same company written the same way, but another company part in the User-Agent.
    AgentCompany {
        token: String,
        earlier_token: String,
        /// Whether this listing gives its User-Agent (else it is derived).
        given: bool,
        at: Location,
        earlier: Earlier,
    },
    /// Another product with the same landing page (normalised).
    LandingPage {
        normalized: String,
        at: Location,
        earlier: Earlier,
    },
    /// Another product with an identical (`similarity` 1) or near-identical description.
    Description {
        identical: bool,
        similarity: f64,
        at: Location,
        earlier: Earlier,
    },
    /// Another product with the same logo (fingerprints `distance` bits apart).
    Logo {
        distance: u32,
        at: Location,
        earlier: Earlier,
    },
    /// The same product with a lower version than an earlier folder's.
    VersionBackwards {
        version: String,
        earlier_version: String,
        given: bool,
        at: Location,
        earlier: Earlier,
    },
}

/// One listing seen, as the ledger keeps it.
#[derive(Debug)]
struct Seen {
    manifest: PathBuf,
    product: Option<String>,
    family: Option<(String, String)>,
    company: Option<(String, Location)>,
    agent_token: Option<(String, Location)>,
    page: Option<Location>,
    description: Option<(Vec<u64>, Location)>,
    logo: Option<(u64, Location)>,
}

impl Seen {
    fn earlier(&self, at: &Location) -> Earlier {
        Earlier {
            manifest: self.manifest.clone(),
            product: self.product.clone(),
            at: at.clone(),
        }
    }

    fn same_family(&self, facts: &Facts) -> bool {
        self.family.is_some() && self.family == facts.family
    }
}

/// The facts of the listings seen so far, and the buckets that find a listing's matches
/// among them without comparing it with every one.
#[derive(Debug, Default)]
pub struct Ledger {
    seen: Vec<Seen>,
    /// Company key → the first listings with that company.
    companies: HashMap<String, Vec<usize>>,
    /// Normalised landing page → listings.
    pages: HashMap<u64, Vec<usize>>,
    /// Normalised description → listings.
    texts: HashMap<u64, Vec<usize>>,
    /// Description band key → listings.
    bands: HashMap<u64, Vec<usize>>,
    /// Logo fingerprints, in listing order.
    logos: Vec<(u64, usize)>,
    /// Product family → the highest version seen and its listing.
    versions: HashMap<(String, String), (semver::Version, usize, Location)>,
}

fn bucket(map: &mut HashMap<u64, Vec<usize>>, key: u64, index: usize) {
    let entries = map.entry(key).or_default();
    if entries.len() < BUCKET_CAP {
        entries.push(index);
    }
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// How many listings were observed.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Compares a listing with every one observed before it, then remembers it.
    pub fn observe(&mut self, facts: &Facts) -> Vec<Match> {
        let mut matches = Vec::new();
        self.match_company(facts, &mut matches);
        self.match_page(facts, &mut matches);
        let bands = self.match_description(facts, &mut matches);
        self.match_logo(facts, &mut matches);
        self.match_version(facts, &mut matches);
        self.remember(facts, bands);
        matches
    }

    fn match_company(&self, facts: &Facts, matches: &mut Vec<Match>) {
        let Some(company) = &facts.company else {
            return;
        };
        let Some(first) = self
            .companies
            .get(&company.key)
            .and_then(|list| list.first())
        else {
            return;
        };
        let earlier = &self.seen[*first];
        let token = facts.user_agent.as_ref();
        let earlier_token = self.companies[&company.key]
            .iter()
            .find_map(|index| self.seen[*index].agent_token.as_ref());
        let tokens = token.zip(earlier_token).and_then(|(token, (earlier, _))| {
            (token.company_token != *earlier)
                .then(|| (token.company_token.clone(), earlier.clone()))
        });
        let Some((earlier_written, earlier_at)) = &earlier.company else {
            return;
        };
        if *earlier_written != company.written {
            matches.push(Match::CompanySpelling {
                written: company.written.clone(),
                earlier_written: earlier_written.clone(),
                lookalike: lookalike(&company.written, earlier_written),
                tokens,
                at: company.at.clone(),
                earlier: earlier.earlier(earlier_at),
            });
            return;
        }
        if let (Some(token), Some((earlier_token, earlier_at))) = (token, earlier_token)
            && token.company_token != *earlier_token
        {
            let owner = self.companies[&company.key]
                .iter()
                .map(|index| &self.seen[*index])
                .find(|seen| seen.agent_token.is_some())
                .unwrap_or(earlier);
            matches.push(Match::AgentCompany {
                token: token.company_token.clone(),
                earlier_token: earlier_token.clone(),
                given: token.given,
                at: token.token_at.clone(),
                earlier: owner.earlier(earlier_at),
            });
        }
    }

    /// The first listing in `candidates` of another product with `field` set.
    fn other_product<'s, T>(
        &'s self,
        candidates: impl IntoIterator<Item = usize>,
        facts: &Facts,
        field: impl Fn(&'s Seen) -> Option<&'s T>,
    ) -> Option<(&'s Seen, &'s T)> {
        candidates.into_iter().find_map(|index| {
            let seen = &self.seen[index];
            if seen.same_family(facts) {
                return None;
            }
            field(seen).map(|value| (seen, value))
        })
    }

    fn match_page(&self, facts: &Facts, matches: &mut Vec<Match>) {
        let Some(page) = &facts.landing_page else {
            return;
        };
        let candidates = self.pages.get(&page.key).into_iter().flatten().copied();
        if let Some((seen, at)) = self.other_product(candidates, facts, |seen| seen.page.as_ref()) {
            matches.push(Match::LandingPage {
                normalized: page.normalized.clone(),
                at: page.at.clone(),
                earlier: seen.earlier(at),
            });
        }
    }

    /// Returns the description's band keys, for [`Ledger::remember`].
    fn match_description(&self, facts: &Facts, matches: &mut Vec<Match>) -> Option<[u64; BANDS]> {
        let description = facts.description.as_ref()?;
        let identical = self
            .texts
            .get(&description.exact)
            .into_iter()
            .flatten()
            .copied();
        if let Some((seen, (_, at))) =
            self.other_product(identical, facts, |seen| seen.description.as_ref())
        {
            matches.push(Match::Description {
                identical: true,
                similarity: 1.0,
                at: description.at.clone(),
                earlier: seen.earlier(at),
            });
            return (description.shingles.len() >= MIN_SHINGLES)
                .then(|| band_keys(&description.shingles));
        }
        if description.shingles.len() < MIN_SHINGLES {
            return None;
        }
        let keys = band_keys(&description.shingles);
        let mut candidates: Vec<usize> = keys
            .iter()
            .filter_map(|key| self.bands.get(key))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates.into_iter().find_map(|index| {
            let seen = &self.seen[index];
            if seen.same_family(facts) {
                return None;
            }
            let (shingles, at) = seen.description.as_ref()?;
            let similarity = jaccard(&description.shingles, shingles);
            (similarity >= DESCRIPTION_SIMILARITY).then_some((seen, at, similarity))
        });
        if let Some((seen, at, similarity)) = best {
            matches.push(Match::Description {
                identical: false,
                similarity,
                at: description.at.clone(),
                earlier: seen.earlier(at),
            });
        }
        Some(keys)
    }

    fn match_logo(&self, facts: &Facts, matches: &mut Vec<Match>) {
        let Some(logo) = &facts.logo else {
            return;
        };
        // Eight bytes a listing: a scan is cheaper than any index at these counts.
        let found = self.logos.iter().find_map(|(hash, index)| {
            let seen = &self.seen[*index];
            let distance = crate::svg::fingerprint::distance(logo.hash, *hash);
            (distance <= LOGO_DISTANCE && !seen.same_family(facts))
                .then(|| seen.logo.as_ref().map(|(_, at)| (seen, at, distance)))
                .flatten()
        });
        if let Some((seen, at, distance)) = found {
            matches.push(Match::Logo {
                distance,
                at: logo.at.clone(),
                earlier: seen.earlier(at),
            });
        }
    }

    fn match_version(&self, facts: &Facts, matches: &mut Vec<Match>) {
        let (Some(family), Some(agent)) = (&facts.family, &facts.user_agent) else {
            return;
        };
        let Some(version) = &agent.version else {
            return;
        };
        if let Some((highest, index, at)) = self.versions.get(family)
            && version < highest
        {
            matches.push(Match::VersionBackwards {
                version: agent.version_text.clone(),
                earlier_version: highest.to_string(),
                given: agent.given,
                at: agent.version_at.clone(),
                earlier: self.seen[*index].earlier(at),
            });
        }
    }

    fn remember(&mut self, facts: &Facts, bands: Option<[u64; BANDS]>) {
        let index = self.seen.len();
        self.seen.push(Seen {
            manifest: facts.manifest.clone(),
            product: facts.product.clone(),
            family: facts.family.clone(),
            company: facts
                .company
                .as_ref()
                .map(|company| (company.written.clone(), company.at.clone())),
            agent_token: facts
                .user_agent
                .as_ref()
                .map(|agent| (agent.company_token.clone(), agent.token_at.clone())),
            page: facts.landing_page.as_ref().map(|page| page.at.clone()),
            description: facts
                .description
                .as_ref()
                .map(|description| (description.shingles.clone(), description.at.clone())),
            logo: facts.logo.as_ref().map(|logo| (logo.hash, logo.at.clone())),
        });
        if let Some(company) = &facts.company {
            let entries = self.companies.entry(company.key.clone()).or_default();
            if entries.len() < BUCKET_CAP {
                entries.push(index);
            }
        }
        if let Some(page) = &facts.landing_page {
            bucket(&mut self.pages, page.key, index);
        }
        if let Some(description) = &facts.description {
            bucket(&mut self.texts, description.exact, index);
        }
        for key in bands.into_iter().flatten() {
            bucket(&mut self.bands, key, index);
        }
        if let Some(logo) = &facts.logo {
            self.logos.push((logo.hash, index));
        }
        if let (Some(family), Some(agent)) = (&facts.family, &facts.user_agent)
            && let Some(version) = &agent.version
        {
            let higher = self
                .versions
                .get(family)
                .is_none_or(|(highest, ..)| version > highest);
            if higher {
                self.versions.insert(
                    family.clone(),
                    (version.clone(), index, agent.version_at.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_spellings_fold_to_one_key() {
        for spelling in [
            "Contoso",
            "Contoso Ltd",
            "contoso",
            "CONTOSO, Inc.",
            "Contoso Pty. Ltd.",
            "Cоntoso",
            "Ｃｏｎｔｏｓｏ",
        ] {
            assert_eq!(company_key(spelling), "contoso", "{spelling}");
        }
        assert_ne!(company_key("Contoso Labs"), "contoso");
        assert_ne!(company_key("Fabrikam"), "contoso");
        // A name that is only a legal form keeps it.
        assert_eq!(company_key("AB"), "ab");
        assert_eq!(lookalike("Cоntoso", "Contoso"), Some('о'));
        assert_eq!(lookalike("contoso", "Contoso"), None);
        assert_eq!(lookalike("Contoso Ltd", "Contoso"), None);
    }

    #[test]
    fn landing_pages_normalise_case_ports_slashes_and_tracking() {
        let key = |address: &str| normalized_page(address).unwrap();
        let page = "https://www.contoso.com/cognito";
        for variant in [
            "https://www.contoso.com/cognito",
            "HTTPS://WWW.Contoso.COM/cognito/",
            "https://www.contoso.com:443/cognito",
            "http://www.contoso.com/cognito",
            "https://www.contoso.com/cognito?utm_source=x&gclid=1#top",
        ] {
            assert_eq!(key(variant), page, "{variant}");
        }
        assert_eq!(
            key("https://www.contoso.com/cognito?lang=en&utm_medium=a"),
            "https://www.contoso.com/cognito?lang=en"
        );
        assert_ne!(key("https://www.contoso.com/Cognito"), page);
        assert_ne!(key("https://www.contoso.com:8443/cognito"), page);
        assert_eq!(key("https://contoso.com/"), "https://contoso.com");
        assert_eq!(normalized_page("mailto:a@contoso.com"), None);
    }

    fn words(text: &str) -> Vec<u64> {
        let words: Vec<String> = text.split_whitespace().map(fold).collect();
        shingles(&words)
    }

    #[test]
    fn near_identical_descriptions_are_above_the_threshold_and_others_below() {
        let base = "Contoso Cognito streams Defender for Endpoint alerts into your SOC \
                    workflows for faster triage.";
        let one_word = "Contoso Cognito streams Defender for Endpoint alerts into your SIEM \
                        workflows for faster triage.";
        let renamed = "Fabrikam Nimbus streams Defender for Endpoint alerts into your SOC \
                       workflows for faster triage.";
        let other = "Fabrikam Nimbus isolates compromised laptops automatically when Defender \
                     for Endpoint raises a high alert.";
        let similarity = |a, b| jaccard(&words(a), &words(b));
        assert_eq!(similarity(base, base), 1.0);
        assert!(similarity(base, one_word) >= DESCRIPTION_SIMILARITY);
        assert!(similarity(base, renamed) >= DESCRIPTION_SIMILARITY);
        assert!(similarity(base, other) < 0.2);
        // Near-identical pairs share a band; MinHash of one set is deterministic.
        let (a, b) = (band_keys(&words(base)), band_keys(&words(one_word)));
        assert!(a.iter().zip(&b).any(|(x, y)| x == y));
        assert_eq!(band_keys(&words(base)), a);
    }

    #[test]
    fn jaccard_counts_shared_items_over_the_union() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&[1], &[2]), 0.0);
    }

    fn location(file: &str, line: usize) -> Location {
        Location {
            file: file.into(),
            span: 0..1,
            line,
            column: 1,
            end_line: line,
            end_column: 2,
        }
    }

    fn listing(path: &str, company: &str, product: &str, version: &str) -> Facts {
        let at = |line| location(path, line);
        Facts {
            manifest: path.into(),
            product: Some(product.into()),
            family: Some((company_key(company), name_key(product))),
            company: Some(Company {
                key: company_key(company),
                written: company.into(),
                at: at(1),
            }),
            user_agent: Some(Agent {
                company_token: crate::text::user_agent::name_token(company),
                version: semver::Version::parse(version).ok(),
                version_text: version.into(),
                token_at: at(1),
                version_at: at(2),
                given: false,
            }),
            ..Facts::default()
        }
    }

    #[test]
    fn matches_point_at_the_earliest_listing_and_skip_the_same_product() {
        let mut ledger = Ledger::new();
        assert_eq!(
            ledger.observe(&listing("a", "Contoso", "Cognito", "2.0.0")),
            []
        );
        // Same product, later folder, lower version.
        let found = ledger.observe(&listing("b", "Contoso", "Cognito", "1.5.0"));
        assert_eq!(
            found,
            [Match::VersionBackwards {
                version: "1.5.0".into(),
                earlier_version: "2.0.0".into(),
                given: false,
                at: location("b", 2),
                earlier: Earlier {
                    manifest: "a".into(),
                    product: Some("Cognito".into()),
                    at: location("a", 2),
                },
            }]
        );
        let found = ledger.observe(&listing("c", "Contoso Ltd", "Nimbus", "1.0.0"));
        assert_eq!(
            found,
            [Match::CompanySpelling {
                written: "Contoso Ltd".into(),
                earlier_written: "Contoso".into(),
                lookalike: None,
                tokens: Some(("ContosoLtd".into(), "Contoso".into())),
                at: location("c", 1),
                earlier: Earlier {
                    manifest: "a".into(),
                    product: Some("Cognito".into()),
                    at: location("a", 1),
                },
            }]
        );
        assert_eq!(
            ledger.observe(&listing("d", "Fabrikam", "Nimbus", "1.0.0")),
            []
        );
        assert_eq!(ledger.len(), 4);
    }

    #[test]
    fn a_text_everybody_copies_costs_a_bounded_number_of_comparisons() {
        let mut ledger = Ledger::new();
        let text = "one two three four five six seven eight nine ten";
        for index in 0..300 {
            let mut facts = listing(
                &format!("l{index}"),
                &format!("Vendor{index}"),
                "P",
                "1.0.0",
            );
            facts.description = Some(Description {
                exact: index,
                shingles: words(&format!("{text} {index}")),
                at: location("x", 3),
            });
            let found = ledger.observe(&facts);
            assert_eq!(found.len(), usize::from(index > 0), "{index}");
        }
        assert!(ledger.bands.values().all(|list| list.len() <= BUCKET_CAP));
    }
}
