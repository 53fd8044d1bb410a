//! Test material shared by the image tests and the scan benchmark: a province with a trust list,
//! a signed credential, and camera-like grey frames built deterministically around a QR code.

#![allow(dead_code)]

use healthseal_core::{
    CredentialDraft, CredentialId, DecisionOptions, IssuingKey, Policy, RegionEntry, RevocationSet, Sealed,
    SigningKey, Status, Timestamp, TrustListDraft,
};
use healthseal_test_support::drafts;
use healthseal_verifier::Verifier;
use image::GrayImage;
use qrcode::{Color, EcLevel, QrCode};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// The fixed clock of every image test.
pub fn now() -> Timestamp {
    Timestamp::from_unix(1_795_564_800 + 600).unwrap()
}

/// A verifier for province CN-HA, and the text of one of its green credentials.
pub fn province() -> (Verifier, String) {
    let root = SigningKey::from_seed([1; 32]);
    let issuer = SigningKey::from_seed([2; 32]);
    let t = Timestamp::from_unix(1_795_564_800).unwrap();
    let list = TrustListDraft {
        owner: "CN-HA".parse().unwrap(),
        sequence: 1,
        issued_at: t,
        next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
        regions: vec![RegionEntry {
            region: "CN-HA".parse().unwrap(),
            name: "Henan".into(),
            root: root.public_key().clone(),
            statement_sequence: 1,
            keys: vec![IssuingKey::active(issuer.public_key().clone())],
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
        }],
        succession: Default::default(),
    }
    .check()
    .unwrap()
    .sign(&root)
    .unwrap();
    // The typical draft (issued at t, valid 72 hours), from Henan.
    let credential = CredentialDraft {
        region: "CN-HA".parse().unwrap(),
        id: CredentialId::from_bytes([1, 2, 3, 4, 5, 6, 7, 8]),
        ..drafts::typical()
    }
    .check()
    .unwrap();
    let text = Sealed::sign(&credential, &issuer).unwrap().to_text();
    let verifier = Verifier::new(root.public_key(), &list, DecisionOptions::default()).unwrap();
    (verifier, text)
}

/// One code in a scene: its text and where and how it appears.
#[derive(Debug, Clone)]
pub struct Code {
    pub text: String,
    /// Top-left corner of the quiet zone, in pixels.
    pub at: (u32, u32),
    /// Pixels per module.
    pub module_px: u32,
    /// Light modules dark and dark modules light (a phone in dark mode).
    pub inverted: bool,
}

impl Code {
    pub fn new(text: &str, at: (u32, u32), module_px: u32) -> Self {
        Self { text: text.to_owned(), at, module_px, inverted: false }
    }
}

/// A camera-like grey frame: uneven lighting, clutter, the codes, a slight blur, sensor noise.
#[derive(Debug, Clone)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub codes: Vec<Code>,
    /// Difference between a code's light and dark modules, 0..=255 (a bright screen: about 170).
    pub contrast: u8,
    pub seed: u64,
}

impl Scene {
    pub fn new(width: u32, height: u32, seed: u64) -> Self {
        Self { width, height, codes: Vec::new(), contrast: 170, seed }
    }

    pub fn with(mut self, code: Code) -> Self {
        self.codes.push(code);
        self
    }

    pub fn contrast(mut self, contrast: u8) -> Self {
        self.contrast = contrast;
        self
    }

    pub fn render(&self) -> GrayImage {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let (w, h) = (self.width, self.height);
        // Lighting: a diagonal gradient with a soft bright spot.
        let (cx, cy) = (w as f32 * 0.7, h as f32 * 0.3);
        let mut light = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = ((x as f32 - cx) / w as f32, (y as f32 - cy) / h as f32);
                let spot = (-(dx * dx + dy * dy) * 6.0).exp();
                light[(y * w + x) as usize] = 0.55 + 0.25 * (x + y) as f32 / (w + h) as f32 + 0.25 * spot;
            }
        }
        // Background: a woven texture, then clutter (boxes, frames, stripes like text lines).
        let mut albedo = vec![0f32; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let t = ((x as f32 * 0.045).sin() * (y as f32 * 0.031).cos()) * 18.0
                    + ((x + 2 * y) as f32 * 0.013).sin() * 12.0;
                albedo[(y * w + x) as usize] = 150.0 + t;
            }
        }
        let mut r = |n: u32| rng.next_u32() % n.max(1);
        for _ in 0..60 {
            let (bw, bh) = (20 + r(w / 5), 10 + r(h / 5));
            let (x0, y0) = (r(w), r(h));
            let grey = 30.0 + r(200) as f32;
            let outline = r(3) == 0;
            let striped = r(4) == 0;
            for y in y0..(y0 + bh).min(h) {
                for x in x0..(x0 + bw).min(w) {
                    let edge = x < x0 + 3 || y < y0 + 3 || x + 3 >= x0 + bw || y + 3 >= y0 + bh;
                    let stripe = (y - y0) % 8 < 3;
                    if (!outline || edge) && (!striped || stripe) {
                        albedo[(y * w + x) as usize] = grey;
                    }
                }
            }
        }
        // The codes, each on its own light card (or dark screen) with a quiet zone.
        let mid = 128.0;
        let (dark, bright) = (mid - self.contrast as f32 / 2.0, mid + self.contrast as f32 / 2.0);
        for code in &self.codes {
            let qr = QrCode::with_error_correction_level(code.text.as_bytes(), EcLevel::M).unwrap();
            let n = qr.width() as u32;
            let colors = qr.to_colors();
            let quiet = 4;
            let side = (n + 2 * quiet) * code.module_px;
            for y in 0..side {
                for x in 0..side {
                    let (px, py) = (code.at.0 + x, code.at.1 + y);
                    if px >= w || py >= h {
                        continue;
                    }
                    let (mx, my) = (x / code.module_px, y / code.module_px);
                    let is_dark = mx >= quiet
                        && my >= quiet
                        && mx < n + quiet
                        && my < n + quiet
                        && colors[((my - quiet) * n + (mx - quiet)) as usize] == Color::Dark;
                    albedo[(py * w + px) as usize] = if is_dark != code.inverted { dark } else { bright };
                }
            }
        }
        // Optics: a [1 2 1] blur each way; then sensor noise.
        let mut lit: Vec<f32> = albedo.iter().zip(&light).map(|(a, l)| a * l).collect();
        blur(&mut lit, w as usize, h as usize);
        let mut noise = ChaCha8Rng::seed_from_u64(self.seed ^ 0x5eed);
        let pixels = lit
            .iter()
            .map(|v| {
                let n = (noise.next_u32() % 13) as f32 + (noise.next_u32() % 13) as f32 - 12.0;
                (v + n).clamp(0.0, 255.0) as u8
            })
            .collect();
        GrayImage::from_raw(w, h, pixels).unwrap()
    }
}

fn blur(v: &mut [f32], w: usize, h: usize) {
    let mut tmp = v.to_vec();
    for y in 0..h {
        for x in 1..w - 1 {
            let i = y * w + x;
            tmp[i] = (v[i - 1] + 2.0 * v[i] + v[i + 1]) / 4.0;
        }
    }
    for y in 1..h - 1 {
        for x in 0..w {
            let i = y * w + x;
            v[i] = (tmp[i - w] + 2.0 * tmp[i] + tmp[i + w]) / 4.0;
        }
    }
}

/// The 1280x720 frame of the benchmark: one credential at 5 pixels per module, left of centre.
pub fn frame_720p(text: &str) -> GrayImage {
    Scene::new(1280, 720, 7).with(Code::new(text, (380, 160), 5)).render()
}
