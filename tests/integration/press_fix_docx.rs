//! `mdelist fix --unsafe-fixes` on Word press releases: each name becomes a tracked change
//! (the old name deleted, the new one inserted, author "mdelist CODE"), in the formatting of the
//! run it was in, joined across the runs Word splits a word into; a name across a change of
//! formatting is left alone with the reason; every other entry of the archive is copied as
//! stored. LibreOffice, the real consumer, reads the result: it sees each change with its author,
//! and the accepted text reads the new name.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{mdelist, stderr, stdout};

const TODAY: &str = "2026-11-22";
const WORDML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const DOCUMENT: &str = "word/document.xml";
/// Entries copied as they are stored: one deflated, one stored, one after the document.
const OTHER_ENTRIES: &[&str] = &[
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "word/media/image1.png",
];

/// A small but complete Word document (LibreOffice opens it) whose body holds `paragraphs`.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|paragraph| format!("<w:p>{paragraph}</w:p>"))
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{WORDML}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Default Extension=\"png\" ContentType=\"image/png\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
        </Relationships>";
    let core = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
        xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Launch</dc:title></cp:coreProperties>";
    let mut bytes = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let entries: [(&str, &[u8], _); 5] = [
            ("[Content_Types].xml", content_types.as_bytes(), deflated),
            ("_rels/.rels", rels.as_bytes(), stored),
            (DOCUMENT, document.as_bytes(), deflated),
            ("docProps/core.xml", core.as_bytes(), deflated),
            ("word/media/image1.png", b"\x89PNG\r\n\x1a\n unused", stored),
        ];
        for (name, data, options) in entries {
            writer.start_file(name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap();
    }
    bytes
}

/// The English release: a former name split by spell-check and revision marks into four runs,
/// an abbreviation in bold, and a former name half in italics.
fn english() -> Vec<u8> {
    docx(&[
        "<w:r><w:t>Contoso Cognito joins the partner page</w:t></w:r>",
        "<w:r w:rsidR=\"00A1\"><w:t xml:space=\"preserve\">Contoso Cognito extends Windows </w:t></w:r>\
         <w:proofErr w:type=\"spellStart\"/><w:r w:rsidR=\"00B2\"><w:t>Defen</w:t></w:r>\
         <w:r w:rsidR=\"00C3\"><w:t>der</w:t></w:r><w:proofErr w:type=\"spellEnd\"/>\
         <w:r><w:t xml:space=\"preserve\"> ATP with the new connector.</w:t></w:r>",
        "<w:r><w:t xml:space=\"preserve\">Security teams use </w:t></w:r>\
         <w:r><w:rPr><w:b/></w:rPr><w:t>MDE</w:t></w:r>\
         <w:r><w:t xml:space=\"preserve\"> every day.</w:t></w:r>",
        "<w:r><w:t xml:space=\"preserve\">It also reports to Microsoft </w:t></w:r>\
         <w:r><w:rPr><w:i/></w:rPr><w:t>Defender ATP</w:t></w:r><w:r><w:t>.</w:t></w:r>",
    ])
}

/// The reference example with `release` as its one press release, `press/release.docx`; the
/// listing folder.
fn listing(root: &Path, release: &[u8]) -> PathBuf {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-cognito");
    let dir = root.join("listing");
    std::fs::create_dir_all(dir.join("press")).unwrap();
    let manifest = std::fs::read_to_string(example.join("listing.toml"))
        .unwrap()
        .replace("press/2026-11-launch.md", "press/release.docx");
    std::fs::write(dir.join("listing.toml"), manifest).unwrap();
    std::fs::copy(example.join("logo.svg"), dir.join("logo.svg")).unwrap();
    std::fs::write(dir.join("press/release.docx"), release).unwrap();
    dir
}

fn fix(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["fix", "--today", TODAY];
    args.extend_from_slice(extra);
    args.push(".");
    mdelist(&args, dir)
}

/// An entry of a zip archive as stored: its compression and its compressed bytes.
fn stored_entry(archive: &[u8], name: &str) -> (zip::CompressionMethod, Vec<u8>) {
    let mut archive = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut entry = archive.by_name_raw(name.as_bytes()).unwrap();
    let method = entry.compression();
    let mut data = Vec::new();
    entry.read_to_end(&mut data).unwrap();
    (method, data)
}

fn document_xml(archive: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut xml = String::new();
    archive
        .by_name(DOCUMENT)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn body(xml: &str) -> &str {
    let start = xml.find("<w:body>").unwrap() + "<w:body>".len();
    &xml[start..xml.find("<w:sectPr/>").unwrap()]
}

const REFUSED: &str = "not fixed: press/release.docx paragraph 4: \"Microsoft Defender ATP\" \
    (DESC005): it crosses a change of formatting (italic), so no one formatting fits the new \
    name; change it in Word\n";

#[test]
fn word_release_names_become_tracked_changes() {
    let root = tempfile::tempdir().unwrap();
    let before = english();
    let dir = listing(root.path(), &before);
    let path = dir.join("press/release.docx");

    let output = fix(&dir, &["--diff"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "press/release.docx: 3 unsafe fixes not applied (product names; they change wording): \
         pass --unsafe-fixes to apply them\n"
    );

    let output = fix(&dir, &["--diff", "--unsafe-fixes"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{REFUSED}press/release.docx is a Word document: the fixes are written as tracked \
             changes (author \"mdelist DESC005\", \"mdelist DESC006\") to accept or reject in \
             Word; its text, one paragraph a line:\n\
             --- press/release.docx\n\
             +++ press/release.docx\n\
             @@ -1,4 +1,4 @@\n \
             Contoso Cognito joins the partner page\n\
             -Contoso Cognito extends Windows Defender ATP with the new connector.\n\
             -Security teams use MDE every day.\n\
             +Contoso Cognito extends Microsoft Defender for Endpoint with the new connector.\n\
             +Security teams use Microsoft Defender for Endpoint every day.\n \
             It also reports to Microsoft Defender ATP.\n"
        )
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "--diff wrote");

    let output = fix(&dir, &["--unsafe-fixes"]);
    assert_eq!(
        stdout(&output)
            .lines()
            .take(2)
            .map(|line| format!("{line}\n"))
            .collect::<String>(),
        format!(
            "{REFUSED}fixed press/release.docx as tracked changes (author \"mdelist DESC005\", \
             \"mdelist DESC006\"): write \"Microsoft Defender for Endpoint\" (DESC005); write \
             \"Microsoft Defender for Endpoint\" (DESC006)\n"
        ),
        "{}",
        stderr(&output)
    );
    // The refused name is left for the writer, and said so once.
    assert!(
        stdout(&output).ends_with(
            "  DESC005 press release uses the former product name \"Microsoft Defender ATP\" \
             (paragraph 4)\n"
        ),
        "{}",
        stdout(&output)
    );
    assert_eq!(stdout(&output).matches("not fixed").count(), 1);

    let after = std::fs::read(&path).unwrap();
    let stamp = "w:author=\"mdelist DESC00";
    assert_eq!(
        body(&document_xml(&after)),
        format!(
            "<w:p><w:r><w:t>Contoso Cognito joins the partner page</w:t></w:r></w:p>\
             <w:p><w:r w:rsidR=\"00A1\"><w:t xml:space=\"preserve\">Contoso Cognito extends </w:t></w:r>\
             <w:del w:id=\"1\" {stamp}5\" w:date=\"2026-11-22T00:00:00Z\"><w:r w:rsidR=\"00A1\">\
             <w:delText xml:space=\"preserve\">Windows Defender ATP</w:delText></w:r></w:del>\
             <w:proofErr w:type=\"spellStart\"/><w:proofErr w:type=\"spellEnd\"/>\
             <w:ins w:id=\"2\" {stamp}5\" w:date=\"2026-11-22T00:00:00Z\"><w:r w:rsidR=\"00A1\">\
             <w:t xml:space=\"preserve\">Microsoft Defender for Endpoint</w:t></w:r></w:ins>\
             <w:r><w:t xml:space=\"preserve\"> with the new connector.</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">Security teams use </w:t></w:r>\
             <w:del w:id=\"3\" {stamp}6\" w:date=\"2026-11-22T00:00:00Z\"><w:r><w:rPr><w:b/></w:rPr>\
             <w:delText xml:space=\"preserve\">MDE</w:delText></w:r></w:del>\
             <w:ins w:id=\"4\" {stamp}6\" w:date=\"2026-11-22T00:00:00Z\"><w:r><w:rPr><w:b/></w:rPr>\
             <w:t xml:space=\"preserve\">Microsoft Defender for Endpoint</w:t></w:r></w:ins>\
             <w:r><w:t xml:space=\"preserve\"> every day.</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">It also reports to Microsoft </w:t></w:r>\
             <w:r><w:rPr><w:i/></w:rPr><w:t>Defender ATP</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>"
        )
    );
    for name in OTHER_ENTRIES {
        assert_eq!(
            stored_entry(&after, name),
            stored_entry(&before, name),
            "{name} was not copied as stored"
        );
    }
    let names: Vec<String> = zip::ZipArchive::new(Cursor::new(&after))
        .unwrap()
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            DOCUMENT,
            "docProps/core.xml",
            "word/media/image1.png"
        ]
    );
    assert_eq!(
        stored_entry(&after, DOCUMENT).0,
        zip::CompressionMethod::Deflated
    );
    // Info-ZIP's own test of every entry's data and checksum.
    let unzip = Command::new("unzip")
        .arg("-tq")
        .arg(&path)
        .output()
        .unwrap();
    assert!(unzip.status.success(), "{}", stdout(&unzip));
    // Nothing left beside the release: no lock sidecar, no temporary file.
    let names: Vec<String> = std::fs::read_dir(dir.join("press"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["release.docx"]);

    // Nothing more to do but the refused name.
    let output = fix(&dir, &["--diff", "--unsafe-fixes"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), REFUSED);
}

/// The German and French releases name the product in their language.
#[test]
fn german_and_french_word_releases_get_their_language_names() {
    let cases = [
        (
            "<w:r><w:t xml:space=\"preserve\">Contoso Cognito erweitert </w:t></w:r>\
             <w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t>M</w:t></w:r>\
             <w:r w:rsidR=\"1\"><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t>DE</w:t></w:r>\
             <w:r><w:t xml:space=\"preserve\"> und die Plattform mit der neuen Integration für Kunden.</w:t></w:r>",
            "Contoso Cognito erweitert Microsoft Defender für Endpunkt und die Plattform mit der \
             neuen Integration für Kunden.",
            "<w:ins w:id=\"2\" w:author=\"mdelist DESC006\" w:date=\"2026-11-22T00:00:00Z\">\
             <w:r><w:rPr><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">Microsoft \
             Defender für Endpunkt</w:t></w:r></w:ins>",
        ),
        (
            "<w:r><w:t>Contoso Cognito étend Windows Defender ATP avec le connecteur pour les \
             équipes et la plateforme.</w:t></w:r>",
            "Contoso Cognito étend Microsoft Defender pour point de terminaison avec le \
             connecteur pour les équipes et la plateforme.",
            "<w:ins w:id=\"2\" w:author=\"mdelist DESC005\" w:date=\"2026-11-22T00:00:00Z\">\
             <w:r><w:t xml:space=\"preserve\">Microsoft Defender pour point de \
             terminaison</w:t></w:r></w:ins>",
        ),
    ];
    for (paragraph, text, insertion) in cases {
        let root = tempfile::tempdir().unwrap();
        let dir = listing(root.path(), &docx(&[paragraph]));
        let output = fix(&dir, &["--diff", "--unsafe-fixes"]);
        assert!(
            stdout(&output).ends_with(&format!("+{text}\n")),
            "{}",
            stdout(&output)
        );
        let output = fix(&dir, &["--unsafe-fixes"]);
        assert!(
            stdout(&output).starts_with("fixed press/release.docx as tracked changes"),
            "{}{}",
            stdout(&output),
            stderr(&output)
        );
        let xml = document_xml(&std::fs::read(dir.join("press/release.docx")).unwrap());
        assert!(xml.contains(insertion), "{xml}");
        let (code, report) = super::support::check_json(&dir, &[]);
        let left: Vec<&str> = report["listings"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|diagnostic| diagnostic["code"].as_str())
            .filter(|code| code.starts_with("DESC"))
            .collect();
        assert!(left.is_empty(), "{code} {left:?}");
    }
}

/// `soffice`, or `None` (with a note) where LibreOffice is not installed and not required.
fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("soffice"))
            .find(|path| path.is_file())
    });
    if found.is_some() {
        return found;
    }
    assert!(
        std::env::var_os("MDELIST_REQUIRE_LIBREOFFICE").is_none(),
        "soffice is required (libreoffice-writer-nogui)"
    );
    eprintln!("skipped: soffice (libreoffice-writer-nogui) is not installed");
    None
}

/// The text of an OpenDocument element as a reader sees it: spaces and tabs written as elements
/// counted, a deletion's marker (`text:change`) holding nothing.
fn odf_text(node: roxmltree::Node, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
            continue;
        }
        match child.tag_name().name() {
            "s" => {
                let count = child
                    .attribute(("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "c"))
                    .and_then(|count| count.parse().ok())
                    .unwrap_or(1);
                out.push_str(&" ".repeat(count));
            }
            "tab" => out.push('\t'),
            "line-break" => out.push('\n'),
            _ => odf_text(child, out),
        }
    }
}

/// LibreOffice opens the fixed release and saves it as OpenDocument: its tracked changes are
/// mdelist's, with the rule as author and the date given; accepting them gives the new names,
/// the abbreviation's replacement still bold.
#[test]
fn libreoffice_sees_the_tracked_changes() {
    let Some(soffice) = soffice() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = listing(root.path(), &english());
    let output = fix(&dir, &["--unsafe-fixes"]);
    assert!(
        stdout(&output).contains("fixed press/release.docx"),
        "{}",
        stdout(&output)
    );
    let out = root.path().join("odt");
    let profile = root.path().join("profile");
    let converted = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "odt",
            "--outdir",
        ])
        .arg(&out)
        .arg(dir.join("press/release.docx"))
        .env("HOME", root.path())
        .output()
        .unwrap();
    let odt = std::fs::read(out.join("release.odt"))
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&converted), stderr(&converted)));
    let mut content = String::new();
    zip::ZipArchive::new(Cursor::new(odt))
        .unwrap()
        .by_name("content.xml")
        .unwrap()
        .read_to_string(&mut content)
        .unwrap();
    let document = roxmltree::Document::parse(&content).unwrap();
    let named =
        |node: &roxmltree::Node, name: &str| node.is_element() && node.tag_name().name() == name;

    let changes: Vec<(String, String, String, String)> = document
        .descendants()
        .filter(|node| named(node, "changed-region"))
        .filter_map(|region| region.children().find(roxmltree::Node::is_element))
        .map(|change| {
            let info = |name: &str| {
                change
                    .descendants()
                    .find(|node| named(node, name))
                    .and_then(|node| node.text())
                    .unwrap_or_default()
                    .to_string()
            };
            let mut removed = String::new();
            for paragraph in change.children().filter(|node| named(node, "p")) {
                odf_text(paragraph, &mut removed);
            }
            (
                change.tag_name().name().to_string(),
                info("creator"),
                info("date"),
                removed,
            )
        })
        .collect();
    let change = |kind: &str, code: &str, removed: &str| {
        (
            kind.to_string(),
            format!("mdelist {code}"),
            TODAY.to_string(),
            removed.to_string(),
        )
    };
    assert_eq!(
        changes,
        [
            change("deletion", "DESC005", "Windows Defender ATP"),
            change("insertion", "DESC005", ""),
            change("deletion", "DESC006", "MDE"),
            change("insertion", "DESC006", ""),
        ]
    );

    // The text with every change accepted: the body's paragraphs, the deletions' text apart.
    let text = document
        .descendants()
        .find(|node| {
            named(node, "text") && node.parent().is_some_and(|parent| named(&parent, "body"))
        })
        .unwrap();
    let accepted: Vec<String> = text
        .children()
        .filter(|node| named(node, "p") || named(node, "h"))
        .map(|paragraph| {
            let mut line = String::new();
            odf_text(paragraph, &mut line);
            line
        })
        .collect();
    assert_eq!(
        accepted,
        [
            "Contoso Cognito joins the partner page",
            "Contoso Cognito extends Microsoft Defender for Endpoint with the new connector.",
            "Security teams use Microsoft Defender for Endpoint every day.",
            "It also reports to Microsoft Defender ATP.",
        ]
    );

    // The inserted name in the third paragraph is in a bold text style.
    let span = text
        .descendants()
        .find(|node| named(node, "span") && node.text() == Some("Microsoft Defender for Endpoint"))
        .expect("the inserted name keeps a style of its own");
    let style = span
        .attribute((
            "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
            "style-name",
        ))
        .unwrap();
    let bold = document.descendants().any(|node| {
        named(&node, "style")
            && node.attribute(("urn:oasis:names:tc:opendocument:xmlns:style:1.0", "name"))
                == Some(style)
            && node.descendants().any(|properties| {
                properties.attribute((
                    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
                    "font-weight",
                )) == Some("bold")
            })
    });
    assert!(bold, "{content}");
}
