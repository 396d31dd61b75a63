//! Markdown press releases: the prose a reader sees, without markup, code spans, code blocks or
//! the YAML (`---`) or TOML (`+++`) front matter that static-site generators read.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::extract::{Extracted, GAP};

pub fn extract(source: &str) -> Extracted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut extracted = Extracted::default();
    let mut in_code_block = 0usize;
    let mut in_metadata = false;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_metadata = false;
                extracted.separate('\n', range.end);
            }
            _ if in_metadata => {}
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block += 1;
                extracted.separate(GAP, range.start);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = in_code_block.saturating_sub(1);
                extracted.separate('\n', range.end);
            }
            Event::Text(text) if in_code_block == 0 => {
                extracted.push_text(&text, source, range);
            }
            // A code span is left out, and no name is matched across it.
            Event::Code(_) => extracted.separate(GAP, range.start),
            Event::SoftBreak | Event::HardBreak => extracted.separate('\n', range.start),
            Event::End(end) if is_block(&end) => extracted.separate('\n', range.end),
            Event::Rule => extracted.separate('\n', range.end),
            _ => {}
        }
    }
    extracted
}

fn is_block(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::MetadataBlock(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_without_code_and_with_positions() {
        let source = "# Launch\n\nContoso joins **Microsoft Defender** for\nEndpoint. Run `MDE` now.\n\n```\nMicrosoft Defender for Endpoint\n```\nA &amp; B\n";
        let extracted = extract(source);
        assert_eq!(
            extracted.text,
            "Launch\nContoso joins Microsoft Defender for\nEndpoint. Run \u{FFFC} now.\nA & B\n"
        );
        let at = extracted.text.find("Microsoft").unwrap();
        let span = extracted.source_span(at..at + "Microsoft Defender".len());
        assert_eq!(&source[span], "Microsoft Defender");
        let amp = extracted.text.find('&').unwrap();
        assert_eq!(&source[extracted.source_span(amp..amp + 1)], "&amp;");
    }

    #[test]
    fn front_matter_is_not_prose() {
        for source in [
            "---\ntitle: MDE launch\ntags: [Microsoft Defender ATP]\n---\n# Launch\n\nContoso ships.\n",
            "+++\ntitle = \"MDE launch\"\n+++\n# Launch\n\nContoso ships.\n",
        ] {
            assert_eq!(extract(source).text, "Launch\nContoso ships.\n", "{source}");
        }
        // A thematic break later in the file is not front matter.
        let text = extract("Intro\n\n---\n\nMDE\n").text;
        assert_eq!(text, "Intro\nMDE\n");
    }
}
