"""Reports people look at: the city's HTML dashboard and each school's diagram."""
