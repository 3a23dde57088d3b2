//! Diacritics that English text often drops, folded to their base letter:
//! shared by the clustering stage ("Erdoğan" and "Erdogan" are one name)
//! and by `build.rs` (the given-name table holds "Laszlo" beside "László").

/// A lower-case letter without its diacritic ('ğ' → 'g'); any other
/// character as it is.
pub fn fold_lower(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ķ' => 'k',
        'ľ' | 'ł' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

/// `w` with each letter folded, keeping its case ("László" → "Laszlo");
/// `None` when nothing folds. (Used by `build.rs`.)
#[allow(dead_code)]
pub fn fold_word(w: &str) -> Option<String> {
    if w.is_ascii() {
        return None;
    }
    let folded: String = w
        .chars()
        .map(|c| {
            if !c.is_uppercase() {
                return fold_lower(c);
            }
            // an upper-case letter folds as its lower case does, and
            // stays upper case
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => {
                    let f = fold_lower(l);
                    f.to_uppercase().next().unwrap_or(f)
                }
                _ => c,
            }
        })
        .collect();
    (folded != w).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_keeping_their_case() {
        assert_eq!(fold_word("László").as_deref(), Some("Laszlo"));
        assert_eq!(fold_word("Ørsted").as_deref(), Some("Orsted"));
        assert_eq!(fold_word("Zoë").as_deref(), Some("Zoe"));
        assert_eq!(fold_word("Anna"), None);
    }
}
