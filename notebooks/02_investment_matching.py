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
# # 2 · Investment matching: which parks fit a supplier, and why?
#
# For investment-promotion staff (精准招商): paste a company profile — a name, a product line or a
# business-scope paragraph (经营范围), in simplified or traditional Chinese, full- or half-width, English or
# mixed — and get the chain categories it evidences (with the words that matched) and the parks that fit,
# ranked, each with a one-line reason. `kind` is `direct` when a district targets a direction covering the
# category, `chain-adjacent` when nobody targets it and the districts shown consume what it makes.
# `chainkg match "TEXT"` prints the same answer.

# %%
import os
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

from chainkg.graph.build import build_graph
from chainkg.graph.viz import to_iframe_html, to_pyvis_html
from chainkg.queries.match import explain_routes, match_many, match_profile

pd.set_option("display.max_colwidth", 120)
G = build_graph()  # the shipped notice plus the chain taxonomy


def show(result, lang: str = "zh") -> None:
    """Categories and ranked parks of one match, as two tables."""
    print("query:", result.query)
    if result.note:
        print("note:", result.note_en if lang == "en" else result.note)
    display(pd.DataFrame([c.as_dict() for c in result.categories], columns=["id", "name", "score", "evidence"]))
    display(pd.DataFrame([r.as_dict(lang) for r in result.results],
                         columns=["rank", "district", "park", "score", "directions", "reason", "kind"]))


# %% [markdown]
# ## One profile

# %%
battery = match_profile(G, "重庆某某新能源科技有限公司，主营磷酸铁锂电芯及电池包PACK，兼营技术咨询、货物进出口", top=5)
show(battery)

# %%
# Traditional characters and English are fine; boilerplate (技术开发、技术咨询…) counts for nothing.
show(match_profile(G, "激光雷達與毫米波雷達感知模組研發、生產", top=3))
show(match_profile(G, "Automotive-grade LiDAR and camera modules for ADAS", top=3), lang="en")

# %% [markdown]
# ## When no district targets the category, or the text is not about the chain
# A SiC power-module maker: nobody lists power semiconductors, so the parks shown are *chain-adjacent*
# (their districts make what SiC modules go into). A bakery gets no parks, and says so.

# %%
show(match_profile(G, "碳化硅SiC功率模块研发生产", top=3))
show(match_profile(G, "面包烘焙连锁店", top=3))

# %%
# How a category reaches districts: directly, or along the supply chain.
pd.DataFrame(explain_routes(G, "power_semiconductors"))

# %% [markdown]
# ## A batch of companies
# A list of prospects (in practice `pd.read_csv("companies.csv")` or `pd.read_excel(...)`; the CLI does
# `chainkg match --file companies.csv --column 经营范围 --out ranked.csv`). Every row is kept: a row that
# cannot be matched gets an empty result and the reason.

# %%
companies = pd.DataFrame(
    {
        "id": ["C001", "C002", "C003", "C004", "C005", "C006", "C007"],
        "经营范围": [
            "动力电池电芯、模组及PACK的研发与制造",
            "氢燃料电池电堆及系统集成",
            "汽车座舱域控制器、HUD抬头显示、车载音响",
            "线控制动系统（EHB）、电动助力转向EPS",
            "车规级MCU芯片设计",
            "新能源汽车充电桩运营及换电服务",
            "律师事务所，法律咨询",
        ],
    }
)
results = list(match_many(G, companies["经营范围"].tolist(), top=3))
ranked = companies.assign(
    categories=[", ".join(c.name for c in r.categories) for r in results],
    top_district=[r.results[0].district if r.results else "" for r in results],
    top_park=[r.results[0].park if r.results else "" for r in results],
    score=[r.results[0].score if r.results else None for r in results],
    kind=[r.results[0].kind if r.results else "" for r in results],
    reason=[r.results[0].reason if r.results else r.note for r in results],
)
ranked

# %%
# Batch answers are the same as one-by-one answers.
assert [r.as_dict() for r in results] == [match_profile(G, t, top=3).as_dict() for t in companies["经营范围"]]

# %%
# Save the ranked list for colleagues (UTF-8 with BOM so Excel shows the Chinese).
out_dir = Path(os.environ.get("CHAINKG_NOTEBOOK_OUT") or tempfile.mkdtemp())
ranked.to_csv(out_dir / "ranked.csv", index=False, encoding="utf-8-sig")
print("wrote", out_dir / "ranked.csv")

# %% [markdown]
# ## See where the battery maker would land
# The chain slice of its best category: the directions covering it, the districts targeting them and
# their parks, and the categories it supplies or needs.

# %%
display(HTML(to_iframe_html(to_pyvis_html(G, category=battery.categories[0].id), height=560)))
