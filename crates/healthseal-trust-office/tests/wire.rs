//! The source file's text: the committed fixtures read and write back byte for byte, and a hand
//! edit that goes wrong is reported by variant, with the path of the field or the line and
//! column of the text.

use healthseal_core::{DurationTextError, IssuingKey, SigningKey, StatusError};
use healthseal_test_support::workspace;
use healthseal_trust_office::{FieldProblem, Position, SourceError, TrustSource};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(workspace::root().join("fixtures/trust").join(name)).expect("fixture")
}

fn source_text() -> String {
    let root = SigningKey::from_seed([1; 32]);
    let mut s = TrustSource::new(&"CN-HA".parse().unwrap(), "Henan", root.public_key());
    s.add_key(IssuingKey::active(SigningKey::from_seed([2; 32]).public_key().clone())).unwrap();
    s.to_toml().unwrap()
}

fn field(at: &str, problem: FieldProblem) -> SourceError {
    SourceError::Field { at: at.into(), problem }
}

#[test]
fn the_fixtures_are_written_back_byte_for_byte() {
    for name in ["ha.trust.toml", "zj.trust.toml"] {
        let text = fixture(name);
        let source = TrustSource::parse(&text).unwrap();
        assert_eq!(source.to_toml().unwrap(), text, "{name}");
    }
}

#[test]
fn survives_a_round_trip_through_its_text() {
    let text = source_text();
    assert!(text.starts_with("# healthseal trust source"));
    let source = TrustSource::parse(&text).unwrap();
    assert_eq!(TrustSource::parse(&source.to_toml().unwrap()).unwrap(), source);
}

#[test]
fn reports_where_a_hand_edit_went_wrong() {
    let text = source_text();
    let kid = SigningKey::from_seed([2; 32]).public_key().kid();
    let cases = [
        (
            ("status = \"active\"", "status = \"sleeping\""),
            field("keys[0].status", FieldProblem::NotAKeyStatus { text: "sleeping".into() }),
        ),
        (
            ("accept = [\"green\"]", "accept = [\"blue\"]"),
            field("policy.accept", FieldProblem::NotAStatus(StatusError("blue".into()))),
        ),
        (("accept = [\"green\"]", "accept = []"), field("policy.accept", FieldProblem::AcceptsNothing)),
        (
            ("region = \"CN-HA\"", "region = \"Henan\""),
            field("region", FieldProblem::NotARegion { text: "Henan".into() }),
        ),
        (
            ("accept = [\"green\"]", "accept = [\"green\"]\nmax_age = \"two days\""),
            field(
                "policy.max_age",
                FieldProblem::NotADuration {
                    text: "two days".into(),
                    error: DurationTextError::NumberExpected { at: 0 },
                },
            ),
        ),
        (
            ("revoked = []", "revoked = [\"not-an-id\"]"),
            field("revoked", FieldProblem::NotACredentialId { text: "not-an-id".into() }),
        ),
        (
            ("status = \"active\"", "status = \"compromised\""),
            field("keys[0]", FieldProblem::CompromisedWithoutSince),
        ),
        (("status = \"active\"", "status = \"retired\""), field("keys[0]", FieldProblem::RetiredWithoutEnd)),
        (
            ("status = \"active\"", "status = \"active\"\nnot_before = \"yesterday\""),
            field("keys[0].not_before", FieldProblem::NotATime { text: "yesterday".into() }),
        ),
        (
            (&format!("kid = \"{kid}\""), "kid = \"0000000000000000\""),
            field("keys[0].kid", FieldProblem::WrongKid { written: "0000000000000000".into(), actual: kid }),
        ),
    ];
    for ((from, to), expected) in cases {
        assert!(text.contains(from), "{from}");
        let bad = text.replacen(from, to, 1);
        assert_eq!(TrustSource::parse(&bad), Err(expected), "{to}");
    }
    // Unknown fields, and TOML that is not TOML, are reported with their line and column.
    let unknown = format!("{text}\ncolour = \"red\"\n");
    match TrustSource::parse(&unknown) {
        Err(SourceError::Toml { position: Some(Position { line, column: 1 }), message }) => {
            assert_eq!(line, text.lines().count() + 2);
            assert!(message.contains("colour"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        TrustSource::parse("region = \n"),
        Err(SourceError::Toml { position: Some(Position { line: 1, .. }), .. })
    ));
}

#[test]
fn errors_read_as_one_line_with_their_path() {
    let bad = source_text().replace("accept = [\"green\"]", "accept = [\"green\"]\nmax_age = \"two days\"");
    assert_eq!(
        TrustSource::parse(&bad).unwrap_err().to_string(),
        "policy.max_age: \"two days\" is not a duration: expected number at 0; write e.g. 72h, 7d or 1h30m"
    );
    let toml = TrustSource::parse("region = [\n").unwrap_err().to_string();
    assert!(toml.starts_with("TOML parse error at line "), "{toml}");
    assert!(!toml.contains('\n'), "{toml}");
}

#[test]
fn the_own_region_is_not_recognised_by_hand_either() {
    let text = fixture("ha.trust.toml").replace("region = \"CN-ZJ\"", "region = \"CN-HA\"");
    assert_eq!(TrustSource::parse(&text), Err(field("recognized[CN-HA]", FieldProblem::OwnRegion)));
}
