"""``{% keep %}…{% endkeep %}``: the part of a page kept under its programme's version.

The view puts ``kept_key`` (`milestones.fragments.page_key`) and ``kept_html`` (what is kept
under it, or None) in the context. With ``kept_html`` the tag writes it and renders nothing
inside; without, it renders the part and keeps it under ``kept_key``. ``{% hole name %}``
inside marks what is rendered for every request all the same (the context variable
``name``: a string, or a list of strings): the kept part holds a marker there, filled in
when the page is served. Escaped text cannot contain the marker (``<`` is escaped).
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from milestones.fragments import keep

register = template.Library()


class HoleNode(template.Node):
    def __init__(self, name: str) -> None:
        self.name = name
        self.marker = f"<!--regie:hole:{name}-->"
        self.inside_keep = False

    def fill(self, context) -> SafeString:
        value = context.get(self.name) or ""
        parts = [value] if isinstance(value, str) else list(value)
        return mark_safe("".join(conditional_escape(part) for part in parts))  # noqa: S308

    def render(self, context) -> str:
        return self.marker if self.inside_keep else self.fill(context)


class KeepNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.holes = nodelist.get_nodes_by_type(HoleNode)
        for hole in self.holes:
            hole.inside_keep = True

    def render(self, context) -> SafeString:
        html = context.get("kept_html")
        if html is None:
            html = str(self.nodelist.render(context))
            key = context.get("kept_key")
            if key:
                keep(key, html)
        for hole in self.holes:
            html = html.replace(hole.marker, hole.fill(context))
        return mark_safe(html)  # noqa: S308  (rendered by this template, escaped there)


@register.tag("keep")
def do_keep(parser, token) -> KeepNode:
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist)


@register.tag("hole")
def do_hole(parser, token) -> HoleNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% hole name %} takes one context variable name.")
    return HoleNode(bits[1])
