//! Throwaway PKCS#11 tokens in Debian's SoftHSM2, for tests and benchmarks of token keys: a
//! folder with its own `softhsm2.conf`, nothing shared with the machine's tokens.
//!
//! ```no_run
//! use healthseal_test_support::softhsm::SoftHsm;
//! // None (and a SKIPPED line) where softhsm2 is not installed.
//! if let Some(hsm) = SoftHsm::with_tokens(&["ZJ HSM"], "1234") {
//!     assert!(hsm.conf().ends_with("softhsm2.conf"));
//! }
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

/// SoftHSM2's PKCS#11 module, where Debian installs it.
pub const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// A SoftHSM2 configuration with initialised tokens, removed when dropped.
#[derive(Debug)]
pub struct SoftHsm {
    dir: tempfile::TempDir,
}

impl SoftHsm {
    /// A fresh configuration with one initialised token per label, all with user PIN `pin`.
    /// `None`, saying SKIPPED, where SoftHSM2 is not installed; a panic instead when
    /// HEALTHSEAL_PKCS11_TESTS=required (`.ci/run` installs it and sets that).
    pub fn with_tokens(labels: &[&str], pin: &str) -> Option<SoftHsm> {
        if !Path::new(MODULE).exists() {
            assert!(
                std::env::var("HEALTHSEAL_PKCS11_TESTS").as_deref() != Ok("required"),
                "{MODULE} is missing and HEALTHSEAL_PKCS11_TESTS=required"
            );
            eprintln!("SKIPPED: SoftHSM2 is not installed (Debian: apt-get install softhsm2 opensc)");
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let tokens = dir.path().join("tokens");
        std::fs::create_dir(&tokens).expect("the token folder");
        let hsm = SoftHsm { dir };
        let conf = format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        );
        std::fs::write(hsm.conf(), conf).expect("softhsm2.conf");
        for label in labels {
            let out = Command::new("softhsm2-util")
                .args(["--init-token", "--free", "--label", label, "--so-pin", "so-pin-1", "--pin", pin])
                .env("SOFTHSM2_CONF", hsm.conf())
                .output()
                .expect("softhsm2-util");
            assert!(out.status.success(), "softhsm2-util: {}", String::from_utf8_lossy(&out.stderr));
        }
        Some(hsm)
    }

    /// Whether OpenSC's `pkcs11-tool` (an independent PKCS#11 client) is installed: `false`,
    /// saying SKIPPED, where it is not; a panic instead when HEALTHSEAL_PKCS11_TESTS=required.
    pub fn has_pkcs11_tool() -> bool {
        if Command::new("pkcs11-tool").arg("--help").output().is_ok() {
            return true;
        }
        assert!(
            std::env::var("HEALTHSEAL_PKCS11_TESTS").as_deref() != Ok("required"),
            "pkcs11-tool is missing and HEALTHSEAL_PKCS11_TESTS=required"
        );
        eprintln!("SKIPPED: pkcs11-tool is not installed (Debian: apt-get install opensc)");
        false
    }

    /// The configuration file, for SOFTHSM2_CONF.
    pub fn conf(&self) -> PathBuf {
        self.dir.path().join("softhsm2.conf")
    }

    /// The folder holding it (a test may keep its other files there).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}
