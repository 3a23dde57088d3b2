//! Language identification of the cleaned body.
//!
//! Input: the body text. Output: an ISO 639-1 code (`en`, `fr`, …) or
//! `und` when the text is too short or unclear to tell.

/// Detects the language of `text`.
pub fn detect(text: &str) -> String {
    match whatlang::detect(text) {
        Some(info) if info.is_reliable() => iso639_1(info.lang()).to_string(),
        _ => "und".to_string(),
    }
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
        _ => lang.code(),
    }
}
