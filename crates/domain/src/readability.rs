//! How hard a letter is to read (Code 3.2, 5.10: letters a resident can understand). The
//! Flesch–Kincaid grade level (Kincaid, Fishburne, Rogers and Chissom, 1975, "Derivation of
//! new readability formulas for Navy enlisted personnel", Research Branch Report 8-75):
//!
//! grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
//!
//! A grade under 9 reads at a reading age of about 11 to 14 (US grade + 5), what the plain
//! English guidance for public letters aims at. Syllables are counted by the usual rule of
//! thumb for English: each run of vowels is one, a silent final "e" is not, and every word has
//! at least one.

/// Letters should read below this grade.
pub const PLAIN_ENGLISH_GRADE: f64 = 9.0;

/// What was counted, and the grade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// The Flesch–Kincaid grade level, to one decimal place.
    pub grade: f64,
}

/// The syllables of one word (letters only).
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut in_vowels = false;
    for &c in &w {
        let v = vowel(c);
        if v && !in_vowels {
            count += 1;
        }
        in_vowels = v;
    }
    // A silent final "e" ("home", "made"), but not "-le" after a consonant ("trouble") nor a
    // word whose only vowel it is ("the", "we").
    let n = w.len();
    if n > 2
        && w[n - 1] == 'e'
        && !vowel(w[n - 2])
        && !(w[n - 2] == 'l' && n > 3 && !vowel(w[n - 3]))
        && count > 1
    {
        count -= 1;
    }
    count.max(1)
}

/// Measures prose. A sentence ends at `.`, `!`, `?` or `:` followed by a space or the end, and
/// at the end of a line (a heading, an item of a list, a line of an address). Numbers, dates
/// and references count as words of one syllable. None when there are no words.
pub fn measure(text: &str) -> Option<Reading> {
    let mut words = 0;
    let mut sentences = 0;
    let mut syllable_count = 0;
    for line in text.lines() {
        let mut in_sentence = false;
        for token in line.split_whitespace() {
            let has_letter = token.chars().any(|c| c.is_alphabetic());
            let has_digit = token.chars().any(|c| c.is_ascii_digit());
            if !has_letter && !has_digit {
                continue;
            }
            words += 1;
            in_sentence = true;
            syllable_count += if has_letter { syllables(token) } else { 1 };
            let end = token.trim_end_matches(['"', '\'', ')', '’', '”']);
            if end.ends_with(['.', '!', '?', ':']) {
                sentences += 1;
                in_sentence = false;
            }
        }
        if in_sentence {
            sentences += 1;
        }
    }
    if words == 0 {
        return None;
    }
    let w = words as f64;
    let grade = 0.39 * (w / sentences.max(1) as f64) + 11.8 * (syllable_count as f64 / w) - 15.59;
    Some(Reading {
        words,
        sentences,
        syllables: syllable_count,
        grade: (grade * 10.0).round() / 10.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_follow_the_rule_of_thumb() {
        for (word, n) in [
            ("we", 1),
            ("the", 1),
            ("home", 1),
            ("made", 1),
            ("complaint", 2),
            ("trouble", 2),
            ("people", 2),
            ("ombudsman", 3),
            ("understanding", 4),
            ("responsible", 4),
            ("information", 4),
            ("a", 1),
            ("Tuesday,", 2),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn the_formula_is_kincaids() {
        // 12 words in 2 sentences: 0.39 × 6 + 11.8 × syllables per word − 15.59.
        let r = measure("We got your letter today. We will call you soon about it.").unwrap();
        assert_eq!((r.words, r.sentences), (12, 2));
        let expected = 0.39 * 6.0 + 11.8 * (r.syllables as f64 / 12.0) - 15.59;
        assert_eq!(r.grade, (expected * 10.0).round() / 10.0);
        assert!(r.grade < 3.0, "{r:?}");
    }

    #[test]
    fn long_sentences_of_long_words_read_harder() {
        let plain =
            measure("We are sorry. We got this wrong. We will fix the boiler on Monday.").unwrap();
        let hard = measure(
            "Notwithstanding the aforementioned considerations, the organisation's determination \
             regarding compensation necessitates comprehensive investigation of the circumstances.",
        )
        .unwrap();
        assert!(plain.grade < PLAIN_ENGLISH_GRADE, "{plain:?}");
        assert!(hard.grade > 15.0, "{hard:?}");
    }

    #[test]
    fn headings_and_lines_end_sentences() {
        let r = measure("WHAT YOU TOLD US\n\nThe boiler broke.\nFlat 2\n12 High Street").unwrap();
        assert_eq!(r.sentences, 4);
        assert_eq!(measure("  \n"), None);
    }
}
