//! Word (.docx) press releases: the paragraphs of the main document, each one line, with the
//! runs of a paragraph joined (Word splits text into runs at every formatting or editing change,
//! so a name is often cut in two). The archive is read with caps against zip bombs.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

/// More entries than any Word document has (they hold a few dozen).
pub const MAX_ENTRIES: usize = 10_000;
/// The largest `word/document.xml` read, uncompressed.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;
/// Elements in `word/document.xml` above which it is not read.
const MAX_NODES: u32 = 4_000_000;

pub(crate) const DOCUMENT: &str = "word/document.xml";
pub(crate) const WORDML: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// The document's paragraphs, in order, or why it cannot be read.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<String>, String> {
    paragraphs_within(bytes, usize::MAX)
        .map(|(paragraphs, _)| paragraphs)
        .map_err(|error| error.unwrap_or_default())
}

/// The paragraphs and the size of `word/document.xml`, when that is at most `budget` bytes;
/// `Err(None)` when it is larger, `Err(Some(why))` when the document cannot be read.
pub fn paragraphs_within(
    bytes: &[u8],
    budget: usize,
) -> Result<(Vec<String>, usize), Option<String>> {
    let xml = document_xml(bytes).map_err(Some)?;
    if xml.len() > budget {
        return Err(None);
    }
    let paragraphs = parse_paragraphs(&xml).map_err(Some)?;
    Ok((paragraphs, xml.len()))
}

fn parse_paragraphs(xml: &[u8]) -> Result<Vec<String>, String> {
    let text = std::str::from_utf8(xml)
        .map_err(|_| format!("is not a readable .docx: {DOCUMENT} is not UTF-8"))?;
    let document = parse_document(text)?;
    Ok(collect_paragraphs(&document, |_, _, _, _| {}))
}

/// `word/document.xml` parsed, within the limits every reading of it keeps.
pub(crate) fn parse_document(text: &str) -> Result<roxmltree::Document<'_>, String> {
    if let Err(limit) = crate::xml_limits::scan(text, &crate::xml_limits::LIMITS) {
        return Err(format!(
            "is not a readable .docx: {DOCUMENT} has {}, beyond safe parsing limits",
            limit.describe()
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .map_err(|error| format!("is not a readable .docx: {DOCUMENT} is not valid XML ({error})"))
}

/// The bytes of `word/document.xml`, read within the caps against zip bombs.
pub(crate) fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| match error {
        ZipError::InvalidArchive(_) | ZipError::Io(_) => {
            "is not a .docx document (it is not a zip archive, or the archive is damaged)"
                .to_string()
        }
        other => format!("is not a readable .docx: {other}"),
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "is not a readable .docx: its archive has {} entries, more than the {MAX_ENTRIES} \
             a document could need",
            archive.len()
        ));
    }
    let entry = archive.by_name(DOCUMENT).map_err(|error| match error {
        ZipError::FileNotFound => format!(
            "is not a Word document: the archive has no {DOCUMENT} (is it another Office format?)"
        ),
        ZipError::UnsupportedArchive(reason) => {
            format!("is not a readable .docx: {reason} (is it password-protected?)")
        }
        other => format!("is not a readable .docx: {other}"),
    })?;
    if entry.size() > MAX_DOCUMENT_BYTES {
        return Err(too_large(entry.size()));
    }
    // The declared size may lie: never read more than the cap, whatever the entry says.
    let mut xml = Vec::new();
    entry
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|error| format!("is not a readable .docx: {DOCUMENT} is damaged ({error})"))?;
    if xml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large(xml.len() as u64));
    }
    Ok(xml)
}

fn too_large(size: u64) -> String {
    format!(
        "is not a readable .docx: its text ({DOCUMENT}) unpacks to over {} MiB{}, far more \
         than a press release (a zip bomb?)",
        MAX_DOCUMENT_BYTES >> 20,
        if size > MAX_DOCUMENT_BYTES {
            format!(" ({size} bytes)")
        } else {
            String::new()
        }
    )
}

pub(crate) fn is_word(node: roxmltree::Node, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node
            .tag_name()
            .namespace()
            .is_some_and(|namespace| WORDML.contains(&namespace))
}

/// Every `w:p` in document order, numbered by where it starts (a paragraph inside a text box
/// comes after the one that holds it). Deleted text (`w:delText`) and field codes
/// (`w:instrText`) are not text the reader sees and are left out.
///
/// One pass in document order: a node's paragraph is its own if it is a `w:p`, else its
/// parent's, known already because parents come first. No walk up the ancestors per text node,
/// so deep run nesting costs nothing extra.
///
/// `piece` hears of each piece of text as it is added: the paragraph's number, the byte offset
/// in that paragraph where it starts, its length in bytes, and the node it comes from (`w:t`,
/// `w:tab`, `w:br`, `w:cr`, `w:noBreakHyphen`).
pub(crate) fn collect_paragraphs<'a, 'input>(
    document: &'a roxmltree::Document<'input>,
    mut piece: impl FnMut(usize, usize, usize, roxmltree::Node<'a, 'input>),
) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    // The paragraph each node is in, by node id (`usize::MAX`: none).
    let mut paragraph_of: Vec<usize> = Vec::new();
    for node in document.root().descendants() {
        let id = node.id().get_usize();
        if paragraph_of.len() <= id {
            paragraph_of.resize(id + 1, usize::MAX);
        }
        if is_word(node, "p") {
            paragraph_of[id] = paragraphs.len();
            paragraphs.push(String::new());
            continue;
        }
        let number = node
            .parent()
            .map_or(usize::MAX, |parent| paragraph_of[parent.id().get_usize()]);
        paragraph_of[id] = number;
        let in_run = node.parent().is_some_and(|parent| is_word(parent, "r"));
        let text = if is_word(node, "t") {
            node.text().unwrap_or_default()
        } else if in_run && is_word(node, "tab") {
            "\t"
        } else if in_run && (is_word(node, "br") || is_word(node, "cr")) {
            " "
        } else if in_run && is_word(node, "noBreakHyphen") {
            "-"
        } else {
            continue;
        };
        let Some(paragraph) = paragraphs.get_mut(number) else {
            continue;
        };
        piece(number, paragraph.len(), text.len(), node);
        // A paragraph is one line of the report: line breaks inside it become spaces.
        paragraph.extend(text.chars().map(|c| match c {
            '\n' | '\r' => ' ',
            c => c,
        }));
    }
    paragraphs
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal .docx holding `document_xml`.
    pub fn docx(document_xml: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer.start_file("[Content_Types].xml", options).unwrap();
            writer.write_all(b"<Types/>").unwrap();
            writer.start_file(DOCUMENT, options).unwrap();
            writer.write_all(document_xml.as_bytes()).unwrap();
            writer.finish().unwrap();
        }
        bytes
    }

    pub fn body(paragraphs: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{paragraphs}</w:body></w:document>"
        )
    }

    #[test]
    fn runs_are_joined_and_paragraphs_numbered() {
        let xml = body(
            "<w:p><w:r><w:t>Launch</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">Contoso joins Microsoft Def</w:t></w:r>\
             <w:r><w:rPr><w:b/></w:rPr><w:t>ender for End</w:t></w:r><w:r><w:t>point</w:t></w:r>\
             <w:del><w:r><w:delText>MDE</w:delText></w:r></w:del>\
             <w:r><w:instrText>HYPERLINK</w:instrText><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>\
             <w:p/>",
        );
        let paragraphs = paragraphs(&docx(&xml)).unwrap();
        assert_eq!(
            paragraphs,
            [
                "Launch",
                "Contoso joins Microsoft Defender for Endpoint\tx y",
                ""
            ]
        );
    }

    #[test]
    fn not_a_docx() {
        assert!(
            paragraphs(b"%PDF-1.7 garbage")
                .unwrap_err()
                .contains("not a zip archive")
        );
        let mut bytes = Vec::new();
        {
            let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
            writer
                .start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.finish().unwrap();
        }
        assert!(
            paragraphs(&bytes)
                .unwrap_err()
                .contains("no word/document.xml")
        );
        let doctype = docx("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>");
        assert!(paragraphs(&doctype).unwrap_err().contains("not valid XML"));
    }

    #[test]
    fn attribute_and_namespace_floods_are_refused_before_parsing() {
        let attributes: String = (0..65).map(|i| format!(" w:a{i}=\"\"")).collect();
        let xml = body(&format!("<w:p{attributes}/>"));
        assert_eq!(
            paragraphs(&docx(&xml)).unwrap_err(),
            "is not a readable .docx: word/document.xml has an element with more than 64 \
             attributes, beyond safe parsing limits"
        );
        let declarations: String = (0..200).map(|i| format!(" xmlns:n{i}=\"u\"")).collect();
        let xml = body(&format!("<w:p{declarations}/>"));
        assert!(
            paragraphs(&docx(&xml))
                .unwrap_err()
                .contains("more than 128 namespace declarations in scope")
        );
    }

    #[test]
    fn text_deep_inside_a_paragraph_belongs_to_it() {
        let depth = 5_000;
        let xml = body(&format!(
            "<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p>{}<w:r><w:t>b</w:t><w:tab/></w:r>{}</w:p>",
            "<w:sdt><w:sdtContent>".repeat(depth),
            "</w:sdtContent></w:sdt>".repeat(depth)
        ));
        assert_eq!(paragraphs(&docx(&xml)).unwrap(), ["a", "b\t"]);
    }

    #[test]
    fn a_zip_bomb_is_refused_without_unpacking_it() {
        // 40 MiB of zeros compress to about 40 KiB.
        let mut bytes = Vec::new();
        {
            let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(false);
            writer.start_file(DOCUMENT, options).unwrap();
            let zeros = vec![b' '; 1 << 20];
            for _ in 0..40 {
                writer.write_all(&zeros).unwrap();
            }
            writer.finish().unwrap();
        }
        assert!(bytes.len() < 1 << 20);
        let error = paragraphs(&bytes).unwrap_err();
        assert!(error.contains("zip bomb"), "{error}");
    }
}
