//! Mutated manifests never make the reader, the rules, the renderers or the preview panic. A
//! deterministic generator flips, inserts and deletes bytes (including multi-byte and invalid
//! UTF-8 ones) in real listings, and every result is checked, rendered both ways and previewed.

use mdelist::io::checks::{Policies, check_listing};
use mdelist::policy::Limits;
use mdelist::render::{Format, HumanOptions, render};
use mdelist::report::Report;

/// xorshift64*: small, seeded, reproducible.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"'",
    b"[",
    b"]",
    b"{",
    b"}",
    b"=",
    b"\n",
    b"\\u",
    b"\\",
    b".",
    b"-",
    b"..",
    b"/",
    "\u{202E}".as_bytes(),
    "\u{200B}".as_bytes(),
    "é".as_bytes(),
    "検".as_bytes(),
    b"\xE9",
    b"\xFF",
    b"\"\"\"",
    b"[[press_release]]\n",
    b"1979-05-27",
    b"true",
    b"MdePartner-",
];

fn mutate(random: &mut Random, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=random.below(4) {
        let at = random.below(bytes.len() + 1);
        match random.below(3) {
            0 if at < bytes.len() => {
                let end = (at + random.below(8)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 if at < bytes.len() => bytes[at] = random.next() as u8,
            _ => {
                let piece = INTERESTING[random.below(INTERESTING.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
        }
    }
    bytes
}

#[test]
fn mutated_listings_never_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds: Vec<Vec<u8>> = ["examples/contoso-cognito", "examples/broken-listing"]
        .iter()
        .map(|example| std::fs::read(root.join(example).join("listing.toml")).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("examples/contoso-cognito/logo.svg"),
        dir.path().join("logo.svg"),
    )
    .unwrap();
    let manifest = dir.path().join("listing.toml");
    let today = jiff::civil::Date::constant(2026, 11, 22);
    // MDELIST_MUTATION_ROUNDS and MDELIST_MUTATION_SEED run a longer or different search locally.
    let rounds: usize = std::env::var("MDELIST_MUTATION_ROUNDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1500);
    let seed: u64 = std::env::var("MDELIST_MUTATION_SEED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut random = Random(seed);
    let mut policies = Policies::new(None).unwrap();
    for round in 0..rounds {
        let seed = &seeds[round % seeds.len()];
        let bytes = mutate(&mut random, seed);
        std::fs::write(&manifest, &bytes).unwrap();
        let report = check_listing(&manifest, &mut policies, today)
            .unwrap_or_else(|error| panic!("round {round}: {error}"));
        let run = Report::of_listings(vec![report]);
        let options = HumanOptions {
            color: round % 2 == 0,
            verbose: true,
            ..HumanOptions::default()
        };
        assert!(!render(Format::Human, &run, options).is_empty());
        assert!(render(Format::Json, &run, options).starts_with('{'));
        // The preview page renders too, and whatever the mutation put in the listing stays
        // text: the page's own script and style are the only ones.
        let files = mdelist::preview::preview(&run.listings[0], &Limits::default())
            .unwrap_or_else(|error| panic!("round {round}: {error}"));
        let page = String::from_utf8_lossy(&files[0].bytes).to_lowercase();
        assert_eq!(page.matches("<script").count(), 1, "round {round}");
        assert_eq!(page.matches("<style").count(), 1, "round {round}");
    }
}
