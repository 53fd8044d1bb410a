//! What the demo leaves behind for people: commands to try on its folder, and the folder's
//! README.

use std::fmt::Write as _;

use healthseal_core::{Status, Timestamp};
use healthseal_photosim::Condition;

use super::cast::{Expect, Province, NO_CODE_SLUG, PEOPLE};
use super::folder::Folder;
use super::{line, photo_name, table, CARD_FOR};

/// Commands that work on the folder just written. The demo's clock is passed with `--at`, so
/// that they give the same verdicts whenever they are run.
pub fn try_next(folder: &Folder, now: Timestamp) {
    let p = |relative: &str| folder.shown(relative);
    let at = now.to_string();
    let revoked = PEOPLE.iter().find(|p| p.status == Status::Yellow && p.province == Province::Henan);
    line("Try next (the demo's clock is given with --at, so the verdicts stay the same):");
    line("  # the Henan checkpoint on every photo (exit code 2: one photo has no code)");
    line(&format!(
        "  healthseal verify --trust {} --root {} --state {} --at {at} {}",
        p("henan.trust-list"),
        p("keys/CN-HA/root.key.pub"),
        p("checkpoint.state"),
        p("photos/")
    ));
    line("  # what Henan's trust list says, region by region");
    line(&format!(
        "  healthseal trust show {} --root {}",
        p("henan.trust-list"),
        p("keys/CN-HA/root.key.pub")
    ));
    line("  # look inside a credential (nothing shown is verified)");
    line(&format!("  healthseal inspect {}", p(&format!("credentials/{CARD_FOR}.txt"))));
    if let Some(person) = revoked {
        line(&format!(
            "  # revoke {}'s credential, sign Henan's next trust list, then run the checkpoint again",
            person.name
        ));
        line(&format!(
            "  healthseal trust revoke {} --credential {}",
            p("henan.trust.toml"),
            p(&format!("credentials/{}.txt", person.slug))
        ));
        line(&format!(
            "  healthseal trust sign --root {} --source {} --next-update 24h --at {at} --out {} --force",
            p("keys/CN-HA/root.key"),
            p("henan.trust.toml"),
            p("henan.trust-list")
        ));
    }
    line("  # issue your own with Zhejiang's TEST ONLY key; print the card");
    line(&format!(
        "  healthseal sign --key {} --name 'Your Name' --birth-date 1990 --status green --valid-for 72h --out {}",
        p("keys/CN-ZJ/issuer-2026.key"),
        p("you.card.svg")
    ));
}

/// The folder's README: what is in it and why each person is in the demo.
pub fn readme(now: Timestamp) -> String {
    let mut text = format!(
        "healthseal demo, written at {now} (the demo's clock).\n\
         \n\
         TEST ONLY. The keys are the built-in demo keys, whose seeds are public: anyone can sign\n\
         with them. The people are made up. Never trust anything in this folder.\n\
         \n\
         keys/CN-ZJ/, keys/CN-HA/    root and issuing keys of Zhejiang and Henan (private and .pub)\n\
         henan.trust.toml            Henan's trust source: its keys, revocations, and terms\n\
         henan.statement             what Henan publishes about itself, signed by its root key\n\
         henan.trust-list            the signed list Henan's checkpoints load\n\
         zhejiang.*                  the same for Zhejiang\n\
         credentials/NAME.txt        a credential's text (HS1:...), as carried in its QR code\n\
         credentials/NAME.png        its QR code\n\
         credentials/{CARD_FOR}.card.svg  a printable card (96 x 68 mm), if a font here draws the name\n\
         credentials/cards.pdf       every card on A4 sheets with cut marks, for a print shop\n\
         photos/                     camera-like photos, one per credential, and one with no code\n\
         \n\
         What a Henan checkpoint must decide, photo by photo:\n\n"
    );
    let mut rows = Vec::new();
    for (i, p) in PEOPLE.iter().enumerate() {
        let expected = match p.expect {
            Expect::Rejected(code) => format!("REJECTED {code}"),
            other => other.word().to_owned(),
        };
        rows.push(vec![photo_name(i, p.slug), p.condition.name().into(), expected, p.story.into()]);
    }
    rows.push(vec![
        photo_name(PEOPLE.len(), NO_CODE_SLUG),
        Condition::NoCode.name().into(),
        Expect::NoCode.word().into(),
        "a desk with a card and clutter, but no code".into(),
    ]);
    for row in table::lines("  ", &rows) {
        let _ = writeln!(text, "{row}");
    }
    let _ = write!(
        text,
        "\nCheck them again, from this folder (healthseal demo prints more commands to try):\n\n  \
         healthseal verify --trust henan.trust-list --root keys/CN-HA/root.key.pub --state checkpoint.state --at {now} photos/\n"
    );
    text
}
