//! `healthseal demo`: the whole story in a few seconds, on TEST ONLY material, into a fresh
//! folder. Two provinces issue credentials (QR codes, a printable card), publish statements,
//! recognise each other on their own terms and sign trust lists; a camera photographs every
//! code; a Henan checkpoint decides on each photo, offline. No network, no state outside the
//! folder.

mod camera;
mod cast;
mod folder;
mod ids;
mod table;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use healthseal_core::{
    encode_text, IssuerStatement, IssuingKey, KeyInfo, Policy, SigningKey, Status, Timestamp, Verdict,
};
use healthseal_issuer::qr::{level_letter, QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_issuer::{
    card_svg, format_duration, region_utc_offset, CardContent, IssueRequest, Issuer, TrustSource,
};
use healthseal_photosim::Condition;
use healthseal_verifier::{Scan, Verifier};

use self::cast::{Expect, Person, Province, Twist, NO_CODE_SEED, NO_CODE_SLUG, PEOPLE};
use self::folder::Folder;
use self::ids::DemoIds;
use crate::cli::DemoArgs;
use crate::demo_keys;
use crate::exit::{CliError, CliResult, Outcome};
use crate::{clock, output};

const HOUR: u64 = 3600;

/// Henan's and Zhejiang's terms for each other's credentials.
const RECOGNISED_MAX_AGE: Duration = Duration::from_secs(48 * HOUR);
const RECOGNISED_MAX_VALIDITY: Duration = Duration::from_secs(7 * 24 * HOUR);

/// Each province's cap on its own credentials' validity.
const OWN_MAX_VALIDITY: Duration = Duration::from_secs(7 * 24 * HOUR);

/// How long the trust lists hold before a new one is due.
const NEXT_UPDATE: Duration = Duration::from_secs(24 * HOUR);

/// The demo's cast member whose card is printed.
const CARD_FOR: &str = "zhang-san";

pub fn run(args: DemoArgs) -> CliResult {
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
    let key_files: Vec<(String, Vec<u8>)> = demo_keys::FILES
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
    line(&format!("   QR code (PNG) of each, and a printable card for {}.", card_holder().name));
    let issued = issue_all(keys, now)?;
    let mut files = Vec::new();
    for (person, credential) in PEOPLE.iter().zip(&issued) {
        let symbol = QrSymbol::encode(&credential.text, DEFAULT_EC_LEVEL).map_err(fail)?;
        files.push((
            format!("credentials/{}.txt", person.slug),
            format!("{}\n", credential.text).into_bytes(),
        ));
        files.push((format!("credentials/{}.png", person.slug), symbol.to_png(camera::MODULE_PX)));
        if person.slug == CARD_FOR {
            let svg = card_svg(&CardContent {
                text: &credential.text,
                credential: &credential.claims,
                utc_offset: region_utc_offset(credential.claims.region()),
                level: DEFAULT_EC_LEVEL,
            })
            .map_err(fail)?;
            files.push((format!("credentials/{}.card.svg", person.slug), svg.into_bytes()));
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
            zj_root: demo_keys::load(demo_keys::ZJ_ROOT)?.1,
            ha_root: demo_keys::load(demo_keys::HA_ROOT)?.1,
            zhejiang: issuer(demo_keys::load(demo_keys::ZJ_ISSUER)?)?,
            henan: issuer(demo_keys::load(demo_keys::HA_ISSUER)?)?,
            guangdong: issuer(demo_keys::guangdong_issuer()?)?,
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

/// The trust offices' work: sources, statements, trust lists.
struct Trust {
    files: Vec<(String, Vec<u8>)>,
    henan_list: Vec<u8>,
    henan_sequence: u64,
    henan_regions: usize,
    henan_own: Policy,
    zhejiang_own: Policy,
    recognised: Policy,
}

fn build_trust(keys: &Keys, issued: &[Shown], now: Timestamp) -> CliResult<Trust> {
    let region = |code: &str| code.parse().map_err(fail);
    let mut henan = TrustSource::new(&region("CN-HA")?, "Henan", keys.ha_root.public_key());
    let mut zhejiang = TrustSource::new(&region("CN-ZJ")?, "Zhejiang", keys.zj_root.public_key());
    henan.add_key(IssuingKey::active(keys.henan.key().public_key().clone())).map_err(fail)?;
    zhejiang.add_key(IssuingKey::active(keys.zhejiang.key().public_key().clone())).map_err(fail)?;
    // Every set of terms bounds how long a credential passes after its issue: what a stolen
    // issuing key signs then stops passing within that time.
    let own = |accept: &[Status]| Policy {
        max_validity: Some(OWN_MAX_VALIDITY),
        ..Policy::accepting(accept.iter().copied())
    };
    let henan_own = own(&[Status::Green, Status::Yellow]);
    let zhejiang_own = own(&[Status::Green]);
    henan.set_policy("CN-HA", &henan_own).map_err(fail)?;
    zhejiang.set_policy("CN-ZJ", &zhejiang_own).map_err(fail)?;
    for (person, shown) in PEOPLE.iter().zip(issued) {
        if person.twist == Twist::Revoked {
            henan.revoke(shown.claims.id());
        }
    }

    let henan_statement = henan.statement(now).map_err(fail)?.sign(&keys.ha_root).map_err(fail)?;
    let zhejiang_statement = zhejiang.statement(now).map_err(fail)?.sign(&keys.zj_root).map_err(fail)?;
    let recognised = Policy {
        max_age: Some(RECOGNISED_MAX_AGE),
        max_validity: Some(RECOGNISED_MAX_VALIDITY),
        ..Policy::accepting([Status::Green])
    };
    let opened = IssuerStatement::open(&zhejiang_statement, keys.zj_root.public_key()).map_err(fail)?;
    henan.recognize(&opened, Some(&recognised)).map_err(fail)?;
    let opened = IssuerStatement::open(&henan_statement, keys.ha_root.public_key()).map_err(fail)?;
    zhejiang.recognize(&opened, Some(&recognised)).map_err(fail)?;

    let next = now.checked_add(NEXT_UPDATE).ok_or_else(|| fail("clock out of range"))?;
    let henan_checked = henan.trust_list(now, next).map_err(fail)?.check().map_err(fail)?;
    let henan_list = henan_checked.sign(&keys.ha_root).map_err(fail)?;
    let zhejiang_list = zhejiang
        .trust_list(now, next)
        .map_err(fail)?
        .check()
        .map_err(fail)?
        .sign(&keys.zj_root)
        .map_err(fail)?;
    let files = vec![
        ("henan.trust.toml".to_owned(), henan.to_toml().map_err(fail)?.into_bytes()),
        ("henan.statement".to_owned(), henan_statement),
        ("henan.trust-list".to_owned(), henan_list.clone()),
        ("zhejiang.trust.toml".to_owned(), zhejiang.to_toml().map_err(fail)?.into_bytes()),
        ("zhejiang.statement".to_owned(), zhejiang_statement),
        ("zhejiang.trust-list".to_owned(), zhejiang_list),
    ];
    Ok(Trust {
        files,
        henan_list,
        henan_sequence: henan_checked.sequence(),
        henan_regions: henan_checked.regions().len(),
        henan_own,
        zhejiang_own,
        recognised,
    })
}

fn terms(p: &Policy) -> String {
    let mut text = p.accept.iter().map(|s| s.name()).collect::<Vec<_>>().join(" or ");
    if let Some(age) = p.max_age {
        let _ = write!(text, ", issued at most {} ago", format_duration(age));
    }
    if let Some(validity) = p.max_validity {
        let _ = write!(text, ", valid at most {}", format_duration(validity));
    }
    text
}

fn holder(p: &Person) -> String {
    match p.twist {
        Twist::NameEdited { .. } => format!("{} · {}, forged", p.name, p.province.code()),
        _ => format!("{} · {} {}", p.name, p.province.code(), p.status.name()),
    }
}

impl Expect {
    fn word(self) -> &'static str {
        match self {
            Self::Accepted => "ACCEPTED",
            Self::Rejected(_) => "REJECTED",
            Self::NoCode => "NO CODE",
        }
    }

    fn describe(self) -> String {
        match self {
            Self::Accepted => "accepted".into(),
            Self::Rejected(code) => format!("rejected: {code}"),
            Self::NoCode => "no code".into(),
        }
    }
}

/// What the checkpoint made of one code in a photo, or of a photo without one.
enum Seen {
    Verdict(Verdict),
    NotACredential,
    NoCode,
    Unreadable(String),
}

impl Seen {
    fn from_scan(scan: &Scan) -> Self {
        match scan.verdict() {
            Some(v) => Self::Verdict(v.clone()),
            None => Self::NotACredential,
        }
    }

    fn word(&self) -> &'static str {
        match self {
            Self::Verdict(Verdict::Accepted(_)) => "ACCEPTED",
            Self::Verdict(Verdict::Rejected(_)) => "REJECTED",
            Self::NotACredential => "NOT A CREDENTIAL",
            Self::NoCode => "NO CODE",
            Self::Unreadable(_) => "UNREADABLE",
        }
    }

    /// Plain words, then the stable code in brackets.
    fn reason(&self) -> String {
        match self {
            Self::Verdict(Verdict::Accepted(a)) => format!(
                "{}, valid until {}",
                a.credential.status().name().to_uppercase(),
                a.credential.expires_at()
            ),
            Self::Verdict(Verdict::Rejected(r)) => format!("{} [{}]", r.reason, r.reason.code()),
            Self::NotACredential => "a QR code that is not a healthseal credential [not_a_credential]".into(),
            Self::NoCode => "no QR code found in the photo [no_code]".into(),
            Self::Unreadable(e) => format!("{e} [unreadable]"),
        }
    }

    fn matches(&self, expect: Expect) -> bool {
        match (self, expect) {
            (Self::Verdict(Verdict::Accepted(_)), Expect::Accepted) | (Self::NoCode, Expect::NoCode) => true,
            (Self::Verdict(Verdict::Rejected(r)), Expect::Rejected(code)) => r.reason.code() == code,
            _ => false,
        }
    }
}

#[derive(Default)]
struct Tally {
    accepted: usize,
    rejected: usize,
    no_code: usize,
    other: usize,
    unexpected: usize,
}

impl Tally {
    fn count(&mut self, seen: &Seen, as_expected: bool) {
        match seen {
            Seen::Verdict(Verdict::Accepted(_)) => self.accepted += 1,
            Seen::Verdict(Verdict::Rejected(_)) => self.rejected += 1,
            Seen::NoCode => self.no_code += 1,
            Seen::NotACredential | Seen::Unreadable(_) => self.other += 1,
        }
        if !as_expected {
            self.unexpected += 1;
        }
    }

    fn summary(&self) -> String {
        let mut counts = format!(
            "{} accepted, {} rejected, {} photo without a code",
            self.accepted, self.rejected, self.no_code
        );
        if self.other > 0 {
            let _ = write!(counts, ", {} other", self.other);
        }
        if self.unexpected == 0 {
            format!("Every verdict as expected: {counts}.")
        } else {
            format!("{} verdict(s) NOT as expected: {counts}.", self.unexpected)
        }
    }
}

/// Commands that work on the folder just written. The demo's clock is passed with `--at`, so
/// that they give the same verdicts whenever they are run.
fn try_next(folder: &Folder, now: Timestamp) {
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
fn readme(now: Timestamp) -> String {
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
         credentials/{CARD_FOR}.card.svg  a printable card (A7)\n\
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
