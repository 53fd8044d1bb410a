//! The ZXing QR photo corpus in `../shared/corpora/zxing-qrcode`: loading, and judging what a
//! reader returned against each image's expected text (both trimmed, as the corpus README says).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use healthseal_verifier::{decode_frame, GrayImage};

/// The folders, in order.
pub const FOLDERS: [&str; 6] = ["qrcode-1", "qrcode-2", "qrcode-3", "qrcode-4", "qrcode-5", "qrcode-6"];

/// Where the corpus is, from this crate's folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/zxing-qrcode")
}

/// One image and the text it holds.
pub struct Case {
    pub folder: &'static str,
    /// `qrcode-2/16.png`.
    pub name: String,
    pub frame: GrayImage,
    pub expected: String,
}

/// Every image of one folder, sorted by name, decoded by the verifier's own `decode_frame`.
pub fn load(folder: &'static str) -> Vec<Case> {
    let dir = root().join(folder);
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    pngs.into_iter()
        .map(|png| {
            let bytes = std::fs::read(&png).unwrap();
            let frame = decode_frame(&bytes).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
            let expected = std::fs::read_to_string(png.with_extension("txt")).unwrap().trim().to_owned();
            let name = format!("{folder}/{}", png.file_name().unwrap().to_string_lossy());
            Case { folder, name, frame, expected }
        })
        .collect()
}

/// Known divergences, from `tests/zxing_corpus_exceptions.txt`: payloads other than the expected
/// text that are nonetheless right (a second, real code in the image).
pub struct Exceptions(Vec<(String, String)>);

impl Exceptions {
    pub fn load() -> Self {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zxing_corpus_exceptions.txt");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let entries = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|line| {
                let mut parts = line.splitn(3, " | ");
                let (image, kind, prefix) = (parts.next(), parts.next(), parts.next());
                match (image, kind, prefix) {
                    (Some(image), Some("second code"), Some(prefix)) => {
                        (image.trim().to_owned(), prefix.trim().to_owned())
                    }
                    _ => panic!("{}: bad line {line:?}", path.display()),
                }
            })
            .collect();
        Self(entries)
    }

    fn allows(&self, image: &str, payload: &str) -> bool {
        self.0.iter().any(|(i, prefix)| i == image && payload.trim().starts_with(prefix.as_str()))
    }
}

/// What a reader did with one image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The expected text was among the payloads, and nothing unexpected.
    Read,
    /// Nothing read.
    Missed,
    /// A payload that is neither the expected text nor a listed second code.
    Wrong(Vec<String>),
}

pub fn judge(case: &Case, payloads: &[String], exceptions: &Exceptions) -> Outcome {
    let wrong: Vec<String> = payloads
        .iter()
        .filter(|p| p.trim() != case.expected && !exceptions.allows(&case.name, p))
        .cloned()
        .collect();
    if !wrong.is_empty() {
        Outcome::Wrong(wrong)
    } else if payloads.iter().any(|p| p.trim() == case.expected) {
        Outcome::Read
    } else {
        Outcome::Missed
    }
}
