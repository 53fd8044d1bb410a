//! The photographic conditions, and how severe they are.

use std::fmt;
use std::str::FromStr;

/// A kind of photo a checkpoint camera takes. Each has a stable snake_case [`name`](Self::name)
/// (used in file names and reports) and renders a realistic frame on its own: a desk or room
/// around the code, some tilt, light, lens blur and sensor noise; the condition's own effect
/// grows with [`Severity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Condition {
    /// On a phone screen held up to the camera: dark bezel, emissive screen with its glow,
    /// moire from the display's pixel grid, a glare spot on the glass, slight tilt.
    PhoneScreen,
    /// A printed card on a desk: paper curl, a soft shadow across it, print blur and ink spread.
    Paper,
    /// A card turned 20-45 degrees (more with severity) off a random quarter turn.
    Rotated,
    /// A card turned exactly 90, 180 or 270 degrees.
    QuarterTurn,
    /// A card seen at a steep angle from close up: strong keystone.
    Perspective,
    /// A dim, washed-out print: dark modules about 100, light about 160.
    LowContrast,
    /// A phone in dark mode: light modules on a dark screen.
    Inverted,
    /// A card far away in a 1280x720 frame of desk clutter: 3.2 pixels per module at moderate
    /// severity, from 4.4 (mild end) down to 2.0.
    SmallInLarge,
    /// Out of focus: Gaussian blur of a fraction of a module.
    Blur,
    /// A dim scene at high gain: strong sensor noise, colour noise, hot pixels.
    Noise,
    /// Two cards side by side; takes two codes.
    TwoCodes,
    /// A desk with a printed card and clutter but no code at all; takes no code.
    NoCode,
}

impl Condition {
    /// Every condition, in a fixed order.
    pub const ALL: [Condition; 12] = [
        Condition::PhoneScreen,
        Condition::Paper,
        Condition::Rotated,
        Condition::QuarterTurn,
        Condition::Perspective,
        Condition::LowContrast,
        Condition::Inverted,
        Condition::SmallInLarge,
        Condition::Blur,
        Condition::Noise,
        Condition::TwoCodes,
        Condition::NoCode,
    ];

    /// The stable snake_case name.
    ///
    /// ```
    /// use healthseal_photosim::Condition;
    /// assert_eq!(Condition::PhoneScreen.name(), "phone_screen");
    /// assert_eq!("two_codes".parse::<Condition>(), Ok(Condition::TwoCodes));
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Condition::PhoneScreen => "phone_screen",
            Condition::Paper => "paper",
            Condition::Rotated => "rotated",
            Condition::QuarterTurn => "quarter_turn",
            Condition::Perspective => "perspective",
            Condition::LowContrast => "low_contrast",
            Condition::Inverted => "inverted",
            Condition::SmallInLarge => "small_in_large",
            Condition::Blur => "blur",
            Condition::Noise => "noise",
            Condition::TwoCodes => "two_codes",
            Condition::NoCode => "no_code",
        }
    }

    /// How many clean code images the condition photographs.
    pub const fn codes(self) -> usize {
        match self {
            Condition::TwoCodes => 2,
            Condition::NoCode => 0,
            _ => 1,
        }
    }

    /// The frame size used unless [`Shot::frame`](crate::Shot::frame) sets another: 800x600,
    /// and 1280x720 for [`Condition::SmallInLarge`].
    pub const fn default_frame(self) -> (u32, u32) {
        match self {
            Condition::SmallInLarge => (1280, 720),
            _ => (800, 600),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of [`Condition::ALL`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown photo condition `{name}`; known: phone_screen, paper, rotated, quarter_turn, perspective, low_contrast, inverted, small_in_large, blur, noise, two_codes, no_code")]
pub struct UnknownCondition {
    /// The name given.
    pub name: String,
}

impl FromStr for Condition {
    type Err = UnknownCondition;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Condition::ALL.into_iter().find(|c| c.name() == s).ok_or_else(|| UnknownCondition { name: s.into() })
    }
}

/// How strongly a condition's own effect is applied, from 0 (barely) to 1 (the harshest this
/// simulator makes). The layout a seed draws (positions, directions, textures) does not depend
/// on severity, so one seed at rising severities shows the same scene getting worse: what a
/// read-rate curve needs.
///
/// Calibrated against rxing (ZXing port, try-harder, inverted images allowed) on a 244-character
/// code at ECC M saved as JPEG quality 85, 20 seeds: at [`MODERATE`](Self::MODERATE) every
/// condition reads in at least 19 of 20; at [`SEVERE`](Self::SEVERE) blur, noise and
/// perspective read in 1 to 6 of 20 and low contrast in 16; at 1.0 paper, blur, noise,
/// perspective and low contrast read in at most 1 of 20. Turning a code (rotated, quarter
/// turn) or showing two never stops a good decoder, whatever the severity.
///
/// ```
/// use healthseal_photosim::Severity;
/// assert_eq!(Severity::new(0.5), Some(Severity::MODERATE));
/// assert_eq!(Severity::new(1.5), None);
/// assert!(Severity::MILD < Severity::SEVERE);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Severity(f64);

impl Severity {
    /// 0.2: an easy version of the condition.
    pub const MILD: Severity = Severity(0.2);
    /// 0.5, the default: hard but fair, a good decoder should read it.
    pub const MODERATE: Severity = Severity(0.5);
    /// 0.8: at the limit of a good decoder for the conditions that degrade the image.
    pub const SEVERE: Severity = Severity(0.8);

    /// A severity, if `value` is within 0..=1.
    pub fn new(value: f64) -> Option<Severity> {
        (0.0..=1.0).contains(&value).then_some(Severity(value))
    }

    /// The value, in 0..=1.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl Default for Severity {
    fn default() -> Self {
        Severity::MODERATE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_parse_back() {
        for (i, c) in Condition::ALL.iter().enumerate() {
            assert!(c.name().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c}");
            assert_eq!(c.name().parse::<Condition>(), Ok(*c));
            assert!(Condition::ALL[..i].iter().all(|d| d.name() != c.name()));
        }
        let err = "glare".parse::<Condition>().unwrap_err();
        assert_eq!(err.name, "glare");
        assert!(err.to_string().contains("phone_screen"));
    }
}
