//! The names table: what building the matcher costs (once per process, on the first search),
//! and what finding names costs in a press release. Run with `cargo bench --bench names`;
//! figures in docs/names.md "Cost".
#![allow(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    divan::main();
}

/// A press release of about 1.6 KB with names in four languages, former names and an
/// abbreviation, and the plain English release of the example listing.
const RELEASE: &str = "# Tenvik Sentry joins Microsoft Defender for Endpoint\n\n\
Tenvik Security today announced that Tenvik Sentry sends its verdicts to Microsoft Defender for \
Endpoint (formerly Microsoft Defender ATP), so analysts block malicious files in one place. \
Customers in Korea see them in 끝점용 Microsoft Defender, customers in Japan in エンドポイント用 \
Microsoft Defender, and customers in Germany in Microsoft Defender für Endpunkt. Sign-in uses \
Azure AD, and incidents also reach Azure Sentinel and Microsoft 365 Defender.\n\n\
\"Our customers asked for one console,\" said the chief executive of Tenvik Security. \"With \
MDE they isolate a device in seconds, and with Microsoft Sentinel they keep the record.\"\n\n\
Tenvik Sentry is available today for every tenant, at no additional cost for existing \
customers. A trial tenant with up to three devices lets partners build and test the \
integration before they publish it. Pricing, availability and the technical documentation are \
on the company's web site.\n\n\
About Tenvik Security: Tenvik Security builds threat intelligence for security teams of every \
size. Its products stop ransomware before it spreads, explain every verdict in plain words and \
connect to the tools analysts already use. The company was founded in 2019 and employs 140 \
people in Oslo, Seoul and Osaka. For press enquiries write to the press office.\n";

#[divan::bench]
fn build_the_matcher() -> usize {
    mdelist::text::names::build_matcher()
}

#[divan::bench]
fn find_names_in_a_release(bencher: divan::Bencher) {
    mdelist::text::names::prepare();
    bencher.bench(|| mdelist::text::names::find(divan::black_box(RELEASE)).len());
}

/// What one press release costs the rules: its mentions, its former names, its abbreviations.
#[divan::bench]
fn mentions_former_names_and_abbreviations(bencher: divan::Bencher) {
    mdelist::text::names::prepare();
    bencher.bench(|| {
        let text = divan::black_box(RELEASE);
        mdelist::press::mentions(text).len()
            + mdelist::text::patterns::legacy_names(text).len()
            + mdelist::text::patterns::abbreviations(text).len()
    });
}
