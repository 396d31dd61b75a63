//! Press releases: each file the manifest stage read, turned once into the prose a reader sees
//! (Markdown, plain text, HTML, Word), with a map back to the file's lines and columns, and the
//! mentions of the product found in it. The result is facts; the `PRESS` rules (and `DESC005`,
//! `DESC006`) turn them into findings.

pub mod docx;
mod entities;
pub mod extract;
mod html;
mod markdown;
pub mod mention;

use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostics::SourceFile;
use crate::manifest::{LoadedFile, Package};

pub use extract::Extracted;
pub use mention::{Form, Mention, mentions};

/// The formats a press release may be in, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
    Docx,
}

impl Format {
    pub fn from_path(path: &str) -> Option<Format> {
        let extension = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        Some(match extension.as_str() {
            "md" | "markdown" => Format::Markdown,
            "txt" => Format::Text,
            "html" | "htm" => Format::Html,
            "docx" => Format::Docx,
            _ => return None,
        })
    }
}

/// A press release read as text.
#[derive(Debug, Clone)]
pub struct PressText {
    pub format: Format,
    /// What findings point into: the file's text, or for a .docx one line per paragraph.
    pub source: SourceFile,
    /// The prose, mapped back to `source`.
    pub content: Extracted,
    pub mentions: Vec<Mention>,
    /// The language the whole text is written in, guessed once (`crate::fix::press::language`
    /// asks for it for every name it replaces, and a hostile release has thousands of them).
    pub guessed_language: std::sync::OnceLock<Option<&'static str>>,
}

impl PressText {
    /// The span in `source` of a range of the prose.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        self.content.source_span(range)
    }

    /// Where a range of the prose is, in words: "line 3", or "paragraph 3" in a .docx.
    pub fn place(&self, range: Range<usize>) -> String {
        let (line, _) = self.source.line_column(self.source_span(range).start);
        match self.format {
            Format::Docx => format!("paragraph {line}"),
            _ => format!("line {line}"),
        }
    }

    /// " (paragraph 3)" for a .docx, where the reported line number is a paragraph number that
    /// a reader would not otherwise guess; nothing for text files.
    pub fn paragraph_note(&self, range: Range<usize>) -> String {
        match self.format {
            Format::Docx => format!(" ({})", self.place(range)),
            _ => String::new(),
        }
    }
}

/// What became of one `[[press_release]]` file.
#[derive(Debug, Clone)]
pub enum Content {
    Read(Box<PressText>),
    /// The file was read but is not text in its format (`PRESS001`): why.
    Unreadable(Unreadable),
    /// No file to read: the manifest stage reported why (`MAN002`, `MAN006`, `MAN007`).
    Missing,
}

/// Why a press release could not be read as text: `kind` is what the rules act on (the help
/// they give), `reason` the fact as shown after the file's name ("is not UTF-8 text: …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub kind: UnreadableKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadableKind {
    /// Not in a format press releases are read from: another extension, a PDF, an image,
    /// binary data, HTML the parser gives up on.
    Format,
    /// Text in an encoding other than UTF-8 or UTF-16 with a mark.
    Encoding,
    /// A Word document that cannot be opened: damaged, encrypted, a zip bomb.
    Document,
    /// Over one of the size limits of press-release text.
    OverLimit,
    /// The file itself could not be read (the loader said why).
    NotRead,
}

impl Unreadable {
    fn new(kind: UnreadableKind, reason: impl Into<String>) -> Unreadable {
        Unreadable {
            kind,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// One press release of the listing, by its index in `[[press_release]]`.
#[derive(Debug, Clone)]
pub struct PressFile {
    pub index: usize,
    pub path: Option<PathBuf>,
    pub content: Content,
}

impl PressFile {
    pub fn text(&self) -> Option<&PressText> {
        match &self.content {
            Content::Read(text) => Some(text),
            _ => None,
        }
    }

    /// Whether the release needs Microsoft's review: it names the product, or it could not be
    /// read and so might.
    pub fn needs_review(&self) -> bool {
        self.text().is_none_or(|text| !text.mentions.is_empty())
    }
}

/// The text of one press release that is read at most: Markdown, HTML or plain text as decoded,
/// or a .docx's paragraphs. A long release is 20 KB. Reading Markdown costs about 50 bytes of
/// memory per byte of bracket-dense input (the parser's tree), so this holds one release near
/// 60 MiB whatever it holds.
pub const MAX_RELEASE_TEXT_BYTES: usize = 1024 * 1024;
/// The press-release text one listing reads in all: the bytes of its Markdown, HTML and text
/// releases and the paragraphs of its .docx ones. It bounds the time a listing's releases take,
/// however many there are; releases past it are not read (`PRESS001`) and so need review.
pub const MAX_LISTING_PRESS_TEXT: usize = 4 * 1024 * 1024;
/// The `word/document.xml` one listing unpacks and parses in all, every .docx together: one
/// document at its own cap ([`docx::MAX_DOCUMENT_BYTES`]), not one per release.
pub const MAX_LISTING_DOCX_XML: usize = docx::MAX_DOCUMENT_BYTES as usize;

/// What is left to read of one listing's press releases.
#[derive(Debug, Clone, Copy)]
struct Budget {
    text: usize,
    docx_xml: usize,
}

impl Budget {
    const FULL: Budget = Budget {
        text: MAX_LISTING_PRESS_TEXT,
        docx_xml: MAX_LISTING_DOCX_XML,
    };
}

/// Reads every press release the manifest stage loaded, within [`MAX_LISTING_PRESS_TEXT`] and
/// [`MAX_LISTING_DOCX_XML`].
pub fn analyze(package: &Package) -> Vec<PressFile> {
    let Some(listing) = &package.listing else {
        return Vec::new();
    };
    let mut budget = Budget::FULL;
    listing
        .press_releases
        .iter()
        .enumerate()
        .map(|(index, _)| {
            let file = package.press.get(index).and_then(Option::as_ref);
            PressFile {
                index,
                path: file.map(|file| file.path.clone()),
                content: file.map_or(Content::Missing, |file| read_within(file, &mut budget)),
            }
        })
        .collect()
}

/// A press release found in `press/` that no `[[press_release]]` names, read like a listed one.
#[derive(Debug, Clone)]
pub struct UnlistedPress {
    /// Relative to the listing folder: what `file = …` would say.
    pub relative: String,
    pub path: PathBuf,
    pub content: Content,
}

impl UnlistedPress {
    pub fn text(&self) -> Option<&PressText> {
        match &self.content {
            Content::Read(text) => Some(text),
            _ => None,
        }
    }
}

/// Reads every unlisted press release the manifest stage found.
pub fn analyze_unlisted(package: &Package) -> Vec<UnlistedPress> {
    package
        .unlisted_press
        .iter()
        .map(|file| UnlistedPress {
            relative: file.relative.clone(),
            path: file.path.clone(),
            content: match &file.file {
                Ok(loaded) => read(loaded),
                Err(reason) => {
                    Content::Unreadable(Unreadable::new(UnreadableKind::NotRead, reason.clone()))
                }
            },
        })
        .collect()
}

/// Reads one file in the format its extension names.
pub fn read(file: &LoadedFile) -> Content {
    let mut budget = Budget::FULL;
    read_within(file, &mut budget)
}

/// Reads one file, taking what it costs from `budget`; a file the budget cannot pay for is not
/// read.
fn read_within(file: &LoadedFile, budget: &mut Budget) -> Content {
    let Some(format) = Format::from_path(&file.relative) else {
        let extension = std::path::Path::new(&file.relative)
            .extension()
            .map(|extension| format!(".{}", extension.to_string_lossy()))
            .unwrap_or_else(|| "no extension".into());
        return Content::Unreadable(Unreadable::new(
            UnreadableKind::Format,
            format!(
                "is in an unsupported format ({extension}); press releases are read from .md, \
                 .txt, .html, .htm or .docx"
            ),
        ));
    };
    match read_format(file, format, budget) {
        Ok(text) => Content::Read(Box::new(text)),
        Err(reason) => Content::Unreadable(reason),
    }
}

fn over_budget(what: &str, limit: usize) -> Unreadable {
    Unreadable::new(
        UnreadableKind::OverLimit,
        format!(
            "is not read: with the releases before it, the listing's {what} is over {} MiB, far \
             more than any listing needs",
            limit >> 20
        ),
    )
}

fn read_format(
    file: &LoadedFile,
    format: Format,
    budget: &mut Budget,
) -> Result<PressText, Unreadable> {
    let (source, content) = if format == Format::Docx {
        let (paragraphs, cost) =
            docx::paragraphs_within(&file.bytes, budget.docx_xml).map_err(|error| match error {
                Some(reason) => Unreadable::new(UnreadableKind::Document, reason),
                None => over_budget("Word text (word/document.xml)", MAX_LISTING_DOCX_XML),
            })?;
        budget.docx_xml -= cost;
        let text = paragraphs.join("\n");
        take_text(&text, text.len(), budget)?;
        let content = Extracted::verbatim(&text);
        (SourceFile::new(file.path.clone(), text), content)
    } else {
        let text = decode(&file.bytes)?;
        take_text(&text, file.bytes.len(), budget)?;
        let content = match format {
            Format::Markdown => markdown::extract(&text),
            Format::Html => html::extract(&text)
                .map_err(|reason| Unreadable::new(UnreadableKind::Format, reason))?,
            Format::Text | Format::Docx => Extracted::verbatim(&text),
        };
        (SourceFile::new(file.path.clone(), text), content)
    };
    let mentions = mentions(&content.text);
    Ok(PressText {
        format,
        source,
        content,
        mentions,
        guessed_language: std::sync::OnceLock::new(),
    })
}

/// Checks one release's text against [`MAX_RELEASE_TEXT_BYTES`] and takes `cost` from the
/// listing's text budget.
fn take_text(text: &str, cost: usize, budget: &mut Budget) -> Result<(), Unreadable> {
    if text.len() > MAX_RELEASE_TEXT_BYTES {
        return Err(Unreadable::new(
            UnreadableKind::OverLimit,
            format!(
                "is not read: its text is {} bytes, over the {} MiB a press release is read up \
                 to (a long release is 20 KB)",
                text.len(),
                MAX_RELEASE_TEXT_BYTES >> 20
            ),
        ));
    }
    let cost = cost.max(text.len());
    if cost > budget.text {
        return Err(over_budget("press-release text", MAX_LISTING_PRESS_TEXT));
    }
    budget.text -= cost;
    Ok(())
}

/// What a file that is not text is, from its first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [b'%', b'P', b'D', b'F', ..] => "a PDF document",
        [b'P', b'K', 3, 4, ..] => "a zip archive (a .docx or other Office file?)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "a legacy Word .doc or other old Office file",
        [b'{', b'\\', b'r', b't', b'f', ..] => "an RTF document",
        [0x89, b'P', b'N', b'G', ..] => "a PNG image",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        _ => return None,
    })
}

/// Text files are UTF-8 (a BOM is accepted) or UTF-16 with a BOM (Windows' "Unicode" text).
/// Lines and columns count characters, so they are the same in the decoded text.
fn decode(bytes: &[u8]) -> Result<String, Unreadable> {
    if let Some(kind) = sniff(bytes) {
        return Err(Unreadable::new(
            UnreadableKind::Format,
            format!("is not text: it is {kind}"),
        ));
    }
    let utf16 = |rest: &[u8], little: bool| {
        let units = rest.chunks(2).map(|pair| match (pair, little) {
            ([low, high], true) => u16::from_le_bytes([*low, *high]),
            ([high, low], false) => u16::from_be_bytes([*high, *low]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| {
                Unreadable::new(
                    UnreadableKind::Encoding,
                    "is not readable text: it has a UTF-16 mark but invalid UTF-16",
                )
            })
    };
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest).map(str::to_string),
        [0xFF, 0xFE, rest @ ..] => return utf16(rest, true).and_then(plain),
        [0xFE, 0xFF, rest @ ..] => return utf16(rest, false).and_then(plain),
        _ => std::str::from_utf8(bytes).map(str::to_string),
    };
    match text {
        Ok(text) => plain(text),
        Err(error) => {
            let at = error.valid_up_to();
            let line = bytes[..at].iter().filter(|byte| **byte == b'\n').count() + 1;
            Err(Unreadable::new(
                UnreadableKind::Encoding,
                format!(
                    "is not UTF-8 text: byte 0x{:02X} on line {line} cannot appear in UTF-8 \
                     (saved as Windows-1252 or Latin-1, or not text at all)",
                    bytes.get(at).copied().unwrap_or_default()
                ),
            ))
        }
    }
}

/// Refuses binary data that happens to be valid UTF-8.
fn plain(text: String) -> Result<String, Unreadable> {
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{C}'))
        .count();
    if text.contains('\0') || controls > 8 + text.len() / 100 {
        return Err(Unreadable::new(
            UnreadableKind::Format,
            "is not text: it holds binary data",
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> LoadedFile {
        LoadedFile {
            relative: name.into(),
            path: PathBuf::from(name),
            bytes: bytes.to_vec(),
        }
    }

    fn unreadable(name: &str, bytes: &[u8]) -> String {
        match read(&file(name, bytes)) {
            Content::Unreadable(unreadable) => unreadable.reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn formats_by_extension_and_refusals() {
        assert!(unreadable("press/launch.pdf", b"%PDF").contains("(.pdf)"));
        assert!(unreadable("press/launch", b"x").contains("(no extension)"));
        assert!(unreadable("a.md", b"%PDF-1.4\n").contains("a PDF document"));
        assert!(unreadable("a.txt", b"caf\xE9").contains("byte 0xE9 on line 1"));
        assert!(unreadable("a.txt", b"a\0b").contains("binary data"));
        assert!(unreadable("a.docx", b"plain text").contains("not a zip archive"));
    }

    #[test]
    fn utf16_text_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Defender for Endpoint".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let Content::Read(text) = read(&file("a.txt", &bytes)) else {
            panic!()
        };
        assert_eq!(text.mentions.len(), 1);
    }

    #[test]
    fn binary_garbage_never_panics() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for length in [0usize, 1, 2, 3, 100, 5000] {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            for name in ["a.md", "a.txt", "a.html", "a.docx"] {
                let _ = read(&file(name, &bytes));
            }
        }
    }
}
