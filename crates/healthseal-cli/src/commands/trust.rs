//! `healthseal trust …`: the province trust office's commands.

use std::path::Path;

use healthseal_core::{
    CredentialId, IssuerStatement, IssuingKey, KeyStatus, Policy, PublicKeyFile, Role, StatusSet,
    TrustDocError,
};
use healthseal_issuer::{format_duration, SourceError, TrustSource};

use crate::cli::{PolicyArgs, TrustCommand};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{clock, keys, output, render_trust};

pub fn run(command: TrustCommand) -> CliResult {
    match command {
        TrustCommand::Init(a) => {
            let root = read_public(&a.root, "root public key")?;
            if root.info.role == Some(Role::Issuer) {
                return Err(CliError::usage(format!(
                    "{} is an issuing key, not a root key",
                    a.root.display()
                )));
            }
            let name = a.name.unwrap_or_else(|| a.region.to_string());
            let source = TrustSource::new(&a.region, &name, &root.key);
            source.own_entry().map_err(source_error(&a.out))?;
            let text = source.to_toml().map_err(source_error(&a.out))?;
            files::write_all_or_nothing(
                &[Output { path: &a.out, contents: text.as_bytes(), mode: 0o644, replace: a.force }],
                &[&a.root],
            )?;
            output::line(&format!("trust source for {} ({name}) written to {}", a.region, a.out.display()));
            output::line(&format!(
                "  its own credentials: green accepted, no max age, no max validity (change with `healthseal trust policy {}`)",
                a.out.display()
            ));
            warn_unbounded(
                a.region.as_str(),
                &source.policy.to_policy("policy").map_err(source_error(&a.out))?,
            );
            Ok(Outcome::Success)
        }
        TrustCommand::AddKey(a) => {
            let key = read_public(&a.key, "issuing key")?;
            let (_lock, mut source) = read_source(&a.source)?;
            if key.info.role == Some(Role::Root) {
                return Err(CliError::usage(format!(
                    "{} is a root key; only issuing keys sign credentials",
                    a.key.display()
                )));
            }
            if let Some(region) = &key.info.region {
                if region.as_str() != source.region {
                    return Err(CliError::usage(format!(
                        "{} belongs to {region}, but this source is for {}",
                        a.key.display(),
                        source.region
                    )));
                }
            }
            let issuing = IssuingKey {
                key: key.key.clone(),
                not_before: a.not_before,
                not_after: a.not_after.or(key.info.not_after),
                status: KeyStatus::Active,
            };
            source.add_key(issuing).map_err(source_error(&a.source))?;
            write_source(&a.source, &source, &[&a.key])?;
            output::line(&format!("added issuing key {} to {}", key.key.kid(), a.source.display()));
            Ok(Outcome::Success)
        }
        TrustCommand::Statement(a) => {
            let (_lock, mut source) = read_source(&a.source)?;
            let root = load_root(&a.root, &source)?;
            let now = clock::now_or(a.at)?;
            let statement = source.statement(now).map_err(source_error(&a.source))?;
            let bytes = statement
                .sign(&root)
                .map_err(|e| CliError::usage(format!("cannot sign the statement: {e}")))?;
            let text = source.to_toml().map_err(source_error(&a.source))?;
            files::write_all_or_nothing(
                &[
                    Output { path: &a.out, contents: &bytes, mode: 0o644, replace: a.force },
                    Output { path: &a.source, contents: text.as_bytes(), mode: 0o644, replace: true },
                ],
                &[&a.root],
            )?;
            output::line(&format!(
                "statement #{} of {} ({} issuing key(s), {} revoked) written to {} ({} bytes)",
                statement.sequence,
                statement.region,
                statement.keys.len(),
                statement.revoked.len(),
                a.out.display(),
                bytes.len()
            ));
            Ok(Outcome::Success)
        }
        TrustCommand::Recognize(a) => {
            let other_root = read_public(&a.statement_root, "root public key")?;
            let bytes = read_document(&a.statement)?;
            let statement = IssuerStatement::open(&bytes, &other_root.key).map_err(|e| {
                CliError::usage(format!("statement {}: {e}", a.statement.display())).hint(
                    "check that --statement-root is the root key the other province gave you, not one found next to the statement",
                )
            })?;
            let (_lock, mut source) = read_source(&a.source)?;
            let existing = source.recognized.iter().find(|r| r.region == statement.region.as_str());
            let again = existing.is_some();
            if !again && (a.policy.accept.is_empty() || a.policy.max_age.is_none()) {
                return Err(CliError::usage(format!(
                    "{} is recognised for the first time: its terms are needed",
                    statement.region
                ))
                .hint("give --accept (e.g. green) and --max-age (e.g. 48h, or none)"));
            }
            // The terms given change; the others stay as they were (none at all the first time).
            let terms = match existing {
                _ if !a.policy.given() => None,
                Some(r) => Some(
                    r.policy
                        .to_policy(&format!("recognized[{}].policy", r.region))
                        .map_err(source_error(&a.source))?,
                ),
                None => Some(Policy::accepting([])),
            }
            .map(|mut p| {
                apply(&a.policy, &mut p);
                p
            });
            source.recognize(&statement, terms.as_ref()).map_err(source_error(&a.source))?;
            let policy = source
                .recognized
                .iter()
                .find(|r| r.region == statement.region.as_str())
                .map(|r| r.policy.to_policy("policy"))
                .transpose()
                .map_err(source_error(&a.source))?
                .unwrap_or_else(|| Policy::accepting([]));
            write_source(&a.source, &source, &[&a.statement, &a.statement_root])?;
            output::line(&format!(
                "{} {} ({}) from statement #{}: {} issuing key(s), {} revoked; accepting {}",
                if again { "updated" } else { "recognised" },
                statement.region,
                statement.name,
                statement.sequence,
                statement.keys.len(),
                statement.revoked.len(),
                render_trust::statuses(policy.accept)
            ));
            warn_unbounded(statement.region.as_str(), &policy);
            output::line(&format!(
                "sign a new trust list to put it into effect: healthseal trust sign --source {} …",
                a.source.display()
            ));
            Ok(Outcome::Success)
        }
        TrustCommand::Policy(a) => {
            if !a.policy.given() {
                return Err(CliError::usage("no term to change").hint(
                    "give the terms to change, e.g. --accept green,yellow --max-age 48h --max-validity none",
                ));
            }
            let (_lock, mut source) = read_source(&a.source)?;
            let region = a.region.map(|r| r.to_string()).unwrap_or_else(|| source.region.clone());
            let policy =
                source.edit_policy(&region, |p| apply(&a.policy, p)).map_err(source_error(&a.source))?;
            write_source(&a.source, &source, &[])?;
            output::line(&format!("{region}: {}", terms(&policy)));
            warn_unbounded(&region, &policy);
            Ok(Outcome::Success)
        }
        TrustCommand::Unrecognize(a) => {
            let (_lock, mut source) = read_source(&a.source)?;
            let sequence = source
                .recognized
                .iter()
                .find(|r| r.region == a.region.as_str())
                .map(|r| r.statement_sequence);
            source.unrecognize(a.region.as_str()).map_err(source_error(&a.source))?;
            write_source(&a.source, &source, &[])?;
            output::line(&format!("{} is no longer recognised (after the next trust sign)", a.region));
            if let Some(n) = sequence {
                output::line(&format!(
                    "  its statement #{n} stays recorded: recognising it again under the same root takes #{n} or newer"
                ));
            }
            Ok(Outcome::Success)
        }
        TrustCommand::Revoke(a) => {
            let (_lock, mut source) = read_source(&a.source)?;
            let mut ids = a
                .ids
                .iter()
                .map(|s| s.parse::<CredentialId>().map_err(CliError::usage))
                .collect::<Result<Vec<_>, _>>()?;
            let own = source.own_entry().map_err(source_error(&a.source))?;
            for input in &a.credentials {
                ids.push(own_credential_id(input, &own)?);
            }
            let added = ids.iter().filter(|id| source.revoke(**id)).count();
            write_source(&a.source, &source, &[])?;
            output::line(&format!(
                "{added} credential(s) revoked ({} already were); {} revoked in all",
                ids.len() - added,
                source.revoked.len()
            ));
            output::line("publish a new statement and trust list to put it into effect");
            Ok(Outcome::Success)
        }
        TrustCommand::Compromise(a) => {
            let (_lock, mut source) = read_source(&a.source)?;
            let before = source.compromise(&a.kid, a.since).map_err(source_error(&a.source))?;
            write_source(&a.source, &source, &[])?;
            match before {
                Some(recorded) if recorded == a.since => {
                    output::line(&format!("key {} was already marked compromised since {recorded}", a.kid))
                }
                Some(recorded) => output::line(&format!(
                    "key {} marked compromised since {} (earlier than {recorded}, recorded before)",
                    a.kid, a.since
                )),
                None => output::line(&format!("key {} marked compromised since {}", a.kid, a.since)),
            }
            output::line("credentials it signed from then on will be rejected once a new statement and trust list are out");
            Ok(Outcome::Success)
        }
        TrustCommand::Retire(a) => {
            let at = clock::now_or(a.at)?;
            let (_lock, mut source) = read_source(&a.source)?;
            let (not_after, kept) = source.retire(&a.kid, at).map_err(source_error(&a.source))?;
            write_source(&a.source, &source, &[])?;
            output::line(&format!("key {} retired: it may sign nothing issued after {not_after}", a.kid));
            if kept {
                output::line(&format!(
                    "  its not-after {not_after}, earlier than {at}, is kept: retiring only narrows a key's window"
                ));
            }
            Ok(Outcome::Success)
        }
        TrustCommand::Sign(a) => {
            let (_lock, mut source) = read_source(&a.source)?;
            let root = load_root(&a.root, &source)?;
            let now = clock::now_or(a.at)?;
            let next = now
                .checked_add(a.next_update)
                .ok_or_else(|| CliError::usage("--next-update is too far away"))?;
            let draft = source.trust_list(now, next).map_err(source_error(&a.source))?;
            let list = draft.check().map_err(|e| CliError::usage(format!("{}: {e}", a.source.display())))?;
            let bytes =
                list.sign(&root).map_err(|e| CliError::usage(format!("cannot sign the trust list: {e}")))?;
            let text = source.to_toml().map_err(source_error(&a.source))?;
            files::write_all_or_nothing(
                &[
                    Output { path: &a.out, contents: &bytes, mode: 0o644, replace: a.force },
                    Output { path: &a.source, contents: text.as_bytes(), mode: 0o644, replace: true },
                ],
                &[&a.root],
            )?;
            output::line(&format!(
                "trust list #{} of {}: {} region(s), next update {}, written to {} ({} bytes)",
                list.sequence(),
                list.owner(),
                list.regions().len(),
                list.next_update(),
                a.out.display(),
                bytes.len()
            ));
            for entry in list.regions() {
                warn_unbounded(entry.region.as_str(), &entry.policy);
            }
            Ok(Outcome::Success)
        }
        TrustCommand::Show(a) => {
            let bytes = read_document(&a.file)?;
            let root = a.root.as_deref().map(|p| read_public(p, "root public key")).transpose()?;
            let outcome = render_trust::show(&bytes, root.as_ref().map(|r| &r.key), a.json, &a.file)?;
            // Flag terms that leave a stolen key's forgeries unbounded (human output: on stdout,
            // after the list; JSON: on stderr, so the JSON stays one document).
            if let Ok((list, _)) = healthseal_core::TrustList::read_unverified(&bytes) {
                let unbounded: Vec<_> =
                    list.regions().iter().filter(|e| !e.policy.bounds_lifetime()).collect();
                if !a.json && !unbounded.is_empty() {
                    output::line("");
                }
                for entry in unbounded {
                    let text = unbounded_warning(entry.region.as_str());
                    if a.json {
                        output::note(&text);
                    } else {
                        output::line(&text);
                    }
                }
            }
            Ok(outcome)
        }
        TrustCommand::Verify(a) => {
            let bytes = read_document(&a.file)?;
            let root = read_public(&a.root, "root public key")?;
            render_trust::verify(&bytes, &root.key, a.json, &a.file)
        }
    }
}

/// The id of a credential this province issued: its signature must hold under one of the
/// province's own issuing keys, so nobody revokes by mistake what another province issued.
fn own_credential_id(input: &str, own: &healthseal_core::RegionEntry) -> CliResult<CredentialId> {
    let text = crate::files::Source::parse(input).read()?;
    let sealed = healthseal_core::Sealed::from_text(&text)
        .map_err(|e| CliError::unreadable(format!("{input}: not a credential: {e}")))?;
    let verified = sealed.verify(own.keys.iter().map(|k| &k.key)).map_err(|e| {
        CliError::usage(format!("{input}: {e}"))
            .hint(format!("only credentials issued by {}'s own keys can be revoked here", own.region))
    })?;
    Ok(verified.id())
}

/// Changes the terms given on the command line; the others stay as they are (`none` removes a
/// limit).
fn apply(a: &PolicyArgs, p: &mut Policy) {
    if !a.accept.is_empty() {
        p.accept = StatusSet::of(a.accept.iter().copied());
    }
    if let Some(l) = a.max_age {
        p.max_age = l.get();
    }
    if let Some(l) = a.max_validity {
        p.max_validity = l.get();
    }
    if let Some(l) = a.from {
        p.from = l.get();
    }
    if let Some(l) = a.until {
        p.until = l.get();
    }
}

/// `accepting green, yellow; max age 48h; max validity no limit`, and the agreement when it has
/// a window.
fn terms(p: &Policy) -> String {
    let limit = |d: Option<std::time::Duration>| d.map(format_duration).unwrap_or_else(|| "no limit".into());
    let mut text = format!(
        "accepting {}; max age {}; max validity {}",
        render_trust::statuses(p.accept),
        limit(p.max_age),
        limit(p.max_validity)
    );
    if let Some(from) = p.from {
        text.push_str(&format!("; from {from}"));
    }
    if let Some(until) = p.until {
        text.push_str(&format!("; until {until}"));
    }
    text
}

fn unbounded_warning(region: &str) -> String {
    format!(
        "warning: {region} has neither a max age nor a max validity: what a stolen {region} issuing key signs, \
         dated before its compromise, passes without time limit (set one with `healthseal trust policy`)"
    )
}

/// Says on stderr when terms leave a stolen key's backdated forgeries without a time limit.
fn warn_unbounded(region: &str, policy: &Policy) {
    if !policy.bounds_lifetime() {
        output::note(&unbounded_warning(region));
    }
}

fn source_error(path: &Path) -> impl Fn(SourceError) -> CliError + '_ {
    move |e| CliError::usage(format!("{}: {e}", path.display()))
}

/// Reads a trust source to change it, holding its lock until the returned guard is dropped:
/// edits running at the same time follow one another, and none is lost.
fn read_source(path: &Path) -> CliResult<(files::EditLock, TrustSource)> {
    let lock = files::lock_for_edit(path, "trust source")?;
    let text = files::read_config_sized(path, "trust source", files::MAX_SOURCE_LEN)?;
    Ok((lock, TrustSource::parse(&text).map_err(source_error(path))?))
}

fn write_source(path: &Path, source: &TrustSource, inputs: &[&Path]) -> CliResult<()> {
    let text = source.to_toml().map_err(source_error(path))?;
    files::write_all_or_nothing(
        &[Output { path, contents: text.as_bytes(), mode: 0o644, replace: true }],
        inputs,
    )
}

pub fn read_public(path: &Path, what: &str) -> CliResult<PublicKeyFile> {
    let text = files::read_config(path, what)?;
    PublicKeyFile::parse(&text).map_err(|e| {
        let err = CliError::usage(format!("{what} {}: {e}", path.display()));
        if text.contains("PRIVATE KEY") {
            err.hint(format!("give the public key file ({}.pub)", path.display()))
        } else {
            err
        }
    })
}

/// Reads a signed trust document, bounded.
pub fn read_document(path: &Path) -> CliResult<Vec<u8>> {
    files::read_binary(path, healthseal_core::limits::MAX_TRUST_DOC_LEN)
}

/// The root signing key, checked against the source: a root key of this province.
fn load_root(path: &Path, source: &TrustSource) -> CliResult<healthseal_core::SigningKey> {
    let (info, key) = keys::load_private(path)?;
    if info.role == Some(Role::Issuer) {
        return Err(CliError::usage(format!(
            "{} is an issuing key; trust documents are signed with the root key",
            path.display()
        )));
    }
    let expected = source.root().map_err(|e| CliError::usage(e.to_string()))?;
    if key.public_key() != &expected {
        return Err(CliError::usage(format!(
            "{} (kid {}) is not the root key of this source (kid {})",
            path.display(),
            key.public_key().kid(),
            expected.kid()
        )));
    }
    Ok(key)
}

/// Maps a trust-document error to a CLI error: unreadable when it is not a trust document at
/// all, rejected-as-configuration otherwise.
pub fn document_error(path: &Path, e: TrustDocError) -> CliError {
    match e {
        TrustDocError::Envelope { .. } | TrustDocError::Cbor(_) | TrustDocError::TooLarge { .. } => {
            CliError::unreadable(format!("{}: {e}", path.display()))
        }
        other => CliError::usage(format!("{}: {other}", path.display())),
    }
}
