#!/usr/bin/env node
// segmenter-reference.mjs: reference word lists taken from the browser's word segmenter.
//
// Usage:
//   node tools/segmenter-reference.mjs FILE.json...           rewrite the "words" of each FILE
//   node tools/segmenter-reference.mjs --check FILE.json...   exit 1 if a stored list is stale
//
// Each FILE holds {"lang": "ja", "sentences": [{"text": "..."}, ...]}. The script adds, for every
// sentence, "words": [{"text", "start", "end"}, ...], where start and end are offsets in Unicode
// code points (not UTF-16 units) into the sentence, end exclusive, plus a "generator" record naming
// the Node and ICU versions that produced them. tests/segmentation_agreement.rs reads the result.
//
// Why not just keep what Intl.Segmenter says: words.md counts a space-separated piece of Latin
// (or any other spaced script) as one word whatever punctuation joins it, and the browser does
// not, so a raw Intl list would differ from ours on rules that have nothing to do with
// dictionaries. This script therefore applies words.md's rules itself, and asks Intl.Segmenter
// only for the part the rules delegate to a dictionary segmenter. Exactly, per sentence:
//
//   1. The text must already be NFC; the script refuses other text, so that code-point offsets
//      mean the same thing here and in Rust (which normalizes).
//   2. Split on White_Space. A piece with no letter (\p{L}) and no number (\p{N}) gives nothing.
//   3. A piece with no character of a no-space script gives one word: the whole piece.
//   4. Otherwise the piece is cut into runs by character class:
//        "cj"    Script Han, Hiragana or Katakana, plus U+30FC U+FF70 U+FF9E U+FF9F (the set
//                ICU's CJK dictionary engine handles);
//        "sea"   Script Thai, Lao, Khmer or Myanmar;
//        "other" everything else.
//      A combining mark (\p{M}), a Grapheme_Extend character or U+200D ZWJ takes the class of
//      the character before it (the first character of a piece has nothing to join: "other").
//      - An "other" run that holds a letter or number is one word (words.md rule 3 for Latin runs
//        inside a no-space piece), trimmed at both ends of: punctuation (\p{P}) except \p{Pc} and
//        # % & * @ / \ ; other symbols (\p{So}, e.g. emoji, ™); control, format, private-use and
//        unassigned characters. So 「Defender」 gives Defender, C++ stays C++.
//      - A "cj" or "sea" run gives each segment of
//        new Intl.Segmenter(lang, {granularity: "word"}).segment(sentence) that is isWordLike,
//        cut to the run's extent, when the part left holds a letter or number. The segmenter runs
//        over the whole sentence, as a browser would.
//
// src/text/words.rs follows the same steps with its own segmenter, so only the segmentation of
// cj/sea runs can differ between the two; that is what the agreement test measures.

import { readFileSync, writeFileSync } from "node:fs";

const CJ = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\uFF70\uFF9E\uFF9F]/u;
const SEA = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const ATTACH = /[\p{M}\p{Grapheme_Extend}\u200D]/u;
const ALNUM = /[\p{L}\p{N}]/u;
const SPACE = /\p{White_Space}/u;
const TRIMMABLE = /[\p{P}\p{So}\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u;
const KEPT_AT_EDGE = /[\p{Pc}#%&*@/\\]/u;

const isTrimmable = (ch) => TRIMMABLE.test(ch) && !KEPT_AT_EDGE.test(ch);

function classify(ch, previous) {
  if (ATTACH.test(ch)) return previous ?? "other";
  if (CJ.test(ch)) return "cj";
  if (SEA.test(ch)) return "sea";
  return "other";
}

// Word-like Intl segments of the whole sentence as [start, end) code-point spans.
function intlWordSpans(text, lang) {
  const cpIndexOfUnit = new Array(text.length + 1);
  let cp = 0;
  for (let unit = 0; unit < text.length; ) {
    cpIndexOfUnit[unit] = cp;
    const width = text.codePointAt(unit) > 0xffff ? 2 : 1;
    if (width === 2) cpIndexOfUnit[unit + 1] = cp;
    unit += width;
    cp += 1;
  }
  cpIndexOfUnit[text.length] = cp;
  const segmenter = new Intl.Segmenter(lang, { granularity: "word" });
  const spans = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike) {
      spans.push([cpIndexOfUnit[s.index], cpIndexOfUnit[s.index + s.segment.length]]);
    }
  }
  return spans;
}

function referenceWords(text, lang) {
  if (text.normalize("NFC") !== text) {
    throw new Error(`sentence is not NFC: ${JSON.stringify(text)}`);
  }
  const chars = Array.from(text);
  const intlSpans = intlWordSpans(text, lang);
  const words = [];
  const push = (start, end) => words.push({ text: chars.slice(start, end).join(""), start, end });
  const hasAlnum = (start, end) => chars.slice(start, end).some((c) => ALNUM.test(c));

  let i = 0;
  while (i < chars.length) {
    if (SPACE.test(chars[i])) {
      i += 1;
      continue;
    }
    const pieceStart = i;
    while (i < chars.length && !SPACE.test(chars[i])) i += 1;
    const pieceEnd = i;
    if (!hasAlnum(pieceStart, pieceEnd)) continue;

    const classes = [];
    for (let k = pieceStart; k < pieceEnd; k += 1) {
      classes.push(classify(chars[k], k === pieceStart ? undefined : classes[classes.length - 1]));
    }
    if (classes.every((c) => c === "other")) {
      push(pieceStart, pieceEnd);
      continue;
    }
    let runStart = pieceStart;
    while (runStart < pieceEnd) {
      const cls = classes[runStart - pieceStart];
      let runEnd = runStart + 1;
      while (runEnd < pieceEnd && classes[runEnd - pieceStart] === cls) runEnd += 1;
      if (cls === "other") {
        let a = runStart;
        let b = runEnd;
        while (a < b && isTrimmable(chars[a])) a += 1;
        while (b > a && isTrimmable(chars[b - 1])) b -= 1;
        if (hasAlnum(a, b)) push(a, b);
      } else {
        for (const [s, e] of intlSpans) {
          const a = Math.max(s, runStart);
          const b = Math.min(e, runEnd);
          if (a < b && hasAlnum(a, b)) push(a, b);
        }
      }
      runStart = runEnd;
    }
  }
  return words;
}

// One sentence per block and one word per line keeps the data files readable and their diffs small.
function render(doc) {
  const lines = ["{"];
  lines.push(`  "lang": ${JSON.stringify(doc.lang)},`);
  lines.push(`  "generator": ${JSON.stringify(doc.generator)},`);
  lines.push(`  "sentences": [`);
  doc.sentences.forEach((s, n) => {
    lines.push("    {");
    lines.push(`      "text": ${JSON.stringify(s.text)},`);
    lines.push(`      "words": [`);
    s.words.forEach((w, k) => {
      const comma = k + 1 < s.words.length ? "," : "";
      lines.push(`        ${JSON.stringify(w)}${comma}`);
    });
    lines.push("      ]");
    lines.push(`    }${n + 1 < doc.sentences.length ? "," : ""}`);
  });
  lines.push("  ]");
  lines.push("}");
  return lines.join("\n") + "\n";
}

function main(args) {
  const check = args[0] === "--check";
  const files = check ? args.slice(1) : args;
  if (files.length === 0) {
    console.error("usage: node tools/segmenter-reference.mjs [--check] FILE.json...");
    return 2;
  }
  let stale = 0;
  for (const file of files) {
    const doc = JSON.parse(readFileSync(file, "utf8"));
    if (typeof doc.lang !== "string" || !Array.isArray(doc.sentences)) {
      throw new Error(`${file}: expected {"lang": "...", "sentences": [...]}`);
    }
    const updated = {
      lang: doc.lang,
      generator: {
        tool: "tools/segmenter-reference.mjs",
        node: process.versions.node,
        icu: process.versions.icu,
        unicode: process.versions.unicode,
      },
      sentences: doc.sentences.map((s) => ({ text: s.text, words: referenceWords(s.text, doc.lang) })),
    };
    if (check) {
      const same = JSON.stringify(updated.sentences) === JSON.stringify(doc.sentences);
      if (!same) {
        console.error(`${file}: reference words are stale; rerun without --check`);
        stale += 1;
      }
    } else {
      writeFileSync(file, render(updated));
      const total = updated.sentences.reduce((n, s) => n + s.words.length, 0);
      console.log(`${file}: ${updated.sentences.length} sentences, ${total} reference words`);
    }
  }
  return stale === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
