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
# # 3 · Planning: overlaps, gaps, collaboration
#
# For planners steering the parks: **where districts compete** (the same creation directions listed by
# several districts), **what nobody builds** (chain categories no district targets, ranked by how much of
# the targeted chain needs them — 补链), and **who could supply whom** (协同配套), with distances between
# district seats. Each table is a public function of `queries`; `chainkg overlaps`, `chainkg gaps` and
# `chainkg collab` print the same tables.

# %%
import pandas as pd
from IPython.display import HTML, display

from chainkg.graph.build import build_graph
from chainkg.graph.schema import Label
from chainkg.graph.pictures import district_map_svg, panorama_svg
from chainkg.graph.viz import to_iframe_html, to_pyvis_html
from chainkg.loaders import load_sources
from chainkg.queries.collab import collaboration_candidates, district_distances, supply_pairs
from chainkg.queries.gaps import broken_links, single_district_categories, single_district_directions, uncovered_categories
from chainkg.graph.lookup import resolve
from chainkg.queries.findings import key_findings
from chainkg.queries.pictures import chain_panorama, district_map
from chainkg.queries.report import plan_report
from chainkg.queries.overlaps import (
    duplicated_categories,
    duplicated_directions,
    similar_pairs,
    similarity_matrix,
    unmapped_directions,
)

SOURCES = None  # None = the shipped notice; or a list of notice/table paths
LANG = "zh"  # "en" for English names
pd.set_option("display.max_colwidth", 90)
G = build_graph(load_sources(SOURCES))

# %% [markdown]
# ## 0. The pictures first (N图N清单)
# Key findings, the chain panorama (产业链全景图: upstream → midstream → downstream, one box per chain
# category, darker = more districts, hatched = nobody targets it, 补链) and the district map (a schematic
# by seat coordinates: no redistributable boundary file exists for Chongqing's districts). The same
# functions draw the report's pictures and `chainkg viz --view panorama|map`.

# %%
for finding in key_findings(plan_report(G, lang=LANG), lang=LANG):
    print("•", finding.text)

# %%
panorama = chain_panorama(G, lang=LANG)
print(len(panorama.gaps), "gaps:", ", ".join(b.name for b in panorama.gaps[:6]), "…")
display(HTML(panorama_svg(panorama, lang=LANG)))

# %%
# One district's coverage, and the inputs it needs from outside (arrows; red where nobody makes them).
display(HTML(panorama_svg(chain_panorama(G, focus=resolve(G, "璧山", Label.DISTRICT), lang=LANG), lang=LANG)))

# %%
display(HTML(district_map_svg(district_map(G, lang=LANG), lang=LANG)))

# %% [markdown]
# ## 1. Duplicated directions
# Every direction listed by two or more districts. Many districts on one direction is either a cluster to
# organise (joint platforms, shared testing) or competition for the same investors.

# %%
dup = duplicated_directions(G, lang=LANG)
dup[["direction", "count", "districts"]]

# %%
# The same at chain-category level: districts that word the same components differently still overlap.
duplicated_categories(G, lang=LANG)[["category", "count", "districts", "directions"]].head(12)

# %% [markdown]
# ### Similarity heat map
# Jaccard index of the directions two districts list (shared ÷ all of either). Darker = more alike.

# %%
sim = similarity_matrix(G, lang=LANG)


def shade(value: float) -> str:
    # A plain CSS colour scale (no matplotlib needed): transparent at 0, solid red at 1.
    return f"background-color: rgba(225, 87, 89, {value:.2f}); color: {'white' if value > 0.6 else 'black'}"


sim.style.format("{:.2f}").map(shade)

# %%
similar_pairs(G, lang=LANG, top=10)[["a", "b", "jaccard", "n_shared", "shared"]]

# %%
# Directions that count for no chain category (unknown to the taxonomy, or cross-cutting umbrellas).
unmapped_directions(G, lang=LANG)

# %% [markdown]
# ## 2. Chain gaps (补链)
# Categories no district targets, most needed first: `importance` counts the targeted categories that
# depend on it through the supply chain; `districts_served` the districts targeting those.

# %%
gaps = uncovered_categories(G, lang=LANG)
gaps[["category", "name", "position", "importance", "districts_served", "feeds"]].head(15)

# %%
# Thin spots: directions and categories carried by exactly one district (no back-up site).
display(single_district_directions(G, lang=LANG)[["direction", "district"]])
single_district_categories(G, lang=LANG)[["name", "position", "district"]].head(15)

# %%
# Broken links: a targeted category whose inputs no district targets.
broken_links(G, lang=LANG)[["name", "district", "missing_inputs", "all_missing"]].head(15)

# %% [markdown]
# ## 3. Collaboration (协同配套)
# `supply` pairs: A targets a category that is an input B needs from outside. `shared` pairs: A and B
# list the same directions. Distances are between district seats (see `data/regions/`).

# %%
collaboration_candidates(G, top=8, lang=LANG)[["kind", "a", "b", "score", "via", "distance_km"]]

# %%
# One district's suppliers and customers within 80 km.
bishan = resolve(G, "璧山", Label.DISTRICT)
supply_pairs(G, district=bishan, max_km=80, lang=LANG)[["a", "b", "score", "via", "distance_km"]]

# %%
district_distances(G, lang=LANG).round(0)

# %% [markdown]
# ## 4. Look at a gap in the graph
# The chain slice around the most needed uncovered category: the categories it supplies (and its own
# inputs), with the directions and districts targeting those — the districts that would buy from a firm
# filling the gap (`chainkg viz --category <id>` writes the same page).

# %%
top_gap = gaps.category.iloc[0] if len(gaps) else None
print("most needed gap:", top_gap, gaps.name.iloc[0] if len(gaps) else "—")
page = to_pyvis_html(G, category=top_gap, lang=LANG) if top_gap else to_pyvis_html(G, lang=LANG)
display(HTML(to_iframe_html(page, height=600)))
