//! The names table against real text: every form in a sentence and in every press format, the
//! evaluation set (tests/data/names-evaluation.tsv, whose figures docs/names.md shows), and
//! Microsoft's own translated pages (../shared/seeds) turned into press releases.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use mdelist::manifest::LoadedFile;
use mdelist::press::{self, Content, PressText};
use mdelist::text::names::{self, FORMS, Kind, NameForm};
use mdelist::text::patterns;

use crate::support::{VALID_LISTING, check_json, listing, repo_root};

const UPDATE_HINT: &str = "regenerate with: MDELIST_WRITE_DOCS=1 cargo test --test integration \
                           -- names::";

fn read_press(name: &str, bytes: Vec<u8>) -> Box<PressText> {
    let file = LoadedFile {
        relative: format!("press/{name}"),
        path: PathBuf::from(format!("press/{name}")),
        bytes,
    };
    match press::read(&file) {
        Content::Read(text) => text,
        Content::Unreadable(why) => panic!("{name}: {why}"),
        Content::Missing => panic!("{name}: missing"),
    }
}

/// A .docx whose one paragraph is `runs`, each its own run (bold every other one).
fn docx(runs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for (index, run) in runs.iter().enumerate() {
        let bold = if index % 2 == 1 {
            "<w:rPr><w:b/></w:rPr>"
        } else {
            ""
        };
        write!(
            body,
            "<w:r>{bold}<w:t xml:space=\"preserve\">{run}</w:t></w:r>"
        )
        .unwrap();
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
         <w:p><w:r><w:t>Launch</w:t></w:r></w:p><w:p>{body}</w:p></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The form split in two at a character boundary near its middle.
fn halves(text: &str) -> (&str, &str) {
    let count = text.chars().count();
    let at = text
        .char_indices()
        .nth(count / 2)
        .map_or(text.len(), |(at, _)| at);
    text.split_at(at)
}

fn finds(text: &str, form: &'static NameForm) -> bool {
    names::find(text)
        .iter()
        .any(|found| std::ptr::eq(found.form, form))
}

/// What a press release must show for a form: the form found, and for the reviewed product a
/// mention that is this form.
fn assert_press(text: &PressText, form: &'static NameForm, format: &str) {
    assert!(
        finds(&text.content.text, form),
        "{format}: {:?} not found in {:?}",
        form.text,
        text.content.text
    );
    if form.product == names::mentioned_product() {
        assert!(
            text.mentions
                .iter()
                .any(|mention| std::ptr::eq(mention.entry, form)),
            "{format}: {:?} is not a mention",
            form.text
        );
    } else {
        assert!(
            text.mentions.is_empty(),
            "{format}: {:?} is not the product",
            form.text
        );
    }
}

#[test]
fn every_form_is_found_in_a_sentence_and_in_every_press_format() {
    assert!(FORMS.len() >= 80, "the table lost forms: {}", FORMS.len());
    for form in FORMS {
        let sentence = format!(
            "Tenvik Sentry now works with {} on every device.",
            form.text
        );
        assert!(finds(&sentence, form), "{sentence}");
        if !form.acronym {
            let shouted = sentence.to_uppercase();
            assert!(finds(&shouted, form), "{shouted}");
        }
        let markdown = format!("# Launch\n\n{sentence}\n");
        assert_press(&read_press("a.md", markdown.into_bytes()), form, "md");
        let text = format!("Launch\n\n{sentence}\n");
        assert_press(&read_press("a.txt", text.into_bytes()), form, "txt");
        let (head, tail) = halves(form.text);
        let html = format!(
            "<html><body><h1>Launch</h1><p>Tenvik Sentry now works with <span>{head}</span>\
             <b>{tail}</b> on every device.</p></body></html>"
        );
        assert_press(&read_press("a.html", html.into_bytes()), form, "html");
        let bytes = docx(&[
            "Tenvik Sentry now works with ",
            head,
            tail,
            " on every device.",
        ]);
        assert_press(&read_press("a.docx", bytes), form, "docx");
    }
}

/// What one evaluation sentence expects, and what the tool found.
struct Sentence {
    line: usize,
    lang: String,
    text: String,
    mention: bool,
    former: Vec<String>,
    abbreviations: Vec<String>,
}

/// A comparison key: lower case, letters and digits only.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn list(cell: &str) -> Vec<String> {
    if cell == "-" {
        return Vec::new();
    }
    let mut keys: Vec<String> = cell.split(';').map(key).collect();
    keys.sort();
    keys
}

/// `\n` and `\u{XXXX}` escapes of the data file.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("\\n") {
            out.push('\n');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("\\u{") {
            let end = after.find('}').unwrap();
            let code = u32::from_str_radix(&after[..end], 16).unwrap();
            out.push(char::from_u32(code).unwrap());
            rest = &after[end + 1..];
        } else {
            out.push('\\');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn evaluation_set() -> Vec<Sentence> {
    let path = repo_root().join("tests/data/names-evaluation.tsv");
    let data = std::fs::read_to_string(&path).unwrap();
    data.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 5, "line {}: {line:?}", index + 1);
            let mention = match cells[1] {
                "y" => true,
                "n" => false,
                other => panic!("line {}: mention is y or n, not {other:?}", index + 1),
            };
            Sentence {
                line: index + 1,
                lang: cells[0].to_string(),
                mention,
                former: list(cells[2]),
                abbreviations: list(cells[3]),
                text: unescape(cells[4]),
            }
        })
        .collect()
}

#[derive(Default)]
struct Score {
    expected: usize,
    found: usize,
    agreed: usize,
}

impl Score {
    fn add(&mut self, expected: &[String], found: &[String]) {
        self.expected += expected.len();
        self.found += found.len();
        let mut left: Vec<&String> = found.iter().collect();
        for item in expected {
            if let Some(at) = left.iter().position(|other| *other == item) {
                left.remove(at);
                self.agreed += 1;
            }
        }
    }

    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.agreed as f64 / self.found as f64
        }
    }

    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.agreed as f64 / self.expected as f64
        }
    }
}

fn sorted_keys(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut keys: Vec<String> = texts.map(|text| key(&text)).collect();
    keys.sort();
    keys
}

/// The evaluation section of docs/names.md, computed from the data file.
fn evaluation_markdown(sentences: &[Sentence]) -> (String, [Score; 3]) {
    let mut scores = [Score::default(), Score::default(), Score::default()];
    let mut disagreements = String::new();
    let mut languages: Vec<(String, usize)> = Vec::new();
    for sentence in sentences {
        match languages
            .iter_mut()
            .find(|(lang, _)| *lang == sentence.lang)
        {
            Some((_, count)) => *count += 1,
            None => languages.push((sentence.lang.clone(), 1)),
        }
        let release = read_press("sentence.md", sentence.text.clone().into_bytes());
        let prose = &release.content.text;
        let mention = !release.mentions.is_empty();
        let former = sorted_keys(
            patterns::legacy_names(prose)
                .into_iter()
                .map(|found| prose[found.range].to_string()),
        );
        let abbreviations = sorted_keys(
            patterns::abbreviations(prose)
                .into_iter()
                .map(|found| prose[found.range].to_string()),
        );
        let as_list = |flag: bool| if flag { vec!["y".to_string()] } else { vec![] };
        scores[0].add(&as_list(sentence.mention), &as_list(mention));
        scores[1].add(&sentence.former, &former);
        scores[2].add(&sentence.abbreviations, &abbreviations);
        let mut differences = Vec::new();
        if mention != sentence.mention {
            differences.push(if sentence.mention {
                "names the product, not found".to_string()
            } else {
                "does not name the product, found as a mention".to_string()
            });
        }
        for (what, expected, found) in [
            ("former names", &sentence.former, &former),
            ("abbreviations", &sentence.abbreviations, &abbreviations),
        ] {
            if expected != found {
                differences.push(format!(
                    "{what}: expected [{}], found [{}]",
                    expected.join(", "),
                    found.join(", ")
                ));
            }
        }
        if !differences.is_empty() {
            let shown = sentence.text.replace('\n', "\\n").replace('|', "\\|");
            writeln!(
                disagreements,
                "- line {} ({}): “{shown}” — {}",
                sentence.line,
                sentence.lang,
                differences.join("; ")
            )
            .unwrap();
        }
    }
    let mut out = String::new();
    let by_language: Vec<String> = languages
        .iter()
        .map(|(lang, count)| format!("{lang} {count}"))
        .collect();
    writeln!(
        out,
        "{} sentences ({}).\n",
        sentences.len(),
        by_language.join(", ")
    )
    .unwrap();
    out.push_str("| what | counted | expected | found | agreed | precision | recall |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for (score, what, counted) in [
        (
            &scores[0],
            "mentions of the product (PRESS002/PRESS008)",
            "sentences",
        ),
        (&scores[1], "former names (DESC005)", "names"),
        (
            &scores[2],
            "invented abbreviations (DESC006)",
            "abbreviations",
        ),
    ] {
        writeln!(
            out,
            "| {what} | {counted} | {} | {} | {} | {:.1} % | {:.1} % |",
            score.expected,
            score.found,
            score.agreed,
            100.0 * score.precision(),
            100.0 * score.recall()
        )
        .unwrap();
    }
    out.push_str("\nDisagreements:\n\n");
    if disagreements.is_empty() {
        out.push_str("- none\n");
    } else {
        out.push_str(&disagreements);
    }
    (out, scores)
}

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
fn with_section(document: &str, name: &str, content: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let (Some(from), Some(to)) = (document.find(&start), document.find(&end)) else {
        panic!("docs/names.md has no {start:?} … {end:?} section");
    };
    format!("{}{start}{content}{}", &document[..from], &document[to..])
}

fn check_docs_section(name: &str, content: &str) {
    let path = repo_root().join("docs/names.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let expected = with_section(&committed, name, content);
    if committed != expected && std::env::var_os("MDELIST_WRITE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    assert!(
        committed == expected,
        "docs/names.md section {name} is out of date; {UPDATE_HINT}"
    );
}

#[test]
fn the_evaluation_in_docs_is_computed_from_the_data_file_and_meets_its_goals() {
    let sentences = evaluation_set();
    assert!(sentences.len() >= 150, "{} sentences", sentences.len());
    let (markdown, scores) = evaluation_markdown(&sentences);
    check_docs_section("evaluation", &markdown);
    for (score, what) in scores
        .iter()
        .zip(["mentions", "former names", "abbreviations"])
    {
        assert!(
            score.recall() >= 0.97 && score.precision() >= 0.98,
            "{what}: precision {:.3}, recall {:.3}\n{markdown}",
            score.precision(),
            score.recall()
        );
    }
}

#[test]
fn the_table_in_docs_is_the_names_table() {
    check_docs_section("names", &mdelist::cli::names::names_table_markdown());
}

/// A seed page as a Markdown press release: its title as the heading, its description as the
/// first paragraph (both are what the page shows above its text), then the page's text.
fn seed_release(page: &str) -> String {
    let rest = page
        .strip_prefix("---\n")
        .expect("a seed page starts with front matter");
    let end = rest.find("\n---\n").expect("front matter ends");
    let front = &rest[..end];
    let body = &rest[end + "\n---\n".len()..];
    let field = |key: &str| {
        front
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .map(|value| {
                value
                    .trim()
                    .trim_matches('\'')
                    .trim_matches('"')
                    .to_string()
            })
            .unwrap_or_default()
    };
    format!(
        "# {}\n\n{}\n\n{body}",
        field("title:"),
        field("description:")
    )
}

/// Where a former name of the table is written in the prose, by a plain search of each form's
/// text (any case) with no letter or digit of the same script on either side.
fn former_names_written(prose: &str) -> Vec<String> {
    let lower = prose.to_lowercase();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for form in FORMS.iter().filter(|form| form.kind == Kind::Former) {
        let needle = form.text.to_lowercase();
        for (at, _) in lower.match_indices(&needle) {
            let end = at + needle.len();
            let before = lower[..at].chars().next_back();
            let after = lower[end..].chars().next();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(before) || latin(after) {
                continue;
            }
            spans.push((at, end, form.text.to_string()));
        }
    }
    // A longer name holds a shorter one only once.
    spans.sort_by_key(|(start, end, _)| (*start, std::cmp::Reverse(*end)));
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    for span in spans {
        if kept.last().is_none_or(|last| last.1 <= span.0) {
            kept.push(span);
        }
    }
    kept.into_iter().map(|(_, _, text)| text).collect()
}

#[test]
fn microsofts_translated_pages_name_the_product_and_every_former_name_is_flagged() {
    let seeds = repo_root().join("../shared/seeds");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|error| {
            panic!(
                "{}: {error} (the seeds are part of the shared folder beside the checkout)",
                seeds.display()
            )
        })
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 5, "{pages:?}");
    let mut manifest = VALID_LISTING.to_string();
    let dir = listing(VALID_LISTING);
    std::fs::create_dir(dir.path().join("press")).unwrap();
    let mut expected: Vec<(String, Vec<String>)> = Vec::new();
    for page in &pages {
        let stem = page.file_stem().unwrap().to_str().unwrap();
        let name = format!("{stem}.md");
        let release = seed_release(&std::fs::read_to_string(page).unwrap());
        std::fs::write(dir.path().join("press").join(&name), &release).unwrap();
        write!(manifest, "\n[[press_release]]\nfile = \"press/{name}\"\n").unwrap();
        let prose = read_press(&name, release.into_bytes()).content.text.clone();
        expected.push((name, former_names_written(&prose)));
    }
    std::fs::write(dir.path().join("listing.toml"), manifest).unwrap();
    let (_, report) = check_json(dir.path(), &[]);
    let diagnostics = report["listings"][0]["diagnostics"].as_array().unwrap();
    let mut total = 0;
    for (name, former) in &expected {
        let named = diagnostics.iter().any(|diagnostic| {
            diagnostic["code"] == "PRESS002"
                && diagnostic["message"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!(
                        "press release \"press/{name}\" names Microsoft Defender for Endpoint"
                    ))
        });
        assert!(named, "{name} is not found to name the product");
        let flagged: Vec<&str> = diagnostics
            .iter()
            .filter(|diagnostic| {
                diagnostic["code"] == "DESC005"
                    && diagnostic["file"]
                        .as_str()
                        .is_some_and(|file| Path::new(file).ends_with(format!("press/{name}")))
            })
            .map(|diagnostic| diagnostic["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            flagged.len(),
            former.len(),
            "{name}: former names written {former:?}, flagged {flagged:#?}"
        );
        for (written, message) in former.iter().zip(&flagged) {
            assert!(
                message.to_lowercase().contains(&written.to_lowercase()),
                "{name}: {written:?} vs {message:?}"
            );
        }
        total += former.len();
    }
    // The pages use Microsoft 365 Defender, Azure AD, Microsoft Defender ATP and the former
    // portal name, in English and translated.
    assert!(total >= 20, "only {total} former names in the seeds");
}
