"""Why conflicts are missed: for each dev item with other_sources, compare the gold lead record
(gold source line holding the answer's value) with the other-source records."""
import json, sys, re
from config import load_config
from answer.service import open_service
from answer.question import analyse
from answer.lookup import _same_place, _comparable_stage, _jaccard
from eval.dataset import load_items
s = open_service(load_config())
cat = s.retriever.catalogue; recs = cat.records
lk = s.figures
split = sys.argv[1] if len(sys.argv) > 1 else 'dev'
summ = json.load(open(f"eval/runs/latest/{split}/summary.json"))
items = {i.id: i for i in load_items(f"eval/qa_{split}.jsonl")}
for it in summ["items"]:
    if it.get("conflict_ok") is None: continue
    g = items[it["id"]]
    leads = [i for i, r in enumerate(recs) if any(r.file == x.file and r.line == x.line for x in g.sources)
             and r.value_key and r.value in g.answer]
    others = [i for i, r in enumerate(recs) if any(r.file == x.file and r.line == x.line for x in g.other_sources)]
    print(f"{g.id} conf={it['conflict_ok']} ok={it['combined_ok']} | {g.question[:70]}")
    for li in leads[:2]:
        L = recs[li]
        print(f"   LEAD {L.file[:3]}:{L.line} [{L.indicator[:40]}] {L.value} {L.span.label} {L.stage} {L.locality} grp={L.group[:40]}")
        for oi in others[:6]:
            O = recs[oi]
            j = _jaccard(cat.label_terms[li], cat.label_terms[oi])
            print(f"      OTH {O.file[:3]}:{O.line} [{O.indicator[:40]}] {O.value} {O.span.label} {O.stage} {O.locality} "
                  f"grp={'=' if O.group == L.group else O.group[:30]} jac={j:.2f} place={_same_place(O, L)} "
                  f"period={lk._same_period(O, L) if lk else '?'} stage={_comparable_stage(O.stage, L.stage)}")
