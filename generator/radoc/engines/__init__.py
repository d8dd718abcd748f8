"""Site engines other than the MkDocs plugin: each turns radoc's generated pages into a site.

MkDocs runs radoc as a plugin (`radoc.plugin`); an engine that runs no MkDocs plugins gets a
folder assembled for it instead (`radoc.engines.zensical`).
"""

ENGINES = ("mkdocs", "zensical")
