//! `healthseal web`: a province's hostable folder from the built app, all or nothing. The app
//! here is a stand-in with the files the command looks for; the real one is tested in Chromium
//! (crates/healthseal-web/e2e).

use std::fs;
use std::path::{Path, PathBuf};

use sha2::Digest;

use healthseal_test_support::cli::{ok, Healthseal};
use healthseal_test_support::workspace::root as repo;

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

fn path(relative: &str) -> String {
    repo().join(relative).to_string_lossy().into_owned()
}

/// A built app as `just web` leaves it: index.html, the service worker template, the module.
fn fake_app(dir: &Path) -> PathBuf {
    let app = dir.join("app");
    fs::create_dir_all(app.join("pkg")).unwrap();
    fs::write(app.join("index.html"), "<!doctype html>").unwrap();
    fs::write(
        app.join("sw.js"),
        "const VERSION = \"__HEALTHSEAL_VERSION__\";\nconst FILES = __HEALTHSEAL_FILES__;\n",
    )
    .unwrap();
    fs::write(app.join("pkg/healthseal_web_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    fs::write(app.join(".editor-backup~"), "not part of the app").unwrap();
    app
}

fn web<'a>(app: &'a str, list: &'a str, root: &'a str, out: &'a str) -> Vec<&'a str> {
    vec!["web", "--app", app, "--trust", list, "--root", root, "--out", out]
}

#[test]
fn writes_the_app_with_the_root_and_list_inside() {
    let dir = tempfile::tempdir().unwrap();
    let app = fake_app(dir.path()).to_string_lossy().into_owned();
    let (list, root) = (path("fixtures/trust/ha.trust-list-1"), path("keys/CN-HA/root.key.pub"));
    let said = ok(HEALTHSEAL.run(dir.path(), &web(&app, &list, &root, "site")));
    assert!(said.contains("checkpoint app for CN-HA written to site"), "{said}");
    let site = dir.path().join("site");
    assert_eq!(fs::read(site.join("province/trust.list")).unwrap(), fs::read(&list).unwrap());
    assert!(fs::read_to_string(site.join("province/root.pub")).unwrap().contains("Kid: 2330534022c9bef6"));
    let config: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(site.join("province/config.json")).unwrap()).unwrap();
    assert_eq!((config["skew_secs"].as_u64(), config["stale"].as_str()), (Some(300), Some("warn")));
    let worker = fs::read_to_string(site.join("sw.js")).unwrap();
    assert!(!worker.contains("__HEALTHSEAL"), "{worker}");
    let files = worker.split_once("const FILES = ").unwrap().1.lines().next().unwrap().trim_end_matches(';');
    let files: Vec<serde_json::Value> = serde_json::from_str(files).unwrap();
    let digest_of = |path: &str| files.iter().find(|f| f["path"] == path).map(|f| f["sha256"].clone());
    let sha256 = |bytes: Vec<u8>| -> String {
        sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
    };
    assert_eq!(digest_of("province/trust.list"), Some(sha256(fs::read(&list).unwrap()).into()));
    assert_eq!(digest_of("./"), digest_of("index.html"));
    assert!(!site.join(".editor-backup~").exists(), "hidden files are not the app");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(site.join("index.html")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "hosted files are world-readable");
    }

    // Another list gives another version: checkpoints online take the new app and list whole.
    let list_2 = path("fixtures/trust/ha.trust-list-2");
    let again = web(&app, &list_2, &root, "site");
    HEALTHSEAL.refused(dir.path(), &again, 3, "site already exists");
    let mut forced = again.clone();
    forced.push("--force");
    ok(HEALTHSEAL.run(dir.path(), &forced));
    let version = |text: &str| text.lines().next().unwrap().to_owned();
    assert_ne!(version(&fs::read_to_string(site.join("sw.js")).unwrap()), version(&worker));
    assert_eq!(fs::read(site.join("province/trust.list")).unwrap(), fs::read(&list_2).unwrap());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".healthseal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_what_would_give_a_checkpoint_that_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let app = fake_app(dir.path()).to_string_lossy().into_owned();
    let (list, root) = (path("fixtures/trust/ha.trust-list-1"), path("keys/CN-HA/root.key.pub"));
    // A list another root signed: the app would refuse every scan.
    let foreign = path("fixtures/trust/zj.trust-list-1");
    HEALTHSEAL.refused(dir.path(), &web(&app, &foreign, &root, "site"), 3, "trust-list-1");
    // An issuing key where the root belongs.
    let issuer = path("keys/CN-HA/issuer-2026.key.pub");
    HEALTHSEAL.refused(dir.path(), &web(&app, &list, &issuer, "site"), 3, "issuing key");
    // Not a list at all.
    HEALTHSEAL.refused(dir.path(), &web(&app, &root, &root, "site"), 3, "root.key.pub");
    // --force replaces only a site this command wrote, never any folder named by mistake.
    fs::create_dir(dir.path().join("project")).unwrap();
    fs::write(dir.path().join("project/notes.txt"), "keep me").unwrap();
    let mut forced = web(&app, &list, &root, "project");
    forced.push("--force");
    HEALTHSEAL.refused(dir.path(), &forced, 3, "was not written by `healthseal web`");
    // Nor a folder holding its own inputs.
    let mut into_app = web(&app, &list, &root, "app/site");
    into_app.push("--force");
    HEALTHSEAL.refused(dir.path(), &into_app, 3, "overlaps --app");
}

#[test]
fn says_how_to_build_the_app_when_it_is_not_built() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    let (list, root) = (path("fixtures/trust/ha.trust-list-1"), path("keys/CN-HA/root.key.pub"));
    let args = web("empty", &list, &root, "site");
    HEALTHSEAL.refused(dir.path(), &args, 3, "the checkpoint app is not built");
    let out = HEALTHSEAL.run(dir.path(), &args);
    assert!(String::from_utf8_lossy(&out.stderr).contains("just web"));
}

#[test]
fn json_summary_for_deployment_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let app = fake_app(dir.path()).to_string_lossy().into_owned();
    let (list, root) = (path("fixtures/trust/ha.trust-list-2"), path("keys/CN-HA/root.key.pub"));
    let mut args = web(&app, &list, &root, "site");
    args.push("--json");
    let line: serde_json::Value = serde_json::from_str(ok(HEALTHSEAL.run(dir.path(), &args)).trim()).unwrap();
    assert_eq!(line["type"], "web");
    assert_eq!(line["data"]["list_sequence"], 2);
    assert_eq!(line["data"]["files"], 6);
}
