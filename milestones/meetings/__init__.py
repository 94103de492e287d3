"""A body's meetings as the secretary runs them: the series page, agendas drafted from the
plan, decisions lists, and their Word documents."""
