//! Trust-office and checkpoint flows through the binary that need files and state: refusals
//! that must leave every file as it was, and rollback across runs.

use std::path::Path;
use std::process::Output;

use healthseal_test_support::cli::{ok, Healthseal};
use provinces::setup;

mod provinces;

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

fn run(dir: &Path, args: &[&str]) -> Output {
    HEALTHSEAL.run(dir, args)
}

/// Runs a command that must fail with `code`, leave every file in `dir` untouched, and say
/// `needle` on one `error:` line.
fn refused(dir: &Path, args: &[&str], code: i32, needle: &str) {
    HEALTHSEAL.refused(dir, args, code, needle)
}

#[test]
fn a_checkpoint_never_goes_back_to_an_older_list() {
    let d = setup();
    let dir = d.path();
    let verify = |list: &str| provinces::verify_green(dir, list);
    // List #1: the credential is fine.
    assert_eq!(verify("ha.trust-list-1").status.code(), Some(0));
    // List #2 revokes it.
    let out = verify("ha.trust-list-2");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("trust list #2 replaces #1"));
    // Going back to #1 would un-revoke it: refused, and the state stays at #2.
    refused(
        dir,
        &["verify", "--trust", "ha.trust-list-1", "--root", "ha-root.key.pub", "green.txt"],
        3,
        "refusing to go back",
    );
    // The state file, not the lock file beside it.
    let state = std::fs::read_dir(dir.join("state"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "state"))
        .unwrap();
    assert!(std::fs::read_to_string(state).unwrap().contains("sequence: 2"));
}

#[test]
fn a_list_from_another_province_is_refused_at_the_checkpoint() {
    let d = setup();
    refused(
        d.path(),
        &["verify", "--trust", "zj.trust-list-1", "--root", "ha-root.key.pub", "green.txt"],
        3,
        "not by the root key",
    );
}

#[test]
fn trust_office_misuse_is_refused_and_changes_nothing() {
    let d = setup();
    let dir = d.path();
    // A statement checked against the wrong root (someone's key found next to the statement).
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            "zj.statement-2",
            "--statement-root",
            "ha-root.key.pub",
        ],
        3,
        "not by the root key",
    );
    // An older statement than the one already taken.
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            "zj.statement-1",
            "--statement-root",
            "zj-root.key.pub",
        ],
        3,
        "older than #2",
    );
    // Signing the list with an issuing key, or with another province's root.
    for key in ["ha-issuer.key", "zj-root.key"] {
        refused(
            dir,
            &[
                "trust",
                "sign",
                "--root",
                key,
                "--source",
                "ha.trust.toml",
                "--next-update",
                "24h",
                "--out",
                "new.list",
            ],
            3,
            if key == "zj-root.key" { "is not the root key of this source" } else { "is an issuing key" },
        );
    }
    // The source as its own output.
    refused(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            "ha.trust.toml",
            "--force",
        ],
        3,
        "both an input and an output",
    );
    // Adding a root key, or another province's issuing key, as an issuing key.
    refused(dir, &["trust", "add-key", "ha.trust.toml", "--key", "ha-root.key.pub"], 3, "is a root key");
    refused(dir, &["trust", "add-key", "ha.trust.toml", "--key", "zj-issuer.key.pub"], 3, "belongs to CN-ZJ");
    // Revoking another province's credential.
    refused(dir, &["trust", "revoke", "ha.trust.toml", "--credential", "green.txt"], 3, "no trusted key");
    // A key id that is not in the source.
    refused(
        dir,
        &[
            "trust",
            "compromise",
            "ha.trust.toml",
            "--kid",
            "0000000000000000",
            "--since",
            "2026-11-25T00:00:00Z",
        ],
        3,
        "no issuing key",
    );
    // Recognising a province for the first time without terms.
    std::fs::write(dir.join("fresh.toml"), std::fs::read(dir.join("ha.trust.toml")).unwrap()).unwrap();
    ok(run(dir, &["trust", "unrecognize", "fresh.toml", "--region", "CN-ZJ"]));
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "fresh.toml",
            "--statement",
            "zj.statement-2",
            "--statement-root",
            "zj-root.key.pub",
        ],
        3,
        "recognised for the first time",
    );
}

#[test]
fn a_hand_edited_source_is_checked_with_the_place_of_the_mistake() {
    let d = setup();
    let dir = d.path();
    let text = std::fs::read_to_string(dir.join("ha.trust.toml")).unwrap();
    std::fs::write(dir.join("ha.trust.toml"), text.replace("max_age = \"48h\"", "max_age = \"two days\""))
        .unwrap();
    refused(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            "new.list",
        ],
        3,
        "recognized[CN-ZJ].policy.max_age: \"two days\" is not a duration",
    );
}

#[test]
fn compromise_then_sign_rejects_what_the_key_signed_after() {
    let d = setup();
    let dir = d.path();
    ok(run(
        dir,
        &[
            "trust",
            "compromise",
            "ha.trust.toml",
            "--kid",
            "0a2d02b3f260a835",
            "--since",
            "2026-11-25T02:00:00Z",
        ],
    ));
    ok(run(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            "ha.list",
            "--at",
            "2026-11-25T05:00:00Z",
        ],
    ));
    let sign = |at: &str| {
        ok(run(
            dir,
            &[
                "sign",
                "--key",
                "ha-issuer.key",
                "--name",
                "Liu Yang",
                "--birth-date",
                "1980",
                "--status",
                "green",
                "--valid-for",
                "24h",
                "--at",
                at,
            ],
        ))
    };
    let (before, after) = (sign("2026-11-25T01:59:59Z"), sign("2026-11-25T02:00:00Z"));
    let verify = |text: &str| {
        run(
            dir,
            &[
                "verify",
                "--json",
                "--trust",
                "ha.list",
                "--root",
                "ha-root.key.pub",
                "--at",
                "2026-11-25T06:00:00Z",
                text.trim(),
            ],
        )
    };
    assert_eq!(verify(&before).status.code(), Some(0));
    let out = verify(&after);
    assert_eq!(out.status.code(), Some(1));
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["data"]["reason"], "key_compromised");
    // `trust show` reports the compromise for audit.
    let shown = ok(run(dir, &["trust", "show", "ha.list"]));
    assert!(shown.contains("0a2d02b3f260a835  compromised since 2026-11-25T02:00:00Z"), "{shown}");
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn sign_list(dir: &Path, out: &str) -> Output {
    run(
        dir,
        &[
            "trust",
            "sign",
            "--root",
            "ha-root.key",
            "--source",
            "ha.trust.toml",
            "--next-update",
            "24h",
            "--out",
            out,
            "--at",
            "2026-11-25T05:00:00Z",
        ],
    )
}

#[test]
fn trust_policy_changes_only_the_terms_given_and_keeps_the_others() {
    let d = setup();
    let dir = d.path();
    ok(run(dir, &["trust", "policy", "ha.trust.toml", "--max-age", "72h", "--max-validity", "7d"]));
    // Changing the statuses alone used to drop max_age and max_validity.
    let out = ok(run(dir, &["trust", "policy", "ha.trust.toml", "--accept", "green"]));
    assert_eq!(out, "CN-HA: accepting green; max age 72h; max validity 7d\n");
    let text = read(dir, "ha.trust.toml");
    assert!(
        text.contains("[policy]\naccept = [\"green\"]\nmax_age = \"72h\"\nmax_validity = \"7d\"\n"),
        "{text}"
    );
    // `none` removes one term, and only that one.
    let out = ok(run(
        dir,
        &["trust", "policy", "ha.trust.toml", "--max-age", "none", "--until", "2027-01-01T00:00:00Z"],
    ));
    assert_eq!(
        out,
        "CN-HA: accepting green; max age no limit; max validity 7d; until 2027-01-01T00:00:00Z\n"
    );
    let out = ok(run(dir, &["trust", "policy", "ha.trust.toml", "--until", "none"]));
    assert_eq!(out, "CN-HA: accepting green; max age no limit; max validity 7d\n");
    // The same for a recognised province's terms (48h, 7d in the fixture).
    let out =
        ok(run(dir, &["trust", "policy", "ha.trust.toml", "--region", "CN-ZJ", "--accept", "green,yellow"]));
    assert_eq!(out, "CN-ZJ: accepting green, yellow; max age 48h; max validity 7d\n");
    // Taking a statement again with one term changes that term only.
    ok(run(
        dir,
        &[
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            "zj.statement-2",
            "--statement-root",
            "zj-root.key.pub",
            "--max-age",
            "24h",
        ],
    ));
    let shown = {
        ok(sign_list(dir, "new.list"));
        ok(run(dir, &["trust", "show", "new.list"]))
    };
    let zj = shown.split("CN-ZJ Zhejiang").nth(1).unwrap();
    assert!(
        zj.contains("accepts        green, yellow\n  max age        24h\n  max validity   7d\n"),
        "{shown}"
    );
    // Nothing to change, or terms that do not hold together: refused, nothing written.
    refused(dir, &["trust", "policy", "ha.trust.toml"], 3, "no term to change");
    refused(
        dir,
        &[
            "trust",
            "policy",
            "ha.trust.toml",
            "--from",
            "2027-02-01T00:00:00Z",
            "--until",
            "2027-01-01T00:00:00Z",
        ],
        3,
        "the agreement ends before it starts",
    );
}

#[test]
fn compromise_run_again_with_a_later_time_is_refused() {
    let d = setup();
    let dir = d.path();
    let compromise = |since: &str| {
        run(dir, &["trust", "compromise", "ha.trust.toml", "--kid", "0a2d02b3f260a835", "--since", since])
    };
    ok(compromise("2026-11-25T02:00:00Z"));
    // A later time would let through again what the key signed in between.
    refused(
        dir,
        &[
            "trust",
            "compromise",
            "ha.trust.toml",
            "--kid",
            "0a2d02b3f260a835",
            "--since",
            "2026-11-25T03:00:00Z",
        ],
        3,
        "already marked compromised since 2026-11-25T02:00:00Z",
    );
    assert!(read(dir, "ha.trust.toml").contains("compromised_since = \"2026-11-25T02:00:00Z\""));
    // The same time is a no-op; an earlier one strengthens it and is taken.
    assert!(ok(compromise("2026-11-25T02:00:00Z")).contains("already marked compromised since"));
    let out = ok(compromise("2026-11-25T01:00:00Z"));
    assert!(out.contains("since 2026-11-25T01:00:00Z (earlier than 2026-11-25T02:00:00Z"), "{out}");
    assert!(read(dir, "ha.trust.toml").contains("compromised_since = \"2026-11-25T01:00:00Z\""));
}

#[test]
fn retire_again_with_a_later_time_keeps_the_earlier_not_after() {
    let d = setup();
    let dir = d.path();
    let retire = |at: &str| {
        ok(run(dir, &["trust", "retire", "ha.trust.toml", "--kid", "0a2d02b3f260a835", "--at", at]))
    };
    retire("2026-11-26T00:00:00Z");
    // Retiring again later used to widen the key's window to the later time.
    let out = retire("2026-12-31T00:00:00Z");
    assert!(out.contains("may sign nothing issued after 2026-11-26T00:00:00Z"), "{out}");
    assert!(
        out.contains("its not-after 2026-11-26T00:00:00Z, earlier than 2026-12-31T00:00:00Z, is kept"),
        "{out}"
    );
    assert!(read(dir, "ha.trust.toml").contains("not_after = \"2026-11-26T00:00:00Z\""));
    // An earlier time narrows it.
    let out = retire("2026-11-25T12:00:00Z");
    assert!(!out.contains("is kept"), "{out}");
    assert!(read(dir, "ha.trust.toml").contains("not_after = \"2026-11-25T12:00:00Z\""));
}

#[test]
fn unrecognize_then_recognize_still_refuses_an_older_statement() {
    let d = setup();
    let dir = d.path();
    let out = ok(run(dir, &["trust", "unrecognize", "ha.trust.toml", "--region", "CN-ZJ"]));
    assert!(out.contains("statement #2 stays recorded"), "{out}");
    let text = read(dir, "ha.trust.toml");
    assert!(text.contains("[[formerly_recognized]]\nregion = \"CN-ZJ\""), "{text}");
    assert!(text.contains("statement_sequence = 2\nstatement_sha256 = \""), "{text}");
    let recognize = |statement: &str| {
        vec![
            "trust".to_owned(),
            "recognize".into(),
            "ha.trust.toml".into(),
            "--statement".into(),
            statement.into(),
            "--statement-root".into(),
            "zj-root.key.pub".into(),
            "--accept".into(),
            "green".into(),
            "--max-age".into(),
            "48h".into(),
        ]
    };
    // Statement #1 predates the revocation #2 carries: taking it would bring the credential back.
    let args = recognize("zj.statement-1");
    refused(
        dir,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        3,
        "older than #2 taken before it was unrecognised",
    );
    // #2 itself is taken again, and the record moves back into the entry.
    let args = recognize("zj.statement-2");
    ok(run(dir, &args.iter().map(String::as_str).collect::<Vec<_>>()));
    let text = read(dir, "ha.trust.toml");
    assert!(!text.contains("formerly_recognized"), "{text}");
    assert!(text.contains("statement_sha256 = \""), "{text}");
}

#[test]
fn recognize_refuses_a_different_statement_with_the_same_sequence() {
    let d = setup();
    let dir = d.path();
    // Zhejiang's root signs a second, different statement #2 (from a source restored to #1,
    // without the revocation): the sequence alone would not tell them apart.
    let zj = read(dir, "zj.trust.toml")
        .replace("statement_sequence = 2", "statement_sequence = 1")
        .replace("revoked = [\"5ea1000000000001\"]", "revoked = []");
    std::fs::write(dir.join("zj.trust.toml"), zj).unwrap();
    ok(run(
        dir,
        &[
            "trust",
            "statement",
            "--root",
            "zj-root.key",
            "--source",
            "zj.trust.toml",
            "--out",
            "zj.statement-2b",
            "--at",
            "2026-11-25T02:00:00Z",
        ],
    ));
    let args = |statement: &'static str| {
        [
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            statement,
            "--statement-root",
            "zj-root.key.pub",
        ]
    };
    refused(dir, &args("zj.statement-2b"), 3, "statement #2 of CN-ZJ differs from the #2 already taken");
    // The statement already taken can be taken again.
    ok(run(dir, &args("zj.statement-2")));
    // And after unrecognize the other #2 is still refused.
    ok(run(dir, &["trust", "unrecognize", "ha.trust.toml", "--region", "CN-ZJ"]));
    refused(
        dir,
        &[
            "trust",
            "recognize",
            "ha.trust.toml",
            "--statement",
            "zj.statement-2b",
            "--statement-root",
            "zj-root.key.pub",
            "--accept",
            "green",
            "--max-age",
            "48h",
        ],
        3,
        "differs from the #2 taken before it was unrecognised",
    );
}

#[test]
fn trust_show_and_sign_flag_a_region_with_neither_max_age_nor_max_validity() {
    let d = setup();
    let dir = d.path();
    let warning = "warning: CN-HA has neither a max age nor a max validity";
    // The fixture list: Henan's own terms have no limit, Zhejiang's have both.
    let shown = ok(run(dir, &["trust", "show", "ha.trust-list-2", "--root", "ha-root.key.pub"]));
    assert!(shown.contains(&format!("\n\n{warning}")), "{shown}");
    assert!(!shown.contains("warning: CN-ZJ"), "{shown}");
    let out = sign_list(dir, "new.list");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains(warning) && !stderr.contains("CN-ZJ"), "{stderr}");
    // JSON stays one document; the warning goes to stderr.
    let out = run(dir, &["trust", "show", "--json", "new.list"]);
    let _: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(warning));
    // A max validity alone bounds forgeries (measured from the issue time): no more warnings.
    let out = run(dir, &["trust", "policy", "ha.trust.toml", "--max-validity", "7d"]);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = sign_list(dir, "newer.list");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!ok(run(dir, &["trust", "show", "newer.list"])).contains("warning"));
    // Removing it again says so at once.
    let out = run(dir, &["trust", "policy", "ha.trust.toml", "--max-validity", "none"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains(warning));
}

#[test]
fn keys_carry_their_site_into_the_list_and_show_lists_them_by_site() {
    let tmp = setup();
    let dir = tmp.path();
    for (site, seed) in [("Zhengzhou Central Hospital", "a"), ("Luoyang Test Station 3", "b")] {
        ok(run(
            dir,
            &["keygen", "--role", "issuer", "--region", "CN-HA", "--out", &format!("site-{seed}.key")],
        ));
        let added = ok(run(
            dir,
            &["trust", "add-key", "ha.trust.toml", "--key", &format!("site-{seed}.key.pub"), "--site", site],
        ));
        assert!(added.contains(&format!("(site {site})")), "{added}");
    }
    // The label goes into the source, the signed list, and what `trust show` prints.
    assert!(read(dir, "ha.trust.toml").contains("site = \"Luoyang Test Station 3\""));
    ok(sign_list(dir, "ha.trust-list-3"));
    let shown = ok(run(dir, &["trust", "show", "ha.trust-list-3", "--root", "ha-root.key.pub"]));
    let luoyang = shown.find("site \"Luoyang Test Station 3\"").expect(&shown);
    let zhengzhou = shown.find("site \"Zhengzhou Central Hospital\"").expect(&shown);
    assert!(luoyang < zhengzhou, "keys are listed by site label:\n{shown}");
    let json = ok(run(dir, &["trust", "show", "ha.trust-list-3", "--root", "ha-root.key.pub", "--json"]));
    assert!(json.contains("\"site\":\"Zhengzhou Central Hospital\""), "{json}");
    // A label is one line.
    ok(run(dir, &["keygen", "--role", "issuer", "--region", "CN-HA", "--out", "site-c.key"]));
    refused(
        dir,
        &["trust", "add-key", "ha.trust.toml", "--key", "site-c.key.pub", "--site", "two\nlines"],
        3,
        "--site holds an invisible or control character",
    );
}
