"""Stage 6, pages: the model and rendered diagrams → Markdown pages (Jinja2 templates)."""
