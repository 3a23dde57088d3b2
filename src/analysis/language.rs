//! Language identification of the cleaned body.
//!
//! Input: the body text. Output: an ISO 639-1 code (`en`, `fr`, …) or
//! `und` when the text is too short or unclear to tell.
//!
//! English news is recognised first by its function words (a fifth or more
//! of the words are "the", "of", "said" …), which never mistakes a long
//! English article full of foreign names for another language; other text
//! goes to whatlang's trigram model, on a bounded sample so long articles
//! cost little. Short Latin-script text that whatlang cannot call reliably
//! is taken as English, the service's expected language.

/// Frequent English function words (in lower case).
fn is_english_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "of"
            | "and"
            | "to"
            | "in"
            | "a"
            | "is"
            | "was"
            | "for"
            | "on"
            | "that"
            | "with"
            | "as"
            | "by"
            | "at"
            | "said"
            | "he"
            | "she"
            | "it"
            | "from"
            | "his"
            | "her"
            | "has"
            | "have"
            | "had"
            | "be"
            | "are"
            | "an"
            | "this"
            | "which"
            | "not"
            | "but"
            | "were"
            | "will"
            | "their"
            | "they"
            | "would"
            | "who"
            | "been"
            | "its"
            | "or"
            | "after"
            | "also"
            | "we"
            | "more"
            | "than"
            | "about"
            | "over"
            | "into"
            | "could"
    )
}

/// Whether `w` in lower case is one of the function words. An ASCII word
/// is lower-cased on the stack (and one longer than any function word is
/// none); any other goes through `to_lowercase`, as every word once did.
fn is_english(w: &str) -> bool {
    if !w.is_ascii() {
        return is_english_word(&w.to_lowercase());
    }
    let mut buf = [0u8; 5];
    let Some(lower) = buf.get_mut(..w.len()) else {
        return false;
    };
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(is_english_word)
}

/// Characters of text handed to the trigram model.
const SAMPLE: usize = 6000;

/// Detects the language of `text`.
pub fn detect(text: &str) -> String {
    // The first 3000 words: how many, and how many are function words.
    let (mut words, mut english) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(3000)
    {
        words += 1;
        english += usize::from(is_english(w));
    }
    if words == 0 {
        return "und".to_string();
    }
    let ratio = english as f32 / words as f32;
    if words >= 5 && ratio >= 0.2 {
        return "en".to_string();
    }
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    match whatlang::detect(sample) {
        Some(info) if info.is_reliable() || words >= 40 && info.confidence() > 0.5 => {
            if info.lang() == whatlang::Lang::Eng || latin_guess(&info, ratio, words) {
                "en".to_string()
            } else {
                iso639_1(info.lang()).to_string()
            }
        }
        Some(info) if info.script() == whatlang::Script::Latin && (words < 40 || ratio >= 0.1) => {
            "en".to_string()
        }
        _ => "und".to_string(),
    }
}

/// A Latin-script call on short text with English function words present
/// is not trusted over English.
fn latin_guess(info: &whatlang::Info, ratio: f32, words: usize) -> bool {
    info.script() == whatlang::Script::Latin && words < 25 && ratio >= 0.1
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Rus => "ru",
        Ara => "ar",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Urd => "ur",
        Tur => "tr",
        Pes => "fa",
        Nld => "nl",
        Pol => "pl",
        Ukr => "uk",
        Heb => "he",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Bul => "bg",
        Srp => "sr",
        Hrv => "hr",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Ben => "bn",
        Tam => "ta",
        _ => lang.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        let cases = [
            (
                "Prosecutors in Sweden have dropped an investigation into a rape allegation made against the co-founder in 2010, officials said on Tuesday.",
                "en",
            ),
            // English crowded with names and numbers is still English.
            (
                "Rubio met Jaishankar in Kuala Lumpur on Monday, October 27, 2025, with Dar and Munir.",
                "en",
            ),
            ("Rubio met Jaishankar.", "en"),
            (
                "Le ministre des Affaires étrangères a rencontré son homologue allemand mardi à Paris pour discuter de la guerre en Ukraine et de la sécurité européenne.",
                "fr",
            ),
            (
                "Der Außenminister traf sich am Dienstag in Berlin mit seinem französischen Amtskollegen, um über den Krieg in der Ukraine und die europäische Sicherheit zu sprechen.",
                "de",
            ),
            (
                "El ministro de Asuntos Exteriores se reunió el martes en Madrid con su homólogo francés para hablar de la guerra en Ucrania y de la seguridad europea.",
                "es",
            ),
            (
                "Министр иностранных дел встретился во вторник в Москве со своим французским коллегой, чтобы обсудить войну и европейскую безопасность.",
                "ru",
            ),
            (
                "التقى وزير الخارجية يوم الثلاثاء في القاهرة بنظيره الفرنسي لبحث الحرب في أوكرانيا والأمن الأوروبي.",
                "ar",
            ),
            ("", "und"),
            ("12345 !!!", "und"),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text:?}");
        }
    }

    #[test]
    fn long_english_is_english() {
        let para = "The United States faced stiff international criticism on Tuesday over its decision, while the premier cheered on the move. ";
        assert_eq!(detect(&para.repeat(400)), "en");
    }
}
