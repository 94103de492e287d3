"""The timeline's repeated markup, written by `milestones.timeline.markup` instead of one
template node per attribute: `{% timeline_background timeline %}`, `{% lane_marks lane %}`,
`{% timeline_table_rows timeline compared_with %}`, `{% timeline_numbered_items timeline %}`."""

from django import template

from milestones.timeline import markup

register = template.Library()

register.simple_tag(markup.background, name="timeline_background")
register.simple_tag(markup.lane_marks, name="lane_marks")
register.simple_tag(markup.table_rows, name="timeline_table_rows")
register.simple_tag(markup.numbered_items, name="timeline_numbered_items")
