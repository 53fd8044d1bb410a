//! One checkpoint in a browser: a pinned root, the trust list in use, verdicts as JSON.

use healthseal_core::{DecisionOptions, KeyFileError, PublicKey, PublicKeyFile, Role, Timestamp};
use healthseal_verifier::{
    admit, frame_from_rgba, list_status_json, trace_qr_codes, verdict_json, GrayImage, Scan, TrustState,
    Verifier,
};
use serde_json::{json, Value};
use thiserror::Error;

use crate::offer::Offer;

/// The `reason` of every scan refused because no valid trust list is loaded: the checkpoint
/// fails closed.
pub const NO_TRUST_LIST: &str = "no_trust_list";

/// Where the app keeps the rollback state, as error messages name it.
const STORED_STATE: &str = "the app's stored trust state";

/// Finder patterns a frame must show before the app says "code detected": the three corners of
/// one QR code.
const FINDERS_OF_A_CODE: usize = 3;

/// The pinned root given to [`Checkpoint::new`] cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RootError {
    /// Not a public key file.
    #[error("the pinned root is not a public key file: {0}")]
    File(#[from] KeyFileError),
    /// An issuing key, where a province root was expected.
    #[error("the pinned key is an issuing key; a checkpoint pins its province's root key")]
    NotARoot,
}

/// A checkpoint: the province's pinned root and, once one is taken, its trust list.
///
/// ```
/// # use healthseal_core::*;
/// # let root = SigningKey::from_seed([1; 32]);
/// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
/// # let list = TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence: 1, issued_at: t,
/// #     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(), regions: vec![], succession: Default::default() }
/// #     .check().unwrap().sign(&root).unwrap();
/// use healthseal_web::Checkpoint;
///
/// let mut checkpoint = Checkpoint::new(&root.public_key().to_pem())?;
/// // Before any list, every scan is refused: the checkpoint fails closed.
/// assert_eq!(checkpoint.verify_text("HS1:…", t)["reason"], "no_trust_list");
///
/// let offer = checkpoint.offer_list(&list, None).to_json();
/// assert_eq!(offer["change"], "first");
/// // The app keeps offer["state"] (no personal data) and hands it back with the next list.
/// assert_eq!(checkpoint.verify_text("not a credential", t)["reason"], "malformed");
/// # Ok::<(), healthseal_web::RootError>(())
/// ```
#[derive(Debug)]
pub struct Checkpoint {
    root: PublicKey,
    options: DecisionOptions,
    verifier: Option<Verifier>,
    /// The state of the list in use: offers are checked against it as well as against the
    /// stored state handed in, so that one offer after another never goes back.
    in_use: Option<TrustState>,
}

impl Checkpoint {
    /// A checkpoint pinned to the root in `root_file` (a healthseal public key file, or plain
    /// SPKI PEM), with no list yet.
    pub fn new(root_file: &str) -> Result<Self, RootError> {
        let file = PublicKeyFile::parse(root_file)?;
        if file.info.role == Some(Role::Issuer) {
            return Err(RootError::NotARoot);
        }
        Ok(Self { root: file.key, options: DecisionOptions::default(), verifier: None, in_use: None })
    }

    /// The decision options (clock skew, stale grace, stale mode) for the lists offered from now
    /// on, capped as [`DecisionOptions::bounded`] caps them. A province sets them in the app's
    /// configuration; the defaults are the CLI's.
    pub fn set_options(&mut self, options: DecisionOptions) {
        self.options = options.bounded();
    }

    /// The pinned root's kid, as the app shows it.
    pub fn root_kid(&self) -> String {
        self.root.kid().to_string()
    }

    /// Offers a trust list, with the state kept from the last list taken (`None` on a device
    /// that never took one). It is taken only if the pinned root signed it, or a later root its
    /// root succession leads to from the pinned root (not one the state has moved past), and it
    /// is older neither than that state nor than the list in use; a refused list leaves the list
    /// in use unchanged.
    pub fn offer_list(&mut self, list: &[u8], stored_state: Option<&str>) -> Offer {
        let stored = match stored_state.map(|text| TrustState::from_text(text, STORED_STATE.as_ref())) {
            None => None,
            Some(Ok(state)) => Some(state),
            Some(Err(e)) => return Offer::DamagedState(e),
        };
        let opened = Verifier::open(&self.root, list, stored.as_ref(), self.options).and_then(|opened| {
            admit(self.in_use.as_ref(), &opened.1, opened.0.list().succession())?;
            Ok(opened)
        });
        match opened {
            Ok((verifier, state, change)) => {
                self.verifier = Some(verifier);
                self.in_use = Some(state.clone());
                Offer::Taken { change, state: Box::new(state) }
            }
            Err(e) => Offer::Refused(e),
        }
    }

    /// The list in use and its status at `now` (sequence, age, staleness, regions recognised),
    /// or `{"loaded": false}`.
    pub fn list_status(&self, now: Timestamp) -> Value {
        match &self.verifier {
            None => json!({ "loaded": false, "root": self.root_kid() }),
            Some(verifier) => {
                let mut status = list_status_json(&verifier.list_status(now));
                status["loaded"] = json!(true);
                status["root"] = json!(self.root_kid());
                status["regions"] = verifier
                    .list()
                    .regions()
                    .iter()
                    .map(|r| json!({ "code": r.region.as_str(), "name": r.name }))
                    .collect();
                status
            }
        }
    }

    /// The verdict on a credential text (typed by a 2D scanner, or pasted), as the CLI's
    /// `verify --json` gives it, with `"kind": "verdict"`; a text that is not a credential is
    /// rejected as `malformed`, as the CLI does.
    pub fn verify_text(&self, text: &str, now: Timestamp) -> Value {
        let Some(verifier) = &self.verifier else { return no_trust_list() };
        let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
        with_kind("verdict", verdict_json("scanner", &verifier.verify(text, now), now))
    }

    /// What a camera frame (RGBA, 4 bytes a pixel, as a canvas's `ImageData` holds it) shows:
    /// see [`Checkpoint::verify_frame`].
    pub fn verify_rgba(&self, rgba: &[u8], width: u32, height: u32, now: Timestamp) -> Value {
        match frame_from_rgba(rgba, width, height) {
            Ok(frame) => self.verify_frame(&frame, now),
            Err(e) => {
                json!({ "kind": "unreadable", "reason": e.code(), "message": e.to_string(), "detected": false })
            }
        }
    }

    /// What a grey frame shows, as one JSON object for the screen: `kind` is `verdict` (with the
    /// CLI's verdict fields), `not_a_credential` (a QR code that is not a credential: its length
    /// only, never its content), `no_code`, or `unreadable` with reason `several_codes` for a
    /// frame showing more than one credential (the name on screen must be that of the person in
    /// front of the officer: one code at a time); `detected` says whether finder patterns of a
    /// code were seen, for the "code detected" cue while a code is not yet read; `codes` counts
    /// the codes read. With no list, a frame showing a code is refused with `no_trust_list`, and
    /// one showing none is `no_code`, as always.
    pub fn verify_frame(&self, frame: &GrayImage, now: Timestamp) -> Value {
        let trace = trace_qr_codes(frame);
        let detected = trace.finder_patterns >= FINDERS_OF_A_CODE || !trace.payloads.is_empty();
        let codes = trace.payloads.len();
        let mut answer = match &self.verifier {
            _ if codes == 0 => json!({ "kind": "no_code" }),
            None => no_trust_list(),
            Some(verifier) => {
                let scans: Vec<Scan> = trace.payloads.iter().map(|p| verifier.scan_payload(p, now)).collect();
                let verdicts: Vec<_> = scans.iter().filter_map(Scan::verdict).collect();
                match (verdicts.as_slice(), scans.first()) {
                    ([verdict], _) => with_kind("verdict", verdict_json("camera", verdict, now)),
                    ([], Some(Scan::NotACredential(code))) => {
                        json!({ "kind": "not_a_credential", "length": code.len() })
                    }
                    ([], _) => json!({ "kind": "no_code" }),
                    (several, _) => json!({
                        "kind": "unreadable",
                        "reason": "several_codes",
                        "message": format!("{} credentials in one frame: show one code at a time", several.len()),
                    }),
                }
            }
        };
        answer["detected"] = json!(detected);
        answer["codes"] = json!(codes);
        answer
    }
}

fn with_kind(kind: &str, mut value: Value) -> Value {
    value["kind"] = json!(kind);
    value
}

fn no_trust_list() -> Value {
    json!({
        "kind": "verdict",
        "verdict": "rejected",
        "reason": NO_TRUST_LIST,
        "message": "no valid trust list is loaded: every scan is refused until one signed by the pinned root is",
        "credential": null,
        "detected": false,
    })
}
