//! DESC: the 15-word description, in every language it is given in.

use super::{
    Check, Context, Family, Field, Findings, Limit, Rule, RuleDocs, Suppression, quote, subject,
};
use crate::diagnostics::{Applicability, Severity};
use crate::text::chars::{
    CjkLanguage, budget_language, budget_units, character_budget, describe_char, emoji_positions,
    stray_invisibles, tidy,
};
use crate::text::patterns;

pub static DESC001: Rule = Rule {
    code: "DESC001",
    name: "description-too-long",
    family: Family::Desc,
    severity: Severity::Error,
    other_severity: None,
    summary: "more than `description_words` (15) words, counted as words.md says; the message gives the count and quotes the words past the limit. Not raised for a description written mainly in Japanese or Chinese: DESC008 is its one length limit",
    docs: RuleDocs {
        what: "The description (and each localized description) has at most \
               `limits.description_words` (default 15) words. Words are counted as a careful \
               reader would: white-space-separated pieces with a letter or digit, compounds like \
               real-time or and/or as one, and dictionary segmentation for Chinese, Japanese, \
               Thai, Lao, Khmer and Myanmar. `mdelist words` shows the count. A description \
               in Japanese or Chinese (tagged ja… or zh…, or untagged and written mostly in \
               Han, Hiragana or Katakana) is held to the character budget of DESC008 instead, \
               its one length limit: dictionary segmentation counts particles and inflections \
               as words, so a faithful translation of 15 English words has 25 or more.",
        why: "The program asks for a 15-word description; longer ones are cut or sent back.",
        example: "[product]\ndescription = \"AttackIQ Platform validates Defender for Endpoint is configured properly by launching continuous attacks safely on production assets\"\n",
        fix: "Cut the words past the limit, which the message quotes, or rephrase.",
    },
    check: Check::Listing(too_long),
    suppression: Suppression::Allowed,
    limits: &[Limit::DescriptionWords],
};

fn too_long(context: &Context, findings: &mut Findings) {
    let limit = context.limits.description_words;
    for (field, words) in context.counted_descriptions() {
        if language_of(&field).is_some() {
            continue;
        }
        let (Some(first_past), Some(last)) = (words.get(limit), words.last()) else {
            continue;
        };
        let count = words.len();
        let past = count - limit;
        let range = first_past.range.start..last.range.end;
        let excess = quote_words(&field.text.value[range.clone()]);
        let label = if past == 1 {
            format!("word {count} past the limit: {excess}")
        } else {
            format!("words {}–{count} past the limit: {excess}", limit + 1)
        };
        let help = if past == 1 {
            format!("cut the last word: {excess}")
        } else {
            format!("cut the last {past} words: {excess}")
        };
        findings
            .report(
                &DESC001,
                &field.path,
                field.text.sub_span(range),
                format!(
                    "{} has {count} words; the limit is {limit}",
                    subject("description", &field)
                ),
            )
            .with_label(label)
            .with_help(help);
    }
}

pub static DESC002: Rule = Rule {
    code: "DESC002",
    name: "description-too-short",
    family: Family::Desc,
    severity: Severity::Warning,
    other_severity: None,
    summary: "fewer than `description_min_words` (5) words",
    docs: RuleDocs {
        what: "The description has at least `limits.description_min_words` (default 5) words.",
        why: "A few words cannot tell a customer what the integration does.",
        example: "[product]\ndescription = \"Threat protection.\"\n",
        fix: "Say what the integration does for the customer, in 5 to 15 words.",
    },
    check: Check::Listing(too_short),
    suppression: Suppression::Allowed,
    limits: &[Limit::DescriptionMinWords, Limit::DescriptionWords],
};

fn too_short(context: &Context, findings: &mut Findings) {
    let minimum = context.limits.description_min_words;
    let limit = context.limits.description_words;
    for (field, words) in context.counted_descriptions() {
        let count = words.len();
        if count < minimum {
            findings
                .report(
                    &DESC002,
                    &field.path,
                    field.text.span.clone(),
                    format!(
                        "{} has {count} word{}; at least {minimum} are expected",
                        subject("description", &field),
                        if count == 1 { "" } else { "s" }
                    ),
                )
                .with_help(format!(
                    "say what the integration does for the customer, in {minimum} to {limit} words"
                ));
        }
    }
}

pub static DESC003: Rule = Rule {
    code: "DESC003",
    name: "description-placeholder",
    family: Family::Desc,
    severity: Severity::Error,
    other_severity: None,
    summary: "placeholder text: lorem ipsum, TODO, TBD, \"xxx\", \"insert description\", unreplaced `{…}` or `<…>` template slots",
    docs: RuleDocs {
        what: "The description holds no template text: lorem ipsum, TODO, TBD, FIXME, xxx, \
               \"insert description\", or an unreplaced {…} or <…> slot.",
        why: "Template text on the partner page tells customers the listing was never finished.",
        example: "[product]\ndescription = \"TODO: describe what {product} does\"\n",
        fix: "Write the real description.",
    },
    check: Check::Listing(placeholder),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn placeholder(context: &Context, findings: &mut Findings) {
    for field in context.descriptions() {
        for range in patterns::description_placeholders(&field.text.value) {
            findings
                .report(
                    &DESC003,
                    &field.path,
                    field.text.sub_span(range.clone()),
                    format!(
                        "{} contains placeholder text {}",
                        subject("description", &field),
                        quote(&field.text.value[range.clone()])
                    ),
                )
                .with_label("placeholder")
                .with_help("replace it with the real description");
            findings.advise_last(
                "only you can write the real description; mdelist fix leaves placeholders alone",
            );
        }
    }
}

pub static DESC004: Rule = Rule {
    code: "DESC004",
    name: "description-contact",
    family: Family::Desc,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a URL, e-mail address or phone number inside the description",
    docs: RuleDocs {
        what: "The description contains no web address, e-mail address or phone number.",
        why: "The partner page links the landing page separately; contact details in the \
              15 words waste them and go stale.",
        example: "[product]\ndescription = \"Isolate risky devices. Call +1 425 555 0100 or visit contoso.com\"\n",
        fix: "Remove them; put contact details on the landing page.",
    },
    check: Check::Listing(contact),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn contact(context: &Context, findings: &mut Findings) {
    for field in context.descriptions() {
        for (range, kind) in patterns::contacts(&field.text.value) {
            findings
                .report(
                    &DESC004,
                    &field.path,
                    field.text.sub_span(range.clone()),
                    format!(
                        "{} contains {} {}",
                        subject("description", &field),
                        kind.describe(),
                        quote(&field.text.value[range.clone()])
                    ),
                )
                .with_label(kind.describe())
                .with_help(
                    "remove it: the landing page (product.landing_page) is linked separately and \
                     is where contact details belong",
                );
        }
    }
}

/// The current name to write for `form` in a manifest field, in the field's language.
pub(super) fn current_in(
    field: &Field,
    form: &'static crate::text::names::NameForm,
) -> &'static str {
    crate::fix::press::current_name(
        form.product,
        crate::fix::press::field_language(field.lang, &field.text.value, form),
    )
}

/// Whether `value` keeps within the limits a field of this kind is held to: the word limit or
/// the Chinese and Japanese character budget for a description, the grapheme limit for a name.
fn within_limits(context: &Context, field: &Field, name: bool, value: &str) -> bool {
    if name {
        return crate::text::chars::grapheme_count(value) <= context.limits.name_graphemes;
    }
    match budget_language(value, field.lang) {
        Some(language) => {
            budget_units(value).len()
                <= character_budget(language, context.limits.description_words)
        }
        None => {
            crate::text::words::split_words(value, field.lang).len()
                <= context.limits.description_words
        }
    }
}

/// Whether the name fixes of a field (DESC005, DESC006, DESC009) may be offered: writing every
/// former name and abbreviation in it as the current name must not push a field within its
/// limits past them, or the fix would only trade one finding for another.
pub(super) fn renaming_fits(context: &Context, field: &Field, name: bool) -> bool {
    let value = &field.text.value;
    if !within_limits(context, field, name, value) {
        return true;
    }
    let mut renamed = String::with_capacity(value.len() + 64);
    let mut at = 0;
    for found in crate::text::names::find(value) {
        let replaced = match found.form.kind {
            crate::text::names::Kind::Former => !found.introduced_as_former,
            crate::text::names::Kind::Abbreviation => true,
            _ => false,
        };
        if !replaced || found.range.start < at {
            continue;
        }
        renamed.push_str(&value[at..found.range.start]);
        renamed.push_str(current_in(field, found.form));
        at = found.range.end;
    }
    renamed.push_str(&value[at..]);
    within_limits(context, field, name, &renamed)
}

/// The help of a name finding whose fix is held back because it would not fit.
pub(super) const TOO_LONG_TO_FIX: &str =
    "; with it the text would be over its length limit, so shorten it first";

pub static DESC005: Rule = Rule {
    code: "DESC005",
    name: "legacy-product-name",
    family: Family::Desc,
    severity: Severity::Warning,
    other_severity: None,
    summary: "an outdated Microsoft product name, with the current name as the fix; also applies to names and press releases",
    docs: RuleDocs {
        what: "Descriptions, names and press releases use current Microsoft product names: not Windows Defender \
               ATP, Microsoft Defender ATP (MDATP) or Microsoft Defender Advanced Threat \
               Protection (now Microsoft Defender for Endpoint), Microsoft 365 Defender (now \
               Microsoft Defender XDR), Azure Sentinel (now Microsoft Sentinel), Azure Security \
               Center or Azure Defender (now Microsoft Defender for Cloud), Azure Active \
               Directory or Azure AD (now Microsoft Entra ID), Microsoft Defender Security Center \
               (now the Microsoft Defender portal), nor their translations (`mdelist names` \
               lists every form). A former name introduced as such (\"formerly …\", \
               \"previously …\", \"… (now …)\", in any supported language) is fine.",
        why: "Microsoft's partner guidance asks for current product names; outdated names \
              make a listing look abandoned.",
        example: "[product]\ndescription = \"Send alerts from Microsoft Defender ATP to Azure Sentinel\"\n",
        fix: "Use the current name the message gives.",
    },
    check: Check::Listing(legacy_name),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn legacy_name(context: &Context, findings: &mut Findings) {
    let names = context
        .names()
        .into_iter()
        .map(|field| ("product name", field));
    let descriptions = context
        .descriptions()
        .into_iter()
        .map(|field| ("description", field));
    for (what, field) in names.chain(descriptions) {
        let fits = renaming_fits(context, &field, what == "product name");
        for legacy in patterns::legacy_names(&field.text.value) {
            let found = &field.text.value[legacy.range.clone()];
            let current = current_in(&field, legacy.form);
            findings
                .report(
                    &DESC005,
                    &field.path,
                    field.text.sub_span(legacy.range.clone()),
                    format!(
                        "{} uses the former product name {}{}",
                        subject(what, &field),
                        quote(found),
                        super::product_name::translation_note(legacy.form)
                    ),
                )
                .with_label(format!("now \"{current}\""))
                .with_help(format!(
                    "use \"{current}\"{}",
                    if fits { "" } else { TOO_LONG_TO_FIX }
                ));
            if fits {
                findings.fix_last(
                    Applicability::Unsafe,
                    format!("write \"{current}\""),
                    field.text,
                    legacy.range.clone(),
                    current,
                );
            }
        }
    }
    for (field, text) in press_texts(context) {
        for legacy in patterns::legacy_names(&text.content.text) {
            let found = &text.content.text[legacy.range.clone()];
            let diagnostic = findings
                .report_in(
                    &text.source,
                    &DESC005,
                    &field,
                    text.source_span(legacy.range.clone()),
                    format!(
                        "press release uses the former product name {}{}{}",
                        quote(found),
                        super::product_name::translation_note(legacy.form),
                        text.paragraph_note(legacy.range.clone())
                    ),
                )
                .with_label(format!("now \"{}\"", legacy.current))
                .with_help(format!(
                    "use \"{}\" (a former name is fine when introduced as such: \"{} \
                     (formerly {})\")",
                    legacy.current,
                    legacy.current,
                    found.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            if let Some(name) = crate::fix::press::renamed(text, legacy.range.clone(), legacy.form)
            {
                diagnostic.with_replacement(
                    crate::diagnostics::Applicability::Unsafe,
                    format!("write \"{name}\""),
                    name,
                );
            }
        }
    }
}

/// Every press release read as text, listed or not, with the manifest key it is about
/// (none for a file no `[[press_release]]` names).
fn press_texts<'a>(context: &Context<'a>) -> Vec<(String, &'a crate::press::PressText)> {
    let listed = context.press.iter().filter_map(|file| {
        file.text()
            .map(|text| (format!("press_release[{}].file", file.index), text))
    });
    let unlisted = context
        .unlisted_press
        .iter()
        .filter_map(|file| file.text().map(|text| (String::new(), text)));
    listed.chain(unlisted).collect()
}

pub static DESC006: Rule = Rule {
    code: "DESC006",
    name: "abbreviated-product-name",
    family: Family::Desc,
    severity: Severity::Warning,
    other_severity: None,
    summary: "an invented abbreviation of a Microsoft product name (\"MDE\", \"MS Defender\", \"Defender ATP\"); also in press releases",
    docs: RuleDocs {
        what: "Descriptions, names and press releases spell Microsoft product names out: no \
               MDE, MDfE, MD4E, MS Defender, Defender ATP, M365D, M365 Defender, AAD or MS \
               Sentinel (`mdelist names` lists every form). Acronyms in lower case (`mde`) are \
               identifiers and not reported, nor are names inside identifiers, paths or web \
               addresses. Code spans and code blocks of a press release are not checked.",
        why: "Microsoft's partner guidance forbids invented abbreviations of its product names.",
        example: "[product]\ndescription = \"Isolate devices through MDE from your SOAR playbooks\"\n",
        fix: "Write the full name the message gives.",
    },
    check: Check::Listing(abbreviation),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn abbreviation(context: &Context, findings: &mut Findings) {
    let names = context
        .names()
        .into_iter()
        .map(|field| ("product name", field));
    let descriptions = context
        .descriptions()
        .into_iter()
        .map(|field| ("description", field));
    for (what, field) in names.chain(descriptions) {
        let fits = renaming_fits(context, &field, what == "product name");
        for abbreviation in patterns::abbreviations(&field.text.value) {
            let found = &field.text.value[abbreviation.range.clone()];
            let full = current_in(&field, abbreviation.form);
            findings
                .report(
                    &DESC006,
                    &field.path,
                    field.text.sub_span(abbreviation.range.clone()),
                    format!(
                        "{} abbreviates a Microsoft product name as {}",
                        subject(what, &field),
                        quote(found)
                    ),
                )
                .with_label("invented abbreviation")
                .with_help(format!(
                    "write \"{full}\"{}",
                    if fits { "" } else { TOO_LONG_TO_FIX }
                ));
            if fits {
                findings.fix_last(
                    Applicability::Unsafe,
                    format!("write \"{full}\""),
                    field.text,
                    abbreviation.range.clone(),
                    full,
                );
            }
        }
    }
    for (field, text) in press_texts(context) {
        for abbreviation in patterns::abbreviations(&text.content.text) {
            let found = &text.content.text[abbreviation.range.clone()];
            let diagnostic = findings
                .report_in(
                    &text.source,
                    &DESC006,
                    &field,
                    text.source_span(abbreviation.range.clone()),
                    format!(
                        "press release abbreviates a Microsoft product name as {}{}",
                        quote(found),
                        text.paragraph_note(abbreviation.range.clone())
                    ),
                )
                .with_label("invented abbreviation")
                .with_help(format!("write \"{}\"", abbreviation.full));
            if let Some(name) =
                crate::fix::press::renamed(text, abbreviation.range.clone(), abbreviation.form)
            {
                diagnostic.with_replacement(
                    crate::diagnostics::Applicability::Unsafe,
                    format!("write \"{name}\""),
                    name,
                );
            }
        }
    }
}

pub static DESC007: Rule = Rule {
    code: "DESC007",
    name: "description-formatting",
    family: Family::Desc,
    severity: Severity::Warning,
    other_severity: None,
    summary: "line breaks, double spaces, leading/trailing space, text in all capitals, emoji",
    docs: RuleDocs {
        what: "The description is one plain sentence: no line breaks, no double spaces, no \
               leading or trailing space, no run of three or more words in capitals (12 letters \
               or more, so acronyms like SOC or XDR pass), no emoji, no invisible or \
               bidirectional control characters.",
        why: "The partner page shows descriptions as one line of plain text; formatting \
              either disappears or looks broken.",
        example: "[product]\ndescription = \"STOP EVERY THREAT NOW 🚀\"\n",
        fix: "Write one plain sentence in sentence case.",
    },
    check: Check::Listing(formatting),
    suppression: Suppression::Allowed,
    limits: &[],
};

/// The first run of three or more consecutive words in capitals holding at least 12 letters.
fn shouting(text: &str) -> Option<std::ops::Range<usize>> {
    let mut run: Vec<(usize, usize, usize)> = Vec::new();
    let mut best = None;
    let mut offset = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let upper = letters >= 2
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if upper {
            run.push((offset, offset + word.len(), letters));
        } else if !word.is_empty() {
            run.clear();
        }
        let total: usize = run.iter().map(|(_, _, letters)| letters).sum();
        if run.len() >= 3 && total >= 12 {
            best = Some(run[0].0..run[run.len() - 1].1);
        } else if best.is_some() {
            break;
        }
        offset += piece.len();
    }
    best
}

fn formatting(context: &Context, findings: &mut Findings) {
    for field in context.descriptions() {
        let value = &field.text.value;
        let mut problems: Vec<(std::ops::Range<usize>, String, &str, &str)> = Vec::new();
        if let Some(at) = value.find(['\n', '\r']) {
            problems.push((
                at..at + 1,
                "contains a line break".into(),
                "line break",
                "join the lines into one sentence",
            ));
        }
        let lead = value.len() - value.trim_start().len();
        if lead > 0 {
            problems.push((
                0..lead,
                "starts with white space".into(),
                "leading white space",
                "remove the leading space",
            ));
        }
        let end = value.trim_end().len();
        if end < value.len() && lead < value.len() {
            problems.push((
                end..value.len(),
                "ends with white space".into(),
                "trailing white space",
                "remove the trailing space",
            ));
        }
        if let Some(at) = value.trim().find("  ").map(|at| at + lead) {
            problems.push((
                at..at + 2,
                "has a double space".into(),
                "double space",
                "use single spaces between words",
            ));
        }
        if let Some(range) = shouting(value) {
            problems.push((
                range,
                "has text in all capitals".into(),
                "all capitals",
                "write it in sentence case",
            ));
        }
        if let Some(range) = emoji_positions(value).into_iter().next() {
            problems.push((
                range,
                "contains emoji".into(),
                "emoji",
                "remove the emoji; the partner page shows plain text",
            ));
        }
        let stray = stray_invisibles(value).into_iter().next();
        let control = value
            .char_indices()
            .find(|(_, c)| c.is_control() && !c.is_whitespace());
        if let Some((at, c)) = stray.into_iter().chain(control).min() {
            problems.push((
                at..at + c.len_utf8(),
                format!("contains the invisible character {}", describe_char(c)),
                "invisible character here",
                "remove it; retyping the text is the surest way",
            ));
        }
        let tidied = tidy(value, false);
        for (range, what, label, help) in problems {
            // Capitals and emoji are the author's to rewrite; white space and invisible
            // characters are tidied without changing a word.
            let tidies = !matches!(label, "all capitals" | "emoji");
            findings
                .report(
                    &DESC007,
                    &field.path,
                    field.text.sub_span(range),
                    format!("{} {what}", subject("description", &field)),
                )
                .with_label(label)
                .with_help(help);
            if tidies {
                findings.tidy_last(field.text, &tidied);
            }
        }
    }
}

pub static DESC008: Rule = Rule {
    code: "DESC008",
    name: "description-char-budget",
    family: Family::Desc,
    severity: Severity::Error,
    other_severity: None,
    summary: "Japanese or Chinese description longer than the character budget a 15-word English sentence translates to (about 38 Japanese / 27 Chinese characters, scaled with `description_words`); the message also gives the word count, for information",
    docs: RuleDocs {
        what: "A Japanese description has at most about 38 characters and a Chinese one about \
               27, scaled with `limits.description_words`. Characters are grapheme clusters \
               without white space; a word in a spaced script (a Latin product name such as \
               Defender) counts as one character, being one unit of the translation. This is \
               the one length limit of such a description (DESC001 does not apply to it); the \
               message gives the word count too, for information. A description is Japanese \
               or Chinese by its localized table's tag (ja…, zh…), or, without a tag, when \
               most of its characters are Han, Hiragana or Katakana.",
        why: "Dictionary segmentation counts Japanese particles and inflections as words, so a \
              word limit would reject faithful translations; the character budget a 15-word \
              English sentence translates to is what reviewers compare against.",
        example: "[product.localized.ja-JP]\ndescription = \"Contoso Cognito は Microsoft Defender for Endpoint のアラートを取り込み、危険なデバイスを自動的に隔離し、調査結果をチームに通知します。\"\n",
        fix: "Cut the characters past the budget, which the message quotes, or rephrase.",
    },
    check: Check::Listing(char_budget),
    suppression: Suppression::Allowed,
    limits: &[Limit::DescriptionWords],
};

/// Whether a description is held to a Chinese or Japanese character budget rather than the
/// word limit.
fn language_of(field: &Field) -> Option<CjkLanguage> {
    budget_language(&field.text.value, field.lang)
}

fn char_budget(context: &Context, findings: &mut Findings) {
    let words = context.limits.description_words;
    for (field, counted) in context.counted_descriptions() {
        let Some(language) = language_of(&field) else {
            continue;
        };
        let name = language.name();
        let budget = character_budget(language, words);
        let units = budget_units(&field.text.value);
        let count = units.len();
        let (Some(first_past), Some(last)) = (units.get(budget), units.last()) else {
            continue;
        };
        let past = count - budget;
        let range = first_past.range.start..last.range.end;
        let excess = quote(&field.text.value[range.clone()]);
        let word_count = counted.len();
        findings
            .report(
                &DESC008,
                &field.path,
                field.text.sub_span(range),
                format!(
                    "{name} {} has {count} characters; the limit is about {budget} \
                     ({word_count} word{} as segmented, for information only)",
                    subject("description", &field),
                    if word_count == 1 { "" } else { "s" }
                ),
            )
            .with_label(if past == 1 {
                format!("character {count} past the limit: {excess}")
            } else {
                format!("characters {}–{count} past the limit: {excess}", budget + 1)
            })
            .with_help(format!(
                "cut {past} character{} or rephrase (a word in Latin letters, such as a product \
                 name, counts as one)",
                if past == 1 { "" } else { "s" }
            ));
    }
}

/// Quotes the words past a limit, shortened at a word boundary so no word is cut in half.
fn quote_words(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return quote(text);
    }
    let cut = text
        .char_indices()
        .take(MAX + 1)
        .filter(|(_, c)| c.is_whitespace())
        .map(|(at, _)| at)
        .last()
        .unwrap_or_else(|| {
            text.char_indices()
                .nth(MAX)
                .map_or(text.len(), |(at, _)| at)
        });
    let head = quote(text[..cut].trim_end());
    format!("{}…\"", head.strip_suffix('"').unwrap_or(&head))
}

#[cfg(test)]
mod tests {
    use super::{quote_words, shouting};

    #[test]
    fn quoted_excess_ends_on_a_word() {
        let text =
            "continuous attacks safely on production assets across every subsidiary worldwide";
        assert_eq!(
            quote_words(text),
            "\"continuous attacks safely on production assets across every…\""
        );
        assert_eq!(quote_words("production assets"), "\"production assets\"");
    }

    #[test]
    fn shouting_needs_three_capital_words_and_twelve_letters() {
        let text = "Contoso STOPS EVERY THREAT today";
        assert_eq!(shouting(text).map(|r| &text[r]), Some("STOPS EVERY THREAT"));
        assert_eq!(shouting("Feeds SOC XDR SIEM tools"), None);
        assert_eq!(shouting("Contoso Cognito"), None);
    }
}
