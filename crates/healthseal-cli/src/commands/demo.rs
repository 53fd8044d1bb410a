//! `healthseal demo`: the whole story in a few seconds, on TEST ONLY material, into a fresh
//! folder. Two provinces issue credentials (QR codes, a printable card), publish statements,
//! recognise each other on their own terms and sign trust lists; a camera photographs every
//! code; a Henan checkpoint decides on each photo, offline. No network, no state outside the
//! folder.

//!
//! Only in builds with the `demo` feature (the default): the built-in keys and the photo
//! simulator stay out of a build without it.

mod builtin_keys;
mod camera;
mod cast;
mod folder;
mod guide;
mod ids;
mod table;
mod trust;
mod verdicts;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use healthseal_core::{encode_text, KeyInfo, SigningKey, Timestamp};
use healthseal_issuer::qr::{level_letter, QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_issuer::{
    region_utc_offset, sheets_pdf, Card, CardContent, CardFonts, CardLangs, IssueRequest, Issuer,
};
use healthseal_photosim::Condition;
use healthseal_verifier::Verifier;

use self::cast::{Expect, Person, Province, Twist, NO_CODE_SEED, NO_CODE_SLUG, PEOPLE};
use self::folder::Folder;
use self::guide::{readme, try_next};
use self::ids::DemoIds;
use self::trust::{build_trust, terms, Trust};
use self::verdicts::{holder, Seen, Tally};
use crate::args::parse_time;
use crate::exit::{CliError, CliResult, Outcome};
use crate::{clock, output};

const HOUR: u64 = 3600;

/// The demo's cast member whose card is printed.
const CARD_FOR: &str = "zhang-san";

#[derive(Debug, clap::Args)]
#[command(after_help = HELP)]
pub struct Args {
    /// Time to run the demo at instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Folder to create and write into; it must not exist yet [default: healthseal-demo-N, the
    /// first free N, in the current folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

const HELP: &str = "\
Everything is TEST ONLY: the built-in demo keys (their seeds are public) and made-up people.
No network is used. The folder holds the keys, trust sources, statements and trust lists,
credentials (text, QR PNG, a printable card) and the photos; the demo ends with commands to
try on it.

Examples:
  healthseal demo
  healthseal demo --out /tmp/healthseal-demo --at 2026-11-25T08:00:00+08:00";

pub fn run(args: Args) -> CliResult {
    let started = Instant::now();
    let now = clock::now_or(args.at)?;
    let keys = Keys::load()?;
    let folder = Folder::create(args.out.as_deref())?;
    let dir = folder.shown("");

    line("healthseal demo — TEST ONLY: built-in demo keys (their seeds are public) and made-up people");
    line(&format!("Writing to {dir}; the demo's clock: {now}."));
    line("");
    provinces(&folder)?;
    let issued = health_offices(&folder, &keys, now)?;
    let trust = trust_offices(&folder, &keys, &issued, now)?;
    let photos = camera(&folder, &issued)?;
    let tally = checkpoint(&keys, &trust, &photos, now)?;
    folder.write(&[("README.txt".to_owned(), readme(now).into_bytes())], false)?;
    try_next(&folder, now);
    line("");
    line(&format!(
        "Done in {:.1} s; everything is in {dir} (see its README.txt).",
        started.elapsed().as_secs_f64()
    ));
    if tally.unexpected > 0 {
        return Err(CliError {
            outcome: Outcome::Rejected,
            message: format!("{} verdict(s) differ from what the demo expects", tally.unexpected),
            hint: Some("this is a bug in healthseal: please report it, with the demo's folder".into()),
        });
    }
    Ok(Outcome::Success)
}

/// Step 1: the provinces' keys, copied into the folder for the commands to try next.
fn provinces(folder: &Folder) -> CliResult<()> {
    line("1. Two provinces, each with a root key (signs its trust documents, kept offline) and an");
    line("   issuing key (signs credentials): Zhejiang (CN-ZJ) and Henan (CN-HA), built in from keys/.");
    line("   Guangdong (CN-GD) issues too, with a key Henan has never been given.");
    let key_files: Vec<(String, Vec<u8>)> = builtin_keys::FILES
        .iter()
        .map(|(path, text)| (format!("keys/{path}"), text.as_bytes().to_vec()))
        .collect();
    let (secret, public): (Vec<_>, Vec<_>) =
        key_files.into_iter().partition(|(path, _)| path.ends_with(".key"));
    folder.write(&secret, true)?;
    folder.write(&public, false)?;
    line("   -> keys/CN-ZJ/, keys/CN-HA/ (copies of the built-in TEST ONLY keys)");
    line("");
    Ok(())
}

/// Step 2: every credential, as text and QR code, and one printable card.
fn health_offices(folder: &Folder, keys: &Keys, now: Timestamp) -> CliResult<Vec<Shown>> {
    line(&format!(
        "2. The health offices issue {} credentials, at {now} or earlier: the text and a",
        PEOPLE.len()
    ));
    line(&format!(
        "   QR code (PNG) of each, a printable card for {}, and every card on A4 sheets.",
        card_holder().name
    ));
    let issued = issue_all(keys, now)?;
    let fonts = CardFonts::installed();
    let mut files = Vec::new();
    let mut sheets = Vec::new();
    let mut no_card = Vec::new();
    for (person, credential) in PEOPLE.iter().zip(&issued) {
        let symbol = QrSymbol::encode(&credential.text, DEFAULT_EC_LEVEL).map_err(fail)?;
        files.push((
            format!("credentials/{}.txt", person.slug),
            format!("{}\n", credential.text).into_bytes(),
        ));
        files.push((format!("credentials/{}.png", person.slug), symbol.to_png(camera::MODULE_PX)));
        let content = CardContent {
            text: &credential.text,
            credential: &credential.claims,
            utc_offset: region_utc_offset(credential.claims.region()),
            level: DEFAULT_EC_LEVEL,
            langs: CardLangs::ZhEn,
        };
        match Card::lay_out(&content, &fonts) {
            Ok(card) => {
                if person.slug == CARD_FOR {
                    files.push((format!("credentials/{}.card.svg", person.slug), card.to_svg().into_bytes()));
                }
                sheets.push(card.to_pdf_card());
            }
            // A machine without the fonts for a name still runs the demo, without that card.
            Err(healthseal_issuer::CardError::Glyphs(e)) => no_card.push((person.name, e)),
            Err(e) => return Err(fail(e)),
        }
        if person.slug == CARD_FOR {
            line(&format!(
                "   {}'s: {} bytes of COSE, {} characters of text, a version {} QR code at level {}.",
                person.name,
                credential.cose_len,
                credential.text.len(),
                symbol.version(),
                level_letter(DEFAULT_EC_LEVEL)
            ));
        }
    }
    if let Some((_, first)) = no_card.first() {
        let who: Vec<&str> = no_card.iter().map(|(name, _)| *name).collect();
        output::note(&format!("demo: no card for {} ({first})", who.join(", ")));
    }
    files.push(("credentials/cards.pdf".to_string(), sheets_pdf(&sheets)));
    folder.write(&files, false)?;
    line("   -> credentials/");
    line("");
    Ok(issued)
}

/// Step 3: revocation, statements, recognition, trust lists.
fn trust_offices(folder: &Folder, keys: &Keys, issued: &[Shown], now: Timestamp) -> CliResult<Trust> {
    let revoked = PEOPLE.iter().filter(|p| p.twist == Twist::Revoked).map(|p| format!("{}'s", p.name));
    line(&format!(
        "3. The trust offices. Henan revokes {} credential. Each province signs a statement",
        revoked.collect::<Vec<_>>().join(" and ")
    ));
    line("   of its issuing keys and revocations, recognises the other's statement on its own terms,");
    line("   and signs the trust list its checkpoints load:");
    let trust = build_trust(keys, issued, now)?;
    let own_and_recognised =
        [("Henan", &trust.henan_own, "Zhejiang's"), ("Zhejiang", &trust.zhejiang_own, "Henan's")].map(
            |(province, own, other)| {
                vec![
                    province.to_owned(),
                    format!("own credentials: {};", terms(own)),
                    format!("{other}: {}", terms(&trust.recognised)),
                ]
            },
        );
    table::lines("     ", &own_and_recognised).iter().for_each(|l| line(l));
    folder.write(&trust.files, false)?;
    line(&format!(
        "   -> henan.trust.toml, henan.statement, henan.trust-list (#{}, {} regions, {} bytes); zhejiang.*",
        trust.henan_sequence,
        trust.henan_regions,
        trust.henan_list.len()
    ));
    line("");
    Ok(trust)
}

/// A photo in the folder: its file name and JPEG bytes.
struct Photo {
    name: String,
    jpeg: Vec<u8>,
}

fn photo_name(index: usize, slug: &str) -> String {
    format!("{:02}-{slug}.jpg", index + 1)
}

/// Step 4: a photo of each code, and one of a desk with no code.
fn camera(folder: &Folder, issued: &[Shown]) -> CliResult<Vec<Photo>> {
    line("4. A camera photographs each code, under a different condition each, and a desk with no code.");
    let requests: Vec<camera::Request<'_>> = PEOPLE
        .iter()
        .zip(issued)
        .map(|(p, c)| camera::Request { condition: p.condition, seed: p.seed, texts: vec![c.text.as_str()] })
        .chain([camera::Request { condition: Condition::NoCode, seed: NO_CODE_SEED, texts: vec![] }])
        .collect();
    let photos: Vec<Photo> = camera::shoot(&requests)
        .map_err(fail)?
        .into_iter()
        .zip(PEOPLE.iter().map(|p| p.slug).chain([NO_CODE_SLUG]))
        .enumerate()
        .map(|(i, (jpeg, slug))| Photo { name: photo_name(i, slug), jpeg })
        .collect();
    let files: Vec<(String, Vec<u8>)> =
        photos.iter().map(|p| (format!("photos/{}", p.name), p.jpeg.clone())).collect();
    folder.write(&files, false)?;
    line("   -> photos/");
    line("");
    Ok(photos)
}

/// Step 5: a Henan checkpoint decides on every photo; the table of verdicts.
fn checkpoint(keys: &Keys, trust: &Trust, photos: &[Photo], now: Timestamp) -> CliResult<Tally> {
    line("5. A Henan checkpoint, offline and pinned to Henan's root key, checks every photo:");
    line("");
    let checkpoint =
        Verifier::new(keys.ha_root.public_key(), &trust.henan_list, Default::default()).map_err(fail)?;
    let mut rows =
        vec![["photo", "condition", "holder", "expected", "verdict", "reason"].map(String::from).to_vec()];
    let mut tally = Tally::default();
    for (i, photo) in photos.iter().enumerate() {
        let (condition, holder, expect) = match PEOPLE.get(i) {
            Some(p) => (p.condition, holder(p), p.expect),
            None => (Condition::NoCode, "-".to_owned(), Expect::NoCode),
        };
        let results = match checkpoint.verify_image(&photo.jpeg, now) {
            Ok(scans) if scans.is_empty() => vec![Seen::NoCode],
            Ok(scans) => scans.iter().map(Seen::from_scan).collect(),
            Err(e) => vec![Seen::Unreadable(e.to_string())],
        };
        for (j, seen) in results.iter().enumerate() {
            let as_expected = seen.matches(expect) && results.len() == 1;
            tally.count(seen, as_expected);
            let mut reason = seen.reason();
            if !as_expected {
                let _ = write!(reason, "  (expected {})", expect.describe());
            }
            // Several codes in one photo: the photo's cells once, then a row per code.
            let first = |cell: String| if j == 0 { cell } else { String::new() };
            rows.push(vec![
                first(photo.name.clone()),
                first(condition.name().to_owned()),
                first(holder.clone()),
                first(expect.word().to_owned()),
                seen.word().to_owned(),
                reason,
            ]);
        }
    }
    table::lines("   ", &rows).iter().for_each(|l| line(l));
    line("");
    line(&format!("   {}", tally.summary()));
    line("   A genuine red is a valid credential whose status is not accepted here: a rejection, not an error.");
    line("");
    Ok(tally)
}

fn line(text: &str) {
    output::line(text);
}

/// A demo step that cannot fail with the built-in material; if it does, it is reported as is.
fn fail(e: impl std::fmt::Display) -> CliError {
    CliError::usage(format!("demo: {e}"))
}

/// The built-in TEST ONLY keys.
struct Keys {
    zj_root: SigningKey,
    ha_root: SigningKey,
    zhejiang: Issuer,
    henan: Issuer,
    guangdong: Issuer,
}

impl Keys {
    fn load() -> CliResult<Self> {
        let issuer = |(info, key): (KeyInfo, SigningKey)| Issuer::new(key, &info, None).map_err(fail);
        Ok(Self {
            zj_root: builtin_keys::load(builtin_keys::ZJ_ROOT)?.1,
            ha_root: builtin_keys::load(builtin_keys::HA_ROOT)?.1,
            zhejiang: issuer(builtin_keys::load(builtin_keys::ZJ_ISSUER)?)?,
            henan: issuer(builtin_keys::load(builtin_keys::HA_ISSUER)?)?,
            guangdong: issuer(builtin_keys::guangdong_issuer()?)?,
        })
    }
}

/// A credential as the demo shows it: its text (edited, for the forgery) and its claims as issued.
struct Shown {
    text: String,
    claims: healthseal_core::Credential,
    cose_len: usize,
}

fn card_holder() -> &'static Person {
    PEOPLE.iter().find(|p| p.slug == CARD_FOR).unwrap_or(&PEOPLE[0])
}

fn issue_all(keys: &Keys, now: Timestamp) -> CliResult<Vec<Shown>> {
    PEOPLE
        .iter()
        .map(|p| {
            let office = match p.province {
                Province::Zhejiang => &keys.zhejiang,
                Province::Henan => &keys.henan,
                Province::Guangdong => &keys.guangdong,
            };
            let issued_at = now
                .checked_sub(Duration::from_secs(p.issued_hours_ago * HOUR))
                .ok_or_else(|| fail("clock out of range"))?;
            let issued_to = match p.twist {
                Twist::NameEdited { issued_to } => issued_to,
                _ => p.name,
            };
            let request = IssueRequest {
                name: issued_to.into(),
                birth_date: p.birth_date.into(),
                status: p.status,
                valid_for: Duration::from_secs(p.valid_hours * HOUR),
                not_before: None,
                basis: Some(p.basis),
            };
            let mut ids = DemoIds::new(office.key(), format!("{} {issued_at}", p.slug));
            let issued = office.issue(request, issued_at, &mut ids).map_err(fail)?;
            let cose = issued.sealed().cose_bytes();
            let text = match p.twist {
                Twist::NameEdited { issued_to } => encode_text(&edit_name(cose, issued_to, p.name)?),
                _ => issued.text().to_owned(),
            };
            Ok(Shown { text, cose_len: cose.len(), claims: issued.credential().clone() })
        })
        .collect()
}

/// The forger's edit: the holder's name replaced in the signed bytes by another of the same
/// length, so that the credential still decodes and only its signature gives it away.
fn edit_name(cose: &[u8], from: &str, to: &str) -> CliResult<Vec<u8>> {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let at = cose
        .windows(from.len())
        .position(|w| w == from)
        .filter(|_| from.len() == to.len())
        .ok_or_else(|| fail("the forged name must be as long as the original"))?;
    let mut edited = cose.to_vec();
    edited[at..at + to.len()].copy_from_slice(to);
    Ok(edited)
}
