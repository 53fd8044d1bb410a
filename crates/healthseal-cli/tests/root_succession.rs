//! Root succession through the binary: Henan replaces its root with `trust rotate-root`, a
//! checkpoint pinned to the old root follows the record in the next list and then refuses the
//! old root's lists; Henan follows Zhejiang's succession with `trust recognize`.

use std::path::Path;
use std::process::Output;

use healthseal_test_support::cli::{ok, stderr, Healthseal};
use provinces::{setup, verify_green as verify};

mod provinces;

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

fn run(dir: &Path, args: &[&str]) -> Output {
    HEALTHSEAL.run(dir, args)
}

fn new_root(dir: &Path, region: &str, file: &str) {
    ok(run(dir, &["keygen", "--role", "root", "--region", region, "--out", file]));
}

#[test]
fn a_checkpoint_pinned_to_the_old_root_follows_the_succession_then_refuses_the_old_root() {
    let d = setup();
    let dir = d.path();
    ok(verify(dir, "ha.trust-list-1"));
    new_root(dir, "CN-HA", "ha-root-2.key");

    let rotated = ok(run(
        dir,
        &[
            "trust",
            "rotate-root",
            "ha.trust.toml",
            "--old-root",
            "ha-root.key",
            "--new-root",
            "ha-root-2.key.pub",
            "--at",
            "2026-11-25T02:00:00Z",
        ],
    ));
    assert!(rotated.starts_with("root succession #1 of CN-HA: root "), "{rotated}");
    let source = std::fs::read_to_string(dir.join("ha.trust.toml")).unwrap();
    assert!(source.contains("[[succession]]\nnumber = 1\n"), "{source}");

    // The old root signs nothing more from this source.
    let sign = |root: &str, out: &str| {
        let args = ["--next-update", "24h", "--out", out, "--at", "2026-11-25T03:00:00Z"];
        run(dir, &[&["trust", "sign", "--root", root, "--source", "ha.trust.toml"][..], &args].concat())
    };
    let old = sign("ha-root.key", "refused.trust-list");
    assert_eq!(old.status.code(), Some(3));
    assert!(
        stderr(&old).contains("is the root this province replaced at root succession #1"),
        "{}",
        stderr(&old)
    );
    assert!(!dir.join("refused.trust-list").exists());
    ok(sign("ha-root-2.key", "ha.trust-list-3"));

    // The checkpoint takes list #3 from the new root, says it moved, and decides under it (the
    // credential was revoked by Zhejiang in list #2, and still is).
    let out = verify(dir, "ha.trust-list-3");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    assert!(stderr(&out).contains("named by root succession #1"), "{}", stderr(&out));
    // From then on the old root's lists are refused: list #2 (a rollback across the succession).
    let out = verify(dir, "ha.trust-list-2");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("a root before the one this checkpoint follows since root succession #1"),
        "{}",
        stderr(&out)
    );

    // `trust show` and `trust verify` follow the succession from the root they are given.
    let shown = ok(run(dir, &["trust", "show", "ha.trust-list-3", "--root", "ha-root.key.pub"]));
    assert!(shown.contains("succession #1 root "), "{shown}");
    assert!(shown.contains("led to from the given root by the document's root succession"), "{shown}");
    let checked = ok(run(dir, &["trust", "verify", "ha.trust-list-3", "--root", "ha-root.key.pub"]));
    assert!(checked.contains("through the root succession it carries"), "{checked}");
    let json = ok(run(dir, &["trust", "show", "ha.trust-list-3", "--json"]));
    let value: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(value["data"]["succession"][0]["number"], 1);
}

#[test]
fn a_recognising_province_follows_the_succession_with_trust_recognize() {
    let d = setup();
    let dir = d.path();
    new_root(dir, "CN-ZJ", "zj-root-2.key");
    // Zhejiang's office keeps a copy of its source from before the rotation (to forge with later).
    std::fs::copy(dir.join("zj.trust.toml"), dir.join("zj-before.trust.toml")).unwrap();
    ok(run(
        dir,
        &[
            "trust",
            "rotate-root",
            "zj.trust.toml",
            "--old-root",
            "zj-root.key",
            "--new-root",
            "zj-root-2.key.pub",
        ],
    ));
    ok(run(
        dir,
        &[
            "trust",
            "statement",
            "--root",
            "zj-root-2.key",
            "--source",
            "zj.trust.toml",
            "--out",
            "zj.statement-3",
        ],
    ));

    // Henan already recognises Zhejiang: no root to give, the recorded one is followed.
    let out = ok(run(dir, &["trust", "recognize", "ha.trust.toml", "--statement", "zj.statement-3"]));
    assert!(out.contains("CN-ZJ replaced its root"), "{out}");
    let henan = std::fs::read_to_string(dir.join("ha.trust.toml")).unwrap();
    let new_hex = std::fs::read_to_string(dir.join("zj.trust.toml")).unwrap();
    let new_root_line = new_hex.lines().find(|l| l.starts_with("root = ")).unwrap();
    assert!(henan.contains(new_root_line), "Henan records Zhejiang's new root");

    // A statement the old root signs later (a newer number, from the old copy) is refused.
    ok(run(
        dir,
        &[
            "trust",
            "statement",
            "--root",
            "zj-root.key",
            "--source",
            "zj-before.trust.toml",
            "--out",
            "zj.old-root",
        ],
    ));
    HEALTHSEAL.refused(
        dir,
        &["trust", "recognize", "ha.trust.toml", "--statement", "zj.old-root"],
        3,
        "not by the root key",
    );
}
