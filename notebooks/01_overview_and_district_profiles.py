# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1 · Overview and district profiles
#
# What the shipped notice **渝经信园区〔2022〕26号** says, as a graph: which districts (区县, including
# development zones) are creation sites, their host parks (承载园区), type (综合型/专业型) and creation
# directions (创建方向) — and, through the chain taxonomy, which chain categories each district covers.
#
# Every cell calls chainkg's public functions; the CLI (`chainkg data …`, `chainkg viz`) calls the same ones.
# Open this file in Jupyter with jupytext (`jupyter lab`, then *Open With → Notebook*), or run it as a script.
# To use your own sources, put their paths in `SOURCES` (notice `.txt`, or `.csv`/`.xlsx` tables).

# %%
from collections import Counter

import pandas as pd
from IPython.display import HTML, display

from chainkg.graph.build import build_graph
from chainkg.graph.viz import to_iframe_html, to_pyvis_html
from chainkg.loaders import load_sources
from chainkg.queries.profiles import district_profile, directions_table, districts_table

SOURCES = None  # None = the shipped notice; or e.g. ["data/notices/cq-icv-parks-2022-26.txt", "my-table.csv"]
pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## Load and check
# The loader reports every decision it made (canonical district names, direction aliases, expanded park
# lists), each with the source file and line, so nothing is merged silently.

# %%
dataset = load_sources(SOURCES)
for doc in dataset.documents:
    print(doc.id, "·", doc.title, "·", doc.issuer, "·", doc.date)
print(len(dataset.rows), "district rows")
pd.DataFrame(
    [{"source": e.source, "line": e.line, "kind": e.kind, "message": e.message} for e in dataset.events]
)

# %% [markdown]
# ## The graph at a glance

# %%
G = build_graph(dataset)
counts = Counter(attrs["label"] for _, attrs in G.nodes(data=True))
edge_counts = Counter(key for _, _, key in G.edges(keys=True))
display(pd.Series(counts, name="nodes").sort_index().to_frame())
pd.Series(edge_counts, name="edges").sort_index().to_frame()

# %%
# The notice's figures: 13 districts, 18 host parks, 19 canonical directions, 43 district→direction links.
assert counts["District"] == 13 and counts["Park"] == 18 and counts["Direction"] == 19
assert edge_counts["TARGETS"] == 43

# %% [markdown]
# ## Districts
# One row per district: type, host parks and creation directions, in the notice's order.

# %%
districts = districts_table(G)
districts[["district", "district_en", "type", "parks", "directions"]]

# %%
# 综合型 vs 专业型, and how many directions each district lists.
summary = districts.assign(n_parks=districts.parks.map(len), n_directions=districts.directions.map(len))
summary.groupby("type")[["n_parks", "n_directions"]].agg(["count", "mean", "max"])

# %% [markdown]
# ## Directions
# Which creation directions are most crowded, and who targets them.

# %%
directions = directions_table(G)
directions[["direction", "direction_en", "count", "districts", "umbrella"]]

# %% [markdown]
# ## One district in depth
# `district_profile` is forgiving about names: 璧山, 璧山区 and 璧山區 all find 璧山区.

# %%
profile = district_profile(G, "璧山")
print(profile.name, profile.name_en, "·", profile.type, profile.type_en)
display(pd.DataFrame(profile.parks))
display(pd.DataFrame(profile.directions))
pd.DataFrame(profile.categories, columns=["id", "name", "name_en", "via"])

# %%
# Every district's profile in one table: how many chain categories its directions reach.
rows = []
for name in districts.district:
    p = district_profile(G, name)
    rows.append({"district": p.name, "type": p.type, "parks": len(p.parks), "directions": len(p.directions),
                 "categories": len(p.categories), "sources": ", ".join(s["id"] for s in p.sources)})
pd.DataFrame(rows).sort_values("categories", ascending=False, ignore_index=True)

# %% [markdown]
# ## Look at it
# The same interactive page as `chainkg viz --focus 璧山`: hover a node for its facts and source document,
# type a name in the find box, save a PNG for slides. Districts sit at their map coordinates.

# %%
display(HTML(to_iframe_html(to_pyvis_html(G, focus="璧山", depth=1), height=560)))
