import os, sys, logging
logging.disable(logging.INFO)
from config import load_config
from answer.service import open_service
import answer.lookup as L
from answer.rank import coverage
from eval.dataset import load_items
from eval.metrics import score_item
from eval.runner import answer_items
s = open_service(load_config())
V = os.environ.get("V", "base")
L.RIVAL_MARGIN = float(os.environ.get("RM", L.RIVAL_MARGIN))
SS = float(os.environ.get("SS", 0.75))
orig = L.FigureLookup._same_indicator
def same(self, a, b, subject):
    if orig(self, a, b, subject): return True
    cat = self.catalogue
    if V == "near":
        na, nb = cat.label_terms[a] | cat.near_terms[a], cat.label_terms[b] | cat.near_terms[b]
        return len(subject) > 1 and min(coverage(subject, na), coverage(subject, nb)) >= SS
    if V == "contain":
        la, lb = cat.label_terms[a], cat.label_terms[b]
        small, big = (la, lb) if len(la) <= len(lb) else (lb, la)
        return len(small) >= 2 and len(small & big) / len(small) >= SS
    if V == "leadin":
        la = cat.label_terms[a]; nb = cat.label_terms[b] | cat.near_terms[b]
        lb = cat.label_terms[b]; na = cat.label_terms[a] | cat.near_terms[a]
        ok = lambda x, y: len(x) >= 2 and len(x & y) / len(x) >= SS
        ra, rb = cat.records[a], cat.records[b]
        same_unit = (("%" in ra.unit) == ("%" in rb.unit))
        return same_unit and (ok(la, nb) or ok(lb, na))
    return False
L.FigureLookup._same_indicator = same
for split in sys.argv[1:] or ["dev"]:
    items = load_items(f"eval/qa_{split}.jsonl")
    res = answer_items(items, s)
    sc = [score_item(i, r) for i, r in zip(items, res)]
    conf = [x.conflict_ok for x in sc if x.conflict_ok is not None]
    wrong_conf = sum(1 for r in res for c in r.conflicts)  # count conflicts shown
    print(f"{split} V={V} RM={L.RIVAL_MARGIN} SS={SS}: combined {sum(x.combined_ok for x in sc)/len(sc):.1%} conflict {sum(conf)/len(conf):.1%} shown={wrong_conf}")
if os.environ.get("DUMP"):
    import json
    json.dump({r.id: [r.answer[:80]] + [(c.file[:3], c.line_start) for c in r.conflicts] for r in res}, open(os.environ["DUMP"], "w"))
