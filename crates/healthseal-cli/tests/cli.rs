//! Command-line behaviour as snapshot cases (`tests/cmd/*.toml`): arguments, standard input,
//! output, and exit code, so help text, wording and codes cannot drift unnoticed.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test -p healthseal-cli --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
