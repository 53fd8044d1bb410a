//! The checkpoint's verifier: a pinned root, the current trust list, the decision options.

use healthseal_core::{
    decide, DecisionOptions, Kid, ListStatus, PublicKey, Succession, Timestamp, TrustDocError, TrustList,
    Verdict, Verified,
};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::frame::{decode_frame, ImageError};
use crate::qr::read_qr_codes;
use crate::scan::{ForeignCode, Scan};
use crate::state::{StateError, StateFile, TrustState};
use image::GrayImage;

/// Verifies credentials against one trust list, offline.
///
/// ```
/// # use healthseal_core::*;
/// # let root = SigningKey::from_seed([1; 32]);
/// # let issuer = SigningKey::from_seed([2; 32]);
/// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
/// # let list_file = TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence: 1, issued_at: t,
/// #     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
/// #     regions: vec![RegionEntry { region: "CN-HA".parse().unwrap(), name: "Henan".into(),
/// #         root: root.public_key().clone(), statement_sequence: 1,
/// #         keys: vec![IssuingKey::active(issuer.public_key().clone())],
/// #         revoked: RevocationSet::default(), policy: Policy::accepting([Status::Green]) }], succession: Default::default() }
/// #     .check().unwrap().sign(&root).unwrap();
/// # let credential = CredentialDraft { region: "CN-HA".parse().unwrap(), issued_at: t, not_before: None,
/// #     expires_at: Timestamp::from_unix(t.unix() + 3600).unwrap(), id: CredentialId::from_bytes([1; 8]),
/// #     status: Status::Green, name: "Liu Yang".into(), birth_date: "1980".into(), basis: None }.check().unwrap();
/// # let scanned_text = Sealed::sign(&credential, &issuer).unwrap().to_text();
/// # let dir = std::env::temp_dir().join(format!("healthseal-doc-{}", std::process::id()));
/// use healthseal_verifier::{StateFile, Verifier};
///
/// // Once, when the device receives a list: the province root is pinned in the app.
/// let state = StateFile::new(dir.join("trust.state"));
/// let (verifier, _) = Verifier::load(root.public_key(), &list_file, &state, DecisionOptions::default())?;
///
/// // For every scan:
/// match verifier.verify(&scanned_text, t) {
///     Verdict::Accepted(a) => assert_eq!(a.credential.name().as_str(), "Liu Yang"),
///     Verdict::Rejected(r) => panic!("{}", r.reason),
/// }
/// # std::fs::remove_dir_all(dir).ok();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Verifier {
    list: Verified<TrustList>,
    options: DecisionOptions,
}

/// Why a trust list was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The list is not a valid list signed by the pinned root.
    #[error("trust list: {0}")]
    List(#[from] TrustDocError),
    /// The list is older than one already accepted: a rollback attempt (or an old file).
    #[error("trust list #{offered} is older than #{stored}, which this checkpoint already accepted; refusing to go back")]
    Rollback {
        /// Sequence already accepted.
        stored: u64,
        /// Sequence offered.
        offered: u64,
    },
    /// A different list with the same sequence as the one accepted.
    #[error("a different trust list #{sequence} was already accepted; two lists with one sequence number mean the root signed twice")]
    Conflict {
        /// The sequence.
        sequence: u64,
    },
    /// The list is signed by a root earlier than the one this checkpoint followed to (a root it
    /// left, or one named by another chain at an earlier number: either way, not its root).
    #[error("trust list #{offered} is signed by root {signer}, a root before the one this checkpoint follows since root succession #{number} (root {current}); refusing lists of earlier roots")]
    RootLeft {
        /// Sequence of the list offered.
        offered: u64,
        /// Kid of the root that signed it.
        signer: Kid,
        /// The succession this checkpoint followed last.
        number: u64,
        /// Kid of the root that succession named.
        current: Kid,
    },
    /// The list's root succession names, under a number this checkpoint has followed, another
    /// root than the one it followed to.
    #[error("root succession #{number} in this trust list names root {offered}, but this checkpoint followed succession #{number} to root {followed}: one old root signed two successions (it may be compromised); refusing")]
    SuccessionFork {
        /// The succession number.
        number: u64,
        /// Kid of the root the offered list's succession names.
        offered: Kid,
        /// Kid of the root this checkpoint followed to.
        followed: Kid,
    },
    /// The state file belongs to another root.
    #[error(
        "the trust state belongs to root {state_root}, not the pinned root {root}; use a state file per root"
    )]
    ForeignState {
        /// Root in the state file.
        state_root: Kid,
        /// Pinned root.
        root: Kid,
    },
    /// The state file cannot be read or written.
    #[error(transparent)]
    State(#[from] StateError),
}

/// What loading did to the stored state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateChange {
    /// No state before: this list is the first.
    First,
    /// The same list as before.
    Unchanged,
    /// A newer list replaced the stored one.
    Advanced {
        /// The sequence replaced.
        from: u64,
    },
    /// A newer list signed by a new root replaced the stored one: the checkpoint followed the
    /// root succession the list carries, and from now on refuses lists of the roots it left.
    RootMoved {
        /// The sequence replaced.
        from: u64,
        /// The succession followed.
        number: u64,
        /// Kid of the root it named.
        root: Kid,
    },
}

/// Whether `offered` (a list carrying `succession`, already checked from the pinned root) may
/// replace `stored`: never a root the checkpoint has left by succession, never a succession
/// that forks from the one it followed, never a lower sequence, never another list under the
/// same sequence, never another root's state.
pub fn admit(
    stored: Option<&TrustState>,
    offered: &TrustState,
    succession: &Succession,
) -> Result<StateChange, LoadError> {
    let Some(stored) = stored else { return Ok(StateChange::First) };
    if stored.root != offered.root {
        return Err(LoadError::ForeignState { state_root: stored.root, root: offered.root });
    }
    if let Some(followed) = &stored.succession {
        let (number, signer) =
            offered.succession.as_ref().map_or((0, offered.root), |at| (at.number, at.root.kid()));
        if number < followed.number {
            return Err(LoadError::RootLeft {
                offered: offered.sequence,
                signer,
                number: followed.number,
                current: followed.root.kid(),
            });
        }
        match succession.root(followed.number) {
            Some(root) if *root == followed.root => {}
            other => {
                return Err(LoadError::SuccessionFork {
                    number: followed.number,
                    offered: other.map_or(signer, PublicKey::kid),
                    followed: followed.root.kid(),
                })
            }
        }
    }
    match offered.sequence.cmp(&stored.sequence) {
        std::cmp::Ordering::Less => {
            Err(LoadError::Rollback { stored: stored.sequence, offered: offered.sequence })
        }
        std::cmp::Ordering::Equal if stored.list_sha256 == offered.list_sha256 => Ok(StateChange::Unchanged),
        std::cmp::Ordering::Equal => Err(LoadError::Conflict { sequence: offered.sequence }),
        std::cmp::Ordering::Greater => match &offered.succession {
            Some(at) if offered.succession != stored.succession => {
                Ok(StateChange::RootMoved { from: stored.sequence, number: at.number, root: at.root.kid() })
            }
            _ => Ok(StateChange::Advanced { from: stored.sequence }),
        },
    }
}

impl Verifier {
    /// Opens a list under the pinned `root`, with no rollback state. For tests and one-off
    /// checks; a checkpoint uses [`Verifier::load`].
    pub fn new(root: &PublicKey, list: &[u8], options: DecisionOptions) -> Result<Self, LoadError> {
        Ok(Self { list: TrustList::open(list, root)?, options })
    }

    /// Opens a list under the pinned `root` and admits it against the stored state: a list older
    /// than the newest accepted one is refused. The state advances only when the list is valid.
    pub fn load(
        root: &PublicKey,
        list: &[u8],
        state: &StateFile,
        options: DecisionOptions,
    ) -> Result<(Self, StateChange), LoadError> {
        let verifier = Self::new(root, list, options)?;
        // Load, admit and store under the state's lock: checkpoints started together cannot
        // interleave their checks and stores (the later store of an older list would roll the
        // state back).
        let _lock = state.lock()?;
        let (offered, change) = verifier.admit(root, list, state.load()?.as_ref())?;
        if change != StateChange::Unchanged {
            state.store(&offered)?;
        }
        Ok((verifier, change))
    }

    /// Opens a list under the pinned `root` and admits it against a state kept elsewhere (the
    /// checkpoint app keeps it in the browser's storage): the same checks as [`Verifier::load`],
    /// returning the state to store when the change is not [`StateChange::Unchanged`].
    ///
    /// ```
    /// # use healthseal_core::*;
    /// # let root = SigningKey::from_seed([1; 32]);
    /// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
    /// # let list = |sequence| TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence, issued_at: t,
    /// #     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(), regions: vec![], succession: Default::default() }
    /// #     .check().unwrap().sign(&root).unwrap();
    /// use healthseal_verifier::{LoadError, StateChange, Verifier};
    ///
    /// let (_, state, change) = Verifier::open(root.public_key(), &list(2), None, DecisionOptions::default())?;
    /// assert_eq!((state.sequence, change), (2, StateChange::First));
    /// // List #1 after #2: refused.
    /// let older = Verifier::open(root.public_key(), &list(1), Some(&state), DecisionOptions::default());
    /// assert!(matches!(older, Err(LoadError::Rollback { stored: 2, offered: 1 })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(
        root: &PublicKey,
        list: &[u8],
        stored: Option<&TrustState>,
        options: DecisionOptions,
    ) -> Result<(Self, TrustState, StateChange), LoadError> {
        let verifier = Self::new(root, list, options)?;
        let (offered, change) = verifier.admit(root, list, stored)?;
        Ok((verifier, offered, change))
    }

    fn admit(
        &self,
        root: &PublicKey,
        list: &[u8],
        stored: Option<&TrustState>,
    ) -> Result<(TrustState, StateChange), LoadError> {
        let at = self.list.succession().follow(root)?;
        let offered = TrustState {
            root: root.kid(),
            sequence: self.list.sequence(),
            list_sha256: Sha256::digest(list).into(),
            succession: (at.root != *root).then_some(at),
        };
        let change = admit(stored, &offered, self.list.succession())?;
        Ok((offered, change))
    }

    /// The verdict for one credential text at `now`.
    pub fn verify(&self, text: &str, now: Timestamp) -> Verdict {
        decide(text, &self.list, now, &self.options)
    }

    /// A [`Scan`] for each QR code in a grey camera frame, at `now`: a verdict for each
    /// healthseal credential, [`Scan::NotACredential`] for any other code, in the order
    /// [`read_qr_codes`] reads them. An empty list means no QR code was read in the frame.
    ///
    /// Nothing is kept: no frame, no payload, no verdict. Reading stops once a pass of the
    /// cascade has read a credential.
    ///
    /// ```
    /// # use healthseal_core::*;
    /// # let root = SigningKey::from_seed([1; 32]);
    /// # let issuer = SigningKey::from_seed([2; 32]);
    /// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
    /// # let list_file = TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence: 1, issued_at: t,
    /// #     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
    /// #     regions: vec![RegionEntry { region: "CN-HA".parse().unwrap(), name: "Henan".into(),
    /// #         root: root.public_key().clone(), statement_sequence: 1,
    /// #         keys: vec![IssuingKey::active(issuer.public_key().clone())],
    /// #         revoked: RevocationSet::default(), policy: Policy::accepting([Status::Green]) }], succession: Default::default() }
    /// #     .check().unwrap().sign(&root).unwrap();
    /// # let credential = CredentialDraft { region: "CN-HA".parse().unwrap(), issued_at: t, not_before: None,
    /// #     expires_at: Timestamp::from_unix(t.unix() + 3600).unwrap(), id: CredentialId::from_bytes([1; 8]),
    /// #     status: Status::Green, name: "Liu Yang".into(), birth_date: "1980".into(), basis: None }.check().unwrap();
    /// # let text = Sealed::sign(&credential, &issuer).unwrap().to_text();
    /// # // The code drawn at 4 pixels a module, with a 4-module quiet zone, on a 640x480 frame.
    /// # let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    /// # let n = code.width() as u32;
    /// # let colours = code.to_colors();
    /// # let frame = healthseal_verifier::GrayImage::from_fn(640, 480, |x, y| {
    /// #     let (mx, my) = ((x / 4).wrapping_sub(4), (y / 4).wrapping_sub(4));
    /// #     let dark = mx < n && my < n && colours[(my * n + mx) as usize] == qrcode::Color::Dark;
    /// #     image::Luma([if dark { 30 } else { 220 }])
    /// # });
    /// # let mut jpeg = Vec::new();
    /// # frame.write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
    /// use healthseal_verifier::{Scan, Verifier};
    ///
    /// let verifier = Verifier::new(root.public_key(), &list_file, DecisionOptions::default())?;
    ///
    /// // A grey frame from the camera:
    /// match verifier.verify_frame(&frame, t).as_slice() {
    ///     [Scan::Credential(Verdict::Accepted(a))] => assert_eq!(a.credential.name().as_str(), "Liu Yang"),
    ///     other => panic!("{other:?}"),
    /// }
    /// // Or the bytes of an image file:
    /// let scans = verifier.verify_image(&jpeg, t)?;
    /// assert!(matches!(scans.as_slice(), [Scan::Credential(Verdict::Accepted(_))]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify_frame(&self, frame: &GrayImage, now: Timestamp) -> Vec<Scan> {
        read_qr_codes(frame).iter().map(|payload| self.scan_payload(payload, now)).collect()
    }

    /// [`Verifier::verify_frame`] on an encoded image (PNG, JPEG, GIF, BMP or WebP), decoded by
    /// [`decode_frame`] within its limits.
    pub fn verify_image(&self, bytes: &[u8], now: Timestamp) -> Result<Vec<Scan>, ImageError> {
        Ok(self.verify_frame(&decode_frame(bytes)?, now))
    }

    /// The [`Scan`] of one QR payload read elsewhere (by [`trace_qr_codes`](crate::trace_qr_codes),
    /// or typed by a 2D scanner): a verdict when it is a healthseal credential, a
    /// [`ForeignCode`] otherwise. Surrounding ASCII white space is ignored.
    pub fn scan_payload(&self, payload: &str, now: Timestamp) -> Scan {
        // A generator may end the text with a line break; the credential itself has none.
        let text = payload.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.starts_with(healthseal_core::PREFIX) {
            Scan::Credential(self.verify(text, now))
        } else {
            Scan::NotACredential(ForeignCode::new(payload))
        }
    }

    /// The trust list in use.
    pub fn list(&self) -> &TrustList {
        &self.list
    }

    /// The trust list's status at `now`, as every verdict reports it.
    pub fn list_status(&self, now: Timestamp) -> ListStatus {
        ListStatus::of(&self.list, now, &self.options)
    }

    /// The decision options in use.
    pub fn options(&self) -> &DecisionOptions {
        &self.options
    }
}
