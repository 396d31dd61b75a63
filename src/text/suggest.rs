//! "Did you mean" suggestions.

/// The candidate closest to `input` by edit distance (case-insensitive), if it is close enough
/// to be a plausible typo: at most a third of the longer string's length.
pub fn closest<'c>(input: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let input = input.trim().to_lowercase();
    if input.is_empty() || input.len() > 256 {
        return None;
    }
    candidates
        .iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&input, &candidate.to_lowercase());
            (distance, *candidate)
        })
        .filter(|(distance, candidate)| {
            let longest = input.chars().count().max(candidate.chars().count());
            *distance * 3 <= longest.max(3)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_typos_only() {
        let keys = ["name", "description", "logo", "landing_page", "category"];
        assert_eq!(closest("descripton", &keys), Some("description"));
        assert_eq!(closest("landing-page", &keys), Some("landing_page"));
        assert_eq!(closest("Logo", &keys), Some("logo"));
        assert_eq!(closest("website", &keys), None);
        assert_eq!(closest("", &keys), None);
    }
}
