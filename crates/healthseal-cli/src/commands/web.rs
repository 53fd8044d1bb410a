//! `healthseal web`: the checkpoint app as a folder of static files, ready to host, with this
//! province's root pinned and its trust list inside.
//!
//! The app itself (HTML, JavaScript, the verifier compiled to WebAssembly) is built once by
//! `just web` into `target/checkpoint-app`; this command checks the root and the list, then
//! writes the app with them into a new folder, all or nothing.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use healthseal_core::{Role, TrustList};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::args::{DecisionArgs, PinnedList, StaleArg};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, io_reason, shown};
use crate::output;

pub const HELP: &str = "\
Examples:
  just web      # once: builds the app into target/checkpoint-app
  healthseal web --trust ha.trust-list --root ha-root.key.pub --out checkpoint-site
  healthseal web --trust ha.trust-list --root ha-root.key.pub --out checkpoint-site --force

The folder holds index.html at its top, the app's scripts and styles, the verifier as
WebAssembly, and province/ (the pinned root, the trust list, the decision options). Host it
over HTTPS (browsers give the camera only to secure pages; http://localhost is the exception)
with the headers in docs/checkpoint-app.md. After the first visit the app works offline.

To ship a newer trust list, run this again with it (checkpoints that are online take it when
they next start), or hand the list file to officers, who load it in the app.";

/// Where `just web` puts the built app, beside the folder of the binary built with it
/// (`target/release/healthseal` → `target/checkpoint-app`).
const BUILT_APP: &str = "checkpoint-app";

/// More than the app ever holds (about 1 MB); a folder larger than this is not the app.
const MAX_APP_BYTES: u64 = 32 * 1024 * 1024;

/// Placeholders in the app's service worker, filled here.
const VERSION_MARK: &str = "__HEALTHSEAL_VERSION__";
const FILES_MARK: &str = "__HEALTHSEAL_FILES__";

#[derive(Debug, clap::Args)]
pub struct Args {
    // The trust list the app starts with, and the root it pins.
    #[command(flatten)]
    pub list: PinnedList,
    /// The folder to write (must not exist, unless --force)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The built app [default: $HEALTHSEAL_WEB_APP, or target/checkpoint-app of this source tree]
    #[arg(long, value_name = "DIR")]
    pub app: Option<PathBuf>,
    #[command(flatten)]
    pub decision: DecisionArgs,
    /// Replace an existing --out folder (swapped in whole once the new one is written)
    #[arg(long)]
    pub force: bool,
    /// Print a JSON summary instead of lines for people
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> CliResult {
    let (root, list_bytes) = a.list.read()?;
    if root.info.role == Some(Role::Issuer) {
        return Err(CliError::usage(format!("{} is an issuing key", shown(&a.list.root)))
            .hint("the app pins the province root key (keygen --role root)"));
    }
    let list = TrustList::open(&list_bytes, &root.key).map_err(|e| {
        CliError { outcome: Outcome::Usage, ..files::document_error(&a.list.trust, e) }
            .hint("the trust list must be signed by the root key given with --root")
    })?;
    if a.out.exists() && !a.force {
        return Err(CliError::usage(format!("{} already exists", shown(&a.out)))
            .hint("choose another folder, or pass --force to replace it"));
    }
    if a.out.exists() && !written_here(&a.out) {
        return Err(CliError::usage(format!("{} was not written by `healthseal web`", shown(&a.out)))
            .hint("--force replaces only a folder this command wrote; choose another folder"));
    }
    let app_dir = a.app.clone().or_else(|| std::env::var_os("HEALTHSEAL_WEB_APP").map(PathBuf::from));
    let app_dir = app_dir.or_else(built_app).unwrap_or_else(|| PathBuf::from(BUILT_APP));
    for (input, what) in [(&app_dir, "--app"), (&a.list.trust, "--trust"), (&a.list.root, "--root")] {
        if overlaps(&a.out, input) {
            return Err(CliError::usage(format!("--out {} overlaps {what} {}", shown(&a.out), shown(input)))
                .hint("write the site to a folder of its own"));
        }
    }
    let mut site = read_app(&app_dir)?;

    let config = json!({
        "province": list.owner().as_str(),
        "root_kid": root.key.kid().to_string(),
        "skew_secs": a.decision.skew.as_secs(),
        "stale_grace_secs": a.decision.grace.as_secs(),
        "stale": match a.decision.stale { StaleArg::Warn => "warn", StaleArg::Reject => "reject" },
    });
    site.push(("province/root.pub".into(), root.format().into_bytes()));
    site.push(("province/trust.list".into(), list_bytes));
    site.push(("province/config.json".into(), format!("{config:#}\n").into_bytes()));
    fill_service_worker(&mut site, &app_dir)?;

    let bytes: usize = site.iter().map(|(_, contents)| contents.len()).sum();
    write_folder(&a.out, &site, a.force)?;
    if a.json {
        output::json(
            "web",
            json!({
                "out": shown(&a.out),
                "files": site.len(),
                "bytes": bytes,
                "province": list.owner().as_str(),
                "root_kid": root.key.kid().to_string(),
                "list_sequence": list.sequence(),
            }),
        );
    } else {
        output::line(&format!(
            "checkpoint app for {} written to {}: {} files, {bytes} bytes; root {} pinned, trust list #{}",
            list.owner(),
            shown(&a.out),
            site.len(),
            root.key.kid(),
            list.sequence()
        ));
        output::line("host it over HTTPS with the headers in docs/checkpoint-app.md; to try it here:");
        output::line(&format!(
            "  python3 -m http.server --directory {} 8080   # then open http://localhost:8080/",
            shown(&a.out)
        ));
    }
    Ok(Outcome::Success)
}

/// The built app beside the running binary's folder, when there is one.
fn built_app() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?.join(BUILT_APP);
    dir.is_dir().then_some(dir)
}

/// Whether `dir` is a site this command wrote: what `--force` may replace.
fn written_here(dir: &Path) -> bool {
    dir.join("province/config.json").is_file()
        && dir.join("sw.js").is_file()
        && dir.join("index.html").is_file()
}

/// Whether one path is inside the other (or both are one), compared as absolute paths.
fn overlaps(out: &Path, input: &Path) -> bool {
    let absolute = |p: &Path| {
        fs::canonicalize(p).ok().or_else(|| {
            let parent =
                fs::canonicalize(p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")))
                    .ok()?;
            Some(parent.join(p.file_name()?))
        })
    };
    match (absolute(out), absolute(input)) {
        (Some(out), Some(input)) => out.starts_with(&input) || input.starts_with(&out),
        _ => false,
    }
}

/// Every regular file of the built app, by its path inside the app (with `/`), sorted.
fn read_app(dir: &Path) -> CliResult<Vec<(String, Vec<u8>)>> {
    let not_built = || {
        CliError::usage(format!("the checkpoint app is not built in {}", shown(dir))).hint(
            "run `just web` in the healthseal source tree (or crates/healthseal-web/build-app.sh; \
             see README.md), or give the built app with --app",
        )
    };
    if !dir.join("index.html").is_file() || !dir.join("pkg/healthseal_web_bg.wasm").is_file() {
        return Err(not_built());
    }
    let mut found = Vec::new();
    let mut total = 0u64;
    collect(dir, "", &mut found, &mut total)?;
    if !found.iter().any(|(name, _)| name == "sw.js") {
        return Err(not_built());
    }
    found.sort();
    Ok(found)
}

fn collect(dir: &Path, prefix: &str, found: &mut Vec<(String, Vec<u8>)>, total: &mut u64) -> CliResult<()> {
    let unreadable = |path: &Path, e: std::io::Error| {
        CliError::usage(format!("cannot read the app at {}: {}", shown(path), io_reason(&e)))
    };
    for entry in fs::read_dir(dir).map_err(|e| unreadable(dir, e))? {
        let path = entry.map_err(|e| unreadable(dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        // Hidden files (editor backups, .gitignore) and a province/ of an earlier write are not the app.
        if name.starts_with('.') || (prefix.is_empty() && name == "province") {
            continue;
        }
        let meta = fs::symlink_metadata(&path).map_err(|e| unreadable(&path, e))?;
        if meta.file_type().is_symlink() {
            return Err(CliError::usage(format!("{} is a symbolic link", shown(&path))).hint(
                "the app is built as plain files (`just web`); a link could publish a file from elsewhere",
            ));
        }
        if meta.is_dir() {
            collect(&path, &format!("{prefix}{name}/"), found, total)?;
        } else if meta.is_file() {
            *total += meta.len();
            if *total > MAX_APP_BYTES {
                return Err(CliError::usage(format!(
                    "{} holds more than {MAX_APP_BYTES} bytes: not the checkpoint app",
                    shown(dir)
                )));
            }
            found.push((format!("{prefix}{name}"), fs::read(&path).map_err(|e| unreadable(&path, e))?));
        }
    }
    Ok(())
}

/// Writes the list of files to cache, each with its SHA-256, and a version (a digest of all of
/// them) into `sw.js`, so that a checkpoint online takes a new app or list whole, never half (a
/// file that does not match its digest fails the install and the old version stays).
fn fill_service_worker(site: &mut [(String, Vec<u8>)], app_dir: &Path) -> CliResult<()> {
    let sha256 =
        |bytes: &[u8]| -> String { Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect() };
    let mut digest = Sha256::new();
    let mut files = Vec::new();
    for (name, contents) in site.iter().filter(|(name, _)| name != "sw.js") {
        digest.update((name.len() as u64).to_le_bytes());
        digest.update(name.as_bytes());
        digest.update((contents.len() as u64).to_le_bytes());
        digest.update(contents);
        files.push(json!({ "path": name, "sha256": sha256(contents) }));
        // The site's address itself is its index page.
        if name == "index.html" {
            files.push(json!({ "path": "./", "sha256": sha256(contents) }));
        }
    }
    let version: String = digest.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
    let files = serde_json::to_string(&files).unwrap_or_else(|_| String::from("[]"));
    let Some((_, worker)) = site.iter_mut().find(|(name, _)| name == "sw.js") else {
        return Err(CliError::usage(format!("{}: no sw.js", shown(app_dir))));
    };
    let text = String::from_utf8_lossy(worker).into_owned();
    if !text.contains(VERSION_MARK) || !text.contains(FILES_MARK) {
        return Err(CliError::usage(format!(
            "{}/sw.js is not the app's service worker template",
            shown(app_dir)
        ))
        .hint("rebuild the app with `just web`"));
    }
    *worker = text.replace(VERSION_MARK, &version).replace(FILES_MARK, &files).into_bytes();
    Ok(())
}

/// Writes every file into a new folder beside `out`, then moves it into place: `out` is either
/// the old folder or the complete new one, never a mix.
fn write_folder(out: &Path, site: &[(String, Vec<u8>)], replace: bool) -> CliResult<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let unwritable = |path: &Path, e: std::io::Error| {
        CliError::usage(format!("cannot write {}: {}", shown(path), io_reason(&e)))
    };
    let staging = tempfile::Builder::new()
        .prefix(".healthseal-web-")
        .tempdir_in(&parent)
        .map_err(|e| unwritable(out, e))?;
    for (name, contents) in site {
        let path = staging.path().join(name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| unwritable(out, e))?;
        }
        let mut file = fs::File::create(&path).map_err(|e| unwritable(out, e))?;
        file.write_all(contents).and_then(|()| file.sync_all()).map_err(|e| unwritable(out, e))?;
    }
    // Hosted files are world-readable; the staging folder was created owner-only.
    set_readable(staging.path()).map_err(|e| unwritable(out, e))?;
    sync_folders(staging.path()).map_err(|e| unwritable(out, e))?;
    let staged = staging.keep();
    let place = || fs::rename(&staged, out);
    let result = if replace && out.exists() {
        if !out.is_dir() {
            let _ = fs::remove_dir_all(&staged);
            return Err(CliError::usage(format!("{} exists and is not a folder", shown(out))));
        }
        let old = parent.join(format!(".healthseal-web-old-{}", std::process::id()));
        fs::rename(out, &old).and_then(|()| match place() {
            Ok(()) => {
                let _ = fs::remove_dir_all(&old);
                Ok(())
            }
            Err(e) => {
                let _ = fs::rename(&old, out);
                Err(e)
            }
        })
    } else {
        place()
    };
    result.map_err(|e| {
        let _ = fs::remove_dir_all(&staged);
        unwritable(out, e)
    })?;
    if let Ok(folder) = fs::File::open(&parent) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Flushes every folder's entries to disk, so that the renamed folder holds its files after a
/// power loss.
fn sync_folders(dir: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_folders(&path)?;
        }
    }
    fs::File::open(dir)?.sync_all()
}

#[cfg(unix)]
fn set_readable(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            set_readable(&path)?;
        } else {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644))?;
        }
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_readable(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
