//! The card's own words, in Chinese and English.

use std::str::FromStr;

use healthseal_core::Status;

/// Which languages a card's fixed words are printed in, in order. Both by default: the first
/// language leads on every label ("持有人 Holder").
///
/// ```
/// use healthseal_issuer::CardLangs;
/// assert_eq!("zh,en".parse::<CardLangs>(), Ok(CardLangs::ZhEn));
/// assert_eq!(" EN ".parse::<CardLangs>(), Ok(CardLangs::En));
/// assert!("fr".parse::<CardLangs>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CardLangs {
    /// Chinese, then English.
    #[default]
    ZhEn,
    /// English, then Chinese.
    EnZh,
    /// Chinese only.
    Zh,
    /// English only.
    En,
}

impl FromStr for CardLangs {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<String> = s.split(',').map(|p| p.trim().to_ascii_lowercase()).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        match parts.as_slice() {
            ["zh", "en"] => Ok(CardLangs::ZhEn),
            ["en", "zh"] => Ok(CardLangs::EnZh),
            ["zh"] => Ok(CardLangs::Zh),
            ["en"] => Ok(CardLangs::En),
            _ => Err(format!("{s:?} is not a card language list; use zh,en (the default), en,zh, zh or en")),
        }
    }
}

/// A fixed word on the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    Status(Status),
    HealthStatus,
    Holder,
    Born,
    ValidUntil,
}

impl Word {
    /// Every word, for checking that the built-in fonts draw them all.
    #[cfg(test)]
    pub const ALL: [Word; 7] = [
        Word::Status(Status::Green),
        Word::Status(Status::Yellow),
        Word::Status(Status::Red),
        Word::HealthStatus,
        Word::Holder,
        Word::Born,
        Word::ValidUntil,
    ];

    fn zh(self) -> &'static str {
        match self {
            Word::Status(Status::Green) => "绿码",
            Word::Status(Status::Yellow) => "黄码",
            Word::Status(Status::Red) => "红码",
            Word::HealthStatus => "健康状态",
            Word::Holder => "持有人",
            Word::Born => "出生日期",
            Word::ValidUntil => "有效期至",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Word::Status(Status::Green) => "GREEN",
            Word::Status(Status::Yellow) => "YELLOW",
            Word::Status(Status::Red) => "RED",
            Word::HealthStatus => "health status",
            Word::Holder => "Holder",
            Word::Born => "Born",
            Word::ValidUntil => "Valid until",
        }
    }
}

impl CardLangs {
    /// `word` in the card's languages, joined by a space.
    pub(crate) fn say(self, word: Word) -> String {
        match self {
            CardLangs::ZhEn => format!("{} {}", word.zh(), word.en()),
            CardLangs::EnZh => format!("{} {}", word.en(), word.zh()),
            CardLangs::Zh => word.zh().to_string(),
            CardLangs::En => word.en().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::CardFonts;

    #[test]
    fn builtin_fonts_cover_every_label() {
        // When this fails, a label changed: add its characters to fonts/chars.txt and run
        // fonts/subset.sh.
        let fonts = CardFonts::builtin();
        for langs in [CardLangs::ZhEn, CardLangs::EnZh, CardLangs::Zh, CardLangs::En] {
            for word in Word::ALL {
                let text = langs.say(word);
                assert_eq!(fonts.missing(&text), Vec::<char>::new(), "{text}");
            }
        }
        assert!(fonts.missing("0123456789-:+() UTC ID · QR …").is_empty());
    }

    #[test]
    fn words_come_in_the_asked_order() {
        assert_eq!(CardLangs::ZhEn.say(Word::Holder), "持有人 Holder");
        assert_eq!(CardLangs::EnZh.say(Word::Status(Status::Red)), "RED 红码");
        assert_eq!(CardLangs::Zh.say(Word::ValidUntil), "有效期至");
        assert_eq!(CardLangs::En.say(Word::Born), "Born");
    }
}
