//! CLI behaviour as snapshot cases: `tests/cmd/**/*.toml`, each with its expected stdout/stderr
//! and, for rule fixtures, a `<name>.in/` listing folder that is the working directory.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.md")
        .case("tests/cmd/rules/*.toml")
        .case("README.md");
}
