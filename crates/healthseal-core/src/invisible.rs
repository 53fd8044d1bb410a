//! Characters that are not shown as themselves: controls, and the Unicode characters that are
//! invisible or change how the text around them is laid out. One definition for everything that
//! reaches a screen: names in credentials and trust documents, previews of foreign codes, file
//! names in a checkpoint's messages.

/// Whether `c` is not shown as itself: a control character (C0, DEL, C1), a line or paragraph
/// separator, an interlinear annotation character, or any code point Unicode marks
/// `Bidi_Control` or `Default_Ignorable_Code_Point` (Unicode 15.1, DerivedCoreProperties.txt
/// and PropList.txt): direction marks, embeddings, overrides and isolates, zero-width
/// characters, the soft hyphen, the Arabic letter mark, fillers such as U+3164 that render as
/// blank, variation selectors and tag characters.
///
/// ```
/// use healthseal_core::is_invisible;
/// assert!(is_invisible('\u{1b}'));
/// assert!(is_invisible('\u{061C}')); // Arabic letter mark: a bidi control
/// assert!(is_invisible('\u{3164}')); // Hangul filler: prints as a blank
/// assert!(!is_invisible('张'));
/// assert!(!is_invisible(' '));
/// ```
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'                      // soft hyphen
            | '\u{034F}'                    // combining grapheme joiner
            | '\u{061C}'                    // Arabic letter mark
            | '\u{115F}' | '\u{1160}'       // Hangul choseong / jungseong fillers
            | '\u{17B4}' | '\u{17B5}'       // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}'       // Mongolian variation selectors, vowel separator
            | '\u{200B}'..='\u{200F}'       // zero width space, non-joiner, joiner, direction marks
            | '\u{2028}' | '\u{2029}'       // line / paragraph separators
            | '\u{202A}'..='\u{202E}'       // bidirectional embeddings and overrides
            | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, isolates, deprecated formats
            | '\u{3164}'                    // Hangul filler
            | '\u{FE00}'..='\u{FE0F}'       // variation selectors
            | '\u{FEFF}'                    // byte order mark
            | '\u{FFA0}'                    // halfwidth Hangul filler
            | '\u{FFF0}'..='\u{FFFB}'       // unassigned specials, interlinear annotation
            | '\u{1BCA0}'..='\u{1BCA3}'     // shorthand format controls
            | '\u{1D173}'..='\u{1D17A}'     // musical symbol format controls
            | '\u{E0000}'..='\u{E0FFF}'     // tags, variation selectors supplement, reserved
        )
}

/// Zero width non-joiner and joiner: invisible, but part of correct spelling between two
/// letters of one word in Persian, Indic scripts and others.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// `text` with every invisible character replaced by U+FFFD, safe to print on a terminal.
///
/// ```
/// use healthseal_core::visible;
/// assert_eq!(visible("scan\u{1b}[2J.png"), "scan\u{FFFD}[2J.png");
/// ```
pub fn visible(text: &str) -> String {
    text.chars().map(|c| if is_invisible(c) { '\u{FFFD}' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bidi_control_is_invisible() {
        // PropList.txt, Bidi_Control.
        for c in ['\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert!(is_invisible(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_characters_seen_in_misleading_names_are_invisible() {
        for c in ['\u{3164}', '\u{00AD}', '\u{180E}', '\u{E0041}', '\u{E007F}', '\u{FEFF}', '\u{85}'] {
            assert!(is_invisible(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn letters_marks_and_spaces_of_every_script_are_visible() {
        for text in ["张三", "José", "محمد", "ศรีสุข", "Ngô Bảo Châu", "Ōtani", "이순신", " \u{3000}"]
        {
            assert!(text.chars().all(|c| !is_invisible(c)), "{text}");
        }
    }
}
