//! Product-name fixes in a Word (.docx) press release, written as tracked changes: the old name
//! becomes a deletion (`w:del`) and the new one an insertion (`w:ins`), both with the formatting
//! of the run the name was in and an author naming the rule, so the writer accepts or rejects
//! each in Word. Pure: the document's bytes in, the new bytes out.
//!
//! A name is changed only where the change is plainly right: its text is in runs of one
//! formatting under one parent (Word's spell-check and revision marks split names into several
//! runs, and those are joined); a name that crosses a change of formatting, a field, a
//! hyperlink's or a comment's edge, or an existing tracked change is refused, with the reason.
//! Every other entry of the archive is copied as it is stored; the new document is read back
//! with the press-release reader before it is returned, and must read as the fixed text.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Write as _};
use std::ops::Range;

use roxmltree::{Node, NodeId};
use zip::{ZipArchive, ZipWriter};

use crate::press::docx::{self as reader, DOCUMENT, is_word};

/// One replacement in the release's text: its paragraphs, one a line, as the check read them.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub span: Range<usize>,
    pub replacement: &'a str,
    /// The rule whose finding asks for it; the tracked change's author is "mdelist CODE".
    pub code: &'a str,
}

/// Why a change is not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The name's runs are formatted differently: the properties that differ, in words.
    Formatting(Vec<String>),
    Field,
    Hyperlink,
    Comment,
    TrackedChange,
    /// A tab, line break or non-breaking hyphen of Word's inside the name.
    Break,
    /// Another element inside or across the name (its WordprocessingML name).
    Element(String),
    /// The text overlaps a change made in this pass (the next pass looks again).
    Overlaps,
    /// The span is not in the document's text (empty, outside it or inside a character).
    Outside,
    /// The document writes its runs without a namespace prefix, which the new elements'
    /// attributes would need.
    Unprefixed,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Formatting(properties) => write!(
                f,
                "it crosses a change of formatting ({}), so no one formatting fits the new name",
                properties.join(", ")
            ),
            Refusal::Field => f.write_str(
                "it is inside a field, whose result Word writes again when the field is updated",
            ),
            Refusal::Hyperlink => f.write_str("it crosses the edge of a hyperlink"),
            Refusal::Comment => f.write_str("it crosses the edge of a comment"),
            Refusal::TrackedChange => f.write_str(
                "it is in or across a tracked change; accept or reject that change first",
            ),
            Refusal::Break => f.write_str("a tab or a line break is inside it"),
            Refusal::Element(name) => write!(f, "it crosses a <w:{name}> element"),
            Refusal::Overlaps => f.write_str("it overlaps another fix"),
            Refusal::Outside => f.write_str("it is not where the check found it"),
            Refusal::Unprefixed => f.write_str(
                "the document writes its text without the usual w: prefix, which this fix does \
                 not write",
            ),
        }
    }
}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Made,
    Refused(Refusal),
}

/// The document with the changes made.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// The text before, as the press-release reader reads it (paragraphs, one a line).
    pub before: String,
    /// The text once the changes made are accepted, as read back from `bytes`.
    pub after: String,
    /// The new file; the input's bytes when no change was made.
    pub bytes: Vec<u8>,
    /// One per change, in the order given.
    pub outcomes: Vec<Outcome>,
}

impl Tracked {
    pub fn made(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| **outcome == Outcome::Made)
            .count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackError {
    /// The document cannot be read (the reader's reason, after the file's name).
    #[error("{0}")]
    Unreadable(String),
    #[error("cannot write the document again: {0}")]
    Rewrite(String),
    /// The rewritten document does not read as the fixed text: a defect, never written.
    #[error("the rewritten document did not read back as the fixed text; nothing was written")]
    ReadBack,
}

/// One piece of paragraph text, where it is in the joined text and the node it comes from.
struct Piece<'a, 'input> {
    range: Range<usize>,
    node: Node<'a, 'input>,
}

/// A change that can be made: the runs its text is in, first to last.
struct Planned<'a, 'input> {
    index: usize,
    span: Range<usize>,
    runs: Vec<Node<'a, 'input>>,
}

/// Makes `changes` in the .docx `bytes` as tracked changes dated `date` (UTC).
pub fn track(
    bytes: &[u8],
    changes: &[Change],
    date: jiff::civil::DateTime,
) -> Result<Tracked, TrackError> {
    let xml = reader::document_xml(bytes).map_err(TrackError::Unreadable)?;
    let text = std::str::from_utf8(&xml).map_err(|_| {
        TrackError::Unreadable(format!("is not a readable .docx: {DOCUMENT} is not UTF-8"))
    })?;
    let document = reader::parse_document(text).map_err(TrackError::Unreadable)?;
    let mut found: Vec<(usize, usize, usize, Node)> = Vec::new();
    let paragraphs = reader::collect_paragraphs(&document, |paragraph, offset, len, node| {
        if len > 0 {
            found.push((paragraph, offset, len, node));
        }
    });
    let mut starts = Vec::with_capacity(paragraphs.len());
    let mut at = 0;
    for paragraph in &paragraphs {
        starts.push(at);
        at += paragraph.len() + 1;
    }
    let before = paragraphs.join("\n");
    // Document order is not text order where a text box's paragraph sits inside another.
    let mut pieces: Vec<Piece> = found
        .into_iter()
        .map(|(paragraph, offset, len, node)| {
            let start = starts[paragraph] + offset;
            Piece {
                range: start..start + len,
                node,
            }
        })
        .collect();
    pieces.sort_by_key(|piece| piece.range.start);
    let in_field = field_runs(&document);

    let mut order: Vec<usize> = (0..changes.len()).collect();
    order.sort_by_key(|index| (changes[*index].span.start, changes[*index].span.end));
    let mut outcomes = vec![Outcome::Refused(Refusal::Outside); changes.len()];
    let mut planned: Vec<Planned> = Vec::new();
    let mut made_to = 0;
    for index in order {
        let span = changes[index].span.clone();
        if span.is_empty() || before.get(span.clone()).is_none() {
            continue;
        }
        if span.start < made_to {
            outcomes[index] = Outcome::Refused(Refusal::Overlaps);
            continue;
        }
        match plan(&pieces, span.clone(), &in_field) {
            Ok(runs) => {
                made_to = span.end;
                outcomes[index] = Outcome::Made;
                planned.push(Planned { index, span, runs });
            }
            Err(refusal) => outcomes[index] = Outcome::Refused(refusal),
        }
    }
    if planned.is_empty() {
        return Ok(Tracked {
            after: before.clone(),
            before,
            bytes: bytes.to_vec(),
            outcomes,
        });
    }

    let mut next_id = next_annotation_id(&document);
    let stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let text_of: HashMap<NodeId, usize> = pieces
        .iter()
        .map(|piece| (piece.node.id(), piece.range.start))
        .collect();
    // Each group's runs in the XML, in document order; a group nested in another's runs (a
    // text box inside the run that holds a name) waits for the next pass.
    let mut rewrites: Vec<(Range<usize>, &[Planned])> = groups(&planned)
        .into_iter()
        .map(|group| {
            let first = group[0].runs[0];
            let last_runs = &group[group.len() - 1].runs;
            let last = last_runs[last_runs.len() - 1];
            (first.range().start..last.range().end, group)
        })
        .collect();
    rewrites.sort_by_key(|(range, _)| range.start);
    let mut kept: Vec<(Range<usize>, &[Planned])> = Vec::with_capacity(rewrites.len());
    for (range, group) in rewrites {
        if kept
            .last()
            .is_some_and(|(previous, _)| range.start < previous.end)
        {
            for change in group {
                outcomes[change.index] = Outcome::Refused(Refusal::Overlaps);
            }
        } else {
            kept.push((range, group));
        }
    }
    let writer = GroupWriter {
        text,
        changes,
        stamp: &stamp,
        text_of: &text_of,
    };
    let mut new_xml = String::with_capacity(text.len() + planned.len() * 512);
    let mut copied_to = 0;
    for (range, group) in &kept {
        let first = group[0].runs[0];
        let last_runs = &group[group.len() - 1].runs;
        let rewritten = writer
            .write(group, first, last_runs[last_runs.len() - 1], &mut next_id)
            .map_err(|refusal| TrackError::Rewrite(refusal.to_string()))?;
        new_xml.push_str(&text[copied_to..range.start]);
        new_xml.push_str(&rewritten);
        copied_to = range.end;
    }
    new_xml.push_str(&text[copied_to..]);

    let mut made: Vec<&Planned> = kept.iter().flat_map(|(_, group)| group.iter()).collect();
    made.sort_by_key(|change| change.span.start);
    let mut expected = String::with_capacity(before.len());
    let mut at = 0;
    for change in made {
        expected.push_str(&before[at..change.span.start]);
        expected.push_str(changes[change.index].replacement);
        at = change.span.end;
    }
    expected.push_str(&before[at..]);

    let new_bytes = rezip(bytes, new_xml.as_bytes()).map_err(TrackError::Rewrite)?;
    let read_back = reader::paragraphs(&new_bytes).map_err(|_| TrackError::ReadBack)?;
    let after = read_back.join("\n");
    if after != expected {
        return Err(TrackError::ReadBack);
    }
    Ok(Tracked {
        before,
        after,
        bytes: new_bytes,
        outcomes,
    })
}

/// The runs a change's text is in, or why it is not made.
fn plan<'a, 'input>(
    pieces: &[Piece<'a, 'input>],
    span: Range<usize>,
    in_field: &[bool],
) -> Result<Vec<Node<'a, 'input>>, Refusal> {
    let from = pieces.partition_point(|piece| piece.range.end <= span.start);
    let covering: Vec<&Piece> = pieces[from..]
        .iter()
        .take_while(|piece| piece.range.start < span.end)
        .collect();
    let (Some(first), Some(last)) = (covering.first(), covering.last()) else {
        return Err(Refusal::Outside);
    };
    if first.range.start > span.start
        || last.range.end < span.end
        || covering
            .windows(2)
            .any(|pair| pair[0].range.end != pair[1].range.start)
    {
        return Err(Refusal::Outside);
    }
    let mut runs: Vec<Node> = Vec::new();
    for piece in &covering {
        if !is_word(piece.node, "t") {
            return Err(Refusal::Break);
        }
        if piece.node.children().count() > 1 {
            return Err(Refusal::Element("t".into()));
        }
        let Some(run) = piece.node.parent().filter(|parent| is_word(*parent, "r")) else {
            return Err(refusal_for(piece.node.parent()));
        };
        if runs.last() != Some(&run) {
            runs.push(run);
        }
    }
    if !runs.iter().all(|run| prefixed(*run)) {
        return Err(Refusal::Unprefixed);
    }
    let parent = runs[0].parent();
    if let Some(other) = runs.iter().find(|run| run.parent() != parent) {
        return Err(crossing(runs[0], *other));
    }
    // What holds the runs, up to their paragraph: containers a tracked change may sit in.
    let mut holder = parent;
    while let Some(node) = holder.filter(|node| !is_word(*node, "p")) {
        if !["hyperlink", "smartTag", "sdt", "sdtContent", "customXml"]
            .iter()
            .any(|name| is_word(node, name))
        {
            return Err(refusal_for(Some(node)));
        }
        holder = node.parent();
    }
    let formatting = |run: Node| {
        run.children()
            .find(|child| is_word(*child, "rPr"))
            .map(properties)
            .unwrap_or_default()
    };
    let wanted = formatting(runs[0]);
    for run in &runs {
        if in_field[run.id().get_usize()] {
            return Err(Refusal::Field);
        }
        if run
            .children()
            .filter(|child| is_word(*child, "rPr"))
            .flat_map(|properties| properties.descendants())
            .any(|node| is_word(node, "rPrChange"))
        {
            return Err(Refusal::TrackedChange);
        }
        let found = formatting(*run);
        if found != wanted {
            return Err(Refusal::Formatting(differing(&wanted, &found)));
        }
    }
    // Between the name's first and last run: other runs holding nothing, and marks that may
    // move to the name's edge (proofing marks, bookmarks).
    let (start_node, end_node) = (covering[0].node, covering[covering.len() - 1].node);
    let last_run = runs[runs.len() - 1];
    let mut sibling = runs[0].next_sibling().filter(|_| runs.len() > 1);
    while let Some(node) = sibling.filter(|node| *node != last_run) {
        sibling = node.next_sibling();
        if !node.is_element() || runs.contains(&node) {
            continue;
        }
        if is_word(node, "r") {
            if let Some(child) = node
                .children()
                .filter(Node::is_element)
                .find(|child| !is_word(*child, "rPr") && !is_word(*child, "lastRenderedPageBreak"))
            {
                return Err(refusal_for(Some(child)));
            }
            continue;
        }
        if !["proofErr", "bookmarkStart", "bookmarkEnd"]
            .iter()
            .any(|name| is_word(node, name))
        {
            return Err(refusal_for(Some(node)));
        }
    }
    // Inside the name, within its runs: its text, and nothing else Word shows or counts.
    for run in &runs {
        for child in run.children().filter(Node::is_element) {
            let at = child.range().start;
            let inside = at > start_node.range().start && at < end_node.range().start;
            if inside
                && !is_word(child, "t")
                && !is_word(child, "rPr")
                && !is_word(child, "lastRenderedPageBreak")
            {
                return Err(refusal_for(Some(child)));
            }
        }
    }
    Ok(runs)
}

/// Whether `run` is written with a namespace prefix (`<w:r`), which its attributes' names can
/// reuse.
fn prefixed(run: Node) -> bool {
    let written = &run.document().input_text()[run.range()];
    written
        .strip_prefix('<')
        .and_then(|rest| {
            rest.split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
        })
        .is_some_and(|name| name.contains(':'))
}

/// Why a name that reaches `node` (an element inside or across it) is not changed.
fn refusal_for(node: Option<Node>) -> Refusal {
    let Some(node) = node else {
        return Refusal::Outside;
    };
    let name = node.tag_name().name();
    match name {
        "hyperlink" => Refusal::Hyperlink,
        "fldSimple" | "fldChar" | "instrText" | "delInstrText" => Refusal::Field,
        "commentRangeStart" | "commentRangeEnd" | "commentReference" => Refusal::Comment,
        "ins" | "del" | "moveFrom" | "moveTo" | "moveFromRangeStart" | "moveFromRangeEnd"
        | "moveToRangeStart" | "moveToRangeEnd" | "delText" => Refusal::TrackedChange,
        "tab" | "br" | "cr" | "noBreakHyphen" | "softHyphen" | "ptab" => Refusal::Break,
        _ if is_word(node, "r") => {
            // A run holding something that is not text.
            node.children()
                .filter(Node::is_element)
                .find(|child| !is_word(*child, "rPr") && !is_word(*child, "t"))
                .map_or_else(
                    || Refusal::Element("r".into()),
                    |child| refusal_for(Some(child)),
                )
        }
        _ => Refusal::Element(name.to_string()),
    }
}

/// Two runs of one name under different parents: the element one is in and the other not.
fn crossing(one: Node, other: Node) -> Refusal {
    let chain = |run: Node| -> Vec<NodeId> {
        run.ancestors()
            .skip(1)
            .take_while(|node| !is_word(*node, "p"))
            .map(|node| node.id())
            .collect()
    };
    let (a, b) = (chain(one), chain(other));
    let document = one.document();
    let unshared = a
        .iter()
        .filter(|id| !b.contains(id))
        .chain(b.iter().filter(|id| !a.contains(id)))
        .filter_map(|id| document.get_node(*id));
    // The most telling reason first: a tracked change, a field, a hyperlink, then the rest.
    let mut refusals: Vec<Refusal> = unshared.map(|node| refusal_for(Some(node))).collect();
    refusals.sort_by_key(|refusal| match refusal {
        Refusal::TrackedChange => 0,
        Refusal::Field => 1,
        Refusal::Hyperlink => 2,
        Refusal::Comment => 3,
        _ => 4,
    });
    refusals
        .into_iter()
        .next()
        .unwrap_or_else(|| Refusal::Element("r".into()))
}

/// Each run inside a complex field (between a `w:fldChar` begin and its end), by node id.
fn field_runs(document: &roxmltree::Document) -> Vec<bool> {
    let mut inside = vec![false; document.descendants().count() + 1];
    let mut depth = 0usize;
    for node in document.descendants() {
        if is_word(node, "r") {
            if let Some(slot) = inside.get_mut(node.id().get_usize()) {
                *slot = depth > 0;
            }
        } else if is_word(node, "fldChar") {
            match word_attribute(node, "fldCharType") {
                Some("begin") => depth += 1,
                Some("end") => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    inside
}

fn word_attribute<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|attribute| {
            attribute.name() == name
                && attribute
                    .namespace()
                    .is_some_and(|namespace| reader::WORDML.contains(&namespace))
        })
        .map(|attribute| attribute.value())
}

/// Higher than every annotation id (`w:id`) in the document, so the new ones are unique.
fn next_annotation_id(document: &roxmltree::Document) -> u64 {
    document
        .descendants()
        .filter_map(|node| word_attribute(node, "id"))
        .filter_map(|id| id.parse::<u64>().ok())
        .max()
        .map_or(1, |max| max.saturating_add(1))
}

/// A run's properties, each as a comparable string, by name.
fn properties(rpr: Node) -> BTreeMap<String, String> {
    fn canonical(node: Node, out: &mut String) {
        out.push_str(node.tag_name().name());
        let mut attributes: Vec<(&str, &str)> = node
            .attributes()
            .map(|attribute| (attribute.name(), attribute.value()))
            .collect();
        attributes.sort_unstable();
        for (name, value) in attributes {
            out.push_str(&format!(" {name}={value:?}"));
        }
        out.push('[');
        for child in node.children().filter(Node::is_element) {
            canonical(child, out);
        }
        out.push(']');
    }
    rpr.children()
        .filter(Node::is_element)
        .map(|child| {
            let mut value = String::new();
            canonical(child, &mut value);
            (child.tag_name().name().to_string(), value)
        })
        .collect()
}

/// The properties two formattings differ in, in words a writer knows.
fn differing(one: &BTreeMap<String, String>, other: &BTreeMap<String, String>) -> Vec<String> {
    let mut names: Vec<&String> = one
        .iter()
        .filter(|(name, value)| other.get(*name) != Some(value))
        .map(|(name, _)| name)
        .chain(other.keys().filter(|name| !one.contains_key(*name)))
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            match name.as_str() {
                "b" | "bCs" => "bold",
                "i" | "iCs" => "italic",
                "u" => "underline",
                "strike" | "dstrike" => "strikethrough",
                "color" => "colour",
                "sz" | "szCs" => "size",
                "rFonts" => "font",
                "highlight" | "shd" => "highlight",
                "vertAlign" => "superscript or subscript",
                "caps" => "capitals",
                "smallCaps" => "small capitals",
                "rStyle" => "character style",
                "lang" => "language",
                "noProof" => "proofing",
                other => other,
            }
            .to_string()
        })
        .fold(Vec::new(), |mut words, word| {
            if !words.contains(&word) {
                words.push(word);
            }
            words
        })
}

/// Consecutive planned changes that share a run are written together.
fn groups<'p, 'a, 'input>(planned: &'p [Planned<'a, 'input>]) -> Vec<&'p [Planned<'a, 'input>]> {
    let mut groups = Vec::new();
    let mut start = 0;
    for index in 1..=planned.len() {
        let joined =
            index < planned.len() && planned[index].runs.first() == planned[index - 1].runs.last();
        if !joined {
            groups.push(&planned[start..index]);
            start = index;
        }
    }
    groups
}

/// Writes the runs of one group of changes again, with the tracked changes in place.
struct GroupWriter<'w> {
    text: &'w str,
    changes: &'w [Change<'w>],
    stamp: &'w str,
    /// Where each `w:t` with text starts in the joined text, by node id.
    text_of: &'w HashMap<NodeId, usize>,
}

/// A run's start tag as written, its qualified name and its properties as written.
struct RunParts<'w> {
    start_tag: &'w str,
    name: &'w str,
    prefix: &'w str,
    properties: &'w str,
}

impl<'w> GroupWriter<'w> {
    fn raw(&self, node: Node) -> &'w str {
        &self.text[node.range()]
    }

    fn run_parts(&self, run: Node) -> Result<RunParts<'w>, Refusal> {
        let raw = self.raw(run);
        let end = start_tag_end(raw).ok_or_else(|| Refusal::Element("r".into()))?;
        let start_tag = &raw[..end];
        let name_end = start_tag[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(start_tag.len(), |at| at + 1);
        let name = &start_tag[1..name_end];
        // The WordprocessingML prefix, which the new elements' attributes need too.
        let Some((prefix, _)) = name.split_once(':') else {
            return Err(Refusal::Unprefixed);
        };
        let properties = run
            .children()
            .find(|child| is_word(*child, "rPr"))
            .map_or("", |properties| self.raw(properties));
        Ok(RunParts {
            start_tag,
            name,
            prefix,
            properties,
        })
    }

    fn write(
        &self,
        group: &[Planned],
        first: Node,
        last: Node,
        next_id: &mut u64,
    ) -> Result<String, Refusal> {
        let touched: Vec<NodeId> = group
            .iter()
            .flat_map(|planned| planned.runs.iter().map(|run| run.id()))
            .collect();
        let mut out = String::new();
        // The change being written (index into `group`) and whether its text has begun.
        let mut current = 0;
        let mut inside = false;
        let mut deleted = String::new();
        let mut moved = String::new();
        let mut template: Option<RunParts> = None;
        let mut sibling = Some(first);
        while let Some(node) = sibling {
            sibling = if node == last {
                None
            } else {
                node.next_sibling()
            };
            if !touched.contains(&node.id()) {
                if !inside {
                    out.push_str(self.raw(node));
                } else if node.is_element() && !is_word(node, "r") {
                    moved.push_str(self.raw(node));
                }
                continue;
            }
            let parts = self.run_parts(node)?;
            let mut plain = String::new();
            // White space between a run's elements means nothing in a document and is dropped.
            for child in node.children().filter(Node::is_element) {
                if is_word(child, "rPr") {
                    continue;
                }
                let Some(&start) = self.text_of.get(&child.id()) else {
                    if !inside {
                        plain.push_str(self.raw(child));
                    }
                    continue;
                };
                let piece = child.text().unwrap_or_default();
                let mut at = 0;
                while at < piece.len() {
                    let Some(planned) = group.get(current) else {
                        if at == 0 {
                            plain.push_str(self.raw(child));
                        } else {
                            plain.push_str(&text_element(parts.prefix, &piece[at..]));
                        }
                        break;
                    };
                    let span = planned.span.start.saturating_sub(start)
                        ..planned.span.end.saturating_sub(start);
                    if inside {
                        let cut = span.end.min(piece.len());
                        deleted.push_str(piece.get(at..cut).ok_or(Refusal::Outside)?);
                        at = cut;
                        if cut == span.end {
                            let template = template.take().ok_or(Refusal::Outside)?;
                            let change = &self.changes[planned.index];
                            out.push_str(
                                &self.tracked(&template, change, &deleted, &moved, next_id),
                            );
                            deleted.clear();
                            moved.clear();
                            inside = false;
                            current += 1;
                        }
                    } else if span.start < piece.len() {
                        if span.start > at {
                            plain.push_str(&text_element(
                                parts.prefix,
                                piece.get(at..span.start).ok_or(Refusal::Outside)?,
                            ));
                        }
                        if !plain.is_empty() {
                            out.push_str(&run_element(&parts, &plain));
                            plain.clear();
                        }
                        at = span.start.max(at);
                        inside = true;
                        template = Some(self.run_parts(node)?);
                    } else {
                        if at == 0 {
                            plain.push_str(self.raw(child));
                        } else {
                            plain.push_str(&text_element(parts.prefix, &piece[at..]));
                        }
                        break;
                    }
                }
            }
            if !plain.is_empty() {
                out.push_str(&run_element(&parts, &plain));
            }
        }
        if inside || current != group.len() {
            return Err(Refusal::Outside);
        }
        Ok(out)
    }

    /// The deletion of `deleted` and the insertion of the change's text, in `template`'s
    /// formatting, with what sat between the old name's runs (bookmarks, proofing marks) between
    /// them.
    fn tracked(
        &self,
        template: &RunParts,
        change: &Change,
        deleted: &str,
        moved: &str,
        next_id: &mut u64,
    ) -> String {
        let p = template.prefix;
        let author = escape(&format!("mdelist {}", change.code), true);
        let mut annotation = |kind: &str, body: String| {
            let id = *next_id;
            *next_id += 1;
            format!(
                "<{p}:{kind} {p}:id=\"{id}\" {p}:author=\"{author}\" {p}:date=\"{}\">{body}</{p}:{kind}>",
                self.stamp
            )
        };
        let deletion = annotation(
            "del",
            run_element(
                template,
                &format!(
                    "<{p}:delText xml:space=\"preserve\">{}</{p}:delText>",
                    escape(deleted, false)
                ),
            ),
        );
        let insertion = annotation(
            "ins",
            run_element(template, &text_element(p, change.replacement)),
        );
        format!("{deletion}{moved}{insertion}")
    }
}

/// Where a start tag written at the beginning of `raw` ends (just past its `>`), quotes minded.
fn start_tag_end(raw: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in raw.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            (None, '>') => return Some(at + 1),
            _ => {}
        }
    }
    None
}

fn run_element(parts: &RunParts, content: &str) -> String {
    let start_tag = parts.start_tag;
    // A run written empty (`<w:r/>`) holds no text, so it is never a template.
    format!("{start_tag}{}{content}</{}>", parts.properties, parts.name)
}

fn text_element(prefix: &str, text: &str) -> String {
    format!(
        "<{prefix}:t xml:space=\"preserve\">{}</{prefix}:t>",
        escape(text, false)
    )
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The archive again with `document_xml` in place of `word/document.xml`: every other entry
/// copied as stored (same order, same compressed bytes), the document with its own options.
fn rezip(bytes: &[u8], document_xml: &[u8]) -> Result<Vec<u8>, String> {
    let describe = |error: zip::result::ZipError| error.to_string();
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(describe)?;
    if archive.len() > reader::MAX_ENTRIES {
        return Err(format!(
            "its archive has more than {} entries",
            reader::MAX_ENTRIES
        ));
    }
    // The entry the reader reads, should the name be there twice.
    let document = archive
        .index_for_name(DOCUMENT)
        .ok_or_else(|| format!("the archive has no {DOCUMENT}"))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 4096)));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(describe)?;
        if index == document {
            let options = entry.options();
            drop(entry);
            writer.start_file(DOCUMENT, options).map_err(describe)?;
            writer
                .write_all(document_xml)
                .map_err(|error| error.to_string())?;
        } else {
            writer.raw_copy_file(entry).map_err(describe)?;
        }
    }
    writer
        .set_raw_comment(archive.comment().into())
        .map_err(describe)?;
    let out = writer.finish().map_err(describe)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::press::docx::tests::{body, docx};

    const DATE: jiff::civil::DateTime = jiff::civil::datetime(2026, 11, 22, 0, 0, 0, 0);

    fn change<'a>(text: &str, old: &str, new: &'a str, code: &'a str) -> Change<'a> {
        let start = text.find(old).unwrap();
        Change {
            span: start..start + old.len(),
            replacement: new,
            code,
        }
    }

    fn document(bytes: &[u8]) -> String {
        String::from_utf8(reader::document_xml(bytes).unwrap()).unwrap()
    }

    fn inner(xml: &str) -> &str {
        let start = xml.find("<w:body>").unwrap() + "<w:body>".len();
        let end = xml.find("</w:body>").unwrap();
        &xml[start..end]
    }

    #[test]
    fn a_name_in_one_run_becomes_a_deletion_and_an_insertion() {
        let xml = body(
            "<w:p><w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:t>Contoso joins MDE &amp; more</w:t></w:r></w:p>",
        );
        let bytes = docx(&xml);
        let text = reader::paragraphs(&bytes).unwrap().join("\n");
        let changes = [change(
            &text,
            "MDE",
            "Microsoft Defender for Endpoint",
            "DESC006",
        )];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(tracked.outcomes, [Outcome::Made]);
        assert_eq!(
            tracked.after,
            "Contoso joins Microsoft Defender for Endpoint & more"
        );
        assert_eq!(
            inner(&document(&tracked.bytes)),
            "<w:p><w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Contoso joins </w:t></w:r>\
             <w:del w:id=\"1\" w:author=\"mdelist DESC006\" w:date=\"2026-11-22T00:00:00Z\"><w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:delText xml:space=\"preserve\">MDE</w:delText></w:r></w:del>\
             <w:ins w:id=\"2\" w:author=\"mdelist DESC006\" w:date=\"2026-11-22T00:00:00Z\"><w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Microsoft Defender for Endpoint</w:t></w:r></w:ins>\
             <w:r w:rsidR=\"00A1\"><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> &amp; more</w:t></w:r></w:p>"
        );
    }

    #[test]
    fn a_name_split_across_runs_of_one_formatting_is_joined() {
        let xml = body(
            "<w:p><w:r><w:t xml:space=\"preserve\">Use Windows </w:t></w:r><w:proofErr w:type=\"spellStart\"/>\
             <w:r w:rsidR=\"1\"><w:t>Defender</w:t></w:r><w:bookmarkStart w:id=\"7\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"7\"/>\
             <w:r w:rsidR=\"2\"><w:t xml:space=\"preserve\"> ATP today</w:t></w:r><w:proofErr w:type=\"spellEnd\"/></w:p>",
        );
        let bytes = docx(&xml);
        let text = reader::paragraphs(&bytes).unwrap().join("\n");
        let changes = [change(
            &text,
            "Windows Defender ATP",
            "Microsoft Defender for Endpoint",
            "DESC005",
        )];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(tracked.outcomes, [Outcome::Made]);
        assert_eq!(tracked.after, "Use Microsoft Defender for Endpoint today");
        assert_eq!(
            inner(&document(&tracked.bytes)),
            "<w:p><w:r><w:t xml:space=\"preserve\">Use </w:t></w:r>\
             <w:del w:id=\"8\" w:author=\"mdelist DESC005\" w:date=\"2026-11-22T00:00:00Z\"><w:r><w:delText xml:space=\"preserve\">Windows Defender ATP</w:delText></w:r></w:del>\
             <w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"7\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"7\"/>\
             <w:ins w:id=\"9\" w:author=\"mdelist DESC005\" w:date=\"2026-11-22T00:00:00Z\"><w:r><w:t xml:space=\"preserve\">Microsoft Defender for Endpoint</w:t></w:r></w:ins>\
             <w:r w:rsidR=\"2\"><w:t xml:space=\"preserve\"> today</w:t></w:r><w:proofErr w:type=\"spellEnd\"/></w:p>"
        );
    }

    #[test]
    fn two_names_in_one_run_and_ids_stay_unique() {
        let xml = body(
            "<w:p><w:r><w:t xml:space=\"preserve\">MDE and MDE.</w:t></w:r></w:p>\
             <w:p><w:r><w:t>Also MDE</w:t></w:r></w:p>",
        );
        let bytes = docx(&xml);
        let text = reader::paragraphs(&bytes).unwrap().join("\n");
        let second = text[1..].find("MDE").unwrap() + 1;
        let third = text.rfind("MDE").unwrap();
        let name = "Microsoft Defender for Endpoint";
        let changes = [
            Change {
                span: third..third + 3,
                replacement: name,
                code: "DESC006",
            },
            Change {
                span: 0..3,
                replacement: name,
                code: "DESC006",
            },
            Change {
                span: second..second + 3,
                replacement: name,
                code: "DESC006",
            },
        ];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(tracked.made(), 3);
        assert_eq!(tracked.after, format!("{name} and {name}.\nAlso {name}"));
        let xml = document(&tracked.bytes);
        let ids: Vec<&str> = xml
            .match_indices("w:id=\"")
            .map(|(at, _)| &xml[at + 6..at + 7])
            .collect();
        assert_eq!(ids, ["1", "2", "3", "4", "5", "6"]);
    }

    fn refusal(paragraph: &str, old: &str) -> Outcome {
        let bytes = docx(&body(paragraph));
        let text = reader::paragraphs(&bytes).unwrap().join("\n");
        let changes = [change(
            &text,
            old,
            "Microsoft Defender for Endpoint",
            "DESC005",
        )];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(tracked.bytes, bytes, "a refused change wrote");
        tracked.outcomes[0].clone()
    }

    #[test]
    fn names_across_formatting_fields_links_comments_and_changes_are_refused() {
        assert_eq!(
            refusal(
                "<w:p><w:r><w:t xml:space=\"preserve\">Windows </w:t></w:r>\
                 <w:r><w:rPr><w:b/><w:color w:val=\"FF0000\"/></w:rPr><w:t>Defender ATP</w:t></w:r></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::Formatting(vec!["bold".into(), "colour".into()]))
        );
        assert_eq!(
            refusal(
                "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DOCPROPERTY x</w:instrText></w:r>\
                 <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>Windows Defender ATP</w:t></w:r>\
                 <w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::Field)
        );
        assert_eq!(
            refusal(
                "<w:p><w:fldSimple w:instr=\"TITLE\"><w:r><w:t>Windows Defender ATP</w:t></w:r></w:fldSimple></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::Field)
        );
        assert_eq!(
            refusal(
                "<w:p><w:r><w:t xml:space=\"preserve\">Windows </w:t></w:r>\
                 <w:hyperlink w:anchor=\"x\"><w:r><w:t>Defender ATP</w:t></w:r></w:hyperlink></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::Hyperlink)
        );
        assert_eq!(
            refusal(
                "<w:p><w:r><w:t xml:space=\"preserve\">Windows </w:t></w:r><w:commentRangeStart w:id=\"0\"/>\
                 <w:r><w:t>Defender ATP</w:t></w:r><w:commentRangeEnd w:id=\"0\"/></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::Comment)
        );
        assert_eq!(
            refusal(
                "<w:p><w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>Windows Defender ATP</w:t></w:r></w:ins></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::TrackedChange)
        );
        assert_eq!(
            refusal(
                "<w:p><w:r><w:t>Windows</w:t></w:r><w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>x</w:delText></w:r></w:del>\
                 <w:r><w:t xml:space=\"preserve\"> Defender ATP</w:t></w:r></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::TrackedChange)
        );
        assert_eq!(
            refusal(
                "<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id=\"1\" w:author=\"A\"><w:rPr/></w:rPrChange></w:rPr>\
                 <w:t>Windows Defender ATP</w:t></w:r></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::TrackedChange)
        );
        assert_eq!(
            refusal(
                "<w:p><w:r><w:t>Windows</w:t><w:br/><w:t>Defender ATP</w:t></w:r></w:p>",
                "Windows Defender ATP"
            ),
            Outcome::Refused(Refusal::Break)
        );
    }

    #[test]
    fn a_name_wholly_inside_a_hyperlink_is_changed_there() {
        let bytes = docx(&body(
            "<w:p><w:hyperlink r:id=\"rId4\" xmlns:r=\"urn:r\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr>\
             <w:t>MDE</w:t></w:r></w:hyperlink></w:p>",
        ));
        let changes = [Change {
            span: 0..3,
            replacement: "Microsoft Defender for Endpoint",
            code: "DESC006",
        }];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(tracked.outcomes, [Outcome::Made]);
        let xml = document(&tracked.bytes);
        assert!(
            xml.contains("<w:hyperlink r:id=\"rId4\" xmlns:r=\"urn:r\"><w:del "),
            "{xml}"
        );
        assert!(xml.contains("</w:ins></w:hyperlink>"), "{xml}");
    }

    #[test]
    fn other_entries_are_copied_as_stored() {
        let mut bytes = Vec::new();
        {
            let mut writer = ZipWriter::new(Cursor::new(&mut bytes));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            let deflated = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            writer.start_file("[Content_Types].xml", deflated).unwrap();
            writer.write_all(&b"<Types/>".repeat(50)).unwrap();
            writer.start_file(DOCUMENT, stored).unwrap();
            writer
                .write_all(body("<w:p><w:r><w:t>MDE</w:t></w:r></w:p>").as_bytes())
                .unwrap();
            writer.start_file("word/media/image1.png", stored).unwrap();
            writer.write_all(b"\x89PNG not really").unwrap();
            writer.set_comment("kept").unwrap();
            writer.finish().unwrap();
        }
        let changes = [Change {
            span: 0..3,
            replacement: "Microsoft Defender for Endpoint",
            code: "DESC006",
        }];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        let mut before = ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut after = ZipArchive::new(Cursor::new(&tracked.bytes)).unwrap();
        assert_eq!(after.comment(), b"kept");
        let names: Vec<String> = after
            .file_names()
            .map(|name| name.unwrap().into_owned())
            .collect();
        assert_eq!(
            names,
            ["[Content_Types].xml", DOCUMENT, "word/media/image1.png"]
        );
        for name in ["[Content_Types].xml", "word/media/image1.png"] {
            let raw = |archive: &mut ZipArchive<Cursor<&Vec<u8>>>| {
                let mut entry = archive.by_name_raw(name.as_bytes()).unwrap();
                let method = entry.compression();
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
                (method, data)
            };
            assert_eq!(raw(&mut before), raw(&mut after), "{name}");
        }
        assert_eq!(
            after.by_name(DOCUMENT).unwrap().compression(),
            zip::CompressionMethod::Stored
        );
    }

    #[test]
    fn a_name_in_a_text_box_inside_a_changed_run_waits_for_the_next_pass() {
        let bytes = docx(&body(
            "<w:p><w:r><w:t xml:space=\"preserve\">MDE </w:t><w:pict><w:txbxContent>\
             <w:p><w:r><w:t>MDE inside</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>",
        ));
        let text = reader::paragraphs(&bytes).unwrap().join("\n");
        assert_eq!(text, "MDE \nMDE inside");
        let name = "Microsoft Defender for Endpoint";
        let changes = [
            Change {
                span: 0..3,
                replacement: name,
                code: "DESC006",
            },
            Change {
                span: 5..8,
                replacement: name,
                code: "DESC006",
            },
        ];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(
            tracked.outcomes,
            [Outcome::Made, Outcome::Refused(Refusal::Overlaps)]
        );
        assert_eq!(tracked.after, format!("{name} \nMDE inside"));
        // The next pass, on the new document, makes the other.
        let tracked = track(
            &tracked.bytes,
            &[Change {
                span: name.len() + 2..name.len() + 5,
                replacement: name,
                code: "DESC006",
            }],
            DATE,
        )
        .unwrap();
        assert_eq!(tracked.after, format!("{name} \n{name} inside"));
    }

    #[test]
    fn a_document_without_the_w_prefix_is_left_alone() {
        let xml = format!(
            "<document xmlns=\"{}\"><body><p><r><t>MDE</t></r></p></body></document>",
            reader::WORDML[0]
        );
        let bytes = docx(&xml);
        let changes = [Change {
            span: 0..3,
            replacement: "Microsoft Defender for Endpoint",
            code: "DESC006",
        }];
        let tracked = track(&bytes, &changes, DATE).unwrap();
        assert_eq!(tracked.outcomes, [Outcome::Refused(Refusal::Unprefixed)]);
        assert_eq!(tracked.bytes, bytes);
    }

    #[test]
    fn thousands_of_names_are_changed_in_one_pass() {
        let count = 5_000;
        let one_run = format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            "MDE, ".repeat(count)
        );
        let many_runs = format!(
            "<w:p>{}</w:p>",
            "<w:r><w:t>M</w:t></w:r><w:r><w:t xml:space=\"preserve\">DE </w:t></w:r>".repeat(count)
        );
        for (paragraph, step) in [(one_run, 5), (many_runs, 4)] {
            let bytes = docx(&body(&paragraph));
            let changes: Vec<Change> = (0..count)
                .map(|index| Change {
                    span: index * step..index * step + 3,
                    replacement: "Microsoft Defender for Endpoint",
                    code: "DESC006",
                })
                .collect();
            let tracked = track(&bytes, &changes, DATE).unwrap();
            assert_eq!(tracked.made(), count);
            assert_eq!(
                tracked
                    .after
                    .matches("Microsoft Defender for Endpoint")
                    .count(),
                count
            );
        }
    }

    #[test]
    fn a_damaged_document_is_an_error() {
        let changes = [Change {
            span: 0..3,
            replacement: "x",
            code: "DESC006",
        }];
        assert!(matches!(
            track(b"PK\x03\x04 not a zip", &changes, DATE),
            Err(TrackError::Unreadable(_))
        ));
    }
}
