"""Stage 5, render: plans → DOT text → SVG (and PNG/PDF for export) through Graphviz."""
