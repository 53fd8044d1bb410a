//! A PKCS#11 module, its tokens, and the Ed25519 keys healthseal keeps in them.
//!
//! Beside each key pair the token holds a small data object with the same label: the key's
//! public key file (role, region, not-after, kid and the public key), so a key in a token says
//! what it is for just as a key file does, and `healthseal keygen` writes the same file out.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use healthseal_core::{KeyInfo, PublicKey, PublicKeyFile, Signer, SignerError};

use crate::error::{from_module, TokenError};
use crate::uri::KeyUri;

/// CKA_APPLICATION of the data object that describes a key.
const KEY_INFO_APPLICATION: &[u8] = b"healthseal key description";
/// CKA_EC_PARAMS of Ed25519 keys, in the two forms PKCS#11 3.0 (2.3.10) allows: the curve name
/// as a DER PrintableString (SoftHSM's), then the OID 1.3.101.112 (some HSMs take only this).
const EDWARDS25519: [&[u8]; 2] = [b"\x13\x0cedwards25519", b"\x06\x03\x2b\x65\x70"];

/// A loaded PKCS#11 module (the token vendor's shared library).
pub struct Module {
    ctx: Pkcs11,
    path: PathBuf,
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module").field("path", &self.path).finish()
    }
}

impl Module {
    /// Loads and initialises the module at `path`.
    pub fn load(path: &Path) -> Result<Module, TokenError> {
        let failed = |reason: String| TokenError::Module { path: path.to_path_buf(), reason };
        let ctx = Pkcs11::new(path).map_err(|e| failed(e.to_string()))?;
        match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            // Loaded twice in one process: the module is already initialised and works.
            Ok(())
            | Err(cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::CryptokiAlreadyInitialized, _)) => {
                Ok(Module { ctx, path: path.to_path_buf() })
            }
            Err(e) => Err(failed(e.to_string())),
        }
    }

    /// The slot holding the one token `uri` names (label, and serial, manufacturer and model
    /// when given).
    fn slot(&self, uri: &KeyUri) -> Result<Slot, TokenError> {
        let label = uri.token.as_str();
        let slots = self.ctx.get_slots_with_initialized_token().map_err(|e| from_module(e, label))?;
        let mut present = Vec::new();
        let mut matching = Vec::new();
        for slot in slots {
            let info = self.ctx.get_token_info(slot).map_err(|e| from_module(e, label))?;
            let found = info.label().trim_end();
            let agrees = |wanted: &Option<String>, actual: &str| {
                wanted.as_deref().is_none_or(|w| w == actual.trim_end())
            };
            if found == label
                && agrees(&uri.serial, info.serial_number())
                && agrees(&uri.manufacturer, info.manufacturer_id())
                && agrees(&uri.model, info.model())
            {
                matching.push(slot);
            }
            present.push(format!("{found:?}"));
        }
        match matching.as_slice() {
            [one] => Ok(*one),
            [] => {
                let present = if present.is_empty() { "none".to_string() } else { present.join(", ") };
                Err(TokenError::NoToken { label: label.into(), present })
            }
            many => Err(TokenError::AmbiguousToken { label: label.into(), count: many.len() }),
        }
    }

    /// A session on `uri`'s token, logged in as its user: read-only to sign (write-protected
    /// cards sign too), read-write to generate.
    fn session(&self, uri: &KeyUri, pin: &str, write: bool) -> Result<Session, TokenError> {
        let slot = self.slot(uri)?;
        let opened = if write { self.ctx.open_rw_session(slot) } else { self.ctx.open_ro_session(slot) };
        let session = opened.map_err(|e| from_module(e, &uri.token))?;
        match session.login(UserType::User, Some(&AuthPin::from(pin.to_string()))) {
            Ok(()) => Ok(session),
            Err(cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::UserAlreadyLoggedIn, _)) => {
                Ok(session)
            }
            Err(e) => Err(from_module(e, &uri.token)),
        }
    }
}

fn label(object: &str) -> Attribute {
    Attribute::Label(object.as_bytes().to_vec())
}

/// The public key from a CKA_EC_POINT: the DER OCTET STRING PKCS#11 prescribes, or the bare 32
/// bytes some modules return.
fn public_from_point(point: &[u8]) -> Option<PublicKey> {
    let raw = match point {
        [0x04, 0x20, rest @ ..] if rest.len() == 32 => rest,
        raw if raw.len() == 32 => raw,
        _ => return None,
    };
    PublicKey::from_bytes(raw).ok()
}

/// Generates an Ed25519 key pair inside the token named by `uri` (CKM_EC_EDWARDS_KEY_PAIR_GEN):
/// the private key sensitive and never extractable, the public key and a description of the key
/// (`info`) beside it under the same label. Returns the public key file to write out. On any
/// failure nothing is left in the token.
pub fn generate(
    module: &Module,
    uri: &KeyUri,
    pin: &str,
    info: &KeyInfo,
) -> Result<PublicKeyFile, TokenError> {
    let session = module.session(uri, pin, true)?;
    let token = |e| from_module(e, &uri.token);
    if !session.find_objects(&[label(&uri.object)]).map_err(token)?.is_empty() {
        return Err(TokenError::Exists { token: uri.token.clone(), object: uri.object.clone() });
    }
    let public_template = |params: &[u8]| {
        [
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Verify(true),
            Attribute::EcParams(params.to_vec()),
            label(&uri.object),
        ]
    };
    let private_template = [
        Attribute::Token(true),
        Attribute::Private(true),
        Attribute::Sensitive(true),
        Attribute::Extractable(false),
        Attribute::Sign(true),
        label(&uri.object),
    ];
    let generate = |params: &[u8]| {
        session.generate_key_pair(
            &Mechanism::EccEdwardsKeyPairGen,
            &public_template(params),
            &private_template,
        )
    };
    let (public, private) = match generate(EDWARDS25519[0]) {
        Err(cryptoki::error::Error::Pkcs11(
            cryptoki::error::RvError::CurveNotSupported
            | cryptoki::error::RvError::DomainParamsInvalid
            | cryptoki::error::RvError::AttributeValueInvalid,
            _,
        )) => generate(EDWARDS25519[1]),
        other => other,
    }
    .map_err(token)?;
    let described = (|| {
        let key = read_public(&session, public, uri)?;
        let file = PublicKeyFile { info: info.clone(), key };
        session
            .create_object(&[
                Attribute::Class(ObjectClass::DATA),
                Attribute::Token(true),
                // Readable only after login and never changeable: the role and region a key
                // signs for are not for anyone with access to the reader to edit.
                Attribute::Private(true),
                Attribute::Modifiable(false),
                Attribute::Application(KEY_INFO_APPLICATION.to_vec()),
                label(&uri.object),
                Attribute::Value(file.format().into_bytes()),
            ])
            .map_err(token)?;
        Ok(file)
    })();
    if described.is_err() {
        let _ = session.destroy_object(private);
        let _ = session.destroy_object(public);
    }
    described
}

fn read_public(session: &Session, handle: ObjectHandle, uri: &KeyUri) -> Result<PublicKey, TokenError> {
    let attributes =
        session.get_attributes(handle, &[AttributeType::EcPoint]).map_err(|e| from_module(e, &uri.token))?;
    let point = attributes.into_iter().find_map(|a| match a {
        Attribute::EcPoint(point) => Some(point),
        _ => None,
    });
    point
        .as_deref()
        .and_then(public_from_point)
        .ok_or_else(|| TokenError::WrongKeyType { token: uri.token.clone(), object: uri.object.clone() })
}

/// An Ed25519 private key in a token, signing with CKM_EDDSA. One session, shared by the
/// threads of a batch one call at a time.
pub struct TokenKey {
    session: Mutex<Session>,
    private: ObjectHandle,
    public: PublicKey,
    uri: KeyUri,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey")
            .field("uri", &self.uri.to_string())
            .field("kid", &self.public.kid())
            .finish()
    }
}

impl TokenKey {
    /// Opens the key `uri` names, logging in with `pin`, and reads its description. The key
    /// must be an Ed25519 private key, one of its label, with a healthseal description whose
    /// public key it signs for (checked by signing a probe).
    pub fn open(module: &Module, uri: &KeyUri, pin: &str) -> Result<(KeyInfo, TokenKey), TokenError> {
        let session = module.session(uri, pin, false)?;
        let token = |e| from_module(e, &uri.token);
        let names = || (uri.token.clone(), uri.object.clone());
        let privates = session
            .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY), label(&uri.object)])
            .map_err(token)?;
        let private = match privates.as_slice() {
            [] => {
                let (token, object) = names();
                return Err(TokenError::NoKey { token, object });
            }
            [one] => *one,
            many => {
                let (token, object) = names();
                return Err(TokenError::Ambiguous { token, object, count: many.len() });
            }
        };
        let key_type = session.get_attributes(private, &[AttributeType::KeyType]).map_err(token)?;
        if !key_type.iter().any(|a| matches!(a, Attribute::KeyType(t) if *t == KeyType::EC_EDWARDS)) {
            let (token, object) = names();
            return Err(TokenError::WrongKeyType { token, object });
        }
        let described = session
            .find_objects(&[
                Attribute::Class(ObjectClass::DATA),
                Attribute::Application(KEY_INFO_APPLICATION.to_vec()),
                label(&uri.object),
            ])
            .map_err(token)?;
        let description = match described.as_slice() {
            [one] => *one,
            [] => {
                let (token, object) = names();
                return Err(TokenError::NoKeyInfo { token, object });
            }
            many => {
                let (token, object) = names();
                let reason = format!("{} descriptions carry this label; one is expected", many.len());
                return Err(TokenError::BadKeyInfo { token, object, reason });
            }
        };
        let bad = |reason: String| {
            let (token, object) = names();
            TokenError::BadKeyInfo { token, object, reason }
        };
        let value = session.get_attributes(description, &[AttributeType::Value]).map_err(token)?;
        let text = value
            .into_iter()
            .find_map(|a| match a {
                Attribute::Value(v) => String::from_utf8(v).ok(),
                _ => None,
            })
            .ok_or_else(|| bad("not text".into()))?;
        let file = PublicKeyFile::parse(&text).map_err(|e| bad(e.to_string()))?;
        let key = TokenKey { session: Mutex::new(session), private, public: file.key, uri: uri.clone() };
        // The private key must sign for the described public key: a probe signature shows it.
        let probe = b"healthseal: does this token key match its description?";
        let signature = key.sign_raw(probe)?;
        if key.public.verify(probe, &signature).is_err() {
            return Err(bad("the private key does not belong to the described public key".into()));
        }
        Ok((file.info, key))
    }

    /// Where the key is.
    pub fn uri(&self) -> &KeyUri {
        &self.uri
    }

    fn sign_raw(&self, message: &[u8]) -> Result<[u8; 64], TokenError> {
        let session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        let mechanism = Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure));
        let signature =
            session.sign(&mechanism, self.private, message).map_err(|e| from_module(e, &self.uri.token))?;
        signature.try_into().map_err(|s: Vec<u8>| TokenError::Refused {
            function: "C_Sign".into(),
            reason: format!("a signature of {} bytes, not 64", s.len()),
        })
    }
}

impl Signer for TokenKey {
    fn public_key(&self) -> &PublicKey {
        &self.public
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SignerError> {
        self.sign_raw(message).map_err(|e| match e {
            e if e.is_removed() => SignerError::Unavailable { reason: e.to_string() },
            e => SignerError::Refused { reason: e.to_string() },
        })
    }
}
