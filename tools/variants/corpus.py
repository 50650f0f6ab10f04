"""The corpus of one seed: the Sở, province, period and units drawn, the base documents with
their axes and planted defects (the aggregate of Văn phòng Sở last, as it sums the units' first
reports), and the inspection plan they answer (schemas/plan.schema.json)."""

import random
from datetime import date, timedelta

from .axes import CRITERIA, DEFECTS, SUBSETS, design
from .report import Doc, build
from .wording import PROVINCES, SO, person, upper


def make_corpus(args):
    rng = random.Random(args.seed)
    sub = SUBSETS[args.subset]
    n = sub["bases"]
    so_name, so_abbr, so_units, fields = SO[rng.randrange(len(SO))]
    province = rng.choice(PROVINCES)
    year = rng.choice([2020, 2021, 2022, 2023, 2024])
    end_month = rng.choice([6, 8, 9])
    p0 = date(year, 1, 1)
    p1 = date(year, end_month, 30 if end_month in (6, 9) else 31)
    grace = 30
    req_date = p1 - timedelta(days=rng.randint(3, 12))
    request = dict(number_symbol=f"{rng.randint(300, 2900)}/{so_abbr}-VP", date=req_date)
    units = [dict(id="vp", name="Văn phòng Sở", letterhead="Văn phòng", short="VP",
                  kind="vanphong", aliases=["Văn phòng"])]
    for j, (uname, short, kind) in enumerate(so_units):
        units.append(dict(id=f"u{j + 1}", name=uname, letterhead=uname, short=short, kind=kind,
                          aliases=[]))
    rows = design(n, rng)
    # base 0 is the aggregate (Văn phòng Sở); the others cycle over the units
    ordinary = units[1:]
    plan_bases = []
    for i in range(n):
        unit = units[0] if i == 0 else ordinary[(i - 1) % len(ordinary)]
        first_of_unit = i == 0 or (i - 1) < len(ordinary)
        plan_bases.append(dict(i=i, unit=unit, first=first_of_unit))
    # planted defects on non-first reports, each code in turn
    candidates = [b["i"] for b in plan_bases if not b["first"]]
    rng.shuffle(candidates)
    defects = {}
    for k, i in enumerate(sorted(candidates[:sub["defects"]])):
        defects[i] = DEFECTS[k % len(DEFECTS)]
    docs = []
    first_figures = {}
    for b in plan_bases[1:] + plan_bases[:1]:  # the aggregate last: it sums the first reports
        i = b["i"]
        drng = random.Random(f"{args.seed}/{i}")
        ax = rows[i]
        defect = defects.get(i)
        if i == 0:
            ax = dict(ax)
        d = max(p1, req_date) + timedelta(days=drng.randint(2, grace - 6))
        if defect == "date_out_of_period":
            d = p1 + timedelta(days=grace + drng.randint(25, 70))
        head = drng.choice([person(drng)])
        ctx = dict(so=so_name, so_abbr=so_abbr, province=province, period=(p0, p1), date=d,
                   request=request, unit=b["unit"], fields=fields, signer_name=head,
                   sans_pick=i % 2)
        if i == 0:
            agg = dict(R=0, L=0, T=0, O=0, P=0, S=0, K=0, N=0, C=0)
            for f in first_figures.values():
                for k2 in agg:
                    agg[k2] += f[k2]
            agg["split"] = (max(1, agg["N"] // 2), agg["N"] - max(1, agg["N"] // 2))
            agg["fields"] = drng.sample(fields, 3)
            ctx["aggregate_figures"] = agg
        name = f"v{i:03d}-{b['unit']['short'].lower()}"
        name = name.replace("đ", "d")
        doc = Doc(name, ax, ctx, drng, defect, i == 0)
        doc.number = drng.randint(2, 98)
        doc.extra_styles, doc.tcount = [], 0
        truth = build(doc)
        if b["first"] and i != 0:
            f = doc.metrics
            first_figures[b["unit"]["id"]] = dict(
                R=f["records_received"], L=f["records_late"], T=f["records_on_time"],
                O=f["records_online"], P=f["procedures_reviewed"], S=f["procedures_simplified"],
                K=f["procedures_kept"], N=f["publications"], C=f["complaints_received"])
        docs.append((i, doc, truth))
    docs.sort(key=lambda t: t[0])
    plan = make_plan(so_name, so_abbr, province, units, (p0, p1), grace, request, rng)
    return docs, plan


def make_plan(so_name, so_abbr, province, units, period, grace, request, rng):
    def crit(items):
        out = []
        for label, title, children in items:
            c = dict(label=label, title=title, required=True)
            if children and isinstance(children[0], str):
                c["metrics"] = list(children)
            elif children:
                c["children"] = crit(children)
            out.append(c)
        return out
    year = period[1].year
    return {
        "schema_version": 1,
        "number_symbol": f"{rng.randint(100, 2999)}/KH-{so_abbr}",
        "date": date(year - 1, 12, rng.randint(10, 30)).isoformat(),
        "issuer": {"parent_issuer": f"UBND TỈNH {upper(province)}", "issuer": upper(so_name),
                   "issuer_name": so_name},
        "subject": f"Kiểm tra công tác cải cách hành chính năm {year}",
        "period": {"from": period[0].isoformat(), "to": period[1].isoformat(),
                   "grace_days": grace},
        "request": {"number_symbol": request["number_symbol"], "date": request["date"].isoformat()},
        "units": [dict(id=u["id"], name=u["name"], short_names=[u["short"]], aliases=u["aliases"])
                  for u in units],
        "criteria": crit(CRITERIA),
        "tolerances": {"percent_points": 1.0, "min_confidence": 0.6},
        "notice": {"symbol": f"TB-{so_abbr}", "place": province,
                   "subject": f"Kết quả kiểm tra cải cách hành chính năm {year}",
                   "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC",
                              "name": "Trần Minh Khoa"},
                   "recipients": ["Lãnh đạo Sở", "Các Phòng, đơn vị thuộc Sở", "Lưu: VT, VP"]},
    }
